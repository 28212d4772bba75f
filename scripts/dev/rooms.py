"""Line counts of the project's code by room, at the working tree or at a commit.

    python -m scripts.dev.rooms [REV ...]

For each revision (default: the working tree; ``HEAD~3``, a commit, a branch) it prints each
room's modules and lines, the lines a page shows as listings, and the largest module: the
evidence of the layout that the README describes. Rooms are told by path, in the layout of
today and in the one flat folder of before (``nnbook/book.py``, ``validation.py``, ...).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict

from scripts.dev.projects import ROOT, working_files

ROOMS = (
    ("taught code", r"nnbook/(__init__|activations|data|perceptron|network|original|study)\.py"),
    ("checks", r"nnbook/(checks|validation)\.py"),
    ("command line", r"nnbook/(cli|reports|__main__)\.py"),
    ("runs", r"nnbook/(runs/.*|chapter|sequel)\.py"),
    ("pages' content", r"nnbook/(book/.*|book|sequel_book|figures|figures_network|lessons|"
                       r"style)\.py"),
    ("build", r"scripts/(__init__\.py|(hook|steps|publish)/.*\.(py|mjs))"),
    ("developer tools", r"scripts/dev/.*\.py"),
)
LISTING = re.compile(r"# --8<-- \[start:[\w-]+\]\n(.*?)# --8<-- \[end:", re.S)


def files_at(revision: str | None) -> dict[str, str]:
    """Every file of the project's code at ``revision`` (None: the working tree), by path."""
    if revision is None:
        return {name: (ROOT / name).read_text(encoding="utf-8") for name in working_files()
                if name.endswith((".py", ".mjs"))}
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", revision], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    return {name: subprocess.run(["git", "show", f"{revision}:{name}"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout
            for name in names if name.endswith((".py", ".mjs"))}


def report(revision: str | None) -> str:
    rooms: dict[str, dict[str, int]] = defaultdict(dict)
    listed = 0
    for name, text in sorted(files_at(revision).items()):
        room = next((room for room, pattern in ROOMS if re.fullmatch(pattern, name)), None)
        if room is not None:
            rooms[room][name] = len(text.splitlines())
        if name.startswith("nnbook/"):
            listed += sum(len(m.splitlines()) for m in LISTING.findall(text))
    lines = [f"{revision or 'the working tree'}:"]
    for room, _ in ROOMS:
        modules = rooms[room]
        lines.append(f"  {room}: {len(modules)} modules, {sum(modules.values()):,} lines")
        lines += [f"    {count:>5}  {name}" for name, count in modules.items()]
    nnbook = {name: n for modules in rooms.values() for name, n in modules.items()
              if name.startswith("nnbook/")}
    build = {name: n for name, n in rooms["build"].items() if name.endswith(".py")}
    lines += [f"  listed on the pages: {listed} lines of nnbook/",
              f"  largest module of nnbook/: {max(nnbook, key=nnbook.get)} "
              f"({max(nnbook.values())} lines)",
              f"  largest module of the build: {max(build, key=build.get)} "
              f"({max(build.values())} lines)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    for revision in (sys.argv[1:] if argv is None else argv) or [None]:
        print(report(revision))
    return 0


if __name__ == "__main__":
    sys.exit(main())
