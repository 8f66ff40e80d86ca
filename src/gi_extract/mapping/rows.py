"""What every table's mapping shares: grid rows as printed, values placed into cells, doubts.

Within a row the values are taken in the order the publisher printed them (a merged cell
once): headers are often misaligned with the data (template.md §6.1, r004's colspan
mismatch, r018's 自然人 colspan=2), and the text rendering has no columns at all, while the
printed order of the values always follows the template. A row whose number of values
differs from the template is placed under its header cells when the grid has real columns,
and otherwise not guessed: its cells are ``None`` with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from ..grid import Cell, Grid
from ..labels import Match, count_in, exact_match
from ..template import Column, registry
from ..values import Kind, Parsed, parse_value
from ..warnings import GiWarning, warning

FUZZY_WARN_BELOW = 95.0
"""A label matched below this similarity is reported (``label_fuzzy``) even though it is used."""


@dataclass
class CellValue:
    """One template cell as extracted: value, how it was printed, and where."""

    key: str
    value: int | float | None
    raw: str
    blank: bool
    cell: Cell | None
    label: str
    label_score: float | None
    span: tuple[int, int] | None = None
    """Character offsets of a value read from glued text (the report's paragraphs, joined by newlines)."""


@dataclass
class TableResult:
    """A standard table mapped to keys: ``rows[row][col]`` plus the cells behind them."""

    table: str
    found: bool
    template: str | None = None
    rows: dict[str, dict[str, int | float | None]] | None = None
    cells: list[CellValue] = field(default_factory=list)
    warnings: list[GiWarning] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    """Printed rows with numbers whose labels read as a template row the alignment could not place
    (out of the template's order, or that row printed twice): the numbers then do not stand in the
    template's order, so a reading in that order must not overrule them."""

    @property
    def complete(self) -> bool:
        """Whether every cell of every row was read (a row not printed has its cells ``None``)."""
        return self.rows is not None and all(v is not None for cols in self.rows.values() for v in cols.values())

    def cell(self, row: str, col: str) -> CellValue | None:
        """The extracted cell at (row, col), None when the table has no such cell."""
        key = f"{self.table}.{row}.{col}"
        return next((c for c in self.cells if c.key == key), None)


@dataclass
class Glued:
    """A table read from text whose cells ran together (:mod:`.glued`) or in reading order
    (:mod:`.ordered`), and what ``inspect`` shows of how."""

    result: TableResult
    trace: list[str] = field(default_factory=list)


@dataclass
class Line:
    """One grid row as printed: its own cells (merges once) and the merged cells reaching into it."""

    cells: list[Cell]
    context: list[Cell]
    grid: Grid

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


def unstacked(line: Line) -> bool:
    """Whether the reader divided this row from a row printed with others stacked in it."""
    return bool(line.cells) and line.cells[-1].row in line.grid.unstacked


def tailed(line: Line) -> bool:
    """Whether the row's last value was printed on a line after it (:attr:`Grid.tails`)."""
    return bool(line.cells) and line.cells[-1].row in line.grid.tails


def padded(line: Line) -> bool:
    """Whether Markdown padded the row at its end, or it printed empty cells past its columns (:attr:`Grid.padded`)."""
    return bool(line.cells) and line.cells[-1].row in line.grid.padded


def lines_of(grids: Sequence[Grid]) -> Iterator[Line]:
    """All rows of a run of grids, in order."""
    for grid in grids:
        for i in range(grid.n_rows):
            yield Line(grid.origins(i), grid.covering(i), grid)


_DIGIT = re.compile(r"\d")


def is_value_text(text: str) -> bool:
    """Whether printed text reads as a cell value (a number, a blank or a zero marker)."""
    return parse_value(text, Kind.YUAN).problem is None or parse_value(text, Kind.SIGNED).problem is None


def value_run(cells: Sequence[Cell]) -> int:
    """How many of the cells, counted from the end, read as values (numbers, blanks, zero marks)."""
    run = 0
    for cell in reversed(cells):
        if not is_value_text(cell.text):
            break
        run += 1
    return run


def split_values(line: Line, want: int) -> tuple[list[Cell], list[Cell]]:
    """Split a row into (label cells, value cells): the values are the trailing value-like cells.

    Blank cells before the label (vertical-merge continuations in the text rendering) are
    value-like too, so only the last ``want`` of a longer trailing run are values. When the run's
    blank cells are exactly its surplus, they are what is dropped instead: a converter padded a
    merged value cell with an empty one (markdownify writes ``64 | 0 | | 0`` for a ``0`` two
    columns wide), and no printed number is lost. A number is never part of a label: a run with a
    number before its last ``want`` cells is all values, more than the columns, and the caller
    places them by the header or leaves the row null.
    """
    run = value_run(line.cells)
    cut = len(line.cells) - run
    tail = line.cells[cut:]
    if run > want and sum(not c.text for c in tail) == run - want:
        return line.cells[:cut], [c for c in tail if c.text]
    if run > want and any(_DIGIT.search(c.text) for c in tail[: run - want]):
        return line.cells[:cut], tail  # a number is never a label: the row prints more values than columns
    cut = len(line.cells) - min(run, want)
    return line.cells[:cut], line.cells[cut:]


def detect_edition(text: str) -> str | None:
    """The edition whose own header words the text prints most (template.md §7); None on a tie."""
    counts = {name: count_in(text, e.detect) for name, e in registry().editions.items()}
    best = max(counts.values())
    winners = [name for name, n in counts.items() if n == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


@dataclass
class Header:
    """Where a table's column headers sit in one grid: column key → (first, last) grid column."""

    grid: Grid
    spans: dict[str, tuple[int, int]]

    def place(self, cells: Sequence[Cell], columns: Sequence[str]) -> dict[str, Cell | None] | None:
        """Values placed under the headers they stand beneath, or None if that is not clear.

        Used only when a row prints more or fewer values than the template has columns
        (extra empty cells, or columns cut off the page): every printed value must fall
        under exactly one known header, and no header may get two values.
        """
        if not self.grid.aligned or any(c.source.table != self.grid.index for c in cells):
            return None
        if not any(col in self.spans for col in columns):
            return None
        spans = self.extended(columns)

        def under(cell: Cell) -> list[str]:
            last = cell.col + cell.colspan - 1
            return [col for col, (lo, hi) in spans.items() if col in columns and cell.col <= hi and last >= lo]

        placed: dict[str, Cell | None] = dict.fromkeys(columns)
        for cell in (c for c in cells if c.text):
            cols = under(cell)
            if len(cols) != 1 or placed[cols[0]] is not None:
                return None
            placed[cols[0]] = cell
        for cell in (c for c in cells if not c.text):
            cols = under(cell)
            if len(cols) == 1 and placed[cols[0]] is None:
                placed[cols[0]] = cell
        return placed

    def extended(self, columns: Sequence[str]) -> dict[str, tuple[int, int]]:
        """The spans, with template neighbours of a run of one-column headers filled in.

        The template fixes the column order, so when the known headers are consecutive
        template columns in consecutive grid columns, the grid columns just before and
        after them hold the template's neighbours (a header printed on the previous page, as
        in corpus r004's PDF: 自然人 heads page 4, its values stand on page 5).
        """
        known = [col for col in columns if col in self.spans]
        idx = [columns.index(col) for col in known]
        starts = [self.spans[col][0] for col in known]
        single = all(self.spans[col][0] == self.spans[col][1] for col in known)
        if not single or idx != list(range(idx[0], idx[0] + len(idx))) or any(b - a != 1 for a, b in pairwise(starts)):
            return dict(self.spans)
        spans = dict(self.spans)
        for n, col in enumerate(columns):
            grid_col = starts[0] + (n - idx[0])
            if col not in spans and 0 <= grid_col < self.grid.n_cols:
                spans[col] = (grid_col, grid_col)
        return spans


def read_header(line: Line, labels: Mapping[str, Sequence[str]], header: Header | None) -> Header | None:
    """Extend (or start) the header index of a grid with the column labels this row prints.

    A header cell counts only when it is a column's label (or a known alias) once normalised:
    headers are short, and a fuzzy match would take 其他结果 for 其他 or 总计 for 总 (a wrong
    column is worse than none: values fall back to their printed order). Empty cells between
    two headers, or after the last one to the row's end, belong to the one on their left: a
    converter writes a merged header's text in its first position and leaves the others empty
    (``本年增/减 | | 处理决定数量``, ``本年处理决定数量 | | |`` in a table joined with a wider one),
    and a value printed under such a position is that header's. Two neighbouring cells neither of
    which is a label but which together are one are that label split by a converter (pymupdf4llm:
    ``上⼀ | 年项⽬数量``, its row ``96 |  | -2 | 946``): the header spans both.
    """
    if header is None or header.grid is not line.grid:
        header = Header(line.grid, {})
    cells = line.cells
    alone = {n: m.key for n, cell in enumerate(cells) if cell.text and (m := exact_match(cell.text, labels))}
    halves = {  # a title a converter split over two cells (pymupdf4llm: ``上⼀ | 年项⽬数量``), neither half one
        n: m.key
        for n in range(len(cells) - 1)
        if cells[n].text and cells[n + 1].text and n not in alone and n + 1 not in alone
        if (m := exact_match(cells[n].text + cells[n + 1].text, labels))
    }
    found = sorted([*alone.items(), *halves.items()])
    for (n, key), (after, _) in zip(found, [*found[1:], (len(cells), "")], strict=False):
        last = cells[n + 1] if n in halves else cells[n]
        hi = last.col + last.colspan - 1
        between = cells[n + 2 if n in halves else n + 1 : after]
        if between and all(not c.text for c in between):  # a converter split its merge into text and empty cells
            hi = cells[after].col - 1 if after < len(cells) else between[-1].col + between[-1].colspan - 1
        header.spans.setdefault(key, (cells[n].col, hi))
    return header


def put_values(
    result: TableResult,
    row: str,
    spec: Sequence[Column],
    cells: Sequence[Cell],
    label: str,
    match: Match | None,
    header: Header | None = None,
    clipped: frozenset[int] = frozenset(),
    unstacked: bool = False,
    tailed: bool = False,
) -> None:
    """Parse a row's value cells into ``result`` (or mark them unreadable when they don't fit).

    ``clipped`` are the grid columns the page edge cut (:attr:`Grid.clipped`); ``unstacked`` says
    the reader divided the row from a stacked one (:attr:`Grid.unstacked`), ``tailed`` that its
    last value was printed on a line after it (:attr:`Grid.tails`).
    """
    assert result.rows is not None
    columns = [c.key for c in spec]
    units = {c.key: Kind(c.unit) for c in spec}
    score = match.score if match else None
    placed: dict[str, Cell | None] | None
    if len(cells) == len(columns):
        placed = dict(zip(columns, cells, strict=True))
    else:
        placed = header.place(cells, columns) if header is not None else None
        k = len(columns)
        surplus = len(cells) > k
        printed = [c for c in cells if c.text]
        plain: dict[str, Cell | None] | None = None  # a reading no header is needed for
        if surplus and all(c.text for c in cells[:k]) and not any(c.text for c in cells[k:]):
            plain = dict(zip(columns, cells[:k], strict=True))
            message = f"row {label!r} prints its {k} values, then {len(cells) - k} empty cells; the empty ones ignored"
        elif surplus and k == 1 and len(printed) == 1:
            # a one-column block whose column a converter split in two (``本`` | ``年处理决定数量``)
            plain = {columns[0]: printed[0]}
            message = f"row {label!r} prints its one value among {len(cells) - 1} empty cells; the empty ones ignored"
        if plain is not None and (placed is None or _same_values(placed, plain)):
            placed = plain  # the headers, where read, agree: no doubt
            result.warnings.append(warning("values_trailing_empty", message, f"{result.table}.{row}"))
        elif placed is None and surplus and cells[0].text and len({c.text for c in cells}) == 1:
            placed = dict(zip(columns, cells[:k], strict=True))
            message = (
                f"row {label!r} prints {len(cells)} values for {k} columns, every one {cells[0].text!r};"
                " each column takes it"
            )
            row_doubt(result, row, columns, "values_uniform", message)
        elif placed is None:
            message = f"row {label!r} prints {len(cells)} values where the template has {k}; left null"
            row_doubt(result, row, columns, "values_misaligned", message)
            placed = dict.fromkeys(columns)
        else:
            message = (
                f"row {label!r} prints {len(cells)} values for {len(columns)} columns; placed under their headers"
                + ("" if all(placed.values()) else ", columns with no value under them left null")
            )
            row_doubt(result, row, columns, "values_by_header", message)
    if unstacked:
        message = (
            f"row {label!r} was printed in one row with the rows beside it, its cells' lines stacked; divided by line"
        )
        row_doubt(result, row, columns, "rows_unstacked", message)
    last = next((col for col, cell in reversed(placed.items()) if cell is not None), None) if tailed else None
    if last is not None:
        message = f"row {label!r} ends in an empty cell; the value on the line after the row was taken for it"
        result.warnings.append(warning("value_after_row", message, f"{result.table}.{row}.{last}"))
    for col, cell in placed.items():
        key = f"{result.table}.{row}.{col}"
        if cell is None:
            result.rows[row][col] = None
            result.cells.append(CellValue(key, None, "", False, None, label, score))
            continue
        parsed: Parsed = parse_value(cell.text, units[col])
        result.rows[row][col] = parsed.value
        result.cells.append(CellValue(key, parsed.value, cell.text, parsed.blank, cell, label, score))
        if clipped and any(c in clipped for c in range(cell.col, cell.col + cell.colspan)):
            result.warnings.append(
                warning("value_clipped", f"{key}: its column runs off the page; the value may be cut", key)
            )
        if parsed.problem:
            result.warnings.append(warning("value_unreadable", f"{key}: {parsed.problem}", key))
        elif parsed.note:
            result.warnings.append(note_warning(key, parsed))


def _same_values(one: Mapping[str, Cell | None], other: Mapping[str, Cell | None]) -> bool:
    """Whether two placements put the same printed values under the same columns (blanks aside)."""

    def printed(placed: Mapping[str, Cell | None]) -> dict[str, Cell]:
        return {col: cell for col, cell in placed.items() if cell is not None and cell.text}

    return printed(one) == printed(other)


def note_warning(key: str, parsed: Parsed) -> GiWarning:
    """What was noted of a value read: a doubt for a count or amount printed below 0 or with a plus sign, else how
    it was read (info)."""
    if parsed.negative:
        return warning("value_negative", f"{key}: {parsed.note}", key)
    if parsed.plus:
        return warning("value_signed", f"{key}: {parsed.note}", key)
    return warning("value_note", f"{key}: {parsed.note}", key)


def row_doubt(result: TableResult, row: str, columns: Sequence[str], code: str, message: str) -> None:
    """A doubt about a whole row, said of each of its cells (a consumer checks doubt per cell)."""
    result.warnings += [warning(code, message, f"{result.table}.{row}.{col}") for col in columns]


def label_doubt(result: TableResult, row: str, columns: Sequence[str], label: str, match: Match) -> None:
    if match.score < FUZZY_WARN_BELOW:
        message = f"row {label!r} read as {match.label!r} (similarity {match.score:.0f})"
        row_doubt(result, row, columns, "label_fuzzy", message)


def seen_before(result: TableResult, row: str, label: str, used: str = "the first") -> bool:
    """True (with a ``row_duplicate`` warning) when the row was mapped already: the print mapped first wins."""
    assert result.rows is not None
    if row not in result.rows:
        return False
    result.warnings.append(
        warning("row_duplicate", f"row {label!r} printed twice; {used} is used", f"{result.table}.{row}")
    )
    return True


def missing_rows(result: TableResult, expected: Mapping[str, Sequence[str]]) -> None:
    """Every template row not printed becomes ``None`` (output.md), with a warning."""
    assert result.rows is not None
    for row, columns in expected.items():
        if row not in result.rows:
            result.rows[row] = dict.fromkeys(columns)
            result.warnings.append(
                warning("row_missing", f"row {row!r} of table {result.table} not found", f"{result.table}.{row}")
            )
    result.rows = {row: result.rows[row] for row in expected} | {
        row: cols for row, cols in result.rows.items() if row not in expected
    }
