"""Two clean builds, of a fresh clone and of a copy of the tree in another folder, give
byte-identical sites."""

from __future__ import annotations

import re

import pytest

from scripts.dev.projects import fresh_clone
from tests.conftest import mkdocs_build, same_site

pytestmark = pytest.mark.site


def test_a_fresh_clone_builds_the_same_bytes_as_a_clean_build_elsewhere(site, tmp_path):
    built = mkdocs_build(fresh_clone(tmp_path / "clone"), tmp_path / "site")
    assert built.returncode == 0, built.log
    for log in (built.log, site.log):
        assert re.search(r"nnbook: \d+ steps, 0 current", log), "each builds from nothing"
    assert built.root != site.root
    same_site(site.site, built.site)
