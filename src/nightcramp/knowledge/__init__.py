"""The knowledge base: causes, medicines, remedies, red flags, stretches and sources.

The facts live as data in ``data/*.yaml``; `load_knowledge()` reads and validates them once.
"""

from nightcramp.knowledge.loader import Knowledge, load_knowledge, read_knowledge
from nightcramp.knowledge.schema import KnowledgeError

__all__ = ["Knowledge", "KnowledgeError", "load_knowledge", "read_knowledge"]
