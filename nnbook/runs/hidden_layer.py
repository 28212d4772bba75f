"""The hidden-layer page's run: XOR, which the perceptron page's single neuron cannot learn
and a network with one hidden layer can, and the study of many starts. Its parameters are
defined once, in :data:`HIDDEN_LAYER`; ``nnbook xor`` runs it from the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnbook import checks
from nnbook.data import init_weights, xor_inputs, xor_outputs
from nnbook.network import (
    Network,
    NetworkResult,
    cost_network,
    init_network,
    predict_network,
    train_network,
)
from nnbook.perceptron import TrainingResult, cost, predict, train
from nnbook.runs import Parameters
from nnbook.study import Study, outcome, train_seeds


@dataclass(frozen=True)
class HiddenLayerParameters(Parameters):
    """The perceptron page's knobs, with this page's values, and the size of the hidden
    layer. The seed is the perceptron page's."""

    seed: int = 1
    epochs: int = 10_000
    alpha: float = 1.0
    hidden: int = 2

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "hidden", checks.units(self.hidden, "hidden"))


#: The page's parameters: the perceptron page's seed 1, 2 hidden units, 10,000 epochs, α = 1.
#: By 10,000 epochs every run of the study has either learned XOR or is stuck (its
#: counts stay the same to 40,000); α from 0.5 to 2 changes them by one seed at most.
HIDDEN_LAYER = HiddenLayerParameters()

#: The initialisation study: these seeds, each with these sizes of hidden layer.
STUDY_SEEDS = range(100)
STUDY_HIDDEN = (2, 3)

#: The square of the plane over which the outputs are drawn: from, to, points per side.
PLANE = (-0.5, 1.5, 101)


@dataclass(frozen=True)
class HiddenLayerRun:
    """Everything the hidden-layer page shows, from one set of parameters: the single neuron
    failing at XOR, and the network with a hidden layer learning it.

    The neuron sees each example as [x1, x2, 1], the constant input standing for a bias.
    Each surface holds the outputs over the plane: ``surface[i, j]`` is the output at
    x1 = ``grid[j]``, x2 = ``grid[i]``.
    """

    parameters: HiddenLayerParameters
    inputs: NDArray[np.float64]
    targets: NDArray[np.float64]
    neuron_inputs: NDArray[np.float64]
    neuron_initial_weights: NDArray[np.float64]
    neuron_result: TrainingResult
    initial_network: Network
    network_result: NetworkResult
    grid: NDArray[np.float64]
    neuron_surface: NDArray[np.float64]
    network_surface: NDArray[np.float64]

    @property
    def neuron_final_cost(self) -> float:
        return cost(self.neuron_inputs, self.targets, self.neuron_result.weights)

    @property
    def network_final_cost(self) -> float:
        return cost_network(self.network_result.network, self.inputs, self.targets)

    @property
    def neuron_outcome(self) -> str:
        """How the neuron's run ended (:func:`nnbook.outcome`)."""
        return outcome(self.neuron_result.outputs, self.targets)

    @property
    def network_outcome(self) -> str:
        """How the network's run ended (:func:`nnbook.outcome`): ``"learned"`` or stuck."""
        return outcome(self.network_result.outputs, self.targets)


def with_constant_input(inputs: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each example with a constant 1 after its inputs: [x1, x2] becomes [x1, x2, 1]."""
    return np.hstack([inputs, np.ones((len(inputs), 1))])


def run_hidden_layer(parameters: HiddenLayerParameters = HIDDEN_LAYER) -> HiddenLayerRun:
    """Train the neuron and the network on XOR with ``parameters``; collect what the
    page shows."""
    p = parameters
    inputs, targets = xor_inputs(), xor_outputs()
    neuron_inputs, weights = with_constant_input(inputs), init_weights(p.seed)
    network = init_network(p.seed, inputs.shape[1], p.hidden)
    neuron_result = train(neuron_inputs, targets, weights, p.epochs, p.alpha)
    network_result = train_network(network, inputs, targets, p.epochs, p.alpha)
    grid = np.linspace(*PLANE)
    x1, x2 = np.meshgrid(grid, grid)
    points = np.column_stack([x1.ravel(), x2.ravel()])
    return HiddenLayerRun(
        parameters=p,
        inputs=inputs,
        targets=targets,
        neuron_inputs=neuron_inputs,
        neuron_initial_weights=weights,
        neuron_result=neuron_result,
        initial_network=network,
        network_result=network_result,
        grid=grid,
        neuron_surface=predict(with_constant_input(points), neuron_result.weights)
        .reshape(x1.shape),
        network_surface=predict_network(network_result.network, points).reshape(x1.shape),
    )


def run_study(parameters: HiddenLayerParameters = HIDDEN_LAYER) -> Study:
    """The initialisation study: a network on XOR from each of :data:`STUDY_SEEDS` with
    each of :data:`STUDY_HIDDEN` hidden units, trained with the epochs and α of
    ``parameters`` (its seed and hidden size are what the study varies)."""
    inputs, targets = xor_inputs(), xor_outputs()
    outcomes, outputs, costs, networks = {}, {}, {}, {}
    for hidden in STUDY_HIDDEN:
        result = train_seeds(STUDY_SEEDS, hidden, inputs, targets, parameters.epochs,
                             parameters.alpha)
        outcomes[hidden] = tuple(outcome(each, targets) for each in result.outputs)
        outputs[hidden] = result.outputs[..., 0]
        costs[hidden] = result.costs
        networks[hidden] = result.network
    return Study(tuple(STUDY_SEEDS), parameters.epochs, parameters.alpha, outcomes, outputs,
                 costs, networks)

