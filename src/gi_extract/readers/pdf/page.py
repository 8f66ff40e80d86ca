"""A page's text lines outside tables: running headers and page numbers dropped, paragraphs formed,
every block placed at its height so tables and paragraphs keep their reading order.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from ...grid import Paragraph, RawCell
from .lines import Line, is_cjk, numbering

if TYPE_CHECKING:
    from .load import PageData
    from .ruled import RuledTable

MARGIN_ZONE = 0.1
"""Share of the page height at the top and bottom where running headers, footers and page numbers sit."""

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―]\s*\d+\s*[-—–－―]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$"
)
"""Page-number forms that are dropped wherever they sit in the margin zones."""
_BARE_NUMBER = re.compile(r"^\d{1,4}$")


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
