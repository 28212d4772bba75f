"""The print view of the built site: its pages in reading order as one HTML page, after a
title page and a contents list, for :mod:`scripts.publish.pdf` to print.

The pages follow each page's ``<link rel="next">`` from the home page (MkDocs sets them from
the nav); their articles, less what only a screen uses, follow the contents, laid out by
``SITE/css/print.css``. Links between pages stay in the view; to other files, go online.
"""

from __future__ import annotations

import copy
import html
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

#: The print view's address. No server listens there: the printer answers its requests.
ORIGIN = "http://127.0.0.1"
PRINT_CSS = "css/print.css"
#: What only a screen uses: permalinks, page actions but downloads, scripts, dark figures.
SCREEN_ONLY = "a.headerlink, .md-content__button:not([download]), script, img[src$='#only-dark']"


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
