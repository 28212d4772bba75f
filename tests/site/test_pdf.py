"""The whole chapter as one PDF (``make pdf``, scripts/publish/pdf.py), printed by Chromium from
the built site: what pdftotext reads in it, its bookmarks, figures, links and bytes, and the
prints that must fail."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load
from pypdf import PdfReader

from scripts.publish.pdf import reproducible
from scripts.publish.print_view import print_view, reading_order
from tests.conftest import ROOT

pytestmark = pytest.mark.site

CONFIG = yaml_load((ROOT / "mkdocs.yml").read_text())
PDF = CONFIG["extra"]["pdf"]
#: Equations as KaTeX draws them, as pdftotext reads them: the sigmoid and the weight update,
#: with KaTeX's minus sign (U+2212) and prime (U+2032), which no TeX source holds.
RENDERED = ["1 + e\u2212z", "wi ← wi \u2212 α", "w ← w \u2212 α X T [ Δ ⊙ y^ ⊙ (1 \u2212 y^) ]",
            "∂ COST"]
RAW_TEX = [r"\frac", r"\hat", r"\partial", r"\sum", r"\alpha", r"\exp", "$$", r"\(", r"\["]


def make_pdf(site: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.publish.pdf", str(site), str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def pdftotext(pdf: Path) -> list[str]:
    """The text of each page, as poppler's pdftotext reads it."""
    if shutil.which("pdftotext") is None:
        pytest.fail("no pdftotext: install Debian's poppler-utils (make test does, as root)")
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True)
    return done.stdout.split("\f")[:-1]


def squash(text: str) -> str:
    return " ".join(text.replace("\u200b", " ").split())


def nav_pages(items=CONFIG["nav"]) -> list[str]:
    """Each page of mkdocs.yml's nav, in order, as its path in the built site."""
    paths = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            paths += nav_pages(value)
        elif "://" not in value:
            page = Path(value).with_suffix("")
            paths.append("" if page.as_posix() == "index" else
                         f"{page.parent.as_posix()}/" if page.name == "index" else
                         f"{page.as_posix()}/")
    return [p.removeprefix("./") for p in paths]


def article(site, path: str):
    return BeautifulSoup(site.page(path), "html.parser").select_one("article.md-content__inner")


def headings(site) -> list[str]:
    """The headings of every page, in nav order, without their math, which Chromium leaves
    out of a bookmark."""
    found = []
    for path in nav_pages():
        for heading in article(site, path).select("h1, h2, h3, h4, h5, h6"):
            for math in heading.select(".katex"):
                math.decompose()
            found.append(squash(heading.get_text().replace("¶", "")))
    return found


def outline(reader: PdfReader, items=None) -> list[tuple[str, int]]:
    """The bookmarks, in order: (title, page number)."""
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += outline(reader, item)
        else:
            found.append((squash(item.title), reader.get_destination_page_number(item) + 1))
    return found


def figures(reader: PdfReader) -> list[str]:
    """The alt text of each figure in the tagged PDF's structure tree, in reading order."""
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(squash(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.root_object["/StructTreeRoot"])
    return alts


def epoch() -> int:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    return int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout)


@pytest.fixture(scope="session")
def pdf(site, tmp_path_factory) -> Path:
    """The PDF of the session's site, printed once (in a fresh process, as make pdf does)."""
    out = tmp_path_factory.mktemp("pdf") / PDF
    done = make_pdf(site.site, out)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def pages(pdf) -> list[str]:
    return pdftotext(pdf)


def test_bookmarks_and_text_hold_every_heading_in_nav_order(site, pdf, pages):
    marks = outline(PdfReader(pdf))
    assert [title for title, _ in marks] == ["Contents", *headings(site)]
    at = (0, 0)  # page, place on it: each heading is found after the one before
    for title, number in marks[1:]:
        assert number >= at[0] + 1, (title, number)
        start = at[1] if number == at[0] + 1 else 0
        place = squash(pages[number - 1]).find(title, start)
        assert place >= 0, f"{title!r} is not on page {number}, where its bookmark points"
        at = (number - 1, place + len(title))


def test_title_page_then_contents_with_each_pages_number(site, pdf, pages):
    home = BeautifulSoup(site.page(""), "html.parser")
    title = squash(pages[0])
    assert title.startswith(CONFIG["site_name"])
    assert home.find("meta", attrs={"name": "description"})["content"] in title
    assert home.find("link", rel="canonical")["href"] in title
    day = time.gmtime(epoch())
    assert f"{day.tm_mday} {time.strftime('%B %Y', day)}" in title
    contents = squash(pages[1])
    assert contents.startswith("Contents")
    marks = dict(outline(PdfReader(pdf)))
    for path in nav_pages():
        heading = squash(article(site, path).h1.get_text().replace("¶", ""))
        assert f"{heading} {marks[heading]}" in contents, heading


def test_page_numbers_at_the_foot_of_every_page_but_the_title(pages):
    assert len(pages) > 10
    assert pages[0].split()[-1] != "1"
    for number, text in enumerate(pages[1:], start=2):
        assert squash(text).split()[-1] == str(number), f"page {number} ends {text.split()[-3:]}"


def test_equations_are_rendered_text_with_no_raw_tex(pages):
    text = squash(" ".join(pages))
    for rendered in RENDERED:
        assert rendered in text
    assert not [raw for raw in RAW_TEX if raw in text]


def test_every_figure_is_in_it_and_drawn(site, pdf, pages):
    shown = [img for path in nav_pages() for img in article(site, path).find_all("img")
             if not img["src"].endswith("#only-dark")]
    made = {f.name for f in (site.site / "figures").glob("*.svg") if ".dark." not in f.name}
    assert made <= {Path(img["src"]).name.removesuffix("#only-light") for img in shown}
    alts = [squash(img["alt"]) for img in shown]
    assert figures(PdfReader(pdf)) == alts
    # A figure that does not draw shows its alt text instead.
    text = squash(" ".join(pages))
    assert not [alt for alt in alts if alt in text]


def test_the_print_view_shows_each_figure_light_and_never_dark(site):
    view = print_view(reading_order(site.site), epoch())
    shown = re.findall(r'<img [^>]*src="([^"]+)"', view)
    made = sorted(f"/figures/{f.name}" for f in (site.site / "figures").glob("*.svg"))
    assert sorted(set(shown) & set(made)) == [f for f in made if ".dark." not in f]


def test_links_are_kept_within_the_pdf_and_to_the_site_and_the_web(site, pdf):
    reader = PdfReader(pdf)
    uris, destinations = set(), []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                destinations.append(annotation["/Dest"])
            elif "/A" in annotation:
                uris.add(annotation["/A"]["/URI"])
    assert len(destinations) >= len(nav_pages())
    assert set(destinations) <= set(reader.named_destinations)
    printed = {f"/{path}" for path in nav_pages()}
    wanted = set()
    for path in nav_pages():
        page = BeautifulSoup(site.page(path), "html.parser")
        canonical = page.find("link", rel="canonical")["href"]
        for link in page.select_one("article.md-content__inner").select("a[href]"):
            if "md-content__button" in link.get("class", []) and not link.has_attr("download"):
                continue  # a page action, which only a screen shows
            target = urljoin(f"/{path}", link["href"]).split("#")[0]
            if "://" in link["href"]:
                wanted.add(link["href"])
            elif target not in printed:  # a file, or a page with settings: its address
                wanted.add(urljoin(canonical, link["href"]))
    assert len(wanted) > 20
    assert any(uri.endswith(".ipynb") for uri in wanted)  # the notebook's download
    # Chromium writes https://host as https://host/.
    assert {u.rstrip("/") for u in wanted} <= {u.rstrip("/") for u in uris}


def test_under_five_megabytes(pdf):
    assert pdf.stat().st_size < 5_000_000


def test_two_prints_of_one_site_are_the_same_bytes_dated_by_the_last_commit(site, pdf, tmp_path):
    again = tmp_path / PDF
    assert make_pdf(site.site, again).returncode == 0
    assert again.read_bytes() == pdf.read_bytes()
    date = time.strftime("D:%Y%m%d%H%M%S", time.gmtime(epoch()))
    info = PdfReader(pdf).metadata
    assert info["/CreationDate"].startswith(date)
    assert info["/ModDate"].startswith(date)


def test_chromiums_shifting_node_numbers_do_not_reach_the_bytes(pdf):
    # Chromium names tagged elements by DOM node numbers, which can shift between runs.
    printed = pdf.read_bytes()
    shifted = re.sub(rb"node(\d{8})", lambda m: b"node%08d" % (int(m[1]) + 2), printed)
    assert shifted != printed
    assert reproducible(shifted, "t", 0) == reproducible(printed, "t", 0)


def _wide_equation(tree: BeautifulSoup) -> str:
    """Eight sigmoids side by side in one display equation: twice the page's width."""
    sigmoid = next(d for d in tree.select(".katex-display") if "e\u2212z" in d.get_text())
    line = sigmoid.select_one(".katex-html")
    parts = line.find_all(class_="katex-base", recursive=False)
    for _ in range(7):
        line.extend(BeautifulSoup("".join(map(str, parts)), "html.parser").contents)
    return RENDERED[0] + " "


def _wide_table(tree: BeautifulSoup) -> str:
    """A table cell of 150 digits, which no line break can split."""
    digits = "0123456789" * 15
    tree.select_one("article table").tbody.append(
        BeautifulSoup(f"<tr><td colspan='4'>{digits}</td></tr>", "html.parser"))
    return digits


@pytest.mark.parametrize("widen", [_wide_equation, _wide_table], ids=["equation", "table"])
def test_what_is_wider_than_the_page_is_shrunk_to_fit_it(site, tmp_path, pages, widen):
    copy = shutil.copytree(site.site, tmp_path / "site")
    page = copy / "chapter" / "perceptron" / "index.html"
    tree = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    text = widen(tree).strip()
    page.write_text(str(tree), encoding="utf-8")
    done = make_pdf(copy, tmp_path / PDF)
    assert done.returncode == 0, done.stderr
    before = squash(" ".join(pages)).count(text)
    after = squash(" ".join(pdftotext(tmp_path / PDF))).count(text)
    assert after == before + (7 if widen is _wide_equation else 1)  # none of it cut off


def _off_site(site: Path) -> None:
    page = site / "chapter" / "perceptron" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</h1>", '</h1><img src="https://example.org/x.png" alt="x">', 1), encoding="utf-8")


@pytest.mark.parametrize(("fault", "message"), [
    (_off_site, "https://example.org/x.png (not on this machine)"),
    (lambda site: (site / "figures" / "sigmoid.svg").unlink(), "figures/sigmoid.svg (not a file"),
    (lambda site: (site / "figures" / "sigmoid.svg").write_text("not an SVG"),
     "these figures did not load: The sigmoid function"),
    (lambda site: (site / "css" / "print.css").unlink(), "has no css/print.css"),
], ids=["off-site", "missing-figure", "broken-figure", "no-print-css"])
def test_a_request_off_the_machine_or_a_missing_file_fails_the_print(site, tmp_path, fault,
                                                                       message):
    copy = shutil.copytree(site.site, tmp_path / "site")
    fault(copy)
    done = make_pdf(copy, tmp_path / PDF)
    assert done.returncode == 1
    assert message in done.stderr
    assert not (tmp_path / PDF).exists()


def test_every_page_links_to_the_pdf_that_make_pdf_writes_beside_them(site):
    for path in nav_pages():
        page = BeautifulSoup(site.page(path), "html.parser")
        targets = {urljoin(f"/{path}", a["href"]) for a in page.select("article a[href]")}
        assert f"/{PDF}" in targets, f"/{path} has no link to the PDF"
    recipe = (ROOT / "Makefile").read_text().split("\npdf:")[1].split("\n\n")[0]
    assert f"scripts.publish.pdf site site/{PDF}" in recipe
