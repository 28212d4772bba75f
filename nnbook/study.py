"""Many initialisations at once: how often a network learns, and where it gets stuck.

:func:`train_seeds` trains one network per seed, all together, with a leading axis of
seeds on every array; it gives the same numbers as :func:`nnbook.train_network` for each
seed, many times faster. :func:`outcome` names how a run ended, and a :class:`Study`
holds the outcomes of many runs.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from nnbook import checks
from nnbook.network import Network, NetworkResult, forward, init_network

#: An output counts as learned within this distance of its target.
TOLERANCE = 0.1
#: The outcome of a run whose every output is within :data:`TOLERANCE` of its target.
LEARNED = "learned"
#: The outcome of a run that ended neither learned nor stuck at a mean target.
OTHER = "other"


def outcome(outputs: NDArray[np.float64], targets: NDArray[np.float64]) -> str:
    """How a run ended, from its outputs ŷ and the targets y (columns, one row per example).

    ``"learned"``: every output is within :data:`TOLERANCE` of its target.
    ``"k at j/k"``: the k examples not learned share one output, the mean j/k of their
    targets: the best a network can do for examples it cannot tell apart. XOR's classic
    cases are ``"2 at 1/2"`` and ``"3 at 2/3"``.
    ``"other"``: anything else.
    """
    y_hat, y = outputs[:, 0], targets[:, 0]
    stuck = np.abs(y_hat - y) >= TOLERANCE
    if not stuck.any():
        return LEARNED
    mean = float(y[stuck].mean())
    if np.all(np.abs(y_hat[stuck] - mean) < TOLERANCE):
        fraction = Fraction(mean).limit_denominator(len(y))
        at = fraction if math.isclose(fraction, mean, rel_tol=1e-12) else f"{mean:.3g}"
        return f"{stuck.sum()} at {at}"
    return OTHER


@np.errstate(over="ignore", invalid="ignore")
def train_seeds(seeds, hidden, inputs, targets, epochs, alpha) -> NetworkResult:
    """``train_network(init_network(seed, features, hidden), inputs, targets, epochs, alpha)``
    for every seed at once: the same numbers, with a leading axis of seeds on each array
    of the result (network, outputs, and errors of shape (seeds, epochs, examples)).

    NumPy's ``@`` multiplies a (seeds, n, m) stack one (n, m) matrix at a time, as it
    multiplies a single network's, so the numbers are equal to the last bit.
    """
    seeds, hidden = checks.seeds(seeds), checks.units(hidden, "hidden")
    X = checks.examples(inputs)
    if X.shape[1] > checks.MAX_UNITS:
        raise ValueError(f"inputs has {X.shape[1]} columns, but a network takes at most "
                         f"{checks.MAX_UNITS} inputs")
    y = checks.targets(targets, X)
    epochs, alpha = checks.descent(epochs, alpha, len(X), runs=len(seeds))
    starts = [init_network(seed, X.shape[1], hidden) for seed in seeds]
    network = Network(*(np.stack(arrays) for arrays in zip(*starts, strict=True)))
    errors = np.zeros((epochs, len(seeds), len(X)))  # each epoch's errors in one block
    for epoch in range(epochs):
        h, y_hat = forward(network, X)  # the forward pass works on a stack as it is
        delta = y_hat - y
        errors[epoch] = delta[..., 0]
        dW1, db1, dW2, db2 = _backward_stacked(network, X, delta, h, y_hat)
        W1, b1, W2, b2 = network
        network = Network(W1 - alpha * dW1, b1 - alpha * db1,
                          W2 - alpha * dW2, b2 - alpha * db2)
    return NetworkResult(network, forward(network, X)[1], errors.swapaxes(0, 1))


def _backward_stacked(network, X, delta, h, y_hat):
    """:func:`nnbook.network.backward` on a stack of networks, from the errors Δ = ŷ - y:
    the transpose and the sum over examples act on the last two axes, past the seeds."""
    delta2 = delta * y_hat * (1 - y_hat)
    dW2 = h.mT @ delta2
    db2 = delta2.sum(axis=-2, keepdims=True)
    delta1 = (delta2 @ network.W2.mT) * h * (1 - h)
    dW1 = X.T @ delta1
    db1 = delta1.sum(axis=-2, keepdims=True)
    return dW1, db1, dW2, db2


@dataclass(frozen=True)
class Study:
    """How networks of each hidden size ended, from each of the seeds, trained alike.

    Attributes
    ----------
    seeds : tuple of int
        The seeds of the initial weights, in the order of every per-seed array.
    epochs, alpha
        How every network was trained.
    outcomes : dict of hidden size to a tuple of str
        The :func:`outcome` of each seed's run.
    outputs : dict of hidden size to a (seeds, examples) array
        The outputs ŷ of each seed's trained network.
    costs : dict of hidden size to a (seeds, epochs) array
        COST before each epoch's step, for each seed.
    networks : dict of hidden size to a Network
        The trained networks, each array with a leading axis of seeds.
    """

    seeds: tuple[int, ...]
    epochs: int
    alpha: float
    outcomes: dict[int, tuple[str, ...]]
    outputs: dict[int, NDArray[np.float64]]
    costs: dict[int, NDArray[np.float64]]
    networks: dict[int, Network]

    def counts(self, hidden: int) -> dict[str, int]:
        """How many seeds ended in each outcome, learned first, then the most common."""
        counts = Counter(self.outcomes[hidden])
        return {LEARNED: counts.pop(LEARNED, 0), **dict(counts.most_common())}

    def learned(self, hidden: int) -> int:
        """How many seeds learned the targets."""
        return self.outcomes[hidden].count(LEARNED)

    def seeds_of(self, hidden: int, outcome: str) -> tuple[int, ...]:
        """The seeds whose run ended in ``outcome``."""
        return tuple(seed for seed, each in zip(self.seeds, self.outcomes[hidden], strict=True)
                     if each == outcome)

