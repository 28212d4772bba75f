"""Checks a page's reference list against a committed record (``extra.build.references``):
no link is visited while building, so the page must list the record's papers in its order and
groups, each with its authors, year, title, venue and link, every DOI well formed. Any
difference fails the build, naming the item and the field.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

#: Crossref's pattern for modern DOIs.
DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+$")
_ITEM = re.compile(r"^\s*\d+\.\s+(?P<text>.+)$", re.M)
_GROUP = re.compile(r"^##\s+(?P<name>.+?)\s*$", re.M)
_DOI_LINK = re.compile(r"https?://(?:dx\.)?doi\.org/(?P<doi>[^\s>)\]]+)")


class ReferenceError(ValueError):
    """The page's references and the record disagree."""


def load(path: Path) -> dict:
    record = tomllib.loads(path.read_text(encoding="utf-8"))
    for i, paper in enumerate(record["paper"], start=1):
        if ("doi" in paper) == ("url" in paper):
            raise ReferenceError(f"{path.name}: paper {i} needs exactly one of doi and url")
        if "doi" in paper and not DOI.match(paper["doi"]):
            raise ReferenceError(f"{path.name}: paper {i} has a malformed DOI {paper['doi']!r}")
    return record


def link(paper: dict) -> str:
    return f"https://doi.org/{paper['doi']}" if "doi" in paper else paper["url"]


def check(markdown: str, record: dict) -> None:
    """Raise :class:`ReferenceError` unless ``markdown`` cites exactly the record's papers."""
    where = record["page"]
    for found in _DOI_LINK.finditer(markdown):
        if not DOI.match(found["doi"]):
            raise ReferenceError(f"{where}: malformed DOI {found['doi']!r}")
    items = []
    groups = list(_GROUP.finditer(markdown))
    for n, group in enumerate(groups):
        end = groups[n + 1].start() if n + 1 < len(groups) else len(markdown)
        items += [(group["name"], item["text"])
                  for item in _ITEM.finditer(markdown, group.end(), end)]
    papers = record["paper"]
    if len(items) != len(papers):
        raise ReferenceError(f"{where}: lists {len(items)} references, the record has "
                             f"{len(papers)}")
    for i, ((group, text), paper) in enumerate(zip(items, papers, strict=True), start=1):
        expected = {
            "group": (group == paper["group"], paper["group"]),
            "authors": (text.startswith(paper["authors"]), paper["authors"]),
            "year": (f"({paper['year']})." in text, f"({paper['year']})."),
            "title": (f" {paper['title']}. " in text, paper["title"]),
            "venue": (f"*{paper['venue']}" in text, paper["venue"]),
            "link": (f"<{link(paper)}>" in text, link(paper)),
        }
        for field, (ok, want) in expected.items():
            if not ok:
                raise ReferenceError(f"{where}: reference {i} does not match the record's "
                                     f"{field} {want!r}: {text[:80]}...")
