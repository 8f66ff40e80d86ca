"""Rows of ``pdftotext -layout`` text that print fewer values than columns: placed by the sums.

Layout text keeps columns only as character positions, and ``pdftotext`` spaces a line's words
by its own measure: a row of two-digit numbers comes out narrower than a row of one-digit ones,
so a row that leaves cells blank cannot always be placed by position (``2  8  2  11  23`` under
seven columns: is 8 商业企业 or 科研机构?). The reader places it by position
(:func:`gi_extract.readers.layoutcols.place`); here the template's arithmetic checks that
placement. When the table's sums fail with it and hold with exactly one other placement of the
same numbers, in the same order, that one is taken, and the row says so (``values_by_sums``).
A placement the sums accept is never overruled, and none is forced where the sums allow several.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from ..segment import Number, choose
from ..template import Column, Rule
from ..warnings import warning
from .identities import solver_number, table_identities
from .rows import CellValue, TableResult

MAX_OPEN_ROWS = 24
"""Rows placed by position that are tried in other columns at most (each has up to 35 placements)."""


def place_by_sums(result: TableResult, open_rows: Sequence[str], rules: Sequence[Rule], spec: Sequence[Column]) -> None:
    """Move the values of ``open_rows`` (placed by position, with blank cells) where the sums need them."""
    assert result.rows is not None
    columns = tuple(c.key for c in spec)
    known = {row: values for row, values in result.rows.items() if all(v is not None for v in values.values())}
    open_rows = [r for r in open_rows if r in known][:MAX_OPEN_ROWS]
    if not open_rows:
        return
    by_key = {c.key: c for c in result.cells}
    options: dict[str, list[tuple[Number, ...]]] = {}
    wheres: dict[str, list[tuple[int, ...]]] = {}
    for row, values in known.items():
        options[row] = [tuple(solver_number(values[c]) for c in columns)]
        if row in open_rows:
            cells = [by_key[f"{result.table}.{row}.{c}"] for c in columns]
            wheres[row] = [tuple(k for k, c in enumerate(cells) if not c.blank)]
            printed = [solver_number(c.value) for c in cells if not c.blank]
            for where in combinations(range(len(columns)), len(printed)):
                if where != wheres[row][0]:
                    placed = dict(zip(where, printed, strict=True))
                    options[row].append(tuple(placed.get(k, 0) for k in range(len(columns))))
                    wheres[row].append(where)
    by_row = {row: tuple(spec) for row in result.rows}
    identities = table_identities(result.table, rules, list(by_row), by_row)
    viable = choose(options, dict.fromkeys(options, columns), identities)
    if viable is None:
        return
    for row in open_rows:
        if 0 in viable[row] or len({options[row][i] for i in viable[row]}) != 1:
            continue
        _move(result, row, [by_key[f"{result.table}.{row}.{c}"] for c in columns], wheres[row][viable[row][0]])


def _move(result: TableResult, row: str, cells: list[CellValue], where: tuple[int, ...]) -> None:
    """Put the row's printed cells (given in column order), in order, under the columns ``where`` names,
    its blank cells under the rest."""
    assert result.rows is not None
    columns = list(result.rows[row])
    before = " | ".join("" if c.blank else c.raw for c in cells)
    printed = iter([c for c in cells if not c.blank])
    blanks = iter([c for c in cells if c.blank])
    moved: dict[str, str] = {}
    for k, column in enumerate(columns):
        cell = next(printed) if k in where else next(blanks)
        moved[cell.key] = f"{result.table}.{row}.{column}"
        cell.key = moved[cell.key]
        result.rows[row][column] = cell.value
    for w in result.warnings:  # what was said of a value (value_note …) goes with it
        if w.key in moved:
            object.__setattr__(w, "key", moved[w.key])
    after = " | ".join(str(result.rows[row][c]) if k in where else "" for k, c in enumerate(columns))
    message = (
        f"row {row!r}: its values stood as {before} by their position in the text; the table's sums hold only"
        f" with {after}, so they are placed so"
    )
    result.warnings += [warning("values_by_sums", message, f"{result.table}.{row}.{c}") for c in columns]
