"""Build steps run in a fresh process, and the cache that keeps what they made.

A step's key hashes everything that shapes its output: the files it reads (the
library, the steps' code, its own input), the Python version and every installed
package. What a step makes is kept in the cache in a folder named by its key. The
step writes into a scratch folder; only after it succeeded, and its inputs still
hash to the key, does the hook record every file's hash in a manifest and rename
the folder into place, in one atomic step. So a folder under a key is complete
and made from exactly those inputs: a killed or failed run leaves a scratch
folder, which no build uses, and a damaged entry fails its manifest, is discarded
(the log says so) and made again. Builds of one tree take turns (:meth:`Cache.lock`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scripts.steps import FAILED

#: Entries kept per step, most recently used first: an author who undoes an edit
#: finds the output of the tree as it was.
KEEP = 5
MANIFEST = "MANIFEST.json"


class StepError(RuntimeError):
    """A step failed; the message says which and why."""


def installed() -> list[str]:
    """Every installed distribution, as the names of its metadata folders (name-version)."""
    folders = {*site.getsitepackages(), site.getusersitepackages()}
    return sorted(entry.name for folder in folders if os.path.isdir(folder)
                  for entry in os.scandir(folder) if entry.name.endswith((".dist-info",
                                                                          ".egg-info")))


def digest(root: Path, patterns: Iterable[str], extra: Iterable[str] = ()) -> str:
    """A hash of the files under ``root`` matching ``patterns``, of ``extra`` strings, of
    this Python and of every installed package."""
    hasher = hashlib.sha256(f"python {sys.version}\n".encode())
    for name in [*installed(), *extra]:
        hasher.update(name.encode() + b"\n")
    for path in sorted({p for pattern in patterns for p in root.glob(pattern) if p.is_file()}):
        hasher.update(path.relative_to(root).as_posix().encode() + b"\0")
        hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def environment(root: Path, cache: Path, home: Path) -> dict[str, str]:
    """What a step's process sees: the project's code, and nothing of the user's setup.

    ``home`` is an empty folder, so no IPython startup file, Jupyter or Matplotlib
    setting of the user's shapes an output, and nothing is written in their home.
    """
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "PYTHONHASHSEED": "0",
        "PYTHONPATH": str(root),
        # No bytecode: a .pyc written into a watched folder would wake `mkdocs serve` again.
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLCONFIGDIR": str(cache / "matplotlib"),  # Matplotlib's font list, kept between builds
        "NODE_NO_WARNINGS": "1",
    }
    for name in ("SOURCE_DATE_EPOCH", "TMPDIR"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


@dataclass
class Cache:
    """The folder of step outputs, one entry per step and key."""

    folder: Path
    log: Callable[[str], None]
    _lock: int | None = None

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

    def entry(self, step: str, key: str) -> Path | None:
        """The complete, undamaged output of ``step`` under ``key``, if there is one."""
        folder = self.folder / step / key
        if not folder.exists() and not folder.is_symlink():
            return None
        try:
            hashes = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            found = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                     if not p.is_dir()} - {MANIFEST}
            damaged = sorted(found ^ set(hashes)) or [
                name for name, expected in sorted(hashes.items())
                if file_hash(folder / name) != expected]
            problem = f"{damaged[0]} does not match the manifest" if damaged else None
        except (OSError, ValueError, AttributeError) as error:
            problem = f"{type(error).__name__}: {error}"
        if problem is None:
            os.utime(folder)  # most recently used
            return folder
        self.log(f"nnbook: discarded the damaged cache entry {folder} ({problem}); "
                 f"making it again")
        remove(folder)
        return None

    def scratch(self, step: str) -> Path:
        (self.folder / step).mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".scratch-", dir=self.folder / step))

    def publish(self, step: str, key: str, made: Path) -> Path:
        """Record the hash of every file ``made`` holds, then move it under ``key``."""
        files = sorted(p for p in made.rglob("*") if p.is_file())
        hashes = {p.relative_to(made).as_posix(): file_hash(p) for p in files}
        (made / MANIFEST).write_text(json.dumps(hashes, indent=1), encoding="utf-8")
        folder = self.folder / step / key
        remove(folder)  # a damaged entry that could not be read
        os.rename(made, folder)
        return folder

    def tidy(self) -> None:
        """Remove scratch folders of builds that ended early, and all but the
        :data:`KEEP` most recently used entries of each step."""
        for step in (p for p in self.folder.iterdir() if p.is_dir() and p.name != "matplotlib"):
            entries = []
            for path in step.iterdir():
                if path.name.startswith(".scratch-"):
                    remove(path)
                else:
                    entries.append(path)
            entries.sort(key=lambda p: p.lstat().st_mtime, reverse=True)
            for old in entries[KEEP:]:
                remove(old)


def remove(path: Path) -> None:
    """Remove a file or a folder, whichever ``path`` is."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


@dataclass
class Step:
    """One step: ``python -m module OUT *args`` in a fresh process, keyed on ``inputs``."""

    name: str  # for the log: "figures", "notebook chapter/x.ipynb"
    folder: str  # its entries' folder in the cache
    module: str
    args: list[str]
    inputs: list[str]  # file patterns under the project, besides the steps' shared code
    root: Path
    payload: str = ""  # given on standard input, and part of the key
    key: str = ""
    output: Path | None = None
    destination: Path | None = None  # where its output will be, once the step has run
    seconds: float | None = None  # how long it ran, if it ran
    _process: subprocess.Popen | None = field(default=None, repr=False)
    _scratch: Path | None = None
    _started: float = 0.0

    def current_key(self) -> str:
        return digest(self.root, self.inputs, [self.module, self.payload])

    def start(self, cache: Cache, env: dict[str, str]) -> None:
        """Use the cached output if it is sound; else start the step in a new process."""
        self.key = self.current_key()
        self.destination = cache.folder / self.folder / self.key
        self.output = cache.entry(self.folder, self.key)
        if self.output is not None:
            return
        self._scratch = cache.scratch(self.folder)
        self._started = time.perf_counter()
        self._process = subprocess.Popen(
            [sys.executable, "-m", self.module, str(self._scratch), *self.args],
            cwd=self.root, env=env, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
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
        _, stderr = self._process.communicate()
        self.seconds = time.perf_counter() - self._started
        status = self._process.returncode
        if status != 0:
            said = [line for line in stderr.splitlines() if line.strip()]
            reason = next((line.removeprefix(FAILED) for line in reversed(said)
                           if line.startswith(FAILED)), said[-1] if said else None)
            if status < 0:
                reason = f"it was stopped by {signal.Signals(-status).name}"
            raise StepError(f"{self.name} failed: {reason or f'exit status {status}'}")
        if self.current_key() != self.key:
            raise StepError(f"{self.name}: its inputs changed while it ran; build again")
        self.output = cache.publish(self.folder, self.key, self._scratch)
        return self.output

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
