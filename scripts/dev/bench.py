"""What the site costs an author, CI and a reader, measured in one run against a plain site.

    python -m scripts.dev.bench [train] [build] [serve] [pages] [playground] [lighthouse]
                                [--repeats N] [--keep DIR] [--against REV]

Each comparison alternates its sides (ours, plain, ours, plain, ...) so that a noisy
machine moves both alike, and prints medians and ratios measured in this run:

- ``train``: ``nnbook.train`` for the perceptron's 50,000 epochs against the original
  notebook's own loop, and ``nnbook.train_network`` for the hidden layer's 10,000 against
  the same loop written inline, unchecked;
- ``build``: a cold ``mkdocs build --strict`` of a fresh clone (and, with ``--against REV``,
  of a clone of that revision, built beside it); a rebuild in a new process with no edit,
  after a prose edit, and after an edit to one page's figure code; each against the plain
  site (the same Markdown on plain mkdocs-material, with no figures, notebook or math,
  made here);
- ``serve``: with ``mkdocs serve`` running, from saving a prose edit to the served page
  carrying it, and from saving an edit to the hidden layer's network code, or to the
  perceptron page's figure code, to the served figure redrawn; against the steps that edit
  reruns, run alone with nothing else (all at once, as a build starts them);
- ``pages``: per page, the bytes of the HTML and of every local asset Chromium fetches
  to show it from a cold cache, raw and gzip, the number of requests, and the time to
  the load event, each site served by its own process;
- ``lighthouse``: Lighthouse's four scores and the layout shift of every page, ours and
  the plain site's, served gzipped as GitHub Pages serves them.
- ``playground``: the chapter's 50,000 epochs trained in the playground page in Chromium
  (the page's own measure, from its first slice of training to its last), on opening a link
  to the run and again in the same page, against ``nnbook.train`` in Python.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import numpy as np

import nnbook
from nnbook import original
from scripts.dev import chromium
from scripts.dev.projects import ROOT, clone_at, fresh_clone, mkdocs_build
from scripts.dev.serving import MkDocsServe, StaticServer, fetch, scroll_through, until

LOADS_PER_REPEAT = 8


def alternate(cases: dict[str, Callable[[], object]], repeats: int) -> dict[str, list[float]]:
    """Seconds of each case, run in turn ``repeats`` times so drift hits every case alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, case in cases.items():
            start = time.perf_counter()
            case()
            times[name].append(time.perf_counter() - start)
    return times


def table(title: str, times: dict[str, list[float]], baseline: str, ratio: str = "x plain") -> str:
    """Medians, spreads and each case's ratio to ``baseline``."""
    base = statistics.median(times[baseline])
    lines = [title, f"  {'case':<62}{'median':>9}{'min':>9}{'max':>9}{ratio:>11}"]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"  {name:<62}{median:>8.2f}s{min(values):>8.2f}s{max(values):>8.2f}s"
                     f"{median / base:>10.2f}x")
    return "\n".join(lines)


def built(root: Path) -> str:
    """``mkdocs build --strict`` of ``root``; its log. A failed build ends the benchmark."""
    done = mkdocs_build(root)
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {root}:\n{done.log}")
    return done.log


# --- training --------------------------------------------------------------------------------

def bench_train(repeats: int, _work: Path) -> str:
    p = nnbook.PERCEPTRON
    inputs, targets = nnbook.training_inputs(), nnbook.training_outputs()
    weights = nnbook.init_weights(p.seed)

    def original_loop() -> None:
        errors = np.zeros((p.epochs, len(inputs)))
        original.train_nn(inputs, targets, weights.copy(), p.epochs, errors, alpha=p.alpha)

    def library() -> None:
        nnbook.train(inputs, targets, weights, p.epochs, p.alpha)

    q = nnbook.HIDDEN_LAYER
    start, X, y = nnbook.init_network(q.seed, 2, q.hidden), nnbook.xor_inputs(), \
        nnbook.xor_outputs()

    def inline_network_loop() -> None:
        """train_network's loop, written out with no check and no call per step."""
        W1, b1, W2, b2 = start
        errors = np.zeros((q.epochs, len(X)))
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(q.epochs):
                h = 1 / (1 + np.exp(-(X @ W1 + b1)))
                y_hat = 1 / (1 + np.exp(-(h @ W2 + b2)))
                errors[epoch] = (y_hat - y)[:, 0]
                delta2 = (y_hat - y) * y_hat * (1 - y_hat)
                delta1 = (delta2 @ W2.T) * h * (1 - h)
                W2, b2 = W2 - q.alpha * h.T @ delta2, b2 - q.alpha * delta2.sum(0, keepdims=True)
                W1, b1 = W1 - q.alpha * X.T @ delta1, b1 - q.alpha * delta1.sum(0, keepdims=True)

    def network_library() -> None:
        nnbook.train_network(start, X, y, q.epochs, q.alpha)

    times = alternate({"the original notebook's train_nn": original_loop,
                       "nnbook.train": library}, repeats)
    network = alternate({"train_network's loop, inline and unchecked": inline_network_loop,
                         "nnbook.train_network": network_library}, repeats)

    def ratio(cases: dict[str, list[float]], ours: str) -> float:
        base = next(name for name in cases if name != ours)
        return statistics.median(cases[base]) / statistics.median(cases[ours])

    return "\n".join([
        table(f"Training: {p.epochs} epochs, alpha={p.alpha}, every error recorded "
              f"({repeats} alternating runs)", times, "the original notebook's train_nn",
              ratio="x original"),
        f"  nnbook.train runs at {ratio(times, 'nnbook.train'):.2f}x the original loop's "
        f"speed (goal: at least 1.00)",
        table(f"Training the network: {q.epochs} epochs, {q.hidden} hidden units, "
              f"alpha={q.alpha} ({repeats} alternating runs)", network,
              "train_network's loop, inline and unchecked", ratio="x inline"),
        f"  nnbook.train_network runs at {ratio(network, 'nnbook.train_network'):.2f}x the "
        f"speed of its loop written inline",
    ])


# --- the two sites ---------------------------------------------------------------------------

def plain(source: Path, destination: Path) -> Path:
    """The chapter as a plain mkdocs-material site: the same Markdown, pictures and listings,
    each notebook as a page of its text and code, and no figures, values, outputs or math work."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    config = yaml_load((source / "mkdocs.yml").read_text())
    extensions = [e for e in config["markdown_extensions"]
                  if "arithmatex" not in (e if isinstance(e, str) else next(iter(e)))]
    plain_config = {key: config[key] for key in ("site_name", "theme")}
    plain_config["theme"] = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    plain_config |= {"plugins": ["search"], "markdown_extensions": extensions,
                     "site_url": "http://127.0.0.1:8000/",
                     "nav": json.loads(json.dumps(config["nav"]).replace(".ipynb", ".md"))}
    destination.mkdir(parents=True)
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(plain_config, sort_keys=False))
    docs = source / "docs"
    for page in docs.rglob("*.md"):
        text = re.sub(r"^\s*!\[[^\n]*\]\([^)\n]*figures/[^)\n]*\)\s*$", "", page.read_text(),
                      flags=re.M)
        target = destination / "docs" / page.relative_to(docs)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace(".ipynb)", ".md)"))
    for notebook in docs.rglob("*.ipynb"):
        cells = nbformat.read(notebook, as_version=4).cells
        text = "\n\n".join(c.source if c.cell_type == "markdown" else f"```python\n{c.source}\n```"
                           for c in cells)
        (destination / "docs" / notebook.relative_to(docs)).with_suffix(".md").write_text(text)
    for image in docs.rglob("*"):  # the pictures a reader sees, as ours serves them
        if image.suffix in {".png", ".jpg", ".jpeg", ".gif", ".webp"}:
            target = destination / "docs" / image.relative_to(docs)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(image, target)
    shutil.copytree(source / "nnbook", destination / "nnbook")  # the listings' source
    return destination


def toggle(root: Path, edit: tuple[str, str, str]) -> None:
    """Change ``edit``'s text to its variant, or back: each call is a real edit."""
    path, text, variant = root / edit[0], edit[1], edit[2]
    content = path.read_text()
    path.write_text(content.replace(text, variant) if text in content
                    else content.replace(variant, text))


def edit_code(root: Path, edit: tuple[str, str, str], n: int) -> None:
    """An edit no earlier build has seen: ``edit``'s text in its file, given the ``n``-th of
    its variants (``{n}`` in the variant), so that no cached output fits."""
    path, text, variant = root / edit[0], edit[1], edit[2]
    content = path.read_text()
    found = re.search(re.escape(variant).replace(re.escape("{n}"), r"\d+"), content)
    path.write_text(content.replace(found[0] if found else text, variant.format(n=n), 1))


#: An edit to the perceptron page's figure code, which redraws its sigmoid.
FIGURE_CODE = ("nnbook/book/perceptron_figures.py",
               'ax.axhline(0, color=theme.muted, linestyle="--", linewidth=1.5)',
               'ax.axhline(0, color=theme.muted, linestyle="--", linewidth=1.5 + {n} / 1000)')
#: An edit to the hidden layer's network code, which changes its training and so its costs.
NETWORK_CODE = ("nnbook/network.py", "W1 = random.uniform(-1, 1, size=",
                "W1 = random.uniform(-1, 1 + {n} / 1000, size=")


def prose_edit(root: Path) -> tuple[str, str, str]:
    """An edit of the last paragraph of the first chapter page: a word, and back."""
    page = next(p for p in sorted((root / "docs").rglob("*.md")) if "chapter" in p.parts)
    last = [line for line in page.read_text().splitlines() if re.match(r"^[A-Z].* \w+\.?$", line)]
    return (page.relative_to(root).as_posix(), last[-1], last[-1] + " Edited.")


def bench_build(repeats: int, work: Path, against: str | None = None) -> str:
    ours_warm, plain_warm = fresh_clone(work / "ours"), plain(ROOT, work / "plain")
    built(ours_warm)
    built(plain_warm)
    count = iter(range(1, 10**6))
    lines: list[str] = []

    def cold(make: Callable[[Path], Path]) -> Callable[[], None]:
        return lambda: built(make(work / f"cold-{next(count)}"))

    def after(root: Path, edit: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            edit()
            lines.extend(line for line in built(root).splitlines() if " steps, " in line)
        return run

    colds = {"plain: cold build": cold(lambda w: plain(ROOT, w)),
             "ours: cold build (fresh clone)": cold(fresh_clone)}
    if against:
        colds[f"{against}: cold build (clone)"] = cold(lambda w: clone_at(w, against))
    cold_times = alternate(colds, repeats)
    warm_times = alternate({
        "plain: rebuild, no edit": lambda: built(plain_warm),
        "plain: rebuild after a prose edit":
            after(plain_warm, lambda: toggle(plain_warm, prose_edit(plain_warm))),
        "ours: rebuild, no edit": lambda: built(ours_warm),
        "ours: rebuild after a prose edit":
            after(ours_warm, lambda: toggle(ours_warm, prose_edit(ours_warm))),
        "ours: rebuild after a page's figure-code edit":
            after(ours_warm, lambda: edit_code(ours_warm, FIGURE_CODE, next(count)))}, repeats)
    times = cold_times | warm_times
    cold_ours = statistics.median(times["ours: cold build (fresh clone)"])
    warm = statistics.median(times["ours: rebuild after a prose edit"])
    said = [f"  warm rebuild after a prose edit: {warm / cold_ours:.2f} of our cold build "
            f"(goal: at most 0.10)"]
    if against:
        then = statistics.median(times[f"{against}: cold build (clone)"])
        said.append(f"  our cold build: {cold_ours / then:.2f} of {against}'s (goal: at most "
                    f"1.00)")
    return "\n".join([
        table(f"Builds, mkdocs build --strict in a new process ({repeats} alternating runs)",
              times, "plain: cold build"),
        *said,
        f"  after the figure-code edit, the build said: {lines[-1].split('INFO')[-1].strip(' -')}",
    ])


# --- mkdocs serve ----------------------------------------------------------------------------

def page_of(root: Path, source: str) -> str:
    """The served path of a page's source under docs/ (with directory URLs)."""
    return source.removeprefix("docs/").removesuffix(".md").removesuffix("index") + "/"


def steps_alone(root: Path, names: list[str]) -> Callable[[], None]:
    """The build steps ``names`` (as the build's log names them) run by themselves, all at
    once as a build starts them, in ``root`` with the build's environment; waits for all."""
    from scripts.hook.steps import environment
    from scripts.steps.transcripts import find

    def command(name: str, out: Path) -> tuple[list[str], str]:
        kind, what = name.split(" ", 1)
        if kind == "figures":
            return ["-m", "scripts.steps.figures", str(out), what], ""
        if kind == "notebook":
            return ["-m", "scripts.steps.notebook", str(out), f"docs/{what}", what], ""
        if kind == "transcripts":
            return (["-m", "scripts.steps.transcripts", str(out), what],
                    json.dumps(find((root / "docs" / what).read_text())))
        raise ValueError(f"the bench cannot run {name!r} alone")

    def run() -> None:
        scratch = Path(tempfile.mkdtemp(prefix="alone-"))
        env = environment(root, root / ".cache" / "nnbook", scratch)
        started = []
        for n, name in enumerate(names):
            (scratch / str(n)).mkdir()
            args, payload = command(name, scratch / str(n))
            process = subprocess.Popen([sys.executable, *args], cwd=root, env=env, text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE)
            started.append((name, process, payload))
        for name, process, payload in started:
            _, stderr = process.communicate(payload)
            if process.returncode != 0:
                raise SystemExit(f"{name}, run alone, failed:\n{stderr}")
        shutil.rmtree(scratch)
    return run


def alone_case(case: str) -> str:
    """The name of the case of ``case``'s steps, run alone."""
    return f"{case.split(', ', 1)[1]}: its steps alone"


def bench_serve(repeats: int, work: Path) -> str:
    ours, plainsite = fresh_clone(work / "serve-ours"), plain(ROOT, work / "serve-plain")
    built(ours)  # warm caches, as an author's would be
    log = work / "serve.log"
    servers = {"plain: mkdocs serve, prose edit to page": MkDocsServe(plainsite),
               "ours: mkdocs serve, prose edit to page": MkDocsServe(ours, log)}
    url = servers["ours: mkdocs serve, prose edit to page"].url
    count = iter(range(1, 10**6))

    def edit(server: MkDocsServe) -> Callable[[], None]:
        source, last, _ = prose_edit(server.root)
        page = server.url + page_of(server.root, source).lstrip("/")

        def run() -> None:
            n = next(count)
            path = server.root / source
            path.write_text(re.sub(re.escape(last) + r"( Edit \d+\.)?", f"{last} Edit {n}.",
                                   path.read_text()))
            until(lambda: f"Edit {n}." in fetch(page), f"the served page never had edit {n}")
        return run

    ran: dict[str, list[str]] = {}

    def code_edit(case: str, code: tuple[str, str, str], figure: str) -> Callable[[], None]:
        def run() -> None:
            before = fetch(url + "figures/" + figure)
            builds = log.read_text().count(" steps, ")
            edit_code(ours, code, next(count))
            until(lambda: fetch(url + "figures/" + figure) not in ("", before),
                  f"the served {figure} was never redrawn")
            until(lambda: log.read_text().count(" steps, ") > builds, "no line on the steps")
            line = [li for li in log.read_text().splitlines() if " steps, " in li][-1]
            ran[case] = re.findall(r"; ran (\S+ \S+) in", line)
        return run

    cases = {"ours: mkdocs serve, hidden layer's network code to its figure":
             (NETWORK_CODE, "xor-costs.svg"),
             "ours: mkdocs serve, perceptron's figure code to its figure":
             (FIGURE_CODE, "sigmoid.svg")}
    try:
        for server in servers.values():  # one unmeasured edit each: the first rebuild
            edit(server)()
        times = alternate({name: edit(s) for name, s in servers.items()}, repeats)
        for case, (code, figure) in cases.items():
            code_edit(case, code, figure)()  # unmeasured: which steps it reruns
            times |= alternate({case: code_edit(case, code, figure),
                                alone_case(case): steps_alone(ours, ran[case])}, repeats)
    finally:
        for server in servers.values():
            server.stop()
    prose = statistics.median(times["ours: mkdocs serve, prose edit to page"])
    said = [f"  prose edit: {prose:.2f} s (goal: under 1.0 s)"]
    for case in cases:
        served, alone = (statistics.median(times[name]) for name in (case, alone_case(case)))
        said.append(f"  {case.split(', ', 1)[1]}: {served:.2f} s, {served / alone:.2f}x its "
                    f"steps alone, {alone:.2f} s (goal: at most 1.25x); it reran "
                    f"{', '.join(ran[case])}")
    return "\n".join([table(f"The author's loop: saving an edit until the served page or "
                             f"figure has it ({repeats} alternating edits)", times,
                             "plain: mkdocs serve, prose edit to page"), *said])


# --- pages in Chromium -----------------------------------------------------------------------

def load_event(browser, url: str) -> float:
    """Seconds from navigation to the load event, on a cold cache, with nothing listening in."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
    context.close()
    return load / 1000


def weight(browser, url: str) -> dict[str, int]:
    """Requests and bytes, raw and gzip, of everything fetched to show the whole page."""
    context = browser.new_context()
    page = context.new_page()
    bodies: list[bytes] = []
    page.on("requestfinished", lambda request: bodies.append(request.response().body()))
    page.goto(url, wait_until="load")
    scroll_through(page)
    context.close()
    return {"requests": len(bodies), "raw": sum(map(len, bodies)),
            "gzip": sum(len(gzip.compress(b, 6)) for b in bodies)}


def spread(loads: dict[str, list[float]]) -> str:
    """The middle half of the ratios of back-to-back loads, ours over plain: how far one
    load's ratio strays on this machine, so a median near a goal is read for what it is."""
    if "plain" not in loads:
        return ""
    ratios = [ours / plain for ours, plain in zip(loads["ours"], loads["plain"], strict=True)]
    low, _, high = statistics.quantiles(ratios, n=4)
    return f"{low:.2f}-{high:.2f}x"


def site_pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix().removeprefix(".") + "/"
                  for p in site.rglob("index.html") if p.parent.name not in ("search", "404"))


def bench_pages(repeats: int, work: Path) -> str:
    from playwright.sync_api import sync_playwright

    ours, plainsite = fresh_clone(work / "pages-ours"), plain(ROOT, work / "pages-plain")
    built(ours)
    built(plainsite)
    count = LOADS_PER_REPEAT * repeats
    lines = [f"Pages in headless Chromium from 127.0.0.1, cold cache "
             f"(median of {count} alternating loads; bytes as fetched, whole page scrolled)",
             f"  {'page':<34}{'requests':>9}{'raw KB':>9}{'gzip KB':>9}"
             f"{'load s':>9}{'plain load s':>13}{'x plain':>9}{'middle half':>14}"]
    heaviest = {"raw": 0.0, "gzip": 0.0}
    sites = {"ours": StaticServer(ours / "site"), "plain": StaticServer(plainsite / "site")}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium.executable(),
                                        args=chromium.LAUNCH_ARGS)
            for path in site_pages(ours / "site"):
                urls = {"ours": sites["ours"].url + path.lstrip("/")}
                if (plainsite / "site" / path.strip("/") / "index.html").exists():
                    urls["plain"] = sites["plain"].url + path.lstrip("/")
                loads: dict[str, list[float]] = {side: [] for side in urls}
                for _ in range(count):
                    for side, url in urls.items():
                        loads[side].append(load_event(browser, url))
                fetched = weight(browser, urls["ours"])
                heaviest = {k: max(heaviest[k], fetched[k]) for k in heaviest}
                ours_load = statistics.median(loads["ours"])
                plain_load = statistics.median(loads.get("plain", [float("nan")]))
                lines.append(
                    f"  {path:<34}{fetched['requests']:>9}{fetched['raw'] / 1000:>9.0f}"
                    f"{fetched['gzip'] / 1000:>9.0f}{ours_load:>9.3f}{plain_load:>13.3f}"
                    f"{ours_load / plain_load:>8.2f}x{spread(loads):>14}")
            browser.close()
    finally:
        for server in sites.values():
            server.stop()
    lines.append(f"  heaviest page: {heaviest['raw'] / 1000:.0f} KB raw (goal: at most 800), "
                 f"{heaviest['gzip'] / 1000:.0f} KB gzip (goal: at most 250); "
                 f"load event goal: at most 1.6x plain")
    return "\n".join(lines)


def bench_lighthouse(repeats: int, work: Path) -> str:
    """Lighthouse's default mobile run of every page, ours beside the plain site's, each
    served gzipped; the median of ``repeats`` runs, performance's spread in brackets."""
    from scripts.dev import lighthouse

    ours, plainsite = fresh_clone(work / "lh-ours"), plain(ROOT, work / "lh-plain")
    built(ours)
    built(plainsite)
    rows = {}
    for name, root in (("ours", ours), ("plain", plainsite)):
        with lighthouse.Server(root / "site") as server:
            for path in lighthouse.site_pages(root / "site"):
                rows[f"{name} /{path}"] = [lighthouse.run(server.url + path)
                                           for _ in range(repeats)]
    lowest = min((runs for key, runs in rows.items() if key.startswith("ours")),
                 key=lambda runs: lighthouse.medians(runs)[0]["performance"] or 0)
    below = [key for key, runs in rows.items()
             if key.startswith("ours") and not lighthouse.meets_goal(runs)]
    return "\n".join([
        f"Lighthouse {lowest[0].version}, default mobile run, gzip, median of {repeats}",
        lighthouse.table(rows).replace("| /ours /", "| ours /").replace("| /plain /", "| plain /"),
        "  goal: performance at least 95, the others 100, CLS at most 0.01; below it: "
        + (", ".join(below) or "none"),
        lighthouse.details("(lowest of ours) " + lowest[0].url, lighthouse.median_run(lowest)),
    ])


# --- the playground ------------------------------------------------------------------------

#: What the playground page measures of each run it trains at once (docs/playground/).
PLAYGROUND_MEASURE = "playground: train"


def bench_playground(repeats: int, work: Path) -> str:
    from playwright.sync_api import sync_playwright

    p = nnbook.PERCEPTRON
    inputs, targets = nnbook.training_inputs(), nnbook.training_outputs()
    weights = nnbook.init_weights(p.seed)
    ours = fresh_clone(work / "ours")
    built(ours)
    server = StaticServer(ours / "site")
    url = (f"{server.url}chapter/playground/?seed={p.seed}&alpha={p.alpha}&epochs={p.epochs}"
           f"&derivative=z&data=chapter")
    count = LOADS_PER_REPEAT * repeats
    seconds: dict[str, list[float]] = {"opening a link to the run (a new page)": [],
                                       "the same run again in that page": []}
    measures = f"performance.getEntriesByName({PLAYGROUND_MEASURE!r})"

    def page_runs() -> None:
        """Open the run's link in a new page, then have the page train it again (the form's
        change event, with the same settings); the page's measure of each."""
        context = browser.new_context()
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_function(f"() => {measures}.length > 0")
        page.evaluate("document.getElementById('pg-form').dispatchEvent(new Event('change'))")
        page.wait_for_function(f"() => {measures}.length > 1")
        first, again = page.evaluate(f"{measures}.map(m => m.duration / 1000)")
        context.close()
        for case, value in zip(seconds, (first, again), strict=True):
            seconds[case].append(value)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium.executable(),
                                                 args=chromium.LAUNCH_ARGS)
            timed = alternate({"nnbook.train in Python": lambda: nnbook.train(
                inputs, targets, weights, p.epochs, p.alpha), "page": page_runs}, count)
            browser.close()
    finally:
        server.stop()
    times = {"nnbook.train in Python": timed["nnbook.train in Python"], **seconds}
    base = statistics.median(times["nnbook.train in Python"])
    lines = [f"The playground: the chapter's {p.epochs:,} epochs, alpha={p.alpha}, in Chromium "
             f"({count} alternating runs)",
             f"  {'case':<46}{'median':>10}{'min':>10}{'max':>10}{'x nnbook':>10}"]
    for name, values in times.items():
        lines.append(f"  {name:<46}{1000 * statistics.median(values):>8.1f}ms"
                     f"{1000 * min(values):>8.1f}ms{1000 * max(values):>8.1f}ms"
                     f"{statistics.median(values) / base:>9.3f}x")
    worst = 1000 * max(statistics.median(v) for k, v in times.items() if k in seconds)
    lines.append(f"  in the page: {worst:.1f} ms, the slower median (goal: under 50 ms)")
    return "\n".join(lines)


SECTIONS = {"train": bench_train, "build": bench_build, "serve": bench_serve,
            "pages": bench_pages, "playground": bench_playground,
            "lighthouse": bench_lighthouse}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", choices=[*SECTIONS, []],
                        help="what to measure (default: everything)")
    parser.add_argument("--repeats", type=int, default=5, help="alternating runs per case")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--against", metavar="REV",
                        help="build: also build a clone of this revision cold, beside ours")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="nnbook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for name in args.sections or SECTIONS:
            extra = {"against": args.against} if name == "build" else {}
            print(SECTIONS[name](args.repeats, work / name, **extra), flush=True)
            print(flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
