"""The command line: the chapter's run by default, JSON that agrees with train, one-line errors."""

import json
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose

import nnbook


def nnbook_cli(*args):
    return subprocess.run([sys.executable, "-m", "nnbook", *args],
                          capture_output=True, text=True, timeout=60, check=False)


def test_json_agrees_with_train():
    done = nnbook_cli("train", "--json", "--epochs", "300", "--alpha", "0.5", "--seed", "4")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"seed", "epochs", "alpha", "initial_weights", "weights", "outputs",
                           "targets", "new_input", "prediction"}
    initial = nnbook.init_weights(4)
    result = nnbook.train(nnbook.training_inputs(), nnbook.training_outputs(), initial, 300, 0.5)
    assert (report["seed"], report["epochs"], report["alpha"]) == (4, 300, 0.5)
    assert_allclose(report["initial_weights"], initial[:, 0], rtol=0, atol=0)
    assert_allclose(report["weights"], result.weights[:, 0], rtol=0, atol=0)
    assert_allclose(report["outputs"], result.outputs[:, 0], rtol=0, atol=0)
    assert report["targets"] == [0.0, 1.0, 1.0, 0.0]
    assert report["new_input"] == [1.0, 0.0, 0.0]
    expected = nnbook.predict(nnbook.new_input(), result.weights)[0, 0]
    assert report["prediction"] == expected
    assert all(isinstance(v, float) for v in report["weights"])


def test_defaults_are_the_chapters_run():
    chapter = nnbook.run()
    report = json.loads(nnbook_cli("train", "--json").stdout)
    assert (report["seed"], report["epochs"], report["alpha"]) == (1, 50_000, 0.9)
    assert report["weights"] == chapter.result.weights[:, 0].tolist()
    assert report["prediction"] == chapter.prediction


def test_readable_summary():
    chapter = nnbook.run()
    done = nnbook_cli("train")
    assert done.returncode == 0
    text = done.stdout
    assert "Trained for 50000 epochs with alpha=0.9, seed=1." in text
    assert f"prediction for [1, 0, 0]: {chapter.prediction:.6f}" in text
    for weight in chapter.result.weights[:, 0]:
        assert f"{weight:.6f}" in text
    for weight in chapter.initial_weights[:, 0]:
        assert f"{weight:.6f}" in text
    for output in chapter.result.outputs[:, 0]:
        assert f"{output:.6f}" in text


def test_help_explains_every_option():
    done = nnbook_cli("train", "--help")
    assert done.returncode == 0
    for option in ("--epochs", "--alpha", "--seed", "--json"):
        assert option in done.stdout
    assert "default: 50000" in done.stdout
    assert "default: 0.9" in done.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (["--epochs", "0"], "argument --epochs: expected a positive integer, got '0'"),
    (["--epochs", "ten"], "argument --epochs: expected a positive integer, got 'ten'"),
    (["--alpha", "-1"], "argument --alpha: expected a positive finite number, got '-1'"),
    (["--alpha", "inf"], "argument --alpha: expected a positive finite number, got 'inf'"),
    (["--seed", "-3"], "argument --seed: expected an integer in [0, 2**32), got '-3'"),
    (["--seed", "1.5"], "argument --seed: expected an integer in [0, 2**32), got '1.5'"),
    (["--unknown"], "unrecognized arguments: --unknown"),
])
def test_bad_values_exit_nonzero_with_one_line(args, expected):
    done = nnbook_cli("train", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert expected in done.stderr


def test_a_command_is_required():
    done = nnbook_cli()
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert np.char.count(done.stderr, "\n") == 1
