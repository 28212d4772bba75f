"""The Chromium that the browser tests and the benchmark drive, and, for a fresh Debian machine,
what the tests run besides Python."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from scripts.publish.pdf import LAUNCH_ARGS, PrintError, chromium

__all__ = ["LAUNCH_ARGS", "executable", "main"]

#: What the PDF tests run besides Chromium: poppler's, from Debian's poppler-utils.
POPPLER = ("pdftotext", "pdftoppm")
MISSING = ("No Chromium for the browser tests: set NNBOOK_CHROMIUM to a Chromium or Chrome "
           "executable, install Debian's chromium (make test does, as root), or run "
           "`.venv/bin/playwright install chromium` where downloads are allowed")


def executable() -> str:
    """$NNBOOK_CHROMIUM, else chromium on PATH (as ``make pdf`` finds it), else Playwright's
    own browser."""
    try:
        return chromium()
    except PrintError as error:
        if os.environ.get("NNBOOK_CHROMIUM"):
            raise RuntimeError(str(error)) from None
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        own = Path(p.chromium.executable_path)
    if own.is_file():
        return str(own)
    raise RuntimeError(MISSING)


def main() -> int:
    """Print the Chromium's path. Where this runs as root with apt-get, first install Debian's
    packages for what is missing of it and of poppler's pdftotext and pdftoppm, which the PDF
    tests read and draw the PDF with (``make test`` and ``make pdf`` call this)."""
    import subprocess
    import sys

    try:
        found = executable()
    except RuntimeError as error:
        if os.environ.get("NNBOOK_CHROMIUM"):  # a wrong path is the user's to mend
            print(f"chromium: {error}", file=sys.stderr)
            return 1
        found = None
    packages = [] if found else ["chromium", "fonts-liberation", "fonts-dejavu-core"]
    if not all(shutil.which(tool) for tool in POPPLER):
        packages.append("poppler-utils")
    if packages and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"chromium: installing Debian's {' '.join(packages)} with apt-get", file=sys.stderr)
        for command in (["apt-get", "update", "-qq"],
                        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]):
            subprocess.run(command, stdout=sys.stderr, check=False,
                           env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        found = found or shutil.which("chromium")
    if not all(shutil.which(tool) for tool in POPPLER):
        print("chromium: no pdftotext or pdftoppm: the PDF tests need Debian's poppler-utils",
              file=sys.stderr)
    if found is None:
        print(f"chromium: {MISSING}", file=sys.stderr)
        return 1
    print(found)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
