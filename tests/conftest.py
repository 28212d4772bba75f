"""Shared fixtures: real MkDocs builds of copies of this tree, the site one of them, made once
per test run however many workers (pytest-xdist) share the run."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from scripts.dev.projects import ROOT, Built, copy_project, mkdocs_build

__all__ = ["ROOT", "Built", "copy_project", "mkdocs_build", "same_site"]


def same_site(first, second) -> None:
    """Two built sites hold the same files, byte for byte."""
    import filecmp

    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    differ = [str(f) for f in files if not filecmp.cmp(first / f, second / f, shallow=False)]
    assert not differ, f"these files differ between the two builds: {differ}"
    assert len(files) > 50


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


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], dict]) -> dict:
    """``make(folder)``, a JSON-able result, made once per test run: by whichever worker asks
    first, while the others wait for it, in a folder of the run that all of them share, or in
    ``$NNBOOK_TEST_RUN``, which ``make test`` gives each of its passes."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("NNBOOK_TEST_RUN"):
        base = Path(os.environ["NNBOOK_TEST_RUN"])
    elif os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = base / name / "made.json"
        if not done.exists():
            result = make(base / name)
            done.write_text(json.dumps(result))
        return json.loads(done.read_text())


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Built:
    """The site built with ``--strict`` from a copy of this working tree and an empty cache:
    a clean build, once per test run. Its copy keeps the cache the build made."""
    def make(folder: Path) -> dict:
        built = mkdocs_build(copy_project(folder / "project"), folder / "site")
        return {"root": str(built.root), "site": str(built.site), "log": built.log,
                "returncode": built.returncode}

    made = once_per_run(tmp_path_factory, "site", make)
    built = Built(Path(made["root"]), Path(made["site"]), made["log"], made["returncode"])
    assert built.returncode == 0, built.log
    return built


@pytest.fixture
def warm_copy(site, tmp_path):
    """A copy of the project with the cache that built ``site``, so that a build of it reruns
    only the steps that what a test changes reaches."""
    return copy_project(tmp_path / "project", cache=site.root)


@pytest.fixture(scope="session")
def chapter():
    """The perceptron page's run, once per session."""
    import nnbook
    return nnbook.run_perceptron()


@pytest.fixture(scope="session")
def xor():
    """The hidden-layer page's run, once per session."""
    import nnbook
    return nnbook.run_hidden_layer()


@pytest.fixture(scope="session")
def study():
    """The hidden-layer page's initialisation study, once per session."""
    import nnbook
    return nnbook.run_study()


def books() -> dict[str, object]:
    """Every page's :class:`nnbook.book.Book`, by its module, as the build finds them."""
    import importlib

    from scripts.hook.build import page_modules
    return {name: importlib.import_module(name).book()
            for name in page_modules(ROOT, "nnbook.book")}


@pytest.fixture(scope="session")
def book_values(tmp_path_factory) -> dict[str, object]:
    """Every value the pages may quote, from every page's book, computed once per test run
    (as JSON holds them: arrays as lists)."""
    import numpy as np

    def make(folder: Path) -> dict:
        folder.mkdir()
        values = {name: value for book in books().values() for name, value in book.values.items()}
        return json.loads(json.dumps(values, default=lambda v: np.asarray(v).tolist()))

    return once_per_run(tmp_path_factory, "book-values", make)
