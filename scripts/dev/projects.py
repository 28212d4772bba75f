"""Copies of this project, and ``mkdocs build`` of them, for the tests and the benchmark.

A fresh clone builds from nothing, as a new checkout would; the working tree's
changes are laid over it, so uncommitted work is built too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: MkDocs' environment: without Material's banner about MkDocs 2.0 on every build.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def working_files(root: Path = ROOT) -> list[str]:
    """The files a fresh clone of this working tree would have: tracked and new, not ignored."""
    done = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                          cwd=root, capture_output=True, text=True, check=True)
    return [name for name in done.stdout.split("\0") if name and (root / name).is_file()]


def copy_project(destination: Path, cache: Path | None = None) -> Path:
    """A copy of the working tree (tracked and new files), sharing the installed node_modules.

    ``cache``: a copy of the project (or this tree) whose build cache to copy too, so that a
    build of the copy reruns only what a change reaches.
    """
    for name in working_files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    if cache is not None and (cache / ".cache").is_dir():
        shutil.copytree(cache / ".cache", destination / ".cache",
                        ignore=shutil.ignore_patterns("build.lock"))
    return destination


def fresh_clone(destination: Path) -> Path:
    """``git clone`` this repository into ``destination`` and lay the working tree over it.

    node_modules is linked to this checkout's, as ``npm ci`` would install the same files
    from the lock.
    """
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(destination)],
                   check=True)
    keep = set(working_files())
    for name in keep:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    for name in working_files(destination):
        if name not in keep:
            (destination / name).unlink()
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def clone_at(destination: Path, revision: str) -> Path:
    """``git clone`` this repository into ``destination`` at ``revision``, as it was
    committed (for the benchmark: today's main, built beside the working tree)."""
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(destination)],
                   check=True)
    subprocess.run(["git", "-C", str(destination), "checkout", "--quiet", revision], check=True)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


@dataclass
class Built:
    """A finished ``mkdocs build``: where its site is, and what it logged."""

    root: Path
    site: Path
    log: str
    returncode: int

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")

    @property
    def summary(self) -> str:
        """The build's one line on its steps (``nnbook: N steps, M current; ran ...``)."""
        lines = [line for line in self.log.splitlines() if re.search(r"nnbook: \d+ steps, ", line)]
        if len(lines) != 1:
            raise AssertionError(f"not one line on the steps in the log:\n{self.log}")
        return lines[0]

    @property
    def ran(self) -> dict[str, str]:
        """The steps the build ran, each with why it ran."""
        return dict(re.findall(r"; ran (\S+ \S+) in \d+\.\d s \(([^)]*)\)", self.summary))


def mkdocs_build(root: Path, site: Path | None = None, env: dict[str, str] | None = None,
                 dirty: bool = False) -> Built:
    """``mkdocs build --strict`` of the project at ``root`` (into ``site``, else its own
    site/), in a new process; or, ``dirty``, ``mkdocs build --dirty`` (which MkDocs itself
    warns of, so not strict)."""
    site = site or root / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty" if dirty else "--strict",
         "--site-dir", str(site)],
        cwd=root, capture_output=True, text=True, timeout=600, check=False,
        env={**ENV, **(env or {})})
    return Built(root, site, done.stdout + done.stderr, done.returncode)
