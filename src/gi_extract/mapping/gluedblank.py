"""Rows of glued text whose blank cells left no trace: read as 0 where that is the only reading.

A crawler keeps nothing of a blank cell. A row with some cells blank prints fewer numbers than
it has cells (``（一）予以公开 0 0 0 0 0 0`` for seven), and a row whose every cell is blank prints
its label straight before the next row's (``…申请3.其他（七）总计3000003``). Blank is 0 (output.md);
where the numbers a row does print are all 0, it is all 0 wherever its blanks stood, and a row
printing nothing is all 0. Everything else about such rows (where the blanks of ``5 0 1`` stood)
stays open, as :mod:`.glued` leaves it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ..template import Column
from ..warnings import warning
from .gluedtext import Chunk
from .rowlabels import RowState, Shape, resolve
from .rows import CellValue, TableResult

_SUBLIST = re.compile(r"1[.．、]|（一）")
"""How a group's first sub-row opens: a label followed by one is the group's, printed without cells."""


def blank_rows(
    part: Chunk, text: str, marks: list[re.Match[str]], all_rows: Sequence[Shape], state: RowState
) -> list[tuple[str, str, float, Chunk]]:
    """Rows a chunk names before its own, each printed with no number: a crawler keeps nothing of a
    row whose every cell is blank (``…申请3.其他（七）总计3000003``: 3.其他 prints nothing).

    A label followed by its group's first sub-row (``（三）不予公开1.属于国家秘密``) is the group's
    heading, never such a row. Each row found has an empty run; :mod:`.glued` reads it as all 0.
    In lines of labels (pdfplumber's text) only rows opening with an item number (``5.属于…``) count:
    a group label written down the side lands anywhere among its rows (``（六`` / ``）其 2.申请人逾…``),
    so what follows it says nothing of whether it is a row.
    """
    items_only = "\n" in part.text.strip()
    out: list[tuple[str, str, float, Chunk]] = []
    for here, after in itertools.pairwise(marks):
        if _SUBLIST.match(text, after.start()) or (items_only and not here.group()[0].isdigit()):
            continue
        own = text[here.start() : after.start()]
        found, score, _why = resolve(own, text[: here.start()], all_rows, state)
        if found is not None:  # its label as the resolver read it (normalised), for the output's label
            out.append((found.row.key, found.label, score if score is not None else 100.0, Chunk(own, part.start)))
    return out


MAX_BLANKS = 2
"""Cells a row of zeros may lack and still be read: more, and its run is likelier not the row's own."""


def zeros_short(text: str, cells: int) -> bool:
    """Whether a run prints only zeros, one or two fewer than its row's cells (and more zeros than that).

    A crawler keeps nothing of a blank cell (``（一）予以公开 0 0 0 0 0 0`` for seven cells). Where
    the numbers are other than 0 the blank's place decides the values and nothing here does; where
    every number printed is 0 (a count has no leading zero, so each 0 is a cell), the row is all 0
    wherever the blanks stood, blank being 0.
    """
    zeros = text.count("0")
    missing = cells - zeros
    return not text.replace("0", "").strip() and 1 <= missing <= MAX_BLANKS and zeros > missing


def blank_zeros(result: TableResult, key: str, score: float, part: Chunk, cols: tuple[Column, ...]) -> None:
    """A row :func:`zeros_short` accepts, or one :func:`blank_rows` found: every cell 0, each with its doubt."""
    assert result.rows is not None
    printed = part.text.strip()[-30:]
    for column in cols:
        cell_key = f"{result.table}.{key}.{column.key}"
        result.rows[key][column.key] = 0
        result.cells.append(CellValue(cell_key, 0, "", False, None, printed, score))
        message = (
            f"{cell_key}: 0, as every cell of the row: it prints {part.run.count('0')} numbers, all 0, for"
            f" {len(cols)} cells ({part.run.strip()!r}); those not printed were blank, 0 whichever they were"
            if part.run
            else f"{cell_key}: 0, as every cell of the row: its label is followed by the next row's, no number"
            " between them (a crawler keeps nothing of blank cells)"
        )
        result.warnings.append(warning("segmented_blank", message, cell_key))
