"""Checks at the library's public boundary, so the code the chapter shows needs none.

``@checked`` checks each argument of the function it wraps by the argument's name
(:data:`RULES`), before the body runs, and hands the body what the chapter's code
expects: float arrays of the right shape, a plain ``int`` or ``float``. A bad
argument raises ``ValueError`` or ``TypeError`` naming it, what came and what was
expected. The body also runs with NumPy's overflow warning off: for z < -709,
e^-z overflows to infinity and φ(z) = 1 / (1 + e^-z) is then exactly 0, its limit.
Outside an activation, its warning of invalid values is off too: with finite arguments,
a NaN can only follow weights that overflowed while training, and the training's
result refuses those with an error that says what to change.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

#: The most epochs :func:`nnbook.train` takes. Its recorded errors take
#: epochs × examples × 8 bytes: 32 MB for the chapter's four examples.
MAX_EPOCHS = 1_000_000
#: The most errors a run may record (epochs × examples, × seeds when trained
#: together): 400 MB of them.
MAX_RECORDED = 50_000_000
#: The most units a layer may have, inputs or hidden: the book's networks are small.
MAX_UNITS = 64
#: The most seeds :func:`nnbook.train_seeds` trains at once.
MAX_SEEDS = 1_000

F = TypeVar("F", bound=Callable)


def real_numbers(name: str, value: object) -> NDArray[np.float64]:
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


def finite_array(name: str, value: object) -> NDArray[np.float64]:
    """A new, non-empty float array of finite numbers (the caller's array is never changed)."""
    array = real_numbers(name, value).copy()
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if not np.isfinite(array).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        index = where if array.ndim > 1 else where[0]
        raise ValueError(f"{name} must be finite, got {array[where]} at index {index}")
    return array


def matrix(name: str, value: object) -> NDArray[np.float64]:
    """One example per row; a 1-D array is one example."""
    array = finite_array(name, value)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (one row per example), "
                         f"got {array.ndim}-D shape {array.shape}")
    return array


def column(name: str, value: object, rows: int | None = None,
           rows_of: str = "") -> NDArray[np.float64]:
    """A column, given as shape (rows, 1) or (rows,); ``rows`` of None takes any length."""
    array = finite_array(name, value)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    expected = "rows" if rows is None else rows
    if array.ndim != 2 or array.shape[1] != 1 or rows not in (None, array.shape[0]):
        per = f", one value per {rows_of}" if rows_of else ""
        raise ValueError(
            f"{name} must have shape ({expected}, 1) or ({expected},){per}, got shape {array.shape}"
        )
    return array


def _integer(name: str, value: object, expected: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {expected}, got {value!r} of type {type(value).__name__}")
    return int(value)


def positive_int(name: str, value: object) -> int:
    value = _integer(name, value, "a positive integer")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return value


def epochs(name: str, value: object) -> int:
    """A positive integer, at most :data:`MAX_EPOCHS`."""
    value = positive_int(name, value)
    if value > MAX_EPOCHS:
        raise ValueError(f"{name} must be at most {MAX_EPOCHS:,}, got {value:,}")
    return value


def units(name: str, value: object) -> int:
    """The size of a layer: a positive integer, at most :data:`MAX_UNITS`."""
    value = positive_int(name, value)
    if value > MAX_UNITS:
        raise ValueError(f"{name} must be at most {MAX_UNITS}, got {value:,}")
    return value


def positive_float(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a positive finite number, got {value!r} of type {type(value).__name__}"
        )
    try:
        number = float(value)
    except OverflowError:  # an int beyond the largest float, such as 10**400
        raise ValueError(f"{name} must be a positive finite number, got an integer of "
                         f"{len(str(value))} digits, beyond the largest float") from None
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return number


def seed(name: str, value: object) -> int:
    """A seed for NumPy's ``RandomState``: an integer in [0, 2**32)."""
    value = _integer(name, value, "an integer in [0, 2**32)")
    if not 0 <= value < 2**32:
        raise ValueError(f"{name} must be an integer in [0, 2**32), got {value}")
    return value


def seeds(name: str, value: object) -> tuple[int, ...]:
    """A sequence of seeds, such as ``range(100)``: from 1 to :data:`MAX_SEEDS` of them."""
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = tuple(value)
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a sequence of seeds such as range(100), "
                        f"got {value!r:.60} of type {type(value).__name__}")
    if not 1 <= len(value) <= MAX_SEEDS:
        raise ValueError(f"{name} must hold from 1 to {MAX_SEEDS:,} seeds, got {len(value):,}")
    return tuple(seed(f"{name}[{i}]", each) for i, each in enumerate(value))


def network(name: str, value: object):
    """A :class:`nnbook.Network` of finite floats whose shapes agree: W1 (inputs, hidden),
    b1 (1, hidden), W2 (hidden, 1), b2 (1, 1). Returned as a new Network of float copies."""
    from nnbook.network import Network  # here, as nnbook.network imports this module

    if not isinstance(value, Network):
        raise TypeError(f"{name} must be a nnbook.Network, such as init_network(seed) "
                        f"returns, got {value!r:.60} of type {type(value).__name__}")
    W1, b1, W2, b2 = (finite_array(f"{name}.{field}", array)
                      for field, array in zip(("W1", "b1", "W2", "b2"), value, strict=True))
    if W1.ndim != 2:
        raise ValueError(f"{name}.W1 must be a 2-D array, a row per input and a column per "
                         f"hidden unit, got {W1.ndim}-D shape {W1.shape}")
    hidden = W1.shape[1]
    for field, array, shape, what in (("b1", b1, (1, hidden), "one bias per hidden unit"),
                                      ("W2", W2, (hidden, 1), "one weight per hidden unit"),
                                      ("b2", b2, (1, 1), "the output's bias")):
        if array.shape != shape:
            raise ValueError(f"{name}.{field} must have shape {shape}, {what}, as W1 has "
                             f"{hidden} columns; got shape {array.shape}")
    return Network(W1, b1, W2, b2)


def targets(name: str, value: object, inputs: NDArray[np.float64] | None = None):
    """One target per example: a column with a row for each row of ``inputs``."""
    return column(name, value, None if inputs is None else len(inputs), "row of inputs")


#: How each argument of the library is checked, by its name.
RULES: dict[str, Callable[..., object]] = {
    "z": real_numbers,
    "inputs": matrix,
    "targets": targets,
    "weights": column,
    "epochs": epochs,
    "alpha": positive_float,
    "seed": seed,
    "seeds": seeds,
    "features": units,
    "hidden": units,
    "network": network,
}


def check(name: str, value: object) -> object:
    """``value`` checked by the rule for ``name``."""
    return RULES[name](name, value)


def _agree(arguments: dict[str, object]) -> None:
    """What must match across arguments: one weight, or one row of a network's W1, per
    input; and recorded errors within :data:`MAX_RECORDED`."""
    inputs, weights = arguments.get("inputs"), arguments.get("weights")
    if inputs is None:
        return
    if weights is not None and inputs.shape[1] != len(weights):
        raise ValueError(f"inputs has {inputs.shape[1]} columns but weights has {len(weights)} "
                         f"rows; they must match (one weight per input feature)")
    network = arguments.get("network")
    if network is not None and inputs.shape[1] != len(network.W1):
        raise ValueError(f"inputs has {inputs.shape[1]} columns but network.W1 has "
                         f"{len(network.W1)} rows; they must match (one row per input feature)")
    seeds = arguments.get("seeds")
    if seeds is not None and inputs.shape[1] > MAX_UNITS:
        raise ValueError(f"inputs has {inputs.shape[1]} columns, but a network takes at most "
                         f"{MAX_UNITS} inputs")
    epochs = arguments.get("epochs")
    runs, per = (1, "") if seeds is None else (len(seeds), f" and {len(seeds):,} seeds")
    if epochs is not None and epochs * len(inputs) * runs > MAX_RECORDED:
        raise ValueError(f"epochs={epochs:,} with {len(inputs):,} examples{per} would record "
                         f"{epochs * len(inputs) * runs:,} errors, over the limit of "
                         f"{MAX_RECORDED:,}; use fewer epochs")


def checked(function: F) -> F:
    """Check ``function``'s arguments by name (:data:`RULES`) before its body runs."""
    signature = inspect.signature(function)
    names = [name for name in signature.parameters if name in RULES]

    if names == ["z"]:  # an activation: called every epoch, so kept quick
        @functools.wraps(function)
        def activation(z):
            with np.errstate(over="ignore"):
                return function(real_numbers("z", z))
        return activation  # type: ignore[return-value]

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        arguments = bound.arguments
        for name in names:
            if name == "targets":
                arguments[name] = targets(name, arguments[name], arguments.get("inputs"))
            else:
                arguments[name] = check(name, arguments[name])
        _agree(arguments)
        with np.errstate(over="ignore", invalid="ignore"):
            return function(*bound.args, **bound.kwargs)

    return wrapper  # type: ignore[return-value]
