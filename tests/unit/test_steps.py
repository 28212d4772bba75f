"""The build's cache: keys that cover what shapes an output, entries that are whole or gone."""

from __future__ import annotations

import json
import sys

import pytest

from scripts.hook.steps import Cache, Step, StepError, digest, environment


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a.py").write_text("A = 1\n")
    (tmp_path / "lib" / "b.py").write_text("B = 2\n")
    return tmp_path


def test_the_key_covers_every_file_its_path_python_and_the_packages(tree, monkeypatch):
    key = digest(tree, ["lib/*.py"])
    assert digest(tree, ["lib/*.py"]) == key
    (tree / "lib" / "b.py").write_text("B = 3\n")
    assert digest(tree, ["lib/*.py"]) != key
    (tree / "lib" / "b.py").write_text("B = 2\n")
    (tree / "lib" / "b.py").rename(tree / "lib" / "c.py")
    assert digest(tree, ["lib/*.py"]) != key, "a renamed file changes the key"
    (tree / "lib" / "c.py").rename(tree / "lib" / "b.py")
    assert digest(tree, ["lib/*.py"], ["scripts.steps.x"]) != key
    monkeypatch.setattr("scripts.hook.steps.installed", lambda: ["numpy-9.9.9.dist-info"])
    assert digest(tree, ["lib/*.py"]) != key, "another package version changes the key"


def test_a_published_entry_is_found_until_it_is_damaged(tmp_path):
    said = []
    cache = Cache(tmp_path / "cache", said.append)
    made = cache.scratch("step")
    (made / "out.txt").write_text("output")
    (made / "sub").mkdir()
    (made / "sub" / "more.txt").write_text("more")
    folder = cache.publish("step", "k1", made)
    assert cache.entry("step", "k1") == folder
    assert json.loads((folder / "MANIFEST.json").read_text()).keys() == {"out.txt",
                                                                         "sub/more.txt"}
    assert cache.entry("step", "k2") is None
    (folder / "sub" / "more.txt").write_text("moRe")
    assert cache.entry("step", "k1") is None
    assert not folder.exists()
    assert len(said) == 1
    assert "discarded the damaged cache entry" in said[0]
    assert "sub/more.txt does not match the manifest" in said[0]


def test_tidy_removes_scratch_folders_and_keeps_the_most_recently_used(tmp_path):
    import os
    cache = Cache(tmp_path / "cache", print)
    for n in range(8):
        made = cache.scratch("step")
        (made / "x").write_text(str(n))
        folder = cache.publish("step", f"k{n}", made)
        os.utime(folder, (n, n))
    cache.scratch("step")
    cache.entry("step", "k0")  # used now: kept
    cache.tidy()
    assert sorted(p.name for p in (tmp_path / "cache" / "step").iterdir()) == [
        "k0", "k4", "k5", "k6", "k7"]


def test_builds_take_turns_with_the_lock(tmp_path):
    first, second = Cache(tmp_path, print), Cache(tmp_path, print)
    first.lock(lambda: pytest.fail("nobody held it"))
    waited = []
    import threading
    thread = threading.Thread(target=second.lock, args=(lambda: waited.append(True),))
    thread.start()
    thread.join(0.3)
    assert thread.is_alive(), "the second build waits"
    first.unlock()
    thread.join(5)
    assert waited == [True]
    second.unlock()


def step(tree, module_source: str) -> Step:
    (tree / "stepmod.py").write_text(module_source)
    return Step("test step", "test", "stepmod", [], ["lib/*.py", "stepmod.py"], tree)


def test_a_step_runs_in_a_fresh_process_and_its_output_is_reused(tree):
    cache = Cache(tree / "cache", print)
    env = environment(tree, cache.folder, tree) | {"PYTHONPATH": str(tree)}
    run = step(tree, "import sys, pathlib\n"
                     "pathlib.Path(sys.argv[1], 'out.txt').write_text('made')\n")
    run.start(cache, env)
    folder = run.wait(cache)
    assert (folder / "out.txt").read_text() == "made"
    assert run.seconds is not None
    again = step(tree, (tree / "stepmod.py").read_text())
    again.start(cache, env)
    assert again.wait(cache) == folder
    assert again.seconds is None, "reused, not run"


@pytest.mark.parametrize(("source", "message"), [
    ("import sys\nprint('nnbook step failed: what went wrong', file=sys.stderr)\n"
     "print('more noise', file=sys.stderr)\nsys.exit(1)\n", "test step failed: what went wrong"),
    ("raise SystemExit(3)\n", "test step failed: exit status 3"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
     "test step failed: it was stopped by SIGKILL"),
    ("import pathlib\npathlib.Path('lib/a.py').write_text('A = 5')\n",
     "test step: its inputs changed while it ran; build again"),
])
def test_a_failed_step_says_why_and_publishes_nothing(tree, source, message):
    cache = Cache(tree / "cache", print)
    run = step(tree, source)
    run.start(cache, environment(tree, cache.folder, tree) | {"PYTHONPATH": str(tree)})
    with pytest.raises(StepError, match=f"^{message}$"):
        run.wait(cache)
    assert next((cache.folder / "test").iterdir()).name.startswith(".scratch-")
    assert len(list((cache.folder / "test").iterdir())) == 1


def test_a_steps_environment_holds_nothing_of_the_users(tmp_path, monkeypatch):
    monkeypatch.setenv("IPYTHONDIR", "/home/someone/.ipython")
    monkeypatch.setenv("MPLCONFIGDIR", "/home/someone/.mpl")
    monkeypatch.setenv("PYTHONSTARTUP", "/home/someone/startup.py")
    env = environment(tmp_path, tmp_path / "cache", tmp_path / "home")
    assert env["HOME"] == str(tmp_path / "home")
    assert env["MPLCONFIGDIR"] == str(tmp_path / "cache" / "matplotlib")
    assert "IPYTHONDIR" not in env
    assert "PYTHONSTARTUP" not in env
    assert env["PYTHONPATH"] == str(tmp_path)
    assert sys.executable
