"""A page's Python transcripts: found in its Markdown, run, and put back with what Python
printed for each statement.

    python -m scripts.steps.transcripts OUT PAGE < TRANSCRIPTS.json

A transcript is a fenced ``pycon`` block of ``>>>`` statements (``...`` continues one);
the hook finds a page's (:func:`find`) and puts them back filled (:func:`fill`). They run in
one namespace, as one interactive session, each statement showing what the interpreter
prints for it. Lines after a statement that are neither ``>>>`` nor ``...`` are its expected
output, checked as doctest checks it: a difference, or an exception, fails the step naming
the page and the statement. Writes OUT/transcripts.json, the transcripts filled in.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import textwrap
import traceback
from pathlib import Path

from scripts.steps import main

PROMPT, MORE = ">>> ", "... "
#: A transcript: a fenced ``pycon`` block, at any indent.
BLOCK = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})pycon[^\n]*\n(?P<body>.*?)"
                   r"^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S)


class TranscriptError(ValueError):
    """A statement that raised or printed otherwise, or transcripts the build did not run."""


def find(markdown: str) -> list[str]:
    """The page's transcripts' sources, in order."""
    return [textwrap.dedent(m["body"]) for m in BLOCK.finditer(markdown)]


def fill(markdown: str, ran: list[str], where: str) -> str:
    """``markdown`` with each transcript replaced by its run: statements and what they printed."""
    blocks = list(BLOCK.finditer(markdown))
    if len(ran) != len(blocks):
        raise TranscriptError(f"{where}: its transcripts changed while the site was built; "
                              f"build again")
    pieces, last = [], 0
    for match, filled in zip(blocks, ran, strict=True):
        pieces += [markdown[last:match.start("body")],
                   textwrap.indent(filled + "\n", match["indent"], lambda line: True)]
        last = match.end("body")
    return "".join(pieces) + markdown[last:]


def statements(source: str) -> list[tuple[str, str | None]]:
    """The transcript's statements, each with the output written after it (None if none)."""
    found: list[tuple[list[str], list[str]]] = []
    for line in source.splitlines():
        if line.startswith(PROMPT) or line.rstrip() == PROMPT.strip():
            found.append(([line[len(PROMPT):]], []))
        elif (line.startswith(MORE) or line.rstrip() == MORE.strip()) and found \
                and not found[-1][1]:
            found[-1][0].append(line[len(MORE):])
        elif found:
            found[-1][1].append(line)
        elif line.strip():
            raise TranscriptError(f"a transcript starts with {line!r}, not a >>> statement")
    return [("\n".join(code), "\n".join(out) if out else None) for code, out in found]


def run(code: str, namespace: dict) -> str:
    """What the interactive interpreter prints for ``code``: its prints and the value of an
    expression (``sys.displayhook``)."""
    printed, compiled = io.StringIO(), compile(code + "\n", "<stdin>", "single")
    with contextlib.redirect_stdout(printed):
        saved, sys.displayhook = sys.displayhook, sys.__displayhook__
        try:
            exec(compiled, namespace)
        finally:
            sys.displayhook = saved
    return printed.getvalue().rstrip("\n")


def session(page: str, transcripts: list[str]) -> list[str]:
    """Run one page's transcripts in one namespace; each, filled with what Python printed."""
    namespace: dict = {"__name__": "__main__"}
    filled = []
    for source in transcripts:
        lines = []
        for code, expected in statements(source):
            try:
                printed = run(code, namespace)
            except Exception as error:
                last = traceback.format_exception_only(error)[-1].strip()
                raise TranscriptError(f"{page}: >>> {code.splitlines()[0]} raised {last}") \
                    from None
            if expected is not None and expected.rstrip() != printed:
                raise TranscriptError(f"{page}: >>> {code.splitlines()[0]} printed "
                                      f"{printed!r}, not {expected.rstrip()!r}")
            lines += [PROMPT + code.replace("\n", "\n" + MORE)] + ([printed] if printed else [])
        filled.append("\n".join(lines))
    return filled


def make(out: Path, page: str) -> None:
    filled = session(page, json.load(sys.stdin))
    (out / "transcripts.json").write_text(json.dumps(filled, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(make))
