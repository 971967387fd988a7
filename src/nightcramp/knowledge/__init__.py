"""The knowledge base: causes, medicines, remedies, red flags, stretches and sources."""
