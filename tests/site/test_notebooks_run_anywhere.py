"""A reader's run: each downloaded notebook, executed in a fresh virtual environment that
has only what the notebook's first cell says to install, prints what the site shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import nbformat
import pytest
from mkdocs.utils.yaml import yaml_load

from tests.conftest import ROOT, copy_project

pytestmark = pytest.mark.site

#: The install command a notebook's first cell gives its reader.
INSTALL = re.compile(r"python -m pip install (?P<packages>.+)")


def printed(notebook) -> list[list[str]]:
    """What each code cell printed: its text outputs, without images or timings."""
    return [[output.get("text", "") or output.get("data", {}).get("text/plain", "")
             for output in cell.outputs if output.output_type != "display_data"]
            for cell in notebook.cells if cell.cell_type == "code"]


def downloads(site) -> list:
    return sorted(site.site.rglob("*.ipynb"))


def test_each_notebook_says_how_to_install_what_it_needs_from_the_sites_repository(site):
    repository = re.search(r'"(https://[^"]+)"\]', (ROOT / "mkdocs.yml").read_text())[1]
    assert yaml_load((ROOT / "mkdocs.yml").read_text())["repo_url"] == repository
    for path in downloads(site):
        first = nbformat.read(path, as_version=4).cells[0]
        assert first.cell_type == "markdown"
        packages = INSTALL.search(first.source)["packages"]
        assert f'"nnbook @ git+{repository}"' in packages, path


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, site):
    """A virtual environment with what the notebooks ask for; nnbook from this project, as
    its repository would give it (offline: from this tree, not from the network)."""
    folder = tmp_path_factory.mktemp("reader")
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
    asked = set()
    for path in downloads(site):
        line = INSTALL.search(nbformat.read(path, as_version=4).cells[0].source)["packages"]
        asked |= set(re.findall(r'"[^"]+"|\S+', line))
    # A copy of this tree: pip builds in the folder it installs from.
    source = copy_project(folder / "nnbook")
    packages = [re.sub(r'^"nnbook @ git\+\S+"$', f"nnbook @ {source.as_uri()}", p).strip('"')
                for p in sorted(asked)]
    # The versions this project is tested with, so the reader's numbers are the site's.
    pins = folder / "constraints.txt"
    pins.write_text("\n".join(line.split(" ")[0] for line in
                              (ROOT / "requirements.lock").read_text().splitlines()
                              if re.match(r"^[A-Za-z0-9_.-]+==", line)))
    # Without compiling every installed module ahead: a reader's pip does, and it changes
    # nothing of what the notebooks print, only how long the install takes.
    done = subprocess.run([str(folder / "venv" / "bin" / "python"), "-m", "pip", "install",
                           "--quiet", "--no-compile", "-c", str(pins), *packages],
                          capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == 0, done.stderr
    return folder


def test_each_downloaded_notebook_runs_in_a_fresh_environment_and_prints_the_same(site, fresh):
    for path in downloads(site):
        work = fresh / path.stem
        work.mkdir()
        downloaded = nbformat.read(path, as_version=4)
        for cell in downloaded.cells:  # as a reader would run it: from nothing
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(downloaded, work / path.name)
        done = subprocess.run(
            [str(fresh / "venv" / "bin" / "jupyter"), "nbconvert", "--to", "notebook",
             "--execute", "--output", "ran.ipynb", path.name],
            cwd=work, capture_output=True, text=True, check=False, timeout=600,
            env={"PATH": os.environ["PATH"], "HOME": str(work)})
        assert done.returncode == 0, done.stderr
        ran = nbformat.read(work / "ran.ipynb", as_version=4)
        assert printed(ran) == printed(nbformat.read(path, as_version=4)), path.name
        assert any(printed(ran)), "the notebook printed something"
