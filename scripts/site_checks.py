"""Page rewrites and checks the hook applies to every page: figures in both themes,
and no request to another host."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser
from importlib import resources

_IMG = re.compile(r"<img\b[^>]*>", re.I)
#: Elements and attributes a browser fetches without being asked.
_FETCHED = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",),
            "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
            "embed": ("src",), "object": ("data",), "track": ("src",), "input": ("src",)}
_FETCHED_LINKS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon",
                  "modulepreload", "manifest", "apple-touch-icon"}
_OFF_SITE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:[a-z]+:)?//[^"')\s]+)""", re.I)
_SCRIPT_URL = re.compile(r"""\b(?:import|fetch)\s*\(\s*["']((?:[a-z]+:)?//[^"']+)""", re.I)


def _attributes(tag: str) -> dict[str, str]:
    parser = _TagParser()
    parser.feed(tag)
    return parser.attributes


class _TagParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        self.attributes = {k: v or "" for k, v in attrs}

    handle_startendtag = handle_starttag


def theme_figures(page_html: str, folder: str, figures: dict[str, dict],
                  where: str) -> tuple[str, set[str]]:
    """Each ``<img>`` of a made figure, as its light and dark variants for the theme toggle.

    Material hides ``#only-light`` images in the dark palette and ``#only-dark`` ones
    in the light palette; both variants are lazy, so a reader fetches only the one
    on screen. Returns the new HTML and the names of the figures it shows.
    """
    shown = set()

    def twin(match: re.Match[str]) -> str:
        attrs = _attributes(match[0])
        found = re.fullmatch(rf"(?P<prefix>(?:.*/)?{re.escape(folder)}/)(?P<name>[\w-]+)\.svg",
                             attrs.get("src", ""))
        if found is None:
            return match[0]
        name = found["name"]
        if name not in figures:
            raise ValueError(f"{where}: shows {name}.svg, which no figure script makes")
        alt = attrs.get("alt", "").strip()
        if not alt:
            raise ValueError(f"{where}: figure {name}.svg has no alt text")
        shown.add(name)
        size = figures[name]
        common = (f'alt="{html_lib.escape(alt)}" width="{size["width"]}" '
                  f'height="{size["height"]}" loading="lazy" decoding="async" '
                  f'class="nnbook-figure"')
        prefix = found["prefix"]
        return (f'<img src="{prefix}{name}.svg#only-light" {common}>'
                f'<img src="{prefix}{name}.dark.svg#only-dark" {common}>')

    return _IMG.sub(twin, page_html), shown


_FETCHING_TAG = re.compile(r"<(?P<tag>" + "|".join(_FETCHED) + r"|link)\b[^>]*>", re.I)
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
_SCRIPT_BLOCK = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
_STYLE_ATTRIBUTE = re.compile(
    r"""\bstyle\s*=\s*(?:"([^"]*url\([^"]*)"|'([^']*url\([^']*)')""", re.I)


def off_site_requests(page_html: str) -> list[str]:
    """URLs on another host that the page would fetch: scripts, styles, images, fonts, frames.

    Regular expressions find the few tags that fetch, so a page of thousands of math spans
    costs a millisecond, not a full HTML parse.
    """
    urls: list[str] = []
    for match in _FETCHING_TAG.finditer(page_html):
        tag, attrs = match["tag"].lower(), _attributes(match[0])
        if tag == "link":
            if _FETCHED_LINKS & set(attrs.get("rel", "").lower().split()):
                urls.append(attrs.get("href", ""))
            continue
        for name in _FETCHED[tag]:
            if name in attrs:
                urls += [part.split()[0] for part in attrs[name].split(",") if part.strip()]
    for block in _STYLE_BLOCK.findall(page_html):
        urls += _CSS_URL.findall(block)
    for double, single in _STYLE_ATTRIBUTE.findall(page_html):
        urls += _CSS_URL.findall(double or single)
    for block in _SCRIPT_BLOCK.findall(page_html):
        urls += _SCRIPT_URL.findall(block)
    return [url for url in urls if _OFF_SITE.match(url)]


def off_site_in_css(css: str) -> list[str]:
    """URLs on another host that a stylesheet would fetch (``url(...)``, ``@import``)."""
    return [url for url in _CSS_URL.findall(css) if _OFF_SITE.match(url)]


def download_icon() -> str:
    """Material's download icon, as inline SVG."""
    icon = resources.files("material") / "templates" / ".icons" / "material" / "download.svg"
    return icon.read_text(encoding="utf-8")
