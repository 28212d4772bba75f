"""What the pages' prose shares: Markdown tables, numbers rounded so that what the prose says
of them stays true once printed, and the epoch from which a curve stays below a mark."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table: a first column that names its row to the left, numbers right."""
    align = [":---" if rows and not rows[0][0].replace(".", "").isdigit() else "---:",
             *["---:"] * (len(header) - 1)]
    return "\n".join([_row(header), _row(align), *map(_row, rows)])


def down(x: float, digits: int) -> float:
    """``x`` rounded down at ``digits`` decimals: a lower bound that stays true when printed."""
    return math.floor(x * 10**digits) / 10**digits


def up(x: float, digits: int) -> float:
    """``x`` rounded up at ``digits`` decimals: an upper bound that stays true when printed."""
    return math.ceil(x * 10**digits) / 10**digits


def above(value: float, digits: int = 1) -> float:
    """The least number of ``digits`` significant digits that is greater than ``value``
    (> 0), so that "less than" it stays true once printed."""
    exponent = math.floor(math.log10(value)) - digits + 1
    mantissa = math.floor(value / 10.0**exponent)
    while float(f"{mantissa}e{exponent}") <= value:  # whatever the division rounded
        mantissa += 1
    return float(f"{mantissa}e{exponent}")


def below_from(values: NDArray[np.float64], mark: float) -> int | None:
    """The epoch (counted from 1) from which every value, one per epoch, is below ``mark``,
    as in "below it from epoch t on"; None if the last value is not below it."""
    reached = np.flatnonzero(values >= mark)
    if not reached.size:
        return 1
    return None if reached[-1] == len(values) - 1 else int(reached[-1]) + 2
