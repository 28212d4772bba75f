"""The runs the pages report and the command line prints, one module per page, each with its
parameters defined once: :mod:`nnbook.runs.perceptron` and :mod:`nnbook.runs.hidden_layer`."""

from __future__ import annotations

from dataclasses import dataclass

from nnbook import checks


@dataclass(frozen=True)
class Parameters:
    """The knobs of a training run, checked where they are made, as :func:`nnbook.train`
    checks them."""

    seed: int = 1
    epochs: int = 50_000
    alpha: float = 0.9

    def __post_init__(self) -> None:
        object.__setattr__(self, "seed", checks.seed(self.seed))
        object.__setattr__(self, "epochs", checks.epoch_count(self.epochs))
        object.__setattr__(self, "alpha", checks.learning_rate(self.alpha))
