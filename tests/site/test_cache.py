"""The build's cache cannot lie: faults injected, the site is always what a clean build makes.

Each test takes a copy of the project with the cache of a clean build (the ``site``
fixture's, the reference), breaks something (kills a build, damages the cache, fills the
user's home with settings) and checks that the next build publishes the reference's bytes.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from scripts.dev.projects import ENV, copy_project, mkdocs_build
from tests.conftest import same_site

pytestmark = pytest.mark.site

EPOCHS = ("nnbook/runs/perceptron.py", "PERCEPTRON = Parameters()",
          "PERCEPTRON = Parameters(epochs=40_000)")


def toggle(project, edit) -> None:
    path, old, new = project / edit[0], edit[1], edit[2]
    text = path.read_text()
    path.write_text(text.replace(old, new) if old in text else text.replace(new, old))


@pytest.fixture
def reference(site):
    """The site a clean build made of this tree."""
    return site.site


@pytest.fixture
def project(warm_copy):
    """A copy of the project, its cache that of the reference's build."""
    return warm_copy


def gone(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("delay", [0.7, 2.0])
@pytest.mark.parametrize(("kill", "whole_group"), [(signal.SIGINT, True), (signal.SIGKILL, True),
                                                    (signal.SIGKILL, False)],
                         ids=["ctrl-c", "kill-group", "kill-mkdocs-alone"])
def test_a_build_killed_at_any_moment_leaves_nothing_a_later_build_takes(
        reference, project, tmp_path, delay, kill, whole_group):
    toggle(project, EPOCHS)
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
         str(tmp_path / "killed")], cwd=project, env=ENV, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(delay)
    if whole_group:
        os.killpg(build.pid, kill)
    else:
        build.send_signal(kill)  # its steps live on, and finish writing their scratch folders
    build.wait(timeout=60)
    end = time.monotonic() + 120
    while not gone(build.pid) and time.monotonic() < end:
        time.sleep(0.1)
    assert gone(build.pid), "the orphaned steps never ended"

    toggle(project, EPOCHS)  # the edit undone
    undone = mkdocs_build(project, tmp_path / "site")
    assert undone.returncode == 0, undone.log
    same_site(reference, undone.site)


def test_a_build_killed_mid_way_then_run_again_makes_the_edited_site(reference, project,
                                                                     tmp_path):
    toggle(project, EPOCHS)
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"],
                             cwd=project, env=ENV, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    build.kill()
    build.wait()
    again = mkdocs_build(project, tmp_path / "again")
    assert again.returncode == 0, again.log
    clean = copy_project(tmp_path / "clean")
    toggle(clean, EPOCHS)
    expected = mkdocs_build(clean, tmp_path / "clean-site")
    same_site(expected.site, again.site)
    assert "40,000 epochs" in again.page("chapter/perceptron")


def damage(path, how: str) -> None:
    if how == "truncated":
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    elif how == "garbage":
        path.write_bytes(os.urandom(200))
    elif how == "emptied":
        path.write_bytes(b"")
    else:  # a folder where the file was
        path.unlink()
        path.mkdir()
        (path / "inside").write_text("x")


@pytest.mark.parametrize(("how", "pick"), [
    ("truncated", {"figures": "values.json", "notebook": "page.html", "math": "math.json"}),
    ("garbage", {"figures": "figures/sigmoid.dark.svg", "notebook": "notebook.ipynb",
                 "math": "MANIFEST.json"}),
    ("emptied", {"figures": "MANIFEST.json", "notebook": "page.json", "transcripts":
                 "transcripts.json"}),
    ("made-a-folder", {"figures": "figures.json", "notebook": "MANIFEST.json",
                       "math": "math.json"}),
])
def test_a_damaged_cache_is_discarded_made_again_and_said(reference, project, tmp_path, how,
                                                          pick):
    cache = project / ".cache" / "nnbook"
    damaged = []
    for step, name in pick.items():
        entries = sorted(p for p in cache.iterdir() if p.name.startswith(step))
        (entry,) = list(entries[-1].iterdir())  # the last of its kind, whichever page it is
        damage(entry / name, how)
        damaged.append(entry)
    rebuilt = mkdocs_build(project, tmp_path / "site")
    assert rebuilt.returncode == 0, rebuilt.log
    for entry in damaged:
        assert re.search(rf"nnbook: discarded the damaged cache entry {re.escape(str(entry))} ",
                         rebuilt.log), rebuilt.log
    same_site(reference, rebuilt.site)
    again = mkdocs_build(project, tmp_path / "again")
    assert "discarded" not in again.log, "healed"
    assert re.search(r"nnbook: (\d+) steps, \1 current; build", again.log), again.log


def test_nothing_of_the_users_home_shapes_the_site_and_nothing_is_written_there(
        reference, tmp_path):
    home = tmp_path / "home"
    startup = home / ".ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-print.py").write_text("import numpy\nnumpy.set_printoptions(precision=2)\n")
    for rc in (home / ".config" / "matplotlib", tmp_path / "mplconfig"):
        rc.mkdir(parents=True)
        (rc / "matplotlibrc").write_text("lines.linewidth: 9\nsvg.fonttype: none\n")
    before = sorted(p.relative_to(home) for p in home.rglob("*"))
    project = copy_project(tmp_path / "project")  # no cache: everything is made anew
    built = mkdocs_build(project, tmp_path / "site", env={
        "HOME": str(home), "MPLCONFIGDIR": str(tmp_path / "mplconfig"),
        "IPYTHONDIR": str(home / ".ipython"), "PYTHONSTARTUP": str(startup / "00-print.py")})
    assert built.returncode == 0, built.log
    same_site(reference, built.site)
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before


def test_an_edit_to_the_katex_script_renders_every_equation_again(project, tmp_path):
    script = project / "scripts" / "steps" / "katex_render.mjs"
    script.write_text(script.read_text().replace("trust: false,", "trust: false,\n"
                                                 "        maxExpand: 999,"))
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.log
    ran = re.findall(r"; ran (\S+) \S+ in [\d.]+ s \(([^)]*)\)", built.log)
    math = sorted(p.name for p in (project / ".cache" / "nnbook").glob("math-*"))
    assert len(ran) == len(math) > 3, built.log
    assert set(ran) == {("math", "scripts/steps/katex_render.mjs changed")}, built.log
