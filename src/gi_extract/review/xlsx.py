"""The review as one Excel workbook: a sheet listing every finding of every report, then a sheet per report.

Each report's sheet lays its tables out as printed (rows by official label, columns by header),
the cells a finding is about filled (red: fail, amber: cannot tell) and commented with the rule
and the numbers, and the report's findings listed below. Written with XlsxWriter: the workbook
is only ever written, never read back, which is what XlsxWriter does (openpyxl's reading and
editing model is not needed); it has no dependencies, writes cell comments with their size set,
and with a fixed creation date gives the same bytes for the same reviews (a resumed bulk run
ends with the same files as an uninterrupted one).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError, OutputError
from .findings import STATUS_TEXT, Finding, Review, number, table_name
from .view import counts, decision_text, grids, header

FIXED_DATE = dt.datetime(2000, 1, 1)
"""The workbook's creation date, fixed so that the same reviews give the same bytes."""
FINDING_COLUMNS = [
    ("report", 28),
    ("agency", 22),
    ("year", 6),
    ("edition", 8),
    ("id", 14),
    ("status", 11),
    ("kind", 10),
    ("table", 6),
    ("rule", 26),
    ("where", 40),
    ("printed", 9),
    ("computed", 9),
    ("difference", 9),
    ("finding", 80),
    ("diagnosis", 60),
    ("extraction doubts", 18),
    ("decision", 11),
    ("note", 30),
]
FILL = {"fail": "#FFCDD2", "cannot_tell": "#FFF3C4", "pass": "#E8F5E9"}
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def finding_row(review: Review, f: Finding) -> list[Any]:
    """One finding as a row of the findings sheet (and of findings.csv)."""
    r = review.report
    return [
        r.source.path,
        r.report.agency or "",
        "" if r.report.year is None else r.report.year,
        r.report.template or "",
        f.id,
        STATUS_TEXT[f.status],
        f.kind,
        table_name(f.table) if f.table else "",
        f.rule,
        f.where,
        "" if f.printed is None else f.printed,
        "" if f.computed is None else f.computed,
        "" if f.difference is None else f.difference,
        f.text,
        " | ".join(h.text for h in f.hints),
        ", ".join(f.doubts),
        f.decision.decision if f.decision else "",
        f.decision.note if f.decision else "",
    ]


def sheet_names(reviews: Sequence[Review]) -> list[str]:
    """A unique, valid sheet name (≤ 31 characters, no []:*?/\\) per report: agency and year, else the file."""
    names: list[str] = []
    for n, review in enumerate(reviews, 1):
        info = review.report.report
        base = f"{info.agency or Path(review.report.source.path).name} {info.year or ''}".strip()
        base = _SHEET_BAD.sub("_", base)[:27] or f"report {n}"
        name, k = base, 2
        while name.lower() in {x.lower() for x in names} or name.lower() == "findings":
            name, k = f"{base[:27]}~{k}", k + 1
        names.append(name)
    return names


class WorkbookError(Exception):
    """XlsxWriter could not write the file (its own exception types, wrapped so callers need not import it)."""


def write_workbook(path: Path, reviews: Sequence[Review]) -> None:
    """Write the workbook to ``path`` (the caller makes it atomic: see :mod:`gi_extract.review.command`).

    Raises :class:`~gi_extract.errors.ConfigurationError` when XlsxWriter is not installed (the
    ``review`` extra), :class:`WorkbookError` when the file cannot be written.
    """
    try:
        import xlsxwriter
        from xlsxwriter.exceptions import XlsxWriterException
    except ImportError:
        raise ConfigurationError("--format xlsx needs XlsxWriter: pip install 'gi-extract[review]'") from None

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"title": "gi-extract check", "created": FIXED_DATE})
    fmt = {
        "head": wb.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1, "text_wrap": True}),
        "title": wb.add_format({"bold": True, "font_size": 13}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "cell": wb.add_format({"border": 1}),
        "label": wb.add_format({"border": 1, "text_wrap": True}),
        **{s: wb.add_format({"border": 1, "bg_color": c, "bold": s == "fail"}) for s, c in FILL.items()},
        **{f"label_{s}": wb.add_format({"border": 1, "bg_color": c, "text_wrap": True}) for s, c in FILL.items()},
        **{f"status_{s}": wb.add_format({"bg_color": c, "valign": "top"}) for s, c in FILL.items()},
    }
    _findings_sheet(wb, reviews, fmt)
    for review, name in zip(reviews, sheet_names(reviews), strict=True):
        _report_sheet(wb.add_worksheet(name), review, fmt)
    try:
        wb.close()
    except XlsxWriterException as exc:
        raise WorkbookError(str(exc)) from exc


def save_workbook(path: Path, reviews: Sequence[Review]) -> None:
    """The workbook written beside ``path`` under a temporary name, then renamed: whole or not at all.

    Raises :class:`~gi_extract.errors.OutputError` (exit 4) when it cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        write_workbook(Path(tmp), reviews)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except (OSError, WorkbookError) as exc:
        raise OutputError(f"{path}: cannot write ({getattr(exc, 'strerror', None) or exc})") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _findings_sheet(wb: Any, reviews: Sequence[Review], fmt: dict[str, Any]) -> None:
    ws = wb.add_worksheet("findings")
    for col, (title, width) in enumerate(FINDING_COLUMNS):
        ws.write(0, col, title, fmt["head"])
        ws.set_column(col, col, width, fmt["wrap"] if width >= 40 else None)
    row = 1
    for review in reviews:
        for f in review.problems:
            ws.write_row(row, 0, finding_row(review, f))
            ws.write(row, 5, STATUS_TEXT[f.status], fmt[f"status_{f.status}"])
            row += 1
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(row - 1, 1), len(FINDING_COLUMNS) - 1)


def _report_sheet(ws: Any, review: Review, fmt: dict[str, Any]) -> None:
    ws.set_column(0, 0, 46)
    ws.set_column(1, 8, 12)
    ws.write(0, 0, f"{review.report.report.agency or review.report.source.path} {review.report.report.year or ''}")
    ws.set_row(0, None, fmt["title"])
    row = 1
    for label, value in [*header(review), ("findings", counts(review))]:
        ws.write(row, 0, label)
        ws.write(row, 1, value)
        row += 1
    for grid in grids(review):
        row += 1
        ws.write(row, 0, grid.title, fmt["title"])
        row += 1
        ws.write(row, 0, "", fmt["head"])
        for col, name in enumerate(grid.columns, 1):
            ws.write(row, col, name, fmt["head"])
        for grid_row in grid.rows:
            row += 1
            ws.write(row, 0, grid_row.name, fmt[f"label_{grid_row.status}"] if grid_row.status else fmt["label"])
            if grid_row.notes:
                ws.write_comment(row, 0, _comment(grid_row.notes, grid_row.printed_label), {"x_scale": 3, "y_scale": 2})
            for col, cell in enumerate(grid_row.cells, 1):
                style = fmt[cell.status] if cell.status else fmt["cell"]
                if cell.value is not None and cell.shown == number(cell.value):
                    ws.write_number(row, col, cell.value, style)
                else:
                    ws.write_string(row, col, cell.shown, style)
                if cell.notes:
                    ws.write_comment(row, col, _comment(cell.notes), {"x_scale": 4, "y_scale": 3})
    row += 2
    ws.write(row, 0, "findings", fmt["title"])
    for f in review.problems:
        row += 1
        ws.write(row, 0, f"{STATUS_TEXT[f.status]} [{f.id}] {f.title}", fmt[f"status_{f.status}"])
        ws.write(row, 1, f.text)
        extra = [h.text for h in f.hints]
        if f.doubts:
            extra.append("extraction doubt: " + ", ".join(f.doubts))
        if f.decision:
            extra.append("decision: " + decision_text(f))
        for line in extra:
            row += 1
            ws.write(row, 1, line)


def _comment(notes: list[str], printed: str = "") -> str:
    text = "\n".join(notes)
    return text + (f"\nprinted label: {printed}" if printed else "")
