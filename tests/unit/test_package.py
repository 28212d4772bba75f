"""nnbook hands out its names without importing what a caller does not use (PEP 562), so a
build step that uses the neuron alone does not read, and is not run again for, the network."""

from __future__ import annotations

import subprocess
import sys

import pytest

import nnbook


def imported_by(code: str) -> set[str]:
    """The modules of nnbook a fresh interpreter has imported after running ``code``."""
    done = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\n"
                           "print(*sorted(m for m in sys.modules if m.startswith('nnbook')))"],
                          capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_neuron_is_had_without_the_network_or_the_pages():
    assert imported_by("from nnbook import train, PERCEPTRON") == {
        "nnbook", "nnbook.activations", "nnbook.checks", "nnbook.data", "nnbook.original",
        "nnbook.perceptron", "nnbook.runs", "nnbook.runs.perceptron"}
    assert imported_by("import nnbook") == {"nnbook"}


def test_the_network_is_had_without_the_perceptrons_run():
    assert "nnbook.runs.perceptron" not in imported_by("import nnbook\nnnbook.train_network")


def test_every_name_it_lists_is_there_and_no_other():
    for name in nnbook.__all__:
        assert getattr(nnbook, name) is not None
    assert set(nnbook.__all__) <= set(dir(nnbook))
    with pytest.raises(AttributeError, match="module 'nnbook' has no attribute 'trian'"):
        nnbook.trian  # noqa: B018
