"""The perceptron page's training table, its new input, the initial weights, and the hidden-layer
page's XOR."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from nnbook import checks


# --8<-- [start:data]
def training_inputs():
    """The four training examples, one per row: three inputs each."""
    return np.array([[0, 0, 1],
                     [1, 1, 1],
                     [1, 0, 1],
                     [0, 1, 1]], dtype=float)


def training_outputs():
    """The target of each training example, as a column (4x1)."""
    return np.array([[0], [1], [1], [0]], dtype=float)


def new_input():
    """The example the perceptron page asks the trained neuron about (1x3)."""
    return np.array([[1, 0, 0]], dtype=float)
# --8<-- [end:data]


# --8<-- [start:xor_data]
def xor_inputs():
    """XOR's four examples, one per row: two inputs each (4x2)."""
    return np.array([[0, 0],
                     [0, 1],
                     [1, 0],
                     [1, 1]], dtype=float)


def xor_outputs():
    """XOR of each example, as a column (4x1): 1 when exactly one input is 1."""
    return np.array([[0], [1], [1], [0]], dtype=float)
# --8<-- [end:xor_data]


# --8<-- [start:init_weights]
def init_weights(seed) -> NDArray[np.float64]:
    """Random initial weights, uniform in [-1, 1), one per input (3x1)."""
    random = np.random.RandomState(checks.seed(seed))  # a seed, or a clear error
    return random.uniform(-1, 1, size=(3, 1))
# --8<-- [end:init_weights]
