"""Page rewrites and checks the hook applies to every page: figures in both themes,
no request to another host, and a Content-Security-Policy that holds the browser to it."""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from html.parser import HTMLParser

_IMG = re.compile(r"<img\b[^>]*>", re.I)
_OFF_SITE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


class _TagParser(HTMLParser):
    attributes: dict[str, str]

    def handle_starttag(self, tag, attrs):
        self.attributes = {k: v or "" for k, v in attrs}

    handle_startendtag = handle_starttag


def _attributes(tag: str) -> dict[str, str]:
    parser = _TagParser()
    parser.attributes = {}
    parser.feed(tag)
    return parser.attributes


def theme_figures(page_html: str, folder: str, figures: dict[str, dict],
                  where: str) -> tuple[str, set[str]]:
    """Each ``<img>`` of a made figure as its light and dark variants, which Material shows
    each in its palette; both are lazy, so a reader fetches the one on screen alone. Returns
    the new HTML and the names of the figures it shows."""
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
        return (f'<img src="{found["prefix"]}{name}.svg#only-light" {common}>'
                f'<img src="{found["prefix"]}{name}.dark.svg#only-dark" {common}>')

    return _IMG.sub(twin, page_html), shown


#: Attributes that make a browser fetch, on whatever element they stand.
_FETCHING = {"src", "srcset", "poster", "background", "ping", "manifest", "xlink:href",
             "imagesrcset"}
#: ``href`` fetches on these (``link`` unless every rel is one that does not fetch).
_HREF_FETCHES = {"link", "base", "image", "use", "feimage", "script"}
_QUIET_RELS = {"canonical", "alternate", "author", "help", "license", "next", "prev", "search",
               "bookmark", "me", "external", "nofollow", "noopener", "noreferrer", "tag"}
_TAG = re.compile(r"<(?P<tag>[a-zA-Z][\w:-]*)\b(?P<attrs>[^>]*)>")
#: What an attribute that fetches holds, one way or another (KaTeX's spans hold none of it).
_MAY_FETCH = re.compile(r"src|href|poster|background|ping|manifest|\bdata=|url\(|@import", re.I)
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
_SCRIPT_BLOCK = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])\s*((?:[a-z]+:)?//[^"')\s]+)""",
                      re.I)
#: An absolute address in a script: ``https://...``, or ``//host`` opening a string.
_SCRIPT_URL = re.compile(r"""(?<=["'`])(?:[a-z][a-z0-9+.-]*:)?//[^\s"'`)]+|https?://[^\s"'`)]+""",
                         re.I)


def off_site_requests(page_html: str) -> list[str]:
    """Addresses on another host that the page would fetch, by any way HTML and CSS fetch (a
    fetching attribute on any element, SVG's ``xlink:href`` included; a ``link`` of a rel that
    fetches; ``url()`` and ``@import``; a frame's ``srcdoc``), and any absolute address in an
    inline script. Only tags whose attributes may fetch are parsed, so thousands of math
    spans cost milliseconds. Chromium, in the browser tests, has the last word.
    """
    urls: list[str] = []
    for match in _TAG.finditer(page_html):
        if not _MAY_FETCH.search(match["attrs"]):
            continue
        tag, attrs = match["tag"].lower(), _attributes(match[0])
        for name, value in attrs.items():
            if name in _FETCHING:
                urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "href" and tag in _HREF_FETCHES:
                rels = set(attrs.get("rel", "").lower().split())
                if tag != "link" or not rels or not rels <= _QUIET_RELS:
                    urls.append(value)
            elif name == "data" and tag == "object":
                urls.append(value)
            elif name == "style":
                urls += _CSS_URL.findall(value)
            elif name == "srcdoc":
                urls += off_site_requests(value)
    for block in _STYLE_BLOCK.findall(page_html):
        urls += _CSS_URL.findall(block)
    for script in _SCRIPT_BLOCK.finditer(page_html):
        urls += _SCRIPT_URL.findall(script["body"])
    return [url for url in urls if _OFF_SITE.match(url)]


def off_site_in_css(css: str) -> list[str]:
    """URLs on another host that a stylesheet would fetch (``url(...)``, ``@import``)."""
    return [url for url in _CSS_URL.findall(css) if _OFF_SITE.match(url)]


def content_security_policy(page_html: str) -> str:
    """A policy that lets the page load from its own site only, and run only its own
    scripts: files from the site, and its inline scripts by their hashes."""
    hashes = []
    for script in _SCRIPT_BLOCK.finditer(page_html):
        kind = _attributes(f"<script{script['attrs']}>").get("type", "").lower()
        if "src=" not in script["attrs"] and kind in ("", "module", "text/javascript"):
            digest = base64.b64encode(hashlib.sha256(script["body"].encode()).digest())
            hashes.append(f"'sha256-{digest.decode()}'")
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {' '.join(sorted(set(hashes)))}".rstrip(),
        "style-src 'self' 'unsafe-inline'",  # KaTeX sizes its boxes with style attributes
        "img-src 'self' data:",  # Material draws its icons from data: URLs
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


#: What a reader does not see as text: code, scripts, styles, MathML's TeX, and the tags.
_NOT_TEXT = re.compile(r"<(pre|code|script|style|annotation|textarea)\b.*?</\1>|<[^>]+>",
                       re.S | re.I)
_RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\\end\{|(?<![\w$\\])\$[^\s$][^$\n]*\$")


def leftover_tex(page_html: str) -> list[str]:
    """TeX that a reader would see raw: delimiters left in the text outside code and MathML."""
    return [m[0] for m in _RAW_TEX.finditer(html_lib.unescape(_NOT_TEXT.sub(" ", page_html)))]


def leftover_braces(page_html: str) -> list[str]:
    """``{{`` or ``}}`` in the text a reader sees (outside code), with a little context."""
    text = " ".join(html_lib.unescape(_NOT_TEXT.sub(" ", page_html)).replace("¶", "").split())
    return [text[max(0, m.start() - 20):m.end() + 20] for m in re.finditer(r"\{\{|\}\}", text)]
