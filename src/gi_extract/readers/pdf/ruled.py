"""Ruled tables: pdfplumber's cell boxes placed on their lattice, and rows cut by a page break glued back."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ...grid import RawCell
from .lines import BBox, Obj, group_lines, numbering

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
        """Turn each cell's characters into its text: visual lines joined with newlines."""
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


_NUMBER_ONLY = re.compile(r"^[\s+\-−－]*[\d,，.]+\s*(?:元|万元|件)?$")


def join_split_row(above: RuledTable, below: RuledTable) -> None:
    """Glue a table row that a page break cut in two back together.

    Word and LibreOffice let a tall row break across pages: the top part (with the numbers)
    ends page N and the rest of its wrapped label (``诉类申请``) opens the fragment on page
    N+1 as a row of its own, with blank number cells. That row is no row of the report, so
    its texts are appended to the cells of the last row above (matched by x position: the two
    fragments may have different lattices, as merges differ) and it is removed. It is
    recognised by: both fragments span the same width; every cell holding a plain number in
    the last row above has only blank cells below it; and none of its texts starts like a
    row label (``1.``, ``（五）``, ``四、``), so a real next row with blank cells is left alone.

    When the first row below is a real row, only the text of merged group labels cut by the
    break moves up: a cell below that spans several rows and continues a non-numeric cell of
    the last row above (``（三）不`` | ``予公开``, ``三、本年`` | ``度办理结果``) gives its text
    to that cell and stays as a blank continuation, as Word prints it when the label fits above.
    """
    tol = 2 * LATTICE_TOLERANCE
    if below.n_rows < 2 or abs(above.bbox[0] - below.bbox[0]) > tol or abs(above.bbox[2] - below.bbox[2]) > tol:
        return
    last = above.n_rows - 1
    first_row = [i for i, cell in enumerate(below.cells) if cell[0] == 0]
    target: dict[int, int] = {}
    for i in first_row:
        _, c, _, colspan = below.cells[i]
        target[i] = above.owner[(last, above.xs.slot((below.xs.lines[c] + below.xs.lines[c + colspan]) / 2))]
    numeric = {j for j in set(target.values()) if _NUMBER_ONLY.match(above.texts[j])}
    split_row = (
        bool(numeric)
        and not any(below.texts[i] for i in first_row if target[i] in numeric)
        and not any(numbering("row").match(below.texts[i]) for i in first_row)
    )
    if not split_row:
        for i in first_row:
            j = target[i]
            if below.cells[i][2] > 1 and below.texts[i] and above.texts[j] and not _NUMBER_ONLY.match(above.texts[j]):
                above.texts[j] = above.texts[j] + "\n" + below.texts[i]
                below.texts[i] = ""
        return
    for i in first_row:
        r, c, rowspan, colspan = below.cells[i]
        if below.texts[i]:
            j = target[i]
            above.texts[j] = "\n".join(t for t in (above.texts[j], below.texts[i]) if t)
            below.texts[i] = ""
        below.cells[i] = (r, c, rowspan - 1, colspan)
    keep = [i for i, cell in enumerate(below.cells) if cell[2] > 0]
    below.cells = [(max(r - 1, 0), c, rs, cs) for r, c, rs, cs in (below.cells[i] for i in keep)]
    below.texts = [below.texts[i] for i in keep]
    below.ys = Axis(below.ys.lines[1:])
    below.owner = {
        (r + dr, c + dc): i
        for i, (r, c, rowspan, colspan) in enumerate(below.cells)
        for dr in range(rowspan)
        for dc in range(colspan)
    }
