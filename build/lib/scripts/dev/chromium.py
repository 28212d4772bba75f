"""The Chromium that the browser tests and the benchmark drive, and how it is started."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Headless, with nothing reaching out to the network on its own (this machine's network
#: is closed: without these, Chromium's background connections fail, many at a time).
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
MISSING = ("No Chromium for the browser tests: set NNBOOK_CHROMIUM to a Chromium or Chrome "
           "executable, install Debian's chromium (make test does, as root), or run "
           "`.venv/bin/playwright install chromium` where downloads are allowed")


def executable() -> str:
    """$NNBOOK_CHROMIUM, else chromium on PATH, else Playwright's own browser."""
    chosen = os.environ.get("NNBOOK_CHROMIUM")
    if chosen:
        if not (Path(chosen).is_file() and os.access(chosen, os.X_OK)):
            raise RuntimeError(f"NNBOOK_CHROMIUM={chosen} is not an executable file")
        return chosen
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        own = Path(p.chromium.executable_path)
    if own.is_file():
        return str(own)
    raise RuntimeError(MISSING)


def main() -> int:
    """Print the Chromium's path, installing Debian's package first where none is found
    and this runs as root with apt-get (``make test`` calls this)."""
    import subprocess
    import sys

    try:
        print(executable())
        return 0
    except RuntimeError as error:
        if os.environ.get("NNBOOK_CHROMIUM") or os.geteuid() != 0 or not shutil.which("apt-get"):
            print(f"chromium: {error}", file=sys.stderr)
            return 1
    print("chromium: installing Debian's chromium with apt-get", file=sys.stderr)
    packages = ["chromium", "fonts-liberation", "fonts-dejavu-core"]
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]):
        subprocess.run(command, stdout=sys.stderr, check=False,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    found = shutil.which("chromium")
    if found is None:
        print(f"chromium: {MISSING}", file=sys.stderr)
        return 1
    print(found)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
