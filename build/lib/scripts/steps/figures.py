"""Draws the book's figures and computes the values its pages quote, into a folder.

    python -m scripts.steps.figures OUT MODULE

MODULE (``extra.build.book`` in mkdocs.yml) has a ``book()`` that declares every
figure and value by name (see nnbook/book.py). Writes OUT/values.json,
OUT/figures/NAME.svg and NAME.dark.svg for each figure, and OUT/figures.json
with each figure's size.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path

import matplotlib
import numpy as np

from scripts.steps import FAILED

matplotlib.use("Agg")  # before the book's module imports pyplot


def svg_size(svg: str) -> tuple[int, int]:
    """Width and height in CSS pixels, from the SVG's viewBox (in points)."""
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if box is None:
        raise ValueError("the SVG has no viewBox")
    return round(float(box[1]) * 4 / 3), round(float(box[2]) * 4 / 3)


def plain(value: object) -> object:
    """A value as JSON holds it: a table stays text, numbers and arrays become lists."""
    return value if isinstance(value, str) else np.asarray(value).tolist()


def write(out: Path, book) -> None:
    values = {name: plain(value) for name, value in book.values.items()}
    (out / "values.json").write_text(json.dumps(values, indent=1), encoding="utf-8")
    (out / "figures").mkdir()
    sizes = {}
    for name in book.figures:
        try:
            light, dark = book.svg(name)
        except Exception as error:
            raise RuntimeError(f"figure {name!r} failed: {type(error).__name__}: {error}") \
                from error
        (out / "figures" / f"{name}.svg").write_text(light, encoding="utf-8")
        (out / "figures" / f"{name}.dark.svg").write_text(dark, encoding="utf-8")
        width, height = svg_size(light)
        sizes[name] = {"width": width, "height": height, "bytes": len(light.encode())}
    (out / "figures.json").write_text(json.dumps(sizes, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    out, module = argv if argv is not None else sys.argv[1:]
    try:
        write(Path(out), importlib.import_module(module).book())
    except Exception as error:  # the hook shows this line as the build's error
        print(f"{FAILED}{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
