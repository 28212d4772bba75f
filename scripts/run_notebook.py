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
the output is the same bytes each run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
import threading
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from scripts.jobs import write_atomically

ROOT = Path(__file__).resolve().parent.parent


def execute(source: Path, out: Path) -> None:
    notebook = nbformat.read(source, as_version=4)
    client = NotebookClient(
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
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    # nbconvert otherwise loads every exporter it knows of to see which are enabled; the
    # renderer needs only HTML, and the check costs a third of nbconvert's import time.
    os.environ.setdefault("NBCONVERT_DISABLE_CONFIG_EXPORTERS", "1")
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
