"""Real Chromium, driven by Playwright, against the built site served on 127.0.0.1.

Chromium is found at ``$NNBOOK_CHROMIUM``, else on PATH, else as Playwright's own
browser. Where there is none the tests fail, saying how to get one; they are never
skipped. ``make test`` installs Debian's chromium first where it can.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from scripts.dev import chromium


def chromium_executable() -> str:
    try:
        return chromium.executable()
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_executable(),
            "args": chromium.LAUNCH_ARGS, "headless": True}


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
