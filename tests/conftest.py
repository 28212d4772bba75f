"""Shared fixtures: real MkDocs builds of the site, of this tree or of a fresh copy of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.clones import working_files

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Built:
    """A finished ``mkdocs build``: where its site is, and what it logged."""

    root: Path
    site: Path
    log: str
    returncode: int

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")


def mkdocs_build(root: Path, site: Path, env: dict[str, str] | None = None,
                 dirty: bool = False) -> Built:
    """``mkdocs build --strict`` of the project at ``root`` into ``site``, in a new process;
    or, ``dirty``, ``mkdocs build --dirty`` (which MkDocs itself warns of, so not strict)."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty" if dirty else "--strict",
         "--site-dir", str(site)],
        cwd=root, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    return Built(root, site, done.stdout + done.stderr, done.returncode)


def copy_project(destination: Path, with_cache: bool = False) -> Path:
    """A copy of the working tree (tracked and new files), sharing the installed KaTeX.

    ``with_cache`` also copies this tree's build cache, so that only what a test
    changes is rebuilt.
    """
    for name in working_files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    if with_cache and (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", destination / ".cache")
    return destination


def _untracked() -> set[str] | None:
    """Files in the project that git neither tracks nor ignores; None outside a git clone."""
    done = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--others", "--exclude-standard"],
                          capture_output=True, text=True, check=False)
    return set(done.stdout.splitlines()) if done.returncode == 0 else None


@pytest.fixture(scope="session", autouse=True)
def the_project_is_left_as_found():
    """A test writes in its own folders: a file it leaves in the project would be committed."""
    before = _untracked()
    yield
    after = _untracked()
    if before is not None and after is not None:
        left = sorted(after - before)
        assert not left, f"the tests left new files in the project: {left}"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Built:
    """The site built from this working tree with ``--strict``, once per test session."""
    built = mkdocs_build(ROOT, tmp_path_factory.mktemp("site") / "site")
    assert built.returncode == 0, built.log
    return built


@pytest.fixture(scope="session")
def chapter():
    import nnbook
    return nnbook.run()
