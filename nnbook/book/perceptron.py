"""The perceptron page (``docs/chapter/perceptron.md``): its figures and the values it quotes,
from one run of the page's neuron and one of the original notebook's loop. The playground
page quotes some of them too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
from matplotlib.figure import Figure

from nnbook.activations import sigmoid_prime
from nnbook.book import Book
from nnbook.book import perceptron_figures as figures
from nnbook.book import perceptron_lessons as lessons
from nnbook.book.tables import down, table, up
from nnbook.perceptron import cost
from nnbook.runs.perceptron import OriginalRun, PerceptronRun, run_original, run_perceptron

#: The epochs the error figure shows apart, where the neuron learns most.
EARLY = 1_000
#: Where the fit of the errors' decay starts: past the first rush of learning.
DECAY_START = 1_000
#: How small "settled" errors are.
SETTLE = 0.1


def book() -> Book:
    run = run_perceptron()
    original = run_original(run.parameters)
    return Book(page_figures(run, original), page_values(run, original))


def page_figures(run: PerceptronRun, original: OriginalRun) -> dict[str, Callable[[], Figure]]:
    errors = run.result.errors
    labels = [f"x = {row}" for row in run.inputs.astype(int).tolist()]
    runs = [("the equations (nnbook.train)", errors, lessons.decay_rates(errors, DECAY_START)),
            ("the original loop", original.errors,
             lessons.decay_rates(original.errors, DECAY_START))]
    return {
        "perceptron-network": figures.perceptron_network,
        "weights": partial(figures.weights_diagram, run.result.weights[:, 0]),
        "sigmoid": figures.sigmoid_curve,
        "activations": figures.activation_functions,
        "errors-linear": partial(figures.error_curves, errors, labels, EARLY),
        "errors-loglog": partial(figures.error_sizes, errors, labels),
        "slip": partial(figures.decay_comparison, runs, DECAY_START),
        "decision-boundary": partial(figures.decision_boundary, run.result.weights,
                                     run.inputs, run.targets, run.new_input),
    }


def training_table(run: PerceptronRun) -> str:
    """The examples the neuron learns from, as a Markdown table."""
    header = [f"$x_{i + 1}$" for i in range(run.inputs.shape[1])] + ["$y$"]
    return table(header, [[str(v) for v in [*x, y]] for x, y in
                          zip(run.inputs.astype(int), run.targets[:, 0].astype(int),
                              strict=True)])


def new_input_table(run: PerceptronRun) -> str:
    """The new situation: its inputs and an output still to guess."""
    header = [f"$x_{i + 1}$" for i in range(run.inputs.shape[1])] + ["$y$"]
    return table(header, [[str(v) for v in run.new_input[0].astype(int)] + ["?"]])


def worked_epoch_table(epoch: lessons.WorkedEpoch) -> str:
    """The first epoch's forward pass and error, one column per example."""
    def cells(column) -> list[str]:
        return [f"{v:.4f}" for v in np.ravel(column)]
    rows = [["$z = x \\cdot w$", *cells(epoch.z)],
            ["$\\hat y = \\varphi(z)$", *cells(epoch.y_hat)],
            ["$y$", *(str(int(v)) for v in np.ravel(epoch.targets))],
            ["$\\Delta = \\hat y - y$", *cells(epoch.delta)],
            ["$\\hat y\\,(1 - \\hat y)$", *cells(epoch.slope)],
            ["$\\Delta\\,\\hat y\\,(1 - \\hat y)$", *cells(epoch.delta * epoch.slope)]]
    header = ["$x$", *(" ".join(str(int(v)) for v in x) for x in epoch.inputs)]
    return table(header, rows)


def worked_weights_table(epoch: lessons.WorkedEpoch) -> str:
    """Each weight before the step, its gradient, and after the step."""
    rows = [[f"$w_{i + 1}$", f"{w:.4f}", f"{g:.4f}", f"{n:.4f}"]
            for i, (w, g, n) in enumerate(zip(np.ravel(epoch.weights), np.ravel(epoch.gradient),
                                              np.ravel(epoch.new_weights), strict=True))]
    return table(["", "before", "$\\partial\\,\\mathrm{COST}/\\partial w_i$", "after"], rows)


def overshoot(costs: np.ndarray) -> dict[str, object]:
    """How often the cost rose from one epoch to the next, and the first time it did."""
    rises = np.flatnonzero(np.diff(costs) > 0)
    first = int(rises[0]) if len(rises) else None
    return {"large_alpha_rises": len(rises),
            "large_alpha_rise_epoch": None if first is None else first + 2,
            "large_alpha_rise_from": None if first is None else costs[first],
            "large_alpha_rise_to": None if first is None else costs[first + 1]}


def page_values(run: PerceptronRun, original: OriginalRun) -> dict[str, object]:
    p, result = run.parameters, run.result
    epoch = lessons.worked_epoch(run)
    rates = lessons.decay_rates(result.errors, DECAY_START)
    original_rates = lessons.decay_rates(original.errors, DECAY_START)
    exercises = lessons.exercises(run, original)
    w1, w2, w3 = result.weights[:, 0]
    return {
        "seed": p.seed,
        "epochs": p.epochs,
        "alpha": p.alpha,
        "weights": result.weights,
        "initial_weights": run.initial_weights,
        "final_cost": run.final_cost,
        "largest_output_error_bound": up(float(np.max(np.abs(result.outputs - run.targets))), 4),
        "prediction": run.prediction,
        # Ranges rounded outwards, so that "between a and b" stays true.
        "initial_error_low": down(result.errors[0].min(), 2),
        "initial_error_high": up(result.errors[0].max(), 2),
        "final_error_low": down(np.abs(result.errors[-1]).min(), 4),
        "final_error_high": up(np.abs(result.errors[-1]).max(), 4),
        "mirror_gap": up(float(np.max(np.abs(np.abs(result.errors[DECAY_START:, 1])
                                              / np.abs(result.errors[DECAY_START:, 3]) - 1))),
                         3),
        "settle_threshold": SETTLE,
        "settle_epoch": lessons.settled_from(result.errors, SETTLE),
        "errors_early": EARLY,
        "slip_factor_low": down(float(sigmoid_prime(1.0)), 3),
        "slip_factor_high": float(sigmoid_prime(0.0)),
        "decay_start": DECAY_START,
        "rate_equations_low": down(rates.min(), 2),
        "rate_equations_high": up(rates.max(), 2),
        "rate_original_low": down(original_rates.min(), 2),
        "rate_original_high": up(original_rates.max(), 2),
        "original_weights": original.weights,
        "original_prediction": original.prediction,
        "original_final_cost": original.final_cost,
        "boundary_x1": -w3 / w1,
        "boundary_slope": -w2 / w1,
        "training_table": training_table(run),
        "new_input_table": new_input_table(run),
        "worked_epoch_table": worked_epoch_table(epoch),
        "worked_weights_table": worked_weights_table(epoch),
        "large_alpha": exercises.large_alpha,
        "large_alpha_cost": cost(run.inputs, run.targets, exercises.large_alpha_run.weights),
        "large_alpha_settle": lessons.settled_from(exercises.large_alpha_run.errors, SETTLE),
        **overshoot(exercises.large_alpha_run.costs),
        "xor_weights_size": float(np.abs(exercises.xor.weights).max()),
        "settle_small": exercises.settle,
        "settle_equations": exercises.settle_equations,
        "settle_original": exercises.settle_original,
    }
