"""One look for every figure of the book, in a light and a dark variant.

Figures have transparent backgrounds and take their colours from a :class:`Theme`,
so the same drawing code serves the site's light and dark palettes. The
Okabe-Ito colours are told apart by readers with colour-vision deficiencies.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.figure import Figure


@dataclass(frozen=True)
class Theme:
    """The colours of one palette of the site."""

    name: str
    text: str          # labels, titles, axes
    muted: str         # grid, reference lines, edges of diagrams
    lines: tuple[str, ...]
    accent: str        # the neuron the perceptron page trains
    node: str          # the other neurons of a diagram
    node_text: str     # text drawn on a node

    def rc(self) -> dict[str, object]:
        """Matplotlib settings for this theme; see :func:`use`."""
        return {
            "figure.facecolor": "none",
            "axes.facecolor": "none",
            "savefig.facecolor": "none",
            "savefig.transparent": True,
            "text.color": self.text,
            "axes.labelcolor": self.text,
            "axes.edgecolor": self.muted,
            "axes.titlecolor": self.text,
            "xtick.color": self.text,
            "ytick.color": self.text,
            "xtick.labelcolor": self.text,
            "ytick.labelcolor": self.text,
            "grid.color": self.muted,
            "grid.alpha": 0.35,
            "axes.grid": True,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": cycler(color=list(self.lines)),
            "lines.linewidth": 2.0,
            "legend.frameon": False,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "figure.dpi": 100,
            # Reproducible SVG: fixed ids, no date, glyphs as shared paths.
            "svg.hashsalt": "nnbook",
            "svg.fonttype": "path",
        }


LIGHT = Theme(
    name="light",
    text="#1f2328",
    muted="#6e7781",
    lines=("#0072B2", "#D55E00", "#009E73", "#CC79A7"),
    accent="#D55E00",
    node="#0072B2",
    node_text="#ffffff",
)

DARK = Theme(
    name="dark",
    text="#e3e6ea",
    muted="#9aa4ae",
    lines=("#56B4E9", "#E69F00", "#3FD0A0", "#F0A0D0"),
    accent="#E69F00",
    node="#56B4E9",
    node_text="#10151b",
)

@contextlib.contextmanager
def use(theme: Theme = LIGHT) -> Iterator[Theme]:
    """Draw inside this block to get the book's look in ``theme``.

    Only the theme's own settings are restored on leaving, unlike ``rc_context``:
    the first figure of a Jupyter session turns interactive mode on, and undoing
    that would keep the session's later figures from showing.
    """
    settings = theme.rc()
    saved = {key: mpl.rcParams[key] for key in settings}
    mpl.rcParams.update(settings)
    try:
        yield theme
    finally:
        mpl.rcParams.update(saved)


def svg(fig: Figure) -> str:
    """The figure as SVG text, the same bytes each time; the figure is closed."""
    try:
        with use(LIGHT):
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    finally:
        plt.close(fig)
    return buffer.getvalue()


def dark_variant(light_svg: str) -> str:
    """The light drawing in the dark palette: the same geometry, every colour swapped."""
    swaps = {}
    for field in ("text", "muted", "accent", "node", "node_text", "lines"):
        light, dark = getattr(LIGHT, field), getattr(DARK, field)
        for a, b in zip(*((light, dark) if field == "lines" else ([light], [dark])), strict=True):
            a, b = a.lower(), b.lower()
            if swaps.setdefault(a, b) != b:
                raise ValueError(f"light colour {a} has two dark counterparts")
    # One pass, so a colour swapped in is never swapped again.
    pattern = "|".join(sorted(swaps, key=len, reverse=True))
    return re.sub(pattern, lambda m: swaps[m[0]], light_svg)
