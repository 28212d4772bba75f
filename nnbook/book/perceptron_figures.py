"""The perceptron page's figures. Each function returns a Figure; none saves or shows it.

Every function draws in the book's style for the given theme (see
:mod:`nnbook.book.style`); the build saves each figure once per theme. Figures are
at most :data:`~nnbook.book.plots.WIDTH` inches wide with text of at least 10.5 points, so
their text stays readable when a phone shows them at its screen's width.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.ticker import FuncFormatter

from nnbook.activations import ACTIVATIONS, sigmoid
from nnbook.book.plots import MARKERS, STYLES, WIDTH, network, sampled_epochs
from nnbook.book.style import LIGHT, Theme, use

#: Where the sigmoid and activation figures sample their functions.
SIGMOID_X = np.linspace(-6.0, 6.0, 200)
ACTIVATION_Z = np.linspace(-3.0, 3.0, 241)


# --8<-- [start:perceptron_network]
def perceptron_network(theme=LIGHT):
    """The perceptron page's neuron: three inputs joined to one sigmoid output neuron."""
    return network([("input", 3), ("output\n(sigmoid)", 1)], theme, highlight=1)
# --8<-- [end:perceptron_network]


def weights_diagram(weights: Sequence[float], theme: Theme = LIGHT) -> Figure:
    """Inputs x_i, their weights w_i (labelled with ``weights``), the neuron and ŷ.

    The last input is the constant 1, so its weight is the neuron's bias.
    """
    weights = np.ravel(weights)
    with use(theme):
        fig, ax = plt.subplots(figsize=(WIDTH, 2.9))
        rows = np.linspace(1.1, -1.1, len(weights))
        neuron, output = np.array([3.3, 0.0]), np.array([5.2, 0.0])
        for i, (y, w) in enumerate(zip(rows, weights, strict=True), start=1):
            constant = i == len(weights)
            _node(ax, (0.0, y), "1" if constant else f"$x_{i}$", theme.node, theme)
            start, end = np.array([0.36, y]), neuron + np.array([-0.52, 0.28 * y])
            ax.add_patch(FancyArrowPatch(tuple(start), tuple(end), arrowstyle="-|>",
                                         mutation_scale=12, color=theme.muted, lw=1.5))
            # Each label sits beside its input, above its arrow (the last one below its
            # arrow, which rises towards the neuron), clear of the lines.
            label = f"$w_{i} = {w:.2f}$" + (" (the bias)" if constant else "")
            above = not constant
            ax.text(0.5, y + (0.14 if above else -0.14), label, ha="left",
                    va="bottom" if above else "top", fontsize=11, color=theme.text)
        _node(ax, neuron, r"$\varphi$", theme.accent, theme, radius=0.5)
        ax.text(neuron[0] + 0.45, -0.3, r"$z = \sum_i w_i x_i$", ha="left", va="top",
                fontsize=11, color=theme.text)
        ax.add_patch(FancyArrowPatch((neuron[0] + 0.52, 0.0), (output[0] - 0.36, 0.0),
                                     arrowstyle="-|>", mutation_scale=12,
                                     color=theme.muted, lw=1.5))
        _node(ax, output, r"$\hat y$", theme.node, theme)
        ax.set_xlim(-0.45, 5.65)
        ax.set_ylim(-1.55, 1.7)
        ax.set_aspect("equal")
        ax.axis("off")
    return fig


def _node(ax, center, label, color, theme, radius=0.34):
    ax.add_patch(Circle(center, radius, color=color, zorder=3))
    ax.text(*center, label, ha="center", va="center", fontsize=12, color=theme.node_text,
            zorder=4)


def sigmoid_curve(theme: Theme = LIGHT) -> Figure:
    """φ(z) = 1 / (1 + e^-z) on [-6, 6], the axes through the origin marked."""
    with use(theme):
        fig, ax = plt.subplots(figsize=(WIDTH, 3.0))
        ax.plot(SIGMOID_X, sigmoid(SIGMOID_X))
        ax.axhline(0, color=theme.muted, linestyle="--", linewidth=1.5)
        ax.axvline(0, color=theme.muted, linestyle="--", linewidth=1.5)
        ax.set_xlabel("z")
        ax.set_ylabel("φ(z)")
    return fig


def activation_functions(theme: Theme = LIGHT) -> Figure:
    """The activations the perceptron page lists, each with its derivative (dashed)."""
    z = ACTIVATION_Z
    with use(theme):
        fig, axes = plt.subplots(2, 2, figsize=(WIDTH, 4.6), sharex=True)
        fig.subplots_adjust(hspace=0.35, wspace=0.3)
        for ax, activation, color in zip(axes.flat, ACTIVATIONS, theme.lines, strict=True):
            ax.plot(z, activation.f(z), color=color, label="$f(z)$")
            ax.plot(z, activation.prime(z), color=color, linestyle="--", linewidth=1.5,
                    label="$f'(z)$")
            ax.set_title(activation.name)
            ax.axhline(0, color=theme.muted, linewidth=0.8)
            ax.axvline(0, color=theme.muted, linewidth=0.8)
            ax.legend(loc="upper left", fontsize=10.5, handlelength=1.4)
        for ax in axes[1]:
            ax.set_xlabel("z")
    return fig


def error_curves(errors: np.ndarray, labels: Sequence[str], early: int,
                 theme: Theme = LIGHT) -> Figure:
    """The error ŷ - y of each example against the epoch, in two panels: the first
    ``early`` epochs, where the learning happens, and the rest, with the y axis zoomed
    onto what is left of the errors."""
    errors = np.asarray(errors)
    with use(theme):
        fig, (start, rest) = plt.subplots(1, 2, figsize=(WIDTH, 4.0),
                                          gridspec_kw={"width_ratios": [1, 1.3]})
        fig.subplots_adjust(wspace=0.5, bottom=0.32)
        for ax, epochs in ((start, np.arange(early)),
                           (rest, np.linspace(early, len(errors) - 1, 300, dtype=int))):
            for k, (label, drawn) in enumerate(zip(labels, STYLES, strict=False)):
                ax.plot(epochs + 1, errors[epochs, k], label=label, **drawn)
            ax.axhline(0, color=theme.muted, linewidth=0.8)
            ax.set_xlabel("epoch")
        start.set_xlim(1, early)
        start.set_title(f"epochs 1 to {early:,}", fontsize=11)
        rest.set_xlim(early, len(errors))
        rest.set_title(f"epochs {early:,} to {len(errors):,}", fontsize=11)
        rest.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x / 1000:g}k"))
        start.set_ylabel(r"$\hat y - y$")
        fig.legend(*start.get_legend_handles_labels(), loc="lower center", ncols=2,
                   fontsize=10.5, handlelength=2.6)
    return fig


def error_sizes(errors: np.ndarray, labels: Sequence[str], theme: Theme = LIGHT) -> Figure:
    """|ŷ - y| of each example against the epoch, on log-log axes."""
    epochs = sampled_epochs(len(errors))
    with use(theme):
        fig, ax = plt.subplots(figsize=(WIDTH, 3.4))
        for k, (label, drawn) in enumerate(zip(labels, STYLES, strict=False)):
            ax.loglog(epochs + 1, np.abs(errors[epochs, k]), label=label, **drawn,
                      marker=MARKERS[k], markersize=6, markevery=(10 + 22 * k, 90))
        ax.set_xlabel("epoch")
        ax.set_ylabel(r"$|\hat y - y|$")
        ax.legend(fontsize=10.5, loc="lower left", handlelength=2.6)
    return fig


def decay_comparison(runs: Sequence[tuple[str, np.ndarray, np.ndarray]], start: int,
                     theme: Theme = LIGHT) -> Figure:
    """|ŷ - y| of every example for each run ``(name, errors, rates)``, on log-log axes, with
    the power law fitted from epoch ``start`` drawn dashed and its slope written beside it."""
    with use(theme):
        fig, ax = plt.subplots(figsize=(WIDTH, 3.6))
        for (name, errors, rates), color in zip(runs, theme.lines, strict=False):
            epochs = sampled_epochs(len(errors))
            for k in range(errors.shape[1]):
                ax.loglog(epochs + 1, np.abs(errors[epochs, k]), color=color, linewidth=1.4,
                          label=name if k == 0 else None)
            fitted = np.array([start, len(errors)])
            size = np.abs(errors[start - 1:]).max()
            ax.loglog(fitted, size * (fitted / start) ** rates.mean(), color=theme.text,
                      linestyle="--", linewidth=1.2)
            ax.text(fitted[1], size * (fitted[1] / start) ** rates.mean(),
                    f"  slope {rates.mean():.2f}", color=color, fontsize=11, va="center")
        ax.axvline(start, color=theme.muted, linewidth=0.8)
        ax.set_xlabel("epoch")
        ax.set_ylabel(r"$|\hat y - y|$")
        ax.legend(fontsize=10.5, loc="lower left")
        ax.set_xlim(1, len(runs[0][1]) * 8)
    return fig


def decision_boundary(weights: np.ndarray, inputs: np.ndarray, targets: np.ndarray,
                      new_input: np.ndarray, theme: Theme = LIGHT) -> Figure:
    """Where the neuron answers 1 and where 0 over (x1, x2), with the constant input x3 = 1:
    the boundary φ = 0.5 (w1 x1 + w2 x2 + w3 = 0), the examples, and the new input, whose
    x3 = 0 moves the boundary to w1 x1 + w2 x2 = 0 (dashed)."""
    w1, w2, w3 = np.ravel(weights)
    x2 = np.array([-0.3, 1.3])
    right = 1.75  # room for the labels of the examples at x1 = 1
    with use(theme):
        fig, ax = plt.subplots(figsize=(WIDTH, 4.0))
        boundary = -(w2 * x2 + w3) / w1
        ax.fill_betweenx(x2, -0.3, boundary, color=theme.lines[0], alpha=0.12, linewidth=0)
        ax.fill_betweenx(x2, boundary, right, color=theme.lines[1], alpha=0.12, linewidth=0)
        ax.plot(boundary, x2, color=theme.text, linewidth=1.8,
                label="boundary with the bias, $x_3 = 1$")
        ax.plot(-(w2 * x2) / w1, x2, color=theme.text, linewidth=1.4, linestyle="--",
                label="boundary without it, $x_3 = 0$")
        for x, y in zip(inputs, np.ravel(targets), strict=True):
            answer = theme.lines[1] if y == 1 else theme.lines[0]
            ax.plot(x[0], x[1], marker="o", markersize=11, color=answer, linestyle="none")
            ax.annotate(f"[{x[0]:.0f}, {x[1]:.0f}] → {y:.0f}", (x[0], x[1]),
                        xytext=(7, 9), textcoords="offset points", ha="left", fontsize=10.5,
                        color=theme.text)
        x = np.ravel(new_input)
        # Hollow, so the example under it, at the same (x1, x2), still shows.
        ax.plot(x[0], x[1], marker="*", markersize=22, markerfacecolor="none",
                markeredgecolor=theme.text, markeredgewidth=1.6, linestyle="none")
        ax.annotate(f"new [{x[0]:.0f}, {x[1]:.0f}, {x[2]:.0f}]", (x[0], x[1]),
                    xytext=(0, -20), textcoords="offset points", ha="center", fontsize=10.5,
                    color=theme.text)
        ax.set_xlim(-0.3, right)
        ax.set_ylim(-0.3, 1.3)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_aspect("equal")
        ax.legend(fontsize=10.5, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=1)
    return fig
