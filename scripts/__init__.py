"""The site's build, and the tools around it, told apart by where they run: ``hook/`` inside
MkDocs' process (``events.py`` is the hook mkdocs.yml names; after an edit, restart ``mkdocs
serve``); ``steps/`` each in a fresh process, so it sees the nnbook on disk; ``publish/`` on
the built site (the PDF); ``dev/``, developer tools, which no build runs.
"""

import os
import subprocess


def reproducible_dates() -> None:
    """Date what is made by the last commit (``SOURCE_DATE_EPOCH``, unless it is set), so two
    builds or prints of one commit are the same bytes."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    done = subprocess.run(["git", "log", "-1", "--format=%ct"], capture_output=True,
                          text=True, check=False)
    if done.returncode == 0 and done.stdout.strip().isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = done.stdout.strip()
