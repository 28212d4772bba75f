"""What an edit reruns: exactly the steps that read what it changed, each saying which file
made it run; and the site it ends with is a clean build's of the same tree, byte for byte.

Each test takes a copy of the project with the cache of the run's clean build (``site``),
edits it, builds, and compares with the clean build of the tree as edited: ``site`` itself
when the edit changes no output, else a build of a copy of the edited tree with no cache.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest

from scripts.dev.projects import ENV, Built, mkdocs_build
from scripts.hook.steps import sha256
from tests.conftest import same_site

pytestmark = pytest.mark.site

HIDDEN_LAYER = ["figures nnbook.book.hidden_layer", "notebook chapter/hidden-layer-hands-on.ipynb"]


def edit(path, old, new):
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def built(project, tmp_path, name: str = "site") -> Built:
    done = mkdocs_build(project, tmp_path / name)
    assert done.returncode == 0, done.log
    return done


def clean_build(project, tmp_path) -> Built:
    """A build of a copy of ``project`` as it is now, with no cache."""
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, symlinks=True, ignore=shutil.ignore_patterns(".cache",
                                                                                "site"))
    return built(clean, tmp_path, "clean-site")


def test_an_edit_to_one_pages_figure_code_reruns_that_page_alone(site, warm_copy, tmp_path):
    edit(warm_copy / "nnbook" / "book" / "hidden_layer_figures.py",
         'ax.set_ylabel(r"$\\hat y - y$")', 'ax.set_ylabel(r"$\\hat y - y$")  # the error')
    rebuilt = built(warm_copy, tmp_path)
    assert rebuilt.ran == dict.fromkeys(HIDDEN_LAYER, "nnbook/book/hidden_layer_figures.py "
                                                      "changed"), rebuilt.summary
    same_site(site.site, rebuilt.site)  # the edit changes no output: the clean build's


def test_a_module_read_through_others_is_in_the_key(site, warm_copy, tmp_path):
    """nnbook/original.py is imported by the perceptron page's run alone, and no page imports
    it itself: the steps that read that run rerun, and no other."""
    edit(warm_copy / "nnbook" / "original.py", "import numpy as np\n",
         "import numpy as np  # the seed's own import\n")
    rebuilt = built(warm_copy, tmp_path)
    assert rebuilt.ran == dict.fromkeys(
        ["figures nnbook.book.perceptron", "transcripts chapter/perceptron.md",
         "notebook chapter/perceptron-hands-on.ipynb"], "nnbook/original.py changed"), \
        rebuilt.summary
    same_site(site.site, rebuilt.site)


def test_a_new_import_is_picked_up_and_a_removed_module_is_seen(site, warm_copy, tmp_path):
    page = warm_copy / "nnbook" / "book" / "hidden_layer.py"
    extra = warm_copy / "nnbook" / "book" / "extra.py"
    extra.write_text('"""A module the hidden-layer page comes to import."""\n')
    edit(page, "from nnbook import network\n",
         "from nnbook import network\nfrom nnbook.book import extra  # noqa: F401\n")
    first = built(warm_copy, tmp_path)
    assert first.ran == {"figures nnbook.book.hidden_layer": "nnbook/book/hidden_layer.py "
                                                             "changed"}, first.summary
    extra.write_text('"""A module the hidden-layer page imports, edited."""\n')
    second = built(warm_copy, tmp_path)
    assert second.ran == {"figures nnbook.book.hidden_layer": "nnbook/book/extra.py changed"}, \
        "newly imported, so in the page's key"
    extra.unlink()
    removed = mkdocs_build(warm_copy, tmp_path / "site")
    assert removed.returncode != 0
    assert "nnbook figures nnbook.book.hidden_layer failed" in removed.log
    assert "cannot import name 'extra' from 'nnbook.book'" in removed.log
    edit(page, "from nnbook.book import extra  # noqa: F401\n", "")
    undone = built(warm_copy, tmp_path)
    assert undone.ran == {}, "the page as it was, found in the cache"
    same_site(site.site, undone.site)


def test_an_edit_to_a_data_file_a_step_opens_reruns_that_step(warm_copy, tmp_path):
    page = warm_copy / "nnbook" / "book" / "introduction.py"
    (warm_copy / "nnbook" / "book" / "introduction.txt").write_text("the first note")
    edit(page, '    return Book({"network-layers": layers_network}, {})',
         '    from pathlib import Path\n'
         '    note = Path(__file__).with_suffix(".txt").read_text()\n'
         '    return Book({"network-layers": layers_network}, {"introduction_note": note})')
    edit(warm_copy / "docs" / "chapter" / "introduction.md", "## TensorFlow Playground",
         "A note: {{ introduction_note }}.\n\n## TensorFlow Playground")
    first = built(warm_copy, tmp_path)
    assert first.ran == {"figures nnbook.book.introduction": "nnbook/book/introduction.py "
                                                             "changed"}, first.summary
    assert "A note: the first note." in first.page("chapter/introduction")
    (warm_copy / "nnbook" / "book" / "introduction.txt").write_text("the second note")
    second = built(warm_copy, tmp_path)
    assert second.ran == {"figures nnbook.book.introduction": "nnbook/book/introduction.txt "
                                                              "changed"}, second.summary
    assert "A note: the second note." in second.page("chapter/introduction")
    same_site(clean_build(warm_copy, tmp_path).site, second.site)


def test_the_package_of_the_pages_is_in_the_key(site, warm_copy, tmp_path):
    """Another package of pages, the same as nnbook.book, added to the tree: no step reads it,
    so none runs. mkdocs.yml pointed at it: its steps run, for a key of files they have not
    read is no key of theirs; and, their output the same, the site is the clean build's."""
    shutil.copytree(warm_copy / "nnbook" / "book", warm_copy / "nnbook" / "pages")
    for module in (warm_copy / "nnbook" / "pages").glob("*.py"):
        module.write_text(module.read_text().replace("nnbook.book", "nnbook.pages"))
    added = built(warm_copy, tmp_path)
    assert added.ran == {}, added.summary
    edit(warm_copy / "mkdocs.yml", "book: nnbook.book", "book: nnbook.pages")
    pointed = built(warm_copy, tmp_path)
    assert pointed.ran == dict.fromkeys(
        ["figures nnbook.pages.hidden_layer", "figures nnbook.pages.introduction",
         "figures nnbook.pages.perceptron"], "it had not run before"), pointed.summary
    same_site(site.site, pointed.site)


def test_an_edit_made_and_undone_while_a_step_runs_never_reaches_the_site(site, warm_copy,
                                                                          tmp_path):
    """The perceptron page's module, edited so that its step runs, gets a value changed once
    the step has started and before it reads the module, and the change undone once it has:
    that build fails, saying so, and keeps the step's output under the key of what it read;
    the next build runs the step again, and the site is the clean build's."""
    module = warm_copy / "nnbook" / "book" / "perceptron.py"
    tree = module.read_text() + "# a comment no build has seen\n"
    module.write_text(tree)
    changed = tree.replace("EARLY = 1_000", "EARLY = 800")
    steps = warm_copy / ".cache" / "nnbook" / "figures-nnbook.book.perceptron"
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                              str(tmp_path / "site")], cwd=warm_copy, env=ENV, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def reads() -> str:
        return "".join(p.read_text() for p in steps.glob(".scratch-*/READS.jsonl"))

    def wait_for(condition, what: str) -> None:
        end = time.monotonic() + 120
        while not condition():
            assert build.poll() is None, f"the build ended before {what}"
            assert time.monotonic() < end, f"never: {what}"
            time.sleep(0.005)

    wait_for(lambda: "scripts/steps/figures.py" in reads(), "the step started")
    module.write_text(changed)  # while the step imports Matplotlib, before the module
    wait_for(lambda: "nnbook/book/perceptron.py" in reads(), "the step read the module")
    module.write_text(tree)  # undone while the step trains
    log = build.communicate(timeout=300)[0]
    assert build.returncode != 0, log
    assert ("nnbook figures nnbook.book.perceptron: its inputs changed while it ran; build "
            "again") in log
    kept = [json.loads(p.read_text())["reads"] for p in steps.glob("*/MANIFEST.json")]
    assert sha256(changed.encode()) in [r["nnbook/book/perceptron.py"] for r in kept], \
        "what the step made of the change is kept under the change's key"
    again = built(warm_copy, tmp_path)
    assert again.ran == {"figures nnbook.book.perceptron": "nnbook/book/perceptron.py changed"}
    same_site(site.site, again.site)
