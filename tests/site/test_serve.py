"""``mkdocs serve``: each step's next process waits ready, and still runs the nnbook on disk."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.bench import ctrl_c_reaches_children, fetch, free_port
from scripts.jobs import Spares, Step
from tests.conftest import ROOT, copy_project

pytestmark = pytest.mark.site

NOTEBOOK = "docs/chapter/perceptron-hands-on.ipynb"
PRINT_AT_IMPORT = 'print("nnbook as edited after the spare started")\n'


def notebook_step(project: Path, stem: Path) -> Step:
    return Step("notebook", [sys.executable, "-m", "scripts.run_notebook",
                             str(project / NOTEBOOK), str(stem)],
                "", stem.with_suffix(".digest"), [], project,
                preload=("scripts.run_notebook:warm_up",))


def test_a_spare_that_imported_nnbook_is_refused():
    done = subprocess.run([sys.executable, "-m", "scripts.spare", "numpy", "nnbook.activations"],
                          input="", capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "imported nnbook" in done.stderr
    assert "would not see the nnbook on disk" in done.stderr


def cli_step(folder: Path, name: str = "train", preload: tuple[str, ...] = ("numpy",)) -> Step:
    """A quick step; a run that succeeds writes its digest to a stamp in ``folder``."""
    return Step(name, [sys.executable, "-m", "nnbook.cli", "train", "--json", "--epochs", "10"],
                "", folder / f"{name}.digest", [], ROOT, preload=preload)


def test_spares_are_taken_refilled_and_let_go_when_the_scripts_change(tmp_path):
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "step.py"
    script.write_text("# version 1\n")
    warnings = []
    spares = Spares(tmp_path, ["scripts/*.py"], warnings.append)
    step = cli_step(tmp_path)
    try:
        assert spares.take(step) is None, "none ready before the first refill"
        spares.refill([step])
        spare = spares.take(step)
        step.start(spare)
        step.wait()
        assert step.warm
        assert spare is step.process
        assert json.loads(step.stdout)["epochs"] == 10
        spares.refill([step])
        script.write_text("# version 2\n")
        assert spares.take(step) is None, "a spare made with older scripts is not used"
        assert len(spares.leaving) == 1
        spares.refill([step])
        assert spares.ready[step.name][0].poll() is None, "a new spare, ready"
    finally:
        spares.close()
    assert not spares.leaving
    assert not spares.ready
    assert warnings == []


def test_a_spare_that_ended_early_is_reported_and_not_used(tmp_path):
    warnings = []
    spares = Spares(tmp_path, ["scripts/*.py"], warnings.append)
    step = cli_step(tmp_path, "figures", preload=("nnbook",))
    spares.refill([step])
    spares.ready["figures"][0].wait(timeout=60)
    assert spares.take(step) is None
    assert len(warnings) == 1
    assert "the spare process for figures ended early" in warnings[0]
    assert "imported nnbook" in warnings[0]
    spares.close()


def test_a_spare_runs_the_notebook_as_a_fresh_process_would_with_nnbook_from_disk(tmp_path):
    project = copy_project(tmp_path / "project")
    warm = notebook_step(project, tmp_path / "warm" / "notebook")
    spare = warm.spare()
    time.sleep(3)  # the spare has its kernel up and NumPy and Matplotlib imported
    init = project / "nnbook" / "__init__.py"
    init.write_text(init.read_text() + PRINT_AT_IMPORT)
    warm.start(spare)
    warm.wait()
    assert warm.warm
    fresh = notebook_step(project, tmp_path / "fresh" / "notebook")
    fresh.start()
    fresh.wait()
    assert not fresh.warm
    for suffix in (".ipynb", ".html", ".json"):
        made = (tmp_path / "warm" / "notebook").with_suffix(suffix).read_bytes()
        assert made == (tmp_path / "fresh" / "notebook").with_suffix(suffix).read_bytes(), suffix
    executed = (tmp_path / "warm" / "notebook.ipynb").read_text()
    assert "nnbook as edited after the spare started" in executed
    assert '"execution_count": 1,' in executed, "the warm-up ran no counted cell"


def test_an_unused_spare_shuts_its_kernel_down(tmp_path):
    spare = notebook_step(copy_project(tmp_path / "project"), tmp_path / "nb").spare()
    _until(lambda: _kernels_of(spare.pid), "the spare started no kernel", 60)
    kernels = _kernels_of(spare.pid)
    spare.communicate(timeout=30)  # no order
    assert spare.returncode == 0
    _until(lambda: not [pid for pid in kernels if _running(pid)], "its kernel lives on", 10)


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _children(pid: int, marker: bytes) -> list[int]:
    """Child processes of ``pid`` (started from any of its threads) whose command has ``marker``."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                if marker in Path(f"/proc/{child}/cmdline").read_bytes():
                    found.append(int(child))
            except FileNotFoundError:  # it ended meanwhile
                pass
    return found


def _kernels_of(pid: int) -> list[int]:
    return _children(pid, b"ipykernel")


def _in_session(session: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _until(condition, what: str, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            pytest.fail(what)
        time.sleep(0.1)


def test_serve_redraws_a_figure_after_an_nnbook_edit_using_spares(tmp_path):
    project = copy_project(tmp_path / "project", with_cache=True)
    port = free_port()
    log = tmp_path / "serve.log"
    ctrl_c_reaches_children()
    with log.open("w") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    figure = f"http://127.0.0.1:{port}/figures/sigmoid.svg"

    def served(condition, what: str) -> None:
        _until(condition, f"mkdocs serve: {what} (log: {log})")

    try:
        served(lambda: fetch(figure), "the first build never served the figure")
        before = fetch(figure)
        served(lambda: len(_spares_of(serve.pid)) == 2, "no spare for each step")
        time.sleep(3)  # let them warm up
        figures = project / "nnbook" / "figures.py"
        figures.write_text(figures.read_text().replace('ax.set_ylabel("sigmoid(x)")',
                                                       'ax.set_ylabel("sigmoid of x")'))
        served(lambda: fetch(figure) not in ("", before), "the edited figure never came")
        served(lambda: log.read_text().count("nnbook: figures:") >= 2, "no second build line")
        second = [line for line in log.read_text().splitlines() if "nnbook: figures:" in line][1]
        assert re.search(r"figures: 1 redrawn \(sigmoid\), 6 current in [\d.]+ s by a spare "
                         r"process", second), second
        assert re.search(r"notebook chapter/perceptron-hands-on\.ipynb: executed in [\d.]+ s "
                         r"by a spare process", second), second
        served(lambda: len(_spares_of(serve.pid)) == 2, "no new spares after the build")
        time.sleep(3)
        # A spare imported the build scripts when it started: after they change, it is not used.
        page = project / "scripts" / "notebook_page.py"
        page.write_text(page.read_text() + "\n# edited under mkdocs serve\n")
        served(lambda: log.read_text().count("nnbook: figures:") >= 3, "no third build line")
        third = [line for line in log.read_text().splitlines() if "nnbook: figures:" in line][2]
        assert re.search(r"figures: 0 redrawn, 7 current; notebook chapter/perceptron-hands-on"
                         r"\.ipynb: executed in [\d.]+ s;", third), third
        def kernels_of_spares() -> list[int]:
            return [k for spare in _spares_of(serve.pid) for k in _kernels_of(spare)]

        served(kernels_of_spares, "the notebook's spare started no kernel")
        kernels = kernels_of_spares()
    finally:
        os.killpg(serve.pid, signal.SIGINT)  # Ctrl-C: MkDocs runs on_shutdown
        serve.wait(timeout=60)
    # A kernel runs in a session of its own: it ends because its spare shut it down.
    _until(lambda: not [k for k in kernels if _running(k)], "a spare's kernel outlived it", 30)
    _until(lambda: not _in_session(serve.pid), "spares or kernels outlived mkdocs serve", 30)
    said = log.read_text()
    assert "Traceback" not in said, said
    assert not re.search(r"^(ERROR|WARNING)", said, re.M), said


def _spares_of(pid: int) -> list[int]:
    return _children(pid, b"scripts.spare")
