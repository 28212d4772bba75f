"""The sequel's network by behaviour: backpropagation gives the cost's gradient, and a
step of training goes down it."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from nnbook import (
    Network,
    cost_network,
    gradients,
    init_network,
    predict_network,
    sigmoid,
    train_network,
    xor_inputs,
    xor_outputs,
)

FIELDS = ("W1", "b1", "W2", "b2")
X, Y = xor_inputs(), xor_outputs()


def other_shapes(seed=5):
    """A network with 3 inputs and 4 hidden units, and 7 examples with targets in (0, 1)."""
    rng = np.random.default_rng(seed)
    network = Network(*(rng.normal(size=shape) for shape in ((3, 4), (1, 4), (4, 1), (1, 1))))
    return network, rng.normal(size=(7, 3)), rng.uniform(size=(7, 1))


def numeric_gradients(network, inputs, targets, h=1e-6):
    """(COST(w + h) - COST(w - h)) / 2h for every weight and bias w, as a Network."""
    result = []
    for k, array in enumerate(network):
        gradient = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            step = np.zeros_like(array)
            step[index] = h
            plus, minus = list(network), list(network)
            plus[k], minus[k] = array + step, array - step
            gradient[index] = (cost_network(Network(*plus), inputs, targets)
                               - cost_network(Network(*minus), inputs, targets)) / (2 * h)
        result.append(gradient)
    return Network(*result)


def assert_networks_equal(actual, expected):
    for name, a, b in zip(FIELDS, actual, expected, strict=True):
        assert_array_equal(a, b, err_msg=name)


@pytest.mark.parametrize("seed", [0, 1, 59])
def test_backpropagation_is_the_finite_difference_gradient_on_xor(seed):
    network = init_network(seed)
    numeric = numeric_gradients(network, X, Y)
    for name, analytic, expected in zip(FIELDS, gradients(network, X, Y), numeric, strict=True):
        assert analytic.shape == getattr(network, name).shape
        assert_allclose(analytic, expected, rtol=1e-6, atol=1e-9, err_msg=name)


def test_backpropagation_is_the_finite_difference_gradient_on_other_shapes():
    network, inputs, targets = other_shapes()
    numeric = numeric_gradients(network, inputs, targets)
    for name, analytic, expected in zip(FIELDS, gradients(network, inputs, targets), numeric,
                                        strict=True):
        assert analytic.shape == getattr(network, name).shape
        assert_allclose(analytic, expected, rtol=1e-6, atol=1e-9, err_msg=name)


@pytest.mark.parametrize("case", ["xor", "other shapes"])
def test_one_epoch_steps_down_the_finite_difference_gradient(case):
    network, inputs, targets = (init_network(7), X, Y) if case == "xor" else other_shapes(11)
    alpha = 0.5
    stepped = train_network(network, inputs, targets, epochs=1, alpha=alpha).network
    numeric = numeric_gradients(network, inputs, targets)
    for name, before, after, expected in zip(FIELDS, network, stepped, numeric, strict=True):
        assert_allclose((before - after) / alpha, expected, rtol=1e-6, atol=1e-9, err_msg=name)


def test_the_forward_pass_is_the_equations_one_example_at_a_time():
    network, inputs, _ = other_shapes()
    W1, b1, W2, b2 = network
    for x, y_hat in zip(inputs, predict_network(network, inputs)[:, 0], strict=True):
        h = [sigmoid(sum(x[i] * W1[i, j] for i in range(3)) + b1[0, j]) for j in range(4)]
        assert y_hat == pytest.approx(sigmoid(sum(h[j] * W2[j, 0] for j in range(4)) + b2[0, 0]),
                                      rel=1e-14)


def test_errors_are_recorded_before_each_step():
    network = init_network(2)
    result = train_network(network, X, Y, epochs=3, alpha=1.0)
    assert result.errors.shape == (3, 4)
    assert_allclose(result.errors[0], (predict_network(network, X) - Y)[:, 0])
    after_two = train_network(network, X, Y, epochs=2, alpha=1.0).network
    assert_allclose(result.errors[2], (predict_network(after_two, X) - Y)[:, 0])
    assert_allclose(result.outputs, predict_network(result.network, X))
    assert result.costs[1] == pytest.approx(cost_network(train_network(network, X, Y, 1, 1.0)
                                                         .network, X, Y))


def test_init_network_draws_w1_b1_w2_b2_in_this_order_from_one_generator():
    network = init_network(42, features=3, hidden=5)
    assert [a.shape for a in network] == [(3, 5), (1, 5), (5, 1), (1, 1)]
    drawn = np.random.RandomState(42).uniform(-1, 1, size=15 + 5 + 5 + 1)
    assert_array_equal(np.concatenate([a.ravel() for a in network]), drawn)
    W1, b1, W2, b2 = network
    assert all(a is b for a, b in zip((W1, b1, W2, b2), (network.W1, network.b1, network.W2,
                                                         network.b2), strict=True))


def test_init_network_uses_the_whole_range_and_no_global_state():
    values = np.concatenate([np.concatenate([a.ravel() for a in init_network(seed)])
                             for seed in range(100)])
    assert -1.0 <= values.min() < -0.95
    assert 0.95 < values.max() < 1.0
    np.random.seed(123)
    state = np.random.get_state()[1].copy()
    init_network(4)
    assert_array_equal(np.random.get_state()[1], state)


def test_arguments_are_never_modified():
    network, inputs, targets = other_shapes()
    arrays = [*network, inputs, targets]
    copies = [a.copy() for a in arrays]
    for a in arrays:
        a.flags.writeable = False  # any write would raise
    train_network(network, inputs, targets, epochs=5, alpha=1.0)
    gradients(network, inputs, targets)
    predict_network(network, inputs)
    cost_network(network, inputs, targets)
    for a, copy in zip(arrays, copies, strict=True):
        assert_array_equal(a, copy)
