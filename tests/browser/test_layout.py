"""What a phone shows: nothing cut or pushed sideways, readable figures, code the copy
button does not cover."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.text import Text

from scripts.dev.serving import AT_REST
from tests.browser.test_reader import PAGES, PHONE
from tests.conftest import books, once_per_run

pytestmark = pytest.mark.browser

#: The smallest text a figure may show, in CSS pixels, once a phone has scaled it to fit.
SMALLEST_TEXT_PX = 9.0


@pytest.fixture(scope="module")
def smallest_text_pt(tmp_path_factory) -> dict[str, float]:
    """Each figure's smallest text, in points at the figure's own size (once per test run)."""
    def make(folder) -> dict[str, float]:
        folder.mkdir()
        matplotlib.use("Agg")
        sizes = {}
        for name, draw in (item for book in books().values() for item in book.figures.items()):
            fig = draw()
            fig.canvas.draw()
            sizes[name] = min(t.get_fontsize() for t in fig.findobj(Text)
                              if t.get_visible() and t.get_text().strip())
            matplotlib.pyplot.close(fig)
        return sizes

    return once_per_run(tmp_path_factory, "smallest-text", make)


def phone(new_context, served, path, width):
    page = new_context(**{**PHONE, "viewport": {"width": width, "height": 800}}).new_page()
    page.goto(served + path, wait_until="load")
    page.evaluate(AT_REST)
    return page


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_nothing_is_cut_or_pushes_the_page_sideways(new_context, served, path,
                                                               width):
    page = phone(new_context, served, path, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    cut = page.evaluate("""() => [...document.querySelectorAll('article table')]
        .map(t => t.closest('.md-typeset__scrollwrap') || t)
        .filter(box => box.scrollWidth > box.clientWidth + 1)
        .map(box => box.querySelector('tr').innerText.slice(0, 60))""")
    assert cut == [], f"tables wider than the screen: {cut}"
    # An equation too wide for the screen scrolls in its own box, with a cue that it does.
    hidden = page.evaluate("""() => [...document.querySelectorAll('article .katex-display')]
        .filter(e => e.scrollWidth > e.clientWidth + 1)
        .filter(e => { const s = getComputedStyle(e);
                       return s.overflowX !== 'auto' || !s.backgroundImage.includes('gradient'); })
        .map(e => e.textContent.slice(0, 60))""")
    assert hidden == []


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("chapter/")])
def test_figure_text_is_readable_on_a_phone(new_context, served, path, smallest_text_pt):
    page = phone(new_context, served, path, 390)
    figures = page.evaluate("""() => [...document.querySelectorAll('article img.nnbook-figure')]
        .filter(i => getComputedStyle(i).display !== 'none')
        .map(i => [i.src.split('/').pop().split('.')[0], i.getBoundingClientRect().width,
                   Number(i.getAttribute('width'))])""")
    for name, shown, natural in figures:
        px = smallest_text_pt[name] * 4 / 3 * shown / natural
        assert px >= SMALLEST_TEXT_PX, f"{name}: its smallest text is {px:.1f} px on a phone"


#: Every line box of a listing's code, and the copy button's box, in the page's coordinates.
COVERED = """() => {
    const covered = [];
    for (const pre of document.querySelectorAll('article pre')) {
        const button = pre.querySelector('.md-code__nav, .md-clipboard');
        const code = pre.querySelector('code');
        if (!button || !code) continue;
        const b = button.getBoundingClientRect();
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) {
                if (r.right > b.left + 1 && r.left < b.right - 1 && r.bottom > b.top + 1
                    && r.top < b.bottom - 1) covered.push(node.textContent.slice(0, 40));
            }
        }
    }
    return covered;
}"""


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES)
def test_the_copy_button_covers_no_code(new_context, served, path, screen):
    options = PHONE if screen == "phone" else {"viewport": {"width": 1100, "height": 900}}
    page = new_context(**options).new_page()
    page.goto(served + path, wait_until="load")
    # Material's script gives the listings their copy buttons as the page loads.
    page.wait_for_function("() => document.querySelector('article .md-code__nav')"
                           " || !document.querySelector('article .highlight > pre > code')")
    page.evaluate(AT_REST)
    assert page.evaluate(COVERED) == []
