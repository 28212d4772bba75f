"""The playground page as built: its code and styles load on it alone, within its budget;
its colours are the book's; its prose quotes nnbook; the chapter links to it."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from nnbook.book import style

pytestmark = pytest.mark.site

PAGE = "chapter/playground"
#: The most the playground's own scripts and styles (uPlot's included) may weigh, gzip.
BUDGET = 40_000
#: An ES module's static import of another file of the site.
IMPORT = re.compile(r"""\bfrom\s*["'](\.{1,2}/[^"']+)["']""")


def linked(page: Path, tree: BeautifulSoup, selector: str, attribute: str) -> set[Path]:
    """The files that the elements of ``page`` (parsed: ``tree``) matching ``selector`` name
    in ``attribute``."""
    return {(page.parent / element[attribute]).resolve() for element in tree.select(selector)}


def parsed(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def imported(modules: set[Path]) -> set[Path]:
    """The modules that ``modules`` import, directly or through others."""
    found, waiting = set(), list(modules)
    while waiting:
        module = waiting.pop()
        for name in IMPORT.findall(module.read_text(encoding="utf-8")):
            path = (module.parent / name).resolve()
            if path not in found:
                found.add(path)
                waiting.append(path)
    return found


def loaded(page: Path) -> set[Path]:
    """The site's files that an HTML page loads as scripts and stylesheets, with the modules
    its module scripts import."""
    tree = parsed(page)
    modules = linked(page, tree, "script[type=module][src]", "src")
    return (linked(page, tree, "link[rel=stylesheet][href]", "href")
            | linked(page, tree, "script[src]", "src") | imported(modules))


def test_the_playgrounds_code_loads_on_its_page_alone_within_40_kb_gzip(site, capsys):
    pages = {page: loaded(page) for page in sorted(site.site.rglob("*.html"))}
    playground = site.site / PAGE / "index.html"
    others = set().union(*(files for page, files in pages.items() if page != playground))
    own = pages[playground] - others
    names = {path.relative_to(site.site).as_posix() for path in own}
    assert names == {"playground/playground.js", "playground/nnbook.js",
                     "playground/playground.css", "assets/vendor/uplot/dist/uPlot.iife.min.js"}
    for folder in (site.site / "playground", site.site / "assets" / "vendor"):
        assert not any(path.is_relative_to(folder) for path in others), "loaded elsewhere"
    sizes = {name: len(gzip.compress((site.site / name).read_bytes(), 6)) for name in names}
    with capsys.disabled():
        print(f"\nthe playground's own files, gzip: {sum(sizes.values()):,} bytes "
              f"(budget {BUDGET:,}): {sizes}")
    assert sum(sizes.values()) <= BUDGET


def test_each_module_the_playground_imports_is_fetched_with_the_page_not_after_it(site):
    """A module found only once the module importing it has loaded costs the page another
    round trip before it can draw: the page names each with ``<link rel="modulepreload">``."""
    page = site.site / PAGE / "index.html"
    tree = parsed(page)
    modules = imported(linked(page, tree, "script[type=module][src]", "src"))
    assert modules, "the playground's module imports no other module"
    missing = modules - linked(page, tree, "link[rel=modulepreload][href]", "href")
    assert not missing, f"imported but not preloaded: {sorted(map(str, missing))}"


def test_the_playground_page_runs_no_inline_script_or_handler(site):
    tree = BeautifulSoup(site.page(PAGE), "html.parser")
    article = tree.select_one("article")
    assert not article.select("script:not([src])")
    handlers = [(tag.name, name) for tag in article.find_all(True) for name in tag.attrs
                if name.lower().startswith("on")]
    assert not handlers


def custom_properties(css: str, scheme: str) -> dict[str, str]:
    block = re.search(rf'\[data-md-color-scheme="{scheme}"\] \.pg \{{([^}}]*)\}}', css)
    assert block, scheme
    return {name: value.lower() for name, value in re.findall(r"--pg-([\w-]+):\s*([^;]+);",
                                                                 block[1])}


def test_the_playgrounds_colours_are_the_books(site):
    css = (site.site / "playground" / "playground.css").read_text(encoding="utf-8")
    for scheme, theme in (("default", style.LIGHT), ("slate", style.DARK)):
        expected = {f"line-{i}": colour for i, colour in enumerate(theme.lines, start=1)}
        expected |= {"accent": theme.accent, "node": theme.node, "node-text": theme.node_text}
        assert custom_properties(css, scheme) == {k: v.lower() for k, v in expected.items()}


def test_the_playgrounds_prose_quotes_the_chapters_run(site, chapter):
    text = BeautifulSoup(site.page(PAGE), "html.parser").select_one("article").get_text(" ")
    p = chapter.parameters
    for value in (f"seed {p.seed}", f"{p.epochs:,} epochs", f"{chapter.prediction:.8f}"):
        assert value in text, value
    assert "needs JavaScript" in text, "the static figures say why they are there"


@pytest.mark.parametrize(("path", "section"), [("chapter/introduction", "TensorFlow Playground"),
                                             ("chapter/perceptron", None)])
def test_the_chapter_links_to_the_playground(site, path, section):
    """From the introduction's section on TensorFlow Playground, and from the perceptron."""
    page = site.site / path / "index.html"
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    if section is not None:
        heading = next(h for h in article.select("h2") if h.get_text().strip("¶ ") == section)
        within = []
        for element in heading.find_next_siblings():
            if element.name == "h2":
                break
            within.append(element)
        links = [a for element in within for a in element.select("a[href]")]
    else:
        links = article.select("a[href]")
    targets = {(page.parent / a["href"]).resolve() for a in links
               if not a["href"].startswith(("http", "#"))}
    assert (site.site / PAGE).resolve() in targets
