"""Draws one page's figures and computes the values it quotes, into a folder.

    python -m scripts.steps.figures OUT MODULE

MODULE, a page's module (nnbook/book/), has a ``book()`` that names the page's figures and
values. Writes OUT/values.json, OUT/figures/NAME.svg and NAME.dark.svg for each figure, and
OUT/figures.json with each figure's size.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path

import matplotlib
import numpy as np

from scripts.steps import main

matplotlib.use("Agg")  # before the book's module imports pyplot


def svg_size(svg: str) -> tuple[int, int]:
    """Width and height in CSS pixels, from the SVG's viewBox (in points)."""
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if box is None:
        raise ValueError("the SVG has no viewBox")
    return round(float(box[1]) * 4 / 3), round(float(box[2]) * 4 / 3)


def make(out: Path, module: str) -> None:
    try:
        book = importlib.import_module(module).book()
    except Exception as error:
        raise RuntimeError(f"{module}.book() failed: {type(error).__name__}: {error}") \
            from error
    # A table stays text; NumPy's numbers and arrays become JSON's.
    values = json.dumps(book.values, indent=1, default=lambda v: np.asarray(v).tolist())
    (out / "values.json").write_text(values, encoding="utf-8")
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


if __name__ == "__main__":
    sys.exit(main(make))
