"""The whole site as one PDF, for print and offline reading (``make pdf``):

    python -m scripts.publish.pdf SITE OUT.pdf

Run on the built site. :mod:`scripts.publish.print_view` makes its pages, in reading order,
one print view after a title page and a contents list. Headless Chromium prints it twice, the
second time with the contents' page numbers the first print's link targets give, tagged and
with bookmarks; what is wider than the page (an equation, a table) is shrunk to fit it.

No request leaves the machine: each is answered from SITE, and one for another address, a file
SITE lacks, or a figure that does not load fails the print. The file is dated by
``SOURCE_DATE_EPOCH`` (else the last commit): one site, Chromium and fonts give the same bytes.

mkdocs-print-site-plugin would assemble the page inside the build, but from each page before
the hook draws its math and figures' twins, after the hook's checks, and again on every
``mkdocs serve`` rebuild; the built pages are final, so the print view is made from them.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scripts import reproducible_dates
from scripts.publish.print_view import ORIGIN, PRINT_CSS, PrintError, print_view, reading_order

#: Headless, with nothing reaching out to the network on its own (this machine's network
#: is closed: without these, Chromium's background connections fail, many at a time).
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
#: The print view's address: no server listens there, :meth:`_Printer._answer` answers.
VIEW = "/nnbook-print-view.html"
#: The printable width of an A4 page in CSS pixels, less print.css's margins of 18 mm a side.
PRINT_WIDTH = round((210 - 2 * 18) / 25.4 * 96)
#: What may be wider than the page, and is shrunk to fit it; what is still too wide is listed.
#: (Material prints a table at its full width, so each is measured against its container.)
WIDE = ".katex-display, .md-typeset table"
SHRINK = """elements => elements.filter(e => {
  const box = getComputedStyle(e.parentElement);
  const room = e.parentElement.clientWidth - parseFloat(box.paddingLeft)
    - parseFloat(box.paddingRight);
  if (e.scrollWidth <= room) return false;
  const size = parseFloat(getComputedStyle(e).fontSize) * room / e.scrollWidth;
  e.style.fontSize = `${Math.floor(10 * size) / 10}px`;
  return e.scrollWidth > room;
}).map(e => e.textContent.slice(0, 60))"""
#: How Chromium names a tagged element: by its DOM node's number.
NODE_ID = re.compile(r"node\d+")
BROKEN = "images => images.filter(i => i.naturalWidth === 0).map(i => i.alt || i.src)"


def make(site: Path, out: Path) -> None:
    """Print the site at ``site`` to the PDF ``out``."""
    site = site.resolve()
    if not (site / PRINT_CSS).is_file():
        raise PrintError(f"{site} has no {PRINT_CSS}: is it this project's built site?")
    epoch, pages = source_date_epoch(), reading_order(site)
    with _Printer(site) as printer:
        first = printer.print(print_view(pages, epoch))
        numbers = _pages_of(first)
        second = printer.print(print_view(pages, epoch, numbers))
    if (moved := _pages_of(second)) != numbers:
        raise PrintError(f"the contents' page numbers moved their entries: {numbers} -> {moved}")
    out.write_bytes(reproducible(second, pages[0][1].title.get_text().strip(), epoch))


class _Printer:
    """Headless Chromium, answering its every request from the site folder."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.view = ""
        self.refused: list[str] = []

    def __enter__(self) -> _Printer:
        from playwright.sync_api import sync_playwright

        executable = chromium()
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=executable, args=LAUNCH_ARGS, headless=True)
        context = self.browser.new_context(
            java_script_enabled=False, color_scheme="light",
            viewport={"width": PRINT_WIDTH, "height": 1000})
        context.route("**/*", self._answer)
        self.page = context.new_page()
        self.page.emulate_media(media="print")
        return self

    def __exit__(self, *exc) -> None:
        self.browser.close()
        self.playwright.stop()

    def _answer(self, route) -> None:
        url = urlsplit(route.request.url)
        path = unquote(url.path)
        file = (self.site / path.lstrip("/")).resolve()
        if f"{url.scheme}://{url.netloc}" != ORIGIN:
            self.refused.append(f"{route.request.url} (not on this machine)")
            route.abort("blockedbyclient")
        elif path == VIEW:
            route.fulfill(body=self.view, content_type="text/html; charset=utf-8")
        elif file.is_file() and self.site in file.parents:
            route.fulfill(path=file)
        else:
            self.refused.append(f"{route.request.url} (not a file of {self.site})")
            route.abort("blockedbyclient")

    def print(self, view: str) -> bytes:
        self.view = view
        self.page.goto(ORIGIN + VIEW, wait_until="load")
        if self.refused:
            raise PrintError("the print view asked for what the site cannot give, so no PDF "
                             "was made:\n  " + "\n  ".join(self.refused))
        if broken := self.page.eval_on_selector_all("img", BROKEN):
            raise PrintError("these figures did not load: " + "; ".join(broken))
        if wide := self.page.eval_on_selector_all(WIDE, SHRINK):
            raise PrintError("too wide for the page even shrunk: " + "; ".join(wide))
        return self.page.pdf(prefer_css_page_size=True, print_background=True, outline=True,
                             tagged=True)


def _pages_of(pdf: bytes) -> dict[str, int]:
    """The page number of each link target that Chromium named in the PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {name.removeprefix("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def reproducible(pdf: bytes, title: str, epoch: int) -> bytes:
    """The PDF, dated by ``epoch``, its structure's element IDs numbered in order: Chromium
    dates the file, and names each tagged element by its DOM node's number, which shifts
    from run to run; nothing else differs between two prints of one view."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    date = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch))
    writer.add_metadata({"/Title": title, "/CreationDate": date, "/ModDate": date})
    found, seen, todo = [], set(), [writer.root_object["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject | ArrayObject):
            for key, value in (node.items() if isinstance(node, DictionaryObject)
                               else enumerate(node)):
                if isinstance(value, TextStringObject) and NODE_ID.fullmatch(value):
                    found.append((node, key, value))
                elif key not in ("/P", "/Pg"):  # up the tree, or into the pages
                    todo.append(value)
    # By rank, so the IDTree's keys keep their sorted order.
    ranks = sorted({value for *_, value in found}, key=lambda name: int(name[4:]))
    order = {name: rank for rank, name in enumerate(ranks)}
    for node, key, value in found:
        node[key] = TextStringObject(f"node{order[value]:08d}")
    written = io.BytesIO()
    writer.write(written)
    return written.getvalue()


def chromium() -> str:
    """$NNBOOK_CHROMIUM, else chromium on PATH (``make pdf`` installs Debian's if need be)."""
    chosen = os.environ.get("NNBOOK_CHROMIUM")
    if chosen and not (Path(chosen).is_file() and os.access(chosen, os.X_OK)):
        raise PrintError(f"NNBOOK_CHROMIUM={chosen} is not an executable file")
    if found := chosen or shutil.which("chromium") or shutil.which("chromium-browser"):
        return found
    raise PrintError("no Chromium: set NNBOOK_CHROMIUM to a Chromium or Chrome executable, or "
                     "install Debian's chromium (make pdf and make test do, as root)")


def source_date_epoch() -> int:
    """``SOURCE_DATE_EPOCH``, else the last commit's time, as the build dates itself."""
    reproducible_dates()
    return int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))


def main(argv: list[str] | None = None) -> int:
    """``python -m scripts.publish.pdf SITE OUT.pdf``: 0 when printed, 1 saying why not."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or not args[1].endswith(".pdf"):
        print("usage: python -m scripts.publish.pdf SITE OUT.pdf", file=sys.stderr)
        return 2
    site, out = Path(args[0]), Path(args[1])
    try:
        make(site, out)
    except PrintError as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    print(f"pdf: {out} ({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
