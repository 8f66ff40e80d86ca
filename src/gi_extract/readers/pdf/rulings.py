"""Rows a table leaves open: the horizontal line a row without a closing border never got.

pdfplumber makes a cell only where four rulings meet, so a row printed without its bottom
border (WPS at a page break, a Word table whose last row has no bottom line) or without its
top border (the fragment that continues a table on the next page) has no cells: its text
falls out of the table and the row is lost. Its side rulings are still drawn, though, and
they stop exactly where the row ends. :func:`closing_edges` finds the vertical rulings that
run on past the last horizontal line they cross and, where two or more of them stop at the
same height and belong to one lattice, draws the missing line between them, so the table
finder closes the row like any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .lines import NUMBER_ONLY, Obj, group_lines, numbering

JOIN_TOLERANCE = 3.0
"""Collinear ruling segments closer than this (points) are one line; pdfplumber's own snap/join default."""
MIN_OPEN = 5.0
"""A vertical ruling must run on this far past its last crossing to open a row (less is a drawing overshoot)."""
MAX_OPEN = 150.0
"""An open row is at most this tall: a row is a few lines of text (the longest label wraps to six or
seven in a narrow column). Column separators running down a whole table body under a lone header
rule make no open row; that body is left to the text-alignment reading it always had. A taller
open region is one row still when its text says so (:func:`_one_row`)."""


@dataclass(frozen=True)
class Run:
    """One straight ruling after joining its collinear pieces: ``at`` across the axis, ``start``-``end`` along it."""

    at: float
    start: float
    end: float


def runs(edges: Iterable[Obj], orientation: str) -> list[Run]:
    """Join collinear pieces (Word and WPS draw one piece per cell side) into whole rulings."""
    if orientation == "v":
        pieces = sorted(((e["x0"] + e["x1"]) / 2, e["top"], e["bottom"]) for e in edges)
    else:
        pieces = sorted(((e["top"] + e["bottom"]) / 2, e["x0"], e["x1"]) for e in edges)
    lines: list[list[tuple[float, float, float]]] = []
    for piece in pieces:
        if lines and piece[0] - lines[-1][0][0] <= JOIN_TOLERANCE:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    out: list[Run] = []
    for line in lines:
        at = sum(p[0] for p in line) / len(line)
        spans = sorted((p[1], p[2]) for p in line)
        start, end = spans[0]
        for s, e in spans[1:]:
            if s - end > JOIN_TOLERANCE:
                out.append(Run(at, start, end))
                start, end = s, e
            else:
                end = max(end, e)
        out.append(Run(at, start, end))
    return out


def _crosses(h: Run, v: Run) -> bool:
    tol = JOIN_TOLERANCE
    return h.start - tol <= v.at <= h.end + tol and v.start - tol <= h.at <= v.end + tol


@dataclass(frozen=True)
class End:
    """The open end of a vertical ruling: where it stops, and the nearest horizontal ruling it crosses."""

    at: float
    ruling: Run
    last: float
    bottom: bool
    """A bottom end (the row below the last crossing is open) or a top end."""


def closing_edges(v_edges: Sequence[Obj], h_edges: Sequence[Obj], chars: Sequence[Obj]) -> list[Obj]:
    """The horizontal rulings that close rows drawn without a bottom (or top) border.

    A vertical ruling that crosses at least one horizontal ruling (so it is part of a ruled
    lattice, not a lone rule or a table drawn with vertical lines only) and runs on at least
    :data:`MIN_OPEN` past the lowest (highest) one it crosses has an open end. Open ends at one
    height are grouped left to right while neighbours share a horizontal ruling (one table, not
    two tables side by side that happen to end level). The open row of a group starts at the
    nearest ruling any of them crosses (the table's outer side may pass a tall merged cell, and
    cross nothing for a while); when it is a row's height (at most :data:`MAX_OPEN`, or taller
    when the page's ``chars`` there print one row: :func:`_one_row`) and the group has two
    rulings or more, it gets a line from the leftmost to the rightmost at their mean height.
    Where no vertical ruling stops inside that line's span, the table finder sees a merged
    cell, as printed.
    """
    verticals = runs(v_edges, "v")
    horizontals = runs(h_edges, "h")
    ends: list[End] = []
    for v in verticals:
        crossing = [h.at for h in horizontals if _crosses(h, v)]
        if not crossing:
            continue
        if v.end - max(crossing) >= MIN_OPEN:
            ends.append(End(v.end, v, max(crossing), bottom=True))
        if min(crossing) - v.start >= MIN_OPEN:
            ends.append(End(v.start, v, min(crossing), bottom=False))
    out: list[Obj] = []
    for level in _levels(ends):
        for group in _connected(sorted(level, key=lambda e: e.ruling.at), horizontals):
            y = sum(e.at for e in group) / len(group)
            height = y - max(e.last for e in group) if group[0].bottom else min(e.last for e in group) - y
            if len(group) < 2:
                continue
            band = (y - height, y) if group[0].bottom else (y, y + height)
            if height <= MAX_OPEN or _one_row(chars, [e.ruling.at for e in group], band):
                out.append(_h_edge(group[0].ruling.at, group[-1].ruling.at, y))
    return out


def _one_row(chars: Sequence[Obj], columns: Sequence[float], band: Sequence[float]) -> bool:
    """Whether the text between ``columns`` (x of the rulings, left to right) and across ``band``
    (top, bottom) is one row's: some column prints a number, none prints two on lines of their
    own, and none holds two numbered labels (``1.`` … ``2.``). A table body several rows tall
    stacks a number per row in each value column and a label per row in its label column; one row
    whose label wraps in a narrow column (2021's fee_unpaid label wraps to ten lines, and a page
    break may leave seven of them on the next page) prints one value per cell, however tall.
    A body without row rulings whose labels are unnumbered and whose every column leaves all
    but one row blank would pass; no standard table prints one.
    """
    top, bottom = band
    inside = [c for c in chars if top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    numbers = 0
    for left, right in pairwise(columns):
        lines = group_lines([c for c in inside if left <= (c["x0"] + c["x1"]) / 2 <= right])
        here = sum(1 for line in lines if NUMBER_ONLY.match(line.text))
        if here > 1 or sum(1 for line in lines if numbering("row").match(line.text)) > 1:
            return False
        numbers += here
    return numbers > 0


def _levels(ends: Sequence[End]) -> list[list[End]]:
    """Open ends clustered by side and height (within the join tolerance of the cluster's first)."""
    levels: list[list[End]] = []
    for end in sorted(ends, key=lambda e: (e.bottom, e.at)):
        if levels and end.bottom == levels[-1][0].bottom and end.at - levels[-1][0].at <= JOIN_TOLERANCE:
            levels[-1].append(end)
        else:
            levels.append([end])
    return levels


def _connected(level: Sequence[End], horizontals: Sequence[Run]) -> list[list[End]]:
    """Split a level's open ends (left to right) where no horizontal ruling joins two neighbours."""
    groups: list[list[End]] = []
    for end in level:
        if groups and any(_crosses(h, groups[-1][-1].ruling) and _crosses(h, end.ruling) for h in horizontals):
            groups[-1].append(end)
        else:
            groups.append([end])
    return groups


def _h_edge(x0: float, x1: float, y: float) -> Obj:
    """A horizontal edge in the shape pdfplumber's table finder takes as an explicit line."""
    return {
        "object_type": "rule_edge",
        "orientation": "h",
        "x0": x0,
        "x1": x1,
        "top": y,
        "bottom": y,
        "width": x1 - x0,
        "height": 0.0,
    }
