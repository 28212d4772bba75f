"""The introduction's screenshot of the playground, taken from the built site in Chromium.

    python -m scripts.dev.screenshot [SITE]

writes docs/chapter/img/playground.png and playground.dark.png: the playground after it has
trained RUN, from its stats line to its boundary figure, as a phone of WIDTH pixels shows it
(the diagram above the boundary), at twice the pixels, in the light and the dark palette, in
COLORS colours (Pillow's, which matplotlib brings: a fifth of the bytes of the full colour).
Run it after a change to the playground's look; the introduction gives the images' size in
CSS pixels, which tests/site/test_pages.py holds to the files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from nnbook.runs.hidden_layer import HIDDEN_LAYER
from scripts.dev.chromium import LAUNCH_ARGS, executable
from scripts.dev.lighthouse import Server

ROOT = Path(__file__).resolve().parents[2]
#: Where the images go: the light palette's, and the dark one's beside it.
OUT = ROOT / "docs" / "chapter" / "img" / "playground.png"
#: The run shown: the hidden-layer page's network on XOR, as the introduction's caption links it.
RUN = (f"?model=network&hidden={HIDDEN_LAYER.hidden}&data=xor&seed={HIDDEN_LAYER.seed}"
       f"&epochs={HIDDEN_LAYER.epochs}&alpha={HIDDEN_LAYER.alpha:g}")
#: The page's width in CSS pixels: narrow enough that a phone shows the image near its size.
WIDTH = 440
#: The colours each image keeps: the shading's bands show, as in the book's figures.
COLORS = 64


def take(site: Path) -> list[Path]:
    written = []
    with Server(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable(), args=LAUNCH_ARGS)
        # The site follows the system's palette until the reader picks one.
        for scheme, path in (("light", OUT), ("dark", OUT.with_suffix(".dark.png"))):
            page = browser.new_page(viewport={"width": WIDTH, "height": 900},
                                    device_scale_factor=2, color_scheme=scheme)
            page.goto(f"{server.url}chapter/playground/{RUN}", wait_until="load")
            page.wait_for_function("() => performance.getEntriesByName('playground: train').length")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            top = page.locator("#pg-stats").bounding_box()
            bottom = page.locator(".pg-boundary canvas").bounding_box()
            page.set_viewport_size({"width": WIDTH, "height": int(bottom["y"]) + 900})
            page.screenshot(path=path, clip={"x": 0, "y": top["y"] - 8, "width": WIDTH,
                                             "height": bottom["y"] + bottom["height"] + 16
                                             - top["y"]})
            page.close()
            Image.open(path).convert("RGB").quantize(
                COLORS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE,
            ).save(path, optimize=True)
            written.append(path)
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site",
                        help="the built site (default: site/, as `make build` leaves it)")
    for path in take(parser.parse_args(argv).site):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
