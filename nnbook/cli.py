"""``python -m nnbook train``: the chapter's training run from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

import numpy as np

from nnbook import validation
from nnbook.chapter import CHAPTER, ChapterRun, Parameters, run


class _Parser(argparse.ArgumentParser):
    """Reports a bad option in one line, without the usage block."""

    def error(self, message: str) -> None:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _option(expected: str, convert: type, check: Callable[[str, object], object]):
    """An argparse type that reports any bad value as 'expected ..., got ...'."""
    def parse(text: str) -> object:
        try:
            return check("value", convert(text))
        except (TypeError, ValueError):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nnbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser(
        "train",
        help="train the chapter's neuron and report its weights and outputs",
        description="Train the chapter's single sigmoid neuron by gradient descent on its "
        "four-example table, then report the weights, the outputs against the targets, and "
        "the prediction for the new input [1, 0, 0].",
    )
    options = [
        ("--epochs", "a positive integer", int, validation.positive_int, CHAPTER.epochs,
         "full passes of gradient descent over the four examples"),
        ("--alpha", "a positive finite number", float, validation.positive_float, CHAPTER.alpha,
         "learning rate of gradient descent"),
        ("--seed", "an integer in [0, 2**32)", int, validation.seed, CHAPTER.seed,
         "seed of the random initial weights"),
    ]
    for flag, expected, convert, check, default, meaning in options:
        train.add_argument(flag, type=_option(expected, convert, check), default=default,
                           help=f"{meaning}, {expected} (default: {default})")
    train.add_argument("--json", action="store_true",
                       help="print one JSON object instead of the readable summary")
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    chapter = run(Parameters(seed=args.seed, epochs=args.epochs, alpha=args.alpha))
    if args.json:
        print(json.dumps(as_json(chapter)))
    else:
        print(summary(chapter))
    return 0


if __name__ == "__main__":
    sys.exit(main())
