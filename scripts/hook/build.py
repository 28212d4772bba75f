"""What one build knows: its settings, its steps, their outputs, its math.

A :class:`Build` is made in ``on_config`` from ``extra.build`` in mkdocs.yml: ``book``, the
package of the pages' modules, each module of which with a ``book()`` gets a figures step;
``references`` (optional), a record under docs/ a page's reference list is held to; ``vendor``
(optional), files under node_modules/ the site serves at ``assets/vendor/PATH``. Each page's
transcripts get a step, each notebook under docs/ one, and each page's equations one. The
build names nothing of the chapter.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from scripts import reproducible_dates
from scripts.hook import references
from scripts.hook.equations import Equations
from scripts.hook.steps import Cache, Step, StepError, environment
from scripts.steps import transcripts

KATEX_DIR = "assets/katex"
VENDOR_DIR = "assets/vendor"
#: Fonts that every equation of the chapter is drawn in, fetched while the head is read.
PRELOAD_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")


def page_modules(root: Path, package: str) -> list[str]:
    """The modules of ``package`` (a folder of the project) that define a ``book()``."""
    folder = root.joinpath(*package.split("."))
    if not (folder / "__init__.py").is_file():
        raise PluginError(f"nnbook: extra.build.book names {package}, which is not a package "
                          f"of the project")
    return [f"{package}.{path.stem}" for path in sorted(folder.glob("*.py"))
            if re.search(r"^def book\(", path.read_text(encoding="utf-8"), re.M)]


class Build:
    def __init__(self, config, log) -> None:
        self.started = time.perf_counter()
        reproducible_dates()
        self.config = config
        self.root = Path(config.config_file_path).resolve().parent
        self.docs = Path(config.docs_dir)
        settings = config.extra.get("build", {})
        if "book" not in settings:
            raise PluginError("nnbook: mkdocs.yml must name the package of the pages' "
                              "modules, as extra: build: book:")
        self.vendor = settings.get("vendor", [])
        self.katex = self.root / "node_modules" / "katex"
        if not (self.katex / "package.json").is_file():
            raise PluginError("nnbook: KaTeX is not installed: run `npm ci` in the project "
                              "folder (`make serve` and `make test` do)")
        self.references = (references.load(self.docs / settings["references"])
                           if "references" in settings else None)
        self.cache = Cache(self.root / ".cache" / "nnbook", self.root, log.info)
        self.figures = [Step(f"figures {module}", [module])
                        for module in page_modules(self.root, settings["book"])]
        self.transcripts: dict[str, Step] = {}
        for source in sorted(self.docs.rglob("*.md")):
            page = source.relative_to(self.docs).as_posix()
            if found := transcripts.find(source.read_text(encoding="utf-8")):
                self.transcripts[page] = Step(f"transcripts {page}", [page], json.dumps(found))
        self.notebooks: dict[str, Step] = {}
        for source in sorted(self.docs.rglob("*.ipynb")):
            name = source.relative_to(self.docs).as_posix()
            self.notebooks[name] = Step(f"notebook {name}", [os.path.relpath(source, self.root),
                                                              name])
        self.downloads: dict[str, File] = {}
        self.values: dict[str, object] = {}
        self.sizes: dict[str, dict] = {}
        self.shown, self.ran = set(), {}  # figures a page shows; transcripts, filled, by page
        # Last, once nothing above can fail: the lock, which finish() lets go.
        self.cache.lock(lambda: log.info("nnbook: another build of this project is running; "
                                         "waiting for it to finish"))
        self.cache.tidy()
        self.home = Path(tempfile.mkdtemp(prefix="nnbook-home-"))
        self.env = environment(self.root, self.cache.folder, self.home)
        self.math = Equations(self.cache, self.env)

    def steps(self) -> list[Step]:
        return [*self.figures, *self.transcripts.values(), *self.notebooks.values(),
                *(step for step, _ in self.math.steps.values())]

    def start(self) -> None:
        for step in self.steps():
            step.start(self.cache, self.env)

    def wait(self, step: Step) -> Path:
        try:
            return step.wait(self.cache)
        except StepError as error:
            raise PluginError(f"nnbook {error}") from None

    def read_transcripts(self) -> None:
        """Wait for each page's transcripts step; keep its transcripts, filled in."""
        for page, step in self.transcripts.items():
            self.ran[page] = json.loads((self.wait(step) / "transcripts.json").read_text())

    def read_figures(self) -> dict[str, Path]:
        """Wait for every figures step; keep its values and sizes. Each figure's folder."""
        folders, said = {}, {}
        for step in self.figures:
            folder = self.wait(step)
            values = json.loads((folder / "values.json").read_text(encoding="utf-8"))
            sizes = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
            for name in [*values, *sizes]:
                if said.setdefault(name, step.args[0]) != step.args[0]:
                    raise PluginError(f"nnbook: {said[name]} and {step.args[0]} both name "
                                      f"{name!r}; a figure or value has one name in the site")
            self.values |= values
            self.sizes |= sizes
            folders |= dict.fromkeys(sizes, folder / "figures")
        return folders

    def add_assets(self, files: Files) -> None:
        """KaTeX's CSS (without the WOFF and TTF fallbacks: browsers that read it all take
        WOFF2) and fonts, and the vendored files, served by the site."""
        css = re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "",
                     (self.katex / "dist" / "katex.min.css").read_text(encoding="utf-8"))
        files.append(File.generated(self.config, f"{KATEX_DIR}/katex.min.css", content=css))
        for font in sorted((self.katex / "dist" / "fonts").glob("*.woff2")):
            files.append(File.generated(self.config, f"{KATEX_DIR}/fonts/{font.name}",
                                        abs_src_path=str(font)))
        for path in self.vendor:
            source = self.root / "node_modules" / path
            if not source.is_file():
                raise PluginError(f"nnbook: extra.build.vendor names node_modules/{path}, which "
                                  f"is not installed; run `npm ci`")
            files.append(File.generated(self.config, f"{VENDOR_DIR}/{path}",
                                        abs_src_path=str(source)))

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
        """One line: how many steps were current, and each that ran, for how long and why."""
        steps = self.steps()
        ran = [f"{step.name} in {step.seconds:.1f} s ({step.reason})"
               for step in steps if step.seconds is not None]
        return (f"nnbook: {len(steps)} steps, {len(steps) - len(ran)} current"
                + "".join(f"; ran {line}" for line in ran)
                + f"; build {time.perf_counter() - self.started:.1f} s")
