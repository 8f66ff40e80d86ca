"""The value columns of a layout-text table fragment, and each row's values placed in them.

pdftotext keeps columns only as character positions, and not the same ones all down a
page: a word before them that runs long pushes them right, and one stretch of rows may
stand a few columns off another. So a row printing every value takes them in order, and
only a row printing fewer is placed by position (:func:`place`), against the full row it
fits best. How many columns there are comes from the rows (:func:`value_columns`),
or, for a column no row prints, from the header over it (:func:`header_columns`) or the
width of the fragment a continued one goes on from (:func:`spread_columns`).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

from ..labels import normalise
from ..template import registry
from .layoutlines import MIN_GAP, Line, Word, centre

_GLUED_CELLS = re.compile(r"^0\d+$")
COLUMN_SLACK = 2
"""Columns a header word may start off its column's values (numbers are centred or right-aligned)."""
PARTIAL_REACH = 2
"""Label lines that may stand between the two parts of a row's values."""
LABEL_REACH = 6
"""Label lines that may stand between a value printed above its row and the rest, when they are the
start of that row's own label (a numbered first line, then unnumbered ones)."""


def value_columns(anchors: Sequence[Line]) -> list[float]:
    """Centres of the value columns: the median centre of each value over rows printing them all."""
    width = max(len(a.values) for a in anchors)
    full = [a for a in anchors if len(a.values) == width]
    return [statistics.median(centre(a.values[k]) for a in full) for k in range(width)]


def header_columns(centres: list[float], anchors: Sequence[Line], header: Sequence[Line]) -> list[float]:
    """The value columns with those only the header shows: columns no row of the fragment prints.

    A column whose zeros are all printed blank leaves no value to find it by (社会公益组织 on
    a page where every row leaves it blank), so the header's words are read too, when the
    header stands over the values: every value column has its own group of header cells
    (``社 会`` spaced out is one) starting within :data:`COLUMN_SLACK` of it (a column's position is its leftmost value:
    pdftotext pushes words right, never left). A further group of header words between
    two value columns is then a column of its own: two words or more stacked there
    (``社会`` / ``公益`` / ``组织``), or one word when the header is a single line (a
    spanning header stands above column headers, never alone on a one-line header).
    """
    full = [a for a in anchors if len(a.values) == len(centres)]
    starts = [min(a.values[k].start for a in full) for k in range(len(centres))]
    left = min(a.value_left for a in anchors) - 1
    groups: Counter[int] = Counter()
    named: set[int] = set()
    for line in header:
        for w in _header_cells(line):
            if w.start >= left:
                g = next((g for g in groups if abs(g - w.start) <= 1), w.start)
                groups[g] += 1
                if names_column(w.text):
                    named.add(g)
    own = [min(groups, key=lambda g: abs(g - s), default=None) for s in starts]
    if any(g is None or abs(g - s) > COLUMN_SLACK for g, s in zip(own, starts, strict=True)):
        return centres
    if len(set(own)) < len(own) or own != sorted(own, key=lambda g: g or 0):
        return centres
    needed = 1 if len(header) == 1 else 2
    extra = [
        g + 0.5
        for g, n in groups.items()
        if (n >= needed or g in named) and starts[0] < g < starts[-1] and g not in own
    ]
    return sorted(centres + extra)


@cache
def _column_labels() -> tuple[str, ...]:
    """Every value column's printed header in the template (自然人, 商业企业 …), normalised."""
    reg = registry()
    labels = {normalise(c.label) for t in reg.table_ids for c in reg.all_columns(t).values()}
    return tuple(sorted(labels, key=len, reverse=True))


SPANNING_TAIL = 4
"""Characters a header run into a column's own name must have to be a header of its own (``法人或其他组织``)."""


def names_column(text: str) -> bool:
    """Whether a header cell's text is a value column's own header, or opens with one run into a
    spanning header (``科研机构`` glued to the ``法人或其他组织`` beside it still names 科研机构).
    A spanning header such as 法人或其他组织 or 申请人情况 names none, nor does ``其他组织``, the
    end of one wrapped: what follows a name must be :data:`SPANNING_TAIL` characters or none."""
    t = normalise(text).replace(" ", "")
    return any(
        t == label or (t.startswith(label) and len(t) - len(label) >= SPANNING_TAIL) for label in _column_labels()
    )


def _header_cells(line: Line) -> list[Word]:
    """A header line's cells: its fragments, but words one space apart each their own cell when every
    one of them names a column (``自然人 商业企业 科研机构`` in a narrow print; ``本 年 制 发 件``, a
    header spaced out, stays one cell)."""
    out: list[Word] = []
    for f in line.fragments():
        words = [w for w in line.words if f.start <= w.start < f.end]
        out += words if len(words) > 1 and all(names_column(w.text) for w in words) else [f]
    return out


def spread_columns(centres: list[float], anchors: Sequence[Line], expected: int) -> list[float]:
    """``expected`` column centres found in where the values stand, when no row prints them all.

    A fragment continuing a table on the next page has no header; if each of its rows
    leaves some column blank (a different one each), its widest row is short of the
    table's width. The values' centres, sorted, then fall into ``expected`` groups
    separated by the widest gaps between them; that is taken only when those gaps are
    clear (wider than :data:`COLUMN_SLACK`) and more than the jitter within a group.
    """
    points = sorted(centre(w) for a in anchors for w in a.values)
    if expected <= len(centres) or len(set(points)) < expected:
        return centres
    gaps = sorted(range(1, len(points)), key=lambda i: points[i] - points[i - 1], reverse=True)
    cuts = sorted(gaps[: expected - 1])
    widths = [points[i] - points[i - 1] for i in cuts]
    groups = [points[a:b] for a, b in pairwise([0, *cuts, len(points)])]
    spread = max(g[-1] - g[0] for g in groups)
    if min(widths) <= max(COLUMN_SLACK, spread):
        return centres
    return [statistics.median(g) for g in groups]


def unglue(values: Sequence[Word], width: int) -> list[Word] | None:
    """A row's values with cells printed without a space between them cut apart, None when unknowable.

    A number never starts with a 0, so ``00002`` is five cells run together. When it is
    the only such run and cutting it into single digits gives the row exactly ``width``
    values, that is what was printed; otherwise the row is left unplaced (its printed
    values only, so that nothing downstream reads them by position).
    """
    glued = [w for w in values if _GLUED_CELLS.match(w.text)]
    if not glued:
        return list(values)
    run = glued[0]
    if len(glued) > 1 or len(values) - 1 + len(run.text) != width:
        return None
    out: list[Word] = []
    for w in values:
        out += [Word(w.start + n, ch) for n, ch in enumerate(w.text)] if w is run else [w]
    return out


def place(values: Sequence[Word], centres: Sequence[float], full: Sequence[Sequence[Word]]) -> list[int]:
    """The column of each value: in order when all are printed, else by the full row the values fit best.

    pdftotext does not keep one set of positions down a page: rows under the header may put
    科研 at column 30 and rows further down at 34 (the same table, the same widths). Each
    row printing every value shows the positions of its own stretch, so a row leaving cells
    blank is placed against each of them and takes the placement it fits with the least
    distance (the row its own stretch printed alike). With no full row, or when two rows fit
    equally well with different placements, it is placed against the median ``centres``.
    """
    if len(values) >= len(centres):
        return list(range(len(values)))
    fits = [_fit(values, [centre(w) for w in row]) for row in full if len(row) == len(centres)]
    least = min((cost for cost, _ in fits), default=None)
    best = {tuple(where) for cost, where in fits if cost == least}
    if len(best) != 1:
        return _fit(values, centres)[1]
    return list(best.pop())


def _fit(values: Sequence[Word], centres: Sequence[float]) -> tuple[float, list[int]]:
    """The placement of ``values`` under ``centres`` in order with the least total distance, and that distance."""
    n, k = len(values), len(centres)
    if n >= k:
        return 0.0, list(range(n))
    inf = float("inf")
    cost = [[inf] * (k + 1) for _ in range(n + 1)]
    cost[0] = [0.0] * (k + 1)
    for i in range(1, n + 1):
        for j in range(i, k + 1):
            here = abs(centre(values[i - 1]) - centres[j - 1])
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + here) if j > i else cost[i - 1][j - 1] + here
    out: list[int] = []
    j = k
    for i in range(n, 0, -1):
        while j > i and cost[i][j - 1] == cost[i][j]:
            j -= 1
        out.append(j - 1)
        j -= 1
    return cost[n][k], out[::-1]


def merge_partial_anchors(
    body: list[Line], placed: dict[int, dict[int, Word]], centres: list[float], grow: bool = True
) -> None:
    """Join a label-less anchor printing only some columns to the anchor next to it, in place.

    The next anchor is preferred (a value printed a line higher than the rest of its row, as
    in corpus r016's table 二, or above the whole of the row's label when its cell is
    top-aligned and the others are centred), then the one before (r031 prints 总计 beside the
    label and the other six values two lines lower); only when no column would be printed
    twice and at most :data:`PARTIAL_REACH` label lines stand between them, or
    :data:`LABEL_REACH` that begin the next anchor's label. A line whose only words are
    single characters (a label written down the side) counts as label-less. A single value
    that no neighbour takes, because it would print their last column twice, may be one more
    column (:func:`_extend_rows`) when the fragment may ``grow``.
    """
    anchors = [i for i, x in enumerate(body) if x.anchor]
    width = max((len(c) for c in placed.values()), default=0)
    beyond: dict[int, list[int]] = {}
    for n, i in enumerate(anchors):
        if i not in placed or body[i].worded or len(placed[i]) >= width:
            continue
        near = [anchors[n + 1]] if n + 1 < len(anchors) else []
        near += [anchors[n - 1]] if n > 0 else []
        extra: int | None = None  # the first neighbour the value could be one more column of
        for j in near:
            between = [x for x in body[min(i, j) + 1 : max(i, j)] if not x.blank]
            close = len(between) <= PARTIAL_REACH or (
                j > i and len(between) <= LABEL_REACH and between[0].marked and not any(x.marked for x in between[1:])
            )
            if j not in placed or not close:
                continue
            if not placed[i].keys() & placed[j].keys():
                placed[j].update(placed.pop(i))
                extra = None
                break
            if extra is None and grow and list(placed[i]) == [width - 1] and len(placed[j]) == width:
                extra = j if _inside_row(body, i, j, anchors) else None
        if extra is not None:
            beyond.setdefault(extra, []).append(i)
    _extend_rows(placed, beyond, width, centres)


def _inside_row(body: Sequence[Line], i: int, j: int, anchors: Sequence[int]) -> bool:
    """Whether the lone value on line ``i`` stands inside the row of anchor ``j``, no numbered line
    between them: printed above the values, below the first line of the row's label (a numbered
    line without values, characters of a side label aside) when the anchor's own words are
    unnumbered (the label began above); printed below them, at the foot of the fragment. A
    value opening a page is the page before's (:func:`..layout.join_split_row`), not a column."""
    if any(x.marked for x in body[min(i, j) + 1 : max(i, j)]):
        return False
    if j < i:
        return i == anchors[-1]
    if body[j].marked:
        return False
    above = next((x for x in reversed(body[:i]) if x.worded or x.anchor), None)
    return above is not None and not above.anchor and above.marked


def _extend_rows(
    placed: dict[int, dict[int, Word]], beyond: dict[int, list[int]], width: int, centres: list[float]
) -> None:
    """Give every row of the fragment printing all its columns the lone value printed above it as
    one more column, in place (``centres`` gains it, a column's spacing right of the last),
    or leave them all.

    A value alone on its line over a row that prints every column, where only the last
    column is left for it, is a column the fragment prints nowhere else: a total whose cell
    is aligned otherwise than the rest (r031 laid out afresh prints each row's 总计 a line
    above its six other values, one character column to the left, where pdftotext gives it
    no reliable column; or at the foot of a page, under its row). Only when every full row
    has exactly one: a fragment whose other rows print their total inline keeps its columns.
    """
    full = {j for j, cells in placed.items() if len(cells) == width}
    if not beyond or beyond.keys() != full or any(len(v) > 1 for v in beyond.values()) or len(centres) != width:
        return
    centres.append(centres[-1] + (centres[-1] - centres[-2] if width > 1 else 2 * MIN_GAP))
    for j, (i,) in beyond.items():
        placed[j][width] = placed.pop(i)[width - 1]
