"""Shared fixtures: real MkDocs builds of the site, of this tree or of a fresh copy of it."""

from __future__ import annotations

import subprocess

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


@pytest.fixture(scope="session")
def xor():
    """The sequel's run, once per session."""
    import nnbook
    return nnbook.run_xor()


@pytest.fixture(scope="session")
def study():
    """The sequel's initialisation study, once per session."""
    import nnbook
    return nnbook.run_study()
