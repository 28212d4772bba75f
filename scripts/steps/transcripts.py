"""Runs the pages' Python transcripts and writes what Python prints for each statement.

    python -m scripts.steps.transcripts OUT < PAGES.json

A transcript is a fenced ``pycon`` block of ``>>>`` statements (``...`` continues
one). PAGES.json maps each page to its transcripts' sources, in order; each page's
statements run in one fresh namespace, as in one interactive session, and a
statement shows what the interpreter would print for it: its prints, and the
value of an expression. Lines after a statement that are neither ``>>>`` nor
``...`` are its expected output, checked as doctest checks it: any difference, or
any exception, fails the step naming the page and the statement. Writes
OUT/transcripts.json: each page's transcripts, filled in.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import traceback
from pathlib import Path

from scripts.steps import FAILED

PROMPT, MORE = ">>> ", "... "


class TranscriptError(Exception):
    """A statement that raised, or printed other than what its transcript says."""


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
    printed = io.StringIO()
    compiled = compile(code + "\n", "<stdin>", "single")
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


def main(argv: list[str] | None = None) -> int:
    (out,) = argv if argv is not None else sys.argv[1:]
    try:
        pages = json.load(sys.stdin)
        filled = {page: session(page, transcripts) for page, transcripts in pages.items()}
    except Exception as error:  # the hook shows this line as the build's error
        print(f"{FAILED}{error}", file=sys.stderr)
        return 1
    (Path(out) / "transcripts.json").write_text(json.dumps(filled, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
