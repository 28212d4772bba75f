"""Two clean builds from two fresh clones give byte-identical sites."""

from __future__ import annotations

import filecmp

import pytest

from scripts.clones import fresh_clone
from tests.conftest import mkdocs_build

pytestmark = pytest.mark.site


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
