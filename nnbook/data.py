"""The chapter's training table, its new input, and the initial weights."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from nnbook import validation


# --8<-- [start:data]
def training_inputs() -> NDArray[np.float64]:
    """The four training examples, one per row: three inputs each."""
    return np.array([[0, 0, 1],
                     [1, 1, 1],
                     [1, 0, 1],
                     [0, 1, 1]], dtype=float)


def training_outputs() -> NDArray[np.float64]:
    """The target of each training example, as a column (4x1)."""
    return np.array([[0], [1], [1], [0]], dtype=float)


def new_input() -> NDArray[np.float64]:
    """The example the chapter asks the trained network about (1x3)."""
    return np.array([[1, 0, 0]], dtype=float)


def init_weights(seed: int) -> NDArray[np.float64]:
    """Random initial weights, uniform in [-1, 1), one per input (3x1).

    The draw comes from its own ``RandomState(seed)``, not from NumPy's global
    state. Its stream is frozen across NumPy releases, so the chapter's numbers
    never move with an upgrade, and seed 1 gives the weights that the original
    notebook's ``np.random.seed(1)`` gave.
    """
    seed = validation.seed("seed", seed)
    return np.random.RandomState(seed).uniform(-1.0, 1.0, size=(3, 1))
# --8<-- [end:data]

