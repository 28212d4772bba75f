"""Replaces ``{{ name }}`` in a page with a value of the results mapping.

Forms: ``{{ name }}`` (a number as Python prints it, an array as NumPy prints
it, a table as Markdown), ``{{ name[i] }}`` or ``{{ name[i][j] }}`` (one entry),
and any of those with a format spec, ``{{ name:.3f }}`` or ``{{ epochs:, }}``.
"""

from __future__ import annotations

import re

import numpy as np

PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<name>[A-Za-z_]\w*)(?P<index>(?:\[\d+\])*)\s*(?::(?P<spec>[^{}]*?))?\s*\}\}"
)


class PlaceholderError(ValueError):
    """A placeholder the results mapping cannot fill."""


def fill(text: str, values: dict[str, dict[str, object]], where: str) -> str:
    """``text`` with every placeholder filled; ``where`` names the page in errors."""
    numbers, markdown = values["numbers"], values["markdown"]

    def replace(match: re.Match[str]) -> str:
        name, index, spec = match["name"], match["index"], match["spec"]
        if name in markdown:
            if index or spec:
                raise PlaceholderError(f"{where}: {match[0]} - table {name!r} takes no index "
                                       f"or format")
            return markdown[name]
        if name not in numbers:
            known = ", ".join(sorted([*numbers, *markdown]))
            raise PlaceholderError(f"{where}: unknown value {name!r} in {match[0]}; "
                                   f"known values: {known}")
        value = np.asarray(numbers[name])
        try:
            for i in re.findall(r"\d+", index):
                value = value[int(i)]
            return _format(value, spec)
        except (IndexError, ValueError, TypeError) as error:
            raise PlaceholderError(f"{where}: cannot fill {match[0]}: {error}") from None

    return PLACEHOLDER.sub(replace, text)


def _format(value: np.ndarray, spec: str | None) -> str:
    if value.ndim == 0:
        return format(value.item(), spec or "")
    if spec is None:
        return str(value)
    return np.array2string(value, separator=", ",
                           formatter={"all": lambda v: format(v.item(), spec)})


def unfilled(text: str) -> list[str]:
    """Leftover ``{{ ... }}`` that no placeholder pattern matched (a typo in the braces)."""
    return re.findall(r"\{\{.*?\}\}", text)
