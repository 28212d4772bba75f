"""The build's cache: a step is keyed on who it is and on the bytes of every file it read, as
it read them; entries are whole or gone."""

from __future__ import annotations

import json
import os
import sys

import pytest

from scripts.dev.serving import until
from scripts.hook.steps import Cache, Step, StepError, environment, sha256


@pytest.fixture
def tree(tmp_path):
    """A project: a package the steps import, and a data file."""
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("")
    (tmp_path / "lib" / "a.py").write_text("from lib import b\nA = 1 + b.B\n")
    (tmp_path / "lib" / "b.py").write_text("B = 2\n")
    (tmp_path / "lib" / "unread.py").write_text("C = 3\n")
    (tmp_path / "data.txt").write_text("4\n")
    return tmp_path


def cache_of(tree) -> tuple[Cache, dict[str, str]]:
    cache = Cache(tree / ".cache", tree, print)
    env = environment(tree, cache.folder, tree) | {
        "PYTHONPATH": os.pathsep.join([str(tree), os.getcwd()])}  # the tree, then scripts
    return cache, env


#: A step that imports lib.a (and so lib.b), opens data.txt and writes what it got.
STEP = """
import pathlib, sys
from scripts.steps import main

def make(out, *args):
    from lib import a
    data = pathlib.Path("data.txt").read_text().strip()
    (out / "out.txt").write_text(f"{a.A} {data} {sys.stdin.read()} {list(args)}")

sys.exit(main(make))
"""


def step(tree, source: str = STEP, payload: str = "", args=()) -> Step:
    (tree / "stepmod.py").write_text(source)
    return Step("test step", list(args), payload, module="stepmod")


def run(tree, **kwargs) -> Step:
    cache, env = cache_of(tree)
    made = step(tree, **kwargs)
    made.start(cache, env)
    made.wait(cache)
    return made


def test_a_step_records_what_it_imported_and_opened_as_it_read_them(tree):
    made = run(tree)
    assert (made.output / "out.txt").read_text() == "3 4  []"
    assert made.seconds is not None
    assert made.reason == "it had not run before"
    record = json.loads((made.output / "MANIFEST.json").read_text())
    assert set(record["reads"]) == {"stepmod.py", "lib/__init__.py", "lib/a.py", "lib/b.py",
                                    "data.txt"}, "what it read, and only that"
    assert set(record["files"]) == {"out.txt"}


def test_its_output_is_reused_until_a_file_it_read_changes_and_found_again_when_undone(tree):
    first = run(tree)
    again = run(tree)
    assert again.output == first.output
    assert again.seconds is None, "reused, not run"
    (tree / "lib" / "unread.py").write_text("C = 30\n")
    assert run(tree).seconds is None, "a file it never read is not in its key"
    (tree / "lib" / "b.py").write_text("B = 20\n")
    edited = run(tree)
    assert edited.reason == "lib/b.py changed", "read through lib.a, so in the key"
    assert (edited.output / "out.txt").read_text() == "21 4  []"
    (tree / "data.txt").write_text("5\n")
    assert run(tree).reason == "data.txt changed"
    (tree / "data.txt").write_text("4\n")
    (tree / "lib" / "b.py").write_text("B = 2\n")
    undone = run(tree)
    assert undone.seconds is None
    assert undone.output == first.output


def test_a_removed_module_and_a_new_import_are_seen(tree):
    run(tree)
    (tree / "lib" / "a.py").write_text("from lib import b, unread\nA = 1 + b.B + unread.C\n")
    assert run(tree).reason == "lib/a.py changed"
    (tree / "lib" / "unread.py").write_text("C = 30\n")
    assert run(tree).reason == "lib/unread.py changed", "newly imported, so now in the key"
    (tree / "lib" / "unread.py").unlink()
    with pytest.raises(StepError, match="cannot import name 'unread' from 'lib'"):
        run(tree)
    cache, _ = cache_of(tree)
    assert cache.find("test-step", step(tree).identity(cache))[1] == "lib/unread.py was removed"


@pytest.mark.parametrize(("change", "reason"), [
    ({"payload": "other"}, "its input changed"),
    ({"args": ["x"]}, "its arguments changed"),
])
def test_its_identity_is_in_the_key(tree, change, reason):
    run(tree)
    assert run(tree, **change).reason == reason


def test_the_identity_covers_python_and_every_installed_package(tree, monkeypatch):
    identity = step(tree).identity(cache_of(tree)[0])
    monkeypatch.setattr("scripts.hook.steps.installed", lambda: ("numpy-9.9.9.dist-info",))
    assert step(tree).identity(cache_of(tree)[0])["packages"] != identity["packages"]
    monkeypatch.setattr(sys, "version", "3.99.0")
    assert step(tree).identity(cache_of(tree)[0])["python"] != identity["python"]


def test_an_edit_made_and_undone_while_a_step_runs_is_never_published_as_the_tree(tree):
    """The step reads lib/b.py while it holds an edit, which is undone before the step ends:
    the build says so, and the entry, keyed on what the step read, is not the undone tree's."""
    source = STEP.replace('    from lib import a\n', '''    import os, time
    while not os.path.exists("edited"):
        time.sleep(0.01)
    from lib import a
    os.mkdir("read")
    while not os.path.exists("undone"):
        time.sleep(0.01)
''')
    cache, env = cache_of(tree)
    made = step(tree, source)
    made.start(cache, env)
    (tree / "lib" / "b.py").write_text("B = 200\n")  # an edit made while it runs...
    (tree / "edited").mkdir()
    until(lambda: (tree / "read").exists(), "the step never read the edit")
    (tree / "lib" / "b.py").write_text("B = 2\n")  # ...and undone before it ends
    (tree / "undone").mkdir()
    with pytest.raises(StepError, match=r"^test step: its inputs changed while it ran; "
                                        r"build again$"):
        made.wait(cache)
    (entry,) = [p for p in (tree / ".cache" / "test-step").iterdir() if not p.name.startswith(".")]
    assert (entry / "out.txt").read_text().startswith("201 "), "made from the edit"
    record = json.loads((entry / "MANIFEST.json").read_text())
    assert record["reads"]["lib/b.py"] == sha256(b"B = 200\n"), "and keyed on it"
    again = step(tree, source)
    again.start(cache, env)
    assert again.output is None, "the undone tree does not match the edit's entry"
    assert again.reason == "lib/b.py changed"
    again.stop()


def test_a_published_entry_is_found_until_it_is_damaged(tree):
    said = []
    made = run(tree)
    (made.output / "out.txt").write_text("moRe")
    cache, env = cache_of(tree)
    cache.log = said.append
    again = step(tree)
    again.start(cache, env)
    again.wait(cache)
    assert again.seconds is not None, "made again"
    assert len(said) == 1
    assert said[0].startswith(f"nnbook: discarded the damaged cache entry {made.output} ")
    assert "out.txt does not match the manifest" in said[0]


def test_tidy_removes_scratch_folders_and_keeps_the_most_recently_used(tmp_path):
    cache = Cache(tmp_path / "cache", tmp_path, print)
    folders = []
    (tmp_path / "cache" / "step").mkdir(parents=True)
    for n in range(8):
        made = tmp_path / "cache" / "step" / f".scratch-{n}"
        made.mkdir()
        (made / "x").write_text(str(n))
        (made / "READS.jsonl").write_text(json.dumps({"path": "f", "sha256": str(n)}) + "\n")
        folder, _ = cache.publish("step", {"n": str(n)}, made)
        os.utime(folder, (n, n))
        folders.append(folder.name)
    (tmp_path / "cache" / "step" / ".scratch-left").mkdir()  # a build that ended early
    os.utime(tmp_path / "cache" / "step" / folders[0])  # used now: kept
    cache.tidy()
    assert sorted(p.name for p in (tmp_path / "cache" / "step").iterdir()) == sorted(
        [folders[0], *folders[4:]])


def test_builds_take_turns_with_the_lock(tmp_path):
    first, second = Cache(tmp_path, tmp_path, print), Cache(tmp_path, tmp_path, print)
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


@pytest.mark.parametrize(("source", "message"), [
    ("import sys\nprint('nnbook step failed: what went wrong', file=sys.stderr)\n"
     "print('more noise', file=sys.stderr)\nsys.exit(1)\n", "test step failed: what went wrong"),
    ("raise SystemExit(3)\n", "test step failed: exit status 3"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
     "test step failed: it was stopped by SIGKILL"),
    (STEP.replace('(out / "out.txt")', 'pathlib.Path("lib/a.py").write_text("A = 5")\n    '
                  '(out / "out.txt")'), "test step: its inputs changed while it ran; build again"),
])
def test_a_failed_step_says_why_and_publishes_nothing_the_tree_matches(tree, source, message):
    cache, env = cache_of(tree)
    made = step(tree, source)
    made.start(cache, env)
    with pytest.raises(StepError, match=f"^{message}$"):
        made.wait(cache)
    again = step(tree, source)
    again.start(cache, env)
    assert again.output is None
    again.stop()


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
