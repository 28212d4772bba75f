"""The figures' regression baselines: a PNG of each figure and a summary of the data it plots.

    python -m scripts.baselines             # render into test-results/figures/actual
    python -m scripts.baselines --refresh   # rewrite tests/baseline/ on purpose (make baselines)

The figures are the site's own (``scripts.assets.chapter_figures``), drawn in the
light theme straight to PNG. ``tests/test_figures.py`` renders them again and
compares with ``tests/baseline/`` under a stated RMS tolerance, and the data with
numeric tolerances, so a change that moves a curve by less than a pixel is still
caught. A normal test run never writes the baselines.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import style
from scripts.assets import chapter_figures

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "baseline"
#: Small renders: enough to see a curve move, small enough to keep in git.
DPI = 60


def render(out: Path) -> dict[str, list]:
    """Write ``out/NAME.png`` for every figure; return each figure's data, as lists."""
    out.mkdir(parents=True, exist_ok=True)
    data = {}
    for spec in chapter_figures(nnbook.run()):
        fig = spec.draw()
        try:
            with style.use(style.LIGHT):
                fig.savefig(out / f"{spec.name}.png", dpi=DPI, facecolor="white",
                            metadata={"Software": None})
        finally:
            plt.close(fig)
        data[spec.name] = [np.asarray(array).tolist() for array in spec.data]
    return data


def write(out: Path) -> Path:
    data_file = out / "figure-data.json"
    data_file.write_text(json.dumps(render(out), indent=1) + "\n", encoding="utf-8")
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
