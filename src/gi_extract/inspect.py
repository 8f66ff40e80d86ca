"""A readable account of how a report was read: grids, which table each became, and why.

``gi-extract inspect FILE`` prints it. When a number comes out wrong, this shows which
stage to look at: the reader (the grid rows as printed), locate (the signature scores and
the reason each grid was taken) or the mapping (each row's printed label, the template row
it matched and the similarity).
"""

from __future__ import annotations

from pathlib import Path

from .api import build_report
from .errors import GiExtractError, InternalError, NoStandardTable, printable
from .grid import Document, Grid, Paragraph
from .locate import Layout, locate, signature
from .model import CellOut
from .readers import read
from .template import MIN_SIGNATURE, registry

SHOWN = 40
"""Rows per grid and cells per row printed; a report's tables have fewer, a hostile file thousands."""


def _row_text(grid: Grid, i: int) -> str:
    cells = grid.origins(i)
    more = f" | … {len(cells) - SHOWN} more" if len(cells) > SHOWN else ""
    return " | ".join(c.text.replace("\n", "⏎") or "∅" for c in cells[:SHOWN]) + more


def describe(path: str | Path) -> tuple[str, NoStandardTable | None]:
    """The inspection text for one file, and the error when no standard table was found.

    A file that yields no table is where ``inspect`` is needed most, so what was read is shown
    whole, with what was missing, before the error is raised to the caller. Unreadable input
    raises like :func:`gi_extract.extract`, and so does a bug: an :class:`InternalError` naming the
    file, never a bare traceback.
    """
    try:
        return _describe(path)
    except GiExtractError:
        raise
    except Exception as exc:
        raise InternalError.wrap(printable(str(path)), exc) from exc


def _describe(path: str | Path) -> tuple[str, NoStandardTable | None]:
    doc = read(Path(path))
    layout = locate(doc)
    numeral = registry().numeral
    used: dict[int, list[str]] = {}
    for name, run in layout.tables.items():
        for g in run.grids:
            used.setdefault(id(g), []).append(f"table {numeral(name)} ({run.reasons[g.index]})")
    pages = f"{doc.pages} pages" if doc.pages is not None else "no fixed pages"
    out = [f"{doc.path}: {doc.format}, {len(doc.blocks)} blocks, {len(doc.grids)} grids, {pages}"]
    out.append("headings: " + (", ".join(f"{h} (block {i})" for h, i in layout.headings.items()) or "none"))
    for grid in doc.grids:
        scores = ", ".join(f"{numeral(t)}={n}" for t, n in signature(grid).items())
        taken = " and ".join(used.get(id(grid), [])) or "not used (no standard table's words, no heading above)"
        where = f", page {'-'.join(map(str, grid.pages))}" if grid.pages else ""
        size = f"{grid.n_rows} rows × {grid.n_cols} columns"
        out.append(f"\ngrid {grid.index} ({size}{where}): signature {scores} → {taken}")
        out += [f"  r{i}: {_row_text(grid, i)}" for i in range(min(grid.n_rows, SHOWN))]
        if grid.n_rows > SHOWN:
            out.append(f"  … {grid.n_rows - SHOWN} more rows")
    trace: list[str] = []
    try:
        report = build_report(doc, "", layout, trace)
    except NoStandardTable as exc:
        out += _why_no_table(doc, layout)
        return "\n".join(out) + "\n", exc
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
    return "\n".join(out) + "\n", None


def _why_no_table(doc: Document, layout: Layout) -> list[str]:
    """What the reader found and what a standard table would have needed."""
    out = ["\nno standard table found:"]
    if not doc.grids:
        words = sum(len(b.text.strip()) for b in doc.blocks if isinstance(b, Paragraph))
        out.append(f"  the reader found no table at all ({len(doc.blocks)} blocks, {words} characters of text)")
        if doc.format == "pdf" and not words:
            out.append("  a PDF without text is a scan: install the OCR extra (pip install 'gi-extract[ocr]')")
    best = max((max(signature(g).values()) for g in doc.grids), default=0)
    if doc.grids:
        out.append(f"  the best grid holds {best} of a table's signature words; {MIN_SIGNATURE} are needed")
    if not layout.headings:
        out.append("  no heading 二/三/四 of the template was found either")
    out.append("  the glued-text reader found no template row labels followed by digits")
    return out
