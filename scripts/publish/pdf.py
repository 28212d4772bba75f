"""The whole site as one PDF, for print and offline reading (``make pdf``):

    python -m scripts.publish.pdf SITE OUT.pdf

Run after a build, on the built site. The pages are taken in reading order: from the home
page, each page's ``<link rel="next">``, which MkDocs sets from the nav. Their articles,
less what only a screen uses (permalinks, buttons, scripts, the dark figures), make one print
view after a title page and a contents list; ``SITE/css/print.css`` lays it out. Links between
pages become links within the PDF, links to other files of the site point at the published
site. Headless Chromium prints the view twice, the second time with the contents' page numbers
that the first print's link targets give, tagged and with bookmarks from the headings; what is
wider than the page (an equation, a table) is shrunk to fit it.

No request leaves the machine: Chromium's every request is answered from SITE, and one for
any other address, for a file SITE lacks, or a figure that does not load fails the print. The
file is dated by ``SOURCE_DATE_EPOCH`` (else the last commit, as the build is), so one site
gives the same bytes with one Chromium and the same fonts.

mkdocs-print-site-plugin would assemble such a page inside the build, but it reads each
page before this project's hook draws the math and the figures' twins, writes its page after
the hook's checks have run, and would add the whole chapter again to every ``mkdocs serve``
rebuild; the built pages are already final, so the print view is made from them.
"""

from __future__ import annotations

import copy
import html
import io
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

#: The print view's address. No server listens there: :meth:`_Printer._answer` answers.
ORIGIN = "http://127.0.0.1"
VIEW = "/nnbook-print-view.html"
PRINT_CSS = "css/print.css"
#: The printable width of an A4 page in CSS pixels, less print.css's margins of 18 mm a side.
PRINT_WIDTH = round((210 - 2 * 18) / 25.4 * 96)
#: What only a screen uses: permalinks, page actions (this PDF's among them, but not a download
#: the page speaks of), scripts, the dark palette's figures.
SCREEN_ONLY = "a.headerlink, .md-content__button:not([download]), script, img[src$='#only-dark']"
#: What may be wider than the page, and is shrunk to fit it; what is still too wide is listed.
#: (Material prints a table at its full width, so each is measured against its container.)
WIDE = ".katex-display, .md-typeset table"
SHRINK = """elements => elements.filter(e => {
  const box = getComputedStyle(e.parentElement);
  const room = e.parentElement.clientWidth - parseFloat(box.paddingLeft)
    - parseFloat(box.paddingRight);
  if (e.scrollWidth <= room) return false;
  const size = parseFloat(getComputedStyle(e).fontSize) * room / e.scrollWidth;
  e.style.fontSize = `${Math.floor(10 * size) / 10}px`;
  return e.scrollWidth > room;
}).map(e => e.textContent.slice(0, 60))"""
#: How Chromium names a tagged element: by its DOM node's number.
NODE_ID = re.compile(r"node\d+")
BROKEN = "images => images.filter(i => i.naturalWidth === 0).map(i => i.alt || i.src)"


class PrintError(RuntimeError):
    """The site cannot be printed as it is; the message says why."""


def reading_order(site: Path) -> list[tuple[str, BeautifulSoup]]:
    """Each page of the built site as (its path from the site's root, its HTML), in the order
    its ``rel="next"`` links give from the home page."""
    pages: list[tuple[str, BeautifulSoup]] = []
    path: str | None = ""
    while path is not None:
        if any(path == seen for seen, _ in pages):
            raise PrintError(f"the pages' rel=next links go round in a circle at /{path}")
        file = site / unquote(path)
        file = file / "index.html" if file.is_dir() else file
        if not file.is_file():
            raise PrintError(f"{site} has no page /{path} (run the build first)")
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        if soup.select_one("article.md-content__inner") is None:
            raise PrintError(f"{file} has no <article class=md-content__inner>: not a page of "
                             f"an MkDocs Material site")
        pages.append((path, soup))
        following = soup.find("link", rel="next")
        path = _site_path(path, following["href"]) if following else None
    return pages


def _site_path(base: str, href: str) -> str | None:
    """The path from the site's root that ``href`` on the page at ``base`` names, else None."""
    url = urlsplit(urljoin(f"{ORIGIN}/{base}", href))
    return url.path.lstrip("/") if f"{url.scheme}://{url.netloc}" == ORIGIN else None


def _slug(path: str) -> str:
    return path.strip("/").replace("/", "-").removesuffix(".html") or "index"


def print_view(pages: list[tuple[str, BeautifulSoup]], epoch: int,
               numbers: dict[str, int] | None = None) -> str:
    """The print view's HTML: a title page dated by ``epoch``, the contents, the pages.

    ``numbers`` maps a contents entry's link target to its page; without it, the contents
    leave the numbers blank, in a column of the same width.
    """
    home = pages[0][1]
    slugs = {path: _slug(path) for path, _ in pages}
    site_url = home.find("link", rel="canonical")
    if site_url is None:
        raise PrintError("the home page has no <link rel=canonical>: set site_url in mkdocs.yml, "
                         "so the PDF can link to the site's other files")
    articles, contents, styles = [], [], []
    for path, soup in pages:
        for link in soup.find_all("link", rel="stylesheet"):
            target = _site_path(path, link["href"])
            if (style := link["href"] if target is None else f"/{target}") not in styles:
                styles.append(style)
        article = _article(path, soup, slugs, site_url["href"])
        articles.append(str(article))
        contents.append(_entry(article, numbers))
    title = home.title.get_text().strip()
    description = home.find("meta", attrs={"name": "description"})
    notice = home.select_one(".md-copyright__highlight")
    day = time.gmtime(epoch)
    date = f"{day.tm_mday} {time.strftime('%B %Y', day)}"
    links = "".join(f'<link rel="stylesheet" href="{html.escape(s)}">'
                    for s in [*styles, "/" + PRINT_CSS])
    return f"""<!doctype html>
<html{_attributes(home.html)}><head><meta charset="utf-8">
<title>{html.escape(title)}</title><link rel="icon" href="data:,">{links}</head>
<body{_attributes(home.body, {"data-md-color-scheme": "default"})}>
<section class="nnbook-print-title md-typeset">
<p class="nnbook-print-name">{html.escape(title)}</p>
<p class="nnbook-print-description">{html.escape(description["content"] if description else "")}
</p><p><a href="{html.escape(site_url["href"])}">{html.escape(site_url["href"])}</a></p>
<p>{date}</p><p>{notice.get_text(" ", strip=True) if notice else ""}</p></section>
<nav class="nnbook-print-contents md-typeset" aria-labelledby="print-contents">
<h1 id="print-contents">Contents</h1><ol>{"".join(contents)}</ol></nav>
{"".join(articles)}
</body></html>"""


def _attributes(tag: Tag, fixed: dict[str, str] | None = None) -> str:
    """A tag's attributes as HTML, with ``fixed`` ones set."""
    attrs = {name: " ".join(v) if isinstance(v, list) else v for name, v in tag.attrs.items()}
    return "".join(f' {name}="{html.escape(v)}"' for name, v in {**attrs, **(fixed or {})}.items())


def _article(path: str, soup: BeautifulSoup, slugs: dict[str, str], site_url: str) -> Tag:
    """A page's article for the print view: screen-only parts gone, its ids prefixed with the
    page's slug, its links to printed pages made links within the view."""
    article = copy.copy(soup.select_one("article.md-content__inner"))  # each print makes one
    slug = slugs[path]
    for tag in article.select(SCREEN_ONLY):
        tag.decompose()
    for anchor in article.find_all("a", id=True, href=True):
        if anchor["href"] == f"#{anchor['id']}":  # a permalink to itself (code lines)
            anchor.decompose()
    for tag in article.find_all(id=True):
        tag["id"] = f"{slug}--{tag['id']}"
    for details in article.find_all("details"):
        details["open"] = ""  # a collapsed block's text is printed too
    for tag in article.find_all(src=True):
        if (target := _site_path(path, tag["src"])) is not None:
            tag["src"] = f"/{target}"
        tag.attrs.pop("loading", None)  # print every figure, on screen or not
    for anchor in article.find_all("a", href=True):
        url = urlsplit(anchor["href"])
        target = _site_path(path, anchor["href"])
        if target is None:
            continue  # another host's page, or mail: kept as it is
        if target in slugs and not url.query:
            anchor["href"] = f"#{slugs[target]}" + (f"--{url.fragment}" if url.fragment else "")
        else:  # a file of the site, or a page opened with settings (?data=xor): online
            anchor["href"] = (urljoin(site_url, target) + (f"?{url.query}" if url.query else "")
                              + (f"#{url.fragment}" if url.fragment else ""))
    article.name = "article"
    article.attrs = {"class": "md-content__inner md-typeset nnbook-print-page", "id": slug}
    return article


def _entry(article: Tag, numbers: dict[str, int] | None) -> str:
    """The contents entry of a page: its title, and its sections (its headings of the first
    level below the title), each with its page."""
    headings = article.find_all(["h1", "h2", "h3"])
    if not headings or headings[0].name != "h1":
        raise PrintError(f"/{article['id']} does not open with a heading <h1>")
    below = [h for h in headings[1:] if h.name != "h1" and h.has_attr("id")]
    sections = [h for h in below if h.name == min(h.name for h in below)]
    lines = [_line(article["id"], headings[0], numbers)]
    if sections:
        lines.append("<ol>" + "".join(f"<li>{_line(h['id'], h, numbers)}</li>" for h in sections)
                     + "</ol>")
    return f"<li>{''.join(lines)}</li>"


def _line(target: str, heading: Tag, numbers: dict[str, int] | None) -> str:
    """A contents line: the heading as it is drawn (its math too), linked, and its page."""
    title = copy.copy(heading)
    for link in title.find_all("a"):
        link.unwrap()
    number = "" if numbers is None else str(numbers[target])
    return (f'<a href="#{html.escape(target)}"><span>{title.decode_contents().strip()}</span>'
            f'<span class="nnbook-print-number">{number}</span></a>')


def make(site: Path, out: Path) -> None:
    """Print the site at ``site`` to the PDF ``out``."""
    site = site.resolve()
    if not (site / PRINT_CSS).is_file():
        raise PrintError(f"{site} has no {PRINT_CSS}: is it this project's built site?")
    epoch = source_date_epoch()
    pages = reading_order(site)
    with _Printer(site) as printer:
        first = printer.print(print_view(pages, epoch))
        numbers = _pages_of(first)
        second = printer.print(print_view(pages, epoch, numbers))
    if (moved := _pages_of(second)) != numbers:
        raise PrintError(f"the contents' page numbers moved their entries: {numbers} -> {moved}")
    out.write_bytes(reproducible(second, pages[0][1].title.get_text().strip(), epoch))


class _Printer:
    """Headless Chromium, answering its every request from the site folder."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.view = ""
        self.refused: list[str] = []

    def __enter__(self) -> _Printer:
        from playwright.sync_api import sync_playwright

        from scripts.dev import chromium

        try:
            executable = chromium.executable()
        except RuntimeError as error:
            raise PrintError(str(error)) from None
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=executable, args=chromium.LAUNCH_ARGS, headless=True)
        context = self.browser.new_context(
            java_script_enabled=False, color_scheme="light",
            viewport={"width": PRINT_WIDTH, "height": 1000})
        context.route("**/*", self._answer)
        self.page = context.new_page()
        self.page.emulate_media(media="print")
        return self

    def __exit__(self, *exc) -> None:
        self.browser.close()
        self.playwright.stop()

    def _answer(self, route) -> None:
        url = urlsplit(route.request.url)
        path = unquote(url.path)
        file = (self.site / path.lstrip("/")).resolve()
        if f"{url.scheme}://{url.netloc}" != ORIGIN:
            self.refused.append(f"{route.request.url} (not on this machine)")
            route.abort("blockedbyclient")
        elif path == VIEW:
            route.fulfill(body=self.view, content_type="text/html; charset=utf-8")
        elif file.is_file() and self.site in file.parents:
            route.fulfill(path=file)
        else:
            self.refused.append(f"{route.request.url} (not a file of {self.site})")
            route.abort("blockedbyclient")

    def print(self, view: str) -> bytes:
        self.view = view
        self.page.goto(ORIGIN + VIEW, wait_until="load")
        if self.refused:
            raise PrintError("the print view asked for what the site cannot give, so no PDF "
                             "was made:\n  " + "\n  ".join(self.refused))
        if broken := self.page.eval_on_selector_all("img", BROKEN):
            raise PrintError("these figures did not load: " + "; ".join(broken))
        if wide := self.page.eval_on_selector_all(WIDE, SHRINK):
            raise PrintError("too wide for the page even shrunk: " + "; ".join(wide))
        return self.page.pdf(prefer_css_page_size=True, print_background=True, outline=True,
                             tagged=True)


def _pages_of(pdf: bytes) -> dict[str, int]:
    """The page number of each link target that Chromium named in the PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {name.removeprefix("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def reproducible(pdf: bytes, title: str, epoch: int) -> bytes:
    """The PDF, dated by ``epoch``, its structure's element IDs numbered in order.

    Chromium dates the file when it prints it, and names each tagged element by its DOM
    node's number, which shifts from one run to the next (a table cell names its headers
    by them); nothing else differs between two prints of one view.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    date = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch))
    writer.add_metadata({"/Title": title, "/CreationDate": date, "/ModDate": date})
    found, seen, todo = [], set(), [writer.root_object["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject | ArrayObject):
            for key, value in (node.items() if isinstance(node, DictionaryObject)
                               else enumerate(node)):
                if isinstance(value, TextStringObject) and NODE_ID.fullmatch(value):
                    found.append((node, key, value))
                elif key not in ("/P", "/Pg"):  # up the tree, or into the pages
                    todo.append(value)
    # By rank, so the IDTree's keys keep their sorted order.
    ranks = sorted({value for *_, value in found}, key=lambda name: int(name[4:]))
    order = {name: rank for rank, name in enumerate(ranks)}
    for node, key, value in found:
        node[key] = TextStringObject(f"node{order[value]:08d}")
    written = io.BytesIO()
    writer.write(written)
    return written.getvalue()


def source_date_epoch() -> int:
    """``SOURCE_DATE_EPOCH``, else the last commit's time, as the build dates itself."""
    from scripts.hook.build import reproducible_dates

    reproducible_dates()
    return int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))


def main(argv: list[str] | None = None) -> int:
    """``python -m scripts.publish.pdf SITE OUT.pdf``: 0 when printed, 1 saying why not."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or not args[1].endswith(".pdf"):
        print("usage: python -m scripts.publish.pdf SITE OUT.pdf", file=sys.stderr)
        return 2
    site, out = Path(args[0]), Path(args[1])
    try:
        make(site, out)
    except PrintError as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    print(f"pdf: {out} ({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
