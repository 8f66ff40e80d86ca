"""Table 四 复议/诉讼: one unlabelled data row of 15 values (3 groups × 5), in template order.

Converters (PDF to Markdown) sometimes print it as three small tables of five values, one per
group, each under its own heading (行政复议 / 行政诉讼（未经复议直接起诉） / …（复议后起诉））. Such
pieces are joined back by what names them (the caption above the piece, or a label in the row)
and, only where nothing names them, by the template's order, with a warning. A piece whose five
cells are all blank counts only when its caption names its group (unnamed, it could be any
empty row of five) and nothing else in its table prints a value (else it is a converter's
empty header or trailing row beside the piece's data row, printed or not).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from ..grid import Cell, Grid
from ..labels import normalise
from ..template import Edition, TableSpec, row_rule
from .repair import merged_doubts, run_across, split_merged, spread, unwrapped, unwrapped_doubt
from .rows import (
    CellValue,
    TableResult,
    lines_of,
    padded,
    put_values,
    row_doubt,
    split_values,
    tailed,
)

_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、]\D)")
"""An outline number opening a label: a row of table 三 (``四、结转下年度继续办理``), never table 四's data row."""

TABLE = "reviews_litigation"
LABEL = "（行政复议、行政诉讼数据行）"
"""The label cells carry: the official table prints no row label."""


def map_reviews(grids: Sequence[Grid], edition: Edition, captions: Mapping[int, str] | None = None) -> TableResult:
    """Map table 四: the first row ending in 15 values, taken in template order; else its pieces.

    A row whose label is numbered is table 三's (a converter may put the end of table 三 and
    table 四 in one grid: ``四、结转下年度继续办理`` with its blanks runs to 15 value cells), never
    the data row. A row of 15 blank cells is the data row (all zeros printed blank) only when no row below
    prints one with text: a converter's empty header row (Markdown's ``| | |`` above a table
    whose first row is data) stands above the headers, the data row below them.
    """
    spec = edition.tables[TABLE]
    groups = [r.key for r in spec.rows]
    columns = spec.block_of[groups[0]].columns
    result = TableResult(TABLE, True, None, {g: {} for g in groups})
    assert result.rows is not None
    width = len(columns)
    want = len(groups) * width
    data: list[Cell] | None = None
    clipped: frozenset[int] = frozenset()
    fives: list[tuple[int, str, list[Cell]]] = []
    """Each row of five as printed, in order: its grid, its name (caption and labels), its cells."""
    valued: set[int] = set()
    stacked: list[Cell] | None = None
    blank: list[Cell] | None = None
    blank_clipped: frozenset[int] = frozenset()
    printed_after = False
    tail = False
    short = False
    wrapped: dict[int, str] = {}
    merged: dict[int, str] = {}
    holds = row_rule(edition.rules, TABLE, [c.key for c in columns])
    for line in lines_of(grids):
        whole = unwrapped(line, want)
        if whole is None:  # a number run across two cells, or two run together: where every 总计 then holds
            whole = run_across(line, want, holds)
        apart = split_merged(line, want, holds, width - 1) if whole is None else None
        labels, values = split_values((whole or apart or (line, {}))[0], want)
        if any(_NUMBERED.match(c.text) for c in labels if c.text):
            continue
        if len(values) == want and not any(c.text for c in values):
            blank, blank_clipped = values, line.grid.clipped
            continue
        if len(values) == want:  # the data row, even behind a label cell such as 件数
            data, clipped, tail = values, line.grid.clipped, tailed(line)
            short = padded(line)
            wrapped, merged = (whole[1] if whole else {}), (apart[1] if apart else {})
            break
        printed_after = printed_after or (blank is not None and any(c.text for c in values))
        if any(c.text for c in values):
            valued.add(line.grid.index)
        if len(values) == width:
            name = " ".join([(captions or {}).get(line.grid.index, ""), *(c.text for c in labels)])
            fives.append((line.grid.index, name, values))
        if stacked is None and (wide := spread(line, want)) is not None:
            stacked = wide.cells[-want:]
        if data is None and not any(c.text for c in labels) and len(values) >= want // 2:
            data = values  # a short row of values only: reported below, not guessed
    if data is None and blank is not None and not printed_after:
        data, clipped = blank, blank_clipped
    pieces = _pieces(spec, fives, valued)
    if (data is None or len(data) != want) and len(pieces) == len(groups):
        named = _name_pieces(spec, pieces)
        for g in groups:
            put_values(result, g, columns, named[g], LABEL, None, None, clipped)
        if len(set(_group_of(spec, text) for text, _ in pieces) - {None}) < len(groups):
            message = (
                f"table 四 is printed as {len(groups)} separate rows without labels; taken in the template's order"
            )
            for g in groups:
                row_doubt(result, g, [c.key for c in columns], "rows_by_order", message)
        return result
    if (data is None or len(data) != want) and stacked is not None and len(pieces) != len(groups):
        for n, g in enumerate(groups):
            put_values(result, g, columns, stacked[n * width : (n + 1) * width], LABEL, None, None, clipped)
        message = (
            "table 四's data row prints fewer cells than numbers, some holding several on lines of their own"
            f" (a converter merged neighbouring cells); its {want} numbers are taken in order"
        )
        for g in groups:
            row_doubt(result, g, [c.key for c in columns], "values_unstacked", message)
        return result
    if data is None or len(data) != want:
        printed = f" (the data row prints {len(data)})" if data else ""
        message = f"table 四 has no row of {want} values{printed}; left null"
        for g in groups:
            row_doubt(result, g, [c.key for c in columns], "values_misaligned", message)
            for col in columns:
                result.rows[g][col.key] = None
                result.cells.append(CellValue(f"{TABLE}.{g}.{col.key}", None, "", False, None, LABEL, None))
        return result
    for n, g in enumerate(groups):  # a value printed after the row is the last group's
        cells = data[n * width : (n + 1) * width]
        put_values(result, g, columns, cells, LABEL, None, None, clipped, tailed=tail and g == groups[-1])
    keys = [f"{TABLE}.{groups[k // width]}.{columns[k % width].key}" for k in range(want)]
    for k, raw in wrapped.items():
        unwrapped_doubt(result, keys[k], "table 四's data row", raw)
    merged_doubts(result, keys, merged, "table 四's data row", "every group's 总计")
    if short:
        _padded_doubt(result, groups, [c.key for c in columns], holds)
    return result


def _padded_doubt(
    result: TableResult, groups: list[str], columns: list[str], holds: Callable[[list[int]], bool]
) -> None:
    """Every cell of a data row Markdown padded at its end in doubt, where a group's 总计 then fails.

    A converter that drops trailing blanks prints the row short, and the padding puts them back; one
    that merged a blank cell into its neighbour lost it from the middle, and every value after it
    is then read one cell early: a group whose sum still holds by chance is no better placed.
    """
    assert result.rows is not None
    failing = []
    for g in groups:
        values = [result.rows[g].get(c) for c in columns]
        read = [v for v in values if isinstance(v, int)]
        if len(read) == len(values) and not holds(read):
            failing.append(g)
    if not failing:
        return
    message = (
        f"table 四's data row prints fewer cells than its {len(groups) * len(columns)} columns, or empty ones past"
        f" them, and is read with its last cells empty; {', '.join(failing)} then fails its 总计: a cell lost from"
        " the middle (a converter merging a blank into its neighbour) moves every value after it"
    )
    for g in groups:
        row_doubt(result, g, columns, "values_padded", message)


def _pieces(
    spec: TableSpec, fives: list[tuple[int, str, list[Cell]]], valued: set[int]
) -> list[tuple[str, list[Cell]]]:
    """The rows of five (``fives``: grid, name, cells, as printed) that are pieces of table 四, in order.

    A row printing a value is one. A row printed all blank is one only when it is its table's
    last such row, nothing in its table prints a value (else it is a converter's empty header or
    trailing row), and its name names a group no row printing values names (a group with no
    case that year, its piece left blank).
    """
    printed = [any(c.text for c in values) for _, _, values in fives]
    named = {_group_of(spec, name) for (_, name, _), shown in zip(fives, printed, strict=True) if shown}
    last = {index: n for n, (index, _, _) in enumerate(fives) if not printed[n]}
    out: list[tuple[str, list[Cell]]] = []
    for n, (index, name, values) in enumerate(fives):
        blank_piece = index not in valued and last.get(index) == n and _group_of(spec, name) not in named | {None}
        if printed[n] or blank_piece:
            out.append((name, values))
    return out


def _group_of(spec: TableSpec, text: str) -> str | None:
    """The group a piece's caption or label names (the longest group label it contains)."""
    probe = normalise(text)
    hits = [row for row in spec.rows if normalise(row.label) in probe]
    return max(hits, key=lambda row: len(row.label)).key if hits else None


def _name_pieces(spec: TableSpec, pieces: list[tuple[str, list[Cell]]]) -> dict[str, list[Cell]]:
    """Each group's piece: by what names it when every piece is named distinctly, else in order."""
    named = {_group_of(spec, text): values for text, values in pieces}
    if None not in named and len(named) == len(pieces):
        return {g: values for g, values in named.items() if g is not None}
    return {row.key: values for row, (_, values) in zip(spec.rows, pieces, strict=True)}
