"""Table 四 复议/诉讼: one unlabelled data row of 15 values (3 groups × 5), in template order."""

from __future__ import annotations

from collections.abc import Sequence

from ..grid import Cell, Grid
from ..template import Edition
from .rows import CellValue, TableResult, lines_of, put_values, row_doubt, split_values

TABLE = "reviews_litigation"
LABEL = "（行政复议、行政诉讼数据行）"
"""The label cells carry: the official table prints no row label."""


def map_reviews(grids: Sequence[Grid], edition: Edition) -> TableResult:
    """Map table 四: the first row ending in 15 values, taken in template order."""
    spec = edition.tables[TABLE]
    groups = [r.key for r in spec.rows]
    columns = spec.block_of[groups[0]].columns
    result = TableResult(TABLE, True, None, {g: {} for g in groups})
    assert result.rows is not None
    width = len(columns)
    want = len(groups) * width
    data: list[Cell] | None = None
    clipped: frozenset[int] = frozenset()
    for line in lines_of(grids):
        labels, values = split_values(line, want)
        if len(values) == want:  # the data row, even behind a label cell such as 件数
            data, clipped = values, line.grid.clipped
            break
        if data is None and not any(c.text for c in labels) and len(values) >= want // 2:
            data = values  # a short row of values only: reported below, not guessed
    if data is None or len(data) != want:
        printed = f" (the data row prints {len(data)})" if data else ""
        message = f"table 四 has no row of {want} values{printed}; left null"
        for g in groups:
            row_doubt(result, g, [c.key for c in columns], "values_misaligned", message)
            for col in columns:
                result.rows[g][col.key] = None
                result.cells.append(CellValue(f"{TABLE}.{g}.{col.key}", None, "", False, None, LABEL, None))
        return result
    for n, g in enumerate(groups):
        put_values(result, g, columns, data[n * width : (n + 1) * width], LABEL, None, None, clipped)
    return result
