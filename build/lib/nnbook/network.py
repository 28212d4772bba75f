"""The sequel's network: one hidden layer of sigmoid units, with biases, trained by
backpropagation and full-batch gradient descent.

For examples X (one per row) and targets y, the forward pass is

    z1 = X W1 + b1,   h = φ(z1),   z2 = h W2 + b2,   ŷ = φ(z2)

and the cost is the sum of squares COST = ½ Σ (ŷ - y)², as for the single neuron.

:func:`forward` and :func:`backward` are the steps the training loop takes; they trust
their arguments. From outside, call the checked :func:`predict_network`,
:func:`gradients`, :func:`cost_network` and :func:`train_network`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from nnbook.activations import sigmoid
from nnbook.perceptron import Descent
from nnbook.validation import checked


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


@checked
# --8<-- [start:init_network]
def init_network(seed, features=2, hidden=2) -> Network:
    """Random initial weights and biases, uniform in [-1, 1).

    All are drawn from one generator, in the order W1, b1, W2, b2, each array row by row.
    """
    random = np.random.RandomState(seed)
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
    h = sigmoid(z1)           # h = φ(z1)
    z2 = h @ W2 + b2          # the output's weighted sum of h, plus its bias
    y_hat = sigmoid(z2)       # ŷ = φ(z2)
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


@checked
# --8<-- [start:train_network]
def train_network(network, inputs, targets, epochs, alpha):
    """Fit the network to the targets by `epochs` steps of gradient descent."""
    X, y = inputs, targets                           # the names the equations use
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


@checked
def predict_network(network, inputs) -> NDArray[np.float64]:
    """The network's outputs ŷ, one row per example."""
    return forward(network, inputs)[1]


@checked
def gradients(network, inputs, targets) -> Network:
    """∂COST/∂w of every weight and bias w on the examples, as a Network."""
    h, y_hat = forward(network, inputs)
    return backward(network, inputs, targets, h, y_hat)


@checked
def cost_network(network, inputs, targets) -> float:
    """COST = ½ Σ (ŷ - y)² of the network on the examples: half the sum of squares."""
    delta = forward(network, inputs)[1] - targets
    return 0.5 * float(np.sum(delta**2))
