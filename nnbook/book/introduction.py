"""The introduction's figure: a network of layers, drawn with nnv."""

from __future__ import annotations

from matplotlib.figure import Figure

from nnbook.book import Book
from nnbook.book.plots import network
from nnbook.book.style import LIGHT, Theme


def layers_network(theme: Theme = LIGHT) -> Figure:
    """An input layer, two hidden layers and an output layer."""
    return network([("input", 3), ("hidden 1", 5), ("hidden 2", 5), ("output", 2)], theme)


def book() -> Book:
    return Book({"network-layers": layers_network}, {})
