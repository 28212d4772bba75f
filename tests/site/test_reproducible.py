"""Two clean builds from two fresh clones give byte-identical sites."""

from __future__ import annotations

import filecmp
import shutil
import subprocess

import pytest

from tests.conftest import ROOT, mkdocs_build, project_files

pytestmark = pytest.mark.site


def fresh_clone(destination):
    """A ``git clone`` of this repository, with this working tree's changes on top."""
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(destination)],
                   check=True)
    keep = set(project_files())
    for name in keep:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    for name in project_files(destination):
        if name not in keep:
            (destination / name).unlink()
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def test_two_fresh_clones_build_the_same_bytes(tmp_path):
    sites = []
    for name in ("first", "second"):
        built = mkdocs_build(fresh_clone(tmp_path / name), tmp_path / f"site-{name}")
        assert built.returncode == 0, built.log
        assert "figures: 7 redrawn" in built.log, "each clone builds from nothing"
        sites.append(built.site)
    first, second = sites
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    differ = [str(f) for f in files if not filecmp.cmp(first / f, second / f, shallow=False)]
    assert not differ, f"these files differ between the two builds: {differ}"
    assert len(files) > 50
