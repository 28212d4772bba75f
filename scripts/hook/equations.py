"""Equations to HTML and MathML with KaTeX at build time, each page's in a build step.

Pages mark math as ``pymdownx.arithmatex`` (generic mode) does, ``<span class="arithmatex">``
inline and ``<div class="arithmatex">`` for display. :meth:`Equations.start` gives a page's
equations to its math step (:mod:`scripts.steps.math`); :meth:`Equations.fill` swaps each for
its KaTeX HTML. Until then a page holds its TeX, which the search plugin reads;
:func:`search_text` gives the index each equation as MathML alone, which browsers draw. Pages
ship no math JavaScript, and screen readers get KaTeX's MathML.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.hook.steps import Cache, Step

ARITHMATEX = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.S)
DELIMITERS = ((r"\(", r"\)"), (r"\[", r"\]"), ("$$", "$$"), ("$", "$"))


class MathError(ValueError):
    """An equation KaTeX cannot render, or a page with TeX left unrendered."""


def split_delimiters(body: str) -> tuple[str, bool]:
    """The TeX inside an arithmatex element and whether it is display math."""
    tex = html.unescape(body).strip()
    for opening, closing in DELIMITERS:
        if tex.startswith(opening) and tex.endswith(closing) and len(tex) >= 2 * len(opening):
            return tex[len(opening):len(tex) - len(closing)].strip(), opening not in (r"\(", "$")
    return tex, True  # \begin{env} ... \end{env}


@dataclass
class Equations:
    """The math of one build: each page's equations, rendered by its math step."""

    cache: Cache
    environment: dict[str, str]
    steps: dict[str, tuple[Step, list[tuple[str, bool]]]] = field(default_factory=dict)
    rendered: dict[tuple[str, bool], str] = field(default_factory=dict)

    def start(self, page_html: str, where: str) -> None:
        """Start the math step of page ``where`` (unless its output is cached)."""
        found = list(dict.fromkeys(split_delimiters(m["body"])
                                   for m in ARITHMATEX.finditer(page_html)))
        if found:
            payload = json.dumps([{"tex": tex, "display": display} for tex, display in found])
            step = Step(f"math {where}", [where], payload)
            step.start(self.cache, self.environment)
            self.steps[where] = (step, found)

    def wait(self) -> None:
        """Wait for every page's math (a failed step raises :class:`StepError`)."""
        for step, found in self.steps.values():
            rendered = (step.wait(self.cache) / "math.json").read_text(encoding="utf-8")
            self.rendered.update(zip(found, json.loads(rendered), strict=True))

    def fill(self, page_html: str) -> str:
        """Swap each equation for its KaTeX HTML; :meth:`wait` must have run."""
        def swap(match: re.Match[str]) -> str:
            return self.rendered[split_delimiters(match["body"])]
        return ARITHMATEX.sub(swap, page_html)

    def rewrite_search_index(self, index: Path) -> None:
        """Give the search plugin's index (if it is in use) each equation as MathML."""
        if not index.exists():
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        by_tex = {(" ".join(tex.split()), display): rendered
                  for (tex, display), rendered in self.rendered.items()}
        for doc in data["docs"]:
            doc["title"] = search_text(doc["title"], by_tex)
            doc["text"] = search_text(doc["text"], by_tex)
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                         encoding="utf-8")


def search_text(text: str, by_tex: dict[tuple[str, bool], str]) -> str:
    """A search index entry, whose equations' TeX (HTML-escaped, line breaks made spaces) a
    result would show raw, with each swapped for its MathML, drawn by the browser, each symbol
    once; code left as it is. ``by_tex`` holds each rendered equation by its collapsed TeX."""
    def swap(match: re.Match[str]) -> str:
        tex, display = split_delimiters(match[0])
        rendered = by_tex.get((" ".join(tex.split()), display))
        if rendered is None:
            raise MathError(f"the search index holds an equation that was never rendered: "
                            f"{match[0]!r}")
        return _mathml(rendered)

    parts = _INDEX_CODE.split(text)
    return "".join(part if i % 2 else _INDEX_MATH.sub(swap, part)
                   for i, part in enumerate(parts))


#: An equation as the search plugin indexes it: the arithmatex element's text, delimiters kept.
_INDEX_MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]"
                         r"|\\begin\{(?P<name>[^}]+)\}.*?\\end\{(?P=name)\}", re.S)
_INDEX_CODE = re.compile(r"(<code>.*?</code>)", re.S)


def _mathml(katex_html: str) -> str:
    """KaTeX's MathML of an equation, without the TeX annotation: HTML needs no namespace,
    and ``semantics`` only held the annotation beside the formula."""
    found = re.search(r"<math\b.*?</math>", katex_html, re.S)
    if found is None:
        raise MathError(f"KaTeX gave no MathML: {katex_html[:80]!r}")
    mathml = re.sub(r"<annotation\b.*?</annotation>|</?semantics>", "", found[0], flags=re.S)
    return mathml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)

