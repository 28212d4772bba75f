"""Activations: derivatives by central differences, stability far into the tails."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from nnbook import ACTIVATIONS, sigmoid, sigmoid_prime

H = 1e-5
# Away from ReLU's kink at 0, where the derivative is not defined.
Z = np.concatenate([np.linspace(-6.0, -0.05, 40), np.linspace(0.05, 6.0, 40)])


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_derivative_matches_central_differences(activation):
    numeric = (activation.f(Z + H) - activation.f(Z - H)) / (2 * H)
    assert_allclose(activation.prime(Z), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_shape_and_scalars_are_kept(activation):
    grid = Z.reshape(4, 20)
    assert activation.f(grid).shape == grid.shape
    assert activation.prime(grid).shape == grid.shape
    assert np.ndim(activation.f(0.5)) == 0
    assert np.ndim(activation.prime(0.5)) == 0
    assert activation.f([0.5, 1.5]).shape == (2,)


def test_sigmoid_known_values():
    assert sigmoid(0.0) == 0.5
    assert_allclose(sigmoid(np.log(3.0)), 0.75)
    assert_allclose(sigmoid_prime(0.0), 0.25)
    assert_allclose(sigmoid(-2.0) + sigmoid(2.0), 1.0)


@pytest.mark.parametrize("z", [1e4, -1e4, 800.0, -800.0, 709.0, -709.0, -745.0])
def test_sigmoid_is_stable_in_the_tails(z):
    values = np.array([z, -z, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning fails the test
        for f in (sigmoid, sigmoid_prime):
            assert np.isfinite(f(z))
            assert np.isfinite(f(values)).all()
    expected = 1.0 if z > 0 else 0.0
    assert sigmoid(z) == pytest.approx(expected, abs=1e-300)
    assert sigmoid_prime(z) == pytest.approx(0.0, abs=1e-300)


def test_sigmoid_keeps_relative_accuracy_in_the_left_tail():
    # phi(z) ~ e^z for z -> -inf: a formula that rounds 1 + tanh would give 0 here.
    assert_allclose(sigmoid(-40.0), np.exp(-40.0), rtol=1e-12)
    assert_allclose(sigmoid_prime(-40.0), np.exp(-40.0), rtol=1e-12)
