"""Builds of copies of the project: what is redone when, and what fails the build."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from scripts.dev.projects import ENV
from tests.conftest import mkdocs_build, same_site

pytestmark = pytest.mark.site




def quiet_log(log: str) -> None:
    """At the default level a build logs MkDocs' own lines and nnbook's one, nothing else."""
    expected = [r"Cleaning site directory", r"Building documentation to directory: .+",
                r"nnbook: \d+ steps, \d+ current(; ran .+)?; build \d+\.\d s",
                r"Documentation built in \d+\.\d+ seconds"]
    lines = [line for line in log.splitlines() if re.match(r"(INFO|WARNING|ERROR)\s+-", line)]
    assert len(lines) == len(expected), log
    for line, pattern in zip(lines, expected, strict=True):
        assert re.fullmatch(rf"INFO\s+-\s+{pattern}", line), line


def edit(path, old, new):
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def test_steps_rerun_only_when_their_key_changed_and_an_undone_edit_finds_its_output(
        site, warm_copy, tmp_path):
    cold, project, first = site, warm_copy, site.site  # the clean build of a copy, its cache
    site = tmp_path / "site"
    quiet_log(cold.log)
    line = cold.summary
    steps = int(re.search(r"nnbook: (\d+) steps, 0 current", line)[1])
    assert set(cold.ran.values()) == {"it had not run before"}
    assert len(cold.ran) == steps, line
    kinds = {name.split()[0] for name in cold.ran}
    assert kinds == {"figures", "transcripts", "notebook", "math"}, line
    assert "notebook chapter/perceptron-hands-on.ipynb" in cold.ran

    warm = mkdocs_build(project, site)
    assert f"nnbook: {steps} steps, {steps} current; build" in warm.summary
    same_site(first, site)

    page = project / "docs" / "chapter" / "perceptron.md"
    edit(page, "Recommended lectures:", "Recommended lectures, to go further:")
    prose = mkdocs_build(project, site)
    assert prose.ran == {}, "a prose edit reruns no step"
    assert "to go further" in (site / "chapter/perceptron/index.html").read_text()

    run = project / "nnbook" / "runs" / "perceptron.py"
    edit(run, "PERCEPTRON = Parameters()", "PERCEPTRON = Parameters(epochs=20_000)")
    code = mkdocs_build(project, site)
    assert code.returncode == 0, code.log
    assert code.ran == {
        **dict.fromkeys(["figures nnbook.book.perceptron", "transcripts chapter/perceptron.md",
                         "notebook chapter/perceptron-hands-on.ipynb"],
                        "nnbook/runs/perceptron.py changed"),
        # Its equations quote trained weights ($x_1 = ...$), which the epochs change.
        "math chapter/perceptron.md": "its input changed"}, \
        "the steps that read the perceptron's run, and no other"
    assert "20,000 epochs" in (site / "chapter/perceptron/index.html").read_text()

    edit(run, "PERCEPTRON = Parameters(epochs=20_000)", "PERCEPTRON = Parameters()")
    edit(page, "Recommended lectures, to go further:", "Recommended lectures:")
    undone = mkdocs_build(project, site)
    assert undone.ran == {}, "an undone edit finds its output"
    same_site(first, site)


def test_a_dirty_build_rebuilds_the_edited_page_math_and_search_entries_and_all(warm_copy,
                                                                              tmp_path):
    project = warm_copy
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    edit(project / "docs/chapter/perceptron.md", "Recommended lectures:",
         "Recommended lectures, as hoped:")
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


def test_concurrent_builds_of_one_tree_take_turns_and_all_succeed(warm_copy, tmp_path):
    project = warm_copy
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    for _ in range(2):
        builds = [subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
            for _ in range(4)]
        logs = [build.communicate(timeout=300)[0] for build in builds]
        assert [build.returncode for build in builds] == [0] * 4, logs
        assert any("another build of this project is running; waiting" in log for log in logs)
        assert (site / "chapter" / "perceptron" / "index.html").is_file()
        assert len(list(site.rglob("*.html"))) >= 6


@pytest.fixture
def project(warm_copy):
    """A copy of the project with this tree's warm cache: only what a test breaks reruns."""
    return warm_copy


def failed(project, tmp_path, *expected):
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site / ".nojekyll").write_text("")
    (site / "stale.html").write_text("a page from an earlier build")
    built = mkdocs_build(project, site)
    assert built.returncode != 0, built.log
    for text in expected:
        assert text in built.log, built.log
    assert "Traceback" not in built.log, built.log
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert left == [".git", ".git/HEAD", ".nojekyll"], "no half site; hidden files kept"
    return built


def test_a_failing_figure_fails_the_build_naming_it(project, tmp_path):
    edit(project / "nnbook" / "book" / "perceptron_figures.py", '        ax.set_ylabel("φ(z)")',
         '        ax.set_ylabel("φ(z)")\n        raise RuntimeError("axis trouble")')
    failed(project, tmp_path, "nnbook figures nnbook.book.perceptron failed",
           "figure 'sigmoid' failed", "RuntimeError: axis trouble")


def test_an_unknown_value_fails_the_build_naming_page_and_name(project, tmp_path):
    edit(project / "docs" / "chapter" / "perceptron.md", "{{ prediction:.8f }}",
         "{{ predicton:.8f }}")
    failed(project, tmp_path, "chapter/perceptron.md", "unknown value 'predicton'")


@pytest.mark.parametrize("broken", ["Value {{ prediction }.", "Value { prediction }}.",
                                    "Value {{ 3 }}."])
def test_a_brace_left_unfilled_fails_the_build_naming_page_and_text(project, tmp_path, broken):
    edit(project / "docs" / "chapter" / "perceptron.md", "Recommended lectures:",
         f"{broken}\n\nRecommended lectures:")
    failed(project, tmp_path, "chapter/perceptron.md: a ", "that is not part of a placeholder",
           broken[:9])


def test_braces_in_a_notebooks_text_fail_the_build(project, tmp_path):
    edit(project / "docs" / "chapter" / "perceptron-hands-on.ipynb", "## One step",
         "## One step\\n\\nThe {{ nope }} value")
    failed(project, tmp_path, "chapter/perceptron-hands-on.ipynb: a brace pair in a Markdown "
           "cell, in '", "The {{ nope }} value")


def test_a_broken_equation_fails_the_build(project, tmp_path):
    edit(project / "docs" / "chapter" / "introduction.md", r"z = b + \sum_i w_i x_i,",
         r"z = b + \sum_i w_i x_i \frac{1}{,")
    failed(project, tmp_path, "nnbook math chapter/introduction.md failed",
           "chapter/introduction.md: cannot render")


def test_tex_that_would_reach_the_reader_raw_fails_the_build(project, tmp_path):
    # Markdown inside a raw HTML block is left alone, so arithmatex never sees this TeX.
    edit(project / "docs" / "index.md", "## How it is built",
         '<div class="note">\\(x^2\\) as raw HTML</div>\n\n## How it is built')
    failed(project, tmp_path, "nnbook math: index.md: unrendered TeX '\\\\('")


def test_a_doi_typo_fails_the_build(project, tmp_path):
    edit(project / "docs" / "chapter" / "applications.md", "10.1126/science.ade2574",
         "10.1126/science.ade2575")
    failed(project, tmp_path, "nnbook: chapter/applications.md: reference 3",
           "10.1126/science.ade2574")


@pytest.mark.parametrize("html", [
    '<img src="https://example.org/t.png" alt="x">',
    '<svg><image href="https://example.org/t.png"/></svg>',
    '<link rel="prerender" href="https://example.org/t.png">',
    '<script>new Image().src="https://example.org/t.png"</script>',
    '<p style="background-image: url(&quot;https://example.org/t.png&quot;)">x</p>',
])
def test_an_off_site_load_fails_the_build(project, tmp_path, html):
    edit(project / "docs" / "index.md", "## How it is built", f"{html}\n\n## How it is built")
    failed(project, tmp_path, "index.md would load https://example.org/t.png")


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


def test_a_kernel_that_dies_fails_the_build_saying_so(project, tmp_path):
    edit(project / "docs" / "chapter" / "perceptron-hands-on.ipynb",
         "print(nnbook.predict(inputs, weights))",
         "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    failed(project, tmp_path, "nnbook notebook chapter/perceptron-hands-on.ipynb failed: "
           "chapter/perceptron-hands-on.ipynb: the kernel died")


def test_an_invalid_notebook_fails_the_build_naming_it(project, tmp_path):
    notebook = project / "docs" / "chapter" / "perceptron-hands-on.ipynb"
    notebook.write_text(notebook.read_text()[:-40])
    failed(project, tmp_path, "nnbook notebook chapter/perceptron-hands-on.ipynb failed: "
           "chapter/perceptron-hands-on.ipynb: is not a valid notebook")


def test_a_build_without_the_loopback_network_says_the_kernel_needs_it(project, tmp_path):
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.fail("this test needs util-linux's unshare and root, to build in a network "
                    "namespace of its own, where the loopback network is down")
    site = tmp_path / "site"
    edit(project / "docs" / "chapter" / "perceptron-hands-on.ipynb", "## One step",
         "## One step, again")  # so the notebook runs
    done = subprocess.run(["unshare", "--net", sys.executable, "-m", "mkdocs", "build",
                           "--strict", "--site-dir", str(site)], cwd=project,
                          capture_output=True, text=True, timeout=300, check=False, env=ENV)
    log = done.stdout + done.stderr
    assert done.returncode != 0, log
    assert "chapter/perceptron-hands-on.ipynb: the Jupyter kernel could not be started" in log
    assert "loopback network, 127.0.0.1" in log
    assert "Traceback" not in log
