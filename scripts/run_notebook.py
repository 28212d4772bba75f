"""Executes a notebook with a real Jupyter kernel and renders it with mkdocs-jupyter.

    python -m scripts.run_notebook SOURCE OUT_STEM

Writes OUT_STEM.ipynb (the executed notebook, offered for download), OUT_STEM.html
(the page content, rendered by mkdocs-jupyter's converter and cleaned by
:mod:`scripts.notebook_page`) and OUT_STEM.json (title, table of contents and
anchors). Any cell that raises fails the run (exit 1) with one line naming the
cell and the error.

It all happens in this process, beside the MkDocs build, so the build itself never
imports nbconvert. The kernel runs from the project folder, so it imports the
nnbook on disk. Timing metadata is not recorded and split prints are joined, so
the output is the same bytes each run. Under ``mkdocs serve`` a spare process
(:mod:`scripts.spare`) calls :func:`warm_up` ahead of time, so a run finds the
renderer imported and a kernel started, one that has run nothing.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
import tempfile
import threading
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbclient.util import run_sync

from scripts.jobs import write_atomically

ROOT = Path(__file__).resolve().parent.parent


#: What a spare's kernel imports before its run: never nnbook, which must come from disk.
KERNEL_PRELOAD = ("numpy", "matplotlib.pyplot")
#: A client whose kernel a spare process started ahead of time (see :func:`warm_up`).
_WARM: NotebookClient | None = None


def _client(notebook) -> NotebookClient:
    return NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        allow_errors=False,
        record_timing=False,
        shutdown_kernel="immediate",  # a throwaway kernel: no need to wait for it to exit
        coalesce_streams=True,  # how the kernel happened to flush a print must not show
        # A throwaway kernel: keep no input history under the user's ~/.ipython.
        extra_arguments=["--HistoryManager.enabled=False"],
        resources={"metadata": {"path": str(ROOT)}},
    )


def _environment() -> None:
    """The kernel imports the nnbook of this project, and nbconvert loads one exporter."""
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(ROOT) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), *paths]))
    # nbconvert otherwise loads every exporter it knows of to see which are enabled; the
    # renderer needs only HTML, and the check costs a third of nbconvert's import time.
    os.environ.setdefault("NBCONVERT_DISABLE_CONFIG_EXPORTERS", "1")


def warm_up() -> None:
    """For a spare process: start a kernel that imports NumPy and Matplotlib, and render
    a small notebook meanwhile, so the renderer's templates and patterns are compiled.

    The kernel runs no cell of the notebook and imports no nnbook, so the run still
    executes the nnbook on disk, with nothing of the notebook's already defined.
    """
    global _WARM
    _environment()
    client = _client(nbformat.v4.new_notebook())
    client.km = client.create_kernel_manager()
    client.start_new_kernel()
    v4 = nbformat.v4
    sample = v4.new_notebook(cells=[
        v4.new_markdown_cell("# A title\n\nSome $x^2$ and `code`."),
        v4.new_code_cell("print(1)", execution_count=1, outputs=[
            v4.new_output("stream", name="stdout", text="1\n"),
            v4.new_output("display_data", data={"text/plain": "<Figure>"})]),
    ])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.ipynb"
        nbformat.write(sample, path)
        render(path, path.name)
    client.start_new_kernel_client()
    # The book's own stack, imported out of sight: no name is bound and no cell is counted.
    imports = "; ".join(f"__import__({module!r})" for module in KERNEL_PRELOAD)
    client.kc.execute(imports, silent=True, store_history=False)
    _WARM = client


def release() -> None:
    """Shut down the kernel :func:`warm_up` started, when the spare is not needed."""
    global _WARM
    if _WARM is not None:
        _WARM._cleanup_kernel()
        _WARM = None


def execute(source: Path, out: Path) -> None:
    global _WARM
    notebook = nbformat.read(source, as_version=4)
    client, _WARM = _WARM, None
    if client is None or not run_sync(client.km.is_alive)():
        client = _client(notebook)
    client.nb = notebook
    client.execute()
    notebook.metadata.pop("widgets", None)
    write_atomically(out, nbformat.writes(notebook).rstrip("\n") + "\n")


def render(executed: Path, download: str) -> tuple[str, dict]:
    """The page content and its title, table of contents and anchors."""
    from bs4 import BeautifulSoup
    from mkdocs_jupyter.convert import nb2html

    from scripts import notebook_page, site_checks

    raw = nb2html(str(executed), execute=False, theme="light", allow_errors=False)
    html = notebook_page.clean(raw, download, site_checks.download_icon())
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("stem", type=Path, help="OUT_STEM: the three outputs' path, less suffix")
    args = parser.parse_args(argv)
    args.stem.parent.mkdir(parents=True, exist_ok=True)
    executed = args.stem.with_suffix(".ipynb")
    _environment()
    # Import the renderer while the kernel works: nbconvert takes half a second to import.
    loading = threading.Thread(target=importlib.import_module, args=("mkdocs_jupyter.convert",))
    loading.start()
    try:
        execute(args.source, executed)
    except CellExecutionError as error:
        lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in str(error).splitlines()]
        last = next((line for line in reversed(lines) if line.strip()), "unknown error")
        cell = next((line for line in lines if line.strip()), "")
        print(f"{args.source.name}: a cell raised {last.strip()} (cell starting {cell!r})",
              file=sys.stderr)
        return 1
    except Exception as error:
        print(f"{args.source.name}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    loading.join()
    html, meta = render(executed, args.source.name)
    write_atomically(args.stem.with_suffix(".html"), html)
    write_atomically(args.stem.with_suffix(".json"), json.dumps(meta, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
