"""The perceptron page's lessons, computed: each holds what the page says of it."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import nnbook
from nnbook.book import perceptron_lessons as lessons
from nnbook.book.perceptron import DECAY_START, overshoot


@pytest.fixture(scope="module")
def runs():
    chapter = nnbook.run_perceptron()
    return chapter, nnbook.run_original(chapter.parameters)


def test_the_worked_epoch_is_trains_first_step_and_the_costs_gradient(runs):
    chapter, _ = runs
    epoch = lessons.worked_epoch(chapter)
    after = nnbook.train(chapter.inputs, chapter.targets, chapter.initial_weights, 1,
                         chapter.parameters.alpha).weights
    assert_array_equal(epoch.new_weights, after)
    h = 1e-6
    numeric = np.zeros_like(epoch.weights)
    for i in range(len(numeric)):
        step = np.zeros_like(epoch.weights)
        step[i] = h
        numeric[i] = (nnbook.cost(epoch.inputs, epoch.targets, epoch.weights + step)
                      - nnbook.cost(epoch.inputs, epoch.targets, epoch.weights - step)) / (2 * h)
    assert_allclose(epoch.gradient, numeric, rtol=1e-7, atol=1e-10)
    assert_allclose(epoch.delta[:, 0], chapter.result.errors[0])


def test_the_errors_decay_like_the_square_root_and_like_one_over_t_for_the_slip(runs):
    chapter, original = runs
    assert_allclose(lessons.decay_rates(chapter.result.errors, DECAY_START), -0.5, atol=0.05)
    assert_allclose(lessons.decay_rates(original.errors, DECAY_START), -1.0, atol=0.05)


def test_decay_rates_recover_a_known_power_law():
    epochs = np.arange(1, 5001)[:, None]
    errors = np.hstack([3 * epochs ** -0.5, -0.2 * epochs ** -1.0])
    assert_allclose(lessons.decay_rates(errors, 100), [-0.5, -1.0], rtol=1e-9)


def test_settled_from_is_the_epoch_from_which_every_error_is_below(runs):
    errors = np.array([[0.5, -0.3], [0.2, -0.05], [0.08, -0.02], [0.01, 0.09]])
    assert lessons.settled_from(errors, 0.1) == 3
    assert lessons.settled_from(errors, 0.001) is None
    # Below at epoch 2, above again at 3: "below from epoch t on" means from 4.
    assert lessons.settled_from(np.array([[0.5], [0.05], [0.2], [0.01]]), 0.1) == 4


def test_the_exercises_answers_hold(runs):
    chapter, _ = runs
    answers = lessons.exercises(*runs)
    # Without the constant input, [0, 0] has z = 0 and its output is 1/2, exactly.
    p = chapter.parameters
    no_constant = nnbook.train(chapter.inputs[:, :2], chapter.targets,
                               chapter.initial_weights[:2], p.epochs, p.alpha)
    assert no_constant.outputs[0, 0] == 0.5
    assert np.all(np.abs(no_constant.outputs[1:] - chapter.targets[1:]) < 0.01)
    # XOR: every weight goes to 0, and every output to 1/2.
    assert_allclose(answers.xor.outputs, 0.5, atol=1e-9)
    # The slip settles first.
    assert answers.settle_original < answers.settle_equations
    values = overshoot(answers.large_alpha_run.costs)
    values["large_alpha_cost"] = nnbook.cost(chapter.inputs, chapter.targets,
                                             answers.large_alpha_run.weights)
    values["final_cost"] = chapter.final_cost
    values["large_alpha_settle"] = lessons.settled_from(answers.large_alpha_run.errors, 0.1)
    values["settle_epoch"] = lessons.settled_from(chapter.result.errors, 0.1)
    assert values["large_alpha_rises"] == 1
    assert values["large_alpha_rise_to"] > values["large_alpha_rise_from"]
    assert values["large_alpha_cost"] < values["final_cost"]
    assert values["large_alpha_settle"] < values["settle_epoch"]
