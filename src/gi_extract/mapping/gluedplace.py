"""Rows of spaced text printing fewer numbers than cells: their blank cells placed by the table's sums.

pdfplumber's and pypdf's default ``extract_text()`` print a table row's words a space apart and
keep nothing of a blank cell: a publisher who leaves zeros blank prints ``4.保护第三方合法权益 1 1``
for 1 | _ | _ | _ | _ | _ | 1. The numbers stand apart, so each is one cell; only where the blank
cells stood is unknown. Every placement of the row's numbers, in their printed order, among its
cells (the rest 0) is tried against the sums of the whole table (the other rows as the segmenter
read them, and other such rows' placements), and a cell is read only where every placement that
holds them all agrees on it: a guess is never made, and the values carry their doubt
(``segmented_blank_by_sums``). A crawler's glued digits (no spaces) never come here: there a
blank cell's place and its neighbours' digits cannot be told apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from math import comb

from ..segment import Identity, Number, Reason, Run, Segmentation, choose
from ..template import Column
from ..values import is_count_digits
from ..warnings import warning
from .gluedtext import Chunk
from .rows import CellValue, TableResult

MAX_PLACEMENTS = 3003
"""Placements of one row tried at most (table 四's five numbers among fifteen cells)."""


@dataclass(frozen=True)
class Placed:
    """A row read by :func:`place_spaced`: each cell's value (None where the placements that hold the sums
    disagree on it), and the span of the number printed there (None for a blank cell, or where the
    placements put different numbers there)."""

    values: tuple[Number | None, ...]
    spans: tuple[tuple[int, int] | None, ...]


def place_spaced(runs: Sequence[Run], identities: Sequence[Identity], solved: Segmentation) -> dict[str, Placed]:
    """Rows of spaced numbers fewer than their cells, placed by the table's sums: a row one placement fits; in
    a table whose rows print their numbers apart, also a row several fit, with the cells they agree on.

    Which rows are open: those the segmenter left without a reading; and, where every row prints its
    numbers a space apart, none more than its cells and two or more exactly one per cell, every row
    printing fewer: there each number is a cell of its own, and the segmenter's cutting a number in two
    to fill the row (``1 6 5 8 3 23`` as 1 | 6 | 5 | 8 | 3 | 2 | 3) is no reading of it. A crawler's
    rows, digits run together (``0000000``, ``640020470``), never make a table so.
    """
    numbers = {run.row: found for run in runs if (found := _numbers(run)) is not None}
    printed = [run for run in runs if run.text.strip()]
    whole = sum(len(numbers.get(run.row, ())) == len(run.columns) for run in printed)
    apart = whole >= 2 and all(len(numbers.get(run.row, run.columns * 2)) <= len(run.columns) for run in printed)
    open_rows = {
        run.row: numbers[run.row]
        for run in runs
        if run.row in numbers
        and 0 < len(numbers[run.row]) < len(run.columns)
        and comb(len(run.columns), len(numbers[run.row])) <= MAX_PLACEMENTS
        and (apart or _unread(run, solved))
    }
    if not open_rows or not identities:  # no sums (table 二): nothing can say where a blank stood
        return {}
    options: dict[str, list[tuple[Number, ...]]] = {}
    wheres: dict[str, list[tuple[int, ...]]] = {}
    for run in runs:
        cells = [solved.cells[(run.row, c)] for c in run.columns]
        if run.row in open_rows:
            printed_values = [value for value, _ in open_rows[run.row]]
            wheres[run.row] = list(combinations(range(len(run.columns)), len(printed_values)))
            options[run.row] = [_placed(printed_values, where, len(run.columns)) for where in wheres[run.row]]
        elif all(c.value is not None for c in cells):
            options[run.row] = [tuple(c.value for c in cells if c.value is not None)]
    columns = {run.row: run.columns for run in runs if run.row in options}
    viable = choose(options, columns, identities)
    if viable is None:
        return {}
    out: dict[str, Placed] = {}
    for run in runs:
        if run.row not in open_rows or (len(viable[run.row]) != 1 and not apart):
            continue
        spans = [span for _, span in open_rows[run.row]]
        readings: list[list[tuple[Number, tuple[int, int] | None]]] = []  # each viable placement, cell by cell
        for n in viable[run.row]:
            at = iter(spans)
            where = wheres[run.row][n]
            readings.append([(v, next(at) if k in where else None) for k, v in enumerate(options[run.row][n])])
        agreed = [_agreed([reading[k] for reading in readings]) for k in range(len(run.columns))]
        out[run.row] = Placed(tuple(v for v, _ in agreed), tuple(span for _, span in agreed))
    return out


def _agreed(cell: list[tuple[Number, tuple[int, int] | None]]) -> tuple[Number | None, tuple[int, int] | None]:
    """A cell's value where every viable placement gives it the same (and its span where they print it alike)."""
    values, spans = {v for v, _ in cell}, {span for _, span in cell}
    if len(values) != 1:
        return None, None
    return values.pop(), spans.pop() if len(spans) == 1 else None


def _unread(run: Run, solved: Segmentation) -> bool:
    """Whether the segmenter left the row without a reading: too few digits for its cells, or none that
    keeps its own total (``3 2 4 11 3 23``: cutting ``11`` in two fills the cells, but fails the total)."""
    row = solved.rows[run.row]
    return row.status is Reason.NO_SEGMENTATION or (row.status is Reason.CONFLICT and not row.readings)


def _numbers(run: Run) -> list[tuple[int, tuple[int, int]]] | None:
    """The run's numbers with their spans, when it prints counts only, a space apart (no leading zeros: ``000023``
    is digits run together); else None."""
    if any(kind != "count" for kind in run.kinds) or not run.text.strip():
        return None
    tokens = list(re.finditer(r"\S+", run.text))
    if not all(is_count_digits(t.group()) for t in tokens):
        return None
    return [(int(t.group()), (run.offset + t.start(), run.offset + t.end())) for t in tokens]


def _placed(numbers: list[int], where: tuple[int, ...], width: int) -> tuple[Number, ...]:
    at = dict(zip(where, numbers, strict=True))
    return tuple(at.get(k, 0) for k in range(width))


def placed_cells(
    result: TableResult, key: str, score: float, part: Chunk, cols: tuple[Column, ...], placed: Placed
) -> None:
    """The row :func:`place_spaced` read, as cells, each in doubt: the sums chose where its blanks stood (or,
    where they allow several places, null)."""
    assert result.rows is not None
    printed = part.text.strip()[-30:]
    shown = " | ".join(
        "?" if v is None else "" if span is None else str(v)
        for v, span in zip(placed.values, placed.spans, strict=True)
    )
    how = "several placements keep the table's sums" if None in placed.values else "only one keeps the table's sums"
    for column, value, span in zip(cols, placed.values, placed.spans, strict=True):
        cell_key = f"{result.table}.{key}.{column.key}"
        message = (
            f"{cell_key}: the row prints {part.run.strip()!r}, fewer numbers than its {len(cols)} cells (blank"
            f" cells leave no trace in this text); {how}: {shown}"
        )
        if value is None:
            result.rows[key][column.key] = None
            result.cells.append(CellValue(cell_key, None, "", False, None, printed, score))
            result.warnings.append(warning("segmentation_ambiguous", f"{message}; null", cell_key))
            continue
        raw = "" if span is None else part.run[span[0] - part.run_start : span[1] - part.run_start]
        result.rows[key][column.key] = int(value)
        result.cells.append(CellValue(cell_key, int(value), raw, not raw, None, printed, score, span))
        result.warnings.append(warning("segmented_blank_by_sums", message, cell_key))
