r"""The chapter's single sigmoid neuron, trained by full-batch gradient descent.

For examples $X$ (one per row), targets $y$ and weights $w$, the neuron outputs
$\hat y = \phi(X w)$ and the cost is $\mathrm{COST} = \frac{1}{2}\sum (\hat y - y)^2$.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from math import exp
from operator import mul

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbook import validation
from nnbook.activations import sigmoid


@dataclass(frozen=True)
class TrainingResult:
    r"""What :func:`train` returns.

    Attributes
    ----------
    weights : (features, 1) array
        The trained weights.
    outputs : (examples, 1) array
        The outputs $\hat y$ of the trained weights.
    errors : (epochs, examples) array
        $\hat y - y$ of every example, recorded before each epoch's update.
    """

    weights: NDArray[np.float64]
    outputs: NDArray[np.float64]
    errors: NDArray[np.float64]

    @property
    def costs(self) -> NDArray[np.float64]:
        r"""$\frac{1}{2}\sum (\hat y - y)^2$ before each epoch's update."""
        return 0.5 * np.einsum("ij,ij->i", self.errors, self.errors)


# --8<-- [start:predict]
def predict(inputs: ArrayLike, weights: ArrayLike) -> NDArray[np.float64]:
    r"""The neuron's outputs $\hat y = \phi(X w)$, one row per example.

    ``inputs`` is a 2-D array with one example per row, or one example as a 1-D array.
    """
    weights = validation.column("weights", weights)
    inputs = validation.matrix("inputs", inputs, one_row=True)
    _check_features(inputs, weights)
    return sigmoid(inputs @ weights)
# --8<-- [end:predict]


# --8<-- [start:train]
def train(inputs: ArrayLike, targets: ArrayLike, weights: ArrayLike,
          epochs: int, alpha: float) -> TrainingResult:
    r"""Fit ``weights`` to ``targets`` by ``epochs`` steps of gradient descent.

    Each epoch moves every weight against the gradient of the cost over all
    examples, $w_i \leftarrow w_i - \alpha \frac{\partial\,\mathrm{COST}}{\partial w_i}$,
    where by the chain rule

    $$\frac{\partial\,\mathrm{COST}}{\partial w_i}
      = \sum_{\text{examples}} (\hat y - y)\,\phi(z)\,(1 - \phi(z))\,x_i,$$

    that is $w \leftarrow w - \alpha X^{T}\left[(\hat y - y)\,\hat y\,(1 - \hat y)\right]$.
    The arguments are never modified.
    """
    inputs, targets, weights = _check_training(inputs, targets, weights)
    epochs = validation.positive_int("epochs", epochs)
    alpha = validation.positive_float("alpha", alpha)

    # Plain floats: for a few examples and weights they are faster than NumPy calls.
    examples = list(zip(inputs.tolist(), targets[:, 0].tolist(), strict=True))  # (x, y)
    columns = list(zip(*inputs.tolist(), strict=True))  # column i: x_i of every example
    weights = weights[:, 0].tolist()
    history = []                                        # every error, epoch by epoch
    for _ in range(epochs):
        slopes = []
        for x, y in examples:
            z = sum(map(mul, x, weights))                         # sum_i w_i x_i
            y_hat = 1.0 / (1.0 + exp(-z)) if z > -709.0 else 0.0  # phi(z); 0 if e^-z overflows
            delta = y_hat - y
            history.append(delta)
            slopes.append(delta * y_hat * (1.0 - y_hat))          # (y_hat - y) phi (1 - phi)
        weights = [w - alpha * sum(map(mul, column, slopes))     # w_i - alpha dCOST/dw_i
                   for w, column in zip(weights, columns, strict=False)]  # same length

    weights = np.array(weights).reshape(-1, 1)
    if not np.isfinite(weights).all():
        raise ValueError(
            f"alpha={alpha} made the weights overflow during training; use a smaller alpha")
    result = TrainingResult(weights, sigmoid(inputs @ weights),
                            np.array(history).reshape(epochs, -1))
    start, end = result.costs[0], 0.5 * float(np.sum((result.outputs - targets) ** 2))
    if end > start:
        warnings.warn(f"training raised the cost from {start:.3g} to {end:.3g}; "
                      f"alpha={alpha} may be too large", RuntimeWarning, stacklevel=2)
    return result
# --8<-- [end:train]


def cost(inputs: ArrayLike, targets: ArrayLike, weights: ArrayLike) -> float:
    r"""$\mathrm{COST} = \frac{1}{2}\sum (\hat y - y)^2$ of ``weights`` on the examples."""
    inputs, targets, weights = _check_training(inputs, targets, weights)
    delta = sigmoid(inputs @ weights) - targets
    return 0.5 * float(np.sum(delta * delta))


def _check_training(inputs, targets, weights):
    weights = validation.column("weights", weights)
    inputs = validation.matrix("inputs", inputs)
    _check_features(inputs, weights)
    targets = validation.column("targets", targets, len(inputs), "row of inputs")
    return inputs, targets, weights


def _check_features(inputs, weights):
    if inputs.shape[1] != len(weights):
        raise ValueError(
            f"inputs has {inputs.shape[1]} columns but weights has {len(weights)} rows; "
            f"they must match (one weight per input feature)"
        )
