"""Build steps, each run by the hook in a fresh Python process, in the project's folder
(``python -m scripts.steps.NAME OUT ...``), so it imports the nnbook on disk, and only when
what it read last time changed (:mod:`scripts.hook.steps`). A step writes into the folder OUT
alone; on failure it prints one line on standard error, starting with :data:`FAILED`, saying
what failed and where, and exits 1.

A step records the files of the project it reads, as a compiler writes a dependency file:
each module it imports, hashed from the very bytes it compiles, and each file it opens, hashed
as it opens it, a line each in OUT/:data:`READS`; a notebook's kernel appends its own there.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

#: Marks the line a failed step says why on (whatever else reaches standard error after it).
FAILED = "nnbook step failed: "
#: Marks the line a step ends with, which gives the time (``time.time()``) it ended.
ENDED = "nnbook step ended: "
#: The file in OUT that lists what the step read, and where a kernel finds its name.
READS, READS_ENV = "READS.jsonl", "NNBOOK_READS"
#: Folders of the project that hold no source of an output: tools, caches, outputs.
NOT_SOURCE = {"node_modules", "site", "__pycache__", "test-results"}

_log: int | None = None
_root = ""  # the project's folder
_noted: set[tuple[str, str | None]] = set()
_busy = False  # reading a file to hash it opens it too


def depend_on(path: str | Path, data: bytes | None = None) -> None:
    """Record that this process read ``path``, a file of the project, as ``data`` (read now
    if not given; a missing file as missing)."""
    relative = os.path.relpath(os.path.abspath(path), _root)
    if _log is None or relative.startswith(".."):
        return
    if data is None and os.path.isfile(path):
        data = Path(path).read_bytes()
    entry = (relative, None if data is None else hashlib.sha256(data).hexdigest())
    if entry not in _noted:
        _noted.add(entry)
        os.write(_log, (json.dumps({"path": entry[0], "sha256": entry[1]}) + "\n").encode())


def _is_source(path: str) -> bool:
    """Whether ``path`` is in the project, outside hidden folders (.venv, .cache, .git),
    tools and outputs."""
    parts = Path(os.path.relpath(os.path.abspath(path), _root)).parts
    return parts[0] != ".." and not any(p.startswith(".") or p in NOT_SOURCE for p in parts[:-1])


def _on_open(event: str, args: tuple) -> None:
    """Audit hook: a file of the project opened for reading is recorded as it opens."""
    global _busy
    if event != "open" or _busy or not isinstance(args[0], str | os.PathLike):
        return
    path, mode, flags = args
    writing = flags & (os.O_WRONLY | os.O_RDWR) if mode is None else set(mode) & set("wax+")
    if not writing and _is_source(path) and not os.path.isdir(path):
        _busy = True
        try:
            depend_on(path)
        finally:
            _busy = False


class _RecordingLoader(importlib.machinery.SourceFileLoader):
    """Compiles a module of the project from the bytes it records, so its hash is of exactly
    what ran (never of a ``.pyc``, which would hide an edit made while the step ran)."""

    def get_code(self, fullname: str):
        path = self.get_filename(fullname)
        source = self.get_data(path)
        depend_on(path, source)
        return self.source_to_code(source, path)


_finder = importlib.machinery.FileFinder.path_hook(
    (_RecordingLoader, importlib.machinery.SOURCE_SUFFIXES))


def _project_finder(path: str):
    if not _is_source(os.path.join(path, "x.py")):
        raise ImportError("not a folder of the project")  # the next hook takes it
    return _finder(path)


def record(reads: str | Path | None = None) -> None:
    """From now on, append to ``reads`` (else ``$NNBOOK_READS``) each file of the project (the
    current folder) this process reads, and now the modules it has imported already."""
    global _log, _root
    if _log is None:
        _root = os.getcwd()
        _log = os.open(reads or os.environ[READS_ENV], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        for module in list(sys.modules.values()):
            if _is_source(getattr(module, "__file__", None) or "/"):
                depend_on(module.__file__)
        sys.path_hooks.insert(0, _project_finder)
        sys.path_importer_cache.clear()
        sys.addaudithook(_on_open)


def main(make: Callable[..., None], argv: list[str] | None = None) -> int:
    """Run a step: ``make(OUT, *args)`` with what it reads recorded in OUT/:data:`READS`; any
    exception becomes the one :data:`FAILED` line the hook shows as the build's error."""
    out, *args = sys.argv[1:] if argv is None else argv
    record(Path(out) / READS)
    try:
        make(Path(out), *args)
    except Exception as error:
        print(f"{FAILED}{error}", file=sys.stderr)
        return 1
    print(f"{ENDED}{time.time()}", file=sys.stderr)
    return 0
