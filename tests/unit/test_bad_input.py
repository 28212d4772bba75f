"""Bad input raises ValueError or TypeError naming the argument, what came and what was expected."""

import math
import re

import numpy as np
import pytest

import nnbook
from nnbook import Parameters, init_weights, predict, train, training_inputs, training_outputs

X, Y, W = training_inputs(), training_outputs(), init_weights(1)


def call_train(**changes):
    arguments = {"inputs": X, "targets": Y, "weights": W, "epochs": 3, "alpha": 0.9} | changes
    return train(**arguments)


def with_value(array, index, value):
    array = array.copy()
    array[index] = value
    return array


CASES = [
    # (changes to train's arguments, error type, regular expressions the message must match)
    # A 1-D array of inputs is one example, which then has four targets.
    ({"inputs": X[0]}, ValueError, [r"^targets must have shape \(1, 1\)", r"\(4, 1\)"]),
    ({"inputs": X[None]}, ValueError, [r"^inputs", r"2-D", r"\(1, 4, 3\)"]),
    ({"inputs": X[:, :2]}, ValueError, [r"inputs has 2 columns", r"weights has 3 rows"]),
    ({"weights": W[:2]}, ValueError, [r"inputs has 3 columns", r"weights has 2 rows"]),
    ({"weights": np.ones((3, 2))}, ValueError, [r"^weights", r"\(3, 2\)", r"\(rows, 1\)"]),
    ({"targets": Y[:3]}, ValueError, [r"^targets", r"\(4, 1\)", r"got shape \(3, 1\)"]),
    ({"targets": np.ones((4, 2))}, ValueError, [r"^targets", r"\(4, 1\)", r"\(4, 2\)"]),
    ({"inputs": with_value(X, (1, 2), np.nan)}, ValueError, [r"^inputs must be finite", r"nan",
                                                             r"\(1, 2\)"]),
    ({"targets": with_value(Y, (2, 0), np.inf)}, ValueError, [r"^targets must be finite", r"inf"]),
    ({"weights": with_value(W, (0, 0), -np.inf)}, ValueError, [r"^weights must be finite"]),
    ({"inputs": [["a", "b", "c"]] * 4}, TypeError, [r"^inputs must hold real numbers", r"<U1"]),
    ({"targets": [0, 1, 1j, 0]}, TypeError, [r"^targets must hold real numbers", r"complex"]),
    ({"inputs": [[0, 0, 1], [1, 1]]}, ValueError, [r"^inputs must be a rectangular array"]),
    ({"inputs": np.empty((0, 3))}, ValueError, [r"^inputs must not be empty"]),
    ({"epochs": 0}, ValueError, [r"^epochs must be a positive integer, got 0$"]),
    ({"epochs": -5}, ValueError, [r"^epochs must be a positive integer, got -5$"]),
    ({"epochs": 2.5}, TypeError, [r"^epochs must be a positive integer", r"2.5", r"float"]),
    ({"epochs": "10"}, TypeError, [r"^epochs must be a positive integer", r"'10'", r"str"]),
    ({"epochs": True}, TypeError, [r"^epochs must be a positive integer", r"bool"]),
    ({"alpha": 0}, ValueError, [r"^alpha must be a positive finite number, got 0$"]),
    ({"alpha": -0.5}, ValueError, [r"^alpha must be a positive finite number, got -0.5$"]),
    ({"alpha": math.nan}, ValueError, [r"^alpha must be a positive finite number, got nan$"]),
    ({"alpha": math.inf}, ValueError, [r"^alpha must be a positive finite number, got inf$"]),
    ({"alpha": "0.9"}, TypeError, [r"^alpha must be a positive finite number", r"str"]),
    ({"alpha": None}, TypeError, [r"^alpha must be a positive finite number", r"NoneType"]),
]


@pytest.mark.parametrize(("changes", "error", "patterns"), CASES,
                         ids=[f"{next(iter(c))}-{i}" for i, (c, _, _) in enumerate(CASES)])
def test_train_rejects_bad_input(changes, error, patterns):
    with pytest.raises(error) as caught:
        call_train(**changes)
    for pattern in patterns:
        assert re.search(pattern, str(caught.value)), str(caught.value)


def test_numpy_integers_are_fine_for_epochs_and_alpha():
    call_train(epochs=np.int64(2), alpha=np.float32(0.5))


@pytest.mark.parametrize(("inputs", "weights", "pattern"), [
    ([1, 0], W, r"inputs has 2 columns but weights has 3 rows"),
    ([[1, 0, np.nan]], W, r"^inputs must be finite"),
    ([1, 0, 0], [[1, 2, 3]], r"^weights must have shape \(rows, 1\)"),
])
def test_predict_rejects_bad_input(inputs, weights, pattern):
    with pytest.raises(ValueError, match=pattern):
        predict(inputs, weights)


@pytest.mark.parametrize(("seed", "error", "pattern"), [
    (-1, ValueError, r"^seed must be an integer in \[0, 2\*\*32\), got -1$"),
    (2**32, ValueError, r"got 4294967296$"),
    (1.0, TypeError, r"got 1.0 of type float"),
    ("1", TypeError, r"got '1' of type str"),
    (None, TypeError, r"NoneType"),
])
def test_init_weights_rejects_bad_seeds(seed, error, pattern):
    with pytest.raises(error, match=pattern):
        init_weights(seed)


def test_parameters_are_checked_where_they_are_made():
    with pytest.raises(ValueError, match=r"^epochs"):
        Parameters(epochs=0)
    with pytest.raises(TypeError, match=r"^seed"):
        Parameters(seed="one")


def test_overflowing_weights_are_an_error_not_a_result():
    with pytest.raises(ValueError, match=r"the weights overflowed .* use a smaller alpha"):
        train([[1, 1, 1]] * 50, [1] * 50, W, epochs=2, alpha=1e308)


@pytest.mark.parametrize(("changes", "pattern"), [
    ({"epochs": 10**12}, r"^epochs must be at most 1,000,000, got 1,000,000,000,000$"),
    ({"epochs": 1_000_001}, r"^epochs must be at most 1,000,000, got 1,000,001$"),
    ({"inputs": np.ones((100, 3)), "targets": np.ones(100), "epochs": 600_000},
     r"^epochs=600,000 with 100 examples would record 60,000,000 errors, over the limit of "
     r"50,000,000"),
    ({"alpha": 10**400}, r"^alpha must be a positive finite number, got an integer of 401 digits"),
])
def test_work_too_large_or_numbers_too_large_are_refused_before_any_work(changes, pattern):
    with pytest.raises(ValueError, match=pattern):
        call_train(**changes)


@pytest.mark.parametrize("value", [None, "5", "a", [1, None], {"z": 1}, 1j])
@pytest.mark.parametrize("function", [nnbook.sigmoid, nnbook.sigmoid_prime, nnbook.relu,
                                      nnbook.tanh_prime, nnbook.linear],
                         ids=lambda f: f.__name__)
def test_activations_refuse_what_is_not_real_numbers(function, value):
    with pytest.raises(TypeError, match=r"^z must hold real numbers, got "):
        function(value)


@pytest.mark.parametrize("name", ["inputs", "targets", "weights"])
def test_boolean_arrays_are_refused(name):
    value = {"inputs": X, "targets": Y, "weights": W}[name].astype(bool)
    with pytest.raises(TypeError, match=rf"^{name} must hold real numbers, got booleans; "
                                        r"write them as 0 and 1$"):
        call_train(**{name: value})


@pytest.mark.parametrize("name", ["inputs", "targets", "weights"])
def test_masked_arrays_are_refused_rather_than_unmasked(name):
    value = {"inputs": X, "targets": Y, "weights": W}[name]
    hidden = np.ma.masked_array(with_value(value, (0, 0), 1e6),
                                mask=np.arange(value.size).reshape(value.shape) == 0)
    with pytest.raises(TypeError, match=rf"^{name} must be a plain array, got a masked array"):
        call_train(**{name: hidden})
    with pytest.raises(TypeError, match=r"^z must be a plain array"):
        nnbook.sigmoid(np.ma.masked_array([1.0, 2.0], mask=[True, False]))
