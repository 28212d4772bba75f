"""The build's cache cannot lie: faults injected, the site is always what a clean build makes.

Each test builds a copy of the project into a reference site first, then breaks
something (kills a build, damages the cache, fills the user's home with settings)
and checks that the next build publishes the reference's bytes.
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

EPOCHS = ("nnbook/chapter.py", "epochs: int = 50_000", "epochs: int = 40_000")


def toggle(project, edit) -> None:
    path, old, new = project / edit[0], edit[1], edit[2]
    text = path.read_text()
    path.write_text(text.replace(old, new) if old in text else text.replace(new, old))


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A copy of the project with its cache warm, and the site a clean build made of it."""
    folder = tmp_path_factory.mktemp("reference")
    project = copy_project(folder / "project")
    built = mkdocs_build(project, folder / "site")
    assert built.returncode == 0, built.log
    return project, built.site


@pytest.fixture
def project(reference, tmp_path):
    """A copy of the reference project, its cache as warm."""
    import shutil
    shutil.copytree(reference[0], tmp_path / "project", symlinks=True,
                    ignore=shutil.ignore_patterns("site"))
    return tmp_path / "project"


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
    same_site(reference[1], undone.site)


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
    ("truncated", {"figures": "values.json", "notebook": "page.html"}),
    ("garbage", {"figures": "figures/sigmoid.dark.svg", "notebook": "notebook.ipynb"}),
    ("emptied", {"figures": "MANIFEST.json", "notebook": "page.json"}),
    ("made-a-folder", {"figures": "figures.json", "notebook": "MANIFEST.json"}),
])
def test_a_damaged_cache_is_discarded_made_again_and_said(reference, project, tmp_path, how,
                                                          pick):
    cache = project / ".cache" / "nnbook"
    damaged = []
    for step, name in pick.items():
        entries = sorted(p for p in cache.iterdir() if p.name.startswith(step))
        (entry,) = list(entries[-1].iterdir())  # the last, whichever notebook it is
        damage(entry / name, how)
        damaged.append(entry)
    damage(cache / "math.json", how)
    rebuilt = mkdocs_build(project, tmp_path / "site")
    assert rebuilt.returncode == 0, rebuilt.log
    for entry in [*damaged, cache / "math.json"]:
        assert re.search(rf"nnbook: discarded the damaged cache entry {re.escape(str(entry))} ",
                         rebuilt.log), rebuilt.log
    same_site(reference[1], rebuilt.site)
    again = mkdocs_build(project, tmp_path / "again")
    assert "discarded" not in again.log, "healed"
    assert re.search(r"figures: \d+ current; .*notebook .*: current; math: 0 rendered", again.log)


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
    same_site(reference[1], built.site)
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before


def test_an_edit_to_the_katex_script_renders_every_equation_again(project, tmp_path):
    script = project / "scripts" / "steps" / "katex_render.mjs"
    script.write_text(script.read_text().replace("trust: false,", "trust: false,\n"
                                                 "        maxExpand: 999,"))
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.log
    assert re.search(r"math: [1-9]\d* rendered, 0 cached", built.log), built.log
