"""The chapter's figures. Each function returns a Figure; none saves or shows it.

Every function draws in the book's style for the given theme (see
:mod:`nnbook.style`); the build saves each figure once per theme.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch
from nnv import NNV

from nnbook.activations import ACTIVATIONS, sigmoid
from nnbook.style import LIGHT, Theme, use

#: Where the sigmoid and activation figures sample their functions.
SIGMOID_X = np.linspace(-6.0, 6.0, 200)
ACTIVATION_Z = np.linspace(-3.0, 3.0, 241)


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
    fig.set_size_inches(1.8 * len(layers) + 0.8, 3.2)
    ax.axis("off")
    return fig


def perceptron_network(theme=LIGHT):
    """The chapter's neuron: three inputs joined to one sigmoid output neuron."""
    return network([("input", 3), ("output\n(sigmoid)", 1)], theme, highlight=1)
# --8<-- [end:network]


def layers_network(theme: Theme = LIGHT) -> Figure:
    """The introduction's network: an input layer, two hidden layers and an output layer."""
    return network([("input", 3), ("hidden 1", 5), ("hidden 2", 5), ("output", 2)], theme)


def weights_diagram(weights: Sequence[float], theme: Theme = LIGHT) -> Figure:
    """Inputs x_i, their weights w_i (labelled with ``weights``), the neuron and ŷ."""
    weights = np.ravel(weights)
    with use(theme):
        fig, ax = plt.subplots(figsize=(6.4, 3.2))
        rows = np.linspace(1.0, -1.0, len(weights))
        neuron, output = (3.2, 0.0), (5.4, 0.0)
        for i, (y, w) in enumerate(zip(rows, weights, strict=True), start=1):
            _node(ax, (0.0, y), f"$x_{i}$", theme.node, theme)
            ax.add_patch(FancyArrowPatch((0.32, y), (neuron[0] - 0.5, neuron[1] + 0.25 * y),
                                         arrowstyle="-|>", mutation_scale=12,
                                         color=theme.muted, lw=1.5))
            ax.text(1.45, y * 0.72 + 0.1, f"$w_{i} = {w:.2f}$", ha="center", va="bottom",
                    fontsize=11, color=theme.text)
        _node(ax, neuron, r"$\phi$", theme.accent, theme, radius=0.5)
        ax.text(neuron[0], neuron[1] - 0.75, r"$z = \sum_i w_i x_i$", ha="center", va="top",
                fontsize=10, color=theme.text)
        ax.add_patch(FancyArrowPatch((neuron[0] + 0.5, 0.0), (output[0] - 0.34, 0.0),
                                     arrowstyle="-|>", mutation_scale=12,
                                     color=theme.muted, lw=1.5))
        _node(ax, output, r"$\hat y$", theme.node, theme)
        ax.set_xlim(-0.5, 5.9)
        ax.set_ylim(-1.5, 1.5)
        ax.set_aspect("equal")
        ax.axis("off")
    return fig


def _node(ax, center, label, color, theme, radius=0.32):
    ax.add_patch(Circle(center, radius, color=color, zorder=3))
    ax.text(*center, label, ha="center", va="center", fontsize=12, color=theme.node_text,
            zorder=4)


def sigmoid_curve(theme: Theme = LIGHT) -> Figure:
    """φ(x) = 1 / (1 + e^-x) on [-6, 6], the axes through the origin marked."""
    with use(theme):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        ax.plot(SIGMOID_X, sigmoid(SIGMOID_X))
        ax.axhline(0, color=theme.muted, linestyle="--", linewidth=1.5)
        ax.axvline(0, color=theme.muted, linestyle="--", linewidth=1.5)
        ax.set_xlabel("x")
        ax.set_ylabel("sigmoid(x)")
    return fig


def activation_functions(theme: Theme = LIGHT) -> Figure:
    """The activations the chapter lists, each with its derivative (dashed)."""
    z = ACTIVATION_Z
    with use(theme):
        fig, axes = plt.subplots(2, 2, figsize=(6.4, 5.0), sharex=True)
        fig.subplots_adjust(hspace=0.3, wspace=0.25)
        for ax, activation, color in zip(axes.flat, ACTIVATIONS, theme.lines, strict=True):
            ax.plot(z, activation.f(z), color=color, label="$f(z)$")
            ax.plot(z, activation.prime(z), color=color, linestyle="--", linewidth=1.5,
                    label="$f'(z)$")
            ax.set_title(activation.name)
            ax.axhline(0, color=theme.muted, linewidth=0.8)
            ax.axvline(0, color=theme.muted, linewidth=0.8)
            ax.legend(loc="upper left", fontsize=9, handlelength=1.6)
        for ax in axes[1]:
            ax.set_xlabel("z")
    return fig


def sampled_epochs(epochs: int, scale: str, points: int = 400) -> np.ndarray:
    """Epoch indices to plot: every kink of the curve is kept, not every epoch.

    ``"loglog"`` spaces them evenly on a log axis; ``"linear"`` adds that early,
    log-spaced detail to an even grid, so the fast start stays sharp.
    """
    log_spaced = np.geomspace(1, epochs, points).astype(int) - 1
    if scale == "loglog":
        return np.unique(log_spaced)
    if scale == "linear":
        even = np.linspace(0, epochs - 1, points, dtype=int)
        return np.unique(np.concatenate([log_spaced, even]))
    raise ValueError(f"scale must be 'linear' or 'loglog', got {scale!r}")


def error_curves(errors: np.ndarray, scale: str = "linear", theme: Theme = LIGHT,
                 labels: Sequence[str] | None = None) -> Figure:
    """The error ŷ - y of each training example against the epoch.

    ``scale="loglog"`` plots |ŷ - y| on log-log axes; ``labels`` name the
    examples in the legend (by default "example 1", "example 2", ...).
    """
    errors = np.asarray(errors)
    epochs = sampled_epochs(len(errors), scale)
    with use(theme):
        fig, ax = plt.subplots(figsize=(6.4, 3.8))
        labels = labels or [f"example {k + 1}" for k in range(errors.shape[1])]
        for k, label in enumerate(labels):
            values = errors[epochs, k]
            if scale == "loglog":
                ax.loglog(epochs + 1, np.abs(values), label=label)
            else:
                ax.plot(epochs + 1, values, label=label)
        ax.set_xlabel("epoch")
        ax.set_ylabel(r"$|\hat y - y|$" if scale == "loglog" else r"$\hat y - y$")
        ax.legend(ncols=2, fontsize=9)
    return fig
