"""Recognised text as the PDF reader's characters, and each OCR'd cell's confidence and pixel box.

The text-layer reader puts a character into a table cell by where its centre falls, groups
characters into lines and lines into paragraphs. A recognised line is turned into exactly such
characters (in points, with a ``confidence`` key), so a scanned page goes through the same
geometry as a PDF with a text layer: the same cells, the same paragraphs, the same
page-number and running-header rules. Characters of one recognised line touch each other (the
recogniser's per-character boxes are estimates, and a gap between two digits would read as two
numbers), unless they stand wide apart; a space the recogniser saw stays a space character.
Before that, a stroke the recogniser read off a cell border (``35|`` read as ``351``) is dropped.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..pdf.lines import BBox, Obj
from .engine import Glyph, TextLine

if TYPE_CHECKING:
    from ...grid import Grid
    from ..pdf.ruled import RuledTable

SIZE_OF_BOX = 1.25
"""A detected line's box is this many times its font size (the detector pads the ink by a quarter)."""
SAME_SIZE = 0.2
"""Lines whose box-derived size is within this share of the page's median are taken to be in the body size."""
TOUCHING = 0.6
"""Neighbouring characters of one recognised line closer than this many font sizes are made to touch: the
recogniser's per-character boxes are estimates, and a gap between two digits would read as two numbers. A
wider gap (a label and a value of a table printed without rulings) is kept."""


@dataclass(frozen=True, slots=True)
class OcrPage:
    """What the PDF reader keeps about a page it read by OCR: the resolution its pixel boxes are at, and its skew."""

    dpi: int
    skew: float


def line_chars(lines: Sequence[TextLine], dpi: int) -> list[Obj]:
    """Recognised lines as pdfplumber-shaped character dicts in points, each with its ``confidence``."""
    scale = 72 / dpi
    sizes = [(line.box[3] - line.box[1]) * scale / SIZE_OF_BOX for line in lines]
    body = statistics.median(sizes) if sizes else 0.0
    chars: list[Obj] = []
    for line, size in zip(lines, sizes, strict=True):
        top, bottom = line.box[1] * scale, line.box[3] * scale
        if abs(size - body) <= SAME_SIZE * body:
            # the detector's box follows the ink (a line of digits is lower than one of characters): lines near the
            # page's usual size are given that size, so a paragraph is not cut wherever its lines' ink differs
            size = body
        glyphs = list(line.glyphs)
        if not glyphs:
            continue
        lefts = [g.box[0] * scale for g in glyphs]
        rights = [g.box[2] * scale for g in glyphs]
        for i in range(len(glyphs) - 1):
            # close a small gap (the estimates of one number's digits) at its middle; a wide one is printed
            if lefts[i + 1] - rights[i] < TOUCHING * size:
                rights[i] = lefts[i + 1] = (rights[i] + lefts[i + 1]) / 2
        spaces = _spaces_before(line.text)
        for i, glyph in enumerate(glyphs):
            if i in spaces:
                chars.append(_char(" ", lefts[i], lefts[i], top, bottom, size, glyph.confidence))
            chars.append(_char(glyph.text, lefts[i], rights[i], top, bottom, size, glyph.confidence))
    return chars


RULING_LIKE = frozenset("1lI|丨｜!ǀ[]")
"""What a ruling line is read as when the detector's box takes in a piece of it beside a number."""
ON_BORDER = 4
"""Pixels (at the OCR resolution) between a one-stroke glyph's centre and a cell border that make it the border."""


def drop_rulings(lines: Sequence[TextLine], tables: Sequence[Sequence[BBox]], dpi: int) -> list[TextLine]:
    """The lines without the glyphs that are pieces of a vertical ruling (``35|`` read as ``351``).

    A glyph is a ruling when it is one stroke (``1``, ``l``, ``|``) centred on a cell border (within
    :data:`ON_BORDER` pixels): a printed ``1`` stands beside a line, its centre half a digit and the
    cell's padding away from it. (Not "the border passes through its box": the recogniser's box for
    the first digit of a number may reach back over the line.)
    """
    k = dpi / 72
    borders = {
        (round(x * k), round(top * k), round(bottom * k))
        for table in tables
        for box in table
        for x, top, bottom in ((box[0], box[1], box[3]), (box[2], box[1], box[3]))
    }

    def on_border(glyph: Glyph) -> bool:
        x0, top, x1, bottom = glyph.box
        centre, middle = (x0 + x1) / 2, (top + bottom) / 2
        return any(abs(centre - x) <= ON_BORDER and a <= middle <= b for x, a, b in borders)

    out: list[TextLine] = []
    for line in lines:
        kept = [not (g.text in RULING_LIKE and on_border(g)) for g in line.glyphs]
        glyphs = tuple(g for g, k in zip(line.glyphs, kept, strict=True) if k)
        if len(glyphs) == len(line.glyphs):
            out.append(line)
        elif glyphs:
            out.append(TextLine(_without(line.text, kept), line.box, min(g.confidence for g in glyphs), glyphs))
    return out


def _without(text: str, kept: Sequence[bool]) -> str:
    """``text`` with the non-space characters whose ``kept`` flag is false taken out (spaces stay)."""
    out: list[str] = []
    n = 0
    for ch in text:
        if not ch.strip():
            out.append(ch)
            continue
        if n < len(kept) and kept[n]:
            out.append(ch)
        n += 1
    return "".join(out).strip()


def _spaces_before(text: str) -> set[int]:
    """Indexes of the non-space characters of ``text`` that a space precedes (not the first)."""
    out: set[int] = set()
    n = 0
    pending = False
    for ch in text:
        if not ch.strip():
            pending = n > 0
            continue
        if pending:
            out.add(n)
        pending = False
        n += 1
    return out


def _char(text: str, x0: float, x1: float, top: float, bottom: float, size: float, confidence: float) -> Obj:
    return {
        "object_type": "char",
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "size": size,
        "upright": True,
        "confidence": confidence,
    }


def mark_cells(table: RuledTable, grid: Grid, page: OcrPage) -> None:
    """Give each cell of a grid read from a scanned page its confidence and its box in pixels.

    A cell's confidence is its least confident character's: one doubtful digit makes the number
    doubtful. The box is the cell's ruled box on the straightened page image at ``page.dpi``.
    """
    k = page.dpi / 72
    origins = {(cell.source.row, cell.source.col): cell for row in grid.cells for cell in row if not cell.is_covered}
    confidences: dict[int, list[float]] = {}
    for chars in table.chars:  # by position, not by list: a row cut by a page break may have been glued away
        for ch in chars:
            if ch["text"].strip() and "confidence" in ch:
                owner = table.cell_at((ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2)
                confidences.setdefault(owner, []).append(ch["confidence"])
    xs, ys = table.xs.lines, table.ys.lines
    for i, (r, c, rowspan, colspan) in enumerate(table.cells):
        cell = origins.get((r, c))
        if cell is None or cell.pad:
            continue
        x1, bottom = xs[min(c + colspan, len(xs) - 1)], ys[min(r + rowspan, len(ys) - 1)]
        cell.box = (round(xs[c] * k), round(ys[r] * k), round(x1 * k), round(bottom * k))
        if i in confidences:
            cell.confidence = round(min(confidences[i]), 3)
