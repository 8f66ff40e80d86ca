"""What every renderer shows, computed once: the header, findings by table, doubts by code, tables as printed.

The renderers (text, Markdown, HTML, workbook) differ only in how they lay these out, so the
reviewer sees the same thing in each, in the same order: the report as a whole first, then
表二, 表三, 表四; within a table, failures before cannot-tells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Number
from ..template import registry
from ..warnings import CODES
from .findings import Doubt, Finding, Review, Status, column_name, number, row_name, table_name

ORDER: dict[str, int] = {"fail": 0, "cannot_tell": 1, "pass": 2}
MARK: dict[str, str] = {"fail": "✗", "cannot_tell": "?", "pass": "✓"}


def header(review: Review) -> list[tuple[str, str]]:
    """(label, value) lines: agency, year, edition, file, format, pages, identity."""
    r = review.report
    edition = registry().editions.get(r.report.template or "")
    return [
        ("agency", r.report.agency or "unknown"),
        ("year", "unknown" if r.report.year is None else str(r.report.year)),
        ("edition", f"{edition.name} ({edition.notice})" if edition else "unknown"),
        ("title", r.report.title or "—"),
        ("file", r.source.path),
        ("format", r.source.format),
        ("pages", "—" if r.source.pages is None else str(r.source.pages)),
        ("sha256", r.source.sha256[:16] + "…"),
    ]


def counts(review: Review) -> str:
    """``2 fail · 12 cannot tell · 33 pass · 5 doubts``: the one-line verdict."""
    by: dict[str, int] = {}
    for f in review.findings:
        by[f.status] = by.get(f.status, 0) + 1
    dismissed = sum(1 for f in review.findings if f.status == "fail" and not f.failing)
    parts = [f"{by.get(s, 0)} {t}" for s, t in (("fail", "fail"), ("cannot_tell", "cannot tell"), ("pass", "pass"))]
    if dismissed:
        parts[0] += f" ({dismissed} dismissed)"
    parts.append(f"{len(review.doubts)} extraction doubts")
    return " · ".join(parts)


def sections(review: Review) -> list[tuple[str, list[Finding]]]:
    """Problems (not passes) grouped: the report as a whole, then each table in report order."""
    out: list[tuple[str, list[Finding]]] = []
    problems = sorted(review.problems, key=lambda f: ORDER[f.status])
    whole = [f for f in problems if f.table is None]
    if whole:
        out.append(("the report as a whole", whole))
    for table in registry().table_ids:
        mine = [f for f in problems if f.table == table]
        if mine:
            label = registry().latest.tables[table].label
            out.append((f"{table_name(table)} {label}", mine))
    return out


@dataclass
class DoubtGroup:
    """Every doubt of one code: what it means, what to do, and where."""

    code: str
    severity: str
    meaning: str
    action: str
    doubts: list[Doubt]

    @property
    def places(self) -> list[str]:
        """The cells (or rows, tables) the doubts name, once each."""
        names: list[str] = []
        for d in self.doubts:
            names += [c.name for c in d.cells] or [d.key or "the report"]
        return list(dict.fromkeys(names))


def doubt_groups(review: Review) -> list[DoubtGroup]:
    """Doubts grouped by code, worst severity first (missing, doubt, info)."""
    groups: dict[str, DoubtGroup] = {}
    for d in review.doubts:
        code = CODES.get(d.code)
        group = groups.setdefault(
            d.code, DoubtGroup(d.code, d.severity, code.meaning if code else "", code.action if code else "", [])
        )
        group.doubts.append(d)
    rank = {"missing": 0, "doubt": 1, "info": 2}
    return sorted(groups.values(), key=lambda g: (rank.get(g.severity, 3), g.code))


def decision_text(finding: Finding) -> str:
    """``dismissed 2025-03-01: 总计 left blank on purpose`` (empty without a decision)."""
    d = finding.decision
    if d is None:
        return ""
    when = f" {d.decided}" if d.decided else ""
    return f"{d.decision}{when}" + (f": {d.note}" if d.note else "")


# -- tables as printed (HTML page, workbook) -----------------------------------------------------------


@dataclass
class GridCell:
    key: str
    shown: str
    value: Number = None
    status: Status | None = None
    """The worst status of the findings anchored here (None: no finding marks this cell)."""
    notes: list[str] = field(default_factory=list)
    doubted: bool = False


@dataclass
class GridRow:
    key: str
    name: str
    printed_label: str
    cells: list[GridCell]
    status: Status | None = None
    """Marked by a finding about the row itself (its label, a missing row)."""
    notes: list[str] = field(default_factory=list)


@dataclass
class Grid:
    table: str
    title: str
    columns: list[str]
    rows: list[GridRow]


def _mark(target: GridCell | GridRow, finding: Finding) -> None:
    if target.status is None or ORDER[finding.status] < ORDER[target.status]:
        target.status = finding.status
    note = f"{MARK[finding.status]} {finding.title}: {finding.text}"
    if finding.decision:
        note += f" [{decision_text(finding)}]"
    target.notes.append(note)


def grids(review: Review) -> list[Grid]:
    """Each table found, laid out as printed: rows by label, columns by header, findings on their cells."""
    report = review.report
    cells = {c.key: c for c in report.cells}
    doubted = {c.key for d in review.doubts if d.severity != "info" for c in d.cells}
    out = []
    for table in registry().table_ids:
        t = report.tables.get(table)
        if t is None or not t.found or not t.rows:
            continue
        columns = list(dict.fromkeys(c for cols in t.rows.values() for c in (cols or {})))
        rows = []
        for row, values in t.rows.items():
            grid_cells = []
            for col in columns:
                key = f"{table}.{row}.{col}"
                cell = cells.get(key)
                if values is None or col not in values:
                    shown = ""
                elif cell is None:
                    shown = number(values[col])
                else:
                    shown = "blank" if cell.blank else cell.raw.strip() if cell.value is None else number(cell.value)
                value = values.get(col) if values else None
                grid_cells.append(GridCell(key, shown, value if shown != "blank" else None, doubted=key in doubted))
            first = next((cells[c.key] for c in grid_cells if c.key in cells), None)
            rows.append(
                GridRow(f"{table}.{row}", row_name(report, table, row), first.label if first else "", grid_cells)
            )
        by_key = {c.key: c for r in rows for c in r.cells}
        by_row = {r.key: r for r in rows}
        for f in review.findings:
            if f.status == "pass" and f.decision is None:
                continue
            for anchor in f.anchors:
                target = by_key.get(anchor) or by_row.get(anchor)
                if target is not None:
                    _mark(target, f)
        heading = f"{table_name(table)} {registry().latest.tables[table].label}"
        out.append(Grid(table, heading, [column_name(report, table, c) for c in columns], rows))
    return out
