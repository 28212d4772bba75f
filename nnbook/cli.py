"""``python -m nnbook train`` and ``python -m nnbook xor``: the perceptron page's training
run and the hidden-layer page's, from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence

from nnbook.checks import MAX_EPOCHS, MAX_UNITS
from nnbook.reports import as_json, summary, xor_json, xor_summary
from nnbook.runs import Parameters
from nnbook.runs.hidden_layer import (
    HIDDEN_LAYER,
    HiddenLayerParameters,
    HiddenLayerRun,
    run_hidden_layer,
)
from nnbook.runs.perceptron import PERCEPTRON, PerceptronRun, run_perceptron

#: The options that take a number, which may start with "-" ("--alpha -inf").
NUMBERS = ("--epochs", "--alpha", "--seed", "--hidden")


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


def _training_options(command: argparse.ArgumentParser, defaults: Parameters) -> None:
    """The options both commands take, with the defaults of their run."""
    command.add_argument("--epochs", type=_number(int, "an integer"), default=defaults.epochs,
                         help="full passes of gradient descent over the four examples, "
                         f"from 1 to {MAX_EPOCHS:,} (default: {defaults.epochs})")
    command.add_argument("--alpha", type=_number(float, "a number"), default=defaults.alpha,
                         help="learning rate, a positive finite number "
                         f"(default: {defaults.alpha})")
    command.add_argument("--seed", type=_number(int, "an integer"), default=defaults.seed,
                         help="seed of the random initial weights, an integer in [0, 2**32) "
                         f"(default: {defaults.seed})")
    command.add_argument("--json", action="store_true",
                         help="print one JSON object instead of the readable summary")


def _train(args: argparse.Namespace) -> PerceptronRun:
    return run_perceptron(Parameters(seed=args.seed, epochs=args.epochs, alpha=args.alpha))


def _xor(args: argparse.Namespace) -> HiddenLayerRun:
    return run_hidden_layer(HiddenLayerParameters(seed=args.seed, epochs=args.epochs,
                                                  alpha=args.alpha, hidden=args.hidden))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nnbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser(
        "train",
        help="train the perceptron's neuron and report its weights and outputs",
        description="Train the perceptron page's single sigmoid neuron by gradient descent on its "
        "four-example table, then report the weights, the outputs against the targets, and "
        "the prediction for the new input [1, 0, 0].",
    )
    _training_options(train, PERCEPTRON)
    train.set_defaults(run=_train, as_json=as_json, summary=summary)
    xor = commands.add_parser(
        "xor",
        help="train a single neuron and a network with a hidden layer on XOR",
        description="Train the perceptron page's single sigmoid neuron, on [x1, x2, 1], and a "
        "network with one hidden layer of sigmoid units and biases on XOR, with the same "
        "seed, epochs and learning rate; report the outputs of both against the targets "
        "and the network's trained weights and biases.",
    )
    _training_options(xor, HIDDEN_LAYER)
    xor.add_argument("--hidden", type=_number(int, "an integer"), default=HIDDEN_LAYER.hidden,
                     help=f"units in the hidden layer, from 1 to {MAX_UNITS} "
                     f"(default: {HIDDEN_LAYER.hidden})")
    xor.set_defaults(run=_xor, as_json=xor_json, summary=xor_summary)
    return parser


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
    command = f"{parser.prog} {args.command}"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = args.run(args)
        except (TypeError, ValueError) as error:
            parser.exit(2, f"{command}: error: {error}\n")
    for warning in caught:
        print(f"{command}: warning: {warning.message}", file=sys.stderr)
    report = json.dumps(args.as_json(result)) if args.json else args.summary(result)
    try:
        print(report, flush=True)
    except OSError as error:  # a full disk, a closed pipe
        # Python would try to flush the report again on exit, and print a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"{command}: error: cannot write the report: {error.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
