"""Real Chromium, driven by Playwright, against the built site served on 127.0.0.1.

Chromium is found at ``$NNBOOK_CHROMIUM``, else on PATH, else as Playwright's own
browser. Where there is none the tests fail, saying how to get one; they are never
skipped. ``make test`` installs Debian's chromium first where it can.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]


def chromium_executable() -> str:
    """The Chromium to drive: $NNBOOK_CHROMIUM, else on PATH, else Playwright's own."""
    chosen = os.environ.get("NNBOOK_CHROMIUM")
    if chosen:
        if not (Path(chosen).is_file() and os.access(chosen, os.X_OK)):
            pytest.fail(f"NNBOOK_CHROMIUM={chosen} is not an executable file")
        return chosen
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        own = Path(p.chromium.executable_path)
    if own.is_file():
        return str(own)
    pytest.fail("No Chromium for the browser tests: set NNBOOK_CHROMIUM to a Chromium or Chrome "
                "executable, install Debian's chromium (make test does, as root), or run "
                "`.venv/bin/playwright install chromium` where downloads are allowed")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_executable(),
            "args": LAUNCH_ARGS, "headless": True}


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map,
                      ".ipynb": "application/x-ipynb+json", ".woff2": "font/woff2"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served(site) -> str:
    """The built site over HTTP on 127.0.0.1; its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
