"""Sites served on 127.0.0.1 for the benchmark and the tests: ``mkdocs serve`` of a project,
and a built site served by its own process as a real host serves it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from scripts.dev.projects import ENV


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    """The text at ``url``, or "" if there is none yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def until(condition: Callable[[], object], what: str, timeout: float = 60) -> None:
    """Poll ``condition`` until it holds; fail saying ``what`` did not happen."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(what)
        time.sleep(0.01)


class MkDocsServe:
    """``mkdocs serve`` of a project, its log in ``log``; :meth:`stop` is Ctrl-C."""

    def __init__(self, root: Path, log: Path | None = None) -> None:
        self.root, self.port = root, free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        # A shell starts a background job (cmd &, nohup) with Ctrl-C ignored, and children
        # inherit that; a caught signal, unlike an ignored one, is reset in a child.
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        self.log = log.open("w") if log else None
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=root, env=ENV, stdout=self.log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
            start_new_session=True)
        until(lambda: fetch(self.url), f"mkdocs serve in {root} never served its site", 120)

    def stop(self) -> None:
        """Ctrl-C, as an author would."""
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=60)
        if self.log:
            self.log.close()


class StaticServer:
    """A built site served by its own process over HTTP/1.1 with connections kept open, as
    a real host serves it (never by this process, whose interpreter lock a browser driver
    holds while a page loads)."""

    def __init__(self, folder: Path) -> None:
        port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
             "--directory", str(folder), "--protocol", "HTTP/1.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{port}/"
        until(lambda: fetch(self.url) or self.process.poll() is not None,
              f"could not serve {folder}", 30)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


#: Scrolls the page to its end a screen at a time, a frame apart, as a reader would, so that
#: each lazy image starts loading as it comes near; resolves once every image the page shows
#: has loaded or failed, and its fonts are ready.
SCROLL_THROUGH = """async () => {
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
    for (let y = 0; y <= document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await frame();
    }
    await frame();
    await Promise.all([...document.images].filter(i => i.checkVisibility() && !i.complete)
        .map(i => new Promise(resolve => {
            i.addEventListener('load', resolve, { once: true });
            i.addEventListener('error', resolve, { once: true });
        })));
    await document.fonts.ready;
}"""
#: Resolves once the page's fonts are ready, it has drawn two frames, and every animation and
#: transition has ended: the page at rest.
AT_REST = """() => document.fonts.ready.then(() => new Promise(resolve => requestAnimationFrame(
    () => requestAnimationFrame(() => Promise.all(document.getAnimations()
        .map(a => a.finished.catch(() => null))).then(() => resolve())))))"""


def scroll_through(page) -> None:
    """Scroll a loaded page to its end, as a reader would, until every image it shows has
    loaded (:data:`SCROLL_THROUGH`)."""
    page.evaluate(SCROLL_THROUGH)
