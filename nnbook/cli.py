"""``python -m nnbook train``: the chapter's training run from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence

import numpy as np

from nnbook.chapter import CHAPTER, ChapterRun, Parameters, run
from nnbook.validation import MAX_EPOCHS

#: The options that take a number, which may start with "-" ("--alpha -inf").
NUMBERS = ("--epochs", "--alpha", "--seed")


class _Parser(argparse.ArgumentParser):
    """Reports a bad option in one line, without the usage block."""

    def error(self, message: str) -> None:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _number(convert: type, expected: str):
    """An argparse type: ``convert`` the text, or say what was expected. The library
    checks the value itself (:class:`nnbook.Parameters`), so it is checked once."""
    def parse(text: str) -> object:
        try:
            return convert(text)
        except ValueError:
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
    train.add_argument("--epochs", type=_number(int, "an integer"), default=CHAPTER.epochs,
                       help="full passes of gradient descent over the four examples, "
                       f"from 1 to {MAX_EPOCHS:,} (default: {CHAPTER.epochs})")
    train.add_argument("--alpha", type=_number(float, "a number"), default=CHAPTER.alpha,
                       help=f"learning rate, a positive finite number (default: {CHAPTER.alpha})")
    train.add_argument("--seed", type=_number(int, "an integer"), default=CHAPTER.seed,
                       help="seed of the random initial weights, an integer in [0, 2**32) "
                       f"(default: {CHAPTER.seed})")
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


def _joined(argv: Sequence[str]) -> list[str]:
    """``--alpha -inf`` as ``--alpha=-inf``: argparse takes "-inf" for an option."""
    joined, rest = [], list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in NUMBERS and rest and rest[0].startswith("-") and not rest[0].startswith("--"):
            arg = f"{arg}={rest.pop(0)}"
        joined.append(arg)
    return joined


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_joined(sys.argv[1:] if argv is None else argv))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            chapter = run(Parameters(seed=args.seed, epochs=args.epochs, alpha=args.alpha))
        except (TypeError, ValueError) as error:
            parser.exit(2, f"{parser.prog} train: error: {error}\n")
    for warning in caught:
        print(f"{parser.prog} train: warning: {warning.message}", file=sys.stderr)
    report = json.dumps(as_json(chapter)) if args.json else summary(chapter)
    try:
        print(report, flush=True)
    except OSError as error:  # a full disk, a closed pipe
        # Python would try to flush the report again on exit, and print a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"{parser.prog} train: error: cannot write the report: {error.strerror}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
