"""Activation functions f(z) and their derivatives f'(z), each taken at z.

Each takes a number or an array of numbers z and returns floats of the same
shape; each derivative reuses its forward value, the way the chapter writes
φ'(z) = φ(z) (1 - φ(z)). ``@checked`` refuses a z that is not real numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbook.validation import checked

Floats = NDArray[np.float64] | np.float64


@checked
# --8<-- [start:sigmoid]
def sigmoid(z):
    """The sigmoid φ(z) = 1 / (1 + e^-z)."""
    return 1 / (1 + np.exp(-z))


@checked
def sigmoid_prime(z):
    """Its derivative at z: φ'(z) = φ(z) (1 - φ(z))."""
    phi = sigmoid(z)
    return phi * (1 - phi)
# --8<-- [end:sigmoid]


@checked
def tanh(z: ArrayLike) -> Floats:
    """The hyperbolic tangent tanh(z)."""
    return np.tanh(z)


@checked
def tanh_prime(z: ArrayLike) -> Floats:
    """tanh'(z) = 1 - tanh²(z)."""
    t = tanh(z)
    return 1 - t * t


@checked
def relu(z: ArrayLike) -> Floats:
    """The rectified linear unit max(0, z)."""
    return np.maximum(z, 0.0)


@checked
def relu_prime(z: ArrayLike) -> Floats:
    """relu'(z): 1 where z > 0, else 0 (0 is chosen at the kink z = 0)."""
    return (z > 0).astype(float)[()]


@checked
def linear(z: ArrayLike) -> Floats:
    """The identity f(z) = z, as floats."""
    return np.positive(z)


@checked
def linear_prime(z: ArrayLike) -> Floats:
    """f'(z) = 1 everywhere."""
    return np.ones_like(z)[()]


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
