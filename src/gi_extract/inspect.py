"""A readable account of how a report was read: grids, which table each became, and why.

``gi-extract inspect FILE`` prints it. When a number comes out wrong, this shows which
stage to look at: the reader (the grid rows as printed), locate (the signature scores and
the reason each grid was taken) or the mapping (each row's printed label, the template row
it matched and the similarity).
"""

from __future__ import annotations

from pathlib import Path

from .api import build_report
from .grid import Grid
from .locate import locate, signature
from .model import CellOut
from .readers import read
from .template import registry


def _row_text(grid: Grid, i: int) -> str:
    return " | ".join(c.text.replace("\n", "⏎") or "∅" for c in grid.origins(i))


def describe(path: str | Path) -> str:
    """The inspection text for one file (raises like :func:`gi_extract.extract` on bad input)."""
    doc = read(Path(path))
    layout = locate(doc)
    numeral = registry().numeral
    used = {id(g): (name, run.reason) for name, run in layout.tables.items() for g in run.grids}
    out = [f"{doc.path}: {doc.format}, {len(doc.blocks)} blocks, {len(doc.grids)} grids, pages {doc.pages}"]
    out.append("headings: " + (", ".join(f"{h} (block {i})" for h, i in layout.headings.items()) or "none"))
    for grid in doc.grids:
        name, reason = used.get(id(grid), (None, "no standard table's words, no heading above"))
        scores = ", ".join(f"{numeral(t)}={n}" for t, n in signature(grid).items())
        taken = f"table {numeral(name)} ({reason})" if name else f"not used ({reason})"
        out.append(f"\n{grid!r} signature {scores} → {taken}")
        out += [f"  r{i}: {_row_text(grid, i)}" for i in range(grid.n_rows)]
    trace: list[str] = []
    report = build_report(doc, "", layout, trace)
    if trace:
        out.append("\ntables read from glued text (row ← label: digits [status, readings of its own], splits):")
        out += trace
    out.append("\nrows as mapped (key ← printed label [similarity]: values):")
    by_row: dict[str, list[CellOut]] = {}
    for cell in report.cells:
        by_row.setdefault(cell.key.rsplit(".", 1)[0], []).append(cell)
    for row, cells in by_row.items():
        first = cells[0]
        score = "" if first.label_score is None else f" [{first.label_score:.0f}]"
        out.append(f"  {row} ← {first.label!r}{score}: {[c.value for c in cells]}")
    out.append(f"\n{len(report.failed_checks)} check(s) not passed, {len(report.warnings)} warning(s)")
    out += [f"  {w.code}: {w.message}" for w in report.warnings]
    return "\n".join(out) + "\n"
