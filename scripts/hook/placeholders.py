"""Replaces ``{{ name }}`` in a page with a value of the results mapping.

Forms: ``{{ name }}`` (a number as Python prints it, an array as NumPy prints it, a table as
Markdown), ``{{ name[i] }}`` or ``{{ name[i][j] }}`` (one entry), and any of those with a
format spec, ``{{ name:.3f }}`` or ``{{ epochs:, }}``; ``{{ "{{" }}`` gives ``{{``. A ``{{`` or
``}}`` left once they are filled (a brace missing, say) fails the build; but in TeX, held to
balanced braces by KaTeX, and in transcripts, which run as Python as they are written.
"""

from __future__ import annotations

import re

import numpy as np

from scripts.steps import transcripts

PLACEHOLDER = re.compile(
    r"\{\{\s*(?:(?P<literal>\"[^\"\n]*\"|'[^'\n]*')|(?P<name>[A-Za-z_]\w*)"
    r"(?P<index>(?:\[\d+\])*)\s*(?::(?P<spec>[^{}]*?))?)\s*\}\}"
)
LEFTOVER = re.compile(r"\{\{|\}\}")
#: Where braces are not ours to judge: TeX, and ``pycon`` transcripts.
EXEMPT = re.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$[^\s$](?:[^$\n]*?[^\s\\$])?\$|"
                    + transcripts.BLOCK.pattern, re.S | re.M)


class PlaceholderError(ValueError):
    """A placeholder the results mapping cannot fill."""


def fill(text: str, values: dict[str, object], where: str) -> str:
    """``text`` with every placeholder filled; ``where`` names the page in errors."""

    def replace(match: re.Match[str]) -> str:
        if match["literal"]:
            return match["literal"][1:-1]
        name, index, spec = match["name"], match["index"], match["spec"]
        if name not in values:
            raise PlaceholderError(f"{where}: unknown value {name!r} in {match[0]}; "
                                   f"known values: {', '.join(sorted(values))}")
        if isinstance(values[name], str):
            if index or spec:
                raise PlaceholderError(f"{where}: {match[0]} - table {name!r} takes no index "
                                       f"or format")
            return values[name]
        value = np.asarray(values[name])
        try:
            for i in re.findall(r"\d+", index):
                value = value[int(i)]
            return _format(value, spec)
        except (IndexError, ValueError, TypeError) as error:
            raise PlaceholderError(f"{where}: cannot fill {match[0]}: {error}") from None

    exempt = [m.span() for m in EXEMPT.finditer(text)]
    pieces, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        pieces += [_unmatched(text, last, match.start(), exempt, where), replace(match)]
        last = match.end()
    pieces.append(_unmatched(text, last, len(text), exempt, where))
    return "".join(pieces)


def _unmatched(text: str, start: int, end: int, exempt: list[tuple[int, int]],
               where: str) -> str:
    """``text[start:end]``, the text between two placeholders, refused if it holds a brace
    pair of one outside TeX and transcripts."""
    for found in LEFTOVER.finditer(text, start, end):
        if any(a <= found.start() < b for a, b in exempt):
            continue
        stop = text.find("\n", found.end())
        line = text[text.rfind("\n", 0, found.start()) + 1:stop if stop >= 0 else len(text)]
        raise PlaceholderError(f"{where}: a {found[0]!r} that is not part of a placeholder, in "
                               f"{line.strip()!r}; write a literal brace pair as "
                               f'{{{{ "{found[0]}" }}}}')
    return text[start:end]


def _format(value: np.ndarray, spec: str | None) -> str:
    if value.ndim == 0:
        return format(value.item(), spec or "")
    if spec is None:
        return str(value)
    return np.array2string(value, separator=", ",
                           formatter={"all": lambda v: format(v.item(), spec)})
