"""The hidden-layer page's figures and values: text large enough for a phone, labels clear of
the lines they label, and values that say what the page says of them."""

import re

import matplotlib
import numpy as np
import pytest
from matplotlib.patches import Circle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text

from nnbook.book import hidden_layer as page
from nnbook.book import hidden_layer_figures, tables
from nnbook.network import forward, predict_network

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def figures(xor, study):
    return page.page_figures(xor, study)


@pytest.fixture(scope="module")
def drawn(figures):
    """Each of the page's figures, drawn once for the tests that read it."""
    figures = {name: draw() for name, draw in figures.items()}
    yield figures
    for fig in figures.values():
        matplotlib.pyplot.close(fig)


def segments(path, transform) -> list[MplPath]:
    """Each straight segment a path draws, on screen: none across a gap (NaN) or a move."""
    vertices = transform.transform(path.vertices)
    codes = path.codes if path.codes is not None else [MplPath.LINETO] * len(vertices)
    return [MplPath(vertices[i - 1:i + 1]) for i in range(1, len(vertices))
            if codes[i] == MplPath.LINETO and np.isfinite(vertices[i - 1:i + 1]).all()]


def texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def test_the_page_declares_its_six_figures(figures):
    assert set(figures) == {"xor-regions-neuron", "xor-network", "xor-costs", "xor-errors",
                           "xor-regions-network", "xor-study"}


@pytest.mark.parametrize("name", ["xor-regions-neuron", "xor-network", "xor-costs",
                                  "xor-errors", "xor-regions-network", "xor-study"])
def test_every_text_is_11_points_or_more(drawn, name):
    """With the figure's width (tests/site/test_hidden_layer_page.py), at least 9 CSS pixels
    on a phone."""
    fig = drawn[name]
    assert min(t.get_fontsize() for t in texts(fig)) >= 11


def test_the_network_diagram_labels_every_weight_and_bias_clear_of_every_line(xor, drawn):
    network = xor.network_result.network
    fig = drawn["xor-network"]
    ax = fig.axes[0]
    assert len([p for p in ax.patches if isinstance(p, Circle)]) == 2 + 2 + 1
    labels = [t.get_text() for t in ax.texts]
    for array in network:
        for value in np.ravel(array):
            assert hidden_layer_figures._signed(value) in " ".join(labels)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    lines = ax.get_lines()
    assert len(lines) == 2 * 2 + 2 * 1
    for text, box in zip(ax.texts, boxes, strict=True):
        for line in lines:
            for segment in segments(line.get_path(), line.get_transform()):
                assert not segment.intersects_bbox(box, filled=False), text.get_text()
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two labels overlap"


@pytest.mark.parametrize("which", ["neuron", "network"])
def test_the_examples_labels_are_clear_of_the_boundaries(drawn, which):
    fig = drawn[f"xor-regions-{which}"]
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text().startswith("(")]
    assert sorted(t.get_text() for t in labels) == ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"]
    lines = [(line.get_path(), line.get_transform()) for line in ax.get_lines()]
    if which == "network":  # the boundary ŷ = ½, drawn after the coloured bands
        lines += [(p, ax.collections[1].get_transform()) for p in ax.collections[1].get_paths()]
    else:
        assert len(ax.get_lines()) == len(page.NEURON_SNAPSHOTS)
    pieces = [s for path, transform in lines for s in segments(path, transform)]
    assert pieces
    for label in labels:
        box = label.get_window_extent(renderer)
        assert not any(s.intersects_bbox(box, filled=False) for s in pieces), label.get_text()


def test_the_networks_boundary_is_two_curves_along_a_band_that_holds_the_ones(xor, drawn):
    """What the page says of the network's regions: two boundaries ŷ = ½, and between them
    (ŷ > ½) the examples whose target is 1."""
    boundary = drawn["xor-regions-network"].axes[0].collections[1]
    pieces = [q for p in boundary.get_paths() for q in p.to_polygons(closed_only=False)]
    assert len(pieces) == 2
    y_hat = predict_network(xor.network_result.network, xor.inputs)[:, 0]
    assert np.array_equal(y_hat > 0.5, xor.targets[:, 0] == 1)
    middle = predict_network(xor.network_result.network, [[0.5, 0.5]])[0, 0]
    corners = predict_network(xor.network_result.network, [[-0.5, -0.5], [1.5, 1.5]])[:, 0]
    assert middle > 0.5 > corners.max(), "a band, with ŷ < ½ on both sides"


def test_every_straight_boundary_of_the_neuron_has_both_targets_on_one_side(xor):
    """What the page says of each line in the neuron's figure, which the proof beside it says
    of any straight line."""
    for weights in page.neuron_weights_at(xor, page.NEURON_SNAPSHOTS):
        side = (xor.neuron_inputs @ weights)[:, 0] > 0
        targets = xor.targets[:, 0]
        assert any(len(set(targets[side == s])) == 2 for s in (True, False))


def test_the_neurons_snapshots_are_its_run_stopped_early(xor):
    first, *_ = page.neuron_weights_at(xor, (xor.parameters.epochs,))
    np.testing.assert_array_equal(first, xor.neuron_result.weights)


@pytest.mark.parametrize(("value", "digits", "expected"), [
    (3.19e-16, 1, 4e-16), (0.0137458, 2, 0.014), (0.0004, 1, 0.0005), (0.00099, 2, 0.001),
    (0.25, 1, 0.3), (9.5, 1, 10.0),
])
def test_above_is_the_least_round_number_greater_than_the_value(value, digits, expected):
    assert tables.above(value, digits) == expected
    assert tables.above(value, digits) > value


def test_below_from_counts_from_one_and_waits_for_the_last_rise():
    assert tables.below_from(np.array([0.5, 0.3, 0.1, 0.3, 0.05, 0.01]), 0.2) == 5


def test_the_lines_of_code_are_the_librarys(xor):
    import inspect

    from nnbook import network
    lines = page.code_lines()
    source = inspect.getsource(network.forward) + inspect.getsource(network.backward)
    assert set(lines) == {f"xor_line_{name}" for names in page.CODE_LINES.values()
                          for name in names}
    for name, line in lines.items():
        statement = line.strip("`")
        assert statement.startswith(name.removeprefix("xor_line_") + " = ")
        assert re.search(rf"^\s+{re.escape(statement)}\s+#", source, re.M), statement


def test_a_line_the_page_quotes_that_the_code_lost_fails_by_name(monkeypatch):
    from nnbook import network
    monkeypatch.setattr(page, "CODE_LINES", {network.backward: ("delta3",)})
    with pytest.raises(ValueError, match="backward assigns no 'delta3'"):
        page.code_lines()


def test_the_stuck_runs_values_bound_what_the_study_shows(xor, study):
    values = page.page_values(xor, study)
    runs = list(page.stuck_runs(study, xor.targets))
    assert len(runs) == sum(len(study.seeds) - study.learned(h) for h in study.outcomes)
    for hidden, seed, _, stuck, plateau in runs:
        h = forward(study.networks[hidden], xor.inputs)[0][seed][stuck]
        assert np.ptp(h, axis=0).max() < values["xor_stuck_h_spread"]
        assert (h * (1 - h)).max() < values["xor_stuck_slope"]
        final = page.final_costs(study, hidden, xor.targets)[seed]
        assert 0 < final - plateau < values["xor_stuck_excess"]


def test_the_study_table_names_a_run_that_ended_otherwise(xor, study):
    """A run neither learned nor stuck at a mean target (an edit to the training can make
    one) gets a row of its own, not a failed build."""
    import dataclasses
    seed = study.seeds_of(2, "learned")[0]
    outcomes = {**study.outcomes, 2: tuple("other" if s == seed else o
                                          for s, o in zip(study.seeds, study.outcomes[2],
                                                          strict=True))}
    table = page.study_table(dataclasses.replace(study, outcomes=outcomes), xor.targets)
    assert re.search(r"^\| neither learned nor stuck at a mean target \| 1 \| 0 \|", table, re.M)
