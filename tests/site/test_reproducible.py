"""Two clean builds from two fresh clones give byte-identical sites."""

from __future__ import annotations

import re

import pytest

from scripts.dev.projects import fresh_clone
from tests.conftest import mkdocs_build, same_site

pytestmark = pytest.mark.site


def test_two_fresh_clones_build_the_same_bytes(tmp_path):
    sites = []
    for name in ("first", "second"):
        built = mkdocs_build(fresh_clone(tmp_path / name), tmp_path / f"site-{name}")
        assert built.returncode == 0, built.log
        assert re.search(r"figures: \d+ drawn", built.log), "each clone builds from nothing"
        sites.append(built.site)
    same_site(*sites)
