"""A pipe table's cells with the merges its converter flattened, rebuilt from the table's structure.

Merges are rebuilt from the table's structure alone (:func:`pipe_rows`): an empty cell
right of a label cell, inside the label columns (left of the table's first value column),
is covered by that label; an empty cell under a label, in a row that prints its own label
further right, is covered by the label above (a row-group label such as
``三、本年度办理结果``). Empty cells among the values stay blank: there a blank is printed.
Converters that repeat a merged cell's text in every position it covers (docling) are
read the same way, the repeats taking the place of the empty cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..grid import RawCell, is_blank_text
from .celltext import is_value


@dataclass
class _Origin:
    """A merged cell as rebuilt: where it starts, how far it reaches, its text."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def pipe_rows(cells: Sequence[Sequence[str]]) -> tuple[list[list[RawCell]], frozenset[int]]:
    """A pipe table's cell texts as raw rows, with the merges its converter flattened, and the rows
    printed short of the table's columns that were padded at their end (:attr:`gi_extract.grid.Grid.padded`).

    Converters write a merged cell's text once and leave the positions it covered empty
    (marker, MinerU's pipe output, pandoc), or repeat the text in every position (docling).
    The label columns are those left of the first column where any row prints a value.
    Row by row, left to right, a position is covered:

    - by the cell left of it in the same row, when it is empty and that cell is a label in
      the label columns (``（一）予以公开`` over the item column), or when it repeats that
      cell's text (a label or header anywhere; a value only when one merged header cell
      stands over both, as the 本年处理决定数量 of table 二 over three columns);
    - by the label above it (``三、本年度办理结果`` down the side), when it is empty or
      repeats that label, in the label columns, and the row prints a label of its own
      further right, so that the row belongs under that label.

    Under a header row of names only, an empty position under a name of its own is blank
    (``| 类别 | 数据1 |`` over ``| 予以公开 |  | 9 |``).

    Anything else empty is blank: among the values a blank is printed. Merges stay
    rectangles: a label spanning several columns grows down only over a row whose whole
    width under it is empty (or repeats it).
    """
    width = max((len(r) for r in cells), default=0)
    plain = [[t if not is_blank_text(t) else "" for t in r] for r in cells]
    full = [r for r in plain if len(r) == width]
    label_columns = min((c for r in full for c, t in enumerate(r) if is_value(t)), default=width)
    texts = [_aligned(r, width, label_columns) for r in plain]
    padded = frozenset(
        r for r, (row, text) in enumerate(zip(plain, texts, strict=True)) if text[: len(row)] == row != text
    )
    value_start = min((c for r in texts for c, t in enumerate(r) if is_value(t)), default=width)
    owner: dict[tuple[int, int], _Origin] = {}
    origins: list[_Origin] = []
    for r, row in enumerate(texts):
        for c in range(width):
            if (r, c) in owner or _covered(owner, texts, r, c, value_start):
                continue
            cell = _Origin(row[c], r, c)
            origins.append(cell)
            owner[(r, c)] = cell
    out: list[list[RawCell]] = [[] for _ in texts]
    for o in origins:
        out[o.row].append(RawCell(o.text, o.rowspan, o.colspan, source_row=o.row, source_col=o.col))
    return out, padded


def _aligned(row: list[str], width: int, label_columns: int) -> list[str]:
    """A short row padded to the table's width: at the end, or at the start when a merged label took its place.

    Some converters (markdownify, html2text) drop the positions a merged label covers from the
    rows below it instead of leaving them empty, so such a row comes out short by exactly the
    label columns it sits under (``label_columns``: those left of the full rows' first value):
    it prints a label, then values (blank or not) to its end, and its label cells and the missing
    ones make up the label columns: padded at the end, its first number would stand in a label
    column. Any other short row has lost cells at its end (a converter dropping
    trailing blanks), as Markdown reads it.
    """
    pad = [""] * (width - len(row))
    first = next((c for c, t in enumerate(row) if is_value(t)), len(row))
    merged = bool(pad) and 0 < first < len(row) and first + len(pad) == label_columns
    return pad + row if merged else row + pad


def _is_label(cell: _Origin | None) -> bool:
    return cell is not None and bool(cell.text) and not is_value(cell.text)


def _covered(owner: dict[tuple[int, int], _Origin], texts: list[list[str]], r: int, c: int, value_start: int) -> bool:
    """Whether (r, c) is part of a merge begun left of it or above it (which then grows over it)."""
    text = texts[r][c]
    if not text:
        if c >= value_start:
            return False
        return (not _headed_apart(texts, r, c, value_start) and _grow_right(owner, r, c, text)) or _grow_down(
            owner, texts, r, c, value_start
        )
    if is_value(text):
        return _under_one_cell(owner, texts, r, c) and _grow_right(owner, r, c, text)
    return _grow_right(owner, r, c, text) or (c < value_start and _grow_down(owner, texts, r, c, value_start))


def _headed_apart(texts: list[list[str]], r: int, c: int, value_start: int) -> bool:
    """Whether a header row of names only prints a name of its own over (r, c), below it.

    ``| 类别 | 数据1 | … |`` over ``| 予以公开 |  | 9 |``: the empty cell stands under 数据1, a column
    of its own, so it is a blank, not the label's span (a table of one row cannot tell by its
    values where they start). The header is the table's first row, or the row printed right
    above when it names the value columns too: a table 二 block whose column titles a converter
    set in its body (``| 信息内容 | 上一年项目数量 | 本年增/减 |`` over ``| 行政事业性收费 |  | +9 |``,
    the blank under 上一年项目数量). A row of names over the label columns only (a row-group
    label over a row printed blank) heads nothing. A header row printing a value is data, and
    says nothing here.
    """
    above = next((row for row in reversed(texts[1:r]) if any(row)), None)
    heads = [texts[0]]
    if above is not None and any(t for t in above[value_start:]):
        heads.append(above)
    return r > 0 and any(
        bool(head[c]) and head[c] != head[c - 1] and not any(is_value(t) for t in head) for head in heads
    )


def _grow_right(owner: dict[tuple[int, int], _Origin], r: int, c: int, text: str) -> bool:
    """Grow the one-row cell ending just left of (r, c) over it: a label over an empty position, or the same text."""
    left = owner.get((r, c - 1))
    if left is None or left.row != r or left.rowspan != 1 or left.col + left.colspan != c:
        return False
    if not (left.text == text if text else _is_label(left)):
        return False
    left.colspan += 1
    owner[(r, c)] = left
    return True


def _grow_down(owner: dict[tuple[int, int], _Origin], texts: list[list[str]], r: int, c: int, value_start: int) -> bool:
    """Grow the label above (r, c) over row ``r``: its whole width empty or repeating it, a label further right."""
    above = owner.get((r - 1, c))
    if not _is_label(above) or above is None or above.col != c or above.row + above.rowspan != r:
        return False
    span = range(c, c + above.colspan)
    if any(texts[r][k] not in ("", above.text) or (r, k) in owner for k in span):
        return False
    if len({texts[r][k] for k in span}) != 1:
        return False
    if not any(texts[r][k] and not is_value(texts[r][k]) for k in range(span.stop, value_start)):
        return False
    above.rowspan += 1
    for k in span:
        owner[(r, k)] = above
    return True


def _under_one_cell(owner: dict[tuple[int, int], _Origin], texts: list[list[str]], r: int, c: int) -> bool:
    """Whether the nearest row above printing anything over columns ``c - 1`` and ``c`` prints one cell there."""
    for up in range(r - 1, -1, -1):
        left, right = owner.get((up, c - 1)), owner.get((up, c))
        if left is not None and left is right:
            return True
        if texts[up][c - 1] or texts[up][c]:
            return False
    return False
