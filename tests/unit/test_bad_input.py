"""Bad input raises ValueError or TypeError naming the argument, what came and what was expected."""

import math
import re

import numpy as np
import pytest
from numpy.testing import assert_array_equal

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


# The sequel's network: the same rules, by the same names, and the network's own.
XOR, XOR_Y = nnbook.xor_inputs(), nnbook.xor_outputs()
NET = nnbook.init_network(1)


def replaced(**arrays):
    """The sequel's initial network with some of its arrays replaced."""
    return nnbook.Network(**({"W1": NET.W1, "b1": NET.b1, "W2": NET.W2, "b2": NET.b2} | arrays))


def call_train_network(**changes):
    arguments = {"network": NET, "inputs": XOR, "targets": XOR_Y, "epochs": 3,
                 "alpha": 1.0} | changes
    return nnbook.train_network(**arguments)


NETWORK_CASES = [
    ({"network": (NET.W1, NET.b1, NET.W2, NET.b2)}, TypeError,
     [r"^network must be a nnbook.Network", r"init_network", r"of type tuple$"]),
    ({"network": None}, TypeError, [r"^network must be a nnbook.Network", r"NoneType"]),
    ({"network": replaced(W1=with_value(NET.W1, (1, 0), np.nan))}, ValueError,
     [r"^network.W1 must be finite, got nan at index \(1, 0\)$"]),
    ({"network": replaced(b2=np.array([[np.inf]]))}, ValueError, [r"^network.b2 must be finite"]),
    ({"network": replaced(W1=NET.W1[0])}, ValueError,
     [r"^network.W1 must be a 2-D array", r"got 1-D shape \(2,\)"]),
    ({"network": replaced(b1=NET.b1[0])}, ValueError,
     [r"^network.b1 must have shape \(1, 2\), one bias per hidden unit", r"got shape \(2,\)$"]),
    ({"network": replaced(W2=np.ones((3, 1)))}, ValueError,
     [r"^network.W2 must have shape \(2, 1\)", r"W1 has 2 columns", r"got shape \(3, 1\)"]),
    ({"network": replaced(b2=np.ones((1, 2)))}, ValueError,
     [r"^network.b2 must have shape \(1, 1\), the output's bias", r"got shape \(1, 2\)"]),
    ({"network": replaced(W2=NET.W2.astype(bool))}, TypeError,
     [r"^network.W2 must hold real numbers, got booleans"]),
    ({"network": replaced(b1=[["a", "b"]])}, TypeError, [r"^network.b1 must hold real numbers"]),
    ({"inputs": np.ones((4, 3))}, ValueError,
     [r"^inputs has 3 columns but network.W1 has 2 rows; they must match"]),
    ({"inputs": XOR[:, 0]}, ValueError, [r"^targets must have shape \(1, 1\)"]),
    ({"targets": XOR_Y[:3]}, ValueError, [r"^targets must have shape \(4, 1\)", r"\(3, 1\)"]),
    ({"inputs": with_value(XOR, (2, 1), np.nan)}, ValueError, [r"^inputs must be finite"]),
    ({"epochs": 0}, ValueError, [r"^epochs must be a positive integer, got 0$"]),
    ({"epochs": 1_000_001}, ValueError, [r"^epochs must be at most 1,000,000"]),
    ({"alpha": -1}, ValueError, [r"^alpha must be a positive finite number, got -1$"]),
    ({"alpha": "1"}, TypeError, [r"^alpha must be a positive finite number", r"str"]),
]


@pytest.mark.parametrize(("changes", "error", "patterns"), NETWORK_CASES,
                         ids=[f"{next(iter(c))}-{i}" for i, (c, _, _) in enumerate(NETWORK_CASES)])
def test_train_network_rejects_bad_input(changes, error, patterns):
    with pytest.raises(error) as caught:
        call_train_network(**changes)
    for pattern in patterns:
        assert re.search(pattern, str(caught.value)), str(caught.value)


@pytest.mark.parametrize("function", [nnbook.predict_network, nnbook.gradients,
                                      nnbook.cost_network], ids=lambda f: f.__name__)
def test_the_networks_other_functions_check_their_arguments(function):
    targets = (XOR_Y,) if function is not nnbook.predict_network else ()
    with pytest.raises(ValueError, match=r"^inputs has 3 columns but network.W1 has 2 rows"):
        function(NET, np.ones((4, 3)), *targets)
    with pytest.raises(TypeError, match=r"^network must be a nnbook.Network"):
        function({"W1": NET.W1}, XOR, *targets)
    with pytest.raises(ValueError, match=r"^network.b1 must have shape \(1, 2\)"):
        function(replaced(b1=np.ones((2, 1))), XOR, *targets)


@pytest.mark.parametrize(("changes", "error", "pattern"), [
    ({"hidden": 0}, ValueError, r"^hidden must be a positive integer, got 0$"),
    ({"hidden": 65}, ValueError, r"^hidden must be at most 64, got 65$"),
    ({"hidden": 10**9}, ValueError, r"^hidden must be at most 64, got 1,000,000,000$"),
    ({"hidden": 2.0}, TypeError, r"^hidden must be a positive integer, got 2.0 of type float$"),
    ({"hidden": True}, TypeError, r"^hidden must be a positive integer, got True of type bool$"),
    ({"features": -2}, ValueError, r"^features must be a positive integer, got -2$"),
    ({"features": "2"}, TypeError, r"^features must be a positive integer, got '2' of type str"),
    ({"seed": -1}, ValueError, r"^seed must be an integer in \[0, 2\*\*32\), got -1$"),
])
def test_init_network_rejects_bad_sizes_and_seeds(changes, error, pattern):
    with pytest.raises(error, match=pattern):
        nnbook.init_network(**({"seed": 1} | changes))


def call_train_seeds(**changes):
    arguments = {"seeds": range(3), "hidden": 2, "inputs": XOR, "targets": XOR_Y, "epochs": 3,
                 "alpha": 1.0} | changes
    return nnbook.train_seeds(**arguments)


@pytest.mark.parametrize(("changes", "error", "pattern"), [
    ({"seeds": 5}, TypeError, r"^seeds must be a sequence of seeds such as range\(100\), got 5 "
                              r"of type int$"),
    ({"seeds": "012"}, TypeError, r"^seeds must be a sequence of seeds .* of type str$"),
    ({"seeds": []}, ValueError, r"^seeds must hold from 1 to 1,000 seeds, got 0$"),
    ({"seeds": range(1001)}, ValueError, r"^seeds must hold from 1 to 1,000 seeds, got 1,001$"),
    ({"seeds": [1, -1]}, ValueError, r"^seeds\[1\] must be an integer in \[0, 2\*\*32\), got -1$"),
    ({"seeds": [0, 1.5]}, TypeError, r"^seeds\[1\] must be an integer .* got 1.5 of type float$"),
    ({"hidden": 0}, ValueError, r"^hidden must be a positive integer, got 0$"),
    ({"inputs": np.ones((4, 65))}, ValueError,
     r"^inputs has 65 columns, but a network takes at most 64 inputs$"),
    ({"seeds": range(1000), "epochs": 20_000}, ValueError,
     r"^epochs=20,000 with 4 examples and 1,000 seeds would record 80,000,000 errors, over the "
     r"limit of 50,000,000"),
    ({"targets": XOR_Y[:2]}, ValueError, r"^targets must have shape \(4, 1\)"),
    ({"alpha": 0.0}, ValueError, r"^alpha must be a positive finite number, got 0.0$"),
])
def test_train_seeds_rejects_bad_input(changes, error, pattern):
    with pytest.raises(error, match=pattern):
        call_train_seeds(**changes)


def test_numpy_arrays_of_seeds_are_fine():
    from_array = call_train_seeds(seeds=np.arange(3))
    assert_array_equal(from_array.outputs, call_train_seeds().outputs)


def test_the_sequels_parameters_are_checked_where_they_are_made():
    with pytest.raises(ValueError, match=r"^hidden must be at most 64, got 100$"):
        nnbook.HiddenLayerParameters(hidden=100)
    with pytest.raises(ValueError, match=r"^alpha must be a positive finite number, got 0$"):
        nnbook.HiddenLayerParameters(alpha=0)


@pytest.mark.parametrize("call", [call_train_network, call_train_seeds],
                         ids=lambda f: f.__name__)
def test_overflowing_network_weights_are_an_error_naming_alpha(call):
    with pytest.raises(ValueError, match=r"^the weights overflowed during training: alpha is "
                                         r"too large; use a smaller alpha$"):
        call(inputs=[[1, 1]] * 50, targets=[1] * 50, alpha=1e308)


def test_a_learning_rate_that_raises_the_networks_cost_is_reported():
    with pytest.warns(RuntimeWarning, match=r"^training the network raised the cost from 0.524 "
                                            r"to 1; alpha may be too large$"):
        call_train_network(alpha=1e300)
