"""Mapping located grids onto the template's keys: rows by label, values by printed order.

Rows are matched by their labels (:mod:`gi_extract.labels`), never by position, so inserted,
dropped or reordered rows are caught. One module per table, because each prints its rows
differently: :mod:`.active` (table 二, in 第二十条 blocks), :mod:`.applications` (table 三,
rows under group cells) and :mod:`.reviews` (table 四, one unlabelled row of 15 values);
:mod:`.rows` holds what they share.
"""

from __future__ import annotations

from .active import map_active
from .applications import map_applications
from .reviews import map_reviews
from .rows import CellValue, TableResult

__all__ = ["CellValue", "TableResult", "map_active", "map_applications", "map_reviews"]
