"""The perceptron page's run: its parameters, defined once, and everything it reports.

The command line (``nnbook train``), the page's figures and numbers and its notebook all
start from :data:`PERCEPTRON`, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnbook import original
from nnbook.data import init_weights, new_input, training_inputs, training_outputs
from nnbook.perceptron import TrainingResult, cost, predict, train
from nnbook.runs import Parameters

#: The perceptron page's parameters: seed 1, 50,000 epochs, learning rate 0.9.
PERCEPTRON = Parameters()


@dataclass(frozen=True)
class PerceptronRun:
    """Every result the perceptron page reports, from one set of parameters."""

    parameters: Parameters
    inputs: NDArray[np.float64]
    targets: NDArray[np.float64]
    initial_weights: NDArray[np.float64]
    one_step_outputs: NDArray[np.float64]
    result: TrainingResult
    new_input: NDArray[np.float64]
    prediction: float

    @property
    def final_cost(self) -> float:
        return cost(self.inputs, self.targets, self.result.weights)


def run_perceptron(parameters: Parameters = PERCEPTRON) -> PerceptronRun:
    """Train the page's neuron with ``parameters`` and collect what the page shows."""
    inputs, targets = training_inputs(), training_outputs()
    weights = init_weights(parameters.seed)
    result = train(inputs, targets, weights, parameters.epochs, parameters.alpha)
    return PerceptronRun(
        parameters=parameters,
        inputs=inputs,
        targets=targets,
        initial_weights=weights,
        one_step_outputs=predict(inputs, weights),
        result=result,
        new_input=new_input(),
        prediction=float(predict(new_input(), result.weights)[0, 0]),
    )


@dataclass(frozen=True)
class OriginalRun:
    """The original notebook's loop run with the same parameters, to show its slip."""

    weights: NDArray[np.float64]
    errors: NDArray[np.float64]
    prediction: float
    final_cost: float


def run_original(parameters: Parameters = PERCEPTRON) -> OriginalRun:
    """The original notebook's training, slip included, with ``parameters``."""
    inputs, targets = training_inputs(), training_outputs()
    errors = np.zeros((parameters.epochs, len(inputs)))
    _, weights = original.train_nn(inputs, targets, init_weights(parameters.seed),
                                   parameters.epochs, errors, alpha=parameters.alpha)
    return OriginalRun(
        weights=weights,
        errors=errors,
        prediction=float(predict(new_input(), weights)[0, 0]),
        final_cost=cost(inputs, targets, weights),
    )
