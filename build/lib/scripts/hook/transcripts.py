"""A page's Python transcripts: fenced ``pycon`` blocks of ``>>>`` statements, which the
transcripts step (:mod:`scripts.steps.transcripts`) runs and this module puts back filled."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

BLOCK = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})pycon[^\n]*\n(?P<body>.*?)"
                   r"^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S)


class TranscriptError(ValueError):
    """A page whose transcripts are not the ones the build ran."""


def find(docs: Path) -> dict[str, list[str]]:
    """Every page's transcripts, by the page's path under ``docs``."""
    found = {}
    for source in sorted(docs.rglob("*.md")):
        blocks = [textwrap.dedent(m["body"]) for m in BLOCK.finditer(source.read_text("utf-8"))]
        if blocks:
            found[source.relative_to(docs).as_posix()] = blocks
    return found


def fill(markdown: str, ran: dict[str, list[str]], where: str) -> str:
    """``markdown`` with each transcript replaced by its run: statements and what they printed."""
    blocks = list(BLOCK.finditer(markdown))
    if not blocks:
        return markdown
    sources = [textwrap.dedent(m["body"]) for m in blocks]
    if where not in ran or len(ran[where]) != len(sources):
        raise TranscriptError(f"{where}: its transcripts changed while the site was built; "
                              f"build again")
    pieces, last = [], 0
    for match, filled in zip(blocks, ran[where], strict=True):
        indent = match["indent"]
        pieces += [markdown[last:match.start("body")],
                   textwrap.indent(filled + "\n", indent, lambda line: True)]
        last = match.end("body")
    return "".join(pieces) + markdown[last:]
