"""Lighthouse's default mobile run on each page of a built site, served as a real host serves it.

    python -m scripts.dev.lighthouse SITE [PAGE ...] [--runs N] [--html DIR]
    python -m scripts.dev.lighthouse --serve SITE [--port PORT]

SITE is a folder that ``mkdocs build`` wrote; this tool builds nothing. Each PAGE is a
path under it (``chapter/perceptron/``); by default every ``index.html`` in SITE is a
page. The folder is served on 127.0.0.1 by a process of its own (never a thread of this
one, which drives Chrome), over HTTP/1.1 with keep-alive, and text is sent gzipped to a
browser that accepts it, as GitHub Pages sends it. ``--serve`` only serves, for a person
to look.

Each page gets ``--runs`` runs (default 1) of Lighthouse's own command line with its
defaults: the mobile form factor and simulated throttling. The tool prints a table with
the median of each column, ``page | performance | accessibility | best practices | SEO |
CLS``, then, for the run whose performance is the median, the metrics, the audits that
fail in each category, and the elements that moved (Lighthouse's ``layout-shifts``).
``--html DIR`` keeps that run's report as ``DIR/<page>.html``. It exits 1 if any page is
below the goal (:data:`GOAL`), 2 if Lighthouse could not run.

Nothing is fetched from another host: the site loads nothing from elsewhere (the build
refuses such a page), Lighthouse asks for nothing, and what Chrome itself would ask other
hosts for goes to a proxy on a closed local port (see :data:`CHROME_FLAGS`).

The server is Tornado's static file handler with its gzip transform (Tornado comes with
Jupyter, which the build needs, so nothing new is installed; Python's http.server has no
compression): HTTP/1.1 with keep-alive, ETag and Last-Modified, a redirect from
``/page`` to ``/page/``, 404.html for a missing file, and GitHub Pages' ``Cache-Control:
max-age=600``. This module names the content types and which of them are compressed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from scripts.dev import chromium

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"

#: The content type of each file the site has, by suffix, whatever the machine's
#: /etc/mime.types says.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".ipynb": "application/x-ipynb+json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".gz": "application/gzip",
}
#: The types sent gzipped to a client that accepts gzip.
COMPRESSED = frozenset({
    "text/html", "text/css", "text/javascript", "application/json", "application/x-ipynb+json",
    "image/svg+xml", "application/xml", "text/plain",
})
#: What GitHub Pages lets a browser cache a file for.
CACHE_SECONDS = 600

#: The flags Chrome runs with. chrome-launcher adds its own defaults to these (among them
#: --disable-extensions, --disable-default-apps, --disable-domain-reliability,
#: --metrics-recording-only, --remote-debugging-port and a fresh temporary profile).
#: Even so, Chrome 150 asks for the network time (clients2.google.com), the signed-in
#: accounts (accounts.google.com), a GCM check-in (android.clients.google.com) and
#: www.google.com while Lighthouse runs; --host-resolver-rules does not stop those look-ups.
#: A proxy on a closed local port does: every request to another host goes to
#: 127.0.0.1:9 and is refused there, before any name is looked up, while the page's own
#: requests to 127.0.0.1 bypass proxies, as Chrome always lets loopback do.
CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--proxy-server=127.0.0.1:9",
)
#: The four categories, by their keys in a report.
CATEGORIES = {"performance": "performance", "accessibility": "accessibility",
              "best-practices": "best practices", "seo": "SEO"}
#: The issue's goal for every page: scores at least these, and CLS at most MAX_CLS.
GOAL = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_CLS = 0.01
#: Lighthouse's own line between a passed audit and one it shows as failed.
PASS = 0.9
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")


# --- the server -------------------------------------------------------------------------------

def make_app(folder: Path):
    """A Tornado application that serves ``folder`` as a static host does."""
    import tornado.web

    class Gzip(tornado.web.GZipContentEncoding):
        CONTENT_TYPES = COMPRESSED  # besides text/*, all of which the site's are

    class Static(tornado.web.StaticFileHandler):
        def get_content_type(self) -> str:
            return CONTENT_TYPES.get(Path(self.absolute_path).suffix.lower(),
                                     "application/octet-stream")

        def set_extra_headers(self, path: str) -> None:
            self.set_header("Cache-Control", f"max-age={CACHE_SECONDS}")

        def write_error(self, status_code: int, **kwargs) -> None:
            page = Path(self.root) / "404.html"
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", CONTENT_TYPES[".html"])
                self.finish(page.read_bytes())
            else:
                super().write_error(status_code, **kwargs)

    return tornado.web.Application(
        [(r"/(.*)", Static, {"path": str(folder), "default_filename": "index.html"})],
        transforms=[Gzip], log_function=lambda handler: None)


def serve(folder: Path, port: int = 0) -> None:
    """Serve ``folder`` on 127.0.0.1 until killed; print its URL once it listens."""
    import asyncio

    import tornado.httpserver
    import tornado.netutil

    async def run() -> None:
        sockets = tornado.netutil.bind_sockets(port, "127.0.0.1")
        server = tornado.httpserver.HTTPServer(make_app(folder), xheaders=False)
        server.add_sockets(sockets)
        print(f"http://127.0.0.1:{sockets[0].getsockname()[1]}/", flush=True)
        await asyncio.Event().wait()

    asyncio.run(run())


class Server:
    """``folder`` served by a process of its own (see :func:`serve`); a context manager."""

    def __init__(self, folder: Path, port: int = 0) -> None:
        folder = Path(folder).resolve()
        if not (folder / "index.html").is_file():
            raise SystemExit(f"{folder} has no index.html: build the site first")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scripts.dev.lighthouse", "--serve", str(folder),
             "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://"):
            self.stop()
            raise SystemExit(f"could not serve {folder}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


# --- Lighthouse -------------------------------------------------------------------------------

@dataclass
class Result:
    """What one Lighthouse run found on one page."""

    url: str
    scores: dict[str, int | None]  # 0-100 by category key; None if Lighthouse gave none
    cls: float | None
    metrics: dict[str, str] = field(default_factory=dict)  # title: shown value (score)
    failing: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    shifts: list[dict] = field(default_factory=list)  # the elements that moved
    seconds: float = 0.0
    version: str = ""
    warnings: list[str] = field(default_factory=list)
    html: str | None = None  # the report as HTML, if asked for

    benchmark_index: float | None = None  # Lighthouse's measure of this machine's speed


def command(url: str, output_path: Path, html: bool = False) -> list[str]:
    """Lighthouse's command line for ``url``: its defaults, a report written beside
    ``output_path`` (``.report.json``, and ``.report.html`` if ``html``)."""
    outputs = ["--output=json", *(["--output=html"] if html else [])]
    return [str(LIGHTHOUSE), url, *outputs, f"--output-path={output_path}", "--quiet",
            "--no-enable-error-reporting", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]


def environment() -> dict[str, str]:
    return {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH") or chromium.executable()}


def run(url: str, html: bool = False, timeout: float = 300) -> Result:
    """One run of Lighthouse's command line on ``url`` with its default (mobile) settings."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run npm ci")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as work:
        stem = Path(work) / "lh"
        start = time.perf_counter()
        done = subprocess.run(command(url, stem, html), env=environment(), capture_output=True,
                              text=True, timeout=timeout, check=False)
        seconds = time.perf_counter() - start
        report = stem.with_name("lh.report.json") if html else stem
        if done.returncode or not report.is_file():
            raise RuntimeError(f"lighthouse {url} exited {done.returncode}: "
                               f"{(done.stderr or done.stdout).strip()[-2000:]}")
        result = summarize(json.loads(report.read_text(encoding="utf-8")))
        if html:
            result.html = stem.with_name("lh.report.html").read_text(encoding="utf-8")
    result.seconds = seconds
    return result


def summarize(report: dict) -> Result:
    """The scores, CLS, metrics, failing audits and layout shifts of a Lighthouse report."""
    audits = report["audits"]
    scores, failing = {}, {}
    for key in CATEGORIES:
        category = report["categories"].get(key, {})
        score = category.get("score")
        scores[key] = None if score is None else round(score * 100)
        failing[key] = []
        for ref in category.get("auditRefs", []):
            audit = audits[ref["id"]]
            # The metrics are listed apart. Performance's hidden audits are its insights
            # (which its report shows first) and repeats of its metrics; another category's
            # hidden audits are checks it does not score yet.
            group = ref.get("group")
            if group == "metrics" or (key == "performance" and group == "hidden"
                                      and not ref["id"].endswith("-insight")):
                continue
            mode, score = audit.get("scoreDisplayMode"), audit.get("score")
            shown = audit.get("displayValue", "")
            if key != "performance" and not ref.get("weight"):
                shown = "not scored" + (f", {shown}" if shown else "")
            if mode == "error":
                failing[key].append((ref["id"], audit["title"],
                                     f"error: {audit.get('errorMessage', '')}"))
            elif mode not in ("notApplicable", "manual", "informative") \
                    and score is not None and score < PASS:
                failing[key].append((ref["id"], audit["title"], shown))
    metrics = {}
    for key in METRICS:
        if key in audits:
            audit = audits[key]
            score = "" if audit.get("score") is None else f" ({round(audit['score'] * 100)})"
            metrics[audits[key]["title"]] = f"{audit.get('displayValue', '?')}{score}"
    cls = audits.get("cumulative-layout-shift", {}).get("numericValue")
    return Result(url=report.get("finalDisplayedUrl") or report.get("requestedUrl", ""),
                  scores=scores, cls=cls, metrics=metrics, failing=failing,
                  shifts=layout_shifts(audits), version=report.get("lighthouseVersion", ""),
                  warnings=list(report.get("runWarnings", [])),
                  benchmark_index=report.get("environment", {}).get("benchmarkIndex"))


def layout_shifts(audits: dict) -> list[dict]:
    """Each element Lighthouse saw move (``layout-shifts``, or ``layout-shift-elements`` in
    older reports): its selector, its HTML, its share of CLS and what caused the shift."""
    audit = audits.get("layout-shifts") or audits.get("layout-shift-elements") or {}
    found = []
    for item in (audit.get("details") or {}).get("items", []):
        node = item.get("node") or {}
        causes = []
        for sub in (item.get("subItems") or {}).get("items", []):
            extra = sub.get("extra") or {}
            what = extra.get("value") or extra.get("url") or (extra.get("snippet") or "")
            causes.append(f"{sub.get('cause', '?')}{': ' + str(what) if what else ''}")
        found.append({"selector": node.get("selector", "?"),
                      "snippet": " ".join((node.get("snippet") or "").split())[:160],
                      "label": node.get("nodeLabel", ""),
                      "score": item.get("score", item.get("layoutShiftScore")),
                      "causes": causes})
    return found


# --- pages and the table ----------------------------------------------------------------------

def site_pages(folder: Path) -> list[str]:
    """Every page of a built site, as a URL path: each folder with an ``index.html``."""
    folder = Path(folder)
    paths = []
    for page in sorted(folder.rglob("index.html")):
        where = page.parent.relative_to(folder).as_posix()
        paths.append("" if where == "." else where + "/")
    return sorted(paths, key=lambda path: (path.count("/"), path))


def median_run(runs: list[Result]) -> Result:
    """The run whose performance is the median (the lower middle of an even number)."""
    ordered = sorted(runs, key=lambda result: result.scores.get("performance") or 0)
    return ordered[(len(ordered) - 1) // 2]


def medians(runs: list[Result]) -> tuple[dict[str, float | None], float | None]:
    """The median score of each category, and the median CLS, over ``runs``."""
    scores = {}
    for key in CATEGORIES:
        values = [r.scores[key] for r in runs if r.scores.get(key) is not None]
        scores[key] = statistics.median(values) if values else None
    shifts = [r.cls for r in runs if r.cls is not None]
    return scores, statistics.median(shifts) if shifts else None


def meets_goal(runs: list[Result]) -> bool:
    """Whether the medians of ``runs`` reach :data:`GOAL` and :data:`MAX_CLS`."""
    scores, cls = medians(runs)
    return (all((scores[key] or 0) >= least for key, least in GOAL.items())
            and cls is not None and cls <= MAX_CLS)


def table(rows: dict[str, list[Result]]) -> str:
    """The Markdown table of each page's medians."""
    def number(value: float | None) -> str:
        return "-" if value is None else f"{value:g}"

    lines = ["| page | performance | accessibility | best practices | SEO | CLS |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for page, runs in rows.items():
        scores, cls = medians(runs)
        perf = number(scores["performance"])
        if len(runs) > 1:
            perf += " (" + ", ".join(number(r.scores["performance"]) for r in runs) + ")"
        lines.append(f"| /{page} | {perf} | {number(scores['accessibility'])} | "
                     f"{number(scores['best-practices'])} | {number(scores['seo'])} | "
                     f"{'-' if cls is None else f'{cls:.3f}'} |")
    return "\n".join(lines)


def details(page: str, result: Result) -> str:
    """What to fix on a page: its metrics, its failing audits and what moved."""
    index = result.benchmark_index
    index = "" if index is None else f", benchmark index {index:.0f}"
    lines = [f"/{page} ({result.seconds:.1f} s{index})",
             "  metrics: " + "; ".join(f"{k} {v}" for k, v in result.metrics.items())]
    for key, title in CATEGORIES.items():
        for audit_id, audit_title, shown in result.failing.get(key, []):
            lines.append(f"  {title}: {audit_id}: {audit_title}"
                         + (f" [{shown}]" if shown else ""))
    for shift in result.shifts:
        score = shift["score"]
        label = " ".join(shift["label"].split())[:60]
        lines.append(f"  moved ({'?' if score is None else f'{score:.3f}'}): "
                     f"{shift['selector']} {shift['snippet']} \"{label}\"")
        lines.extend(f"    cause: {cause}" for cause in shift["causes"])
    lines.extend(f"  warning: {warning}" for warning in result.warnings)
    return "\n".join(lines)


def report_name(page: str) -> str:
    return (page.strip("/").replace("/", "-") or "index") + ".html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site's folder")
    parser.add_argument("pages", nargs="*", help="paths under it (default: every page)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each page (median)")
    parser.add_argument("--html", type=Path, metavar="DIR",
                        help="keep the median run's HTML report of each page in DIR")
    parser.add_argument("--serve", action="store_true", help="only serve SITE, until killed")
    parser.add_argument("--port", type=int, default=0, help="with --serve: the port to use")
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.site, args.port)
        return 0
    if shutil.which(environment()["CHROME_PATH"]) is None:
        raise SystemExit(f"no Chrome at {environment()['CHROME_PATH']} (set CHROME_PATH)")
    pages = [page.lstrip("/") for page in args.pages] or site_pages(args.site)
    rows: dict[str, list[Result]] = {}
    with Server(args.site) as server:
        for page in pages:
            runs = []
            for _ in range(max(1, args.runs)):
                try:
                    runs.append(run(server.url + page, html=args.html is not None))
                except (RuntimeError, subprocess.TimeoutExpired) as error:
                    print(f"/{page}: {error}", file=sys.stderr)
                    return 2
            rows[page] = runs
            print(f"/{page}: " + ", ".join(
                f"{r.scores['performance']} in {r.seconds:.1f} s" for r in runs),
                file=sys.stderr, flush=True)
    first = next(iter(rows.values()))[0]
    print(f"Lighthouse {first.version}, default mobile settings, {max(1, args.runs)} run(s) "
          f"per page, median of each column\n")
    print(table(rows))
    print()
    for page, runs in rows.items():
        print(details(page, median_run(runs)))
        if args.html:
            args.html.mkdir(parents=True, exist_ok=True)
            (args.html / report_name(page)).write_text(median_run(runs).html or "",
                                                       encoding="utf-8")
    below = [page for page, runs in rows.items() if not meets_goal(runs)]
    if below:
        print(f"\nbelow the goal: {', '.join('/' + page for page in below)}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
