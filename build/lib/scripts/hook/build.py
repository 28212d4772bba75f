"""What one build knows: its settings, its steps, their outputs, its math.

A :class:`Build` is made in ``on_config`` from ``extra.build`` in mkdocs.yml:

- ``book``: the module whose ``book()`` declares the chapter's figures and values
  (its package's code is in every step's key);
- ``references`` (optional): a record under docs/ that a page's reference list is
  held to (:mod:`scripts.hook.references`);
- ``vendor`` (optional): files under node_modules/ the site serves as they are,
  at ``assets/vendor/PATH`` (package-lock.json pins them).

Every notebook under docs/ becomes a page. The build names nothing of the chapter.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from scripts.hook import references, transcripts
from scripts.hook.equations import MathError, MathRenderer
from scripts.hook.steps import Cache, Step, StepError, environment

#: What every step's output depends on, besides the library and its own input.
STEP_CODE = "scripts/steps/*"
KATEX_DIR = "assets/katex"
VENDOR_DIR = "assets/vendor"
#: Fonts that every equation of the chapter is drawn in, fetched while the head is read.
PRELOAD_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")


class Build:
    def __init__(self, config, log) -> None:
        self.started = time.perf_counter()
        _reproducible_dates()
        self.config = config
        self.root = Path(config.config_file_path).resolve().parent
        self.docs = Path(config.docs_dir)
        settings = config.extra.get("build", {})
        if "book" not in settings:
            raise PluginError("nnbook: mkdocs.yml must name the module that declares the "
                              "chapter's figures and values, as extra: build: book:")
        self.vendor = settings.get("vendor", [])
        self.cache = Cache(self.root / ".cache" / "nnbook", log.info)
        self.cache.lock(lambda: log.info("nnbook: another build of this project is running; "
                                         "waiting for it to finish"))
        self.cache.tidy()
        self.home = Path(tempfile.mkdtemp(prefix="nnbook-home-"))
        self.env = environment(self.root, self.cache.folder, self.home)
        shared = [f"{settings['book'].split('.')[0]}/**/*.py", STEP_CODE]
        self.figures = Step("figures", "figures", "scripts.steps.figures", [settings["book"]],
                            shared, self.root)
        self.transcripts = transcripts.find(self.docs)
        self.sessions = Step("transcripts", "transcripts", "scripts.steps.transcripts", [],
                             shared, self.root, payload=json.dumps(self.transcripts))
        self.ran: dict[str, list[str]] = {}
        self.notebooks: dict[str, Step] = {}
        for source in sorted(self.docs.rglob("*.ipynb")):
            name = source.relative_to(self.docs).as_posix()
            self.notebooks[name] = Step(
                f"notebook {name}", "notebook-" + name.removesuffix(".ipynb").replace("/", "-"),
                "scripts.steps.notebook", [str(source), name],
                [*shared, source.relative_to(self.root).as_posix()], self.root)
        try:
            self.math = MathRenderer(self.root, self.cache.folder / "math.json", self.env,
                                     log.info)
            self.references = (references.load(self.docs / settings["references"])
                               if "references" in settings else None)
        except (MathError, references.ReferenceError) as error:
            self.finish()
            raise PluginError(f"nnbook: {error}") from None
        self.values: dict[str, object] = {}
        self.sizes: dict[str, dict] = {}
        self.shown: set[str] = set()

    def steps(self) -> list[Step]:
        return [self.figures, self.sessions, *self.notebooks.values()]

    def start(self) -> None:
        for step in self.steps():
            step.start(self.cache, self.env)

    def wait(self, step: Step) -> Path:
        try:
            return step.wait(self.cache)
        except StepError as error:
            raise PluginError(f"nnbook {error}") from None

    def read_transcripts(self) -> None:
        """Wait for the transcripts step; keep each page's transcripts, filled in."""
        folder = self.wait(self.sessions)
        self.ran = json.loads((folder / "transcripts.json").read_text(encoding="utf-8"))

    def read_figures(self) -> Path:
        """Wait for the figures step; keep its values and figure sizes. Its folder."""
        folder = self.wait(self.figures)
        self.values = json.loads((folder / "values.json").read_text(encoding="utf-8"))
        self.sizes = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
        return folder

    def add_assets(self, files: Files) -> None:
        """KaTeX's CSS (without the WOFF and TTF fallbacks: browsers that read it all take
        WOFF2) and fonts, and the vendored files, served by the site."""
        modules = self.root / "node_modules"
        css = re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "",
                     self.math.css)
        files.append(File.generated(self.config, f"{KATEX_DIR}/katex.min.css", content=css))
        for font in sorted((modules / "katex" / "dist" / "fonts").glob("*.woff2")):
            files.append(File.generated(self.config, f"{KATEX_DIR}/fonts/{font.name}",
                                        abs_src_path=str(font)))
        for path in self.vendor:
            if not (modules / path).is_file():
                raise PluginError(f"nnbook: extra.build.vendor names node_modules/{path}, which "
                                  f"is not installed; run `npm ci`")
            files.append(File.generated(self.config, f"{VENDOR_DIR}/{path}",
                                        abs_src_path=str(modules / path)))

    def link_katex(self, output: str, page) -> str:
        """Link KaTeX's stylesheet ahead of the site's own CSS, and preload the fonts every
        equation is drawn in, so the browser fetches them while it reads the head."""
        def url(path: str) -> str:
            return get_relative_url(path, page.url)

        links = [f'<link rel="preload" href="{url(f"{KATEX_DIR}/fonts/{font}")}" as="font" '
                 f'type="font/woff2" crossorigin>' for font in PRELOAD_FONTS]
        links.append(f'<link rel="stylesheet" href="{url(f"{KATEX_DIR}/katex.min.css")}">')
        block = "\n    ".join(links)
        if self.config.extra_css:
            first = f'<link rel="stylesheet" href="{url(self.config.extra_css[0])}">'
            if first in output:
                return output.replace(first, f"{block}\n    {first}", 1)
        return output.replace("</head>", f"  {block}\n  </head>", 1)

    def stop(self) -> None:
        for step in self.steps():
            step.stop()

    def finish(self) -> None:
        """Let the next build of this tree go, and remove this one's scratch home."""
        self.cache.unlock()
        shutil.rmtree(self.home, ignore_errors=True)

    def summary(self) -> str:
        """One line: what each step redid or reused, and how long it took."""
        def done(step: Step, verb: str) -> str:
            return f"{verb} in {step.seconds:.1f} s" if step.seconds is not None else "current"

        parts = [f"figures: {len(self.sizes)} {done(self.figures, 'drawn')}",
                 f"transcripts: {sum(map(len, self.transcripts.values()))} "
                 f"{done(self.sessions, 'run')}"]
        parts += [f"notebook {name}: {done(step, 'executed')}"
                  for name, step in self.notebooks.items()]
        parts.append(f"math: {self.math.rendered} rendered, {self.math.reused} cached"
                     + (f" in {self.math.seconds:.1f} s" if self.math.rendered else ""))
        parts.append(f"build {time.perf_counter() - self.started:.1f} s")
        return "nnbook: " + "; ".join(parts)


def _reproducible_dates() -> None:
    """Date the build by the last commit, so two builds of one commit are the same bytes."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    done = subprocess.run(["git", "log", "-1", "--format=%ct"], capture_output=True,
                          text=True, check=False)
    if done.returncode == 0 and done.stdout.strip().isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = done.stdout.strip()
