"""The sequel's page and notebook as built: its numbers are nnbook's, its listings nnbook's
source, its equations tied to the lines that compute them, its figures shown, its notebook
executed, downloadable and runnable from its first cell's instructions."""

from __future__ import annotations

import re

import nbformat
import numpy as np
import pytest
from bs4 import BeautifulSoup

import nnbook
from nnbook.book import hidden_layer as module
from nnbook.book import style, tables
from nnbook.network import forward
from nnbook.study import TOLERANCE
from tests.conftest import ROOT
from tests.site.test_pages import article, snippet, soup, text

pytestmark = pytest.mark.site

PAGE = "chapter/hidden-layer"
NOTEBOOK = "chapter/hidden-layer-hands-on"


def words(site, path: str = PAGE) -> str:
    """The page's text, each run of white space one space."""
    return " ".join(text(site, path).split())


def cell(element) -> str:
    """A table cell's text as a reader sees it: math as drawn, without its MathML copy."""
    element = BeautifulSoup(str(element), "html.parser")
    for mathml in element.select(".katex-mathml"):
        mathml.decompose()
    return " ".join(element.get_text("").replace("\u200b", "").split())


def table_rows(table) -> list[list[str]]:
    return [[cell(td) for td in tr.select("td")] for tr in table.select("tbody tr")]


def table_with(site, heading: str):
    """The page's table whose first header cell starts with ``heading``."""
    for table in article(site, PAGE).select("table"):
        if cell(table.select_one("th")).startswith(heading):
            return table
    pytest.fail(f"no table headed {heading!r}")


def test_the_page_follows_the_perceptron_and_is_linked_from_it_and_home(site):
    links = [a["href"] for a in article(site, "chapter/perceptron").select("a[href]")]
    assert "../hidden-layer/" in links
    cards = [a["href"] for a in article(site, "").select(".grid.cards a[href]")]
    assert "chapter/hidden-layer/" in cards
    assert soup(site, PAGE).select_one("h1").get_text().startswith("One neuron is not enough")


def test_the_parameters_and_the_single_neurons_failure_are_nnbooks(site, xor):
    page = words(site)
    p = xor.parameters
    assert f"seed {p.seed}, {p.hidden} hidden units, {p.epochs:,} epochs" in page
    codes = "\n".join(code.get_text() for code in article(site, PAGE).select("pre code"))
    assert str(xor.neuron_result.outputs) in codes
    assert f"smaller than {tables.above(np.abs(xor.neuron_result.weights).max()):.0e}" in page
    assert xor.neuron_outcome == "4 at 1/2"  # what "answers ½ for every input" says


def test_the_results_table_is_the_neuron_and_the_network(site, xor):
    h, y_hat = forward(xor.network_result.network, xor.inputs)
    expected = [[f"{a:g}", f"{b:g}", f"{t:g}", f"{n:.3f}", *(f"{v:.3f}" for v in hidden),
                 f"{o:.3f}"]
                for (a, b), t, n, hidden, o in zip(xor.inputs, xor.targets[:, 0],
                                                   xor.neuron_result.outputs[:, 0], h,
                                                   y_hat[:, 0], strict=True)]
    tables = [t for t in article(site, PAGE).select("table") if cell(t.select_one("th")) == "x1"]
    assert [table_rows(t) for t in tables] == [[row[:3] for row in expected], expected]


def test_what_the_page_says_of_the_hidden_units_holds(xor):
    """h1 near 1 only for (0, 0), h2 near 0 only for (1, 1), and the output high where h2 is
    high and h1 low, as the page says."""
    h, y_hat = forward(xor.network_result.network, xor.inputs)
    inputs = [tuple(x) for x in xor.inputs.astype(int)]
    assert [x for x, v in zip(inputs, h[:, 0], strict=True) if v > 0.5] == [(0, 0)]
    assert [x for x, v in zip(inputs, h[:, 1], strict=True) if v < 0.5] == [(1, 1)]
    assert np.array_equal(y_hat[:, 0] > 0.5, (h[:, 1] > 0.5) & (h[:, 0] < 0.5))


def test_the_trained_weights_are_in_the_table_and_the_diagrams_alt_text(site, xor):
    W1, b1, W2, b2 = xor.network_result.network
    rows = table_rows(table_with(site, "from"))
    assert rows == [["x1", *(f"{w:.2f}" for w in W1[0]), ""],
                    ["x2", *(f"{w:.2f}" for w in W1[1]), ""],
                    ["h1", "", "", f"{W2[0, 0]:.2f}"],
                    ["h2", "", "", f"{W2[1, 0]:.2f}"],
                    ["bias", *(f"{b:.2f}" for b in b1[0]), f"{b2[0, 0]:.2f}"]]
    alt = article(site, PAGE).select_one('img[src*="xor-network.svg"]')["alt"]
    for value in (*W1.ravel(), *W2.ravel(), *b1.ravel(), *b2.ravel()):
        assert f"{value:.2f}" in alt


def test_the_training_numbers_in_the_prose_are_nnbooks(site, xor):
    page = words(site)
    result = xor.network_result
    alts = " ".join(img["alt"] for img in article(site, PAGE).select("img"))
    assert f"ends at {xor.network_final_cost:.1e}" in alts
    assert f"starts at {result.costs[0]:.2f}" in alts
    quarter = tables.below_from(result.costs, module.COST_MARK)
    assert np.all(result.costs[quarter - 1:] < module.COST_MARK)
    assert result.costs[quarter - 2] >= module.COST_MARK
    assert f"from epoch {quarter} on" in alts
    learned = tables.below_from(np.abs(result.errors).max(axis=1), TOLERANCE)
    assert f"from epoch {learned} on all are smaller than {TOLERANCE}" in alts
    error_bound = tables.above(np.abs(result.outputs - xor.targets).max(), 2)
    assert np.abs(result.outputs - xor.targets).max() < error_bound
    assert f"within {error_bound} of its target" in page


def test_the_seed_count_table_is_the_study(site, study):
    table = table_with(site, "How the run ended")
    headers = [cell(th) for th in table.select("th")]
    assert headers[1:3] == ["2 hidden units", "3 hidden units"]
    assert f"({len(study.seeds)} seeds)" in headers[0]
    rows = {row[0]: row[1:3] for row in table_rows(table)}
    for hidden, column in ((2, 0), (3, 1)):
        counts = study.counts(hidden)
        assert sum(int(row[column]) for row in rows.values()) == len(study.seeds)
        learned = next(row for name, row in rows.items() if name.startswith("learned"))
        assert int(learned[column]) == counts["learned"]
        for outcome, count in counts.items():
            if outcome != "learned":
                stuck, _, mean = outcome.split()
                name = next(n for n in rows if n.startswith(f"{stuck} examples stuck"))
                assert mean in name.replace(" ", "")
                assert int(rows[name][column]) == count
    page = words(site)
    assert (f"two hidden units, {study.learned(2)} of the {len(study.seeds)} runs learn XOR; "
            f"with three, {study.learned(3)}") in page


def test_what_the_page_says_of_the_stuck_runs_holds(site, study, xor):
    """Every run that did not learn has two or three examples at their mean target, is still
    falling, ever more slowly, and its numbers are the page's."""
    page = words(site)
    values = module.page_values(xor, study)
    for name in ("xor_stuck_h_spread", "xor_stuck_slope", "xor_stuck_fall", "xor_stuck_excess"):
        assert f"less than {values[name]}" in page or f"below {values[name]}" in page, name
    for hidden, seed, outcome, _, plateau in module.stuck_runs(study, xor.targets):
        assert re.fullmatch(r"[23] at \d/\d", outcome), (hidden, seed, outcome)
        costs = study.costs[hidden][seed]
        assert costs[-1] < costs[-2], "still falling"
        third = len(costs) // 3
        assert costs[-third] - costs[-1] < costs[-2 * third] - costs[-third], "ever more slowly"
        assert plateau in (0.25, pytest.approx(1 / 3))
    stuck = {hidden: len(study.seeds) - study.learned(hidden) for hidden in (2, 3)}
    assert 2 * stuck[3] < stuck[2], "one more hidden unit leaves far fewer starts stuck"


def test_the_stuck_seed_the_page_suggests_gets_stuck(site, study):
    seed = module.page_values(nnbook.run_hidden_layer(), study)["xor_stuck_seed"]
    assert f"xor --seed {seed}" in words(site)
    stuck = nnbook.run_hidden_layer(nnbook.HiddenLayerParameters(seed=seed))
    assert stuck.network_outcome != "learned"


@pytest.mark.parametrize(("path", "section"), [
    ("nnbook/data.py", "xor_data"),
    ("nnbook/network.py", "network"),
    ("nnbook/network.py", "init_network"),
    ("nnbook/network.py", "forward"),
    ("nnbook/network.py", "backward"),
    ("nnbook/network.py", "train_network"),
])
def test_code_listings_are_the_library_source(site, path, section):
    blocks = [code.get_text().strip() for code in article(site, PAGE).select("pre code")]
    assert any(snippet(path, section) in block for block in blocks)


def test_each_equation_sits_beside_the_line_of_code_that_computes_it(site):
    table = table_with(site, "Equation")
    listings = "\n".join(snippet("nnbook/network.py", s) for s in ("forward", "backward"))
    expected = {f"xor_line_{name}" for names in module.CODE_LINES.values() for name in names}
    rows = table_rows(table)
    assert len(rows) == len(expected)
    for equation, line in rows:
        assert line in listings, line  # the very line the listing shows
        assert equation, "each line has its equation"
    by_name = {line.split(" = ")[0]: equation for equation, line in rows}
    assert by_name["delta1"].startswith("δ1=(δ2W2")
    assert by_name["dW1"].endswith("XTδ1")
    assert by_name["db2"].startswith("∂COST/∂b2")


def test_the_sequels_figures_are_all_shown_with_alt_text(site, xor, study):
    shown = {img["src"].split("/")[-1].split("#")[0]: img["alt"]
             for img in article(site, PAGE).select("img.nnbook-figure")}
    names = {n for n in shown if not n.endswith(".dark.svg")}
    assert names == {f"{name}.svg" for name in module.page_figures(xor, study)}
    for name in names:
        assert len(shown[name]) > 80, name
        assert shown[name.replace(".svg", ".dark.svg")] == shown[name]


def test_the_sequels_figures_read_on_a_phone_and_keep_to_the_themes_colours(site):
    """11-point text (tests/unit/test_sequel_book.py) stays 9 CSS pixels tall or more when a
    figure is shown 360 pixels wide; and only theme colours, in vector form, so that the dark
    twin, made by swapping them, is the whole figure in the dark palette."""
    light = {c.lower() for c in (style.LIGHT.text, style.LIGHT.muted, style.LIGHT.accent,
                                 style.LIGHT.node, style.LIGHT.node_text, *style.LIGHT.lines)}
    figures = [f for f in sorted((site.site / "figures").glob("xor-*.svg"))
               if not f.name.endswith(".dark.svg")]
    assert len(figures) == 6
    for figure in figures:
        svg = figure.read_text()
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg)[1]) * 4 / 3  # CSS pixels
        assert 11 * 4 / 3 * min(1, 360 / width) >= 9, f"{figure.name} is {width:.0f} px wide"
        assert set(re.findall(r"#[0-9a-f]{6}", svg.lower())) <= light, figure.name
        assert "<image" not in svg, "no raster: the dark twin swaps colours in the SVG's text"


def test_the_notebook_first_says_how_to_run_it():
    source = nbformat.read(ROOT / "docs" / f"{NOTEBOOK}.ipynb", as_version=4)
    first = source.cells[0]
    assert first.cell_type == "markdown"
    assert 'pip install jupyter "nnbook @ git+https://github.com/nnbook/nnbook"' in first.source
    assert "Jupyter" in first.source.split("pip install")[0]
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in source.cells if c.cell_type == "code"), "committed without outputs"


def test_the_notebook_is_executed_downloadable_and_agrees_with_the_page(site, xor, study):
    body = article(site, NOTEBOOK)
    assert len(body.select(".jp-RenderedImage img")) == 4
    link = soup(site, NOTEBOOK).select_one("a[download]")
    notebook = nbformat.read(site.site / NOTEBOOK / link["href"], as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count and c.outputs for c in code), "every code cell ran"
    assert "import nnbook" in code[0].source
    sources = "".join(c.source for c in code)
    assert "def " not in sources, "the notebook imports nnbook rather than redefining it"
    printed = "".join(o.get("text", "") for c in code for o in c.outputs)
    W1, b1, W2, b2 = xor.network_result.network
    for array in (xor.network_result.outputs, W1, b1, W2, b2, xor.neuron_result.outputs):
        assert str(array) in printed
    for hidden in (2, 3):
        assert f"{hidden} hidden units: {study.counts(hidden)}" in printed
    stuck = study.seeds_of(2, "2 at 1/2")[0]
    assert f"seed {stuck}, by number of hidden units: {{2: '2 at 1/2', 3: 'learned'}}" in printed
    page_text = body.get_text()
    assert str(xor.network_result.outputs) in page_text

