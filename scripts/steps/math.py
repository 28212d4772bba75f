"""Renders one page's equations with KaTeX: the page ships HTML and MathML, no math script.

    python -m scripts.steps.math OUT PAGE < EQUATIONS.json

EQUATIONS.json lists the page's equations, ``{"tex": ..., "display": ...}`` each; one run of
:file:`katex_render.mjs`, which holds KaTeX's options, writes OUT/math.json: each one's HTML,
in order. An equation KaTeX refuses fails the step, naming the page and the TeX.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.steps import depend_on, main

SCRIPT = Path(__file__).with_name("katex_render.mjs")
KATEX = Path("node_modules", "katex", "package.json")


def make(out: Path, page: str) -> None:
    equations, node = sys.stdin.read(), shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed to render math at build time, and `node` is "
                           "not on PATH")
    for path in (SCRIPT, KATEX):  # the script, and the KaTeX that package-lock.json pins
        depend_on(path)
    done = subprocess.run([node, str(SCRIPT)], input=equations, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"KaTeX failed to run: {done.stderr.strip()}")
    rendered = json.loads(done.stdout)
    errors = [f"{page}: cannot render ${equation['tex']}$: {result['error']}"
              for equation, result in zip(json.loads(equations), rendered, strict=True)
              if "error" in result]
    if errors:
        raise ValueError("; ".join(errors))
    (out / "math.json").write_text(json.dumps([r["html"] for r in rendered]), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(make))
