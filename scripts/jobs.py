"""Steps of a build that run in a fresh process, and only when the code behind them changed.

A step's digest hashes the files and package versions its output depends on. The
hook starts every stale step at the start of a build, so the figures and the
notebook's kernel work side by side with MkDocs, and waits for each only when a
page needs it. A fresh process always imports the nnbook on disk, which a module
cached in MkDocs' own process (as under ``mkdocs serve``) would not.

Under ``mkdocs serve`` a step may instead be handed a spare (see
:mod:`scripts.spare`): a process of its own, started earlier, that has imported the
step's packages but not nnbook, and runs the step just as the fresh one would.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, never half."""
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


class StepError(RuntimeError):
    """A step's process failed; the message is what it said about why."""


def digest(root: Path, patterns: Iterable[str], packages: Iterable[str] = ()) -> str:
    """A hash of the files matching ``patterns`` under ``root`` and of package versions."""
    hasher = hashlib.sha256(f"python {sys.version}".encode())
    for path in sorted({p for pattern in patterns for p in root.glob(pattern)}):
        hasher.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    for package in sorted(packages):
        hasher.update(f"{package}=={metadata.version(package)}".encode())
    return hasher.hexdigest()


@dataclass
class Step:
    """One fresh-process step: its command, its outputs, and the digest that keys them."""

    name: str
    command: list[str]
    digest: str
    stamp: Path
    outputs: list[Path]
    root: Path
    #: What a spare for this step imports (or ``module:function`` calls) ahead of time.
    preload: tuple[str, ...] = ()
    process: subprocess.Popen | None = field(default=None, repr=False)
    started: float = 0.0
    seconds: float = 0.0
    stdout: str = ""
    warm: bool = False  # ran in a spare

    def current(self) -> bool:
        return (self.stamp.exists() and self.stamp.read_text() == self.digest
                and all(path.exists() for path in self.outputs))

    def start(self, spare: subprocess.Popen | None = None) -> None:
        """Run the step in ``spare`` if it is still waiting for orders, else in a new process."""
        self.started = time.perf_counter()
        if spare is not None and spare.poll() is None:
            module, *argv = self.command[2:]  # [python, "-m", module, *argv]
            try:
                spare.stdin.write(json.dumps({"module": module, "argv": argv}) + "\n")
                spare.stdin.flush()  # communicate() closes it later
            except OSError:  # it died meanwhile: the step's own process it is
                pass
            else:
                self.process, self.warm = spare, True
                return
        self.process = subprocess.Popen(self.command, cwd=self.root, env=_environment(),
                                        text=True, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)

    def spare(self) -> subprocess.Popen:
        """A process for this step's next run: its packages imported, waiting for orders."""
        return subprocess.Popen([sys.executable, "-m", "scripts.spare", *self.preload],
                                cwd=self.root, env=_environment(), text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)

    @property
    def ran(self) -> bool:
        return self.process is not None

    def wait(self) -> None:
        """Wait for the step if it runs; record its digest when it succeeded."""
        if self.process is None:
            return
        if self.process.returncode is not None:  # waited for already
            return
        self.stdout, stderr = self.process.communicate()
        self.seconds = time.perf_counter() - self.started
        if self.process.returncode != 0:
            said = [line for line in stderr.splitlines() if line.strip()]
            raise StepError(f"{self.name} failed: {said[-1] if said else 'no message'}")
        self.stamp.parent.mkdir(parents=True, exist_ok=True)
        self.stamp.write_text(self.digest)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def _environment() -> dict[str, str]:
    # No bytecode: a .pyc written into a watched folder would wake `mkdocs serve` again.
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


class Spares:
    """Under ``mkdocs serve``: a spare process (:mod:`scripts.spare`) for each step's next run.

    A spare has imported the build scripts matching ``scripts`` as they were when it
    started; after any of them changes it is let go unused. ``warn`` hears of a spare
    that ended before its step came.
    """

    def __init__(self, root: Path, scripts: list[str], warn: Callable[[str], None]) -> None:
        self.root, self.scripts, self.warn = root, scripts, warn
        self.ready: dict[str, tuple[subprocess.Popen, str]] = {}  # step: (spare, scripts)
        self.leaving: list[subprocess.Popen] = []

    def take(self, step: Step) -> subprocess.Popen | None:
        """The spare for ``step``, if one is ready and started with today's scripts."""
        spare, made_with = self.ready.pop(step.name, (None, None))
        if spare is None or not self._alive(spare, step.name):
            return None
        if made_with != digest(self.root, self.scripts):
            self._let_go(spare)
            return None
        return spare

    def refill(self, steps: Iterable[Step]) -> None:
        """Start a spare for each step that has none, or one made with older scripts."""
        scripts = digest(self.root, self.scripts)
        for step in steps:
            spare, made_with = self.ready.get(step.name, (None, None))
            if spare is not None and self._alive(spare, step.name):
                if made_with == scripts:
                    continue
                self._let_go(spare)
            self.ready[step.name] = (step.spare(), scripts)
        for spare in [s for s in self.leaving if s.poll() is not None]:
            _reap(spare)
            self.leaving.remove(spare)

    def close(self, timeout: float = 10) -> None:
        """Let every spare go and wait for each to end (killing any that will not)."""
        for spare, _ in self.ready.values():
            self._let_go(spare)
        self.ready.clear()
        for spare in self.leaving:
            try:
                spare.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                spare.kill()
            _reap(spare)
        self.leaving.clear()

    def _alive(self, spare: subprocess.Popen, name: str) -> bool:
        if spare.poll() is None:
            return True
        said = spare.communicate()[1].strip().splitlines()
        self.warn(f"nnbook: the spare process for {name} ended early "
                  f"({said[-1] if said else f'status {spare.returncode}'}); a new process "
                  f"runs the step instead")
        return False

    def _let_go(self, spare: subprocess.Popen) -> None:
        spare.stdin.close()  # no order: the spare shuts its kernel down, if any, and exits
        self.leaving.append(spare)


def _reap(spare: subprocess.Popen) -> None:
    """Wait for a spare let go (its stdin closed) and close its pipes; it says next to nothing."""
    spare.wait()
    spare.stdout.close()
    spare.stderr.close()
