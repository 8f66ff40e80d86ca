"""Tables printed without rulings: cells from wide gaps between characters, columns from the data rows."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...grid import RawCell
from .lines import Line, Obj, line_text, numbering
from .page import Placed

CELL_GAP = 0.9
"""In a page without rulings, a horizontal gap wider than this many font sizes separates two cells."""
_NUMERIC = re.compile(r"\d")


def _segments(line: Line) -> list[tuple[float, float, str]]:
    """Split a line where the gap between visible characters exceeds :data:`CELL_GAP` font sizes."""
    segs: list[list[Obj]] = []
    prev: Obj | None = None
    for ch in line.chars:
        if not ch["text"].strip():
            continue
        if prev is None or ch["x0"] - prev["x1"] > CELL_GAP * line.size:
            segs.append([])
        segs[-1].append(ch)
        prev = ch
    return [(s[0]["x0"], s[-1]["x1"], line_text(s)) for s in segs]


def borderless_grids(lines: list[Line]) -> tuple[list[Placed], list[Line]]:
    """Find tables printed without rulings among the text lines; return them and the lines left over.

    A table is a run of lines split into several cells by wide gaps, at least two such lines,
    some digits among them; single-cell lines inside the run (captions such as
    ``第二十条第（五）项``) belong to it, but a section heading (``三、…``) ends it. Columns are
    the x-extents of the cells of the lines that carry digits (data rows, where every column
    is filled and no header spans several columns); each text line becomes a grid row, and a
    cell covering several columns gets that colspan. A line right after a data row that carries
    no number and does not start like a row label is the wrapped rest of that row's label and
    joins it.
    """
    segs = [_segments(line) for line in lines]
    placed: list[Placed] = []
    rest: list[Line] = []
    i = 0
    while i < len(lines):
        if len(segs[i]) < 2:
            rest.append(lines[i])
            i += 1
            continue
        j = i
        last_multi = i
        while j + 1 < len(lines):
            nxt = j + 1
            if len(segs[nxt]) >= 2:
                last_multi = nxt
            elif numbering("section").match(lines[nxt].text) or nxt - last_multi > 8:
                break
            j = nxt
        run = range(i, last_multi + 1)
        # a number after the first cell: such a line has at least two cells, and is a data row
        numbered = {k: any(_NUMERIC.search(t) for _, _, t in segs[k][1:]) for k in run}
        data = [k for k in run if numbered[k]]
        if sum(len(segs[k]) >= 2 for k in run) >= 2 and data:
            columns = _columns([s for k in data for s in segs[k]])
            merged: list[list[tuple[float, float, str]]] = []
            for k in run:
                wraps = merged and numbered.get(k - 1, False) and not numbered[k]
                if wraps and not numbering("row").match(segs[k][0][2]):
                    merged[-1] = merged[-1] + segs[k]
                else:
                    merged.append(list(segs[k]))
            rows = [_aligned_row(row, columns, n) for n, row in enumerate(merged)]
            placed.append(Placed(lines[i].top, rows))
        else:
            rest.extend(lines[k] for k in run)
        i = last_multi + 1
    return placed, rest


def _columns(segs: Sequence[tuple[float, float, str]]) -> list[tuple[float, float]]:
    """Column extents: the union of overlapping cell extents, left to right."""
    cols: list[list[float]] = []
    for x0, x1, _ in sorted(segs):
        if cols and x0 <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return [(a, b) for a, b in cols]


def _aligned_row(
    segs: Sequence[tuple[float, float, str]], columns: Sequence[tuple[float, float]], row: int
) -> list[RawCell]:
    """One text line as a grid row: each cell spans the columns it overlaps, unfilled columns blank."""
    texts: dict[int, list[str]] = {}
    spans: dict[int, int] = {}
    for x0, x1, text in segs:
        hit = [c for c, (a, b) in enumerate(columns) if x0 < b and x1 > a]
        if not hit:
            mid = (x0 + x1) / 2
            hit = [min(range(len(columns)), key=lambda c: abs((columns[c][0] + columns[c][1]) / 2 - mid))]
        first = hit[0]
        if any(f <= c < f + n for c in hit[1:] for f, n in spans.items()):
            hit = [first]
        texts.setdefault(first, []).append(text)
        spans[first] = max(spans.get(first, 1), hit[-1] - first + 1)
    cells: list[RawCell] = []
    c = 0
    while c < len(columns):
        if c in texts:
            cells.append(RawCell("\n".join(texts[c]), 1, spans[c], row, c))
            c += spans[c]
        else:
            cells.append(RawCell("", 1, 1, row, c))
            c += 1
    return cells
