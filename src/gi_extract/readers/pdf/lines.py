"""Characters into visual lines, and lines outside tables into paragraphs.

Shared by the other PDF modules: the geometry types, the template's numbering patterns, and
the rule for joining characters into text (spaces where the PDF prints them, never between CJK).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ...grid import Paragraph, RawCell
from ...template import registry

if TYPE_CHECKING:
    from .load import PageData
    from .ruled import RuledTable

Obj = dict[str, Any]
"""A pdfplumber object (char, line, rect, edge): a plain dict with its geometry."""
BBox = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in PDF points, origin at the page's top-left corner."""
MARGIN_ZONE = 0.1
"""Share of the page height at the top and bottom where running headers, footers and page numbers sit."""

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―]\s*\d+\s*[-—–－―]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$"
)
"""Page-number forms that are dropped wherever they sit in the margin zones."""
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
NUMBER_ONLY = re.compile(r"^[\s+\-−－]*[\d,，.]+\s*(?:元|万元|件)?$")
"""A cell's text that is one number (a value cell), as opposed to a label."""


@cache
def numbering(kind: str) -> re.Pattern[str]:
    """A numbering pattern of the template (report.json): ``heading`` opens a numbered section
    or item (``三、…``, ``（一）…``) and is never glued onto the line above; ``section`` opens one
    of the six sections and ends a table; ``row`` starts a table row's label (``1.``, ``（五）``)."""
    return re.compile(registry().skeleton.numbering[kind])


def is_cjk(ch: str) -> bool:
    """CJK ideographs and full-width punctuation: printed without spaces between them."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


@dataclass
class Line:
    """One visual line of characters (left to right) and its box."""

    chars: list[Obj]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @classmethod
    def of(cls, chars: list[Obj]) -> Line:
        visible = [c for c in chars if c["text"].strip()] or chars
        return cls(
            chars,
            line_text(chars),
            min(c["x0"] for c in visible),
            max(c["x1"] for c in visible),
            min(c["top"] for c in visible),
            max(c["bottom"] for c in visible),
            statistics.median(c["size"] for c in visible),
        )


def group_lines(chars: Iterable[Obj]) -> list[Line]:
    """Cluster characters into visual lines, top to bottom, each sorted left to right.

    A character joins the current line when its vertical centre lies within the line's box.
    In a narrow cell where a label is printed one character per line, every character is its
    own line, so ``三\\n、\\n本…`` keeps the printed order.
    """
    ordered = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    groups: list[list[Obj]] = []
    bottom = float("-inf")
    for ch in ordered:
        mid = (ch["top"] + ch["bottom"]) / 2
        if groups and mid <= bottom:
            groups[-1].append(ch)
            if ch["text"].strip():
                bottom = max(bottom, ch["bottom"])
        else:
            groups.append([ch])
            bottom = ch["bottom"] if ch["text"].strip() else mid
    lines = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        line = Line.of(group)
        if line.text:
            lines.append(line)
    return lines


def line_text(chars: Sequence[Obj]) -> str:
    """Join one line's characters as printed.

    A space comes out where the PDF prints a space character, and where two non-CJK
    characters (digits, Latin) stand apart by more than a third of the font size, so ``1 0``
    in one cell stays two numbers while the digits of ``9487`` stay together. No space is
    invented between CJK characters, however wide the letter-spacing. A glyph drawn twice at
    the same spot (fake bold) is kept once.
    """
    out: list[str] = []
    prev: Obj | None = None
    pending_space = False
    for ch in chars:
        text = ch["text"]
        if not text.strip():
            pending_space = prev is not None
            continue
        if prev is not None:
            if text == prev["text"] and abs(ch["x0"] - prev["x0"]) < 0.3 * max(ch["size"], 1.0):
                continue
            gap = ch["x0"] - prev["x1"]
            apart = gap > 0.3 * ch["size"] and not is_cjk(text[0]) and not is_cjk(prev["text"][-1])
            if pending_space or apart:
                out.append(" ")
        out.append(text)
        prev = ch
        pending_space = False
    return "".join(out).strip()


@dataclass
class Placed:
    """A block on its page with the y where it starts, for ordering tables among paragraphs."""

    top: float
    block: Paragraph | RuledTable | list[list[RawCell]]


def drop_margins(pages: list[PageData], lines_by_page: list[list[Line]]) -> None:
    """Remove page numbers and running headers/footers from the text lines, in place.

    A line in the top or bottom margin zone is dropped when it is a page number (``- 3 -``,
    ``第3页``, ``3/13``; a bare number only as the page's first or last line), or when the same
    text, digits ignored, sits in the margin zone of at least half of the pages (two at least).
    """

    def in_margin(page: PageData, line: Line) -> bool:
        _, top, _, bottom = page.bbox
        zone = (bottom - top) * MARGIN_ZONE
        return line.bottom <= top + zone or line.top >= bottom - zone

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", "".join(line.text.split()))

    seen: Counter[str] = Counter()
    for page, lines in zip(pages, lines_by_page, strict=True):
        seen.update({key(line) for line in lines if in_margin(page, line)})
    repeated = {k for k, n in seen.items() if n >= max(2, len(pages) / 2)}
    for page, lines in zip(pages, lines_by_page, strict=True):
        keep = []
        for i, line in enumerate(lines):
            if in_margin(page, line):
                compact = "".join(line.text.split())
                edge = i in (0, len(lines) - 1)
                if _PAGE_NUMBER.match(compact) or (edge and _BARE_NUMBER.match(compact)) or key(line) in repeated:
                    continue
            keep.append(line)
        lines[:] = keep


def paragraphs(lines: Sequence[Line], page: int, page_right: float) -> list[Placed]:
    """Group text lines into paragraphs.

    A line continues the paragraph above unless it opens a numbered section (``三、…``,
    ``（一）…``), is indented, follows a line that stopped short of the right margin (the end
    of a paragraph or a heading), changes font size, or sits after a vertical gap wider than 1.5 times the page's usual
    gap between lines.
    Centred lines of one size (a title printed on two lines) stay together. The right margin
    is where most lines end (80th percentile, lines past the page edge left out), not the
    widest line, so one overlong line (web-page chrome, a URL) does not split every paragraph.
    """
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    ends = sorted(line.x1 for line in lines if line.x1 <= page_right) or [max(line.x1 for line in lines)]
    right = ends[int(0.8 * (len(ends) - 1))]
    leading = statistics.median([max(b.top - a.bottom, 0.0) for a, b in pairwise(lines)] or [0.0])
    centre = (left + right) / 2
    out: list[Placed] = []
    parts: list[Line] = []

    def centred(line: Line) -> bool:
        inset = min(line.x0 - left, right - line.x1)
        return inset > 1.5 * line.size and abs((line.x0 + line.x1) / 2 - centre) < line.size

    def flush() -> None:
        if parts:
            text = parts[0].text
            for prev, line in pairwise(parts):
                glue = "" if is_cjk(prev.text[-1]) or is_cjk(line.text[0]) else " "
                text += glue + line.text
            out.append(Placed(parts[0].top, Paragraph(text, page)))
            parts.clear()

    for line in lines:
        if parts:
            prev = parts[-1]
            same_size = abs(line.size - prev.size) <= 1
            close = line.top - prev.bottom <= max(1.5 * leading, 0.5 * line.size)
            both_centred = centred(prev) and centred(line)
            continues = (
                same_size
                and close
                and not numbering("heading").match(line.text)
                and (
                    both_centred
                    or (not centred(prev) and prev.x1 >= right - 2 * prev.size and line.x0 <= left + 1.5 * line.size)
                )
            )
            if not continues:
                flush()
        parts.append(line)
    flush()
    return out
