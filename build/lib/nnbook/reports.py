"""What the command line prints of a run: plain JSON types, or a few readable lines."""

from __future__ import annotations

import numpy as np

from nnbook.chapter import ChapterRun
from nnbook.network import Network
from nnbook.sequel import XorRun
from nnbook.study import LEARNED, TOLERANCE

#: A network's arrays, in the order a Network lists them.
ARRAYS = ("W1", "b1", "W2", "b2")


def as_json(chapter: ChapterRun) -> dict[str, object]:
    """The run as plain JSON types: numbers and lists of floats."""
    p = chapter.parameters
    return {
        "seed": p.seed,
        "epochs": p.epochs,
        "alpha": p.alpha,
        "initial_weights": chapter.initial_weights[:, 0].tolist(),
        "weights": chapter.result.weights[:, 0].tolist(),
        "outputs": chapter.result.outputs[:, 0].tolist(),
        "targets": chapter.targets[:, 0].tolist(),
        "new_input": chapter.new_input[0].tolist(),
        "prediction": chapter.prediction,
    }


def summary(chapter: ChapterRun) -> str:
    """The run as a few readable lines."""
    p = chapter.parameters
    fmt = {"float_kind": lambda x: f"{x: .6f}"}
    rows = "\n".join(
        f"  {x.astype(int).tolist()}   {y_hat:.6f}   {y:g}"
        for x, y_hat, y in zip(chapter.inputs, chapter.result.outputs[:, 0],
                               chapter.targets[:, 0], strict=True)
    )
    return "\n".join([
        f"Trained for {p.epochs} epochs with alpha={p.alpha}, seed={p.seed}.",
        f"initial weights: {np.array2string(chapter.initial_weights[:, 0], formatter=fmt)}",
        f"final weights:   {np.array2string(chapter.result.weights[:, 0], formatter=fmt)}",
        f"final cost:      {chapter.final_cost:.3g}",
        "outputs against targets:",
        "  inputs      output     target",
        rows,
        f"prediction for {chapter.new_input[0].astype(int).tolist()}: {chapter.prediction:.6f}",
    ])


def _network_json(network: Network) -> dict[str, list[list[float]]]:
    return {name: array.tolist() for name, array in zip(ARRAYS, network, strict=True)}


def xor_json(xor: XorRun) -> dict[str, object]:
    """The sequel's run as plain JSON types (the surfaces over the plane are left out)."""
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


def xor_summary(xor: XorRun) -> str:
    """The sequel's run as a few readable lines."""
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
