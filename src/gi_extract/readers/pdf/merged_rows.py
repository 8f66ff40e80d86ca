"""Rows that a missing border merged, split again along the text's own lines.

When the line between two rows is not drawn (a border set to none in Word, a WPS print), the
table finder sees one tall row: its label cell reads ``2.其他法律行政法规禁止公开⏎3.危及…`` and
each value cell holds two numbers, one per line. The rows are still plain in the text: the
second row's label starts a line of its own with the template's row numbering (``3.``,
``（七）``), and, in a row of short labels (``规章`` | ``行政规范性文件``), every cell prints one
line per row at the same heights. :func:`split_merged_rows` cuts such cells apart there, so each
printed row is a row of the grid again, its numbers in its own cells.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from .lines import NUMBER_ONLY, Line, Obj, group_lines, numbering

if TYPE_CHECKING:
    from .ruled import RuledTable

ON_LINE = 2.0
"""A cut this close (points) to a lattice line (a ruling drawn under some of the cells) is on that line."""


def split_merged_rows(table: RuledTable) -> None:
    """Cut every run of cells that prints several rows into one run of cells per row, in place.

    The cells considered together are those spanning exactly the same lattice rows (the cells a
    missing border merged share their top and bottom rulings; a group cell that spans its sub-rows
    by design spans more, and is left whole). Such a run is cut at a height ``y`` when

    - it holds a cell that is a number or blank (so it is a data row, not a header), and
    - a label cell (text that is not a number) has a later line starting with a row numbering
      (``3.``, ``（七）``), or, failing that, every text cell prints the same two or more lines at the
      same heights with a number among them (a run of value cells only, whose label is merged with
      another row's, needs two such cells): a new row starts at that line (at each such height), and
    - every line of the run's cells lies wholly above or wholly below that start (digits and CJK
      glyphs rise differently from one baseline, so lines are sorted by their middles): ``y`` is
      the middle of the gap between them.
    """
    for _ in range(sum(len(chars) for chars in table.chars)):  # each cut adds a row: bounded by the text
        cut = _find_cut(table)
        if cut is None:
            return
        _cut(table, *cut)


def _find_cut(table: RuledTable) -> tuple[list[int], float] | None:
    runs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (r, _, rowspan, _) in enumerate(table.cells):
        runs[(r, rowspan)].append(i)
    for (r, rowspan), members in sorted(runs.items()):
        if not any(_several_lines(table.chars[i]) for i in members):
            continue
        top, bottom = table.ys.lines[r] + ON_LINE, table.ys.lines[r + rowspan] - ON_LINE
        lines = {i: group_lines(table.chars[i]) for i in members}
        labels = [i for i in members if lines[i] and not all(NUMBER_ONLY.match(ln.text) for ln in lines[i])]
        values = [i for i in members if i not in labels]
        if not values or (not labels and len(values) < 2):
            continue
        every = [ln for i in members for ln in lines[i]]
        for start in _starts_by_numbering(lines, labels) or _starts_by_levels(lines, labels, values):
            # the cut lies in the gap above the new row's first line, whatever each font's ascent
            above = [ln.bottom for ln in every if (ln.top + ln.bottom) / 2 < start]
            below = [ln.top for ln in every if (ln.top + ln.bottom) / 2 >= start]
            if not above or not below or max(above) >= min(below):
                continue
            y = (max(above) + min(below)) / 2
            if top < y < bottom:
                return members, y
    return None


def _several_lines(chars: list[Obj]) -> bool:
    """Whether a cell's characters stand on more than one line (cheap: most cells print one)."""
    if not chars:
        return False
    tops = [float(ch["top"]) for ch in chars]
    tallest = max(float(ch["bottom"]) - top for ch, top in zip(chars, tops, strict=True))
    return max(tops) - min(tops) > tallest / 2


def _starts_by_numbering(lines: dict[int, list[Line]], labels: list[int]) -> list[float]:
    """The tops of the later lines of label cells that start like a row label."""
    return sorted(line.top for i in labels for line in lines[i][1:] if numbering("row").match(line.text))


def _starts_by_levels(lines: dict[int, list[Line]], labels: list[int], values: list[int]) -> list[float]:
    """The tops of the second and later levels at which every text cell prints exactly one line (short labels).

    Lines of different cells are at one level when the lower starts within the upper's first half:
    digits and CJK glyphs on one baseline have boxes a few points apart.
    """
    if not any(len(lines[i]) >= 2 for i in values):
        return []
    levels: list[list[Line]] = []
    for line in sorted((ln for i in labels + values for ln in lines[i]), key=lambda ln: ln.top):
        first = levels[-1][0] if levels else None
        if first is not None and line.top - first.top <= (first.bottom - first.top) / 2:
            levels[-1].append(line)
        else:
            levels.append([line])
    n = len(levels)
    if n < 2 or any(len(lines[i]) not in (0, n) for i in values) or any(len(lines[i]) != n for i in labels):
        return []
    return [min(ln.top for ln in level) for level in levels[1:]]


def _cut(table: RuledTable, members: list[int], y: float) -> None:
    """Cut the run's cells at ``y``: a lattice line there (added if new), each cell in two parts.

    A label cell whose text all lies above ``y`` is not cut but spans both rows: it is a group
    cell (``（四）无法提供`` beside its first two sub-rows), whose text is printed at its top.
    """
    k = table.ys.index(y)
    if abs(table.ys.lines[k] - y) > ON_LINE:
        k = table.ys.insert(y)
        # every cell across the new line spans one more lattice row; those below move down
        table.cells = [
            (r + 1, c, rs, cs) if r >= k else (r, c, rs + 1, cs) if r + rs >= k else (r, c, rs, cs)
            for r, c, rs, cs in table.cells
        ]
    for i in members:
        r, c, rowspan, colspan = table.cells[i]
        chars = table.chars[i]
        upper = [ch for ch in chars if (ch["top"] + ch["bottom"]) / 2 < y]
        if chars and upper == chars and not NUMBER_ONLY.match("".join(ch["text"] for ch in chars)):
            continue
        table.cells[i] = (r, c, k - r, colspan)
        table.chars[i] = upper
        table.cells.append((k, c, r + rowspan - k, colspan))
        table.chars.append([ch for ch in chars if (ch["top"] + ch["bottom"]) / 2 >= y])
    table.owner = {
        (r + dr, c + dc): i
        for i, (r, c, rowspan, colspan) in enumerate(table.cells)
        for dr in range(rowspan)
        for dc in range(colspan)
    }
