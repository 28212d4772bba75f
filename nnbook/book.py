"""The chapter as the site publishes it: every figure and every value its pages name.

The build asks for :func:`book` (``extra.build.book`` in mkdocs.yml) and knows
nothing else of the chapter: a page shows ``figures/NAME.svg`` for a figure
named here, and quotes ``{{ name }}`` for a value named here. A value is a
number, an array (printed as NumPy prints it) or a Markdown table (a string).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
from matplotlib.figure import Figure

from nnbook import figures, lessons, style
from nnbook.activations import sigmoid_prime
from nnbook.chapter import ChapterRun, OriginalRun, run, run_original
from nnbook.perceptron import cost
from nnbook.sequel import run_study, run_xor
from nnbook.sequel_book import sequel_figures, sequel_values


@dataclass(frozen=True)
class Book:
    """Figures by name (each drawn in the light theme) and values by name."""

    figures: dict[str, Callable[[], Figure]]
    values: dict[str, object]

    def svg(self, name: str) -> tuple[str, str]:
        """Figure ``name`` as SVG text for the light palette and for the dark one."""
        light = style.svg(self.figures[name]())
        return light, style.dark_variant(light)


def book() -> Book:
    """The chapter's figures and values, from one run of the chapter, one of the original,
    and the sequel's run and study."""
    chapter = run()
    original = run_original(chapter.parameters)
    xor, study = run_xor(), run_study()
    return Book(chapter_figures(chapter, original) | sequel_figures(xor, study),
                chapter_values(chapter, original) | sequel_values(xor, study))


#: The epochs the error figure shows apart, where the neuron learns most.
EARLY = 1_000
#: Where the fit of the errors' decay starts: past the first rush of learning.
DECAY_START = 1_000


def chapter_figures(chapter: ChapterRun, original: OriginalRun) -> dict[str, Callable[[], Figure]]:
    errors = chapter.result.errors
    labels = [f"x = {row}" for row in chapter.inputs.astype(int).tolist()]
    runs = [("the equations (nnbook.train)", errors, lessons.decay_rates(errors, DECAY_START)),
            ("the original loop", original.errors,
             lessons.decay_rates(original.errors, DECAY_START))]
    return {
        "network-layers": figures.layers_network,
        "perceptron-network": figures.perceptron_network,
        "weights": partial(figures.weights_diagram, chapter.result.weights[:, 0]),
        "sigmoid": figures.sigmoid_curve,
        "activations": figures.activation_functions,
        "errors-linear": partial(figures.error_curves, errors, labels, EARLY),
        "errors-loglog": partial(figures.error_sizes, errors, labels),
        "slip": partial(figures.decay_comparison, runs, DECAY_START),
        "decision-boundary": partial(figures.decision_boundary, chapter.result.weights,
                                     chapter.inputs, chapter.targets, chapter.new_input),
    }


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]], align: str = "---:") -> str:
    return "\n".join([_row(header), _row([align] * len(header)), *map(_row, rows)])


def training_table(chapter: ChapterRun) -> str:
    """The examples the neuron learns from, as a Markdown table."""
    header = [f"$x_{i + 1}$" for i in range(chapter.inputs.shape[1])] + ["$y$"]
    return _table(header, [[str(v) for v in [*x, y]] for x, y in
                           zip(chapter.inputs.astype(int), chapter.targets[:, 0].astype(int),
                               strict=True)])


def new_input_table(chapter: ChapterRun) -> str:
    """The new situation: its inputs and an output still to guess."""
    header = [f"$x_{i + 1}$" for i in range(chapter.inputs.shape[1])] + ["$y$"]
    return _table(header, [[str(v) for v in chapter.new_input[0].astype(int)] + ["?"]])


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
    return _table(header, rows)


def worked_weights_table(epoch: lessons.WorkedEpoch) -> str:
    """Each weight before the step, its gradient, and after the step."""
    rows = [[f"$w_{i + 1}$", f"{w:.4f}", f"{g:.4f}", f"{n:.4f}"]
            for i, (w, g, n) in enumerate(zip(np.ravel(epoch.weights), np.ravel(epoch.gradient),
                                              np.ravel(epoch.new_weights), strict=True))]
    return _table(["", "before", "$\\partial\\,\\mathrm{COST}/\\partial w_i$",
                   "after"], rows)


def down(x: float, digits: int) -> float:
    """``x`` rounded down at ``digits`` decimals: a lower bound that stays true when printed."""
    return math.floor(x * 10**digits) / 10**digits


def up(x: float, digits: int) -> float:
    """``x`` rounded up at ``digits`` decimals: an upper bound that stays true when printed."""
    return math.ceil(x * 10**digits) / 10**digits


def overshoot(costs: np.ndarray) -> dict[str, object]:
    """How often the cost rose from one epoch to the next, and the first time it did."""
    rises = np.flatnonzero(np.diff(costs) > 0)
    first = int(rises[0]) if len(rises) else None
    return {"large_alpha_rises": len(rises),
            "large_alpha_rise_epoch": None if first is None else first + 2,
            "large_alpha_rise_from": None if first is None else costs[first],
            "large_alpha_rise_to": None if first is None else costs[first + 1]}


def chapter_values(chapter: ChapterRun, original: OriginalRun) -> dict[str, object]:
    p, result = chapter.parameters, chapter.result
    size = np.abs(result.errors).max(axis=1)
    settle = 0.1  # how small "settled" errors are
    epoch = lessons.worked_epoch(chapter)
    rates = lessons.decay_rates(result.errors, DECAY_START)
    original_rates = lessons.decay_rates(original.errors, DECAY_START)
    exercises = lessons.exercises(chapter, original)
    w1, w2, w3 = result.weights[:, 0]
    return {
        "seed": p.seed,
        "epochs": p.epochs,
        "alpha": p.alpha,
        "weights": result.weights,
        "initial_weights": chapter.initial_weights,
        "final_cost": chapter.final_cost,
        "largest_output_error_bound": up(float(np.max(np.abs(result.outputs - chapter.targets))),
                                         4),
        "prediction": chapter.prediction,
        # Ranges rounded outwards, so that "between a and b" stays true.
        "initial_error_low": down(result.errors[0].min(), 2),
        "initial_error_high": up(result.errors[0].max(), 2),
        "final_error_low": down(np.abs(result.errors[-1]).min(), 4),
        "final_error_high": up(np.abs(result.errors[-1]).max(), 4),
        "mirror_gap": up(float(np.max(np.abs(np.abs(result.errors[DECAY_START:, 1])
                                              / np.abs(result.errors[DECAY_START:, 3]) - 1))),
                         3),
        "settle_threshold": settle,
        "settle_epoch": int(np.argmax(size < settle)) + 1,
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
        "training_table": training_table(chapter),
        "new_input_table": new_input_table(chapter),
        "worked_epoch_table": worked_epoch_table(epoch),
        "worked_weights_table": worked_weights_table(epoch),
        "large_alpha": exercises.large_alpha,
        "large_alpha_cost": cost(chapter.inputs, chapter.targets,
                                 exercises.large_alpha_run.weights),
        "large_alpha_settle": lessons.first_epoch_below(exercises.large_alpha_run.errors, settle),
        **overshoot(exercises.large_alpha_run.costs),
        "xor_weights_size": float(np.abs(exercises.xor.weights).max()),
        "settle_small": exercises.settle,
        "settle_equations": exercises.settle_equations,
        "settle_original": exercises.settle_original,
    }
