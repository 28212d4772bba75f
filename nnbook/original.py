"""The original notebook's training loop, kept word for word to show and measure its slip.

It applies ``sigmoid_prime`` to the *outputs* ŷ = φ(z) instead of to z, so its step
uses φ(φ(z)) (1 - φ(φ(z))) where the chapter's equations say φ(z) (1 - φ(z)).
:func:`nnbook.train` follows the equations; this copy is kept for the perceptron page's
lesson on the slip and for the benchmark.
"""

import numpy as np


# --8<-- [start:original]
def sigmoid(x) :
    return 1.0/(1 + np.exp(-x))

def sigmoid_prime(x):
    return sigmoid(x)*(1-sigmoid(x))

def train_nn(training_inputs, training_outputs, initial_weights, niter, errors_data, alpha = 1.0):
    w = initial_weights
    for ii in range(niter):
        # Forward propagation
        input_layer = training_inputs
        outputs = sigmoid(np.dot(input_layer, w))
        # Backward propagation
        errors = outputs - training_outputs
        deltaw = errors*sigmoid_prime(outputs)
        deltaw = np.dot(input_layer.T, deltaw)
        w = w - alpha*deltaw
        # Save errors for plotting later
        errors_data[ii] = errors.reshape((4,))
    return outputs, w
# --8<-- [end:original]
