"""Ruled tables: pdfplumber's cell boxes placed on their lattice, and what a page break did to them mended.

A table continued on the next page comes as two fragments; :func:`join_split_row` glues a row or
a label that the break cut in two back together, skips the header rows the continuation repeats,
and gives the continuation's blank merged cells the text of the cell they continue.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ...grid import RawCell
from .lines import NUMBER_ONLY, BBox, Obj, group_lines, numbering

LATTICE_TOLERANCE = 2.0
"""Cell edges closer than this (points) are one lattice line; pdfplumber already snapped them to 3."""


class Axis:
    """Sorted lattice lines along one axis; values within the tolerance share one line."""

    def __init__(self, values: Iterable[float], tolerance: float = LATTICE_TOLERANCE) -> None:
        lines: list[float] = []
        for v in sorted(values):
            if not lines or v - lines[-1] > tolerance:
                lines.append(v)
        self.lines = lines

    def index(self, value: float) -> int:
        """The lattice line nearest to ``value``."""
        i = bisect_right(self.lines, value)
        if i == 0:
            return 0
        if i == len(self.lines) or value - self.lines[i - 1] <= self.lines[i] - value:
            return i - 1
        return i

    def slot(self, value: float) -> int:
        """The lattice step (between two lines) that ``value`` falls in, clamped to the table."""
        return min(max(bisect_right(self.lines, value) - 1, 0), len(self.lines) - 2)

    def insert(self, value: float) -> int:
        """Add a line at ``value`` (a row boundary no ruling drew) and return its index."""
        i = bisect_right(self.lines, value)
        self.lines.insert(i, value)
        return i


@dataclass
class RuledTable:
    """A ruled table: its lattice, the cell that owns each lattice position, and cell contents."""

    bbox: BBox
    xs: Axis
    ys: Axis
    cells: list[tuple[int, int, int, int]]
    """Per cell: row, col, rowspan, colspan on the lattice."""
    owner: dict[tuple[int, int], int]
    chars: list[list[Obj]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    open_left: bool = False
    open_right: bool = False
    """A side where the table runs off the page (a web page printed too narrow): the rulings stop
    at the page edge but the text does not, so characters beyond that edge still belong to the
    outermost column."""

    @property
    def n_rows(self) -> int:
        return len(self.ys.lines) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs.lines) - 1

    def contains(self, x: float, y: float) -> bool:
        x0, top, x1, bottom = self.bbox
        return (self.open_left or x0 <= x) and (self.open_right or x <= x1) and top <= y <= bottom

    def cell_at(self, x: float, y: float) -> int:
        return self.owner[(self.ys.slot(y), self.xs.slot(x))]

    def fill_texts(self) -> None:
        """Turn each cell's characters into its text: visual lines joined with newlines.

        The caller first cuts apart rows that a missing border merged into one
        (:func:`~.merged_rows.split_merged_rows`), which moves characters between cells.
        """
        self.texts = ["\n".join(line.text for line in group_lines(chars)) for chars in self.chars]

    def rows(self) -> list[list[RawCell]]:
        """The cells as layout rows: each cell at its top row, left to right, with its text."""
        rows: list[list[RawCell]] = [[] for _ in range(self.n_rows)]
        for i, (r, c, rowspan, colspan) in sorted(enumerate(self.cells), key=lambda item: item[1][:2]):
            rows[r].append(RawCell(self.texts[i], rowspan, colspan, source_row=r, source_col=c))
        return rows


def ruled_table(boxes: Sequence[BBox]) -> RuledTable | None:
    """Place pdfplumber's cell boxes on their lattice; lattice positions no box reaches become blank cells.

    Rows and columns are the distinct box edges; a box's span is how many lattice steps it
    covers. A position claimed twice (overlapping boxes, rare) keeps its first owner.
    """
    xs = Axis(v for b in boxes for v in (b[0], b[2]))
    ys = Axis(v for b in boxes for v in (b[1], b[3]))
    if len(xs.lines) < 2 or len(ys.lines) < 2:
        return None
    cells: list[tuple[int, int, int, int]] = []
    owner: dict[tuple[int, int], int] = {}
    for x0, top, x1, bottom in sorted(boxes, key=lambda b: (b[1], b[0])):
        r0, r1 = ys.index(top), ys.index(bottom)
        c0, c1 = xs.index(x0), xs.index(x1)
        if r1 <= r0 or c1 <= c0:
            continue
        spots = [(r, c) for r in range(r0, r1) for c in range(c0, c1)]
        if any(s in owner for s in spots):
            continue
        for s in spots:
            owner[s] = len(cells)
        cells.append((r0, c0, r1 - r0, c1 - c0))
    for r in range(len(ys.lines) - 1):
        for c in range(len(xs.lines) - 1):
            if (r, c) not in owner:
                owner[(r, c)] = len(cells)
                cells.append((r, c, 1, 1))
    bbox = (xs.lines[0], ys.lines[0], xs.lines[-1], ys.lines[-1])
    return RuledTable(bbox, xs, ys, cells, owner, [[] for _ in cells])


def join_split_row(above: RuledTable, below: RuledTable) -> None:
    """Mend what a page break did to a table continued from ``above`` (page N) on ``below`` (page N+1).

    Both fragments must span the same width. Header rows that the continuation repeats (Word's
    ``w:tblHeader``: the first rows of ``below`` print what the first rows of ``above`` print) are
    left alone; what follows them is the continuation proper. Then, in this order:

    - A row cut in two: Word and LibreOffice let a tall row break across pages, so the top part
      (with the numbers) ends page N and the rest of its wrapped label (``诉类申请``) opens the
      continuation as a row of its own, with blank number cells. That row is no row of the
      report: its texts are appended to the cells of the last row above (matched by x position:
      the two fragments may have different lattices, as merges differ) and it is removed. It is
      recognised by: every cell holding a plain number in the last row above has only blank
      cells below it, and none of its own texts starts like a row label (``1.``, ``（五）``, ``四、``),
      so a real next row with blank cells is left alone. A group cell reaching below the row is
      not its own: WebKit (wkhtmltopdf) prints a group label such as ``（六）其他处理`` in the
      middle of what its cell shows of the page, which may be beside the row's cut end; it goes
      up with the row into the group cell above, and the rows below take it from there.
    - Otherwise, a label cut by the break (``（三）不`` | ``予公开``, ``三、本年`` | ``度办理结果``): a cell
      of the continuation's first row with the same left and right rulings as a non-numeric cell of
      the last row above, which does not start like a row label and is a group cell (it spans
      several rows, or a label stands to its right), gives its text to the cell above and stays as
      a blank continuation, as Word prints it when the label fits above.
    - Last, merged cells carried over the break: a blank cell of the continuation's first row with
      a row label to its right (``2.没有现成…``, ``（七）总计``: so it is no row's own label printed
      blank, and the row is a data row, not a header) and the same rulings as a labelled cell of
      the last row above is that cell going on: it gets its text, so the rows of page N+1 still say
      which group (``（四）无法提供``, ``三、本年度办理结果``) they sit in.
    """
    tol = 2 * LATTICE_TOLERANCE
    if abs(above.bbox[0] - below.bbox[0]) > tol or abs(above.bbox[2] - below.bbox[2]) > tol:
        return
    first = _repeated_header(above, below)
    if _is_cut_row(above, below, first):
        _glue_cut_row(above, below, first)
    else:
        _glue_cut_labels(above, below, first)
    if first < below.n_rows:
        _carry_merged(above, below, first)


def _repeated_header(above: RuledTable, below: RuledTable) -> int:
    """How many first rows of ``below`` repeat the first rows of ``above`` (the same texts, left to right).

    At least one row of ``below`` is left over: a fragment is never all header.
    """
    n = 0
    while n < min(above.n_rows, below.n_rows - 1):
        mine = [_squash(below.texts[i]) for i in _origins(below, n)]
        theirs = [_squash(above.texts[i]) for i in _origins(above, n)]
        if mine != theirs or not any(mine):
            break
        n += 1
    return n


def _squash(text: str) -> str:
    return "".join(text.split())


def _origins(table: RuledTable, r: int) -> list[int]:
    """The cells whose top row is ``r``, left to right."""
    return sorted((i for i, cell in enumerate(table.cells) if cell[0] == r), key=lambda i: table.cells[i][1])


def _extent(table: RuledTable, i: int) -> tuple[float, float]:
    _, c, _, colspan = table.cells[i]
    return table.xs.lines[c], table.xs.lines[c + colspan]


def _last_row_alike(above: RuledTable, below: RuledTable, i: int) -> int | None:
    """The cell of ``above``'s last row between the same left and right rulings as ``below``'s cell ``i``."""
    x0, x1 = _extent(below, i)
    j = above.owner[(above.n_rows - 1, above.xs.slot((x0 + x1) / 2))]
    a0, a1 = _extent(above, j)
    tol = 2 * LATTICE_TOLERANCE
    return j if abs(a0 - x0) <= tol and abs(a1 - x1) <= tol else None


def _labelled_right_of(table: RuledTable, row: list[int], i: int) -> bool:
    """Whether a cell right of ``i`` in the row holds text that is not a number (a label)."""
    c = table.cells[i][1]
    return any(table.cells[k][1] > c and table.texts[k] and not NUMBER_ONLY.match(table.texts[k]) for k in row)


def _is_cut_row(above: RuledTable, below: RuledTable, first: int) -> bool:
    row = _origins(below, first)
    target = _targets(above, below, row)
    numeric = {j for j in set(target.values()) if NUMBER_ONLY.match(above.texts[j])}
    return (
        bool(numeric)
        and not any(below.texts[i] for i in row if target[i] in numeric)
        and not any(numbering("row").match(below.texts[i]) for i in row if not _group_cell(below, row, i))
    )


def _group_cell(table: RuledTable, row: list[int], i: int) -> bool:
    """Whether cell ``i`` of ``row`` is a group's (``（六）其他处理``): it reaches below the row, and a
    label stands to its right."""
    return table.cells[i][2] > 1 and _labelled_right_of(table, row, i)


def _targets(above: RuledTable, below: RuledTable, row: list[int]) -> dict[int, int]:
    """For each cell of a row of ``below``, the cell of ``above``'s last row under its middle."""
    last = above.n_rows - 1
    return {i: above.owner[(last, above.xs.slot(sum(_extent(below, i)) / 2))] for i in row}


def _glue_cut_row(above: RuledTable, below: RuledTable, first: int) -> None:
    """Append the texts of ``below``'s row ``first`` to the cells above them, and remove that row.

    A group label WebKit prints on both pages (centred in what its cell shows of each) is the
    same text above and below: it is not appended twice.
    """
    row = _origins(below, first)
    for i, j in _targets(above, below, row).items():
        if below.texts[i]:
            if _squash(below.texts[i]) != _squash(above.texts[j]):
                above.texts[j] = "\n".join(t for t in (above.texts[j], below.texts[i]) if t)
            below.texts[i] = ""
    cells: list[tuple[int, int, int, int]] = []
    texts: list[str] = []
    for (r, c, rowspan, colspan), text in zip(below.cells, below.texts, strict=True):
        if r <= first < r + rowspan:
            rowspan -= 1
        elif r > first:
            r -= 1
        if rowspan > 0:
            cells.append((r, c, rowspan, colspan))
            texts.append(text)
    below.cells, below.texts = cells, texts
    below.ys = Axis(below.ys.lines[: first + 1] + below.ys.lines[first + 2 :])
    below.owner = {
        (r + dr, c + dc): i
        for i, (r, c, rowspan, colspan) in enumerate(below.cells)
        for dr in range(rowspan)
        for dc in range(colspan)
    }


def _glue_cut_labels(above: RuledTable, below: RuledTable, first: int) -> None:
    """Move the rest of group labels cut by the break up into their first part."""
    row = _origins(below, first)
    for i in row:
        text = below.texts[i]
        if not text or numbering("row").match(text):
            continue
        if below.cells[i][2] < 2 and not _labelled_right_of(below, row, i):
            continue
        j = _last_row_alike(above, below, i)
        if j is not None and above.texts[j] and not NUMBER_ONLY.match(above.texts[j]):
            above.texts[j] = above.texts[j] + "\n" + text
            below.texts[i] = ""


def _carry_merged(above: RuledTable, below: RuledTable, first: int) -> None:
    """Give blank continuations of merged label cells the text of the cell they continue."""
    row = _origins(below, first)
    for i in row:
        if below.texts[i] or not _row_label_right_of(below, row, i):
            continue
        j = _last_row_alike(above, below, i)
        if j is not None and above.texts[j] and not NUMBER_ONLY.match(above.texts[j]):
            below.texts[i] = above.texts[j]


def _row_label_right_of(table: RuledTable, row: list[int], i: int) -> bool:
    """Whether a cell right of ``i`` in the row starts like a row label (``2.``, ``（七）``): a data row."""
    c = table.cells[i][1]
    return any(table.cells[k][1] > c and numbering("row").match(table.texts[k]) for k in row)
