"""What the perceptron page teaches beyond the run itself, computed: the worked first
epoch, the rates at which the errors decay (the lesson of the slip), the decision
boundary, and the exercises' answers."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnbook.activations import sigmoid
from nnbook.book.tables import below_from
from nnbook.perceptron import TrainingResult, train
from nnbook.runs.perceptron import OriginalRun, PerceptronRun


@dataclass(frozen=True)
class WorkedEpoch:
    """One step of gradient descent, every intermediate quantity kept, as the listing names
    them: ``z = X @ w``, ``y_hat = φ(z)``, ``delta = y_hat - y``, ``slope = y_hat (1 - y_hat)``,
    ``gradient = Xᵀ (delta · slope)``, ``new_weights = w - α gradient``."""

    inputs: NDArray[np.float64]
    targets: NDArray[np.float64]
    weights: NDArray[np.float64]
    alpha: float
    z: NDArray[np.float64]
    y_hat: NDArray[np.float64]
    delta: NDArray[np.float64]
    slope: NDArray[np.float64]
    gradient: NDArray[np.float64]
    new_weights: NDArray[np.float64]


def worked_epoch(run: PerceptronRun) -> WorkedEpoch:
    """The run's first epoch, from its initial weights."""
    X, y, w = run.inputs, run.targets, run.initial_weights
    alpha = run.parameters.alpha
    z = X @ w
    y_hat = sigmoid(z)
    delta = y_hat - y
    slope = y_hat * (1 - y_hat)
    gradient = X.T @ (delta * slope)
    new_weights = w - alpha * X.T @ (delta * y_hat * (1 - y_hat))  # as train, to the last bit
    return WorkedEpoch(X, y, w, alpha, z, y_hat, delta, slope, gradient, new_weights)


def decay_rates(errors: NDArray[np.float64], start: int = 1_000) -> NDArray[np.float64]:
    """For each example, the slope of log |error| against log epoch from epoch ``start`` to
    the last: the power k of |error| ∝ epoch^k, fitted by least squares."""
    epochs = np.arange(1, len(errors) + 1)[start - 1:]
    return np.array([np.polyfit(np.log(epochs), np.log(np.abs(column)), 1)[0]
                     for column in errors[start - 1:].T])


def settled_from(errors: NDArray[np.float64], size: float) -> int | None:
    """The epoch from which every |error|, recorded at its start, is below ``size``; None if
    the last is not."""
    return below_from(np.abs(errors).max(axis=1), size)


@dataclass(frozen=True)
class Exercises:
    """The exercises' runs whose numbers the page quotes, each with the run's seed and
    epochs (the page's transcripts show the others)."""

    large_alpha: float
    large_alpha_run: TrainingResult
    xor_inputs: NDArray[np.float64]
    xor_targets: NDArray[np.float64]
    xor: TrainingResult
    settle: float
    settle_equations: int | None
    settle_original: int | None


def exercises(run: PerceptronRun, original: OriginalRun, large_alpha: float = 10.0,
              settle: float = 0.01) -> Exercises:
    p = run.parameters
    X, y, w = run.inputs, run.targets, run.initial_weights
    xor_inputs = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    xor_targets = np.array([[0], [1], [1], [0]], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an answer from a run that raised its cost is wrong
        return Exercises(
            large_alpha=large_alpha,
            large_alpha_run=train(X, y, w, p.epochs, large_alpha),
            xor_inputs=xor_inputs,
            xor_targets=xor_targets,
            xor=train(xor_inputs, xor_targets, w, p.epochs, p.alpha),
            settle=settle,
            settle_equations=settled_from(run.result.errors, settle),
            settle_original=settled_from(original.errors, settle),
        )
