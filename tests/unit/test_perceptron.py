"""Training by behaviour: the gradient is the cost's, the cost falls, the rule is learned."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import nnbook
from nnbook import (
    PERCEPTRON,
    cost,
    init_weights,
    original,
    predict,
    train,
    training_inputs,
    training_outputs,
)


@pytest.fixture(scope="module")
def chapter():
    return nnbook.run_perceptron()


def numeric_gradient(inputs, targets, weights, h=1e-6):
    gradient = np.zeros_like(weights)
    for i in range(len(weights)):
        step = np.zeros_like(weights)
        step[i] = h
        gradient[i] = (cost(inputs, targets, weights + step)
                       - cost(inputs, targets, weights - step)) / (2 * h)
    return gradient


@pytest.mark.parametrize("seed", [0, 1, 7, 42])
def test_one_epoch_steps_down_the_finite_difference_gradient(seed):
    inputs, targets, weights = training_inputs(), training_outputs(), init_weights(seed)
    alpha = 0.5
    stepped = train(inputs, targets, weights, epochs=1, alpha=alpha).weights
    assert_allclose((weights - stepped) / alpha, numeric_gradient(inputs, targets, weights),
                    rtol=1e-6, atol=1e-10)


def test_gradient_check_on_other_shapes():
    rng = np.random.default_rng(3)
    inputs, targets = rng.normal(size=(7, 5)), rng.uniform(size=(7, 1))
    weights = rng.normal(size=(5, 1))
    stepped = train(inputs, targets, weights, epochs=1, alpha=0.1).weights
    assert_allclose((weights - stepped) / 0.1, numeric_gradient(inputs, targets, weights),
                    rtol=1e-6, atol=1e-10)


def test_seed_loop_differs_by_its_slip():
    """The seed's step uses phi'(phi(z)) where the equations say phi'(z)."""
    inputs, targets, weights = training_inputs(), training_outputs(), init_weights(1)
    errors = np.zeros((1, 4))
    _, seed_weights = original.train_nn(inputs, targets, weights.copy(), 1, errors, alpha=1.0)
    y_hat = nnbook.sigmoid(inputs @ weights)
    slipped = weights - inputs.T @ ((y_hat - targets) * nnbook.sigmoid_prime(y_hat))
    assert_allclose(seed_weights, slipped)
    correct = train(inputs, targets, weights, epochs=1, alpha=1.0).weights
    assert not np.allclose(seed_weights, correct)


def test_errors_are_recorded_before_each_update():
    inputs, targets, weights = training_inputs(), training_outputs(), init_weights(1)
    result = train(inputs, targets, weights, epochs=3, alpha=0.9)
    assert result.errors.shape == (3, 4)
    assert_allclose(result.errors[0], (predict(inputs, weights) - targets)[:, 0])
    after_two = train(inputs, targets, weights, epochs=2, alpha=0.9).weights
    assert_allclose(result.errors[2], (predict(inputs, after_two) - targets)[:, 0])
    assert_allclose(result.outputs, predict(inputs, result.weights))


def test_cost_falls_over_training(chapter):
    costs = chapter.result.costs
    assert costs[-1] < 1e-3 * costs[0]
    # After the first few steps the descent is steady.
    assert np.all(np.diff(costs[10:]) <= 0)


def test_chapter_run_learns_the_rule(chapter):
    assert_allclose(chapter.result.outputs, chapter.targets, atol=0.01)
    assert chapter.prediction > 0.99
    assert chapter.parameters == PERCEPTRON


def test_fixed_seed_gives_identical_numbers_twice(chapter):
    again = nnbook.run_perceptron()
    assert_array_equal(again.initial_weights, chapter.initial_weights)
    assert_array_equal(again.result.weights, chapter.result.weights)
    assert_array_equal(again.result.errors, chapter.result.errors)
    assert not np.array_equal(init_weights(2), init_weights(1))


def test_init_weights_shape_and_range():
    weights = np.hstack([init_weights(seed) for seed in range(200)])
    assert init_weights(5).shape == (3, 1)
    assert weights.min() >= -1.0
    assert weights.max() < 1.0
    assert weights.min() < -0.95  # the whole range is used
    assert weights.max() > 0.95


def test_init_weights_uses_no_global_state():
    np.random.seed(123)
    state = np.random.get_state()[1].copy()
    first = init_weights(1)
    np.random.seed(999)
    assert_array_equal(init_weights(1), first)
    np.random.seed(123)
    init_weights(4)
    assert_array_equal(np.random.get_state()[1], state)


def test_arguments_are_never_modified():
    inputs, targets, weights = training_inputs(), training_outputs(), init_weights(1)
    copies = [a.copy() for a in (inputs, targets, weights)]
    for a in (inputs, targets, weights):
        a.flags.writeable = False  # any write would raise
    train(inputs, targets, weights, epochs=5, alpha=0.9)
    predict(inputs, weights)
    for a, copy in zip((inputs, targets, weights), copies, strict=True):
        assert_array_equal(a, copy)


def test_lists_and_vectors_are_accepted():
    from_lists = train([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], [0, 1, 1, 0],
                       init_weights(1)[:, 0].tolist(), epochs=10, alpha=0.9)
    from_arrays = train(training_inputs(), training_outputs(), init_weights(1), 10, 0.9)
    assert_array_equal(from_lists.weights, from_arrays.weights)
    assert from_lists.weights.shape == (3, 1)
    assert from_lists.outputs.shape == (4, 1)
    assert predict([1, 0, 0], from_arrays.weights).shape == (1, 1)


def test_a_learning_rate_that_raises_the_cost_is_reported():
    with pytest.warns(RuntimeWarning, match="training raised the cost .* alpha may be too large"):
        train(training_inputs(), training_outputs(), init_weights(1), epochs=3, alpha=1e300)
