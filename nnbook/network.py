"""The hidden-layer page's network: one hidden layer of sigmoid units, with biases, trained by
backpropagation and full-batch gradient descent.

For examples X (one per row) and targets y, the forward pass is

    z1 = X W1 + b1,   h = φ(z1),   z2 = h W2 + b2,   ŷ = φ(z2)

and the cost is the sum of squares COST = ½ Σ (ŷ - y)², as for the single neuron.

:func:`forward` and :func:`backward` are the steps the training loop takes; they trust
their arguments. From outside, call :func:`predict_network`, :func:`gradients`,
:func:`cost_network` and :func:`train_network`, which check theirs (:func:`check_network`)
and, as :func:`nnbook.train` does, keep NumPy's warnings of overflow off.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from nnbook import checks
from nnbook.activations import phi
from nnbook.perceptron import Descent


# --8<-- [start:network]
@dataclass(frozen=True)
class Network:
    """The weights and biases of a network with one hidden layer.

    W1 : (inputs, hidden) array, the weights into the hidden layer
    b1 : (1, hidden) array, the hidden units' biases
    W2 : (hidden, 1) array, the weights into the output
    b2 : (1, 1) array, the output's bias
    """

    W1: NDArray[np.float64]
    b1: NDArray[np.float64]
    W2: NDArray[np.float64]
    b2: NDArray[np.float64]

    def __iter__(self) -> Iterator[NDArray[np.float64]]:
        """W1, b1, W2, b2 in this order, so that ``W1, b1, W2, b2 = network``."""
        return iter((self.W1, self.b1, self.W2, self.b2))
# --8<-- [end:network]


def check_network(network: object, inputs: object, targets: object = None
                  ) -> tuple[Network, NDArray[np.float64], NDArray[np.float64] | None]:
    """A :class:`Network` of finite floats whose shapes agree, W1 (inputs, hidden),
    b1 (1, hidden), W2 (hidden, 1), b2 (1, 1), as a new Network of float copies; the
    examples, one row per example and a column per row of W1; and their targets, if given,
    one per example."""
    if not isinstance(network, Network):
        raise TypeError(f"network must be a nnbook.Network, such as init_network(seed) "
                        f"returns, got {network!r:.60} of type {type(network).__name__}")
    W1, b1, W2, b2 = (checks.finite_array(array, f"network.{field}")
                      for field, array in zip(("W1", "b1", "W2", "b2"), network, strict=True))
    if W1.ndim != 2:
        raise ValueError(f"network.W1 must be a 2-D array, a row per input and a column per "
                         f"hidden unit, got {W1.ndim}-D shape {W1.shape}")
    hidden = W1.shape[1]
    for field, array, shape, what in (("b1", b1, (1, hidden), "one bias per hidden unit"),
                                      ("W2", W2, (hidden, 1), "one weight per hidden unit"),
                                      ("b2", b2, (1, 1), "the output's bias")):
        if array.shape != shape:
            raise ValueError(f"network.{field} must have shape {shape}, {what}, as W1 has "
                             f"{hidden} columns; got shape {array.shape}")
    X = checks.examples(inputs)
    y = None if targets is None else checks.targets(targets, X)
    if X.shape[1] != len(W1):
        raise ValueError(f"inputs has {X.shape[1]} columns but network.W1 has {len(W1)} "
                         f"rows; they must match (one row per input feature)")
    return Network(W1, b1, W2, b2), X, y


# --8<-- [start:init_network]
def init_network(seed, features=2, hidden=2) -> Network:
    """Random initial weights and biases, uniform in [-1, 1).

    All are drawn from one generator, in the order W1, b1, W2, b2, each array row by row.
    """
    random = np.random.RandomState(checks.seed(seed))  # a seed, or a clear error
    features, hidden = checks.units(features, "features"), checks.units(hidden, "hidden")
    W1 = random.uniform(-1, 1, size=(features, hidden))
    b1 = random.uniform(-1, 1, size=(1, hidden))
    W2 = random.uniform(-1, 1, size=(hidden, 1))
    b2 = random.uniform(-1, 1, size=(1, 1))
    return Network(W1, b1, W2, b2)
# --8<-- [end:init_network]


# --8<-- [start:forward]
def forward(network, X):
    """The forward pass: the hidden layer's outputs h and the network's outputs ŷ."""
    W1, b1, W2, b2 = network
    z1 = X @ W1 + b1          # each hidden unit's weighted sum, plus its bias
    h = phi(z1)               # h = φ(z1)
    z2 = h @ W2 + b2          # the output's weighted sum of h, plus its bias
    y_hat = phi(z2)           # ŷ = φ(z2)
    return h, y_hat
# --8<-- [end:forward]


# --8<-- [start:backward]
def backward(network, X, y, h, y_hat):
    """Backpropagation: ∂COST/∂w for every weight and bias w, from the forward pass's
    h and ŷ, as a Network (∂COST/∂W1 in its W1, and so on)."""
    W2 = network.W2
    delta2 = (y_hat - y) * y_hat * (1 - y_hat)   # δ2 = (ŷ - y) φ'(z2), φ'(z2) = ŷ (1 - ŷ)
    dW2 = h.T @ delta2                           # ∂COST/∂W2 = hᵀ δ2
    db2 = delta2.sum(axis=0, keepdims=True)      # ∂COST/∂b2 = Σ δ2, over the examples
    delta1 = (delta2 @ W2.T) * h * (1 - h)       # δ1 = (δ2 W2ᵀ) φ'(z1), φ'(z1) = h (1 - h)
    dW1 = X.T @ delta1                           # ∂COST/∂W1 = Xᵀ δ1
    db1 = delta1.sum(axis=0, keepdims=True)      # ∂COST/∂b1 = Σ δ1, over the examples
    return Network(dW1, db1, dW2, db2)
# --8<-- [end:backward]


@dataclass(frozen=True)
class NetworkResult(Descent):
    """What :func:`train_network` returns.

    Attributes
    ----------
    network : Network
        The trained weights and biases.
    outputs : (examples, 1) array
        The outputs ŷ of the trained network.
    errors : (epochs, examples) array
        ŷ - y of every example, recorded before each epoch's step.

    From :func:`nnbook.train_seeds`, each of these has a leading axis of seeds.
    """

    network: Network
    outputs: NDArray[np.float64]
    errors: NDArray[np.float64]
    training: ClassVar[str] = "training the network"

    def learned(self) -> tuple[NDArray[np.float64], ...]:
        return tuple(self.network)


# --8<-- [start:train_network]
@np.errstate(over="ignore", invalid="ignore")  # weights that overflow are refused at the end
def train_network(network, inputs, targets, epochs, alpha):
    """Fit the network to the targets by `epochs` steps of gradient descent."""
    network, X, y = check_network(network, inputs, targets)  # float arrays, or a clear error
    epochs, alpha = checks.descent(epochs, alpha, len(X))
    errors = np.zeros((epochs, len(X)))              # Δ of each example, before each step
    for epoch in range(epochs):
        h, y_hat = forward(network, X)               # forward pass
        errors[epoch] = (y_hat - y)[:, 0]            # the error: Δ = ŷ - y
        dW1, db1, dW2, db2 = backward(network, X, y, h, y_hat)  # backpropagation
        W1, b1, W2, b2 = network
        network = Network(W1 - alpha * dW1, b1 - alpha * db1,   # a step down the gradient:
                          W2 - alpha * dW2, b2 - alpha * db2)   # w ← w - α ∂COST/∂w
    return NetworkResult(network, forward(network, X)[1], errors)
# --8<-- [end:train_network]


@np.errstate(over="ignore")
def predict_network(network, inputs) -> NDArray[np.float64]:
    """The network's outputs ŷ, one row per example."""
    network, X, _ = check_network(network, inputs)
    return forward(network, X)[1]


@np.errstate(over="ignore")
def gradients(network, inputs, targets) -> Network:
    """∂COST/∂w of every weight and bias w on the examples, as a Network."""
    network, X, y = check_network(network, inputs, targets)
    h, y_hat = forward(network, X)
    return backward(network, X, y, h, y_hat)


@np.errstate(over="ignore")
def cost_network(network, inputs, targets) -> float:
    """COST = ½ Σ (ŷ - y)² of the network on the examples: half the sum of squares."""
    network, X, y = check_network(network, inputs, targets)
    delta = forward(network, X)[1] - y
    return 0.5 * float(np.sum(delta**2))
