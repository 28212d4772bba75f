"""Equations to HTML and MathML with KaTeX at build time, remembered across builds.

Pages mark math the way ``pymdownx.arithmatex`` (generic mode) does:
``<span class="arithmatex">\\(...\\)</span>`` inline and ``<div class="arithmatex">\\[...\\]</div>``
for display. :meth:`MathRenderer.collect` notes each equation the cache lacks;
:meth:`MathRenderer.render_pending` renders them all in one Node.js process; and
:meth:`MathRenderer.fill` swaps every equation for its KaTeX HTML. Until ``fill``,
a page holds its TeX, which the search plugin reads; :meth:`MathRenderer.search_text`
then gives the search index each equation as MathML alone, which browsers draw
natively in the results. Pages ship no math JavaScript, and screen readers get
KaTeX's MathML.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from scripts.jobs import write_atomically
from scripts.katex_fonts import FontResolver

ARITHMATEX = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.S)
DELIMITERS = ((r"\(", r"\)"), (r"\[", r"\]"), ("$$", "$$"), ("$", "$"))


#: The fonts each rendered equation is drawn in, by its cache key (which names KaTeX's
#: version), kept for the life of the process: ``mkdocs serve`` builds again and again.
_FONTS: dict[str, frozenset[str]] = {}


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
class MathRenderer:
    """KaTeX with a disk cache keyed on the TeX, the mode and KaTeX's version."""

    root: Path
    cache_file: Path
    cache: dict[str, str] = field(default_factory=dict)
    pending: dict[str, tuple[str, bool, str]] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0
    seconds: float = 0.0
    _changed: bool = False
    _by_tex: dict[tuple[str, bool], str] | None = None

    def __post_init__(self) -> None:
        package = self.root / "node_modules" / "katex" / "package.json"
        if not package.exists():
            raise MathError("KaTeX is not installed: run `npm ci` in the project folder "
                            "(`make serve` and `make test` do)")
        self.version = json.loads(package.read_text())["version"]
        self.css = (package.parent / "dist" / "katex.min.css").read_text(encoding="utf-8")
        self.fonts = FontResolver(self.css)
        if self.cache_file.exists():
            self.cache = json.loads(self.cache_file.read_text(encoding="utf-8"))

    def key(self, tex: str, display: bool) -> str:
        return hashlib.sha1(f"{self.version}\n{display}\n{tex}".encode()).hexdigest()

    def collect(self, page_html: str, where: str) -> None:
        """Note each equation of ``page_html`` not rendered yet; ``where`` names the page."""
        for match in ARITHMATEX.finditer(page_html):
            tex, display = split_delimiters(match["body"])
            key = self.key(tex, display)
            if key in self.cache:
                self.reused += 1
            else:
                self.pending.setdefault(key, (tex, display, where))

    def _node(self, equations: list[tuple[str, bool]]) -> _KatexRun:
        node = shutil.which("node")
        if node is None:
            raise MathError("Node.js is needed to render math at build time, and `node` is not "
                            "on PATH")
        return _KatexRun([node, str(self.root / "scripts" / "katex_render.mjs")],
                         equations, self.root)

    def prefetch(self, equations: list[tuple[str, bool]]) -> None:
        """Start rendering equations found in the sources while the build does other work.

        Whatever the pages turn out to hold that this missed is rendered later, as usual.
        """
        new = list(dict.fromkeys(e for e in equations if self.key(*e) not in self.cache))
        if new:
            self._prefetching = self._node(new)

    def _collect_prefetch(self) -> None:
        run = getattr(self, "_prefetching", None)
        if run is None:
            return
        self._prefetching = None
        returncode, stdout, _ = run.result()
        if returncode == 0:
            for (tex, display), result in zip(run.equations, json.loads(stdout), strict=True):
                if "html" in result:
                    self.cache[self.key(tex, display)] = result["html"]
                    self._changed = True

    def render_pending(self) -> None:
        """Render every waiting equation in one Node.js run; raise on the first KaTeX refuses."""
        start = time.perf_counter()
        self._collect_prefetch()
        for key in [k for k in self.pending if k in self.cache]:
            del self.pending[key]
            self.rendered += 1
        if not self.pending:
            self.seconds = time.perf_counter() - start
            return
        keys = list(self.pending)
        returncode, stdout, stderr = self._node([self.pending[k][:2] for k in keys]).result()
        if returncode != 0:
            raise MathError(f"KaTeX failed to run: {stderr.strip()}")
        errors = []
        for key, result in zip(keys, json.loads(stdout), strict=True):
            tex, _, where = self.pending[key]
            if "error" in result:
                errors.append(f"{where}: cannot render ${tex}$: {result['error']}")
            else:
                self.cache[key] = result["html"]
                self.rendered += 1
        if errors:
            raise MathError("\n".join(errors))
        self.pending.clear()
        self._changed = True
        self.seconds = time.perf_counter() - start

    def fonts_of(self, page_html: str) -> set[str]:
        """The font files (``fonts/....woff2``, as KaTeX's CSS names them) that the page's
        equations are drawn in; :meth:`render_pending` must have run."""
        used: set[str] = set()
        for match in ARITHMATEX.finditer(page_html):
            key = self.key(*split_delimiters(match["body"]))
            if key not in _FONTS:
                _FONTS[key] = frozenset(self.fonts.fonts(self.cache[key]))
            used |= _FONTS[key]
        return used

    def fill(self, page_html: str) -> str:
        """Swap each equation for its KaTeX HTML; :meth:`render_pending` must have run."""
        def swap(match: re.Match[str]) -> str:
            return self.cache[self.key(*split_delimiters(match["body"]))]
        return ARITHMATEX.sub(swap, page_html)

    def search_text(self, text: str) -> str:
        """A search index entry with each equation's TeX swapped for its MathML.

        The search plugin indexes a page's TeX (``\\(...\\)``, ``\\[...\\]``, HTML-escaped,
        line breaks made spaces); results show it as HTML, so a reader would see TeX. MathML
        without KaTeX's boxes says each symbol once, and the browser draws it with no
        stylesheet. Code is left as it is. :meth:`render_pending` must have run.
        """
        if self._by_tex is None:
            # Every rendered equation, by its TeX with white space collapsed, as KaTeX's
            # annotation holds it; pages left out of a --dirty build are in the cache too.
            self._by_tex = {}
            for key, rendered in self.cache.items():
                found = _ANNOTATION.search(rendered)
                if found is None:
                    continue
                tex, display = html.unescape(found[1]), 'display="block"' in rendered
                if self.key(tex, display) == key:  # not one of an older KaTeX's
                    self._by_tex[(_collapse(tex), display)] = key

        def swap(match: re.Match[str]) -> str:
            tex, display = split_delimiters(match[0])
            key = self._by_tex.get((_collapse(tex), display))
            if key is None:
                raise MathError(f"the search index holds an equation that was never rendered: "
                                f"{match[0]!r}")
            return _mathml(self.cache[key])

        parts = _INDEX_CODE.split(text)
        return "".join(part if i % 2 else _INDEX_MATH.sub(swap, part)
                       for i, part in enumerate(parts))

    def save(self) -> None:
        if self._changed:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.cache_file, json.dumps(self.cache, sort_keys=True))
            self._changed = False


#: An equation as the search plugin indexes it: the arithmatex element's text, delimiters kept.
_INDEX_MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]"
                         r"|\\begin\{(?P<name>[^}]+)\}.*?\\end\{(?P=name)\}", re.S)
_INDEX_CODE = re.compile(r"(<code>.*?</code>)", re.S)
_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)


def _collapse(tex: str) -> str:
    return " ".join(tex.split())


def _mathml(katex_html: str) -> str:
    """KaTeX's MathML of an equation, without the TeX annotation: HTML needs no namespace,
    and ``semantics`` only held the annotation beside the formula."""
    found = re.search(r"<math\b.*?</math>", katex_html, re.S)
    if found is None:
        raise MathError(f"KaTeX gave no MathML: {katex_html[:80]!r}")
    mathml = re.sub(r"<annotation\b.*?</annotation>|</?semantics>", "", found[0], flags=re.S)
    return mathml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)


class _KatexRun:
    """One Node.js run of ``katex_render.mjs``, talked to from a thread so it runs meanwhile."""

    def __init__(self, command: list[str], equations: list[tuple[str, bool]], cwd: Path):
        self.equations = equations
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, cwd=cwd,
                                        env={**os.environ, "NODE_NO_WARNINGS": "1"})
        payload = json.dumps([{"tex": tex, "display": display} for tex, display in equations])
        self.thread = threading.Thread(target=self._talk, args=(payload,), daemon=True)
        self.thread.start()

    def _talk(self, payload: str) -> None:
        self.stdout, self.stderr = self.process.communicate(payload)

    def result(self) -> tuple[int, str, str]:
        self.thread.join()
        return self.process.returncode, self.stdout, self.stderr


_SOURCE_MATH = re.compile(
    r"\$\$(?P<display>.+?)\$\$|(?<![\\$\w])\$(?P<inline>[^\s$](?:[^$\n]*?[^\s\\$])?)\$", re.S)
_SOURCE_CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]*`", re.S | re.M)


def source_equations(text: str) -> list[tuple[str, bool]]:
    """The equations of Markdown source, as arithmatex will hand them over, outside code and
    skipping any that hold a ``{{ value }}`` yet to be filled."""
    found = []
    for match in _SOURCE_MATH.finditer(_SOURCE_CODE.sub(" ", text)):
        tex = (match["display"] or match["inline"]).strip()
        if "{{" not in tex:
            found.append((tex, match["display"] is not None))
    return found


_NOT_PROSE = re.compile(
    r"<(pre|code|script|style|annotation|textarea)\b.*?</\1>|<[^>]+>", re.S | re.I)
_RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\\end\{|(?<![\w$\\])\$[^\s$][^$\n]*\$")


def leftover_tex(page_html: str) -> list[str]:
    """TeX that a reader would see raw: delimiters left in the text outside code and MathML."""
    text = _NOT_PROSE.sub(" ", page_html)
    return [m[0] for m in _RAW_TEX.finditer(html.unescape(text))]
