"""The hidden-layer page (``docs/chapter/hidden-layer.md``): its figures and the values it
quotes, from the page's run and its study of many starts. Figure names start with ``xor-``,
value names with ``xor_``; the introduction and the playground quote some of them too.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable, Iterator
from functools import partial

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import NDArray

from nnbook import network
from nnbook.book import Book
from nnbook.book import hidden_layer_figures as figures
from nnbook.book.tables import above, below_from, down, table, up
from nnbook.network import forward
from nnbook.perceptron import train
from nnbook.runs.hidden_layer import HiddenLayerRun, run_hidden_layer, run_study
from nnbook.study import LEARNED, OTHER, TOLERANCE, Study

#: The epochs after which the page draws the single neuron's boundary, a straight line.
NEURON_SNAPSHOTS = (5, 20, 50, 100)
#: A level of the cost the page says the network's falls below, and from which epoch.
COST_MARK = 0.25
#: The lines of code the page sets beside its equations, by the name each assigns.
CODE_LINES = {network.forward: ("z1", "h", "z2", "y_hat"),
              network.backward: ("delta2", "dW2", "db2", "delta1", "dW1", "db1")}


def book() -> Book:
    xor, study = run_hidden_layer(), run_study()
    return Book(page_figures(xor, study), page_values(xor, study))


def neuron_weights_at(xor: HiddenLayerRun, epochs: tuple[int, ...]) -> list[NDArray[np.float64]]:
    """The single neuron's weights after each of ``epochs``: its run, stopped early."""
    p = xor.parameters
    return [train(xor.neuron_inputs, xor.targets, xor.neuron_initial_weights, k, p.alpha).weights
            for k in epochs]


def example_labels(inputs: NDArray[np.float64]) -> list[str]:
    return [f"x = {row}" for row in inputs.astype(int).tolist()]


def costs_by_outcome(study: Study) -> dict[int, dict[str, NDArray[np.float64]]]:
    """Each hidden size's cost curves, (seeds, epochs), grouped by how the run ended."""
    return {hidden: {outcome: study.costs[hidden][list(study.seeds_of(hidden, outcome))]
                     for outcome in study.counts(hidden)} for hidden in study.outcomes}


def stuck_runs(study: Study, targets: NDArray[np.float64]
               ) -> Iterator[tuple[int, int, str, NDArray[np.bool_], float]]:
    """Every run that did not learn: its hidden size, seed, outcome, the examples it did not
    learn, and the cost its outputs would have at the mean of those examples' targets."""
    y = targets[:, 0]
    for hidden, outcomes in study.outcomes.items():
        for seed, outcome in zip(study.seeds, outcomes, strict=True):
            if outcome == LEARNED:
                continue
            stuck = np.abs(study.outputs[hidden][seed] - y) >= TOLERANCE
            plateau = 0.5 * float(np.sum((y[stuck].mean() - y[stuck]) ** 2))
            yield hidden, seed, outcome, stuck, plateau


def final_costs(study: Study, hidden: int, targets: NDArray[np.float64]) -> NDArray[np.float64]:
    """COST = ½ Σ (ŷ - y)² of each seed's trained network."""
    return 0.5 * np.sum((study.outputs[hidden] - targets[:, 0]) ** 2, axis=1)


def plateaus(study: Study, targets: NDArray[np.float64]) -> dict[str, float]:
    """The cost of each way of getting stuck: its examples' outputs at their targets' mean."""
    return {outcome: plateau for *_, outcome, _, plateau in stuck_runs(study, targets)}


def xor_table(xor: HiddenLayerRun) -> str:
    """XOR's examples and targets."""
    return table(["$x_1$", "$x_2$", "$y$"],
                  [[f"{v:g}" for v in (*x, y)] for x, y in zip(xor.inputs, xor.targets[:, 0],
                                                                strict=True)])


def results_table(xor: HiddenLayerRun) -> str:
    """Each example: its target, the single neuron's output, and the network's hidden
    outputs and output."""
    h, y_hat = forward(xor.network_result.network, xor.inputs)
    hidden = h.shape[1]
    header = ["$x_1$", "$x_2$", "$y$", r"neuron $\hat y$",
              *(f"$h_{j + 1}$" for j in range(hidden)), r"network $\hat y$"]
    rows = [[f"{x1:g}", f"{x2:g}", f"{y:g}", f"{neuron:.3f}", *(f"{v:.3f}" for v in h_row),
             f"{out:.3f}"]
            for (x1, x2), y, neuron, h_row, out in zip(
                xor.inputs, xor.targets[:, 0], xor.neuron_result.outputs[:, 0], h, y_hat[:, 0],
                strict=True)]
    return table(header, rows)


def weights_table(xor: HiddenLayerRun) -> str:
    """The trained weights and biases: a row for each unit they come from, a column for
    each unit they go into."""
    W1, b1, W2, b2 = xor.network_result.network
    hidden = W1.shape[1]
    header = ["from", *(f"to $h_{j + 1}$" for j in range(hidden)), r"to $\hat y$"]
    rows = [[f"$x_{i + 1}$", *(f"{w:.2f}" for w in W1[i]), ""] for i in range(W1.shape[0])]
    rows += [[f"$h_{j + 1}$", *([""] * hidden), f"{W2[j, 0]:.2f}"] for j in range(hidden)]
    rows.append(["bias", *(f"{b:.2f}" for b in b1[0]), f"{b2[0, 0]:.2f}"])
    return table(header, rows)


def study_table(study: Study, targets: NDArray[np.float64]) -> str:
    """How the study's runs ended, for each size of hidden layer, with their final costs."""
    hidden_sizes = list(study.outcomes)
    outcomes = list(dict.fromkeys(o for hidden in hidden_sizes for o in study.counts(hidden)))
    header = [f"How the run ended ({len(study.seeds)} seeds)",
              *(f"{hidden} hidden units" for hidden in hidden_sizes),
              r"final $\mathrm{COST}$"]
    rows = []
    for outcome in outcomes:
        if outcome == LEARNED:
            name = f"learned: every $\\hat y$ within {TOLERANCE:g} of $y$"
        elif outcome == OTHER:
            name = "neither learned nor stuck at a mean target"
        else:
            count, _, mean = outcome.split()
            name = f"{count} examples stuck at $\\hat y \\approx {mean}$"
        counts = [str(study.counts(hidden).get(outcome, 0)) for hidden in hidden_sizes]
        final = np.concatenate([final_costs(study, hidden, targets)[
            list(study.seeds_of(hidden, outcome))] for hidden in hidden_sizes])
        # Rounded outwards, so the range holds every run's cost.
        low, high = down(final.min(), 4), up(final.max(), 4)
        span = (f"{final.min():.4f}" if len(final) == 1 or final.min() == final.max()
                else f"{low:.4f}\N{EN DASH}{high:.4f}")
        rows.append([name, *counts, span])
    return table(header, rows)


def code_lines() -> dict[str, str]:
    """The line of code that assigns each name of :data:`CODE_LINES`, as inline code."""
    found = {}
    for function, names in CODE_LINES.items():
        source = inspect.getsource(function)
        statements = {node.targets[0].id: ast.get_source_segment(source, node)
                      for node in ast.walk(ast.parse(source))
                      if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}
        for name in names:
            if name not in statements:
                raise ValueError(f"{function.__name__} assigns no {name!r}, which the page "
                                 f"quotes; update CODE_LINES")
            found[f"xor_line_{name}"] = f"`{' '.join(statements[name].split())}`"
    return found


def page_figures(xor: HiddenLayerRun, study: Study) -> dict[str, Callable[[], Figure]]:
    p = xor.parameters
    snapshots = neuron_weights_at(xor, NEURON_SNAPSHOTS)
    return {
        "xor-regions-neuron": partial(
            figures.xor_regions, xor.grid, xor.neuron_surface, xor.inputs, xor.targets,
            lines={f"epoch {k}": w[:, 0] for k, w in zip(NEURON_SNAPSHOTS, snapshots,
                                                            strict=True)}),
        "xor-network": partial(figures.xor_network, xor.network_result.network),
        "xor-costs": partial(figures.xor_costs, {
            "single neuron": xor.neuron_result.costs,
            f"network, {p.hidden} hidden units": xor.network_result.costs}),
        "xor-errors": partial(figures.xor_error_curves, xor.network_result.errors,
                              example_labels(xor.inputs)),
        "xor-regions-network": partial(figures.xor_regions, xor.grid, xor.network_surface,
                                       xor.inputs, xor.targets),
        "xor-study": partial(figures.xor_study, costs_by_outcome(study),
                             plateaus(study, xor.targets)),
    }


def page_values(xor: HiddenLayerRun, study: Study) -> dict[str, object]:
    p, result = xor.parameters, xor.network_result
    W1, b1, W2, b2 = result.network
    sizes = np.abs(result.errors).max(axis=1)
    h = {hidden: forward(study.networks[hidden], xor.inputs)[0] for hidden in study.outcomes}
    spread, slope, excess, fall = [], [], [], []
    for hidden, seed, _, stuck, plateau in stuck_runs(study, xor.targets):
        stuck_h = h[hidden][seed][stuck]
        spread.append(np.ptp(stuck_h, axis=0).max())
        slope.append((stuck_h * (1 - stuck_h)).max())
        final = final_costs(study, hidden, xor.targets)[seed]
        excess.append(final - plateau)
        fall.append(study.costs[hidden][seed, study.epochs // 2 - 1] - final)
    return {
        "xor_seed": p.seed,
        "xor_hidden": p.hidden,
        "xor_epochs": p.epochs,
        "xor_alpha": p.alpha,
        "xor_tolerance": TOLERANCE,
        "xor_neuron_outputs": xor.neuron_result.outputs,
        "xor_neuron_cost": xor.neuron_final_cost,
        "xor_table": xor_table(xor),
        "xor_neuron_weight_bound": above(float(np.abs(xor.neuron_result.weights).max())),
        "xor_neuron_snapshots": NEURON_SNAPSHOTS,
        "xor_network_cost": xor.network_final_cost,
        "xor_network_initial_cost": result.costs[0],
        "xor_cost_mark": COST_MARK,
        "xor_network_quarter_epoch": below_from(result.costs, COST_MARK),
        "xor_network_learned_epoch": below_from(sizes, TOLERANCE),
        "xor_network_error_bound": above(float(np.abs(result.outputs - xor.targets).max()), 2),
        "xor_W1": W1, "xor_b1": b1, "xor_W2": W2, "xor_b2": b2,
        "xor_results_table": results_table(xor),
        "xor_weights_table": weights_table(xor),
        "xor_study_table": study_table(study, xor.targets),
        "xor_study_seeds": len(study.seeds),
        **{f"xor_learned_{hidden}": study.learned(hidden) for hidden in study.outcomes},
        "xor_stuck_seed": next(seed for hidden, seed, *_ in stuck_runs(study, xor.targets)
                               if hidden == p.hidden),
        "xor_stuck_h_spread": above(max(spread)),
        "xor_stuck_slope": above(max(slope)),
        "xor_stuck_excess": above(max(excess)),
        "xor_stuck_fall": above(max(fall)),
        "xor_half_epochs": study.epochs // 2,
        **code_lines(),
    }
