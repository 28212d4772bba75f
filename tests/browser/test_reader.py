"""What a reader sees, in real Chromium: math, images, requests, phone, search, dark mode."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

import nbformat
import numpy as np
import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from scripts.dev.serving import AT_REST, scroll_through
from scripts.hook import placeholders
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

#: Each page with the source its equations are written in.
PAGES = {
    "": "docs/index.md",
    "chapter/introduction/": "docs/chapter/introduction.md",
    "chapter/applications/": "docs/chapter/applications.md",
    "chapter/perceptron/": "docs/chapter/perceptron.md",
    "chapter/perceptron-hands-on/": "docs/chapter/perceptron-hands-on.ipynb",
    "chapter/hidden-layer/": "docs/chapter/hidden-layer.md",
    "chapter/hidden-layer-hands-on/": "docs/chapter/hidden-layer-hands-on.ipynb",
    "chapter/playground/": "docs/chapter/playground.md",
}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def values(book_values):
    return book_values


def equations_in_source(path: str, values) -> int:
    """How many equations the page's source has, $...$ and $$...$$ outside code, once its
    values (tables among them) are filled in."""
    source = ROOT / path
    if source.suffix == ".ipynb":
        notebook = nbformat.read(source, as_version=4)
        text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    else:
        text = placeholders.fill(source.read_text(), values, path)
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    text = re.sub(r"`[^`\n]*`", "", text)
    display = len(re.findall(r"\$\$.+?\$\$", text, flags=re.S))
    text = re.sub(r"\$\$.+?\$\$", "", text, flags=re.S)
    return display + len(re.findall(r"(?<![\\$])\$[^$\s][^$]*?\$", text))


#: What a screen reader must reach on a page, wherever the reader is: each element the
#: selector finds, with the role it must have (None: any, so long as it is not ignored).
REACHABLE = {".katex-mathml > math": "MathMLMath", "div.highlight code": None,
             ".admonition > p": "paragraph", "figure img": "image", ".jp-OutputArea pre": None}


@dataclass
class Visit:
    """One page load: every request it made, and every error it logged."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def visit(page, url: str) -> Visit:
    seen = Visit()
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.goto(url, wait_until="load")
    scroll_through(page)
    page.evaluate("window.scrollTo(0, 0)")
    # Back at the top, Material's header fades the site's title back in: wait two frames for
    # the scroll to be seen, then for every transition to end, so the page is checked at rest.
    page.evaluate(AT_REST)
    return seen


@pytest.mark.parametrize("path", PAGES)
def test_page_as_a_reader_sees_it(page, served, path, values):
    seen = visit(page, served + path)

    expected = equations_in_source(PAGES[path], values)
    drawn = page.evaluate("""() => [...document.querySelectorAll('article .katex')]
        .filter(k => k.querySelector('.katex-html').getBoundingClientRect().width > 0).length""")
    assert drawn == expected, f"{drawn} equations drawn, {expected} in the source"
    assert page.evaluate("document.fonts.check('16px KaTeX_Main')") or expected == 0
    # Every KaTeX font the page preloads is one it is drawn in: no bytes wasted.
    preloaded = page.evaluate("""() => [...document.querySelectorAll('link[rel=preload][as=font]')]
        .map(l => l.href.split('/').pop())""")
    drawn_in = page.evaluate("""() => [...document.fonts].filter(f => f.status === 'loaded')
        .map(f => f.family.replaceAll('"', '') + '-' + ({'400normal': 'Regular',
            '700normal': 'Bold', '400italic': 'Italic', '700italic': 'BoldItalic'}
            [f.weight.replace('bold', '700').replace('normal', '400') + f.style]) + '.woff2')""")
    assert set(preloaded) <= set(drawn_in)
    assert bool(preloaded) == bool(expected)

    visible_text = page.evaluate("""() => {
        const copy = document.querySelector('article').cloneNode(true);
        copy.querySelectorAll('pre, code, .katex-mathml').forEach(e => e.remove());
        return copy.innerText;
    }""")
    assert not re.search(r"\\\(|\\\[|\$\$|\\begin\{|\\frac|\\sum|\\hat", visible_text)

    broken = page.evaluate("""() => [...document.images]
        .filter(i => getComputedStyle(i).display !== 'none' && i.closest('article'))
        .filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)""")
    assert broken == []
    assert not seen.errors, seen.errors
    hosts = {urlparse(url).hostname for url in seen.requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, f"requests to other hosts: {hosts}"


@pytest.mark.parametrize("path", ["chapter/perceptron/", "chapter/introduction/",
                                  "chapter/perceptron-hands-on/", "chapter/hidden-layer/",
                                  "chapter/hidden-layer-hands-on/"])
def test_phone_has_no_sideways_scroll_and_figures_fit(new_context, served, path):
    page = new_context(**PHONE).new_page()
    visit(page, served + path)
    width = page.evaluate("window.innerWidth")
    assert width == 390
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    images = page.evaluate("""() => [...document.querySelectorAll('article img')]
        .filter(i => getComputedStyle(i).display !== 'none')
        .map(i => i.getBoundingClientRect()).map(r => [r.left, r.right, r.width])""")
    assert images
    for left, right, shown in images:
        assert left >= 0
        assert right <= width
        assert shown > 100


#: Polls, frame by frame, until the heading has sat where a link to it should put it (at the
#: top, less its scroll margin, or as far down as the page scrolls) for half a second.
LANDED = """async (id) => {
    const target = document.getElementById(id);
    const landed = () => {
        const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
        const end = document.documentElement.scrollHeight - innerHeight;
        return Math.abs(target.getBoundingClientRect().top - margin) <= 2
            || Math.abs(scrollY - end) <= 1;
    };
    let held = 0;
    for (let frame = 0; frame < 300; frame++) {
        await new Promise(r => requestAnimationFrame(r));
        held = landed() ? held + 1 : 0;
        if (held >= 30) return true;
    }
    return `top ${target.getBoundingClientRect().top}, scrolled ${scrollY} of `
        + `${document.documentElement.scrollHeight - innerHeight}`;
}"""


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES)
def test_a_link_to_a_heading_lands_on_it(new_context, served, path, screen):
    page = new_context(**(PHONE if screen == "phone" else {})).new_page()
    page.goto(served + path, wait_until="load")
    headings = page.evaluate("[...document.querySelectorAll('article :is(h2, h3)[id]')]"
                             ".map(h => h.id)")
    assert headings
    for heading in headings:
        page.goto("about:blank")
        page.goto(f"{served}{path}#{heading}", wait_until="load")  # from another page
        assert page.evaluate(LANDED, heading) is True, f"{path}#{heading} on load"
    for heading in reversed(headings):  # within the page, as the table of contents does
        page.evaluate("history.replaceState(null, '', location.pathname); scrollTo(0, 0)")
        page.evaluate(f"location.hash = {heading!r}")
        assert page.evaluate(LANDED, heading) is True, f"{path}#{heading} from the page"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("path", [p for p in PAGES if p != "chapter/applications/"])  # prose only
def test_every_block_reaches_a_screen_reader(browser, served, path, javascript):
    page = browser.new_context(java_script_enabled=javascript).new_page()
    page.goto(served + path, wait_until="load")
    # Not what is hidden by design: a closed <details>, the figure of the other palette.
    # A paragraph that holds only a figure is the figure's, which is probed as an image.
    page.evaluate("""reachable => Object.keys(reachable).forEach(s => document
        .querySelectorAll('article ' + s).forEach(e => e.checkVisibility()
            && (e.tagName !== 'P' || e.textContent.trim())
            && e.setAttribute('data-probe', s)))""", REACHABLE)
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    unreached, counted = [], 0
    for selector, role in REACHABLE.items():
        found = cdp.send("DOM.querySelectorAll", {"nodeId": root,
                                                  "selector": f'[data-probe="{selector}"]'})
        for node in found["nodeIds"]:
            backend = cdp.send("DOM.describeNode", {"nodeId": node})["node"]["backendNodeId"]
            tree = cdp.send("Accessibility.getPartialAXTree",
                            {"backendNodeId": backend, "fetchRelatives": False})["nodes"]
            ax = next(n for n in tree if n.get("backendDOMNodeId") == backend)
            got = ax.get("role", {}).get("value")
            if ax.get("ignored") or (role is not None and got != role):
                reasons = [r["name"] for r in ax.get("ignoredReasons", [])]
                unreached.append(f"{selector} #{counted}: {got} {reasons}")
            counted += 1
    page.context.close()
    assert counted, "no block found to check"
    assert not unreached, f"{len(unreached)} of {counted} not reachable: {unreached[:5]}"


@pytest.mark.parametrize("query", ["sigmoid", "back-propagation"])
def test_search_finds(page, served, query):
    page.goto(served + "chapter/introduction/")
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)  # Material searches as keys are typed
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 1
    words = query.replace("-", " ").split()
    assert all(w in page.locator(".md-search-result").inner_text().lower() for w in words)


def test_search_results_draw_equations(page, served):
    page.goto(served + "chapter/introduction/")
    page.locator("input.md-search__input").click()
    page.keyboard.type("bias")  # "where b is the bias, w_i are the weights, ..."
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    results = page.locator(".md-search-result")
    assert not re.search(r"\\\(|\\\[|\\hat|\\sum", results.inner_text())
    drawn = results.locator("math").evaluate_all(
        "ms => ms.map(m => [m.textContent, m.getBoundingClientRect().width,"
        " m.getBoundingClientRect().height])")
    assert drawn, "no equation in the results"
    small = [(text, width, height) for text, width, height in drawn if width < 4 or height < 6]
    assert not small, small
    assert {"b", "wi", "xi"} <= {text for text, _, _ in drawn}


def luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def strongest_contrast(png: bytes, background: np.ndarray) -> float:
    """The WCAG contrast ratio of the figure's most distinct ink against the page."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float).reshape(-1, 3)
    lum, bg = luminance(pixels), luminance(background[None, :])[0]
    ratio = (np.maximum(lum, bg) + 0.05) / (np.minimum(lum, bg) + 0.05)
    return float(np.percentile(ratio, 99.5))


def page_background(page) -> np.ndarray:
    color = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return np.array([float(v) for v in re.findall(r"[\d.]+", color)[:3]])


def test_dark_mode_switches_and_figures_stay_readable(page, served):
    visit(page, served + "chapter/perceptron/")
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    contrast = {}
    for _ in range(2):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function(f"document.body.dataset.mdColorScheme !== '{scheme}'")
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        page.evaluate(AT_REST)
        figure = page.locator("article img.nnbook-figure:visible").nth(3)  # the sigmoid
        figure.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=figure.element_handle())
        src = figure.get_attribute("src")
        assert src.endswith(".dark.svg#only-dark" if scheme == "slate" else ".svg#only-light")
        contrast[scheme] = strongest_contrast(figure.screenshot(), page_background(page))
    assert set(contrast) == {"default", "slate"}
    assert min(contrast.values()) >= 7.0, contrast


def test_notebook_shows_outputs_and_downloads(page, served, tmp_path):
    visit(page, served + "chapter/perceptron-hands-on/")
    outputs = page.locator(".jp-OutputArea-output:visible")
    assert outputs.count() >= 6
    assert page.locator(".jp-RenderedImage img:visible").count() == 2
    with page.expect_download() as download:
        page.locator("a[download]").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "perceptron-hands-on.ipynb"
    notebook = nbformat.read(saved, as_version=4)
    nbformat.validate(notebook)
    assert all(c.outputs for c in notebook.cells if c.cell_type == "code")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(new_context, served, path, scheme):
    page = new_context(color_scheme=scheme).new_page()
    visit(page, served + path)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious


@pytest.mark.parametrize("path", PAGES)
def test_at_the_top_the_header_names_the_site_and_the_page_its_heading(page, served, path):
    """Material's header swaps the site's name for the page's title once the page's one h1
    has scrolled away; a page without an h1 of its own (a notebook's, before) shows its title
    there from the start, over the site's name."""
    page.goto(served + path, wait_until="load")
    page.evaluate(AT_REST)
    assert page.locator("article h1").count() == 1
    assert page.locator("article h1").is_visible()
    header = page.locator(".md-header__title")
    assert "md-header__title--active" not in header.get_attribute("class")
    page.locator("article h1").evaluate("h => scrollTo(0, h.offsetTop + h.offsetHeight + 50)")
    page.wait_for_function("() => document.querySelector('.md-header__title')"
                           ".classList.contains('md-header__title--active')")
