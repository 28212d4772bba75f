"""Makes the chapter's figures and the values its prose quotes, from nnbook, into a folder.

    python -m scripts.assets OUT

The MkDocs hook runs this in a fresh process whenever the code behind it changed,
so it always imports the nnbook on disk. A figure is redrawn only when its key
changed: the data it plots, its drawing code, the library versions. Writes
OUT/values.json, OUT/figures/NAME.svg (light) and NAME.dark.svg, and last
OUT/manifest.json, which lists every figure with its key and size.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import io
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import metadata
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import figures, style
from nnbook.chapter import ChapterRun
from scripts import values as chapter_values
from scripts.jobs import write_atomically

ROOT = Path(__file__).resolve().parent.parent
#: What every figure's drawing depends on, besides its data and its own drawing functions.
DRAWING_SOURCES = ("nnbook/style.py", "scripts/assets.py")
DRAWING_PACKAGES = ("matplotlib", "nnv", "numpy")


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the chapter: how to draw it and the data it shows."""

    name: str
    draw: Callable[[], matplotlib.figure.Figure]
    data: tuple[np.ndarray, ...]


def chapter_figures(run: ChapterRun) -> list[FigureSpec]:
    """Every figure the pages show, with the data each one plots."""
    errors, weights = run.result.errors, run.result.weights
    labels = [f"x = {row}" for row in run.inputs.astype(int).tolist()]
    activations = tuple(np.stack([a.f(figures.ACTIVATION_Z), a.prime(figures.ACTIVATION_Z)])
                        for a in nnbook.ACTIVATIONS)
    return [
        FigureSpec("network-layers", figures.layers_network, ()),
        FigureSpec("perceptron-network", figures.perceptron_network, ()),
        FigureSpec("weights", partial(figures.weights_diagram, weights[:, 0]), (weights,)),
        FigureSpec("sigmoid", figures.sigmoid_curve,
                   (figures.SIGMOID_X, nnbook.sigmoid(figures.SIGMOID_X))),
        FigureSpec("activations", figures.activation_functions, activations),
        *(FigureSpec(f"errors-{scale}",
                     partial(figures.error_curves, errors, scale, labels=labels),
                     (errors[figures.sampled_epochs(len(errors), scale)],
                      np.array(labels)))
          for scale in ("linear", "loglog")),
    ]


def drawing_digest() -> str:
    """A hash of the code every figure shares and of the versions of the libraries that draw."""
    digest = hashlib.sha256()
    for path in DRAWING_SOURCES:
        digest.update((ROOT / path).read_bytes())
    for package in DRAWING_PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()


def drawing_source(draw: Callable) -> str:
    """The source of a figure's drawing function and of every nnbook function it calls.

    So an edit to one figure's code redraws that figure only; data the figure plots
    is keyed separately, by value.
    """
    first = draw.func if isinstance(draw, partial) else draw
    seen, todo, sources = set(), [first], []
    while todo:
        function = todo.pop()
        if function in seen:
            continue
        seen.add(function)
        sources.append(inspect.getsource(function))
        codes = [function.__code__]
        while codes:
            code = codes.pop()
            codes += [c for c in code.co_consts if inspect.iscode(c)]
            for name in code.co_names:
                called = function.__globals__.get(name)
                if inspect.isfunction(called) and called.__module__.startswith("nnbook"):
                    todo.append(called)
    return "\n".join(sorted(sources))


def figure_key(spec: FigureSpec, drawing: str) -> str:
    digest = hashlib.sha256(f"{spec.name}\n{drawing}\n{drawing_source(spec.draw)}".encode())
    for array in spec.data:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def render_svg(spec: FigureSpec) -> str:
    """The figure as SVG text, reproducible byte for byte."""
    fig = spec.draw()
    try:
        with style.use(style.LIGHT):
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    finally:
        plt.close(fig)
    return buffer.getvalue()


def dark_variant(svg: str) -> str:
    """The light drawing with the dark palette: same geometry, colours swapped."""
    swaps = {}
    for field in ("text", "muted", "accent", "node", "node_text", "lines"):
        light, dark = getattr(style.LIGHT, field), getattr(style.DARK, field)
        for a, b in zip(*((light, dark) if field == "lines" else ([light], [dark])), strict=True):
            a, b = a.lower(), b.lower()
            if swaps.setdefault(a, b) != b:
                raise ValueError(f"light colour {a} has two dark counterparts")
    # One pass, so a colour swapped in is never swapped again.
    pattern = "|".join(sorted(swaps, key=len, reverse=True))
    return re.sub(pattern, lambda m: swaps[m[0]], svg)


def svg_size(svg: str) -> tuple[int, int]:
    """Width and height in CSS pixels, from the SVG's viewBox (in points)."""
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if box is None:
        raise ValueError("the SVG has no viewBox")
    return round(float(box[1]) * 4 / 3), round(float(box[2]) * 4 / 3)


def build(out: Path) -> dict[str, object]:
    """Compute the values, redraw the stale figures, and return the new manifest."""
    start = time.perf_counter()
    run = nnbook.run()
    seed = nnbook.run_seed(run.parameters)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    write_atomically(out / "values.json",
                     json.dumps(chapter_values.chapter_values(run, seed), indent=1))
    computed = time.perf_counter()

    manifest_path = out / "manifest.json"
    old = json.loads(manifest_path.read_text())["figures"] if manifest_path.exists() else {}
    drawing = drawing_digest()
    entries, redrawn = {}, []
    for spec in chapter_figures(run):
        key = figure_key(spec, drawing)
        light = out / "figures" / f"{spec.name}.svg"
        dark = light.with_name(f"{spec.name}.dark.svg")
        previous = old.get(spec.name)
        if previous and previous["key"] == key and light.exists() and dark.exists():
            entries[spec.name] = previous
            continue
        try:
            svg = render_svg(spec)
        except Exception as error:
            raise RuntimeError(f"figure {spec.name!r} failed: {type(error).__name__}: {error}") \
                from error
        write_atomically(light, svg)
        write_atomically(dark, dark_variant(svg))
        width, height = svg_size(svg)
        entries[spec.name] = {"key": key, "width": width, "height": height,
                              "bytes": len(svg.encode())}
        redrawn.append(spec.name)
    return {
        "figures": entries,
        "redrawn": redrawn,
        "seconds": {"values": round(computed - start, 3),
                    "figures": round(time.perf_counter() - computed, 3)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for values.json, figures/ and manifest.json")
    parser.add_argument("--source-digest", default="",
                        help="recorded in the manifest: the hook's hash of the code behind it")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.out)
    except Exception as error:  # the hook shows this line as the build's error
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    manifest["source_digest"] = args.source_digest
    write_atomically(args.out / "manifest.json", json.dumps(manifest, indent=1))
    print(json.dumps({"redrawn": manifest["redrawn"], "seconds": manifest["seconds"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
