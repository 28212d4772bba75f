"""The chapter as the site publishes it: every figure and every value its pages name.

The build asks for :func:`book` (``extra.build.book`` in mkdocs.yml) and knows
nothing else of the chapter: a page shows ``figures/NAME.svg`` for a figure
named here, and quotes ``{{ name }}`` for a value named here. A value is a
number, an array (printed as NumPy prints it) or a Markdown table (a string).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
from matplotlib.figure import Figure

from nnbook import figures, style
from nnbook.activations import sigmoid_prime
from nnbook.chapter import ChapterRun, OriginalRun, run, run_original
from nnbook.perceptron import predict
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
    return Book(chapter_figures(chapter) | sequel_figures(xor, study),
                chapter_values(chapter, original) | sequel_values(xor, study))


def chapter_figures(chapter: ChapterRun) -> dict[str, Callable[[], Figure]]:
    errors = chapter.result.errors
    labels = [f"x = {row}" for row in chapter.inputs.astype(int).tolist()]
    return {
        "network-layers": figures.layers_network,
        "perceptron-network": figures.perceptron_network,
        "weights": partial(figures.weights_diagram, chapter.result.weights[:, 0]),
        "sigmoid": figures.sigmoid_curve,
        "activations": figures.activation_functions,
        "errors-linear": partial(figures.error_curves, errors, "linear", labels=labels),
        "errors-loglog": partial(figures.error_curves, errors, "loglog", labels=labels),
    }


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def training_table(chapter: ChapterRun) -> str:
    """The examples the neuron learns from, as a Markdown table."""
    columns = chapter.inputs.shape[1]
    lines = [_row([f"Input $x_{i + 1}$" for i in range(columns)] + ["Output $y$"]),
             _row(["---:"] * (columns + 1))]
    for x, y in zip(chapter.inputs.astype(int), chapter.targets[:, 0].astype(int), strict=True):
        lines.append(_row([str(v) for v in x] + [str(y)]))
    return "\n".join(lines)


def new_input_table(chapter: ChapterRun) -> str:
    """The new situation: its inputs and an output still to guess."""
    columns = chapter.inputs.shape[1]
    return "\n".join([
        _row([f"Input $x_{i + 1}$" for i in range(columns)] + ["Output $y$"]),
        _row(["---:"] * (columns + 1)),
        _row([str(v) for v in chapter.new_input[0].astype(int)] + ["?"]),
    ])


def chapter_values(chapter: ChapterRun, original: OriginalRun) -> dict[str, object]:
    p, result = chapter.parameters, chapter.result
    size = np.abs(result.errors).max(axis=1)
    settle = 0.1  # how small "settled" errors are
    return {
        "seed": p.seed,
        "epochs": p.epochs,
        "alpha": p.alpha,
        "inputs": chapter.inputs.astype(int),
        "targets": chapter.targets.astype(int),
        "new_input": chapter.new_input.astype(int),
        "initial_weights": chapter.initial_weights,
        "one_step_outputs": chapter.one_step_outputs,
        "weights": result.weights,
        "outputs": result.outputs,
        "final_cost": chapter.final_cost,
        "largest_output_error": float(np.max(np.abs(result.outputs - chapter.targets))),
        "prediction": chapter.prediction,
        "prediction_array": predict(chapter.new_input, result.weights),
        "initial_error_min": result.errors[0].min(),
        "initial_error_max": result.errors[0].max(),
        "final_error_min": np.abs(result.errors[-1]).min(),
        "final_error_max": np.abs(result.errors[-1]).max(),
        "settle_threshold": settle,
        "settle_epoch": int(np.argmax(size < settle)) + 1,
        "slip_factor_min": sigmoid_prime(1.0),
        "slip_factor_max": sigmoid_prime(0.0),
        "original_weights": original.weights,
        "original_prediction": original.prediction,
        "original_final_cost": original.final_cost,
        "training_table": training_table(chapter),
        "new_input_table": new_input_table(chapter),
    }
