"""``mkdocs serve``: edits reach the served site, and a failed rebuild leaves nothing stale."""

from __future__ import annotations

import re

import pytest

from scripts.dev.serving import MkDocsServe, fetch, until

pytestmark = pytest.mark.site


def edit(path, old, new):
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def test_serve_shows_each_edit_and_never_the_numbers_of_a_failed_rebuild(warm_copy, tmp_path):
    project = warm_copy
    log = tmp_path / "serve.log"
    serve = MkDocsServe(project, log)
    page = serve.url + "chapter/perceptron/"
    figure = serve.url + "figures/sigmoid.svg"
    run, perceptron = project / "nnbook/runs/perceptron.py", project / "docs/chapter/perceptron.md"

    def served(condition, what: str) -> None:
        until(condition, f"mkdocs serve: {what} (log: {log.read_text()})", 120)

    try:
        served(lambda: "50,000 epochs" in fetch(page), "the first build")
        weights = re.search(r"\[\[\s*(\d+\.\d+)\]", fetch(page))[1]
        before = fetch(figure)

        edit(perceptron, "Recommended lectures:", "Recommended lectures, to go further:")
        served(lambda: "to go further" in fetch(page), "the prose edit never came")

        edit(project / "nnbook" / "book" / "perceptron_figures.py", 'ax.set_ylabel("φ(z)")',
             'ax.set_ylabel("phi of z")')
        served(lambda: fetch(figure) not in ("", before), "the nnbook edit never reached it")

        # A rebuild that fails while training changed, then both edits undone.
        builds = log.read_text().count(" steps, ")
        edit(run, "PERCEPTRON = Parameters()", "PERCEPTRON = Parameters(epochs=40_000)")
        edit(perceptron, "Recommended lectures, to go further:", "{{ nope }}")
        served(lambda: "unknown value 'nope'" in log.read_text(), "the rebuild did not fail")
        edit(run, "PERCEPTRON = Parameters(epochs=40_000)", "PERCEPTRON = Parameters()")
        edit(perceptron, "{{ nope }}", "Recommended lectures, to go further:")
        served(lambda: log.read_text().count(" steps, ") > builds, "no rebuild after")
        served(lambda: "50,000 epochs" in fetch(page), "the undone edit never came")
        assert re.search(r"\[\[\s*(\d+\.\d+)\]", fetch(page))[1] == weights
    finally:
        serve.stop()
    said = log.read_text()
    assert "Traceback" not in said, said
    assert not re.search(r"^WARNING", said, re.M), said
