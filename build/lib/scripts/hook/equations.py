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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scripts.hook.steps import remove

ARITHMATEX = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.S)
DELIMITERS = ((r"\(", r"\)"), (r"\[", r"\]"), ("$$", "$$"), ("$", "$"))

#: KaTeX's options live in this script, so its bytes are part of every equation's key.
RENDER_SCRIPT = Path(__file__).resolve().parents[1] / "steps" / "katex_render.mjs"


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
    """KaTeX with a disk cache keyed on the TeX, the mode, KaTeX's version and the script
    that runs it (its options). The cache file holds a hash of its entries: a damaged
    file is discarded, with a line in the log, and its equations rendered again."""

    root: Path
    cache_file: Path
    environment: dict[str, str]
    log: Callable[[str], None]
    cache: dict[str, str] = field(default_factory=dict)
    pending: dict[str, tuple[str, bool, str]] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0
    seconds: float = 0.0
    _by_tex: dict[tuple[str, bool], str] | None = None

    def __post_init__(self) -> None:
        package = self.root / "node_modules" / "katex" / "package.json"
        if not package.exists():
            raise MathError("KaTeX is not installed: run `npm ci` in the project folder "
                            "(`make serve` and `make test` do)")
        self.version = json.loads(package.read_text())["version"]
        self.css = (package.parent / "dist" / "katex.min.css").read_text(encoding="utf-8")
        self.script = RENDER_SCRIPT.read_bytes()
        self.cache = self._load()

    def _load(self) -> dict[str, str]:
        if not self.cache_file.exists() and not self.cache_file.is_symlink():
            return {}
        try:
            stored = json.loads(self.cache_file.read_text(encoding="utf-8"))
            if stored["sha256"] == _entries_hash(stored["equations"]):
                return stored["equations"]
            problem = "its entries do not match its hash"
        except (OSError, ValueError, KeyError, TypeError) as error:
            problem = f"{type(error).__name__}: {error}"
        self.log(f"nnbook: discarded the damaged cache entry {self.cache_file} ({problem}); "
                 f"rendering its equations again")
        remove(self.cache_file)
        return {}

    def key(self, tex: str, display: bool) -> str:
        hasher = hashlib.sha256(f"{self.version}\n{display}\n{tex}\n".encode())
        hasher.update(self.script)
        return hasher.hexdigest()

    def collect(self, page_html: str, where: str) -> None:
        """Note each equation of ``page_html`` not rendered yet; ``where`` names the page."""
        for match in ARITHMATEX.finditer(page_html):
            tex, display = split_delimiters(match["body"])
            key = self.key(tex, display)
            if key in self.cache:
                self.reused += 1
            else:
                self.pending.setdefault(key, (tex, display, where))

    def render_pending(self) -> None:
        """Render every waiting equation in one Node.js run; raise on the first KaTeX refuses."""
        if not self.pending:
            return
        start = time.perf_counter()
        node = shutil.which("node", path=self.environment["PATH"])
        if node is None:
            raise MathError("Node.js is needed to render math at build time, and `node` is not "
                            "on PATH")
        keys = list(self.pending)
        payload = json.dumps([{"tex": tex, "display": display}
                              for tex, display, _ in self.pending.values()])
        done = subprocess.run([node, str(RENDER_SCRIPT)], input=payload, capture_output=True,
                              text=True, cwd=self.root, env=self.environment, check=False)
        if done.returncode != 0:
            raise MathError(f"KaTeX failed to run: {done.stderr.strip()}")
        errors = []
        for key, result in zip(keys, json.loads(done.stdout), strict=True):
            tex, _, where = self.pending[key]
            if "error" in result:
                errors.append(f"{where}: cannot render ${tex}$: {result['error']}")
            else:
                self.cache[key] = result["html"]
                self.rendered += 1
        if errors:
            raise MathError("\n".join(errors))
        self.pending.clear()
        self.seconds = time.perf_counter() - start
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.cache_file.with_name(f"{self.cache_file.name}.{os.getpid()}.part")
        partial.write_text(json.dumps({"sha256": _entries_hash(self.cache),
                                       "equations": self.cache}, sort_keys=True),
                           encoding="utf-8")
        os.replace(partial, self.cache_file)  # a reader sees the old file or the new one

    def fill(self, page_html: str) -> str:
        """Swap each equation for its KaTeX HTML; :meth:`render_pending` must have run."""
        def swap(match: re.Match[str]) -> str:
            return self.cache[self.key(*split_delimiters(match["body"]))]
        return ARITHMATEX.sub(swap, page_html)

    def rewrite_search_index(self, index: Path) -> None:
        """Give the search plugin's index (if it is in use) each equation as MathML."""
        if not index.exists():
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        for doc in data["docs"]:
            doc["title"] = self.search_text(doc["title"])
            doc["text"] = self.search_text(doc["text"])
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                         encoding="utf-8")

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


#: An equation as the search plugin indexes it: the arithmatex element's text, delimiters kept.
_INDEX_MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]"
                         r"|\\begin\{(?P<name>[^}]+)\}.*?\\end\{(?P=name)\}", re.S)
_INDEX_CODE = re.compile(r"(<code>.*?</code>)", re.S)
_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)


def _entries_hash(equations: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(equations, sort_keys=True).encode()).hexdigest()


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


_NOT_PROSE = re.compile(
    r"<(pre|code|script|style|annotation|textarea)\b.*?</\1>|<[^>]+>", re.S | re.I)
_RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\\end\{|(?<![\w$\\])\$[^\s$][^$\n]*\$")


def leftover_tex(page_html: str) -> list[str]:
    """TeX that a reader would see raw: delimiters left in the text outside code and MathML."""
    text = _NOT_PROSE.sub(" ", page_html)
    return [m[0] for m in _RAW_TEX.finditer(html.unescape(text))]
