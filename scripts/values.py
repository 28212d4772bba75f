"""The results mapping: every number the chapter's prose quotes, computed by nnbook.

Pages name these values as ``{{ name }}``, ``{{ name[i][j] }}`` or ``{{ name:.3f }}``
(see :mod:`scripts.placeholders`); tables are Markdown built from the same data.

    python -m scripts.values      # prints the mapping as JSON
"""

from __future__ import annotations

import json
import sys

import numpy as np

import nnbook
from nnbook.chapter import ChapterRun, SeedRun


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def training_table(run: ChapterRun) -> str:
    """The examples the neuron learns from, as a Markdown table."""
    columns = run.inputs.shape[1]
    lines = [_row([f"Input $x_{i + 1}$" for i in range(columns)] + ["Output $y$"]),
             _row(["---:"] * (columns + 1))]
    for x, y in zip(run.inputs.astype(int), run.targets[:, 0].astype(int), strict=True):
        lines.append(_row([str(v) for v in x] + [str(y)]))
    return "\n".join(lines)


def new_input_table(run: ChapterRun) -> str:
    """The new situation: its inputs and an output still to guess."""
    columns = run.inputs.shape[1]
    return "\n".join([
        _row([f"Input $x_{i + 1}$" for i in range(columns)] + ["Output $y$"]),
        _row(["---:"] * (columns + 1)),
        _row([str(v) for v in run.new_input[0].astype(int)] + ["?"]),
    ])


def chapter_values(run: ChapterRun, seed: SeedRun) -> dict[str, dict[str, object]]:
    """Numbers by name, and Markdown tables by name."""
    p = run.parameters
    result = run.result
    size = np.abs(result.errors).max(axis=1)
    settle = 0.1  # how small "settled" errors are
    numbers = {
        "seed": p.seed,
        "epochs": p.epochs,
        "alpha": p.alpha,
        "inputs": run.inputs.astype(int),
        "targets": run.targets.astype(int),
        "new_input": run.new_input.astype(int),
        "initial_weights": run.initial_weights,
        "one_step_outputs": run.one_step_outputs,
        "weights": result.weights,
        "outputs": result.outputs,
        "final_cost": run.final_cost,
        "largest_output_error": float(np.max(np.abs(result.outputs - run.targets))),
        "prediction": run.prediction,
        "prediction_array": nnbook.predict(run.new_input, result.weights),
        "initial_error_min": result.errors[0].min(),
        "initial_error_max": result.errors[0].max(),
        "final_error_min": np.abs(result.errors[-1]).min(),
        "final_error_max": np.abs(result.errors[-1]).max(),
        "settle_threshold": settle,
        "settle_epoch": int(np.argmax(size < settle)) + 1,
        "slip_factor_min": nnbook.sigmoid_prime(1.0),
        "slip_factor_max": nnbook.sigmoid_prime(0.0),
        "seed_weights": seed.weights,
        "seed_prediction": seed.prediction,
        "seed_final_cost": seed.final_cost,
    }
    return {
        "numbers": {name: np.asarray(value).tolist() for name, value in numbers.items()},
        "markdown": {"training_table": training_table(run),
                     "new_input_table": new_input_table(run)},
    }


def main() -> int:
    run = nnbook.run()
    json.dump(chapter_values(run, nnbook.run_seed(run.parameters)), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
