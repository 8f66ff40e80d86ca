"""Table 二 主动公开: 第二十条 blocks, each a caption row, a 信息内容 header row and labelled data rows.

The edition decides the rows and columns (the two editions share almost no column), so it
is read from the header words the table prints first (:func:`~.rows.detect_edition`), and
from the report's year only when the table prints none of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import dropwhile

from ..grid import Cell, Grid
from ..labels import DEFAULT_THRESHOLD, best_match, normalise
from ..template import Column, Edition, registry
from ..values import Kind, parse_value
from ..warnings import warning
from .repair import spread
from .rows import (
    Header,
    Line,
    TableResult,
    detect_edition,
    is_value_text,
    label_doubt,
    lines_of,
    missing_rows,
    put_values,
    read_header,
    row_doubt,
    seen_before,
    split_values,
    tailed,
    unstacked,
)

TABLE = "active_disclosure"
_CAPTION = re.compile(r"第\s*二\s*十\s*条\s*第\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*项")
_NOTE = re.compile(r"[（(][^（）()]*[）)]")
"""A publisher's note in a label: 规章(设区的市、自治州人民政府应提供相关数据) (template.md §6.1)."""


_WIDTHS = (3, 2, 1)
"""How many value cells a table 二 row may print beside its label (its block's columns, either edition)."""


def _column_labels(edition: Edition) -> dict[str, list[str]]:
    """Every column header of table 二 in one edition, with the wordings seen in real reports."""
    return {key: list(column.labels) for key, column in edition.tables[TABLE].columns.items()}


def _unit_apart(result: TableResult, row: str) -> None:
    """Doubt a row's amount that layout text printed on one line and its unit on another (``元`` over
    ``75394432.52``): the layout reader joined them, but a lone number there may be another one."""
    prefix = f"{TABLE}.{row}."
    for cell in result.cells:
        if cell.key.startswith(prefix) and cell.value is not None and "\n" in cell.raw:
            message = (
                f"{cell.key}: {cell.raw.replace(chr(10), ' / ')!r} printed apart from its unit, on another line;"
                " read as one amount"
            )
            result.warnings.append(warning("values_unwrapped", message, cell.key))


def map_active(
    grids: Sequence[Grid], fallback: Edition | None, captions: Mapping[int, str] | None = None
) -> TableResult:
    """Map table 二: each data row by its label; columns from the row's block in the edition.

    ``captions`` (grid index → the short text printed above it) give a label to a grid's first row
    where it prints none (:func:`_under_label_above`)."""
    reg = registry()
    text = normalise("\n".join(g.text() for g in grids))
    detected = detect_edition(text)
    edition = reg.editions[detected] if detected else fallback or reg.latest
    spec = edition.tables[TABLE]
    result = TableResult(TABLE, True, edition.name, {})
    assert result.rows is not None
    candidates = {row.key: list(row.labels) for row in spec.rows}
    column_labels = _column_labels(edition)
    header: Header | None = None
    lines = list(lines_of(grids))
    taken: set[int] = set()
    for at, line in enumerate(lines):
        texts = [normalise(t) for t in line.texts if t]
        if at in taken or not texts or texts[0].startswith("第二十条"):
            continue
        if texts[0].startswith("信息内容"):
            header = read_header(line, column_labels, None)
            continue
        labels, values = split_values(line, len(line.cells))
        wide = next((w for n in _WIDTHS if (w := spread(line, n, run_into_label=True)) is not None), None)
        if wide is not None:  # a converter merged the row's value cells: its label is what precedes them
            labels, values = split_values(wide, len(wide.cells))
        label = _CAPTION.sub("", " ".join(c.text for c in labels if c.text)).strip()
        caption = _CAPTION.sub("", (captions or {}).get(line.grid.index, "")).strip()
        beside = None if label else _under_label_above(line, values, caption)
        if beside is not None:
            label, values = caption, beside
        if not label:
            continue
        below = _continued_below(line, label, values, lines[at + 1] if at + 1 < len(lines) else None, candidates)
        continued = None
        if below is not None:
            taken.add(at + 1)
            continued = f"{label!r} over {below[0]!r}"
            label, values = label + below[0], below[1]
        match = best_match(label, candidates)
        if match is not None and match.score < DEFAULT_THRESHOLD and _NOTE.search(label):
            match = best_match(_NOTE.sub("", label), candidates)
        if match is None or match.score < DEFAULT_THRESHOLD:
            result.warnings.append(
                warning("row_unmatched", f"table 二 row {label!r} matches no template row; ignored", None)
            )
            continue
        if seen_before(result, match.key, label):
            continue
        columns = spec.block_of[match.key].columns
        label_doubt(result, match.key, [c.key for c in columns], label, match)
        result.rows[match.key] = {}
        if wide is not None:
            message = (
                f"row {label!r} prints its {len(values)} numbers in fewer cells, some on lines of their own"
                " (a converter merged neighbouring cells); taken in order"
            )
            row_doubt(result, match.key, [c.key for c in columns], "values_unstacked", message)
        rejoined = _rejoined(values, columns)
        if rejoined is not None and (header is None or header.place(values, [c.key for c in columns]) is None):
            parts = f"{values[-2].text} | {values[-1].text}"
            values = rejoined
            key = f"{TABLE}.{match.key}.{columns[-1].key}"
            message = f"{key}: {parts!r} printed in two neighbouring cells, read as one number"
            result.warnings.append(warning("values_unwrapped", message, key))
        put_values(
            result, match.key, columns, values, label, match, header, line.grid.clipped, unstacked(line), tailed(line)
        )
        _unit_apart(result, match.key)
        if continued is not None:
            message = (
                f"table 二 row {continued} printed over two lines, its numbers in cells the other leaves blank;"
                " read as one row"
            )
            row_doubt(result, match.key, [c.key for c in columns], "row_continued", message)
        if beside is not None:
            message = (
                f"table 二 row {' | '.join(c.text for c in values)!r} prints no label; taken as {match.label!r},"
                f" printed as text right above its table ({caption!r})"
            )
            row_doubt(result, match.key, [c.key for c in columns], "label_beside_table", message)
    missing_rows(result, spec.cells)
    return result


def _continued_below(
    line: Line, label: str, values: Sequence[Cell], below: Line | None, candidates: Mapping[str, Sequence[str]]
) -> tuple[str, list[Cell]] | None:
    """The rest of a row's label and its values, when the grid's next row is the row's second line.

    A label wrapped in a narrow cell can leave the row's first value beside its first line and
    the others beside its last words (``其他对外管理服务 290`` over ``事项  -6  1091``), and a
    reader then sees two rows. The next row is this one's when it is in the same grid, its words
    name no template row alone, it fills exactly the cells this one leaves blank (this one printing
    a number and a blank at least), and the two labels joined name a template row at least as
    plainly as this one's alone (the same row, where this one's names one plainly). Returns the
    words and the values together; None otherwise.
    """
    if below is None or below.grid is not line.grid:
        return None
    words, more = split_values(below, len(values))
    rest = " ".join(c.text for c in words if c.text).strip()
    blanks = [not c.text for c in values]
    if not rest or len(more) != len(values) or all(blanks) or not any(blanks):
        return None  # a row printing all its numbers, or none, goes on with nothing below
    if [bool(c.text) for c in more] != blanks:
        return None
    alone, first, joined = (best_match(t, candidates) for t in (rest, label, label + rest))
    if alone is not None and alone.score >= DEFAULT_THRESHOLD:
        return None
    if joined is None or first is None or joined.score < max(DEFAULT_THRESHOLD, first.score):
        return None
    if first.score >= DEFAULT_THRESHOLD and joined.key != first.key:
        return None  # the first line names a row plainly: the words below may not make it another
    return rest, [c if c.text else m for c, m in zip(values, more, strict=True)]


def _under_label_above(line: Line, values: Sequence[Cell], caption: str) -> list[Cell] | None:
    """The values of a grid's first row that prints no label, when the text printed right above the
    grid is its label: the row prints a value in every cell after its leading blanks (the label's
    column), and the text is no value. None otherwise.

    markitdown's PDF reader prints a label that stands higher in its cell than the row's numbers as
    a line of text over a table of its own (``行政处罚`` over ``|  | 2648 | 0 | 430 |``). A row
    with a blank among its values takes nothing from above: a number printed above such a table
    may be that cell's, or the last number of the row above (both are seen).
    """
    printed = list(dropwhile(lambda c: not c.text, values))
    first = bool(line.cells) and line.cells[0].row == 0
    if not first or not printed or not all(c.text for c in printed) or is_value_text(caption):
        return None
    return printed


_BROKEN = re.compile(r"(?!0\d|0$)[\d,.]*\d[\d,.]*")
"""The first part of a number broken over two cells: digits to its end, opening with no 0 (unless ``0.``)."""

_AMOUNTS = (Kind.YUAN, Kind.WAN_YUAN)


def _rejoined(values: Sequence[Cell], columns: Sequence[Column]) -> list[Cell] | None:
    """The row's values with an amount broken over its last two cells joined back; None unless the
    row prints one value more than its columns and that is the only join of two neighbouring cells
    that leaves every value readable in its column.

    pymupdf4llm sets the lines of a wrapped amount in cells of their own (``135 | 75394432.5 | 2元``
    under 采购项目数量 | 采购总金额); a count takes no decimal point, so that row joins one way
    only. Only an amount closing its row is joined: an amount is the long number a narrow cell
    wraps, and a join there moves no other value to another column. A row of counts, whose extra
    cell may as well be a mark for none (``5 | 0 | 12 | /``) or a value printed twice, is left alone.
    """
    if len(values) != len(columns) + 1 or not all(c.text for c in values):
        return None
    found: list[tuple[list[Cell], int]] = []
    for n in range(len(columns)):
        left, right = values[n].text.strip(), values[n + 1].text.strip()
        if not _BROKEN.fullmatch(left) or not right[:1].isascii() or not right[:1].isdigit():
            continue
        whole = replace(values[n], text=left + right, colspan=values[n].colspan + values[n + 1].colspan)
        joined = [*values[:n], whole, *values[n + 2 :]]
        if all(parse_value(c.text, Kind(col.unit)).problem is None for c, col in zip(joined, columns, strict=True)):
            found.append((joined, n))
    if len(found) != 1 or found[0][1] != len(columns) - 1 or Kind(columns[-1].unit) not in _AMOUNTS:
        return None
    return found[0][0]
