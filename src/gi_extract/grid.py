"""The one grid model that every reader produces and everything downstream reads.

A :class:`Document` is the file seen as an ordered list of blocks: paragraphs and tables.
A table is a :class:`Grid`: always rectangular, every position holds a :class:`Cell`.
A merged cell is stored once at its origin (top-left) with ``rowspan``/``colspan``; the
positions it covers hold a *covered* cell that points back to that origin, so a covered
position is never confused with a cell the publisher left blank (the contract maps blank
to ``0`` and flags it; covered positions carry no value at all).

Readers build grids with :func:`layout`, which takes rows of :class:`RawCell` in reading
order with HTML-style spans; that keeps the span arithmetic in one place for DOCX
(``gridSpan``/``vMerge``), HTML (``rowspan``/``colspan``), PDF (geometry) and text.
Nothing after this module imports a reader.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .warnings import GiWarning


class CellState(StrEnum):
    """What a grid position holds: the three states the output contract tells apart."""

    FILLED = "filled"
    BLANK = "blank"
    COVERED = "covered"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a cell came from in the original file (1-based page, 0-based table/row/col)."""

    page: int | None
    table: int
    row: int
    col: int


@dataclass(slots=True)
class Cell:
    """One grid position. ``row``/``col`` are the origin's grid position for covered cells."""

    text: str
    state: CellState
    row: int
    col: int
    source: Source
    rowspan: int = 1
    colspan: int = 1
    pad: bool = False
    """True for positions no source cell reached (a short row padded to the grid's width)."""
    confidence: float | None = None
    """Recognition confidence (0-1) of a cell read by OCR (its least confident character); None for text read
    from a file's own text."""
    box: tuple[int, int, int, int] | None = None
    """``(x0, top, x1, bottom)`` of a cell read by OCR, in pixels of its page image (straightened, at the OCR
    resolution); None for text read from a file's own text."""

    @property
    def is_covered(self) -> bool:
        return self.state is CellState.COVERED

    def __repr__(self) -> str:
        span = f" {self.rowspan}x{self.colspan}" if (self.rowspan, self.colspan) != (1, 1) else ""
        return f"<Cell ({self.row},{self.col}){span} {self.state.value} {self.text[:12]!r}>"


@dataclass(slots=True)
class RawCell:
    """A cell as a reader meets it in reading order, before spans are laid out.

    Mutable so that a reader folding merges (DOCX ``vMerge`` chains) can grow a cell's spans
    in place instead of building a second object per cell.

    ``source_row``/``source_col`` are the reader's own coordinates (e.g. the ``w:tc``
    index inside its ``w:tr``), kept for provenance; ``page`` is 1-based or ``None``.
    """

    text: str
    rowspan: int = 1
    colspan: int = 1
    source_row: int = 0
    source_col: int = 0
    page: int | None = None
    pad: bool = False
    """A placeholder for a grid position no source cell reaches (DOCX ``gridBefore``)."""


@dataclass
class Paragraph:
    """A run of body text outside any table (headings included)."""

    text: str
    page: int | None = None


@dataclass
class Grid:
    """A table as a rectangular grid of :class:`Cell` (``cells[row][col]``)."""

    cells: list[list[Cell]]
    index: int
    pages: tuple[int, ...] = ()
    aligned: bool = True
    """False when grid columns are only the printed order (text renderings), not real columns."""
    positional: bool = False
    """Columns estimated from character positions (``pdftotext -layout``): a row that prints fewer
    values than there are columns was placed by position, which the template's sums may overrule."""
    clipped: frozenset[int] = frozenset()
    """Grid columns cut by the page edge (a web page printed too narrow): their text may be missing."""
    unstacked: frozenset[int] = frozenset()
    """Rows divided from one printed row whose cells stacked several rows' texts on lines (a converter
    missed the rule between them): the division is the reader's, and the values say so."""
    tails: frozenset[int] = frozenset()
    """Rows whose last cell was empty and took the value printed on a line after the row (html2text
    writes a cell opening with a paragraph break so; a page number between rows looks the same)."""
    padded: frozenset[int] = frozenset()
    """Rows a Markdown table printed short of its columns, padded at their end as Markdown reads them (a
    converter dropping trailing blanks), or printing empty cells past them, which Markdown ignores; a
    converter that merged a blank cell into its neighbour lost it from the middle instead, which only
    the row's sums can tell."""
    truncated: bool = False
    """Rows or columns past :data:`MAX_ROWS`/:data:`MAX_COLUMNS` were not read (no report table is that large)."""

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    @property
    def n_cols(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def origins(self, i: int) -> list[Cell]:
        """The cells that start in row ``i``, left to right: each merged cell once.

        Positions covered by a merge from a row above are left out, so this is the row as
        the publisher typed it (the order the template's values are printed in).
        """
        out: list[Cell] = []
        for cell in self.cells[i]:
            if not cell.is_covered and not cell.pad and cell.row == i:
                out.append(cell)
        return out

    def covering(self, i: int) -> list[Cell]:
        """Cells from rows above whose vertical merge reaches into row ``i``, left to right."""
        seen: list[Cell] = []
        for cell in self.cells[i]:
            if cell.is_covered and cell.row < i:
                origin = self.cells[cell.row][cell.col]
                if origin not in seen:
                    seen.append(origin)
        return seen

    def text(self) -> str:
        """All filled text, row by row: used to recognise a table by its words."""
        return "\n".join(" ".join(c.text for c in self.origins(i) if c.text) for i in range(self.n_rows))

    def __repr__(self) -> str:
        pages = f" p{'-'.join(map(str, self.pages))}" if self.pages else ""
        return f"<Grid #{self.index}{pages} {self.n_rows}x{self.n_cols}>"


Block = Paragraph | Grid


@dataclass
class Document:
    """A whole report as the readers see it: blocks in reading order plus file facts."""

    path: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    title_hint: str | None = None
    warnings: list[GiWarning] = field(default_factory=list)

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]

    def paragraph_text(self) -> str:
        """Every paragraph, in order, joined by newlines: where glued tables are read from."""
        return "\n".join(b.text for b in self.blocks if isinstance(b, Paragraph))

    def paragraph_starts(self) -> dict[int, int]:
        """Where each paragraph (by ``id``) starts in :meth:`paragraph_text`: what a value's span counts from."""
        out: dict[int, int] = {}
        at = 0
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out[id(block)] = at
                at += len(block.text) + 1
        return out

    def iter_blocks(self) -> Iterator[tuple[int, Block]]:
        return iter(enumerate(self.blocks))


_BLANK_CHARS = {"\u3000", "\xa0", "\u200b", "\ufeff", "\u2002", "\u2003", "\u2009"}


def is_blank_text(text: str) -> bool:
    """True for text that prints as nothing: spaces, ``&nbsp;``, ideographic spaces."""
    if text.isprintable() and text.strip():
        return False
    return all(ch.isspace() or ch in _BLANK_CHARS or unicodedata.category(ch) == "Cf" for ch in text)


MAX_ROWS = 2000
"""Rows a grid may have. An annual report's tables have a few dozen; a longer table is some other
listing, and laying out millions of rows (a hostile page, 100 MB of pasted rows) would take
minutes and gigabytes: the rows past this are not read, and the grid says so (``truncated``)."""
MAX_COLUMNS = 200
"""Columns a grid may have (the widest report table has 16): wider rows and spans are cut here."""
MAX_CELLS = 100_000
"""Table cells a document may hold. A report's three tables have about 300; a CMS page with every
table of a year's reports a few thousand. Past this a page or drawing is refused before its tables
are built (a 50 MB HTML table of 5 million cells takes libxml2 2 GB and 50 s)."""


def layout(rows: Sequence[Sequence[RawCell]], index: int, default_page: int | None = None) -> Grid:
    """Lay rows of spanned cells onto a rectangular grid (HTML table model).

    Each raw cell takes the first free position of its row; positions already taken by a
    rowspan from above are skipped. Short rows are padded with blank cells so the grid
    stays rectangular (the padding has the row's own source row and no text). Spans are
    clamped to the table's extent before any position is taken (a cell claiming rowspan=100000
    reaches the last row, colspan to :data:`MAX_COLUMNS`), and rows and columns past
    :data:`MAX_ROWS` and :data:`MAX_COLUMNS` are cut, so a grid never outgrows a real table.
    """
    taken: dict[tuple[int, int], Cell] = {}
    width = 0
    truncated = len(rows) > MAX_ROWS
    rows = rows[:MAX_ROWS]
    n_rows = len(rows)
    filled, blank = CellState.FILLED, CellState.BLANK
    for r, row in enumerate(rows):
        c = 0
        for raw in row:
            while (r, c) in taken:
                c += 1
            if c >= MAX_COLUMNS:
                truncated = True
                break
            rowspan = raw.rowspan if raw.rowspan > 1 else 1
            if rowspan > n_rows - r:
                rowspan = n_rows - r
            colspan = raw.colspan if raw.colspan > 1 else 1
            if colspan > MAX_COLUMNS - c:
                colspan = MAX_COLUMNS - c
            src = Source(default_page if raw.page is None else raw.page, index, raw.source_row, raw.source_col)
            text = "" if is_blank_text(raw.text) else raw.text.strip()
            taken[(r, c)] = Cell(text, filled if text else blank, r, c, src, rowspan, colspan, raw.pad)
            if rowspan > 1 or colspan > 1:
                # one covered marker serves every position of the merge (as python-docx repeats
                # its _Cell); a position already taken by an earlier overlapping span keeps its cell
                covered = Cell("", CellState.COVERED, r, c, src, rowspan, colspan)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.setdefault((r + dr, c + dc), covered)
            c += colspan
        if c > width:
            width = c
    cells: list[list[Cell]] = []
    for r in range(n_rows):
        line: list[Cell] = []
        for c in range(width):
            cell = taken.get((r, c))
            if cell is None:
                src = Source(default_page, index, r, c)
                cell = Cell("", CellState.BLANK, r, c, src, pad=True)
            line.append(cell)
        cells.append(line)
    pages = tuple(sorted({cell.source.page for line in cells for cell in line if cell.source.page is not None}))
    return Grid(cells, index, pages, truncated=truncated)
