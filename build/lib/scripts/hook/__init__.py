"""The MkDocs hook (``events.py``, listed under ``hooks:`` in mkdocs.yml) and what it
imports. All of it runs inside MkDocs' own process, which keeps these modules loaded:
after an edit here, restart ``mkdocs serve``."""
