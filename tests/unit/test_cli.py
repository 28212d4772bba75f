"""The command line: the chapter's run by default, JSON that agrees with train, one-line errors."""

import json
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose

import nnbook
from nnbook.cli import main


def nnbook_cli(capsys, *args):
    """Run the command line in this process: its exit status, standard output and error."""
    try:
        status = main(list(args))
    except SystemExit as exit:
        status = exit.code
    out, err = capsys.readouterr()
    return status, out, err


def test_json_agrees_with_train(capsys):
    status, out, err = nnbook_cli(capsys, "train", "--json", "--epochs", "300", "--alpha",
                                  "0.5", "--seed", "4")
    assert status == 0, err
    report = json.loads(out)
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
    assert report["prediction"] == nnbook.predict(nnbook.new_input(), result.weights)[0, 0]


def test_defaults_are_the_chapters_run(capsys):
    chapter = nnbook.run_perceptron()
    report = json.loads(nnbook_cli(capsys, "train", "--json")[1])
    assert (report["seed"], report["epochs"], report["alpha"]) == (1, 50_000, 0.9)
    assert report["weights"] == chapter.result.weights[:, 0].tolist()
    assert report["prediction"] == chapter.prediction


def test_readable_summary(capsys):
    chapter = nnbook.run_perceptron()
    status, text, _ = nnbook_cli(capsys, "train")
    assert status == 0
    assert "Trained for 50000 epochs with alpha=0.9, seed=1." in text
    assert f"prediction for [1, 0, 0]: {chapter.prediction:.6f}" in text
    for value in (*chapter.result.weights[:, 0], *chapter.initial_weights[:, 0],
                  *chapter.result.outputs[:, 0]):
        assert f"{value:.6f}" in text


def test_help_explains_every_option(capsys):
    status, out, _ = nnbook_cli(capsys, "train", "--help")
    assert status == 0
    for option in ("--epochs", "--alpha", "--seed", "--json"):
        assert option in out
    assert "default: 50000" in out
    assert "default: 0.9" in out
    assert "1,000,000" in out, "the limit on epochs is documented"


@pytest.mark.parametrize(("args", "expected"), [
    (["--epochs", "0"], "nnbook train: error: epochs must be a positive integer, got 0"),
    (["--epochs", "ten"], "nnbook train: error: argument --epochs: expected an integer, got 'ten'"),
    (["--epochs", "1000000000000"],
     "nnbook train: error: epochs must be at most 1,000,000, got 1,000,000,000,000"),
    (["--alpha", "-1"], "nnbook train: error: alpha must be a positive finite number, got -1.0"),
    (["--alpha", "-inf"], "nnbook train: error: alpha must be a positive finite number, got -inf"),
    (["--alpha", "inf"], "nnbook train: error: alpha must be a positive finite number, got inf"),
    (["--seed", "-3"], "nnbook train: error: seed must be an integer in [0, 2**32), got -3"),
    (["--seed", "1.5"], "nnbook train: error: argument --seed: expected an integer, got '1.5'"),
    (["--unknown"], "unrecognized arguments: --unknown"),
])
def test_bad_values_exit_2_with_one_line(capsys, args, expected):
    status, out, err = nnbook_cli(capsys, "train", *args)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert expected in err


def test_a_command_is_required(capsys):
    status, _, err = nnbook_cli(capsys)
    assert status == 2
    assert err.count("\n") == 1, err


def test_a_rising_cost_is_one_warning_line(capsys):
    status, out, err = nnbook_cli(capsys, "train", "--json", "--alpha", "1e308", "--epochs", "5")
    assert status == 0
    assert json.loads(out)["alpha"] == 1e308
    assert err == ("nnbook train: warning: training raised the cost from 0.62 to 1; "
                   "alpha may be too large\n")


def test_a_full_disk_is_one_error_line():
    # A real process: the report goes to /dev/full, which refuses every write.
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "nnbook", "train", "--epochs", "10"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
                              check=False)
    assert done.returncode == 1
    assert done.stderr == "nnbook train: error: cannot write the report: No space left on device\n"


# The sequel's run: nnbook xor.

@pytest.fixture(scope="module")
def xor():
    return nnbook.run_hidden_layer()


def network_json(network):
    return {name: getattr(network, name).tolist() for name in ("W1", "b1", "W2", "b2")}


def test_xor_json_agrees_with_run_xor(capsys):
    status, out, err = nnbook_cli(capsys, "xor", "--json", "--hidden", "3", "--epochs", "300",
                                  "--alpha", "0.5", "--seed", "4")
    assert status == 0, err
    report = json.loads(out)
    p = nnbook.HiddenLayerParameters(seed=4, epochs=300, alpha=0.5, hidden=3)
    xor = nnbook.run_hidden_layer(p)
    assert set(report) == {"seed", "hidden", "epochs", "alpha", "inputs", "targets", "neuron",
                           "network"}
    assert (report["seed"], report["hidden"], report["epochs"], report["alpha"]) == (4, 3, 300,
                                                                                    0.5)
    assert report["inputs"] == [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    assert report["targets"] == [0.0, 1.0, 1.0, 0.0]
    assert report["neuron"] == {
        "initial_weights": nnbook.init_weights(4)[:, 0].tolist(),
        "weights": xor.neuron_result.weights[:, 0].tolist(),
        "outputs": xor.neuron_result.outputs[:, 0].tolist(),
        "final_cost": xor.neuron_final_cost,
        "outcome": xor.neuron_outcome,
    }
    assert report["network"] == {
        "initial": network_json(nnbook.init_network(4, 2, 3)),
        "trained": network_json(xor.network_result.network),
        "outputs": xor.network_result.outputs[:, 0].tolist(),
        "final_cost": xor.network_final_cost,
        "outcome": xor.network_outcome,
    }
    assert len(report["network"]["trained"]["W1"][0]) == 3


def test_xor_defaults_are_the_sequels_run(capsys, xor):
    report = json.loads(nnbook_cli(capsys, "xor", "--json")[1])
    assert (report["seed"], report["hidden"], report["epochs"], report["alpha"]) == (1, 2,
                                                                                    10_000, 1.0)
    assert report["network"]["trained"] == network_json(xor.network_result.network)
    assert report["network"]["outcome"] == "learned"
    assert report["neuron"]["outcome"] == "4 at 1/2"


def test_xor_readable_summary(capsys, xor):
    status, text, _ = nnbook_cli(capsys, "xor")
    assert status == 0
    assert "Trained on XOR for 10000 epochs with alpha=1.0, seed=1." in text
    assert "single neuron on [x1, x2, 1]: final cost 0.5, did not learn XOR (4 at 1/2)" in text
    assert ("network with 2 hidden units: final cost 0.000276, learned XOR (every output "
            "within 0.1 of its target)") in text
    assert "  [1, 0]   0.500000   0.988805   1" in text
    for name in ("W1", "b1", "W2", "b2"):
        assert f"  {name} = [[" in text
    for value in (*xor.network_result.outputs[:, 0], *np.concatenate(
            [a.ravel() for a in xor.network_result.network])):
        assert f"{value:.6f}" in text


def test_xor_help_explains_every_option(capsys):
    status, out, _ = nnbook_cli(capsys, "xor", "--help")
    assert status == 0
    for option in ("--epochs", "--alpha", "--seed", "--hidden", "--json"):
        assert option in out
    assert "default: 10000" in out
    assert "default: 1.0" in out
    assert "from 1 to 64 (default: 2)" in out


@pytest.mark.parametrize(("args", "expected"), [
    (["--hidden", "0"], "nnbook xor: error: hidden must be a positive integer, got 0"),
    (["--hidden", "-2"], "nnbook xor: error: hidden must be a positive integer, got -2"),
    (["--hidden", "65"], "nnbook xor: error: hidden must be at most 64, got 65"),
    (["--hidden", "two"], "nnbook xor: error: argument --hidden: expected an integer, got 'two'"),
    (["--epochs", "0"], "nnbook xor: error: epochs must be a positive integer, got 0"),
    (["--alpha", "-inf"], "nnbook xor: error: alpha must be a positive finite number, got -inf"),
    (["--seed", "4294967296"],
     "nnbook xor: error: seed must be an integer in [0, 2**32), got 4294967296"),
])
def test_xor_bad_values_exit_2_with_one_line(capsys, args, expected):
    status, out, err = nnbook_cli(capsys, "xor", *args)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert expected in err


def test_xor_a_rising_cost_is_one_warning_line_for_each_model(capsys):
    status, out, err = nnbook_cli(capsys, "xor", "--json", "--alpha", "1e300", "--epochs", "5")
    assert status == 0
    assert json.loads(out)["alpha"] == 1e300
    assert err == ("nnbook xor: warning: training raised the cost from 0.582 to 1; "
                   "alpha may be too large\n"
                   "nnbook xor: warning: training the network raised the cost from 0.524 to 1; "
                   "alpha may be too large\n")
