"""Rows of spaced text printing fewer numbers than cells: their blank cells placed by the table's sums.

pdfplumber's and pypdf's default ``extract_text()`` print a table row's words a space apart and
keep nothing of a blank cell: a publisher who leaves zeros blank prints ``4.保护第三方合法权益 1 1``
for 1 | _ | _ | _ | _ | _ | 1. The numbers stand apart, so each is one cell; only where the blank
cells stood is unknown. Every placement of the row's numbers, in their printed order, among its
cells (the rest 0) is tried against the sums of the whole table (the other rows as the segmenter
read them), and the row is read only where exactly one placement holds them all: a guess is
never made, and the values carry their doubt (``segmented_blank_by_sums``). A crawler's glued
digits (no spaces) never come here: there a blank cell's place and its neighbours' digits cannot
be told apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from math import comb

from ..segment import Identity, Number, Reason, Run, Segmentation, choose
from ..template import Column
from ..warnings import warning
from .gluedtext import Chunk
from .rows import CellValue, TableResult

_COUNT = re.compile(r"\d+")
MAX_PLACEMENTS = 3003
"""Placements of one row tried at most (table 四's five numbers among fifteen cells)."""


@dataclass(frozen=True)
class Placed:
    """A row read by :func:`place_spaced`: its values, and each printed one's span (None for a blank cell)."""

    values: tuple[Number, ...]
    spans: tuple[tuple[int, int] | None, ...]


def place_spaced(runs: Sequence[Run], identities: Sequence[Identity], solved: Segmentation) -> dict[str, Placed]:
    """Rows the segmenter left without a reading whose spaced numbers exactly one placement fits."""
    open_rows = {run.row: spaced for run in runs if _unread(run, solved) and (spaced := _spaced(run)) is not None}
    if not open_rows:
        return {}
    options: dict[str, list[tuple[Number, ...]]] = {}
    wheres: dict[str, list[tuple[int, ...]]] = {}
    for run in runs:
        cells = [solved.cells[(run.row, c)] for c in run.columns]
        if run.row in open_rows:
            numbers = [value for value, _ in open_rows[run.row]]
            wheres[run.row] = list(combinations(range(len(run.columns)), len(numbers)))
            options[run.row] = [_placed(numbers, where, len(run.columns)) for where in wheres[run.row]]
        elif all(c.value is not None for c in cells):
            options[run.row] = [tuple(c.value for c in cells if c.value is not None)]
    columns = {run.row: run.columns for run in runs if run.row in options}
    linked = [i for i in identities if all(row in options for row, _ in (*i.left, *i.right))]
    viable = choose(options, columns, linked)
    if viable is None:
        return {}
    out: dict[str, Placed] = {}
    for run in runs:
        if run.row not in open_rows or len(viable[run.row]) != 1:
            continue
        where = wheres[run.row][viable[run.row][0]]
        spans = iter(span for _, span in open_rows[run.row])
        values = options[run.row][viable[run.row][0]]
        out[run.row] = Placed(values, tuple(next(spans) if k in where else None for k in range(len(values))))
    return out


def _unread(run: Run, solved: Segmentation) -> bool:
    return solved.rows[run.row].status is Reason.NO_SEGMENTATION


def _spaced(run: Run) -> list[tuple[int, tuple[int, int]]] | None:
    """The run's numbers with their spans, when they stand apart, counts only, fewer than its cells, and
    its placements are few enough to try; else None."""
    if any(kind != "count" for kind in run.kinds) or not run.text.strip():
        return None
    tokens = list(re.finditer(r"\S+", run.text))
    if not all(_COUNT.fullmatch(t.group()) and (t.group() == "0" or t.group()[0] != "0") for t in tokens):
        return None
    if not 0 < len(tokens) < len(run.columns) or comb(len(run.columns), len(tokens)) > MAX_PLACEMENTS:
        return None
    return [(int(t.group()), (run.offset + t.start(), run.offset + t.end())) for t in tokens]


def _placed(numbers: list[int], where: tuple[int, ...], width: int) -> tuple[Number, ...]:
    at = dict(zip(where, numbers, strict=True))
    return tuple(at.get(k, 0) for k in range(width))


def placed_cells(
    result: TableResult, key: str, score: float, part: Chunk, cols: tuple[Column, ...], placed: Placed
) -> None:
    """The row :func:`place_spaced` read, as cells, each in doubt: the sums chose where its blanks stood."""
    assert result.rows is not None
    printed = part.text.strip()[-30:]
    shown = " | ".join("" if span is None else str(v) for v, span in zip(placed.values, placed.spans, strict=True))
    for column, value, span in zip(cols, placed.values, placed.spans, strict=True):
        cell_key = f"{result.table}.{key}.{column.key}"
        raw = "" if span is None else part.run[span[0] - part.run_start : span[1] - part.run_start]
        result.rows[key][column.key] = int(value)
        result.cells.append(CellValue(cell_key, int(value), raw, span is None, None, printed, score, span))
        message = (
            f"{cell_key}: the row prints {part.run.strip()!r}, fewer numbers than its {len(cols)} cells (blank"
            f" cells leave no trace in this text); only {shown} makes the table's sums hold"
        )
        result.warnings.append(warning("segmented_blank_by_sums", message, cell_key))
