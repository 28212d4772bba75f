"""Activation functions f(z) and their derivatives f'(z), each taken at z.

``phi`` is the sigmoid as the training loops call it, on the arrays they make. The others
take a number or an array of numbers z, refuse anything else by name, and return floats of
the same shape; each derivative reuses its forward value, the way the chapter writes
φ'(z) = φ(z) (1 - φ(z)).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from nnbook import checks
from nnbook.checks import Floats


# --8<-- [start:sigmoid]
def phi(z):
    """The sigmoid φ(z) = 1 / (1 + e^-z), of an array z of floats."""
    return 1 / (1 + np.exp(-z))


@np.errstate(over="ignore")  # for z < -709, e^-z is too large for a float: φ(z) is then 0
def sigmoid(z):
    """φ(z) of a number or an array of numbers z, refusing anything else by name."""
    return phi(checks.real_numbers(z))


@np.errstate(over="ignore")
def sigmoid_prime(z):
    """Its derivative at z: φ'(z) = φ(z) (1 - φ(z))."""
    phi_z = phi(checks.real_numbers(z))
    return phi_z * (1 - phi_z)
# --8<-- [end:sigmoid]


def tanh(z: ArrayLike) -> Floats:
    """The hyperbolic tangent tanh(z)."""
    return np.tanh(checks.real_numbers(z))


def tanh_prime(z: ArrayLike) -> Floats:
    """tanh'(z) = 1 - tanh²(z)."""
    t = tanh(z)
    return 1 - t * t


def relu(z: ArrayLike) -> Floats:
    """The rectified linear unit max(0, z)."""
    return np.maximum(checks.real_numbers(z), 0.0)


def relu_prime(z: ArrayLike) -> Floats:
    """relu'(z): 1 where z > 0, else 0 (0 is chosen at the kink z = 0)."""
    return (checks.real_numbers(z) > 0).astype(float)[()]


def linear(z: ArrayLike) -> Floats:
    """The identity f(z) = z, as floats."""
    return np.positive(checks.real_numbers(z))


def linear_prime(z: ArrayLike) -> Floats:
    """f'(z) = 1 everywhere."""
    return np.ones_like(checks.real_numbers(z))[()]


class Activation(NamedTuple):
    """An activation function paired with its derivative."""

    name: str
    f: Callable[[ArrayLike], Floats]
    prime: Callable[[ArrayLike], Floats]


#: The activations the chapter lists, in its order.
ACTIVATIONS: tuple[Activation, ...] = (
    Activation("ReLU", relu, relu_prime),
    Activation("tanh", tanh, tanh_prime),
    Activation("sigmoid", sigmoid, sigmoid_prime),
    Activation("linear", linear, linear_prime),
)
