"""Checks at the public boundary: each names the argument, what came, what was expected."""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray


def real_array(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """``value`` as a new float array, refusing what is not a finite real number."""
    try:
        array = np.array(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers: {error}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {array.dtype}")
    array = array.astype(float)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if not np.isfinite(array).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        index = where if array.ndim > 1 else where[0]
        raise ValueError(f"{name} must be finite, got {array[where]} at index {index}")
    return array


def matrix(name: str, value: ArrayLike, *, one_row: bool = False) -> NDArray[np.float64]:
    """A 2-D array, one row per example; with ``one_row``, a 1-D array is one example."""
    array = real_array(name, value)
    if one_row and array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (one row per example), "
                         f"got {array.ndim}-D shape {array.shape}")
    return array


def column(name: str, value: ArrayLike, rows: int | None = None,
           rows_of: str = "") -> NDArray[np.float64]:
    """A column, given as shape (rows, 1) or (rows,); ``rows`` of None takes any length."""
    array = real_array(name, value)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    expected = "rows" if rows is None else rows
    if array.ndim != 2 or array.shape[1] != 1 or rows not in (None, array.shape[0]):
        per = f", one value per {rows_of}" if rows_of else ""
        raise ValueError(
            f"{name} must have shape ({expected}, 1) or ({expected},){per}, got shape {array.shape}"
        )
    return array


def positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be a positive integer, got {value!r} of type {type(value).__name__}"
        )
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)


def positive_float(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a positive finite number, got {value!r} of type {type(value).__name__}"
        )
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def seed(name: str, value: object) -> int:
    """A seed for NumPy's ``RandomState``: an integer in [0, 2**32)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer in [0, 2**32), got {value!r} of type {type(value).__name__}"
        )
    if not 0 <= value < 2**32:
        raise ValueError(f"{name} must be an integer in [0, 2**32), got {value}")
    return int(value)
