r"""Activation functions $f(z)$ and their derivatives $f'(z)$ with respect to $z$.

Each activation takes a scalar or an array of pre-activations $z$ and returns
floats of the same shape; each derivative reuses its forward value, the way the
chapter writes $\phi'(z) = \phi(z)\,(1 - \phi(z))$.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

Floats = NDArray[np.float64] | np.float64


# --8<-- [start:sigmoid]
def sigmoid(z: ArrayLike) -> Floats:
    r"""The logistic function $\phi(z) = \dfrac{1}{1 + e^{-z}}$.

    For $z < -709$, $e^{-z}$ overflows to infinity and $\phi(z)$ is then
    exactly 0, its limit, so the overflow is expected and not reported.
    """
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_prime(z: ArrayLike) -> Floats:
    r"""$\phi'(z) = \phi(z)\,(1 - \phi(z))$: the derivative takes $z$, not $\phi(z)$."""
    phi = sigmoid(z)
    return phi * (1.0 - phi)
# --8<-- [end:sigmoid]


def tanh(z: ArrayLike) -> Floats:
    r"""The hyperbolic tangent $\tanh(z)$."""
    return np.tanh(np.asarray(z, dtype=float))


def tanh_prime(z: ArrayLike) -> Floats:
    r"""$\tanh'(z) = 1 - \tanh^2(z)$."""
    t = tanh(z)
    return 1.0 - t * t


def relu(z: ArrayLike) -> Floats:
    r"""The rectified linear unit $\max(0, z)$."""
    return np.maximum(np.asarray(z, dtype=float), 0.0)


def relu_prime(z: ArrayLike) -> Floats:
    r"""$\mathrm{relu}'(z)$: 1 where $z > 0$, else 0 (0 is chosen at the kink $z = 0$)."""
    return (np.asarray(z, dtype=float) > 0.0).astype(float)


def linear(z: ArrayLike) -> Floats:
    r"""The identity $f(z) = z$, as floats."""
    return np.positive(np.asarray(z, dtype=float))


def linear_prime(z: ArrayLike) -> Floats:
    r"""$f'(z) = 1$ everywhere."""
    return np.ones_like(np.asarray(z, dtype=float))[()]


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
