"""Build steps run in a fresh process, and the cache that keeps what they made.

A step's output depends on its *identity* (module, arguments, standard input, Python, every
installed package) and on the files of the project it read, recorded with the bytes it read
(:mod:`scripts.steps`). Its entry is a folder named by a hash of both, made by one rename of a
scratch folder once the step succeeded, with a manifest of both and of its files. A build takes
an entry whose every file read still holds those bytes: an edit made and undone while a step
ran leaves an entry the undone tree does not match; a killed run leaves a scratch folder no
build takes; a damaged entry is discarded, said, and made again. Builds take turns (a lock).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from scripts.steps import ENDED, FAILED, READS

#: Entries kept per step, most recently used first: an undone edit finds its tree's output.
KEEP, MANIFEST = 5, "MANIFEST.json"


class StepError(RuntimeError):
    """A step failed; the message says which and why."""


def installed() -> tuple[str, ...]:
    """Every installed distribution, as the names of its metadata folders (name-version)."""
    folders = {*site.getsitepackages(), site.getusersitepackages()}
    return tuple(sorted(entry.name for folder in folders if os.path.isdir(folder)
                        for entry in os.scandir(folder)
                        if entry.name.endswith((".dist-info", ".egg-info"))))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str | None:
    """The hash of the file's bytes; None if there is no such file."""
    return sha256(path.read_bytes()) if path.is_file() else None


def environment(root: Path, cache: Path, home: Path) -> dict[str, str]:
    """What a step's process sees: the project's code, and nothing of the user's setup:
    ``home`` is an empty folder, so no IPython, Jupyter or Matplotlib setting of the user's
    shapes an output, and nothing is written in their home."""
    env = {"PATH": os.environ.get("PATH", os.defpath), "HOME": str(home), "LC_ALL": "C.UTF-8",
           "TZ": "UTC", "PYTHONHASHSEED": "0", "PYTHONPATH": str(root),
           # No bytecode: a .pyc written into a watched folder would wake `mkdocs serve`.
           "PYTHONDONTWRITEBYTECODE": "1",
           "MPLCONFIGDIR": str(cache / "matplotlib"),  # Matplotlib's font list, kept
           "NODE_NO_WARNINGS": "1"}
    return env | {name: os.environ[name] for name in ("SOURCE_DATE_EPOCH", "TMPDIR")
                  if name in os.environ}


def remove(path: Path) -> None:
    """Remove a file or a folder, whichever ``path`` is."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def damaged(folder: Path, files: dict[str, str]) -> str | None:
    """The first file of an entry that is not as its manifest says, if any."""
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
             if not p.is_dir()} - {MANIFEST}
    wrong = sorted(found ^ set(files)) or [name for name, expected in files.items()
                                           if file_hash(folder / name) != expected]
    return wrong[0] if wrong else None


@dataclass
class Cache:
    """The folder of step outputs, per step and key; made for one build, hashing once."""

    folder: Path
    root: Path
    log: Callable[[str], None]
    _lock: int | None = None
    _hashes: dict[str, str | None] = field(default_factory=dict)

    @cached_property
    def packages(self) -> str:
        return sha256("\n".join(installed()).encode())

    def lock(self, waiting: Callable[[], None]) -> None:
        """Hold this tree's build lock, calling ``waiting`` first if another build has it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.folder / "build.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        self._lock = handle

    def unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the file lets the lock go
            self._lock = None

    def changed(self, reads: dict[str, str | None]) -> str | None:
        """The first file of ``reads`` that no longer holds what was read, as a reason."""
        for path, expected in reads.items():
            if path not in self._hashes:
                self._hashes[path] = file_hash(self.root / path)
            if self._hashes[path] != expected:
                return f"{path} {'was removed' if self._hashes[path] is None else 'changed'}"
        return None

    def find(self, step: str, identity: dict[str, str]) -> tuple[Path | None, str]:
        """The sound entry of ``step`` made with ``identity`` from the files as they are,
        if any; else None, and why the step must run, said of its most recent entry."""
        why = None
        for folder in self.entries(step):
            try:
                record = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
                made, reads, files = record["identity"], record["reads"], record["files"]
            except (OSError, ValueError, KeyError, TypeError) as error:
                self.discard(folder, f"{type(error).__name__}: {error}")
                continue
            if made != identity:
                differ = (key for key in identity if made.get(key) != identity[key])
                reason = f"its {next(differ, 'identity')} changed"
            elif (reason := self.changed(reads)) is None:
                if (wrong := damaged(folder, files)) is None:
                    os.utime(folder)  # most recently used
                    return folder, ""
                self.discard(folder, f"{wrong} does not match the manifest")
                continue
            why = why or reason
        return None, why or "it had not run before"

    def entries(self, step: str) -> list[Path]:
        """The entries of ``step``, most recently used first."""
        folder = self.folder / step
        found = [p for p in folder.iterdir() if not p.name.startswith(".")] \
            if folder.is_dir() else []
        return sorted(found, key=lambda p: p.lstat().st_mtime, reverse=True)

    def discard(self, folder: Path, problem: str) -> None:
        self.log(f"nnbook: discarded the damaged cache entry {folder} ({problem}); "
                 f"making it again")
        remove(folder)

    def publish(self, step: str, identity: dict[str, str], made: Path) -> tuple[Path, dict]:
        """Record what ``made`` holds and what the step read, then move it under its key."""
        reads: dict[str, str | None] = {}
        for read in map(json.loads, (made / READS).read_text(encoding="utf-8").splitlines()):
            if reads.setdefault(read["path"], read["sha256"]) != read["sha256"]:
                reads[read["path"]] = "read twice, as two different files"
        (made / READS).unlink()
        record = {"identity": identity, "reads": dict(sorted(reads.items())),
                  "files": {p.relative_to(made).as_posix(): file_hash(p)
                            for p in sorted(made.rglob("*")) if p.is_file()}}
        (made / MANIFEST).write_text(json.dumps(record, indent=1), encoding="utf-8")
        folder = self.folder / step / sha256(json.dumps([identity, record["reads"]]).encode())
        remove(folder)  # an entry that could not be read
        os.rename(made, folder)
        return folder, record["reads"]

    def tidy(self) -> None:
        """Remove scratch folders of builds that ended early, and all but the
        :data:`KEEP` most recently used entries of each step."""
        for step in (p for p in self.folder.iterdir() if p.is_dir() and p.name != "matplotlib"):
            for old in [*step.glob(".scratch-*"), *self.entries(step.name)[KEEP:]]:
                remove(old)


@dataclass
class Step:
    """One step: ``python -m module OUT *args`` in a fresh process, in the project folder."""

    name: str  # its kind and what it makes: "figures nnbook.book.perceptron"
    args: list[str]
    payload: str = ""  # given on standard input, and part of its identity
    module: str = ""  # scripts.steps.KIND, unless given
    output: Path | None = None
    reason: str = ""  # why it ran, if it ran
    seconds: float | None = None  # how long it ran, if it ran
    _process: subprocess.Popen | None = field(default=None, repr=False)
    _scratch: Path | None = None
    _started: float = 0.0

    def __post_init__(self) -> None:
        self.module = self.module or f"scripts.steps.{self.name.split()[0]}"
        self.folder = re.sub(r"[^\w.]+", "-", self.name)  # its entries' folder in the cache

    def identity(self, cache: Cache) -> dict[str, str]:
        return {"python": sys.version, "packages": cache.packages, "module": self.module,
                "arguments": json.dumps(self.args), "input": sha256(self.payload.encode())}

    def start(self, cache: Cache, env: dict[str, str]) -> None:
        """Use the cached output if it is sound; else start the step in a new process."""
        self.output, self.reason = cache.find(self.folder, self.identity(cache))
        if self.output is not None:
            return
        (cache.folder / self.folder).mkdir(parents=True, exist_ok=True)
        self._scratch = Path(tempfile.mkdtemp(prefix=".scratch-", dir=cache.folder / self.folder))
        self._started = time.time()
        self._process = subprocess.Popen(
            [sys.executable, "-m", self.module, str(self._scratch), *self.args],
            cwd=cache.root, env=env, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        self._process.stdin.write(self.payload)  # small: a pipe's buffer holds it
        self._process.stdin.close()
        self._process.stdin = None  # given in full: communicate() has none to send

    def wait(self, cache: Cache) -> Path:
        """The step's output folder, once it is made and in the cache."""
        if self.output is not None:
            return self.output
        if self._process is None:
            raise StepError(f"{self.name} was never started")
        said = [line for line in self._process.communicate()[1].splitlines() if line.strip()]
        ended = [float(line.removeprefix(ENDED)) for line in said if line.startswith(ENDED)]
        self.seconds = (ended[-1] if ended else time.time()) - self._started
        if (status := self._process.returncode) != 0:
            reason = next((line.removeprefix(FAILED) for line in reversed(said)
                           if line.startswith(FAILED)), said[-1] if said else None)
            if status < 0:
                reason = f"it was stopped by {signal.Signals(-status).name}"
            raise StepError(f"{self.name} failed: {reason or f'exit status {status}'}")
        self.output, reads = cache.publish(self.folder, self.identity(cache), self._scratch)
        if any(file_hash(cache.root / path) != sha for path, sha in reads.items()):
            self.output = None
            raise StepError(f"{self.name}: its inputs changed while it ran; build again")
        return self.output

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
