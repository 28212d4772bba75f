"""What the site costs an author, CI and a reader, measured in one run against a plain site.

    python scripts/bench.py [train] [build] [serve] [pages] [--repeats N] [--keep DIR]

Each comparison alternates its sides (ours, plain, ours, plain, ...) so that a noisy
machine moves both alike, and prints medians and ratios measured in this run:

- ``train``: ``nnbook.train`` for the chapter's 50,000 epochs against the seed
  notebook's own loop;
- ``build``: a cold ``mkdocs build --strict`` of a fresh clone; a warm rebuild in a new
  process after a prose edit, and after an edit to nnbook that changes one figure;
  each against the plain site (the same Markdown on plain mkdocs-material, with no
  figures, no notebook and no math work, generated here); and, for scale, the chapter's
  notebook alone executed and converted by ``jupyter nbconvert``;
- ``serve``: with ``mkdocs serve`` running, from saving a prose edit to the served page
  carrying it, polling the page, and from saving an nnbook edit that changes a figure to
  the served figure redrawn;
- ``pages``: per page, the bytes of the HTML and of every local asset Chromium fetches
  to show it from a cold cache, raw and gzip, the number of requests, the time to
  the load event, and, for ours, the time until the blocks skipped while loading are
  all drawn, served from 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nnbook  # noqa: E402
from nnbook import seed as seed_notebook  # noqa: E402
from scripts.clones import fresh_clone as clone  # noqa: E402

PROSE = ("docs/chapter/perceptron.md", "Which is basically one, as expected")
FIGURE_EDIT = ("nnbook/figures.py", 'ax.set_ylabel("sigmoid(x)")')
NOTEBOOK = "docs/chapter/perceptron-hands-on.ipynb"
FIGURE_SERVE = "ours: serve, nnbook figure edit to figure"
#: Seconds between nnbook edits under mkdocs serve: an author's pause, in which the hook
#: readies each step's next process.
SPARE_PAUSE = 6.0
LOADS_PER_REPEAT = 8
NOTEBOOK_ALONE = "the notebook alone: jupyter nbconvert"
PAGES = ["", "chapter/introduction/", "chapter/applications/", "chapter/perceptron/",
         "chapter/perceptron-hands-on/"]
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


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
    lines = [title, f"  {'case':<44}{'median':>9}{'min':>9}{'max':>9}{ratio:>11}"]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"  {name:<44}{median:>8.2f}s{min(values):>8.2f}s{max(values):>8.2f}s"
                     f"{median / base:>10.2f}x")
    return "\n".join(lines)


# --- training --------------------------------------------------------------------------------

def bench_train(repeats: int, _work: Path) -> str:
    p = nnbook.CHAPTER
    inputs, targets = nnbook.training_inputs(), nnbook.training_outputs()
    weights = nnbook.init_weights(p.seed)

    def seed_loop() -> None:
        errors = np.zeros((p.epochs, len(inputs)))
        seed_notebook.train_nn(inputs, targets, weights.copy(), p.epochs, errors, alpha=p.alpha)

    def library() -> None:
        nnbook.train(inputs, targets, weights, p.epochs, p.alpha)

    times = alternate({"seed notebook's train_nn": seed_loop, "nnbook.train": library}, repeats)
    base = statistics.median(times["seed notebook's train_nn"])
    speedup = base / statistics.median(times["nnbook.train"])
    return (table(f"Training: {p.epochs} epochs, alpha={p.alpha}, full error history kept "
                  f"({repeats} alternating runs)", times, "seed notebook's train_nn",
                  ratio="x seed")
            + f"\n  nnbook.train is {speedup:.2f}x faster than the seed's loop (goal: 3x)")


# --- the two sites ---------------------------------------------------------------------------

def plain(source: Path, destination: Path) -> Path:
    """The chapter's Markdown as a plain mkdocs-material site: no figures, notebook or math."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    config = yaml_load((source / "mkdocs.yml").read_text())
    nav = [item if "The chapter" not in item else
           {"The chapter": [p for p in item["The chapter"] if not p.endswith(".ipynb")]}
           for item in config["nav"]]
    extensions = [e for e in config["markdown_extensions"]
                  if "arithmatex" not in (e if isinstance(e, str) else next(iter(e)))]
    plain_config = {key: config[key] for key in ("site_name", "theme", "validation")}
    plain_config |= {"nav": nav, "plugins": ["search"], "markdown_extensions": extensions,
                     "site_url": "http://127.0.0.1:8000/"}
    destination.mkdir(parents=True)
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(plain_config, sort_keys=False))
    for page in (source / "docs").rglob("*.md"):
        text = page.read_text()
        text = re.sub(r"^\s*!\[[^\n]*\]\([^)\n]*figures/[^)\n]*\)\s*$", "", text, flags=re.M)
        target = destination / "docs" / page.relative_to(source / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace(".ipynb)", ".md)").replace(
            "(chapter/perceptron-hands-on.md)", "(chapter/perceptron.md)").replace(
            "(perceptron-hands-on.md)", "(perceptron.md)"))
    shutil.copytree(source / "nnbook", destination / "nnbook")  # the listings' source
    return destination


def mkdocs_build(root: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                          capture_output=True, text=True, env=ENV, check=False)
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {root}:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def toggle(root: Path, edit: tuple[str, str]) -> None:
    """Change ``edit``'s text to its variant, or back: each call is a real edit."""
    path, text = root / edit[0], edit[1]
    variant = text.replace("as expected", "as we expected").replace("(x)", "(x) ")
    content = path.read_text()
    path.write_text(content.replace(text, variant) if text in content
                    else content.replace(variant, text))


def bench_build(repeats: int, work: Path) -> str:
    ours_warm, plain_warm = clone(work / "ours"), plain(ROOT, work / "plain")
    mkdocs_build(ours_warm)
    mkdocs_build(plain_warm)
    count = iter(range(10**6))
    logs: list[str] = []

    def cold(make: Callable[[Path], Path]) -> Callable[[], None]:
        def run() -> None:
            mkdocs_build(make(work / f"cold-{next(count)}"))
        return run

    def prose(root: Path) -> Callable[[], None]:
        def run() -> None:
            toggle(root, PROSE)
            mkdocs_build(root)
        return run

    def figure() -> None:
        toggle(ours_warm, FIGURE_EDIT)
        logs.append(mkdocs_build(ours_warm))

    def same(root: Path) -> Callable[[], None]:
        return lambda: mkdocs_build(root)

    def notebook_alone() -> None:
        """What Jupyter's own tool takes to execute and convert the chapter's notebook."""
        subprocess.run([sys.executable, "-m", "nbconvert", "--execute", "--to", "html",
                        "--output-dir", str(work / f"nbconvert-{next(count)}"),
                        str(ours_warm / NOTEBOOK)], cwd=ours_warm, check=True,
                       capture_output=True, env={**ENV, "PYTHONPATH": str(ours_warm)})

    cold_times = alternate({"plain: cold build": cold(partial(plain, ROOT)),
                            "ours: cold build (fresh clone)": cold(clone),
                            NOTEBOOK_ALONE: notebook_alone}, repeats)
    warm_times = alternate({"plain: rebuild, no edit": same(plain_warm),
                            "plain: rebuild after a prose edit": prose(plain_warm),
                            "ours: rebuild, no edit": same(ours_warm),
                            "ours: rebuild after a prose edit": prose(ours_warm),
                            "ours: rebuild after an nnbook figure edit": figure}, repeats)
    times = cold_times | warm_times
    cold = statistics.median(times["ours: cold build (fresh clone)"])
    plain_cold = statistics.median(times["plain: cold build"])
    warm = statistics.median(times["ours: rebuild after a prose edit"])
    alone = statistics.median(times[NOTEBOOK_ALONE])
    redrawn = sorted({m[1] for log in logs for m in
                      re.finditer(r"figures: (\d+ redrawn[^;]*?current)", log)})
    return "\n".join([
        table(f"Builds, mkdocs build --strict in a new process ({repeats} alternating runs)",
              times, "plain: cold build"),
        f"  cold build: {cold / plain_cold:.2f}x the plain cold build (goal: at most 3x); "
        f"Jupyter Book 1 took 4.2 s cold, 1.8 s warm",
        f"  the notebook alone, run by `jupyter nbconvert --execute --to html`, takes "
        f"{alone / plain_cold:.2f}x the plain cold build; ours adds {cold - alone:.2f} s to it "
        f"for the whole site",
        f"  warm rebuild after a prose edit: {warm / cold:.2f} of our cold build "
        f"(goal: at most 0.35)",
        f"  the nnbook figure edit redrew: {'; '.join(redrawn)}",
    ])


# --- mkdocs serve ----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def ctrl_c_reaches_children() -> None:
    """Let the processes started from here on stop on Ctrl-C.

    A shell starts a background job (``cmd &``, ``nohup``) with Ctrl-C ignored, and a
    child inherits that: a ``mkdocs serve`` would then never stop on the Ctrl-C it is
    sent. A caught signal, unlike an ignored one, is back to its default in a child."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


class Served:
    """``mkdocs serve`` of a project, and the time for an edit to reach the served page."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        ctrl_c_reaches_children()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}/{PROSE[0][5:-3]}/"
        self.wait_for(lambda page: "</html>" in page, timeout=120)

    def fetch(self) -> str:
        return fetch(self.url)

    def wait_for(self, ready: Callable[[str], bool], timeout: float = 30) -> None:
        end = time.perf_counter() + timeout
        while not ready(self.fetch()):
            if time.perf_counter() > end:
                raise SystemExit(f"mkdocs serve in {self.root} did not show the edit")
            time.sleep(0.01)

    def edit(self, n: int) -> None:
        """Save a prose edit, then poll until the served page carries it."""
        path = self.root / PROSE[0]
        marker = f"edit number {n}"
        content = re.sub(r"Which is basically one, as expected( \(edit number \d+\))?",
                         f"Which is basically one, as expected ({marker})", path.read_text())
        path.write_text(content)
        self.wait_for(lambda page: marker in page)

    def edit_figure(self, n: int) -> None:
        """Save an edit to nnbook that changes the sigmoid figure, then poll until the
        served figure is the new drawing."""
        figure = self.url.split("/chapter/")[0] + "/figures/sigmoid.svg"
        before = fetch(figure)
        path = self.root / FIGURE_EDIT[0]
        path.write_text(re.sub(r'ax\.set_ylabel\("sigmoid\(x\)[^"]*"\)',
                               f'ax.set_ylabel("sigmoid(x), edit {n}")', path.read_text()))
        end = time.perf_counter() + 60
        while fetch(figure) in ("", before):
            if time.perf_counter() > end:
                raise SystemExit(f"mkdocs serve in {self.root} did not redraw the figure")
            time.sleep(0.01)

    def stop(self) -> None:
        """Ctrl-C, as an author would: MkDocs ends its spares and their kernels first."""
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=60)


def bench_serve(repeats: int, work: Path) -> str:
    ours, plainsite = clone(work / "serve-ours"), plain(ROOT, work / "serve-plain")
    mkdocs_build(ours)  # warm caches, as an author's would be
    servers = {"plain: mkdocs serve, prose edit to page": Served(plainsite),
               "ours: mkdocs serve, prose edit to page": Served(ours)}
    try:
        count = iter(range(10**6))
        for server in servers.values():  # one unmeasured edit each: the first rebuild
            server.edit(next(count))
        times = alternate({name: (lambda s=s: s.edit(next(count)))
                           for name, s in servers.items()}, repeats)
        # An edit to nnbook reruns the figures and the notebook. An author pauses between
        # edits, and in that pause the steps' next processes get ready (scripts/spare.py).
        ours_server = servers["ours: mkdocs serve, prose edit to page"]
        figure_times = []
        for _ in range(repeats):
            time.sleep(SPARE_PAUSE)
            start = time.perf_counter()
            ours_server.edit_figure(next(count))
            figure_times.append(time.perf_counter() - start)
        times[FIGURE_SERVE] = figure_times
    finally:
        for server in servers.values():
            server.stop()
    ours_median = statistics.median(times["ours: mkdocs serve, prose edit to page"])
    return (table(f"The author's loop: saving an edit until the served page has it "
                  f"({repeats} alternating prose edits; nnbook edits {SPARE_PAUSE:.0f} s "
                  f"apart)", times, "plain: mkdocs serve, prose edit to page")
            + f"\n  goal: under 1.0 s (measured {ours_median:.2f} s) and at most 1.2x plain"
            + f"\n  an nnbook edit that changes a figure reaches the served figure in "
              f"{statistics.median(figure_times):.2f} s (the build reruns the figures step "
              f"and the notebook, which imports nnbook)")


# --- pages in Chromium -----------------------------------------------------------------------

class StaticServer:
    """A folder served over HTTP by its own process, as a real host is: never by this one,
    whose interpreter lock the browser driver holds while a page loads.

    It speaks HTTP/1.1 and keeps connections open, as every real host does. Python's
    default, HTTP/1.0, opens a connection per request: that alone added about 60 ms to
    a page of 14 requests here, and almost nothing to the plain page's 8."""

    def __init__(self, folder: Path) -> None:
        port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
             "--directory", str(folder), "--protocol", "HTTP/1.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{port}/"
        end = time.perf_counter() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url, timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None or time.perf_counter() > end:
                    raise SystemExit(f"could not serve {folder} on port {port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def chromium() -> str:
    return os.environ.get("NNBOOK_CHROMIUM") or shutil.which("chromium") or ""


#: When a page of ours has drawn every block it skipped while loading, so that all of it is
#: in the accessibility tree (the mark scripts/content_visibility.js sets); None if never.
DRAWN = """() => new Promise(resolve => {
    const end = performance.now() + 5000;
    (function look() {
        const mark = performance.getEntriesByName("nnbook-drawn")[0];
        if (mark || performance.now() > end) resolve(mark ? mark.startTime : null);
        else setTimeout(look, 10);
    })();
})"""


def load_event(browser, url: str, marked: bool = False) -> tuple[float, float | None]:
    """Seconds from navigation to the load event, on a cold cache, with nothing listening in;
    and, if the page is ``marked`` (ours), to every block drawn after it."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
    drawn = page.evaluate(DRAWN) if marked else None
    context.close()
    if marked and drawn is None:
        raise SystemExit(f"{url} never marked nnbook-drawn: its blocks were not all drawn")
    return load / 1000, None if drawn is None else drawn / 1000


def scroll_through(page) -> None:
    """Scroll a loaded page to its end, as a reader would, so that every lazy image and
    every block drawn only near the screen loads; then wait for the network to settle."""
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height + 800, 600):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(30)
    page.wait_for_load_state("networkidle")


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


def bench_pages(repeats: int, work: Path) -> str:
    from playwright.sync_api import sync_playwright

    ours, plainsite = clone(work / "pages-ours"), plain(ROOT, work / "pages-plain")
    mkdocs_build(ours)
    mkdocs_build(plainsite)
    # A load takes a fraction of a second and varies by tens of milliseconds: take many.
    count = LOADS_PER_REPEAT * repeats
    lines = [f"Pages in headless Chromium from 127.0.0.1, cold cache "
             f"(median of {count} alternating loads; bytes as fetched, whole page scrolled)",
             f"  {'page':<30}{'requests':>9}{'raw KB':>9}{'gzip KB':>9}"
             f"{'load s':>9}{'plain load s':>13}{'x plain':>9}{'middle half':>14}"
             f"{'all drawn s':>13}"]
    heaviest = {"raw": 0.0, "gzip": 0.0}
    sites = {"ours": StaticServer(ours / "site"), "plain": StaticServer(plainsite / "site")}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium() or None, args=LAUNCH_ARGS)
            for path in PAGES:
                urls = {"ours": sites["ours"].url + path}
                if (plainsite / "site" / path / "index.html").exists():
                    urls["plain"] = sites["plain"].url + path
                loads: dict[str, list[float]] = {side: [] for side in urls}
                drawn: list[float] = []
                for _ in range(count):
                    for side, url in urls.items():
                        load, done = load_event(browser, url, marked=side == "ours")
                        loads[side].append(load)
                        if done is not None:
                            drawn.append(done)
                fetched = weight(browser, urls["ours"])
                heaviest = {k: max(heaviest[k], fetched[k]) for k in heaviest}
                ours_load = statistics.median(loads["ours"])
                plain_load = statistics.median(loads.get("plain", [float("nan")]))
                lines.append(
                    f"  {'/' + path:<30}{fetched['requests']:>9}{fetched['raw'] / 1000:>9.0f}"
                    f"{fetched['gzip'] / 1000:>9.0f}{ours_load:>9.3f}{plain_load:>13.3f}"
                    f"{ours_load / plain_load:>8.2f}x{spread(loads):>14}"
                    f"{statistics.median(drawn):>13.3f}")
            browser.close()
    finally:
        for server in sites.values():
            server.stop()
    lines.append(f"  heaviest page: {heaviest['raw'] / 1000:.0f} KB raw (goal: at most 800), "
                 f"{heaviest['gzip'] / 1000:.0f} KB gzip (goal: at most 250); "
                 f"load event goal: within 1.3x plain; all drawn: when every block skipped "
                 f"while loading is drawn, and so in the accessibility tree")
    return "\n".join(lines)


SECTIONS = {"train": bench_train, "build": bench_build, "serve": bench_serve,
            "pages": bench_pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", choices=[*SECTIONS, []],
                        help="what to measure (default: everything)")
    parser.add_argument("--repeats", type=int, default=5, help="alternating runs per case")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="nnbook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for name in args.sections or SECTIONS:
            print(SECTIONS[name](args.repeats, work / name), flush=True)
            print(flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
