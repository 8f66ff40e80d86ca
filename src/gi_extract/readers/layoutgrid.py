"""One table fragment of layout text (a :class:`Segment`) → rows of raw cells.

The steps, each a function named for what it converts:

1. :mod:`.layoutcols` — the value columns, and each anchor's values placed in them (a line
   holding only some of a row's values joins the anchor next to it).
2. :func:`split_sides` — label words left of the innermost label column (where numbered
   items ``1.`` stand) that do not reach into it are *side* labels: row-group labels such as
   ``三、本年度办理结果`` or ``（三）不予公开``, often written down the side one or two
   characters per line.
3. :mod:`.layoutrows` — every line to a row: wrapped label lines to the anchor above or
   below, numbered lines without values to label-only rows (a row printed all blank).
4. :func:`side_runs`, :func:`side_extents` — side words stacked on nearby lines → one cell
   spanning the rows of its group (grown to the neighbouring group or to a row whose own
   label starts as far left), as DOCX prints it with a vertical merge.

Only the text's shape is used: numbers, outline numbering and character columns.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise

from ..grid import MAX_ROWS, RawCell
from ..labels import normalise
from ..template import registry
from .layoutcols import (
    header_columns,
    merge_partial_anchors,
    place,
    spread_columns,
    unglue,
    value_columns,
)
from .layoutlines import ITEM, MARKER, MIN_GAP, Line, Word, centre, side_characters, stacked_lines
from .layoutrows import Row, assign_rows, rebalance_labels

LABEL_START = re.compile(MARKER.pattern + r".")
"""Numbering with words after it: a label; bare ``（五）`` is a group label's first line."""
OPENS = re.compile(MARKER.pattern + r"|^[（(][一二三四五六七八九十]")
"""A side piece that starts a group label (``（五）不``, or ``（五`` cut by the column)."""
STACK_SKIP = 2
"""Lines without side words a group label may skip (its lines interleave with the items' lines)."""

CONTINUATION_CHARS = 3
"""A shorter cell under a wide label is a character of a side label, not the wide label's next line."""
CONTINUATION_LINES = 5
"""How far below a group label its next line may be printed (an item wrapped over several lines between)."""
NEAR_ROWS = 8
"""Rows printing every value that a row leaving cells blank is placed against: the nearest ones."""
SIDE_STACK_GAP = 4
"""Two one-character stacks at most this far apart are one label justified over two columns."""


@dataclass
class Segment:
    """A table fragment on one page: its header lines and its body (label lines, blanks, anchors)."""

    page: int
    header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    continued: bool = False
    """The fragment continues a table from the page before: its first lines may end a row begun there."""


@dataclass
class Rows:
    """A segment's rows of raw cells, with what joins it to the fragment on the page before or after."""

    rows: list[list[RawCell]]
    page: int
    columns: int
    """How many value columns the fragment has."""
    last_label: RawCell | None
    """The last row's label cell (a continued fragment's first lines are appended to it)."""
    orphans: list[str]
    """Label lines before this fragment's first row: the end of the previous page's last row."""
    headed: bool = False
    """The first row is the fragment's header row."""


@dataclass
class _Run:
    """Side words stacked on consecutive lines: one row-group label."""

    pieces: list[tuple[int, Word]]

    @property
    def left(self) -> int:
        return min(w.start for _, w in self.pieces)

    @property
    def right(self) -> int:
        return max(w.end for _, w in self.pieces)

    def text(self) -> str:
        return "".join(w.text.replace(" ", "") for _, w in sorted(self.pieces, key=lambda p: (p[0], p[1].start)))

    def beside(self, other: _Run) -> bool:
        return self.left <= other.right and other.left <= self.right


def item_column(body: Sequence[Line]) -> int | None:
    """The innermost label column: where numbered items (``1.``) most often start, None without any.

    An item may stand one space after a character of a group label written down the side
    (``（ 1.本机关不掌``): the item is the word after such single characters.
    """
    starts: Counter[int] = Counter()
    for line in body:
        for f in line.fragments():
            parts = f.text.split(" ")
            side = side_characters(parts)
            if ITEM.match(parts[side]):
                starts[f.start + 2 * side] += 1  # each side character and the space after it
    return starts.most_common(1)[0][0] if starts else None


def split_sides(body: Sequence[Line], inner: int | None) -> tuple[dict[int, list[Word]], dict[int, list[Word]]]:
    """Each line's label cells cut into (main, side) by the innermost label column ``inner``.

    A cell is side when it ends before ``inner``, unless it is a numbered label right
    before an anchor's values (``（七）总计`` is a row's label, ``（五）`` alone a group's) or
    continues a label on the line above that reaches into ``inner``: unnumbered, starting
    in the same column, and alone on its line or :data:`CONTINUATION_CHARS` long at least
    (``三`` before ``（一）予以公开``, under ``二、上年结转…``, is a side label). One space
    separates a side word from the text after it (``年 （三）不``), so words are cut apart
    there first, except in a numbered label right before the values (``（七）总 计``).
    """
    mains: dict[int, list[Word]] = {}
    sides: dict[int, list[Word]] = {}
    above: list[Word] = []
    stack = stacked_lines(body)
    for i, line in enumerate(body):
        if line.blank:
            continue
        if i in stack:
            mains[i], sides[i] = [], list(line.words)
            continue
        below = next((body[j] for j in range(i + 1, len(body)) if not body[j].blank), None)
        item_below = inner is not None and below is not None and _unvalued_item(below, inner)
        fragments = line.fragments()
        whole = line.anchor and fragments and LABEL_START.match(fragments[-1].text)
        words = [w for w in line.words if not whole or w.start < fragments[-1].start]
        cells: list[Word] = []
        for w in words:
            if (
                cells
                and w.start - cells[-1].end < MIN_GAP
                and (inner is None or cells[-1].end > inner or _bare_item(cells[-1]))
            ):
                cells[-1] = Word(cells[-1].start, cells[-1].text + " " + w.text)
            else:
                cells.append(w)
        if whole:
            cells.append(fragments[-1])
        main: list[Word] = []
        side: list[Word] = []
        for n, cell in enumerate(cells):
            row_label = line.anchor and n == len(cells) - 1 and bool(LABEL_START.match(cell.text))
            row_label = row_label and not (
                item_below
                and inner is not None
                and cell.end <= inner
                and (_heads_items(cell.text) or _continues_below(body, i, cell, inner))
            )
            alone = len(cells) == 1 and not line.anchor
            continues = (len(cell.text) >= CONTINUATION_CHARS or alone) and any(
                abs(a.start - cell.start) <= 1 and a.end > (inner or 0) for a in above
            )
            if (
                inner is not None
                and cell.end <= inner
                and not row_label
                and not (continues and not MARKER.match(cell.text))
            ):
                side.append(cell)
            else:
                main.append(cell)
        mains[i], sides[i] = main, side
        if main or side:
            above = main
    return mains, sides


def _bare_item(cell: Word) -> bool:
    """An item number alone (``2.``): the words one space after it are its label, even when a group
    label on the same line pushed it left of the item column (``（四） 2. 没有现成信``)."""
    m = ITEM.match(cell.text)
    return m is not None and m.end() == len(cell.text)


def _unvalued_item(line: Line, inner: int) -> bool:
    """Whether ``line`` starts a numbered item in the item column and prints no values."""
    first = next((f for f in line.fragments() if f.start >= inner - 1), None)
    return not line.anchor and first is not None and bool(MARKER.match(first.text))


def _heads_items(text: str) -> bool:
    """Whether ``text`` is a group label whose rows are numbered items (``（三）不予公开``), which prints no values.

    A row label (``（二）部分公开``) keeps the values on its line even with a blank item below it.
    """
    probe = normalise(text)
    return any(normalise(label) == probe for label in registry().item_groups("applications"))


def _continues_below(body: Sequence[Line], i: int, cell: Word, inner: int) -> bool:
    """Whether the side label ``cell`` on line ``i`` goes on below it (``（三）不`` … ``予公开``).

    Only an unfinished group label (or one that heads numbered items, :func:`_heads_items`)
    makes its line's values the numbered item's below: a row label (``（二）部分公开``) keeps
    them, whatever follows it. The rest is unnumbered text starting in the label's column
    (centring may shift it a column or two), before the item column, within the next few
    lines and before the next group label there.
    """
    lines = (x for x in body[i + 1 : i + 1 + 4 * CONTINUATION_LINES] if not x.blank)
    for line in islice(lines, CONTINUATION_LINES):
        here = next((f for f in line.fragments() if abs(f.start - cell.start) <= 2 and f.end <= inner), None)
        if here is not None:
            return not MARKER.match(here.text)
    return False


def side_runs(body: Sequence[Line], sides: dict[int, list[Word]]) -> list[_Run]:
    """Side words grouped into row-group labels.

    Words one space apart on a line are one piece (``三 、本 年 度办`` printed across,
    ``（ 四 ） 无`` spaced out), unless the left one is a character of a stack (a single
    character right above or below it, one character per line): then the space
    separates two labels (``年 （三）不``: the outer group label and the inner one). Pieces on
    nearby lines (up to :data:`STACK_SKIP` labelled lines between: a group label's lines
    interleave with its items') that overlap horizontally form a run, unless the lower
    piece opens a label of its own (``（五）…``);
    two stacks of single characters side by side over the same lines are one label
    justified over two columns (``三   、`` / ``本   年``).
    """
    filled = [i for i, x in enumerate(body) if x.words]
    nxt = dict(pairwise(filled))
    prv = {j: i for i, j in nxt.items()}

    def stacked(i: int, w: Word) -> bool:
        near = [v for j in (prv.get(i), nxt.get(i)) if j is not None for v in sides[j]]
        return len(w.text) == 1 and any(len(v.text) == 1 and abs(v.start - w.start) <= 1 for v in near)

    pieces: list[tuple[int, Word]] = []
    for i in filled:
        line: list[Word] = []
        for w in sides.get(i, []):
            if line and w.start - line[-1].end < MIN_GAP and not stacked(i, line[-1]):
                line[-1] = Word(line[-1].start, line[-1].text + " " + w.text)
            else:
                line.append(w)
        pieces += [(i, w) for w in line]
    rank = {i: n for n, i in enumerate(filled)}
    runs = [_Run([p]) for p in pieces]
    joined = True
    while joined:
        joined = False
        for x in runs:
            below = next((y for y in runs if y is not x and (_touch(x, y, rank) or _justified(x, y))), None)
            if below is not None:
                x.pieces += below.pieces
                runs.remove(below)
                joined = True
                break
    return runs


def _touch(x: _Run, y: _Run, rank: dict[int, int]) -> bool:
    """``y`` starts a few labelled lines below ``x`` ends, overlapping it, and does not open a new label."""
    last_line, last = max(x.pieces, key=lambda p: rank[p[0]])
    first_line, first = min(y.pieces, key=lambda p: rank[p[0]])
    near = 0 < rank[first_line] - rank[last_line] <= STACK_SKIP + 1
    return near and first.start <= last.end and last.start <= first.end and not OPENS.match(first.text)


def _justified(x: _Run, y: _Run) -> bool:
    """Two stacks of single characters, ``y`` just right of ``x``, sharing two lines or more."""
    single = all(len(w.text) == 1 for _, w in x.pieces + y.pieces)
    shared = {i for i, _ in x.pieces} & {i for i, _ in y.pieces}
    return single and len(shared) >= 2 and 0 < y.left - x.right <= SIDE_STACK_GAP


def _number(row: Row, mains: dict[int, list[Word]]) -> int | None:
    """The item number a row's label opens with (``3.`` → 3), None when it is not a numbered item."""
    first = next((w for i in row.lines for w in mains.get(i, [])), None)
    m = ITEM.match(first.text) if first is not None else None
    return int(m.group(1)) if m else None


def side_extents(runs: Sequence[_Run], rows: Sequence[Row], mains: dict[int, list[Word]]) -> list[tuple[int, int]]:
    """The rows (first, last) each run's cell spans.

    A run covers the rows of its own lines, then grows down and up over rows whose own
    label starts right of it, so that a group label printed in the middle of its group
    still spans the whole group. Growth stops at a row whose label starts as far left
    (``四、结转…`` ends ``三、本年度办理结果``), at a row another run beside it covers, and
    where the numbering of the items restarts (a group begins at ``1.``).
    """
    row_of = {i: n for n, row in enumerate(rows) for i in row.lines}
    for _, pieces in ((run, run.pieces) for run in runs):
        for i, _w in pieces:  # a side word on an orphan line belongs with the first row after it
            row_of.setdefault(i, next((n for n, row in enumerate(rows) if row.first > i), len(rows) - 1))
    numbers = [_number(row, mains) for row in rows]
    core = [(min(row_of[i] for i, _ in run.pieces), max(row_of[i] for i, _ in run.pieces)) for run in runs]
    spans = list(core)

    def free(n: int, k: int) -> bool:
        start = rows[n].start(mains)
        if start is not None and start <= runs[k].left + 1:
            return False
        return not any(j != k and runs[j].beside(runs[k]) and spans[j][0] <= n <= spans[j][1] for j in range(len(runs)))

    for k in sorted(range(len(runs)), key=lambda k: core[k][0]):
        lo, hi = core[k]
        while hi + 1 < len(rows) and free(hi + 1, k) and numbers[hi + 1] != 1:
            hi += 1
        while lo > 0 and free(lo - 1, k) and numbers[lo] != 1:
            lo -= 1
        spans[k] = (lo, hi)
    return spans


def header_row(header: Sequence[Line], centres: Sequence[float], value_left: int, page: int) -> list[RawCell]:
    """The header lines as one row: the text over the labels, then the text over each value column.

    Header words rarely stand over their columns (merged headers, words wrapped one per
    line), so each goes to the nearest value column; rows are read by their values' order,
    and the header row only has to carry the table's words.
    """
    label: list[str] = []
    cols: list[list[str]] = [[] for _ in centres]
    for line in header:
        here: dict[int, list[str]] = {}
        for w in line.words:
            if w.end < value_left - 1:
                here.setdefault(-1, []).append(w.text)
            else:
                k = min(range(len(centres)), key=lambda k: abs(centres[k] - centre(w)))
                here.setdefault(k, []).append(w.text)
        label += [" ".join(here.pop(-1))] if -1 in here else []
        for k, texts in here.items():
            cols[k].append(" ".join(texts))
    no = header[0].no
    cells = [RawCell("\n".join(label), source_row=no, source_col=0, page=page)] if label else []
    return cells + [
        RawCell("\n".join(t), source_row=no, source_col=round(c), page=page) for t, c in zip(cols, centres, strict=True)
    ]


def _nearest(lines: list[int], i: int) -> list[int]:
    """The :data:`NEAR_ROWS` of the sorted line numbers ``lines`` nearest ``i`` (a long page stays linear)."""
    at = bisect_left(lines, i)
    window = lines[max(0, at - NEAR_ROWS) : at + NEAR_ROWS]
    return sorted(window, key=lambda j: abs(j - i))[:NEAR_ROWS]


def segment_rows(seg: Segment, expected: int = 0) -> Rows:
    """A segment as rows of raw cells: the header row, then each row's side, label and value cells.

    ``expected`` is the number of value columns of the fragment before, for a fragment
    that continues it (see :func:`spread_columns`).
    """
    body = seg.body
    anchors = [i for i, x in enumerate(body) if x.anchor]
    if len(anchors) > MAX_ROWS:  # no report table is that long: read one row more, for layout to say it was cut
        body = body[: anchors[MAX_ROWS] + 1]
        anchors = anchors[: MAX_ROWS + 1]
    centres = value_columns([body[i] for i in anchors])
    if seg.header:
        centres = header_columns(centres, [body[i] for i in anchors], seg.header)
    elif seg.continued:
        centres = spread_columns(centres, [body[i] for i in anchors], expected)
    placed: dict[int, dict[int, Word]] = {}
    unplaced: dict[int, list[Word]] = {}
    printed = {i: unglue(body[i].values, len(centres)) for i in anchors}
    full_at = [i for i, v in printed.items() if v is not None and len(v) == len(centres)]
    for i in anchors:
        values = printed[i]
        if values is None:
            unplaced[i] = body[i].values
        else:
            full = [printed[j] or [] for j in _nearest(full_at, i)]
            placed[i] = dict(zip(place(values, centres, full), values, strict=True))
    merge_partial_anchors(body, placed, centres, grow=not (seg.continued and expected and len(centres) >= expected))
    anchors = [i for i in anchors if i in placed or i in unplaced]
    mains, sides = split_sides(body, item_column(body))
    rows, orphan_lines = assign_rows(body, anchors, mains, seg.continued)
    rebalance_labels(rows, mains)
    runs = side_runs(body, sides)
    origin: dict[int, list[tuple[int, RawCell]]] = {}
    for run, (lo, hi) in zip(runs, side_extents(runs, rows, mains), strict=True):
        first = min(i for i, _ in run.pieces)
        cell = RawCell(run.text(), hi - lo + 1, source_row=body[first].no, source_col=run.left, page=seg.page)
        origin.setdefault(lo, []).append((run.left, cell))
    out: list[list[RawCell]] = []
    if seg.header:
        value_left = min(body[i].value_left for i in anchors)
        out.append(header_row(seg.header, centres, value_left, seg.page))
    last_label: RawCell | None = None
    for n, row in enumerate(rows):
        no = body[row.first].no
        cells = [cell for _, cell in sorted(origin.get(n, []), key=lambda p: p[0])]
        text = "\n".join(" ".join(w.text for w in mains[i]) for i in row.label_lines(mains) if mains.get(i))
        last_label = None
        if text:
            last_label = RawCell(text, source_row=no, source_col=row.start(mains) or 0, page=seg.page)
            cells.append(last_label)
        if row.anchor in unplaced:
            cells += [RawCell(w.text, source_row=no, source_col=w.start, page=seg.page) for w in unplaced[row.anchor]]
            out.append(cells)
            continue
        columns = placed.get(row.anchor, {}) if row.anchor is not None else {}
        for k, c in enumerate(centres):
            w = columns.get(k)
            cells.append(
                RawCell(w.text if w else "", source_row=no, source_col=w.start if w else round(c), page=seg.page)
            )
        out.append(cells)
    orphans = [" ".join(w.text for w in mains[i] + sides[i]) for i in orphan_lines]
    return Rows(out, seg.page, len(centres), last_label, [t for t in orphans if t], bool(seg.header))
