"""MkDocs hook (``hooks:`` in mkdocs.yml): the chapter's figures, numbers, notebooks and math.

``on_config`` takes this tree's build lock and starts each step that is not current (each
page's figures and values, transcripts and notebook) in a fresh process; ``on_files`` adds
what they made to the site; the page events fill ``{{ name }}``, start each page's math step,
put its KaTeX in and check the page (no raw TeX or braces left, nothing from another host);
``on_post_build`` gives the search index MathML and logs one line on the steps. A failed
build empties the site (hidden files aside, as MkDocs keeps them).

What this file imports stays loaded in ``mkdocs serve``: after an edit to it, restart it.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from scripts.hook import checks, equations, placeholders, references
from scripts.hook.build import Build
from scripts.hook.steps import StepError
from scripts.steps import transcripts

log = logging.getLogger("mkdocs.plugins.nnbook")

FIGURE_DIR = "figures"
#: A figure larger than this fails the build: sample the data, don't ship every point.
FIGURE_BUDGET = 150_000
BUILD: Build | None = None
DIRTY = False  # --dirty: a build reads only the pages that changed since the last one


def on_startup(command: str, dirty: bool) -> None:
    global DIRTY
    DIRTY = dirty


def on_config(config):
    global BUILD
    BUILD = None
    BUILD = Build(config, log)
    BUILD.start()
    return config


def on_files(files: Files, config) -> Files:
    folders = BUILD.read_figures()
    BUILD.read_transcripts()
    for name, size in BUILD.sizes.items():
        if size["bytes"] > FIGURE_BUDGET:
            raise PluginError(f"nnbook figures: {name}.svg is {size['bytes']} bytes, over the "
                              f"{FIGURE_BUDGET}-byte budget")
        for svg in (f"{name}.svg", f"{name}.dark.svg"):
            files.append(File.generated(config, f"{FIGURE_DIR}/{svg}",
                                        abs_src_path=str(folders[name] / svg)))
    BUILD.add_assets(files)
    for name in BUILD.notebooks:
        source = files.get_file_from_path(name)
        page = NotebookPage(source.src_uri, source.src_dir, source.dest_dir,
                            config.use_directory_urls)
        files.remove(source)
        files.append(page)
        # The executed notebook, to download: on_env points it at the notebook step's output.
        BUILD.downloads[name] = File.generated(
            config, f"{Path(page.dest_uri).parent.as_posix()}/{Path(name).name}",
            abs_src_path=source.abs_src_path)
        files.append(BUILD.downloads[name])
    return files


class NotebookPage(File):
    """A notebook shown as a page of the site, as mkdocs-jupyter's plugin shows it."""

    def is_documentation_page(self) -> bool:
        return True


def on_pre_page(page, config, files):
    """A notebook's page is made by its step: its JSON is never read as Markdown."""
    step = BUILD.notebooks.get(page.file.src_uri)
    if step is None:
        return page
    folder = BUILD.wait(step)
    content = (folder / "page.html").read_text(encoding="utf-8")
    meta = json.loads((folder / "page.json").read_text(encoding="utf-8"))

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
    try:
        if BUILD.references is not None and where == BUILD.references["page"]:
            references.check(markdown, BUILD.references)
        markdown = placeholders.fill(markdown, BUILD.values, where)
        return transcripts.fill(markdown, BUILD.ran.get(where, []), where)  # as Python printed
    except (references.ReferenceError, placeholders.PlaceholderError,
            transcripts.TranscriptError) as error:
        raise PluginError(f"nnbook: {error}") from None


def on_page_content(html: str, page, config, files) -> str:
    where = page.file.src_uri
    if where in BUILD.notebooks and (left := checks.leftover_braces(html)):
        raise PluginError(f"nnbook: {where}: a brace pair in a Markdown cell, in {left[0]!r}; "
                          f"a notebook's text is shown as written and fills no placeholder")
    try:
        html, shown = checks.theme_figures(html, FIGURE_DIR, BUILD.sizes, where)
    except ValueError as error:
        raise PluginError(f"nnbook figures: {error}") from None
    BUILD.shown |= shown
    BUILD.math.start(html, where)
    return html


def on_env(env, config, files):
    try:
        BUILD.math.wait()
    except StepError as error:
        raise PluginError(f"nnbook {error}") from None
    for name, step in BUILD.notebooks.items():
        BUILD.downloads[name].abs_src_path = str(BUILD.wait(step) / "notebook.ipynb")
    if not DIRTY:  # a --dirty build reads only the pages that changed, so cannot tell
        for name in sorted(set(BUILD.sizes) - BUILD.shown):
            log.warning(f"nnbook figures: {name}.svg is made but no page shows it")
    return env


@event_priority(-100)  # after the search plugin, so the index holds TeX, not KaTeX's markup
def on_page_context(context, page, config, nav):
    page.content = BUILD.math.fill(page.content)
    if raw := checks.leftover_tex(page.content):
        raise PluginError(f"nnbook math: {page.file.src_uri}: unrendered TeX {raw[0]!r}")
    return context


def on_post_page(output: str, page, config) -> str:
    if 'class="katex"' in output:
        output = BUILD.link_katex(output, page)
    # Material's search dialog has no accessible name; screen readers announce this one.
    output = output.replace('class="md-search" data-md-component="search" role="dialog"',
                            'class="md-search" data-md-component="search" role="dialog" '
                            'aria-label="Search"', 1)
    # The repository link stays a link: as a "source" component, Material's script would ask
    # GitHub's API for the repository's stars and forks from every reader's browser.
    output = output.replace(' data-md-component="source"', "")
    if off_site := checks.off_site_requests(output):
        raise PluginError(f"nnbook: {page.file.src_uri} would load {off_site[0]} from another "
                          f"host; every asset must come from the site itself")
    policy = checks.content_security_policy(output)
    return output.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n    <meta '
                          f'http-equiv="Content-Security-Policy" content="{policy}">', 1)


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config) -> None:
    try:
        BUILD.math.rewrite_search_index(Path(config.site_dir) / "search" / "search_index.json")
    except equations.MathError as error:
        raise PluginError(f"nnbook math: {error}") from None
    for css in sorted(Path(config.site_dir).rglob("*.css")):
        if off_site := checks.off_site_in_css(css.read_text(encoding="utf-8")):
            raise PluginError(f"nnbook: {css.relative_to(config.site_dir)} would load "
                              f"{off_site[0]} from another host; every asset must come from "
                              f"the site itself")
    log.info(BUILD.summary())
    BUILD.finish()


def on_build_error(error) -> None:
    if BUILD is None:
        return
    BUILD.stop()
    BUILD.finish()
    site = Path(BUILD.config.site_dir)
    if site.is_dir() and site.resolve() != BUILD.root:
        for child in site.iterdir():
            if not child.name.startswith("."):  # as MkDocs' own clean keeps .git, .nojekyll
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        log.error(f"nnbook: the build failed, so {site} was emptied rather than left "
                  f"half-written")
