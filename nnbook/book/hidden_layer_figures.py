"""The hidden-layer page's figures: XOR, which one neuron cannot learn and a hidden layer can.

Each function returns a Figure in the book's style (:mod:`nnbook.book.style`) and draws
only with the theme's colours, so the dark twin is the same drawing with its colours
swapped. Like the perceptron page's, the figures are at most :data:`nnbook.book.plots.WIDTH`
inches wide, with text of 11 points, which a phone shows at least 9 pixels tall.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.path import Path
from matplotlib.textpath import TextPath
from nnv import NNV

from nnbook.book.plots import MARKERS, STYLES, WIDTH, sampled_epochs
from nnbook.book.style import LIGHT, Theme, use
from nnbook.network import Network

#: The radius of a unit in the network diagram, in nnv's units.
RADIUS = 16
#: The regions are coloured from every COARSE-th point of the plane's grid, each way.
COARSE = 4
#: The bands of ŷ the regions are coloured in; the middle one, around ½, is left clear.
BANDS = np.array([0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 1])


def output_colormap(theme: Theme) -> tuple[ListedColormap, BoundaryNorm]:
    """ŷ from 0 to 1 as the theme's first line colour fading out to clear at ½, then its
    accent colour growing in: the strength of the colour says how sure the output is."""
    colors = []
    for middle in (BANDS[:-1] + BANDS[1:]) / 2:
        color = theme.lines[0] if middle < 0.5 else theme.accent
        colors.append((*to_rgb(color), 0.55 * abs(middle - 0.5) * 2))
    return ListedColormap(colors), BoundaryNorm(BANDS, len(colors))


def xor_regions(grid: np.ndarray, surface: np.ndarray, inputs: np.ndarray,
                targets: np.ndarray, theme: Theme = LIGHT,
                lines: Mapping[str, Sequence[float]] | None = None) -> Figure:
    """The outputs ŷ over the plane, ``surface[i, j]`` at x1 = ``grid[j]``, x2 = ``grid[i]``,
    with the boundary ŷ = ½ and the four examples marked by their target.

    ``lines`` instead gives straight boundaries w1 x1 + w2 x2 + w3 = 0 to draw, by label:
    a single neuron's, whose ŷ = ½ is a straight line.
    """
    cmap, norm = output_colormap(theme)
    with use(theme):
        fig, ax = plt.subplots(figsize=(WIDTH, 4.3), layout="constrained")
        coarse = slice(None, None, COARSE)  # the bands' edges stay smooth, at a quarter the bytes
        filled = ax.contourf(grid[coarse], grid[coarse], surface[coarse, coarse], levels=BANDS,
                             cmap=cmap, norm=norm)
        if lines is None:
            boundary = ax.contour(grid, grid, surface, levels=[0.5], colors=theme.text,
                                  linewidths=2)
            ax.plot([], [], color=theme.text, label=r"$\hat y = \frac{1}{2}$")
            boundaries = [(path, boundary.get_transform()) for path in boundary.get_paths()]
        else:
            boundaries = []
            for (label, weights), drawn in zip(lines.items(), STYLES, strict=False):
                line, = ax.plot(*_line(weights, grid), color=theme.text, label=label,
                                **{**drawn, "linewidth": min(drawn["linewidth"], 2.4)})
                boundaries.append((line.get_path(), line.get_transform()))
        _examples(ax, inputs, targets, theme)
        ax.set_xlim(grid[0], grid[-1])
        ax.set_ylim(grid[0], grid[-1])
        ax.set_aspect("equal")
        ax.grid(False)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$", rotation=0, labelpad=10)
        if lines is None:  # a shaded plane; the single neuron's stays one shade, ½
            bar = fig.colorbar(filled, ax=ax, ticks=[0, 0.5, 1], shrink=0.85, pad=0.04)
            bar.set_label(r"$\hat y$", rotation=0, labelpad=10)
            bar.outline.set_edgecolor(theme.muted)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=3, fontsize=11,
                  handlelength=1.8, columnspacing=1.2)
        _label_examples(ax, inputs, boundaries)
    return fig


def _line(weights: Sequence[float], grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two points of w1 x1 + w2 x2 + w3 = 0 at the edges of the plane."""
    w1, w2, w3 = weights
    ends = grid[[0, -1]]
    if abs(w2) >= abs(w1):
        return ends, -(w3 + w1 * ends) / w2
    return -(w3 + w2 * ends) / w1, ends


def _examples(ax, inputs: np.ndarray, targets: np.ndarray, theme: Theme) -> None:
    """Each example as a marker of its target's colour and shape."""
    for target, color, marker in ((1, theme.accent, "o"), (0, theme.lines[0], "s")):
        chosen = targets[:, 0] == target
        ax.scatter(*inputs[chosen].T, s=90, color=color, marker=marker, edgecolors=theme.text,
                   linewidths=1.2, zorder=4, label=f"$y = {target}$")


def settle(fig: Figure) -> None:
    """Lay the figure out now, as saving it will (it has a constrained layout: everything,
    legends below the axes too, inside the figure), so what is placed next by measuring
    the screen stays where it was measured."""
    fig.get_layout_engine().execute(fig)
    for ax in fig.axes:
        ax.apply_aspect()


def _label_examples(ax, inputs: np.ndarray, boundaries) -> None:
    """Label each example with its inputs, on the first side, away from the middle of the
    plane first, where the label crosses none of the ``boundaries`` (path, transform)."""
    settle(ax.figure)
    renderer = ax.figure.canvas.get_renderer()
    for x1, x2 in inputs:
        dx, dy = np.sign(x1 - 0.5), np.sign(x2 - 0.5)  # away from the middle
        sides = [(dx, dy), (dx, 0), (0, dy), (-dx, dy), (dx, -dy)]
        for k, (sx, sy) in enumerate(sides):
            label = ax.annotate(
                f"({x1:g}, {x2:g})", (x1, x2), xytext=(9 * sx, 11 * sy),
                textcoords="offset points", fontsize=11,
                ha={1: "left", 0: "center", -1: "right"}[sx],
                va={1: "bottom", 0: "center", -1: "top"}[sy])
            if k == len(sides) - 1 or not crosses(label.get_window_extent(renderer), boundaries):
                break
            label.remove()


def crosses(box, paths) -> bool:
    """Whether any of ``paths``, each a (path, transform) pair, crosses ``box``: each piece
    of a path on its own, not the jumps between its pieces."""
    return any(Path(piece).intersects_bbox(box, filled=False)
               for path, transform in paths
               for piece in path.cleaned(transform, remove_nans=True).to_polygons(
                   closed_only=False))


def xor_costs(costs: Mapping[str, np.ndarray], theme: Theme = LIGHT) -> Figure:
    """COST before each epoch's step, one curve per labelled run, on log-log axes."""
    with use(theme):
        fig, ax = plt.subplots(figsize=(WIDTH, 3.4), layout="constrained")
        for (label, cost), color, drawn in zip(costs.items(), (theme.accent, theme.lines[0]),
                                               STYLES, strict=False):
            epochs = sampled_epochs(len(cost))
            ax.loglog(epochs + 1, cost[epochs], color=color, label=label, **drawn)
        ax.set_xlabel("epoch")
        ax.set_ylabel(r"$\mathrm{COST}$")
        ax.legend(loc="lower left", fontsize=11)
    return fig


def xor_error_curves(errors: np.ndarray, labels: Sequence[str], theme: Theme = LIGHT) -> Figure:
    """The error ŷ - y of each example against the epoch (log axis), each in its own line
    style and marker, so that curves lying on one another stay told apart."""
    epochs = sampled_epochs(len(errors), points=200)
    with use(theme):
        fig, ax = plt.subplots(figsize=(WIDTH, 3.2), layout="constrained")
        for k, (label, drawn, marker) in enumerate(zip(labels, STYLES, MARKERS, strict=True)):
            ax.semilogx(epochs + 1, errors[epochs, k], marker=marker, markevery=(3 * k, 12),
                        markersize=6, label=label, **drawn)
        ax.axhline(0, color=theme.muted, linewidth=1)
        ax.set_xlabel("epoch")
        ax.set_ylabel(r"$\hat y - y$")
        ax.legend(ncols=2, fontsize=11, loc="upper center", bbox_to_anchor=(0.5, -0.22))
    return fig


def xor_network(network: Network, theme: Theme = LIGHT) -> Figure:
    """The network with one hidden layer drawn with nnv, each connection labelled with its
    trained weight, set into a gap in the line, and each unit of the hidden and output
    layers with its bias."""
    W1, b1, W2, b2 = (np.asarray(array) for array in network)
    layers = [("input", W1.shape[0], theme.node), ("hidden", W1.shape[1], theme.accent),
              ("output", 1, theme.node)]
    spec = [{"title": None, "units": units, "color": color, "edges_color": theme.muted,
             "edges_width": 1.2} for _, units, color in layers]
    drawing = NNV(spec, node_radius=RADIUS, spacing_layer=150, spacing_nodes=100, font_size=11)
    with use(theme):
        fig, ax = drawing.render(do_not_show=True)
        fig.set_size_inches(WIDTH, 3.4)
        fig.set_layout_engine("constrained")
        ax.axis("off")
        centers = [[(node.get_center_x(), node.get_center_y()) for node in layer.nodes]
                   for layer in drawing.layers]
        names = [[f"$x_{i + 1}$" for i in range(W1.shape[0])],
                 [f"$h_{j + 1}$" for j in range(W1.shape[1])], [r"$\hat y$"]]
        top = max(y for layer in centers for _, y in layer)
        for (title, _, _), layer, labels in zip(layers, centers, names, strict=True):
            ax.text(layer[0][0], top + 46, title, ha="center", va="bottom", fontsize=11)
            for (x, y), label in zip(layer, labels, strict=True):
                ax.text(x, y, label, ha="center", va="center", fontsize=11,
                        color=theme.node_text, zorder=11)
        for layer, biases in ((centers[1], b1[0]), (centers[2], b2[0])):
            middle = np.mean([y for _, y in layer])
            for (x, y), b in zip(layer, biases, strict=True):
                up = y > middle
                ax.text(x, y + (1 if up else -1) * (RADIUS + 6), f"bias {_signed(b)}",
                        ha="center", va="bottom" if up else "top", fontsize=11)
        settle(fig)  # the weights' gaps are measured on the final layout
        weights = {}
        for (sources, targets), matrix in zip(pairwise(centers), (W1, W2), strict=True):
            for i, (x0, y0) in enumerate(sources):
                for j, (x1, y1) in enumerate(targets):
                    weights[(x0 + RADIUS, y0, x1 - RADIUS, y1)] = matrix[i, j]
        for line in ax.get_lines():  # nnv's connections: label each with its weight
            _label_in_line(ax, line, weights[tuple(line.get_xydata().ravel())], theme)
    return fig


def _label_in_line(ax, line, weight: float, theme: Theme) -> None:
    """Write ``weight`` along ``line``, in a gap cut into it: halfway along a level line,
    a quarter of the way along a slanted one, clear of where the slanted ones cross."""
    (x0, y0), (x1, y1) = line.get_xydata()
    t = 0.5 if y0 == y1 else 0.25
    x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
    label = _signed(weight)
    points_per_unit = (ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]) \
        * 72 / ax.figure.dpi
    half = (TextPath((0, 0), label, size=11).get_extents().width / 2 + 8) / points_per_unit
    length = np.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    line.set_data([x0, x - half * ux, np.nan, x + half * ux, x1],
                  [y0, y - half * uy, np.nan, y + half * uy, y1])
    ax.text(x, y, label, rotation=np.degrees(np.arctan2(y1 - y0, x1 - x0)),
            rotation_mode="anchor", ha="center", va="center_baseline", fontsize=11,
            color=theme.text)


def _signed(value: float) -> str:
    """A number to two decimals, with a true minus sign."""
    return f"{value:.2f}".replace("-", "\N{MINUS SIGN}")


def xor_study(costs: Mapping[int, Mapping[str, np.ndarray]], plateaus: Mapping[str, float],
              theme: Theme = LIGHT) -> Figure:
    """COST against the epoch for every seed of the study, one panel per size of hidden
    layer (``costs[hidden][outcome]`` is a (seeds, epochs) array): the runs that learned as
    a band from the least to the greatest cost, every other run as a line of its own, and
    each ``plateaus`` value (by outcome) as a dotted level."""
    colors = dict(zip(plateaus, theme.lines[1:], strict=False))
    with use(theme):
        fig, axes = plt.subplots(len(costs), 1, figsize=(WIDTH, 2.3 * len(costs) + 0.9),
                                 sharex=True, sharey=True, layout="constrained")
        for ax, (hidden, outcomes) in zip(np.atleast_1d(axes), costs.items(), strict=True):
            for outcome, runs in outcomes.items():
                epochs = sampled_epochs(runs.shape[1], points=60)
                x, count = epochs + 1, f"{len(runs)} " + ("run" if len(runs) == 1 else "runs")
                if outcome not in plateaus:
                    ax.fill_between(x, runs[:, epochs].min(axis=0), runs[:, epochs].max(axis=0),
                                    color=theme.lines[0], alpha=0.3, linewidth=0)
                    ax.loglog(x, np.median(runs[:, epochs], axis=0), color=theme.lines[0],
                              label=f"{outcome}, {count}")
                    continue
                for k, run in enumerate(runs):
                    ax.loglog(x, run[epochs], color=colors[outcome], linewidth=1.2,
                              label=f"{outcome}, {count}" if k == 0 else None)
            for outcome, level in plateaus.items():
                ax.axhline(level, color=colors[outcome], linestyle=":", linewidth=1.5)
            ax.set_title(f"{hidden} hidden units", fontsize=11)
            ax.set_ylabel(r"$\mathrm{COST}$")
            ax.legend(loc="lower left", fontsize=11)
        ax.set_xlabel("epoch")
    return fig
