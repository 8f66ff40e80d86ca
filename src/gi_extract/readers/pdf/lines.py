"""Characters into visual lines.

Shared by the other PDF modules: the geometry types, the template's numbering patterns, and
the rule for joining characters into text (spaces where the PDF prints them, never between CJK).
Lines outside tables become a page's paragraphs in :mod:`.page`.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...template import registry

Obj = dict[str, Any]
"""A pdfplumber object (char, line, rect, edge): a plain dict with its geometry."""
BBox = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in PDF points, origin at the page's top-left corner."""
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
