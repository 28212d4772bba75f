"""Builds of fresh copies of the project: what is redone when, and what fails the build."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import copy_project, mkdocs_build

pytestmark = pytest.mark.site


def summary(log: str) -> str:
    lines = [line for line in log.splitlines() if "nnbook: figures:" in line]
    assert len(lines) == 1, log
    return lines[0]


def quiet_log(log: str) -> None:
    """At the default level a build logs MkDocs' own lines and nnbook's one, nothing else."""
    expected = [r"Cleaning site directory", r"Building documentation to directory: .+",
                r"nnbook: figures: .+; notebook .+; math: .+; build \d+\.\d s",
                r"Documentation built in \d+\.\d+ seconds"]
    lines = [line for line in log.splitlines() if re.match(r"(INFO|WARNING|ERROR)\s+-", line)]
    assert len(lines) == len(expected), log
    for line, pattern in zip(lines, expected, strict=True):
        assert re.fullmatch(rf"INFO\s+-\s+{pattern}", line), line


def edit(path, old, new):
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def test_steps_rerun_only_when_their_code_changed(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"

    cold = mkdocs_build(project, site)
    assert cold.returncode == 0, cold.log
    quiet_log(cold.log)
    line = summary(cold.log)
    assert "figures: 7 redrawn" in line
    assert "notebook chapter/perceptron-hands-on.ipynb: executed" in line
    assert re.search(r"math: [1-9]\d* rendered", line)

    warm = mkdocs_build(project, site)
    line = summary(warm.log)
    assert "figures: 0 redrawn, 7 current" in line
    assert "notebook chapter/perceptron-hands-on.ipynb: reused" in line
    assert "math: 0 rendered" in line

    edit(project / "docs" / "chapter" / "perceptron.md", "Which is basically one, as expected",
         "Which is practically one, as expected")
    prose = mkdocs_build(project, site)
    line = summary(prose.log)
    assert "figures: 0 redrawn, 7 current" in line
    assert "reused" in line
    assert "Which is practically one" in (site / "chapter/perceptron/index.html").read_text()

    # Training changes: the figures of its results are redrawn, the others are not.
    edit(project / "nnbook" / "chapter.py", "epochs: int = 50_000", "epochs: int = 20_000")
    code = mkdocs_build(project, site)
    assert code.returncode == 0, code.log
    line = summary(code.log)
    redrawn = set(re.search(r"redrawn \(([^)]*)\)", line)[1].split(", "))
    assert redrawn == {"weights", "errors-linear", "errors-loglog"}
    assert "4 current" in line
    assert "executed" in line
    assert "20,000 epochs" in (site / "chapter/perceptron/index.html").read_text()

    # One figure's drawing code changes: that figure alone is redrawn.
    edit(project / "nnbook" / "figures.py", 'ax.set_ylabel("sigmoid(x)")',
         'ax.set_ylabel("sigmoid of x")')
    drawing = mkdocs_build(project, site)
    line = summary(drawing.log)
    assert "figures: 1 redrawn (sigmoid), 6 current" in line


def test_a_dirty_build_rebuilds_the_edited_page_math_and_search_entries_and_all(tmp_path):
    project = copy_project(tmp_path / "project", with_cache=True)
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    edit(project / "docs/chapter/perceptron.md", "Which is basically one, as expected",
         "Which is basically one, as hoped")
    dirty = mkdocs_build(project, site, dirty=True)
    assert dirty.returncode == 0, dirty.log
    # MkDocs warns of a dirty build; nnbook has nothing to warn of, the unread pages included.
    warnings = [line for line in dirty.log.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, dirty.log
    assert "'dirty' build" in warnings[0]
    assert "as hoped" in (site / "chapter/perceptron/index.html").read_text()
    index = json.loads((site / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "as hoped" in text
    assert "<math" in text
    assert "\\(" not in text


@pytest.fixture
def project(tmp_path):
    """A copy of the project with this tree's warm cache: only what a test breaks reruns."""
    return copy_project(tmp_path / "project", with_cache=True)


def failed(project, tmp_path, *expected):
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("a page from an earlier build")
    built = mkdocs_build(project, site)
    assert built.returncode != 0, built.log
    for text in expected:
        assert text in built.log, built.log
    assert not any(site.iterdir()), "a failed build leaves no site behind"
    return built


def test_a_failing_figure_fails_the_build_naming_it(project, tmp_path):
    edit(project / "nnbook" / "figures.py", '        ax.set_ylabel("sigmoid(x)")',
         '        ax.set_ylabel("sigmoid(x)")\n        raise RuntimeError("axis trouble")')
    failed(project, tmp_path, "nnbook figures failed", "figure 'sigmoid' failed",
           "RuntimeError: axis trouble")


def test_an_unknown_value_fails_the_build_naming_page_and_name(project, tmp_path):
    edit(project / "docs" / "chapter" / "perceptron.md", "{{ prediction:.8f }}",
         "{{ predicton:.8f }}")
    failed(project, tmp_path, "chapter/perceptron.md", "unknown value 'predicton'")


def test_a_broken_equation_fails_the_build(project, tmp_path):
    edit(project / "docs" / "chapter" / "introduction.md", r"z = b + \sum_i w_i X_i,",
         r"z = b + \sum_i w_i X_i \frac{1}{,")
    failed(project, tmp_path, "nnbook math", "chapter/introduction.md", "cannot render")


def test_tex_that_would_reach_the_reader_raw_fails_the_build(project, tmp_path):
    # Markdown inside a raw HTML block is left alone, so arithmatex never sees this TeX.
    edit(project / "docs" / "index.md", "## How it is built",
         '<div class="note">\\(x^2\\) as raw HTML</div>\n\n## How it is built')
    failed(project, tmp_path, "nnbook math: index.md: unrendered TeX '\\\\('")


def test_a_doi_typo_fails_the_build(project, tmp_path):
    edit(project / "docs" / "chapter" / "applications.md", "10.1126/science.ade2574",
         "10.1126/science.ade2575")
    failed(project, tmp_path, "nnbook references", "reference 3", "10.1126/science.ade2574")


def test_an_off_site_asset_fails_the_build(project, tmp_path):
    edit(project / "docs" / "index.md", "## How it is built",
         '<img src="https://example.org/tracker.png" alt="x">\n\n## How it is built')
    failed(project, tmp_path, "index.md would load https://example.org/tracker.png")


def test_an_off_site_import_in_a_stylesheet_fails_the_build(project, tmp_path):
    css = project / "docs" / "css" / "nnbook.css"
    css.write_text('@import url("https://fonts.googleapis.com/css2?family=Roboto");\n'
                   + css.read_text())
    failed(project, tmp_path, "css/nnbook.css would load https://fonts.googleapis.com/css2")


def test_a_broken_link_fails_the_strict_build(project, tmp_path):
    edit(project / "docs" / "index.md", "(chapter/applications.md)", "(chapter/aplications.md)")
    failed(project, tmp_path, "chapter/aplications.md")


def test_a_missing_figure_fails_the_strict_build(project, tmp_path):
    edit(project / "docs" / "chapter" / "perceptron.md", "../figures/sigmoid.svg",
         "../figures/sigmoid-curve.svg")
    failed(project, tmp_path, "sigmoid-curve.svg")


def test_a_failing_notebook_cell_fails_the_build(project, tmp_path):
    edit(project / "docs" / "chapter" / "perceptron-hands-on.ipynb",
         "print(nnbook.predict(inputs, weights))", "print(nnbook.predict(inputs, weigths))")
    failed(project, tmp_path, "nnbook notebook chapter/perceptron-hands-on.ipynb failed",
           "NameError")
