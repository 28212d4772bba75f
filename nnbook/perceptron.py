"""The perceptron page's single sigmoid neuron, trained by full-batch gradient descent.

For examples X (one per row), targets y and weights w, the neuron outputs
ŷ = φ(Xw), and the cost is the sum of squares COST = ½ Σ (ŷ - y)².

NumPy's warnings of overflow are off while the neuron computes: for z < -709, e^-z is too
large for a float and φ(z) is then 0, its limit; and weights that overflow while training
are refused, with a message that says what to change, when the training ends.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from nnbook import checks
from nnbook.activations import phi


def _callers_level() -> int:
    """For a warning from a result's ``__post_init__``, the ``stacklevel`` of the first frame
    outside nnbook and NumPy, past the result's ``__init__``: the line that called for the run."""
    inside = (str(Path(__file__).parent), str(Path(np.__file__).parent))
    frame, level = sys._getframe(3), 3
    while frame.f_back is not None and frame.f_code.co_filename.startswith(inside):
        frame, level = frame.f_back, level + 1
    return level


class Descent:
    """What every run of gradient descent records: the errors ŷ - y of each example before
    each step, and from them the costs. Weights that overflowed are an error, not a result;
    a cost that rose while training gets a warning, at the line that called for the run.

    Each subclass is a frozen dataclass with an ``errors`` field, and returns the arrays
    it learned from :meth:`learned`.
    """

    errors: NDArray[np.float64]
    #: What the warning of a rising cost calls the run.
    training: ClassVar[str] = "training"

    def learned(self) -> tuple[NDArray[np.float64], ...]:
        raise NotImplementedError

    def __post_init__(self) -> None:
        if not all(np.isfinite(array).all() for array in self.learned()):
            raise ValueError("the weights overflowed during training: alpha is too large; "
                             "use a smaller alpha")
        first, last = self.costs[..., 0], self.costs[..., -1]
        rose = np.flatnonzero(last > first)  # of runs trained together, the first that rose
        if rose.size:
            warnings.warn(f"{self.training} raised the cost from {first.flat[rose[0]]:.3g} to "
                          f"{last.flat[rose[0]]:.3g}; alpha may be too large",
                          RuntimeWarning, stacklevel=_callers_level())

    @property
    def costs(self) -> NDArray[np.float64]:
        """COST = ½ Σ (ŷ - y)² before each epoch's step."""
        return 0.5 * np.sum(self.errors**2, axis=-1)


@dataclass(frozen=True)
class TrainingResult(Descent):
    """What :func:`train` returns.

    Attributes
    ----------
    weights : (features, 1) array
        The trained weights.
    outputs : (examples, 1) array
        The outputs ŷ of the trained weights.
    errors : (epochs, examples) array
        ŷ - y of every example, recorded before each epoch's step.
    """

    weights: NDArray[np.float64]
    outputs: NDArray[np.float64]
    errors: NDArray[np.float64]

    def learned(self) -> tuple[NDArray[np.float64], ...]:
        return (self.weights,)


# --8<-- [start:predict]
@np.errstate(over="ignore")  # where e^-z is too large for a float, φ(z) is 0: no warning
def predict(inputs, weights):
    """The neuron's outputs ŷ = φ(Xw), one row per example."""
    X, w = checks.neuron(inputs, weights)     # float arrays, or a clear error
    return phi(X @ w)
# --8<-- [end:predict]


# --8<-- [start:train]
@np.errstate(over="ignore", invalid="ignore")  # weights that overflow are refused at the end
def train(inputs, targets, weights, epochs, alpha):
    """Fit the weights to the targets by `epochs` steps of gradient descent."""
    X, w = checks.neuron(inputs, weights)     # float arrays, or a clear error
    y = checks.targets(targets, X)            # a column: one target per example
    epochs, alpha = checks.descent(epochs, alpha, len(X))
    errors = np.zeros((epochs, len(X)))       # Δ of each example, before each step
    for epoch in range(epochs):
        y_hat = phi(X @ w)                    # forward pass: ŷ = φ(Xw)
        delta = y_hat - y                     # the error: Δ = ŷ - y
        errors[epoch] = delta[:, 0]
        w = w - alpha * X.T @ (delta * y_hat * (1 - y_hat))  # w ← w - α Xᵀ[Δ ŷ (1 - ŷ)]
    return TrainingResult(w, phi(X @ w), errors)
# --8<-- [end:train]


@np.errstate(over="ignore")
def cost(inputs, targets, weights) -> float:
    """COST = ½ Σ (ŷ - y)² of the weights on the examples: half the sum of squares."""
    X, w = checks.neuron(inputs, weights)
    delta = phi(X @ w) - checks.targets(targets, X)
    return 0.5 * float(np.sum(delta**2))
