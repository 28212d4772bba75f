"""The figures' regression baselines: a PNG of each figure and a summary of the data it plots.

    python -m scripts.dev.baselines             # render into test-results/figures/actual
    python -m scripts.dev.baselines --refresh   # rewrite tests/baseline/ (make baselines)

The figures are the site's own (every page's module under ``nnbook/book/``), drawn in the
light theme straight to PNG. ``tests/figures/`` renders them again and compares with
``tests/baseline/`` under a stated RMS tolerance, and what each figure plots (the points of
its lines, its circles, its texts, its axis limits) with numeric tolerances, so a change that
moves a curve by less than a pixel is still caught. A normal test run never writes the
baselines.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.patches import Circle

from nnbook.book import style
from scripts.hook.build import page_modules

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "tests" / "baseline"
#: Small renders: enough to see a curve move, small enough to keep in git.
DPI = 60


def plotted(fig) -> dict[str, list]:
    """What a figure actually shows: every line's points, every circle, every text."""
    data: dict[str, list] = {}
    for i, ax in enumerate(fig.axes):
        for j, line in enumerate(ax.get_lines()):
            data[f"axes {i} line {j}"] = line.get_xydata().tolist()
        circles = [[*patch.center, patch.radius] for patch in ax.patches
                   if isinstance(patch, Circle)]
        if circles:
            data[f"axes {i} circles"] = circles
        legend = ax.get_legend()
        data[f"axes {i} texts"] = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(),
                                   *(t.get_text() for t in ax.texts),
                                   *(t.get_text() for t in (legend.get_texts() if legend else []))]
        data[f"axes {i} limits"] = [*ax.get_xlim(), *ax.get_ylim()]
    return data


def figures() -> dict:
    """Every figure of the site, by name: each page's book's."""
    import importlib
    return {name: draw for module in page_modules(ROOT, "nnbook.book")
            for name, draw in importlib.import_module(module).book().figures.items()}


def render(out: Path) -> dict[str, dict[str, list]]:
    """Write ``out/NAME.png`` for every figure; return what each figure shows."""
    out.mkdir(parents=True, exist_ok=True)
    data = {}
    matplotlib.use("Agg")
    for name, draw in figures().items():
        fig = draw()
        try:
            with style.use(style.LIGHT):
                fig.savefig(out / f"{name}.png", dpi=DPI, facecolor="white",
                            metadata={"Software": None})
            data[name] = plotted(fig)
        finally:
            plt.close(fig)
    return data


def write(out: Path) -> Path:
    """The PNGs, and ``figure-data.json`` with one line per plotted element."""
    data_file = out / "figure-data.json"
    lines = [f"  {json.dumps(name)}: {{\n"
             + ",\n".join(f"    {json.dumps(key)}: {json.dumps(value)}"
                          for key, value in elements.items())
             + "\n  }" for name, elements in render(out).items()]
    data_file.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return data_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true",
                        help=f"rewrite the baselines in {BASELINE.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    out = BASELINE if args.refresh else ROOT / "test-results" / "figures" / "actual"
    if args.refresh:
        for old in BASELINE.glob("*.png"):
            old.unlink()
    print(f"wrote {write(out).parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
