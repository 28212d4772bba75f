"""The checks at the library's public boundary: plain functions, each called once where input
enters (a public function's first lines, the command line, the run parameters), never inside a
training loop.

Each takes a value and the name the caller knows it by, and returns it as the code beside it
expects: a float array of the right shape, a plain ``int`` or ``float``. Anything else raises
``ValueError`` or ``TypeError`` naming the argument, what came and what was expected.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

#: The most epochs :func:`nnbook.train` takes. Its recorded errors take
#: epochs × examples × 8 bytes: 32 MB for the perceptron's four examples.
MAX_EPOCHS = 1_000_000
#: The most errors a run may record (epochs × examples, × seeds when trained
#: together): 400 MB of them.
MAX_RECORDED = 50_000_000
#: The most units a layer may have, inputs or hidden: the book's networks are small.
MAX_UNITS = 64
#: The most seeds :func:`nnbook.train_seeds` trains at once.
MAX_SEEDS = 1_000

Floats = NDArray[np.float64]


def real_numbers(value: object, name: str = "z") -> Floats:
    """``value`` as a float array, refusing what is not real numbers."""
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(f"{name} must be a plain array, got a masked array; nnbook does not "
                        f"apply masks: fill or drop the masked values first")
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers: {error}") from None
    if array.dtype.kind == "b":
        raise TypeError(f"{name} must hold real numbers, got booleans; write them as 0 and 1")
    if array.dtype.kind not in "iuf":
        what = f"an array of dtype {array.dtype}" if array.ndim else f"{value!r}"
        raise TypeError(f"{name} must hold real numbers, got {what}")
    return array.astype(float, copy=False)


def finite_array(value: object, name: str) -> Floats:
    """A new, non-empty float array of finite numbers (the caller's array is never changed)."""
    array = real_numbers(value, name).copy()
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if not np.isfinite(array).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        index = where if array.ndim > 1 else where[0]
        raise ValueError(f"{name} must be finite, got {array[where]} at index {index}")
    return array


def examples(value: object, name: str = "inputs") -> Floats:
    """One example per row; a 1-D array is one example."""
    array = finite_array(value, name)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (one row per example), "
                         f"got {array.ndim}-D shape {array.shape}")
    return array


def column(value: object, name: str, rows: int | None = None, rows_of: str = "") -> Floats:
    """A column, given as shape (rows, 1) or (rows,); ``rows`` of None takes any length."""
    array = finite_array(value, name)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    expected = "rows" if rows is None else rows
    if array.ndim != 2 or array.shape[1] != 1 or rows not in (None, array.shape[0]):
        per = f", one value per {rows_of}" if rows_of else ""
        raise ValueError(
            f"{name} must have shape ({expected}, 1) or ({expected},){per}, got shape {array.shape}"
        )
    return array


def targets(value: object, inputs: Floats) -> Floats:
    """One target per example: a column with a row for each row of ``inputs``."""
    return column(value, "targets", len(inputs), "row of inputs")


def neuron(inputs: object, weights: object) -> tuple[Floats, Floats]:
    """The examples and the neuron's weights, one weight per input."""
    X, w = examples(inputs), column(weights, "weights")
    if X.shape[1] != len(w):
        raise ValueError(f"inputs has {X.shape[1]} columns but weights has {len(w)} rows; "
                         f"they must match (one weight per input feature)")
    return X, w


def _integer(value: object, name: str, expected: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {expected}, got {value!r} of type {type(value).__name__}")
    return int(value)


def positive_int(value: object, name: str) -> int:
    value = _integer(value, name, "a positive integer")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return value


def units(value: object, name: str) -> int:
    """The size of a layer: a positive integer, at most :data:`MAX_UNITS`."""
    value = positive_int(value, name)
    if value > MAX_UNITS:
        raise ValueError(f"{name} must be at most {MAX_UNITS}, got {value:,}")
    return value


def epoch_count(value: object) -> int:
    """A positive integer, at most :data:`MAX_EPOCHS`."""
    value = positive_int(value, "epochs")
    if value > MAX_EPOCHS:
        raise ValueError(f"epochs must be at most {MAX_EPOCHS:,}, got {value:,}")
    return value


def learning_rate(value: object) -> float:
    """The learning rate: a positive finite number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"alpha must be a positive finite number, got {value!r} of type "
                        f"{type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:  # an int beyond the largest float, such as 10**400
        raise ValueError(f"alpha must be a positive finite number, got an integer of "
                         f"{len(str(value))} digits, beyond the largest float") from None
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f"alpha must be a positive finite number, got {value}")
    return number


def descent(epochs: object, alpha: object, rows: int, runs: int = 1) -> tuple[int, float]:
    """How long and how fast to descend: ``epochs`` and ``alpha`` checked, and the errors the
    run will record (epochs × ``rows`` examples × ``runs``) within :data:`MAX_RECORDED`."""
    count, rate = epoch_count(epochs), learning_rate(alpha)
    if count * rows * runs > MAX_RECORDED:
        per = f" and {runs:,} seeds" if runs > 1 else ""
        raise ValueError(f"epochs={count:,} with {rows:,} examples{per} would record "
                         f"{count * rows * runs:,} errors, over the limit of "
                         f"{MAX_RECORDED:,}; use fewer epochs")
    return count, rate


def seed(value: object, name: str = "seed") -> int:
    """A seed for NumPy's ``RandomState``: an integer in [0, 2**32)."""
    value = _integer(value, name, "an integer in [0, 2**32)")
    if not 0 <= value < 2**32:
        raise ValueError(f"{name} must be an integer in [0, 2**32), got {value}")
    return value


def seeds(value: object) -> tuple[int, ...]:
    """A sequence of seeds, such as ``range(100)``: from 1 to :data:`MAX_SEEDS` of them."""
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = tuple(value)
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError(f"seeds must be a sequence of seeds such as range(100), "
                        f"got {value!r:.60} of type {type(value).__name__}")
    if not 1 <= len(value) <= MAX_SEEDS:
        raise ValueError(f"seeds must hold from 1 to {MAX_SEEDS:,} seeds, got {len(value):,}")
    return tuple(seed(each, f"seeds[{i}]") for i, each in enumerate(value))
