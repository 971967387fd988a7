"""The ``nightcramp`` command line: thin commands over the core.

Each module registers its commands on ``base.app``; heavy libraries (Django, NumPy,
SciPy, matplotlib, WeasyPrint) are imported inside the command that needs them, so
``nightcramp --help`` starts fast.
"""
