"""The figure functions draw what they say: nnv's networks, one circle per unit."""

import matplotlib
import pytest
from matplotlib.patches import Circle

from nnbook.book import introduction, perceptron_figures

matplotlib.use("Agg")


@pytest.mark.parametrize(("draw", "units"), [
    (perceptron_figures.perceptron_network, 3 + 1),
    (introduction.layers_network, 3 + 5 + 5 + 2),
])
def test_network_diagrams_are_nnv_drawings_with_a_circle_per_unit(draw, units):
    fig = draw()
    circles = [p for ax in fig.axes for p in ax.patches if isinstance(p, Circle)]
    assert len(circles) == units


def test_the_perceptron_diagram_highlights_its_one_neuron():
    from nnbook.book.style import LIGHT
    fig = perceptron_figures.perceptron_network()
    circles = [p for p in fig.axes[0].patches if isinstance(p, Circle)]
    accent = matplotlib.colors.to_rgba(LIGHT.accent)
    assert [c.get_facecolor() == accent for c in circles] == [False, False, False, True]
