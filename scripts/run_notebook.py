"""Executes a notebook with a real Jupyter kernel, for the site to render and offer for download.

    python -m scripts.run_notebook SOURCE OUT

Any cell that raises fails the run (exit 1) with one line naming the cell and
the error. The kernel runs from the project folder, so it imports the nnbook on
disk. Timing metadata is not recorded and split prints are joined, so the output
is the same bytes each run.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent


def execute(source: Path, out: Path) -> None:
    notebook = nbformat.read(source, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        allow_errors=False,
        record_timing=False,
        coalesce_streams=True,  # how the kernel happened to flush a print must not show
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()
    notebook.metadata.pop("widgets", None)
    partial = out.with_name(out.name + ".part")
    nbformat.write(notebook, partial)
    os.replace(partial, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    try:
        execute(args.source, args.out)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
