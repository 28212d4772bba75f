"""Executes a notebook with a real Jupyter kernel and renders it with mkdocs-jupyter.

    python -m scripts.steps.notebook OUT SOURCE NAME

SOURCE is the notebook's file, NAME its path under docs/. Writes OUT/notebook.ipynb, the
executed notebook to download; OUT/page.html, the page content (:mod:`.notebook_page`); and
OUT/page.json, its title, table of contents and anchors. Anything that goes wrong, a cell that
raises among them, fails the run with one line naming the notebook and what failed.

The kernel starts in the project folder, so it imports the nnbook on disk, with no user
profile (the hook gives this process an empty home), and records what it reads, as the step
does. No timing is recorded and split prints are joined: each run gives the same bytes.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from scripts.steps import READS, READS_ENV, main

#: The longest a cell may run, and a kernel take to start (a busy machine is slow to start one).
TIMEOUT = 300


class NotebookError(Exception):
    """What went wrong, in words; the notebook's name is put before it."""


def loopback() -> None:
    """Connect over 127.0.0.1, as the kernel will: at once, where a kernel would wait long."""
    with socket.socket() as server, socket.socket() as client:
        server.bind(("127.0.0.1", 0))
        server.listen()
        client.settimeout(5)
        client.connect(server.getsockname())


def execute(source: Path) -> nbformat.NotebookNode:
    try:
        notebook = nbformat.read(source, as_version=4)
        nbformat.validate(notebook)
    except (OSError, ValueError, nbformat.ValidationError) as error:
        first = str(error).strip().splitlines()[0]
        raise NotebookError(f"is not a valid notebook: {type(error).__name__}: {first}") \
            from None
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=TIMEOUT, startup_timeout=TIMEOUT,
        allow_errors=False, record_timing=False,
        shutdown_kernel="immediate",  # a throwaway kernel: no need to wait for it to exit
        coalesce_streams=True,  # how the kernel happened to flush a print must not show
        extra_arguments=["--HistoryManager.enabled=False",  # keep no input history
                         # before the first cell: record what the kernel reads
                         "--InteractiveShellApp.exec_lines=import scripts.steps as _s",
                         "--InteractiveShellApp.exec_lines=_s.record()",
                         "--InteractiveShellApp.exec_lines=del _s"],
        resources={"metadata": {"path": os.getcwd()}},  # the project's folder
    )
    try:
        loopback()
        client.execute()
    except CellExecutionError as error:
        lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in str(error).splitlines()]
        last = next((line for line in reversed(lines) if line.strip()), "unknown error")
        cell = next((line for line in lines if line.strip()), "")
        raise NotebookError(f"a cell raised {last.strip()} (cell starting {cell!r})") from None
    except CellTimeoutError:
        raise NotebookError(f"a cell ran for more than {TIMEOUT} s") from None
    except DeadKernelError as error:
        raise NotebookError(f"the kernel died: {error}") from None
    except BaseException as error:  # asyncio's CancelledError is a BaseException
        if isinstance(error, KeyboardInterrupt):
            raise
        raise NotebookError(
            f"the Jupyter kernel could not be started or reached ({type(error).__name__}: "
            f"{error or 'no message'}); the kernel talks to this process over the "
            f"loopback network, 127.0.0.1, which must be up") from None
    notebook.metadata.pop("widgets", None)
    return notebook


def render(executed: Path, download: str) -> tuple[str, dict]:
    """The page content and its title, table of contents and anchors."""
    from bs4 import BeautifulSoup
    from mkdocs_jupyter.convert import nb2html

    from scripts.steps import notebook_page

    raw = nb2html(str(executed), execute=False, theme="light", allow_errors=False)
    html = notebook_page.clean(raw, download)
    toc, stack, title = [], [], None
    soup = BeautifulSoup(html, "html.parser")
    for heading in soup.select("h1, h2, h3, h4, h5, h6"):
        name = heading.get_text().replace("¶", "").strip()
        token = {"level": int(heading.name[1]), "id": heading.get("id", ""), "name": name,
                 "children": []}
        title = title or (name if token["level"] == 1 else None)
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else toc).append(token)
        stack.append(token)
    anchors = sorted(el["id"] for el in soup.select("[id]"))
    return html, {"title": title, "toc": toc, "anchors": anchors}


def make(out: Path, source: str, name: str) -> None:
    # nbconvert otherwise loads every exporter it knows of to see which are enabled; the
    # renderer needs only HTML, and the check costs a third of nbconvert's import time.
    os.environ["NBCONVERT_DISABLE_CONFIG_EXPORTERS"] = "1"
    os.environ[READS_ENV] = str((out / READS).resolve())  # for the kernel
    try:
        nbformat.write(execute(Path(source)), out / "notebook.ipynb")
        html, meta = render(out / "notebook.ipynb", Path(source).name)
    except Exception as error:
        said = error if isinstance(error, NotebookError) else f"{type(error).__name__}: {error}"
        raise NotebookError(f"{name}: {said}") from None
    (out / "page.html").write_text(html, encoding="utf-8")
    (out / "page.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(make))
