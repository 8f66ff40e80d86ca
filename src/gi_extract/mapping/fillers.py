"""Table 二 rows of glued text whose run ends in marks for none: cells, or fillers?

A crawled table 二 prints a mark for none (``—``, ``/``, ``无``) in a cell that has no value, and
many publishers also fill the cells a block does not use with the same marks (``行政许可5//`` in a
grid wider than the block's one column). A mark between numbers is a cell (``229—2906``: 229 | 0 |
2906), but a mark that ends a row's run may be either: ``173—`` is 173 and a blank, or 1 | 7 | 3
and a filler; ``5207/`` is 5207 | 0, or 5 | 207 (or 520 | 7) and a filler. Table 二 has no sums to
tell them apart, so such a row is cut both ways and a value is kept only where both ways that have
a reading agree; where they disagree the cell is ``null``, ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..segment import Bound, Identity, Reason, RowResult, Run, Segmentation, segment
from ..segment import Cell as SegCell

_TRAILING = re.compile(r"[—–/无\s]*[—–/无][\s]*$")
"""Marks for none (and the spaces among them) that end a run."""


def trailing_marks_optional(
    runs: Sequence[Run], identities: Sequence[Identity], bounds: Sequence[Bound], solved: Segmentation
) -> Segmentation:
    """``solved`` (every run cut with its marks as cells), with each row whose run ends in marks cut
    again with those marks as fillers, and the two merged (:mod:`gi_extract.mapping.fillers`)."""
    tails = {run.row: m.start() for run in runs if (m := _TRAILING.search(run.text)) and run.text[: m.start()].strip()}
    if not tails:
        return solved
    # the marks blanked with spaces of the same length, so every span still points into the run
    bare = [replace(r, text=r.text[: tails[r.row]].ljust(len(r.text))) if r.row in tails else r for r in runs]
    other = segment(bare, identities, bounds=bounds)
    cells = dict(solved.cells)
    rows = dict(solved.rows)
    for run in runs:
        if run.row not in tails:
            continue
        marked, filler = solved.rows[run.row], other.rows[run.row]
        keys = [(run.row, column) for column in run.columns]
        if not marked.readings:  # only the marks as fillers leave a reading
            cells.update({k: other.cells[k] for k in keys})
            rows[run.row] = filler
            continue
        if not filler.readings:  # only the marks as cells do
            continue
        for k in keys:
            same = solved.cells[k].value == other.cells[k].value
            cells[k] = solved.cells[k] if same else SegCell(None, None, None, Reason.AMBIGUOUS)
        if any(cells[k].value is None for k in keys):
            rows[run.row] = RowResult(
                Reason.AMBIGUOUS,
                (marked.readings or 0) + (filler.readings or 0),
                marked.candidates + filler.candidates,
                "its last marks may be cells or fillers",
            )
    return replace(solved, cells=cells, rows=rows)
