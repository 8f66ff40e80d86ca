"""Rows of spaced text whose numbers' places are unknown: placed by the table's sums.

pdfplumber's and pypdf's default ``extract_text()`` print a table row's words a space apart and
keep nothing of a blank cell: a publisher who leaves zeros blank prints ``4.保护第三方合法权益 1 1``
for 1 | _ | _ | _ | _ | _ | 1. The numbers stand apart, so each is one cell; only where the blank
cells stood is unknown. Every placement of the row's numbers, in their printed order, among its
cells (the rest 0) is tried against the sums of the whole table (the other rows as the segmenter
read them, and other such rows' placements), and a cell is read only where every placement that
holds them all agrees on it: a guess is never made, and the values carry their doubt
(``segmented_blank_by_sums``). A crawler's glued digits (no spaces) never come here: there a
blank cell's place and its neighbours' digits cannot be told apart.

The same texts set a tall row's numbers on two or three lines where its cells stand at different
heights (r031's ``（二）部分公开 3`` / ``（区分处理的，只`` / ``3 0 0 0 0 0``, its 总计 first): each
line's numbers are in their columns' order, but which columns a line holds is unknown. A row printing
one number per cell over several lines is tried in every merge of its lines (each line's order kept),
the order printed among them, and read where the merges that hold the sums agree (``values_by_sums``);
where the sums allow it only as printed, it stands as the segmenter read it. An order printed that
keeps the row's own 总计 is no proof: ``5 7 6 4`` / ``1 1 24`` adds up as printed, but is 5 | 1 | 1 | 7
| 6 | 4 | 24 (helper-44's fuzz: read as printed, such rows were wrong with no doubt).
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
"""Placements (or merges of its lines) of one row tried at most (table 四's five numbers among fifteen cells)."""

Printed = list[tuple[int, tuple[int, int]]]
"""A row's numbers as printed, each with its span."""


@dataclass(frozen=True)
class Placed:
    """A row read by :func:`place_spaced`: each cell's value (None where the placements that hold the sums
    disagree on it), and the span of the number printed there (None for a blank cell, or where the
    placements put different numbers there)."""

    values: tuple[Number | None, ...]
    spans: tuple[tuple[int, int] | None, ...]
    merged: bool = False
    """Whether the row printed every cell, on several lines, and the sums chose the merge of its lines."""


def place_spaced(runs: Sequence[Run], identities: Sequence[Identity], solved: Segmentation) -> dict[str, Placed]:
    """Rows of spaced numbers fewer than their cells, placed by the table's sums: a row one placement fits; in
    a table whose rows print their numbers apart, also a row several fit, with the cells they agree on. And
    rows printing every cell over two or three lines (:func:`_split_row`), read as the merges of their lines
    that keep the sums agree, unless every such merge gives the values in the order printed.

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
    merged = {
        run.row: lines
        for run in runs
        if run.row in numbers and (lines := _split_row(run, numbers[run.row])) is not None
    }
    if not (open_rows or merged) or not identities:  # no sums (table 二): nothing can say where a blank stood
        return {}
    options: dict[str, list[tuple[Number, ...]]] = {}
    cells_of: dict[str, list[list[tuple[Number, tuple[int, int] | None]]]] = {}  # each option, cell by cell
    for run in runs:
        width = len(run.columns)
        if run.row in open_rows:
            cells_of[run.row] = []
            for where in combinations(range(width), len(open_rows[run.row])):
                at = iter(open_rows[run.row])
                cells_of[run.row].append([next(at) if k in where else (0, None) for k in range(width)])
        elif run.row in merged:
            cells_of[run.row] = [list(order) for order in _merges(merged[run.row])]
        else:
            read = [solved.cells[(run.row, c)].value for c in run.columns]
            if all(v is not None for v in read):
                options[run.row] = [tuple(v for v in read if v is not None)]
    for row, readings in cells_of.items():
        options[row] = [tuple(value for value, _ in reading) for reading in readings]
    columns = {run.row: run.columns for run in runs if run.row in options}
    viable = choose(options, columns, identities)
    if viable is None:
        return {}
    out: dict[str, Placed] = {}
    for run in runs:
        if run.row not in cells_of or (run.row in open_rows and len(viable[run.row]) != 1 and not apart):
            continue
        if run.row in merged and {options[run.row][n] for n in viable[run.row]} == {_as_printed(merged[run.row])}:
            continue  # the sums allow the row only as printed: the segmenter's reading of it stands
        readings = [cells_of[run.row][n] for n in viable[run.row]]
        agreed = [_agreed([reading[k] for reading in readings]) for k in range(len(run.columns))]
        out[run.row] = Placed(tuple(v for v, _ in agreed), tuple(span for _, span in agreed), run.row in merged)
    return out


def _split_row(run: Run, printed: Printed) -> list[Printed] | None:
    """The row's numbers (``printed``: counts only, :func:`_numbers`) line by line, where it prints one per cell
    over two or three lines: a tall row whose cells stand at different heights, its lines perhaps not in its
    columns' order (even where the order printed keeps its 总计: ``5 7 6 4`` / ``1 1 24`` for 5 | 1 | 1 | 7 |
    6 | 4 | 24)."""
    by_line: dict[int, Printed] = {}
    for value, span in printed:
        by_line.setdefault(run.text.count("\n", 0, span[0] - run.offset), []).append((value, span))
    lines = list(by_line.values())
    if not 2 <= len(lines) <= 3 or len(printed) != len(run.columns):
        return None
    if _count_merges([len(line) for line in lines]) > MAX_PLACEMENTS:
        return None
    return lines


def _as_printed(lines: list[Printed]) -> tuple[Number, ...]:
    """The row's values in the order printed, line after line."""
    return tuple(value for line in lines for value, _ in line)


def _merges(lines: list[Printed]) -> list[Printed]:
    """Every sequence of the lines' numbers that keeps each line's own order."""
    if len(lines) == 1:
        return [list(lines[0])]
    first, rest = lines[0], _merges(lines[1:])
    width = len(first) + len(rest[0])
    out: list[Printed] = []
    for where in combinations(range(width), len(first)):
        for tail in rest:
            mine, others = iter(first), iter(tail)
            out.append([next(mine) if k in where else next(others) for k in range(width)])
    return out


def _count_merges(sizes: list[int]) -> int:
    """How many merges :func:`_merges` would make of lines of these sizes (a multinomial coefficient)."""
    total, out = 0, 1
    for size in sizes:
        total += size
        out *= comb(total, size)
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


def _numbers(run: Run) -> Printed | None:
    """The run's numbers with their spans, when it prints counts only, a space apart (no leading zeros: ``000023``
    is digits run together); else None."""
    if any(kind != "count" for kind in run.kinds) or not run.text.strip():
        return None
    tokens = list(re.finditer(r"\S+", run.text))
    if not all(is_count_digits(t.group()) for t in tokens):
        return None
    return [(int(t.group()), (run.offset + t.start(), run.offset + t.end())) for t in tokens]


def placed_cells(
    result: TableResult, key: str, score: float, part: Chunk, cols: tuple[Column, ...], placed: Placed
) -> None:
    """The row :func:`place_spaced` read, as cells, each in doubt: the sums chose where its blanks stood (or,
    where they allow several places, null)."""
    assert result.rows is not None
    printed = part.text.strip()[-30:]
    shown = " | ".join(
        "?" if v is None else "" if span is None and not placed.merged else str(v)
        for v, span in zip(placed.values, placed.spans, strict=True)
    )
    what = "merges of its lines" if placed.merged else "placements"
    how = f"several {what} keep the table's sums" if None in placed.values else "only one keeps the table's sums"
    printed_as = (
        f"the row prints its {len(cols)} numbers on several lines, {part.run.strip()!r} (a tall row's cells set"
        " at different heights: each line's numbers stand in their columns' order, the lines may not)"
        if placed.merged
        else f"the row prints {part.run.strip()!r}, fewer numbers than its {len(cols)} cells (blank cells leave"
        " no trace in this text)"
    )
    for column, value, span in zip(cols, placed.values, placed.spans, strict=True):
        cell_key = f"{result.table}.{key}.{column.key}"
        message = f"{cell_key}: {printed_as}; {how}: {shown}"
        if value is None:
            result.rows[key][column.key] = None
            result.cells.append(CellValue(cell_key, None, "", False, None, printed, score))
            result.warnings.append(warning("segmentation_ambiguous", f"{message}; null", cell_key))
            continue
        raw = "" if span is None else part.run[span[0] - part.run_start : span[1] - part.run_start]
        if placed.merged and not raw:  # printed, but the merges that agree on it took it from different numbers
            raw = str(int(value))
        result.rows[key][column.key] = int(value)
        result.cells.append(CellValue(cell_key, int(value), raw, not raw, None, printed, score, span))
        if placed.merged:
            result.warnings.append(warning("values_by_sums", message, cell_key))
        else:
            result.warnings.append(warning("segmented_blank_by_sums", message, cell_key))
