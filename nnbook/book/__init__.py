"""The pages' content: each page's figures, values and tables, in a module of its own named as
the page is (``hidden_layer`` for ``docs/chapter/hidden-layer.md``), beneath the taught code.

A page's module has a ``book()`` that returns its :class:`Book`; the build finds every module
of this package that defines one and runs each in a build step of its own, so an edit to one
page's module, or to code only it reads, redoes that page alone. What pages share sits
beside them once: :mod:`~nnbook.book.style` (the look of every figure),
:mod:`~nnbook.book.plots` (drawing helpers) and :mod:`~nnbook.book.tables` (Markdown tables
and numbers rounded so the prose stays true).

A page shows ``figures/NAME.svg`` for a figure named in a book, and quotes ``{{ name }}``
for a value named in one; names are the site's, so no two books may use the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.figure import Figure

from nnbook.book import style


@dataclass(frozen=True)
class Book:
    """A page's figures by name (each drawn in the light theme) and its values by name: a
    number, an array (printed as NumPy prints it) or a Markdown table (a string)."""

    figures: dict[str, Callable[[], Figure]]
    values: dict[str, object]

    def svg(self, name: str) -> tuple[str, str]:
        """Figure ``name`` as SVG text for the light palette and for the dark one."""
        light = style.svg(self.figures[name]())
        return light, style.dark_variant(light)
