"""The chapter's single sigmoid neuron, trained by full-batch gradient descent.

For examples X (one per row), targets y and weights w, the neuron outputs
ŷ = φ(Xw), and the cost is the sum of squares COST = ½ Σ (ŷ - y)².
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from nnbook.activations import sigmoid
from nnbook.validation import checked


class Descent:
    """What every run of gradient descent records: the errors ŷ - y of each example before
    each step, and from them the costs. Weights that overflowed are an error, not a result;
    a cost that rose while training gets a warning.

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
                          RuntimeWarning, stacklevel=4)

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

    Weights that overflowed are an error, not a result; a cost that rose while
    training gets a warning (:class:`Descent`).
    """

    weights: NDArray[np.float64]
    outputs: NDArray[np.float64]
    errors: NDArray[np.float64]

    def learned(self) -> tuple[NDArray[np.float64], ...]:
        return (self.weights,)


@checked
# --8<-- [start:predict]
def predict(inputs, weights):
    """The neuron's outputs ŷ = φ(Xw), one row per example."""
    X, w = inputs, weights
    return sigmoid(X @ w)
# --8<-- [end:predict]


@checked
# --8<-- [start:train]
def train(inputs, targets, weights, epochs, alpha):
    """Fit the weights to the targets by `epochs` steps of gradient descent."""
    X, y, w = inputs, targets, weights        # the names the equations use
    errors = np.zeros((epochs, len(X)))       # Δ of each example, before each step
    for epoch in range(epochs):
        y_hat = sigmoid(X @ w)                # forward pass: ŷ = φ(Xw)
        delta = y_hat - y                     # the error: Δ = ŷ - y
        errors[epoch] = delta[:, 0]
        w = w - alpha * X.T @ (delta * y_hat * (1 - y_hat))  # w ← w - α Xᵀ[Δ ŷ (1 - ŷ)]
    return TrainingResult(w, sigmoid(X @ w), errors)
# --8<-- [end:train]


@checked
def cost(inputs, targets, weights) -> float:
    """COST = ½ Σ (ŷ - y)² of the weights on the examples: half the sum of squares."""
    delta = sigmoid(inputs @ weights) - targets
    return 0.5 * float(np.sum(delta**2))
