"""What the command line prints of a run: plain JSON types, or a few readable lines."""

from __future__ import annotations

import numpy as np

from nnbook.network import Network
from nnbook.runs.hidden_layer import HiddenLayerRun
from nnbook.runs.perceptron import PerceptronRun
from nnbook.study import LEARNED, TOLERANCE

#: A network's arrays, in the order a Network lists them.
ARRAYS = ("W1", "b1", "W2", "b2")


def as_json(run: PerceptronRun) -> dict[str, object]:
    """The run as plain JSON types: numbers and lists of floats."""
    p = run.parameters
    return {
        "seed": p.seed,
        "epochs": p.epochs,
        "alpha": p.alpha,
        "initial_weights": run.initial_weights[:, 0].tolist(),
        "weights": run.result.weights[:, 0].tolist(),
        "outputs": run.result.outputs[:, 0].tolist(),
        "targets": run.targets[:, 0].tolist(),
        "new_input": run.new_input[0].tolist(),
        "prediction": run.prediction,
    }


def summary(run: PerceptronRun) -> str:
    """The run as a few readable lines."""
    p = run.parameters
    fmt = {"float_kind": lambda x: f"{x: .6f}"}
    rows = "\n".join(
        f"  {x.astype(int).tolist()}   {y_hat:.6f}   {y:g}"
        for x, y_hat, y in zip(run.inputs, run.result.outputs[:, 0],
                               run.targets[:, 0], strict=True)
    )
    return "\n".join([
        f"Trained for {p.epochs} epochs with alpha={p.alpha}, seed={p.seed}.",
        f"initial weights: {np.array2string(run.initial_weights[:, 0], formatter=fmt)}",
        f"final weights:   {np.array2string(run.result.weights[:, 0], formatter=fmt)}",
        f"final cost:      {run.final_cost:.3g}",
        "outputs against targets:",
        "  inputs      output     target",
        rows,
        f"prediction for {run.new_input[0].astype(int).tolist()}: {run.prediction:.6f}",
    ])


def _network_json(network: Network) -> dict[str, list[list[float]]]:
    return {name: array.tolist() for name, array in zip(ARRAYS, network, strict=True)}


def xor_json(xor: HiddenLayerRun) -> dict[str, object]:
    """The hidden-layer page's run as plain JSON types (without the surfaces over the plane)."""
    p = xor.parameters
    return {
        "seed": p.seed,
        "hidden": p.hidden,
        "epochs": p.epochs,
        "alpha": p.alpha,
        "inputs": xor.inputs.tolist(),
        "targets": xor.targets[:, 0].tolist(),
        "neuron": {
            "initial_weights": xor.neuron_initial_weights[:, 0].tolist(),
            "weights": xor.neuron_result.weights[:, 0].tolist(),
            "outputs": xor.neuron_result.outputs[:, 0].tolist(),
            "final_cost": xor.neuron_final_cost,
            "outcome": xor.neuron_outcome,
        },
        "network": {
            "initial": _network_json(xor.initial_network),
            "trained": _network_json(xor.network_result.network),
            "outputs": xor.network_result.outputs[:, 0].tolist(),
            "final_cost": xor.network_final_cost,
            "outcome": xor.network_outcome,
        },
    }


def _ended(outcome: str) -> str:
    if outcome == LEARNED:
        return f"learned XOR (every output within {TOLERANCE} of its target)"
    return f"did not learn XOR ({outcome})"


def xor_summary(xor: HiddenLayerRun) -> str:
    """The hidden-layer page's run as a few readable lines."""
    p = xor.parameters
    fmt = {"float_kind": lambda x: f"{x: .6f}"}
    rows = "\n".join(
        f"  {x.astype(int).tolist()}   {neuron:.6f}   {network:.6f}   {y:g}"
        for x, neuron, network, y in zip(xor.inputs, xor.neuron_result.outputs[:, 0],
                                         xor.network_result.outputs[:, 0], xor.targets[:, 0],
                                         strict=True)
    )
    arrays = "\n".join(
        f"  {name} = " + np.array2string(array, formatter=fmt, prefix=f"  {name} = ")
        for name, array in zip(ARRAYS, xor.network_result.network, strict=True)
    )
    return "\n".join([
        f"Trained on XOR for {p.epochs} epochs with alpha={p.alpha}, seed={p.seed}.",
        f"single neuron on [x1, x2, 1]: final cost {xor.neuron_final_cost:.3g}, "
        f"{_ended(xor.neuron_outcome)}",
        f"network with {p.hidden} hidden units: final cost {xor.network_final_cost:.3g}, "
        f"{_ended(xor.network_outcome)}",
        "outputs against targets:",
        "  inputs   neuron     network    target",
        rows,
        "the network's trained weights and biases:",
        arrays,
    ])
