"""The built site, page by page: content, numbers, listings, figures, math and notebook."""

from __future__ import annotations

import html
import json
import re
import struct
import textwrap
from pathlib import Path

import nbformat
import numpy as np
import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

import nnbook
from scripts.hook import references
from tests.conftest import ROOT

pytestmark = pytest.mark.site

CHAPTER_PAGES = ["chapter/introduction", "chapter/applications", "chapter/perceptron"]
NOTEBOOK = "chapter/perceptron-hands-on"
#: The sequel: its page and its notebook, after the chapter's.
SEQUEL = ["chapter/hidden-layer", "chapter/hidden-layer-hands-on"]
PLAYGROUND = "chapter/playground"
#: The seed chapter's headings, in its order, its typos mended.
SEED_HEADINGS = [
    "Neural Networks Introduction",
    "TensorFlow Playground",
    "Some applications to basic sciences",
    "Biology & Bioinformatics",
    "Chemistry & Materials Science",
    "Physics",
    "Simple neural network: A perceptron",
    "Basic Implementation",
    "Improving the training",
]
SEED_TYPOS = ["firm the first one", "gien", "strenghst", "t =o", "aas", "funtions", "netoworks",
              "layeres", "basi sciences", "preceptron", "weightds", "asdasdasda", "ReLu",
              "Then ,", "The we just", "expecting output", "convergence ,"]


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(path), "html.parser")


def article(site, path: str) -> BeautifulSoup:
    return soup(site, path).select_one("article.md-content__inner")


def text(site, path: str) -> str:
    return article(site, path).get_text(" ")


def html_pages(site) -> list[Path]:
    return sorted(site.site.rglob("*.html"))


def test_nav_lists_the_chapter_in_order():
    config = yaml_load((ROOT / "mkdocs.yml").read_text())
    chapter = next(item["The chapter"] for item in config["nav"] if "The chapter" in item)
    assert [Path(p).with_suffix("").as_posix() for p in chapter] == [*CHAPTER_PAGES, NOTEBOOK,
                                                                      PLAYGROUND, *SEQUEL]


def test_seed_headings_in_order(site):
    headings = []
    for path in CHAPTER_PAGES:
        for h in article(site, path).select("h1, h2, h3"):
            headings.append(h.get_text().replace("¶", "").strip())
    found = iter(headings)
    missing = [h for h in SEED_HEADINGS if h not in found]  # an ordered subsequence
    assert not missing, headings


def test_seed_typos_are_mended(site):
    for path in [*CHAPTER_PAGES, ""]:
        words = text(site, path)
        for typo in SEED_TYPOS:
            assert not re.search(rf"(?<!\w){re.escape(typo)}(?!\w)", words), (path, typo)


def test_all_thirteen_references_are_linked(site):
    record = references.load(ROOT / "docs" / "chapter" / "references.toml")
    items = article(site, "chapter/applications").select("ol > li")
    assert len(items) == len(record["paper"]) == 13
    for item, paper in zip(items, record["paper"], strict=True):
        hrefs = [a["href"] for a in item.select("a[href]")]
        assert hrefs == [references.link(paper)]
        assert paper["title"] in item.get_text()
        assert str(paper["year"]) in item.get_text()
    numbers = [li.parent.get("start", "1") for li in items if li is li.parent.find("li")]
    assert numbers == ["1", "5", "9"], "the numbering runs on across the groups"


def test_every_figure_is_made_shown_light_and_alt_texted(site):
    made = {p.name for p in (site.site / "figures").glob("*.svg")}
    shown = {}
    for page in html_pages(site):
        for img in BeautifulSoup(page.read_text(), "html.parser").select("img.nnbook-figure"):
            name = img["src"].split("/")[-1].split("#")[0]
            shown[name] = img
            assert len(img["alt"]) > 40, f"{name}: alt text should say what the figure shows"
            assert img["loading"] == "lazy"
            assert int(img["width"]) > 0
            assert int(img["height"]) > 0
    assert made == set(shown), "every figure made is shown, every figure shown is made"
    light = {n for n in made if not n.endswith(".dark.svg")}
    assert len(light) >= 7
    assert {n.replace(".svg", ".dark.svg") for n in light} <= made
    for name in made:
        svg = (site.site / "figures" / name).read_text()
        assert len(svg.encode()) <= 150_000, f"{name} is over the 150 KB budget"
        assert "<svg" in svg
        assert "dc:date" not in svg, "figures carry no build date"


def test_every_screenshot_comes_in_both_palettes_at_its_stated_size(site):
    """Each screenshot (made by scripts/dev/screenshot.py) has a light and a dark variant,
    each shown for its palette alone, each PNG twice the CSS pixels its page states."""
    shots = []
    for page in html_pages(site):
        for img in BeautifulSoup(page.read_text(), "html.parser").select("img.nnbook-screenshot"):
            src, _, palette = img["src"].partition("#")
            png = (page.parent / src).resolve()
            width, height = struct.unpack(">II", png.read_bytes()[16:24])  # the IHDR chunk
            assert (width, height) == (2 * int(img["width"]), 2 * int(img["height"])), src
            assert len(img["alt"]) > 200, f"{src}: the alt text says what the screenshot shows"
            assert png.stat().st_size <= 100_000, f"{src} is over 100 KB"
            shots.append((palette, png.name.replace(".dark.png", ".png"), img["alt"]))
    assert shots, "the introduction shows the playground"
    light = {(name, alt) for palette, name, alt in shots if palette == "only-light"}
    dark = {(name, alt) for palette, name, alt in shots if palette == "only-dark"}
    assert light == dark, "each screenshot in both palettes, said alike"
    assert len(light) == len(shots) / 2


def test_dark_figures_use_the_dark_palette(site):
    from nnbook.book import style
    for svg in (site.site / "figures").glob("*.dark.svg"):
        content = svg.read_text().lower()
        assert style.DARK.text.lower() in content
        for color in {style.LIGHT.text, style.LIGHT.muted, *style.LIGHT.lines}:
            assert color.lower() not in content, (svg.name, color)


def test_numbers_in_the_html_are_what_nnbook_computes(site, chapter):
    original = nnbook.run_original()
    page = text(site, "chapter/perceptron")
    result = chapter.result
    for value in (f"{chapter.prediction:.8f}", f"{original.prediction:.8f}",
                  f"{chapter.final_cost:.2e}", f"{original.final_cost:.2e}",
                  f"{chapter.parameters.epochs:,}", str(chapter.parameters.alpha),
                  *(f"{w:.2f}" for w in result.weights[:, 0]),
                  *(f"{w:.2f}" for w in original.weights[:, 0])):
        assert value in page, value
    weights_alt = article(site, "chapter/perceptron").select_one('img[src*="weights.svg"]')["alt"]
    for i, w in enumerate(result.weights[:, 0], start=1):
        assert f"w{i} = {w:.2f}" in weights_alt


def test_bounds_in_the_prose_are_true(site, chapter):
    """A rounded bound stays on the right side of what it bounds."""
    from nnbook.book.perceptron import DECAY_START
    from nnbook.book.perceptron_lessons import decay_rates
    page = " ".join(text(site, "chapter/perceptron").split())
    bound = float(re.search(r"every output is within ([\d.]+) of its target", page)[1])
    assert np.max(np.abs(chapter.result.outputs - chapter.targets)) <= bound
    low, high = map(float, re.search(r"shrinks like .{0,80}between (-[\d.]+) and (-[\d.]+) "
                                     r"for the equations", page).groups())
    rates = decay_rates(chapter.result.errors, DECAY_START)
    assert low <= rates.min()
    assert rates.max() <= high


def test_the_worked_epoch_shows_the_first_step_of_train(site, chapter):
    from nnbook.book.perceptron_lessons import worked_epoch
    epoch = worked_epoch(chapter)
    tables = article(site, "chapter/perceptron").select("table")
    forward = next(t for t in tables if "0 0 1" in t.select_one("thead").get_text())
    steps = next(t for t in tables if "before" in t.select_one("thead").get_text())
    rows = [[td.get_text().strip() for td in tr.select("td")][1:]
            for tr in forward.select("tbody tr")]
    for shown, computed in zip(rows, [epoch.z, epoch.y_hat, epoch.targets, epoch.delta,
                                      epoch.slope, epoch.delta * epoch.slope], strict=True):
        assert np.allclose([float(v) for v in shown], np.ravel(computed), atol=5e-5)
    weights = [[float(td.get_text()) for td in tr.select("td")[1:]]
               for tr in steps.select("tbody tr")]
    after = nnbook.train(chapter.inputs, chapter.targets, chapter.initial_weights, 1,
                         chapter.parameters.alpha).weights
    assert np.allclose([w[2] for w in weights], np.ravel(after), atol=5e-5)
    assert np.allclose([w[0] for w in weights], np.ravel(chapter.initial_weights), atol=5e-5)


def test_every_transcript_is_what_python_prints(site):
    """The ``>>>`` blocks as the reader sees them, against a session run here, now."""
    from scripts.steps.transcripts import find, session
    found = {page.relative_to(ROOT / "docs").as_posix(): find(page.read_text())
             for page in sorted((ROOT / "docs").rglob("*.md"))}
    found = {page: blocks for page, blocks in found.items() if blocks}
    assert found, "the site has transcripts"
    for source, blocks in found.items():
        path = source.removesuffix(".md").removesuffix("index")
        shown = [code.get_text().rstrip("\n") for code in article(site, path).select("pre code")
                 if code.get_text().startswith(">>> ")]
        assert shown == session(source, blocks), source


def test_the_exercises_transcripts_train_as_their_answers_say(site, book_values):
    values = book_values
    page = "\n".join(code.get_text() for code in article(site, "chapter/perceptron")
                      .select(".admonition.question pre code, details.question pre code"))
    alpha = re.search(r"train\(inputs, targets, weights, PERCEPTRON\.epochs, ([\d.]+)\)", page)[1]
    assert float(alpha) == values["large_alpha"]


def test_training_table_is_html_from_nnbook(site, chapter):
    tables = article(site, "chapter/perceptron").select("table")
    rows = [[td.get_text().strip() for td in tr.select("td")]
            for tr in tables[0].select("tbody tr")]
    expected = [[str(int(v)) for v in [*x, y]]
                for x, y in zip(chapter.inputs, chapter.targets[:, 0], strict=True)]
    assert rows == expected
    headers = [th.get_text().strip() for th in tables[0].select("thead th")]
    assert len(headers) == 4
    new = [td.get_text().strip() for td in tables[1].select("tbody td")]
    assert new == [*(str(int(v)) for v in nnbook.new_input()[0]), "?"]


def snippet(path: str, section: str) -> str:
    source = (ROOT / path).read_text()
    found = re.search(rf"# --8<-- \[start:{section}\]\n(.*?)# --8<-- \[end:{section}\]", source,
                      re.S)
    assert found, (path, section)
    return textwrap.dedent(found[1]).strip()


@pytest.mark.parametrize(("page", "path", "section"), [
    ("chapter/perceptron", "nnbook/perceptron.py", "train"),
    ("chapter/perceptron", "nnbook/perceptron.py", "predict"),
    ("chapter/perceptron", "nnbook/activations.py", "sigmoid"),
    ("chapter/perceptron", "nnbook/data.py", "data"),
    ("chapter/perceptron", "nnbook/data.py", "init_weights"),
    ("chapter/perceptron", "nnbook/book/plots.py", "network"),
    ("chapter/perceptron", "nnbook/book/perceptron_figures.py", "perceptron_network"),
    ("chapter/perceptron", "nnbook/original.py", "original"),
])
def test_code_listings_are_the_library_source(site, page, path, section):
    blocks = [code.get_text().strip() for code in article(site, page).select("pre code")]
    assert any(snippet(path, section) in block for block in blocks)


def test_the_slip_is_explained_with_both_results(site, chapter):
    warning = article(site, "chapter/perceptron").select_one(".admonition.warning")
    assert "sigmoid_prime(outputs)" in warning.get_text()
    assert f"{nnbook.run_original().prediction:.8f}" in warning.get_text()
    assert f"{chapter.prediction:.8f}" in warning.get_text()


def test_math_is_rendered_with_mathml_and_no_raw_tex(site):
    for path in [*CHAPTER_PAGES, NOTEBOOK, PLAYGROUND, *SEQUEL, ""]:
        body = article(site, path)
        for bad in body.select(".arithmatex, script[type^='math'], .katex-error"):
            pytest.fail(f"{path}: unrendered math {bad}")
        for katex in body.select(".katex"):
            assert katex.select_one(".katex-mathml math"), "screen readers get MathML"
        for hidden in body.select("pre, code, annotation"):
            hidden.decompose()  # code may hold TeX; MathML carries its source as annotation
        plain = body.get_text(" ")
        assert not re.search(r"\\\(|\\\[|\$\$|\\begin\{|\\frac|\\sum", plain), path
    for path, least in (("chapter/introduction", 4), ("chapter/perceptron", 12), (NOTEBOOK, 4),
                        (SEQUEL[0], 40), (SEQUEL[1], 4)):
        assert len(article(site, path).select(".katex")) >= least, path


def test_pages_ship_no_math_javascript(site):
    for page in html_pages(site):
        html = page.read_text()
        assert "mathjax" not in html.lower()
        assert "katex.min.js" not in html


def test_only_pages_with_math_load_katex_css_and_fonts_ahead_of_the_site_css(site):
    with_math = 0
    for page in html_pages(site):
        tree = BeautifulSoup(page.read_text(), "html.parser")
        sheets = [link["href"].rsplit("/", 1)[-1] for link in tree.select("link[rel=stylesheet]")]
        fonts = tree.select("link[rel=preload][as=font]")
        if tree.select_one(".katex"):
            with_math += 1
            assert sheets.index("katex.min.css") < sheets.index("nnbook.css"), page
            assert fonts, page
            for font in fonts:
                assert (page.parent / font["href"]).resolve().is_file(), (page, font["href"])
                assert font.has_attr("crossorigin"), "a font preload without it is fetched twice"
        else:
            assert "katex.min.css" not in sheets, page
            assert not fonts, page
    assert with_math >= 3


def test_katex_fonts_are_served_from_the_site(site):
    css = (site.site / "assets" / "katex" / "katex.min.css").read_text()
    fonts = set(re.findall(r"url\((fonts/[^)]+)\)", css))
    assert fonts
    assert all(f.endswith(".woff2") for f in fonts)
    for font in fonts:
        assert (site.site / "assets" / "katex" / font).is_file()


def test_notebook_page_shows_executed_outputs(site, chapter):
    body = article(site, NOTEBOOK)
    outputs = body.select(".jp-OutputArea-output")
    assert len(outputs) >= 6
    images = body.select(".jp-RenderedImage img")
    assert len(images) == 2
    assert all(img.get("alt") for img in images)
    printed = body.get_text()
    for value in (chapter.initial_weights, chapter.result.weights, chapter.one_step_outputs):
        assert str(value) in printed
    assert re.search(r"In\s\[1\]:", printed), "execution counts are shown"
    assert body.select(".jp-InputArea div.highlight pre code"), "Material styles and copies code"


def test_notebook_page_is_light(site):
    html = site.page(NOTEBOOK)
    assert len(html.encode()) < 150_000
    assert "jp-" not in "".join(t.get_text() for t in BeautifulSoup(html, "html.parser")("style"))
    assert 'src=""' not in html
    assert "cdnjs" not in html
    assert "clipboard-copy" not in html


def test_notebook_download_is_the_executed_notebook(site, chapter):
    link = soup(site, NOTEBOOK).select_one("a[download]")
    target = site.site / NOTEBOOK / link["href"]
    notebook = nbformat.read(target, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert all(c.outputs for c in code), "every code cell has its output"
    printed = "".join(o.get("text", "") for c in code for o in c.outputs)
    assert str(chapter.result.weights) in printed
    assert "import nnbook" in code[0].source
    assert "def train" not in "".join(c.source for c in code), "the notebook imports nnbook"


def test_search_index_covers_the_chapter(site):
    index = json.loads((site.site / "search" / "search_index.json").read_text())
    words = " ".join(doc["text"] for doc in index["docs"]).lower()
    assert "sigmoid" in words
    assert "back-propagation" in words


def test_search_index_gives_each_equation_as_mathml_once(site):
    index = json.loads((site.site / "search" / "search_index.json").read_text())
    for path in [*CHAPTER_PAGES, NOTEBOOK, PLAYGROUND, *SEQUEL]:
        docs = [d for d in index["docs"] if d["location"].startswith(path + "/")]
        indexed = " ".join(d["title"] + " " + d["text"] for d in docs)
        equations = [m.find("math") for m in article(site, path).select(".katex-mathml")]
        # Every equation of the page is in its entries, once, as the page's own MathML less
        # the TeX annotation; no TeX is left outside code for a result to show raw.
        assert indexed.count("<math") == len(equations), path
        for math in equations:
            for part in math.select("annotation"):
                part.decompose()
            symbols = "".join(math.get_text().split())
            assert symbols in "".join(html.unescape(re.sub(r"<[^>]+>", "", indexed)).split()), \
                (path, symbols)
        prose = re.sub(r"<code>.*?</code>", " ", indexed, flags=re.S)
        assert not re.search(r"\\\(|\\\[|\\begin\{|\\frac|\\hat", prose), path
    assert "<annotation" not in json.dumps(index)
    assert "katex" not in json.dumps(index)
