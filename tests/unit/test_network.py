"""The hidden-layer page's network by behaviour: backpropagation gives the cost's gradient, training
learns XOR where the single neuron cannot, and the study trains many seeds as one would."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from nnbook import (
    HIDDEN_LAYER,
    PERCEPTRON,
    Network,
    cost_network,
    gradients,
    init_network,
    outcome,
    predict_network,
    run_hidden_layer,
    sigmoid,
    train_network,
    train_seeds,
    xor_inputs,
    xor_outputs,
)
from nnbook.runs.hidden_layer import STUDY_HIDDEN, STUDY_SEEDS

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


def test_the_hidden_layer_pages_parameters():
    p = HIDDEN_LAYER
    assert (p.seed, p.hidden, p.epochs, p.alpha) == (1, 2, 10_000, 1.0)
    assert p.seed == PERCEPTRON.seed, "the perceptron page's seed"


def test_the_network_learns_xor_and_its_cost_falls_at_every_step(xor):
    assert xor.network_outcome == "learned"
    assert_allclose(xor.network_result.outputs, Y, atol=0.02)
    costs = xor.network_result.costs
    assert np.all(np.diff(costs) <= 0)
    assert costs[-1] < 1e-3 * costs[0]
    assert xor.network_final_cost == pytest.approx(0.5 * np.sum((xor.network_result.outputs
                                                                 - Y) ** 2))


def test_the_single_neuron_cannot_learn_xor(xor):
    assert_array_equal(xor.neuron_inputs, np.hstack([X, np.ones((4, 1))]))
    assert_allclose(xor.neuron_result.outputs, 0.5, rtol=0, atol=1e-6)
    assert xor.neuron_outcome == "4 at 1/2"
    costs = xor.neuron_result.costs
    assert costs[0] > 0.55
    assert_allclose(costs[1000:], 0.5, rtol=0, atol=1e-9)  # the plateau: ½ × 4 × (½)²


def test_the_surfaces_are_the_outputs_over_the_plane(xor):
    grid, surface = xor.grid, xor.network_surface
    assert surface.shape == xor.neuron_surface.shape == (len(grid), len(grid))
    j, i = np.searchsorted(grid, 1.0), np.searchsorted(grid, 0.0)  # x1 = 1, x2 = 0
    assert (grid[j], grid[i]) == (1.0, 0.0)
    assert surface[i, j] == predict_network(xor.network_result.network, [[1.0, 0.0]])[0, 0]
    assert surface[i, j] > 0.9
    assert surface[i, i] < 0.1  # (0, 0)
    assert surface[j, j] < 0.1  # (1, 1)
    assert_allclose(xor.neuron_surface, 0.5, rtol=0, atol=1e-6)


def test_fixed_seed_gives_identical_numbers_twice(xor):
    again = run_hidden_layer()
    assert_networks_equal(again.initial_network, xor.initial_network)
    assert_networks_equal(again.network_result.network, xor.network_result.network)
    assert_array_equal(again.network_result.errors, xor.network_result.errors)
    assert_array_equal(again.neuron_result.weights, xor.neuron_result.weights)
    assert not np.array_equal(init_network(2).W1, init_network(1).W1)


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
    train_seeds([1, 2], 4, inputs, targets, epochs=5, alpha=1.0)
    for a, copy in zip(arrays, copies, strict=True):
        assert_array_equal(a, copy)


@pytest.mark.parametrize("hidden", STUDY_HIDDEN)
def test_training_seeds_together_gives_the_numbers_of_training_each(hidden):
    seeds = [0, 1, 3, 59, 99]  # learners, and runs that get stuck
    together = train_seeds(seeds, hidden, X, Y, epochs=1500, alpha=HIDDEN_LAYER.alpha)
    assert together.errors.shape == (5, 1500, 4)
    for k, seed in enumerate(seeds):
        alone = train_network(init_network(seed, 2, hidden), X, Y, 1500, HIDDEN_LAYER.alpha)
        assert_networks_equal([a[k] for a in together.network], alone.network)
        assert_array_equal(together.outputs[k], alone.outputs)
        assert_array_equal(together.errors[k], alone.errors)
        assert_array_equal(together.costs[k], alone.costs)


def test_training_seeds_together_on_other_shapes():
    _, inputs, targets = other_shapes()
    together = train_seeds(range(3), 4, inputs, targets, epochs=50, alpha=0.3)
    alone = train_network(init_network(2, 3, 4), inputs, targets, 50, 0.3)
    assert_networks_equal([a[2] for a in together.network], alone.network)
    assert_array_equal(together.errors[2], alone.errors)


def test_a_hidden_layer_of_three_learns_xor_from_more_seeds(study):
    assert study.seeds == tuple(STUDY_SEEDS) == tuple(range(100))
    assert (study.epochs, study.alpha) == (HIDDEN_LAYER.epochs, HIDDEN_LAYER.alpha)
    assert study.counts(2) == {"learned": 77, "2 at 1/2": 22, "3 at 2/3": 1}
    assert study.counts(3) == {"learned": 99, "2 at 1/2": 1}
    assert study.learned(3) > study.learned(2)
    assert study.seeds_of(2, "3 at 2/3") == (59,)
    assert study.seeds_of(3, "2 at 1/2") == (99,)
    assert HIDDEN_LAYER.seed not in study.seeds_of(2, "2 at 1/2") + study.seeds_of(2, "3 at 2/3")


def test_the_study_agrees_with_the_sequels_run(study, xor):
    p = HIDDEN_LAYER
    assert_array_equal(study.outputs[p.hidden][p.seed], xor.network_result.outputs[:, 0])
    assert_array_equal(study.costs[p.hidden][p.seed], xor.network_result.costs)
    assert_networks_equal([a[p.seed] for a in study.networks[p.hidden]],
                          xor.network_result.network)


def test_stuck_runs_sit_on_a_plateau_of_the_cost(study):
    """Two examples the network cannot tell apart cost ½ (½)² each; three at ⅔ cost ⅓."""
    costs = study.costs[2]
    for seed in study.seeds_of(2, "2 at 1/2"):
        assert 0.25 < costs[seed, -1] < 0.251
        assert costs[seed, -1000] - costs[seed, -1] < 1e-3
    assert 1 / 3 < costs[59, -1] < 1 / 3 + 1e-3
    assert np.all(costs[list(study.seeds_of(2, "learned")), -1] < 0.01)


@pytest.mark.parametrize(("outputs", "expected"), [
    ([0.05, 0.95, 0.91, 0.02], "learned"),
    ([0.05, 0.95, 0.89, 0.02], "other"),  # 0.89 is 0.11 from its target, and alone
    ([0.01, 0.99, 0.5, 0.5], "2 at 1/2"),
    ([0.5, 0.5, 0.99, 0.01], "2 at 1/2"),
    ([0.01, 0.66, 0.67, 0.7], "3 at 2/3"),
    ([0.5, 0.5, 0.5, 0.5], "4 at 1/2"),
    ([0.3, 0.99, 0.99, 0.3], "other"),  # their targets are 0: 0.3 is not their mean
])
def test_outcome_names_how_a_run_ended(outputs, expected):
    assert outcome(np.reshape(outputs, (-1, 1)), Y) == expected


def test_outcome_of_targets_that_are_not_zero_or_one():
    targets = np.array([[0.1], [0.9], [0.5]])
    assert outcome(np.array([[0.3], [0.9], [0.3]]), targets) == "2 at 0.3"
