"""Lighthouse's default mobile run on every page, served gzipped as a real host serves it:
accessibility, best practices and SEO at 100, and no layout shift beyond 0.01.

Performance is a goal the benchmark measures (``python -m scripts.dev.bench lighthouse``),
not a test: it moves a few points from run to run.
"""

from __future__ import annotations

import pytest

from scripts.dev import lighthouse

pytestmark = [pytest.mark.browser, pytest.mark.quiet, pytest.mark.lighthouse]


@pytest.fixture(scope="module")
def host(site):
    with lighthouse.Server(site.site) as server:
        yield server.url


def pages() -> list[str]:
    from tests.browser.test_reader import PAGES
    return list(PAGES)


@pytest.mark.parametrize("path", pages())
def test_lighthouse_finds_nothing_to_fix_and_nothing_moves(host, path):
    result = lighthouse.run(host + path)
    failing = {key: audits for key, audits in result.failing.items()
               if key != "performance" and audits}
    for key in ("accessibility", "best-practices", "seo"):
        assert result.scores[key] == 100, (key, result.scores, failing)
    assert result.cls is not None
    assert result.cls <= lighthouse.MAX_CLS, (result.cls, result.shifts)
