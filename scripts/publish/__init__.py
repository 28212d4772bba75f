"""What is made from the site after it is built: run after a build, on the built site.

Nothing here runs inside MkDocs, so ``mkdocs serve`` and ``mkdocs build`` never pay for it.
"""
