"""Layout text's pages: where each ends, and the lines that stand on every page.

:mod:`.layout` cuts the text into pages here and drops their furniture (page numbers, running
headers and footers) before any line is read as a table's or as running text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .celltext import is_page_number
from .layoutlines import Line

MARGIN_LINES = 2
"""Lines at the top and at the bottom of a page where running headers, footers and page numbers sit."""

_BARE_NUMBER = re.compile(r"^\d{1,4}$")


def _key(line: Line) -> str:
    return re.sub(r"\d+", "#", "".join(line.raw.split()))


def drop_furniture(pages: list[list[Line]]) -> None:
    """Remove page numbers and running headers/footers, in place.

    Candidates are the first and last :data:`MARGIN_LINES` non-blank lines of a page: a
    page number in one of its printed forms, or a line without columns whose text, digits
    ignored, stands there on at least half of the pages (two at least). A bare number is a
    page number only as a page's last line and when it counts the pages (the number minus
    the page's index is the same on most pages that end in one), so a table row of one
    value ending a page stays.
    """

    def zone(lines: list[Line]) -> list[Line]:
        filled = [x for x in lines if not x.blank]
        return filled[:MARGIN_LINES] + filled[-MARGIN_LINES:]

    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_key(x) for x in zone(lines) if not x.gapped})
    repeated = {k for k, n in seen.items() if n >= max(2, len(pages) / 2)}
    bare = {n: int(c) for n, lines in enumerate(pages) if (c := _last_text(lines)) and _BARE_NUMBER.match(c)}
    offsets = Counter(v - n for n, v in bare.items())
    offset, count = offsets.most_common(1)[0] if offsets else (0, 0)
    counted = {n for n, v in bare.items() if v - n == offset and (count >= 2 or len(pages) == 1)}
    for n, lines in enumerate(pages):
        filled = [x for x in lines if not x.blank]
        drop = set()
        for x in zone(lines):
            numbered = x is filled[-1] and n in counted
            if is_page_number(x.raw) or numbered or _key(x) in repeated:
                drop.add(id(x))
        lines[:] = [x for x in lines if id(x) not in drop]


def _last_text(lines: Sequence[Line]) -> str:
    return next(("".join(x.raw.split()) for x in reversed(lines) if not x.blank), "")


def split_pages(text: str) -> list[str]:
    """The text's pages: split at its form feeds, or, in text without any, after each line
    printing only a page number (``- 2 -``, ``第2页``).

    ``pdftotext -nopgbrk``, or a script joining pages with line breaks, keeps the footers but
    not the breaks; without them a long text reads as one page, whose item column and
    running headers stand for every table in it, and a table 二 block at a page's top runs
    into the block ending the page before. A line of columns is no footer: ``—   3   —`` is a
    row's values printed with marks for none.
    """
    if "\f" in text:
        return text.split("\f")
    out: list[str] = []
    for line in text.split("\n"):
        out.append(line)
        if is_page_number(line) and "  " not in line.strip():
            out.append("\f")
    return "\n".join(out).split("\n\f\n")
