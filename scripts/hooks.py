"""MkDocs hook: the chapter's figures, numbers, notebook and math, made during every build.

Listed under ``hooks:`` in mkdocs.yml. In each build:

1. ``on_config`` starts, in fresh processes, every step whose code changed: the
   figures and values (``scripts.assets``) and the notebook (``scripts.run_notebook``,
   which executes it with a kernel and renders it with mkdocs-jupyter's converter);
2. ``on_files`` waits for the figures and adds them, KaTeX's CSS and fonts, the
   notebook's page and the executed notebook to the site;
3. ``on_pre_page`` waits for the notebook's step and gives its page the rendered HTML;
4. ``on_page_markdown`` fills ``{{ name }}`` from the results mapping, and holds
   the applications page to the committed record of its papers;
5. ``on_page_content`` gives each figure its dark twin and notes new equations;
6. ``on_env`` renders the build's new equations in one KaTeX run;
7. ``on_page_context``, after the search plugin has indexed the page's TeX, puts
   the rendered math in its place and refuses raw TeX;
8. ``on_post_page`` adds the script that draws the blocks skipped while the page loaded
   and keeps a link's target in place meanwhile (``scripts/content_visibility.js``), and
   refuses any page that would load something from another host;
9. ``on_post_build``, after the search plugin, gives its index each equation as
   MathML, refuses such a stylesheet too, and logs one line on what was
   redone; ``on_build_error`` empties
   the half-written site, so a failed build never looks like a good one.

MkDocs keeps this module loaded across ``mkdocs serve`` rebuilds, which is why
everything that imports nnbook runs in a fresh process. Under ``mkdocs serve`` each
step's next process is started after every build (:mod:`scripts.spare`), its
packages imported and, for a notebook, its kernel started, so an edit to nnbook
waits for the step's own work only.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import katex_math, placeholders, references, site_checks  # noqa: E402
from scripts.jobs import Spares, Step, StepError, digest, write_atomically  # noqa: E402

log = logging.getLogger("mkdocs.plugins.nnbook")

FIGURE_DIR = "figures"
KATEX_DIR = "assets/katex"
#: A figure larger than this fails the build: sample the data, don't ship every point.
FIGURE_BUDGET = 150_000
#: In every page's head: blocks far from the screen wait while the page loads (nnbook.css,
#: scripts/content_visibility.js); a browser without JavaScript draws them all at once.
LOADING = 'document.documentElement.classList.add("nnbook-loading")'
LIBRARY = ["nnbook/**/*.py"]


class Build:
    """What one build knows: its steps, its values, its figures, its math."""

    def __init__(self, config) -> None:
        self.config = config
        self.cache = ROOT / ".cache" / "nnbook"
        self.started = time.perf_counter()
        self.figures = Step(
            "figures", [sys.executable, "-m", "scripts.assets", str(self.cache / "assets")],
            digest(ROOT, [*LIBRARY, "scripts/assets.py", "scripts/values.py"],
                   ["numpy", "matplotlib", "nnv"]),
            self.cache / "assets.digest", self._asset_files(), ROOT,
            preload=("numpy", "matplotlib.pyplot", "nnv"))
        self.notebooks = {}
        docs = Path(config.docs_dir)
        for source in sorted(docs.rglob("*.ipynb")):
            name = source.relative_to(docs).as_posix()
            stem = self.cache / "notebooks" / Path(name).with_suffix("")
            self.notebooks[name] = Step(
                f"notebook {name}",
                [sys.executable, "-m", "scripts.run_notebook", str(source), str(stem)],
                digest(ROOT, [*LIBRARY, "scripts/run_notebook.py", "scripts/notebook_page.py",
                              "scripts/site_checks.py", str(source.relative_to(ROOT))],
                       ["numpy", "matplotlib", "nnv", "ipykernel", "nbclient", "nbconvert",
                        "mkdocs-jupyter", "mkdocs-material"]),
                stem.with_suffix(".digest"),
                [stem.with_suffix(suffix) for suffix in (".ipynb", ".html", ".json")], ROOT,
                preload=("scripts.run_notebook:warm_up",))
        self.math = katex_math.MathRenderer(ROOT, self.cache / "math.json")
        self.references = references.load()
        self.values: dict = {}
        self.manifest: dict = {}
        self.referenced: set[str] = set()
        #: The KaTeX font files each page's math is drawn in, by the page's source path.
        self.fonts: dict[str, set[str]] = {}
        #: Put at the end of every page: draws what loading skipped, and links to a heading
        #: land on it (see the script).
        self.page_script = (ROOT / "scripts" / "content_visibility.js").read_text(encoding="utf-8")

    def _asset_files(self) -> list[Path]:
        """The figures step's outputs: its manifest, its values and every figure it lists."""
        assets = self.cache / "assets"
        files = [assets / "manifest.json", assets / "values.json"]
        if files[0].exists():
            for name in json.loads(files[0].read_text())["figures"]:
                files += [assets / "figures" / f"{name}{v}.svg" for v in ("", ".dark")]
        return files

    def steps(self) -> list[Step]:
        return [self.figures, *self.notebooks.values()]

    def start(self) -> None:
        for step in self.steps():
            if not step.current():
                step.start(SPARES.take(step) if SPARES is not None else None)

    def prefetch_math(self) -> None:
        """Render the sources' equations now, beside the other steps, not after the pages."""
        docs = Path(self.config.docs_dir)
        equations = []
        for source in sorted(docs.rglob("*.md")):
            equations += katex_math.source_equations(source.read_text(encoding="utf-8"))
        for source in sorted(docs.rglob("*.ipynb")):
            cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
            for cell in cells:
                if cell["cell_type"] == "markdown":
                    equations += katex_math.source_equations("".join(cell["source"]))
        self.math.prefetch(equations)

    def wait(self, step: Step) -> None:
        try:
            step.wait()
        except StepError as error:
            raise PluginError(f"nnbook {error}") from None

    def summary(self) -> str:
        """One line: what each step redid or reused, and how long it took."""
        figures = self.manifest["figures"]
        if self.figures.ran:
            redrawn = self.manifest["redrawn"]
            seconds = json.loads(self.figures.stdout)["seconds"]
            done = (f"{len(redrawn)} redrawn" + (f" ({', '.join(redrawn)})" if redrawn else "")
                    + f", {len(figures) - len(redrawn)} current in {self.figures.seconds:.1f} s"
                    f"{_warm(self.figures)} (values {seconds['values']:.1f} s, "
                    f"drawing {seconds['figures']:.1f} s)")
        else:
            done = f"0 redrawn, {len(figures)} current"
        parts = [f"figures: {done}"]
        for name, step in self.notebooks.items():
            parts.append(f"notebook {name}: "
                         + (f"executed in {step.seconds:.1f} s{_warm(step)}" if step.ran
                            else "reused"))
        parts.append(f"math: {self.math.rendered} rendered, {self.math.reused} cached"
                     + (f" in {self.math.seconds:.1f} s" if self.math.rendered else ""))
        parts.append(f"build {time.perf_counter() - self.started:.1f} s")
        return "nnbook: " + "; ".join(parts)


def _warm(step: Step) -> str:
    return " by a spare process" if step.warm else ""


BUILD: Build | None = None
#: Under ``mkdocs serve``, the process each step's next run will use.
SPARES: Spares | None = None
#: ``--dirty``: a build reads only the pages that changed since the last one.
DIRTY = False


def on_startup(command: str, dirty: bool) -> None:
    global DIRTY, SPARES
    DIRTY = dirty
    if command == "serve":
        SPARES = Spares(ROOT, ["scripts/*.py"], log.warning)


def on_shutdown() -> None:
    if SPARES is not None:
        SPARES.close()


def on_config(config):
    global BUILD
    _reproducible_dates()
    try:
        BUILD = Build(config)
    except katex_math.MathError as error:
        raise PluginError(f"nnbook math: {error}") from None
    except references.ReferenceError as error:
        raise PluginError(f"nnbook references: {error}") from None
    BUILD.start()
    BUILD.prefetch_math()
    return config


def _reproducible_dates() -> None:
    """Date the build by the last commit, so two builds of one commit are the same bytes."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    done = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
                          capture_output=True, text=True, check=False)
    if done.returncode == 0 and done.stdout.strip().isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = done.stdout.strip()


def on_files(files: Files, config) -> Files:
    build = BUILD
    build.wait(build.figures)
    assets = build.cache / "assets"
    build.manifest = json.loads((assets / "manifest.json").read_text())
    build.values = json.loads((assets / "values.json").read_text())
    for name, entry in build.manifest["figures"].items():
        if entry["bytes"] > FIGURE_BUDGET:
            raise PluginError(f"nnbook figures: {name}.svg is {entry['bytes']} bytes, over the "
                              f"{FIGURE_BUDGET}-byte budget")
        for variant in ("", ".dark"):
            svg = f"{name}{variant}.svg"
            files.append(File.generated(config, f"{FIGURE_DIR}/{svg}",
                                        abs_src_path=str(assets / "figures" / svg)))
    _add_katex(files, config, build.math.css)
    for name, step in build.notebooks.items():
        source = files.get_file_from_path(name)
        page = NotebookPage(source.src_uri, source.src_dir, source.dest_dir,
                            config.use_directory_urls)
        files.remove(source)
        files.append(page)
        folder = Path(page.dest_uri).parent.as_posix()
        files.append(File.generated(config, f"{folder}/{Path(name).name}",
                                    abs_src_path=str(step.outputs[0])))
    return files


class NotebookPage(File):
    """A notebook shown as a page of the site (the way mkdocs-jupyter's plugin does it)."""

    def is_documentation_page(self) -> bool:
        return True


def _add_katex(files: Files, config, css: str) -> None:
    dist = ROOT / "node_modules" / "katex" / "dist"
    # Browsers that read KaTeX's CSS all take WOFF2: drop the WOFF and TTF fallbacks.
    css = re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)
    files.append(File.generated(config, f"{KATEX_DIR}/katex.min.css", content=css))
    for font in sorted((dist / "fonts").glob("*.woff2")):
        files.append(File.generated(config, f"{KATEX_DIR}/fonts/{font.name}",
                                    abs_src_path=str(font)))


def on_page_read_source(page, config):
    if page.file.src_uri in BUILD.notebooks:
        return ""  # the notebook's JSON is not Markdown; its page comes from its step
    return None


def on_pre_page(page, config, files):
    step = BUILD.notebooks.get(page.file.src_uri)
    if step is None:
        return page
    BUILD.wait(step)
    content = step.outputs[1].read_text(encoding="utf-8")
    meta = json.loads(step.outputs[2].read_text(encoding="utf-8"))

    def render(config, files):
        page.content = content
        page.toc = get_toc(meta["toc"])
        page._title_from_render = meta["title"]
        page.present_anchor_ids = set(meta["anchors"])

    page.render = render
    return page


def on_page_markdown(markdown: str, page, config, files) -> str:
    where = page.file.src_uri
    if where in BUILD.notebooks:
        return markdown
    if where == BUILD.references["page"]:
        try:
            references.check(markdown, BUILD.references)
        except references.ReferenceError as error:
            raise PluginError(f"nnbook references: {error}") from None
    try:
        markdown = placeholders.fill(markdown, BUILD.values, where)
    except placeholders.PlaceholderError as error:
        raise PluginError(f"nnbook values: {error}") from None
    if leftover := placeholders.unfilled(markdown):
        raise PluginError(f"nnbook values: {where}: malformed placeholder {leftover[0]}")
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    build, where = BUILD, page.file.src_uri
    try:
        html, shown = site_checks.theme_figures(html, FIGURE_DIR, build.manifest["figures"], where)
    except ValueError as error:
        raise PluginError(f"nnbook figures: {error}") from None
    build.referenced |= shown
    build.math.collect(html, where)
    return html


def on_env(env, config, files):
    build = BUILD
    try:
        build.math.render_pending()
    except katex_math.MathError as error:
        raise PluginError(f"nnbook math: {error}") from None
    build.math.save()
    if not DIRTY:  # a --dirty build reads only the pages that changed, so it cannot tell
        for name in sorted(set(build.manifest["figures"]) - build.referenced):
            log.warning(f"nnbook figures: {name}.svg is made but no page shows it")
    return env


@event_priority(-100)  # after the search plugin, so the index holds TeX, not KaTeX's markup
def on_page_context(context, page, config, nav):
    BUILD.fonts[page.file.src_uri] = BUILD.math.fonts_of(page.content)
    page.content = BUILD.math.fill(page.content)
    if raw := katex_math.leftover_tex(page.content):
        raise PluginError(f"nnbook math: {page.file.src_uri}: unrendered TeX {raw[0]!r}")
    return context


def on_post_page(output: str, page, config) -> str:
    output = _link_katex(output, page, config, BUILD.fonts.get(page.file.src_uri, set()))
    output = output.replace("</head>", f"  <script>{LOADING}</script>\n  </head>", 1)
    output = output.replace("</body>", f"<script>\n{BUILD.page_script}</script>\n</body>", 1)
    # Material's search dialog has no accessible name; screen readers announce this one.
    output = output.replace('class="md-search" data-md-component="search" role="dialog"',
                            'class="md-search" data-md-component="search" role="dialog" '
                            'aria-label="Search"', 1)
    if off_site := site_checks.off_site_requests(output):
        raise PluginError(f"nnbook: {page.file.src_uri} would load {off_site[0]} from another "
                          f"host; every asset must come from the site itself")
    return output


def _link_katex(output: str, page, config, fonts: set[str]) -> str:
    """On pages that show math: preload the fonts it is drawn in, so the browser fetches
    them while it reads the head, and link KaTeX's stylesheet ahead of the site's own CSS."""
    if 'class="katex"' not in output:
        return output

    def url(path: str) -> str:
        return get_relative_url(path, page.url)

    links = [f'<link rel="preload" href="{url(f"{KATEX_DIR}/{font}")}" as="font" '
             f'type="font/woff2" crossorigin>' for font in sorted(fonts)]
    links.append(f'<link rel="stylesheet" href="{url(f"{KATEX_DIR}/katex.min.css")}">')
    block = "\n    ".join(links)
    if config.extra_css:
        first = f'<link rel="stylesheet" href="{url(config.extra_css[0])}">'
        if first in output:
            return output.replace(first, f"{block}\n    {first}", 1)
    return output.replace("</head>", f"  {block}\n  </head>", 1)


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config) -> None:
    _math_in_search_index(Path(config.site_dir) / "search" / "search_index.json")
    for css in sorted(Path(config.site_dir).rglob("*.css")):
        if off_site := site_checks.off_site_in_css(css.read_text(encoding="utf-8")):
            raise PluginError(f"nnbook: {css.relative_to(config.site_dir)} would load "
                              f"{off_site[0]} from another host; every asset must come from "
                              f"the site itself")
    log.info(BUILD.summary())
    if SPARES is not None:
        SPARES.refill(BUILD.steps())


def _math_in_search_index(index: Path) -> None:
    """Results show the index's text as HTML: give it each equation as MathML, not TeX."""
    if not index.exists():  # the search plugin is not in use
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    try:
        for doc in data["docs"]:
            doc["title"] = BUILD.math.search_text(doc["title"])
            doc["text"] = BUILD.math.search_text(doc["text"])
    except katex_math.MathError as error:
        raise PluginError(f"nnbook math: {error}") from None
    write_atomically(index, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def on_build_error(error) -> None:
    build = BUILD
    if build is None:
        return
    for step in build.steps():
        step.stop()
    if SPARES is not None:
        SPARES.refill(build.steps())
    site = Path(build.config.site_dir)
    if site.is_dir() and site.resolve() != ROOT.resolve():
        for child in site.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        log.error(f"nnbook: the build failed, so {site} was emptied rather than left half-written")
