"""Which of KaTeX's font files an equation's HTML makes a browser fetch, read from KaTeX's CSS.

A page preloads exactly these, so the browser asks for them while it parses the head,
instead of after it has laid the page out once and found the math. The answer comes
from the stylesheet the site serves: its ``@font-face`` rules name a file for each
family, weight and style, and its other rules say which classes set which of the
three. Each piece of text in the equation's HTML (not its MathML) takes the values
of the nearest element that sets them, as CSS inheritance does.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
_RULE = re.compile(r"([^{}@;]+)\{([^{}]*)\}")
_COMPOUND = re.compile(r"([a-z]*)((?:\.[\w-]+)*)")
WEIGHTS = {"normal": "400", "bold": "700"}


class FontResolver:
    """Font files by the text they would draw, for one version of KaTeX's CSS."""

    def __init__(self, css: str) -> None:
        self.faces: dict[tuple[str, str, str], str] = {}
        for block in _FACE.findall(css):
            family = _declared(block, "font-family")
            url = re.search(r"url\(([^)]+\.woff2)\)", block)
            if family and url:
                self.faces[(family, _weight(_declared(block, "font-weight") or "normal"),
                            _declared(block, "font-style") or "normal")] = url[1]
        self.rules: list[tuple[list[tuple[str, str, frozenset[str]]], dict[str, str]]] = []
        for selectors, body in _RULE.findall(_FACE.sub("", css)):
            props = _font_properties(body)
            if props:
                for selector in selectors.split(","):
                    compounds = _compounds(selector)
                    if compounds:
                        self.rules.append((compounds, props))

    def fonts(self, equation_html: str) -> set[str]:
        """The font files (as the CSS names them) the text of ``equation_html`` is drawn in."""
        reader = _Reader(self)
        reader.feed(equation_html)
        reader.close()
        return reader.used

    def face(self, props: dict[str, str]) -> str | None:
        key = (props.get("family", ""), props.get("weight", "400"),
               props.get("style", "normal"))
        return self.faces.get(key) or self.faces.get((key[0], "400", "normal"))

    def properties(self, chain: list[tuple[str, frozenset[str]]],
                   inherited: dict[str, str]) -> dict[str, str]:
        """The font properties of the last element of ``chain``, given its parent's."""
        props = dict(inherited)
        for compounds, declared in self.rules:
            if _matches(compounds, chain, len(compounds) - 1, len(chain) - 1):
                props.update(declared)
        return props


class _Reader(HTMLParser):
    def __init__(self, resolver: FontResolver) -> None:
        super().__init__(convert_charrefs=True)
        self.resolver = resolver
        self.chain: list[tuple[str, frozenset[str]]] = []
        self.props: list[dict[str, str]] = [{}]
        self.used: set[str] = set()

    def handle_starttag(self, tag, attrs):
        classes = frozenset((dict(attrs).get("class") or "").split())
        self.chain.append((tag, classes))
        hidden = "katex-mathml" in classes or self.props[-1].get("hidden") == "yes"
        props = self.resolver.properties(self.chain, self.props[-1])
        if hidden:
            props["hidden"] = "yes"  # MathML: drawn by no KaTeX font
        self.props.append(props)

    def handle_endtag(self, tag):
        while self.chain:
            done, _ = self.chain.pop()
            self.props.pop()
            if done == tag:
                break

    def handle_data(self, data):
        props = self.props[-1]
        if data.strip() and props.get("hidden") != "yes" and "family" in props:
            face = self.resolver.face(props)
            if face:
                self.used.add(face)


def _declared(body: str, name: str) -> str | None:
    found = re.search(rf"(?:^|;)\s*{name}\s*:\s*([^;]+)", body)
    return found[1].strip() if found else None


def _weight(value: str) -> str:
    return WEIGHTS.get(value, value)


def _font_properties(body: str) -> dict[str, str]:
    props = {}
    if shorthand := _declared(body, "font"):  # e.g. "normal 1.21em KaTeX_Main,math,serif"
        family = re.search(r"(KaTeX_\w+)", shorthand)
        if family:
            props = {"family": family[1], "weight": "400", "style": "normal"}
    if family := _declared(body, "font-family"):
        props["family"] = family.split(",")[0].strip().strip("\"'")
    if weight := _declared(body, "font-weight"):
        props["weight"] = _weight(weight)
    if style := _declared(body, "font-style"):
        props["style"] = style
    return props


def _compounds(selector: str) -> list[tuple[str, str, frozenset[str]]] | None:
    """``(combinator before, tag, classes)`` per compound; None for what this cannot match."""
    if ":" in selector or "[" in selector or "*" in selector:
        return None
    compounds, combinator = [], " "
    for token in re.findall(r">|[^\s>]+", selector.strip()):
        if token == ">":
            combinator = ">"
            continue
        match = _COMPOUND.fullmatch(token)
        if match is None:
            return None
        compounds.append((combinator, match[1], frozenset(match[2].split(".")[1:])))
        combinator = " "
    return compounds or None


def _matches(compounds, chain, c: int, e: int) -> bool:
    """Whether compounds[..c] match the element chain[e] and its ancestors."""
    combinator, tag, classes = compounds[c]
    element_tag, element_classes = chain[e]
    if (tag and tag != element_tag) or not classes <= element_classes:
        return False
    if c == 0:
        return True
    if combinator == ">":
        return e > 0 and _matches(compounds, chain, c - 1, e - 1)
    return any(_matches(compounds, chain, c - 1, a) for a in range(e - 1, -1, -1))
