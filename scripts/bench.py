"""Benchmarks whose ratios are measured in one run, alternating the sides compared.

    python scripts/bench.py [train] [--repeats N]

``train`` times :func:`nnbook.train` for the chapter's epochs against the seed
notebook's own loop, with the same data, weights and full error history.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nnbook  # noqa: E402
from nnbook import seed as seed_notebook  # noqa: E402


def alternate(cases: dict[str, Callable[[], object]], repeats: int) -> dict[str, list[float]]:
    """Seconds of each case, run in turn ``repeats`` times so drift hits every case alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, case in cases.items():
            start = time.perf_counter()
            case()
            times[name].append(time.perf_counter() - start)
    return times


def table(title: str, times: dict[str, list[float]], baseline: str) -> str:
    """Medians, spreads and each case's speed-up over ``baseline``."""
    base = statistics.median(times[baseline])
    lines = [title, f"  {'case':<34}{'median':>10}{'min':>10}{'max':>10}{'speed-up':>10}"]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"  {name:<34}{median:>9.3f}s{min(values):>9.3f}s{max(values):>9.3f}s"
                     f"{base / median:>9.2f}x")
    return "\n".join(lines)


def bench_train(repeats: int) -> str:
    p = nnbook.CHAPTER
    inputs, targets = nnbook.training_inputs(), nnbook.training_outputs()
    weights = nnbook.init_weights(p.seed)

    def seed_loop() -> None:
        errors = np.zeros((p.epochs, len(inputs)))
        seed_notebook.train_nn(inputs, targets, weights.copy(), p.epochs, errors, alpha=p.alpha)

    def library() -> None:
        nnbook.train(inputs, targets, weights, p.epochs, p.alpha)

    times = alternate({"seed notebook's train_nn": seed_loop, "nnbook.train": library}, repeats)
    return table(f"Training, {p.epochs} epochs, alpha={p.alpha}, full error history kept "
                 f"({repeats} alternating runs)", times, baseline="seed notebook's train_nn")


SECTIONS = {"train": bench_train}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", choices=[*SECTIONS, []], default=list(SECTIONS),
                        help="what to measure (default: everything)")
    parser.add_argument("--repeats", type=int, default=7, help="alternating runs per case")
    args = parser.parse_args(argv)
    for name in args.sections or SECTIONS:
        print(SECTIONS[name](args.repeats), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
