"""Turns mkdocs-jupyter's notebook HTML into a page that fits the site.

mkdocs-jupyter inlines about 575 KB of JupyterLab CSS, a clipboard script, an empty
``<script src="">``, a MathJax configuration and a mermaid loader from a CDN. This drops them
(``css/nnbook.css`` styles the cells), gives code cells the markup Material highlights and
copies, and marks Markdown cells' math as ``pymdownx.arithmatex`` does, for the math step.
"""

from __future__ import annotations

import re
from importlib import resources

from bs4 import BeautifulSoup, NavigableString

_DROP = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->", re.S | re.I)
_MATH = re.compile(
    r"\$\$(?P<display>.+?)\$\$"
    r"|(?P<env>\\begin\{(?P<name>[a-z]+\*?)\}.+?\\end\{(?P=name)\})"
    r"|(?<![\\$])\$(?P<inline>[^\s$](?:[^$]*?[^\s\\$])?)\$",
    re.S,
)


def clean(notebook_html: str, download: str) -> str:
    """The notebook's HTML for the site, with a button that downloads ``download``."""
    soup = BeautifulSoup(_DROP.sub("", notebook_html), "html.parser")
    for junk in soup.select(".zeroclipboard-container, .clipboard-copy-txt, .jp-Collapser"):
        junk.decompose()
    # Code cells, and code blocks in Markdown cells: Material's markup, <pre><code>, so its
    # styles (a long line scrolls in its box) and copy button apply.
    for block in soup.select("div.highlight-ipynb, .jp-RenderedMarkdown div.highlight"):
        pre = block.pre
        if pre.code is None:
            code = soup.new_tag("code")
            code.extend(list(pre.contents))
            pre.append(code)
        if "highlight-ipynb" in block["class"]:
            block["class"] = ["language-python", "highlight"]
    # A figure a cell draws has no description of its own (nbconvert writes "No description
    # has been provided"): name the call that drew it, the cell's last line.
    for cell in soup.select(".jp-CodeCell"):
        code = cell.select_one(".jp-InputArea pre")
        lines = [line for line in (code.get_text() if code else "").splitlines() if line.strip()]
        for image in cell.select(".jp-RenderedImage img"):
            if lines:
                image["alt"] = f"The figure drawn by {lines[-1].strip().rstrip(';')}"
    for anchor in soup.select("a.anchor-link"):
        anchor["class"] = ["headerlink"]
        anchor["title"] = "Permanent link"
    for element in soup.select("[tabindex]"):
        del element["tabindex"]
    for cell in soup.select(".jp-RenderedMarkdown"):
        _mark_math(soup, cell)
    button = soup.new_tag("a", attrs={
        "href": download, "download": "", "class": "md-content__button md-icon",
        "title": "Download the executed notebook", "aria-label": "Download the executed notebook",
    })
    icon = resources.files("material") / "templates" / ".icons" / "material" / "download.svg"
    button.append(BeautifulSoup(icon.read_text(encoding="utf-8"), "html.parser"))
    return str(button) + str(soup)


def _mark_math(soup: BeautifulSoup, cell) -> None:
    for text in list(cell.find_all(string=True)):
        if text.find_parent(["code", "pre"]) or not _MATH.search(text):
            continue
        pieces, last = [], 0
        for match in _MATH.finditer(text):
            pieces.append(NavigableString(text[last:match.start()]))
            if match["inline"] is not None:
                element = soup.new_tag("span", attrs={"class": "arithmatex"})
                element.string = rf"\({match['inline']}\)"
            else:
                element = soup.new_tag("div", attrs={"class": "arithmatex"})
                element.string = rf"\[{match['display'] or match['env']}\]"
            pieces.append(element)
            last = match.end()
        pieces.append(NavigableString(text[last:]))
        text.replace_with(*pieces)
