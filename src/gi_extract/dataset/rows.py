"""One report's rows of the research tables: its cells (long), its variables (wide), its checks.

Pure Python, no pandas: bulk mode's workers call this for each report they convert (the
parent only copies the bytes), and :func:`gi_extract.dataset` turns the same rows into
DataFrames. The input is a report as :func:`gi_extract.extract` returns it or as its JSON
reads back (:class:`ReportData` takes either), never the report's file.

A cell's ``status`` says how it was printed:

- ``printed``: a number;
- ``dash``: a dash, slash or 无 (—, －, /, 无…), read as 0: the publisher's way of writing zero;
- ``blank_zero``: printed empty and read as 0, which every identity of its table allows;
- ``blank``: printed empty where an identity says it cannot be 0 — a blank 总计 beside non-zero
  parts. The long table keeps the JSON's 0 in ``value``; the wide table leaves it empty;
- ``missing``: no value (unreadable, merged, a row the report does not print: see ``doubts``).

Which blanks cannot be 0: for each check that is ``incomplete`` because of blank cells (the
rule breaks only where cells were printed blank), the blank cells on the side of the identity
that falls short. Filling them could balance it; a blank on the larger side only widens the gap,
so it stays a zero.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..crosscheck import CrossCheck, Facts, Rows
from ..model import Number, Report
from ..publisher.agencies import agency_id, agency_key
from ..publisher.regions import region_of
from ..template import registry
from .codes import codes

LONG_COLUMNS = [
    "report_id",
    "path",
    "sha256",
    "agency",
    "agency_id",
    "province",
    "city",
    "county",
    "region_code",
    "admin_level",
    "year",
    "edition",
    "table",
    "key",
    "row",
    "column",
    "code",
    "value",
    "raw",
    "page",
    "status",
    "doubts",
]
"""values.csv / values.parquet: one row per cell of every report."""

CHECK_COLUMNS = [
    "scope",
    "report_id",
    "path",
    "prev_path",
    "agency",
    "agency_id",
    "year",
    "prev_year",
    "id",
    "status",
    "row",
    "column",
    "expected",
    "got",
    "message",
    "cells",
]
"""checks.csv / checks.parquet: one row per check result, in a report (scope report) or across two (cross)."""

STATUSES = ("printed", "dash", "blank_zero", "blank", "missing")
ZERO_IN_WIDE = frozenset({"printed", "dash", "blank_zero"})
"""Statuses whose value the wide table keeps (the others are empty there)."""
BAD_SEVERITIES = frozenset({"doubt", "missing"})


@dataclass(frozen=True)
class Cell:
    raw: str
    blank: bool
    page: int | None


@dataclass(frozen=True)
class Check:
    id: str
    status: str
    row: str | None
    column: str | None
    message: str
    cells: tuple[str, ...]


@dataclass
class ReportData:
    """What the research tables need of one report, from a :class:`Report` or its JSON."""

    path: str
    sha256: str
    format: str
    title: str
    agency: str
    year: int | None
    template: str
    tables: dict[str, tuple[str, Rows]]
    """Table found → (its edition, its rows; a row the report lacks is None)."""
    cells: dict[str, Cell]
    checks: list[Check]
    warnings: list[tuple[str, str, str]] = field(default_factory=list)
    """(code, severity, key) of every warning with a key."""

    @classmethod
    def from_report(cls, report: Report, path: str | None = None) -> ReportData:
        r = report.report
        return cls(
            path if path is not None else report.source.path,
            report.source.sha256,
            report.source.format,
            r.title or "",
            r.agency or "",
            r.year,
            str(r.template or ""),
            {n: (str(t.template or ""), t.rows) for n, t in report.tables.items() if t.found and t.rows is not None},
            {c.key: Cell(c.raw, c.blank, c.page) for c in report.cells},
            [Check(c.id, c.status, c.row, c.column, c.message, tuple(c.cells)) for c in report.checks],
            [(w.code, w.severity, w.key) for w in report.warnings if w.key],
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str | None = None) -> ReportData:
        """From a report's JSON as read back (``json.loads`` of a per-report file or a reports.jsonl line)."""
        source, r = data["source"], data["report"]
        return cls(
            path if path is not None else source["path"],
            source.get("sha256") or "",
            source.get("format") or "",
            r.get("title") or "",
            r.get("agency") or "",
            r.get("year"),
            str(r.get("template") or ""),
            {
                n: (str(t.get("template") or ""), t["rows"])
                for n, t in data["tables"].items()
                if t.get("found") and t.get("rows") is not None
            },
            {c["key"]: Cell(c.get("raw", ""), bool(c.get("blank")), c.get("page")) for c in data.get("cells", ())},
            [
                Check(c["id"], c["status"], c.get("row"), c.get("column"), c.get("message", ""), tuple(c["cells"]))
                for c in data.get("checks", ())
            ],
            [(w["code"], w.get("severity", ""), w["key"]) for w in data.get("warnings", ()) if w.get("key")],
        )

    @property
    def report_id(self) -> str:
        return "r" + hashlib.sha256(self.path.encode("utf-8", "surrogateescape")).hexdigest()[:16]


@dataclass(frozen=True)
class Built:
    """One report's rows: long rows (:data:`LONG_COLUMNS`), its wide row (by code), its check rows.

    Long and check rows are kept as the report's ``lead`` (the columns every one of its rows
    repeats: who the report is) and each row's own ``tails``: bulk's workers format the lead once
    per report instead of once per cell (:func:`gi_extract.dataset.write.sections`).
    """

    lead: list[object]
    tails: list[list[object]]
    wide: dict[str, object]
    check_lead: list[object]
    check_tails: list[list[object]]

    @property
    def long(self) -> list[list[object]]:
        return [[*self.lead, *tail] for tail in self.tails]

    @property
    def checks(self) -> list[list[object]]:
        return [[*self.check_lead, *tail] for tail in self.check_tails]


def blank_not_zero(data: ReportData) -> set[str]:
    """Keys of the blank cells an identity says cannot be 0 (see the module docstring)."""
    out: set[str] = set()
    editions = registry().editions
    for check in data.checks:
        if check.status != "incomplete":
            continue
        table = check.id.split(".", 1)[0]
        name, rows = data.tables.get(table, ("", {}))
        rule = next((r for r in editions[name].rules if r.id == check.id), None) if name in editions else None
        if rule is None:
            continue
        left: list[tuple[str, Number]] = []
        right: list[tuple[str, Number]] = []
        for key in check.cells:
            _, row, column = _split(key)
            value = (rows.get(row) or {}).get(column)
            (left if (column if rule.each == "row" else row) in rule.left else right).append((key, value))
        if any(v is None for _, v in (*left, *right)):
            continue  # an unreadable cell: those are missing, not blank
        lsum = sum(v for _, v in left if v is not None)
        rsum = sum(v for _, v in right if v is not None)
        short = left if lsum < rsum else right if rsum < lsum else []
        out.update(k for k, _ in short if (c := data.cells.get(k)) is not None and c.blank)
    return out


def _split(key: str) -> tuple[str, str, str]:
    table, rest = key.split(".", 1)
    row, column = rest.rsplit(".", 1)
    return table, row, column


def status_of(value: Number, cell: Cell | None, not_zero: bool) -> str:
    if value is None:
        return "missing"
    if cell is not None and cell.blank:
        return "blank" if not_zero else "blank_zero"
    if cell is not None and value == 0 and not any(ch.isdigit() for ch in cell.raw):
        return "dash"
    return "printed"


def _doubts(data: ReportData) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code, _, key in data.warnings:
        out.setdefault(key, []).append(code)
    return out


def build(data: ReportData) -> Built:
    """The report's long rows, wide row and check rows."""
    cs = codes()
    by_key = cs.by_key
    editions = registry().editions
    region = region_of(data.agency)
    aid = agency_id(data.agency)
    rid = data.report_id
    year: object = "" if data.year is None else data.year
    lead: list[object] = [rid, data.path, data.sha256, data.agency, aid, region.province, region.city, region.county]
    lead += [region.region_code, region.level, year]
    doubts = _doubts(data)
    bad = {key for code, severity, key in data.warnings if severity in BAD_SEVERITIES}
    not_zero = blank_not_zero(data)
    wide_cells: dict[str, Number] = {}
    present: set[str] = set()
    tails: list[list[object]] = []
    n_doubted = 0
    cells = data.cells
    for table, (edition, rows) in data.tables.items():
        spec = editions[edition].tables[table] if edition in editions else None
        for row, values in rows.items():
            columns: Mapping[str, Number]
            if values is not None:
                columns = values
            else:
                columns = dict.fromkeys(spec.cells.get(row, ()) if spec else ())
            prefix = f"{table}.{row}"
            around = [*doubts.get(prefix, ()), *doubts.get(table, ())]
            row_bad = prefix in bad or table in bad
            for column, value in columns.items():
                key = f"{prefix}.{column}"
                code = by_key.get(key, "")
                cell = cells.get(key)
                status = status_of(value, cell, key in not_zero)
                own = doubts.get(key)
                if row_bad or key in bad:
                    n_doubted += 1
                tails.append(
                    [
                        edition,
                        table,
                        key,
                        row,
                        column,
                        code,
                        "" if value is None else value,
                        "" if cell is None else cell.raw,
                        "" if cell is None or cell.page is None else cell.page,
                        status,
                        ";".join(dict.fromkeys([*own, *around])) if own else ";".join(dict.fromkeys(around)),
                    ]
                )
                if code:
                    present.add(code)
                    wide_cells[code] = value if status in ZERO_IN_WIDE else None
    wide: dict[str, object] = {
        "report_id": rid,
        "path": data.path,
        "sha256": data.sha256,
        "format": data.format,
        "title": data.title,
        "agency": data.agency,
        "agency_key": agency_key(data.agency),
        "agency_id": aid,
        "province": region.province,
        "city": region.city,
        "county": region.county,
        "region_code": region.region_code,
        "admin_level": region.level,
        "agency_type": region.kind,
        "year": data.year,
        "edition": data.template,
        "n_checks_failed": sum(c.status == "fail" for c in data.checks),
        "n_checks_incomplete": sum(c.status == "incomplete" for c in data.checks),
        "n_cells_doubted": n_doubted,
    }
    known: dict[str, Number] = dict(wide_cells)
    for h in cs.harmonised:
        chosen = next((a for a in h.alternatives if all(c in present for c in a)), None)
        known[h.variable.code] = _scaled(_sum(known, chosen), h.scale) if chosen else None
        if chosen:
            present.add(h.variable.code)
    for rate in cs.rates:
        num, den = _sum(known, rate.numerator), _sum(known, rate.denominator)
        known[rate.variable.code] = None if num is None or not den else num / den * rate.scale
    for v in cs.all[len(cs.ids) :]:
        wide[v.code] = known.get(v.code)
    check_lead: list[object] = ["report", rid, data.path, "", data.agency, aid, year, ""]
    check_tails: list[list[object]] = [
        [c.id, c.status, c.row or "", c.column or "", "", "", c.message, ";".join(c.cells)] for c in data.checks
    ]
    return Built(lead, tails, wide, check_lead, check_tails)


def _sum(values: Mapping[str, Number], names: tuple[str, ...]) -> Number:
    terms = [values.get(n) for n in names]
    if any(t is None for t in terms):
        return None
    return sum(t for t in terms if t is not None)


def _scaled(value: Number, scale: float) -> Number:
    if value is None or scale == 1.0:
        return value
    return round(value * scale, 6)


def cross_rows(checks: list[CrossCheck]) -> Iterator[list[object]]:
    """checks rows (:data:`CHECK_COLUMNS`) of the cross-report checks."""
    for c in checks:
        rid = "r" + hashlib.sha256(c.path.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        yield [
            "cross",
            rid,
            c.path,
            c.prev_path,
            c.agency,
            agency_id(c.agency),
            c.year,
            c.prev_year,
            c.id,
            c.status,
            c.row,
            c.column,
            "" if c.expected is None else c.expected,
            "" if c.got is None else c.got,
            c.message,
            "",
        ]


def facts_of(data: ReportData) -> Facts | None:
    """What the cross-report checks read of a report (None when its agency or year is unknown)."""
    if not data.agency or data.year is None:
        return None
    return Facts(
        data.path,
        data.agency,
        data.year,
        {table: edition for table, (edition, _) in data.tables.items()},
        {table: {row: dict(v) for row, v in rows.items() if v is not None} for table, (_, rows) in data.tables.items()},
    )
