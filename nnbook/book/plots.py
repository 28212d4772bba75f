"""Drawing helpers the pages share: the widest figure, how four curves stay told apart, the
epochs a long curve is drawn at, and networks drawn with nnv."""

from __future__ import annotations

import numpy as np
from nnv import NNV

from nnbook.book.style import LIGHT, use

#: The widest figure, in inches (461 CSS pixels): a phone shows it at about 330 to 360.
WIDTH = 4.8
#: How each of four examples is drawn, so that curves lying on one another stay told apart.
STYLES = ({"linestyle": "-", "linewidth": 3.2},
          {"linestyle": (0, (5, 2)), "linewidth": 2.4},
          {"linestyle": (0, (1, 1.5)), "linewidth": 2.4},
          {"linestyle": (0, (6, 2, 1, 2)), "linewidth": 1.6})
#: A marker for each of four examples, placed at different points of each curve, so that
#: two curves on one another both show.
MARKERS = ("o", "s", "^", "D")


def sampled_epochs(epochs: int, points: int = 400, first: int = 1) -> np.ndarray:
    """Epoch indices (0 for the first) to plot from epoch ``first`` on, evenly spaced on a
    log axis: every bend of a curve is kept, not every epoch."""
    return np.unique(np.geomspace(first, epochs, points).astype(int) - 1)


# --8<-- [start:network]
def network(layers, theme=LIGHT, highlight=None):
    """A fully connected network drawn with nnv, one (title, units) pair per layer.

    The layer at index `highlight`, and the edges into it, take the accent colour.
    """
    spec = [{"title": title, "units": units, "color": theme.node,
             "edges_color": theme.muted, "edges_width": 1} for title, units in layers]
    if highlight:
        spec[highlight]["color"] = theme.accent
        spec[highlight - 1].update(edges_color=theme.accent, edges_width=2)  # edges into it
    with use(theme):
        fig, ax = NNV(spec, node_radius=12, spacing_layer=70, font_size=11,
                      max_num_nodes_visible=8).render(do_not_show=True)
    fig.set_size_inches(min(1.4 * len(layers) + 1.2, WIDTH), 3.0)
    ax.axis("off")
    return fig
# --8<-- [end:network]
