"""Checks across reports: what one year's report must repeat from the year before.

A report cannot check these on its own, so bulk mode runs them over every pair of reports
of the same agency for consecutive years (output.md, "Bulk mode adds cross-report checks"):

- ``cross.carried_over``: 二、上年结转政府信息公开申请数量 of year N equals 四、结转下年度继续办理
  of year N−1, per applicant column (the applications still open cross the year boundary).
- ``cross.in_force``: in the 2021 format, 现行有效件数 of year N equals that of year N−1 plus
  本年制发件数 − 本年废止件数 of year N, for 规章 and 行政规范性文件 (the 2019 format prints
  no stock, so a pair with a 2019-format report is not checked).

Like the in-report checks, a rule that cannot be evaluated because a cell is ``null`` is
``incomplete``, never a guess; a row or table the report does not have is simply not compared.
When an agency has several reports for one year (the same report as DOCX and PDF, say),
every pairing is checked, so each row names exactly the two files it compares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Number, Report

Rows = dict[str, dict[str, Number]]

CARRIED = "cross.carried_over"
IN_FORCE = "cross.in_force"
STOCK_ROWS = ("rules", "normative_documents")
"""The 2021-format rows of table 二 that print a stock (现行有效件数) as well as a flow."""

COLUMNS = [
    "id",
    "agency",
    "year",
    "prev_year",
    "row",
    "column",
    "status",
    "expected",
    "got",
    "path",
    "prev_path",
    "message",
]


@dataclass(frozen=True)
class Facts:
    """The few numbers of one report that the cross-report checks read (kept small for big runs)."""

    path: str
    agency: str
    year: int
    applications: Rows
    stock: Rows
    """Table 二's 规章 and 行政规范性文件 rows, only when the table follows the 2021 format."""

    @classmethod
    def of(cls, path: str, report: Report) -> Facts | None:
        """The facts of a report, or None when its agency or year is unknown."""
        agency, year = report.report.agency, report.report.year
        if not agency or year is None:
            return None
        apps, active = report.tables.get("applications"), report.tables.get("active_disclosure")
        app_rows = (apps.rows if apps else None) or {}
        applications = {row: dict(app_rows[row]) for row in ("carried_over", "carried_forward") if app_rows.get(row)}
        active_rows = (active.rows if active else None) or {}
        stock = (
            {row: dict(active_rows[row]) for row in STOCK_ROWS if active_rows.get(row) is not None}
            if active is not None and active.template == "2021"
            else {}
        )
        return cls(path, agency, year, applications, stock)

    @property
    def key(self) -> str:
        """The agency as compared: the name without whitespace (titles break lines inside names)."""
        return "".join(self.agency.split())


@dataclass(frozen=True)
class CrossCheck:
    """One rule evaluated on one pair of reports (a row of ``cross_checks.csv``)."""

    id: str
    agency: str
    year: int
    prev_year: int
    row: str
    column: str
    status: str
    expected: Number
    got: Number
    path: str
    prev_path: str
    message: str

    @property
    def ok(self) -> bool:
        return self.status == "pass"

    def as_row(self) -> list[object]:
        """The values in :data:`COLUMNS` order, ``null`` as an empty field."""
        return ["" if v is None else v for v in (getattr(self, name) for name in COLUMNS)]


def cross_check(reports: Iterable[Facts]) -> list[CrossCheck]:
    """Every cross-report check on every same-agency pair of consecutive years, in a stable order.

    The order is agency, year, then the two paths, then the rule and its columns in template
    order, so the output does not depend on the order the reports were read in.
    """
    by_agency: dict[str, dict[int, list[Facts]]] = defaultdict(lambda: defaultdict(list))
    for facts in reports:
        by_agency[facts.key][facts.year].append(facts)
    out: list[CrossCheck] = []
    for key in sorted(by_agency):
        years = by_agency[key]
        for year in sorted(years):
            for cur in sorted(years[year], key=lambda f: f.path):
                for prev in sorted(years.get(year - 1, []), key=lambda f: f.path):
                    out += _carried(cur, prev) + _in_force(cur, prev)
    return out


def _status(expected: Number, got: Number) -> str:
    if expected is None or got is None:
        return "incomplete"
    return "pass" if expected == got else "fail"


def _carried(cur: Facts, prev: Facts) -> list[CrossCheck]:
    """二、上年结转 (N) against 四、结转下年度继续办理 (N−1), column by column."""
    over = cur.applications.get("carried_over")
    forward = prev.applications.get("carried_forward")
    if over is None or forward is None:
        return []
    out = []
    for column in (c for c in over if c in forward):
        expected, got = forward[column], over[column]
        status = _status(expected, got)
        out.append(
            CrossCheck(
                CARRIED,
                cur.agency,
                cur.year,
                prev.year,
                "carried_over",
                column,
                status,
                expected,
                got,
                cur.path,
                prev.path,
                f"{column}: 二、上年结转 {cur.year} = {_show(got)}, "
                f"四、结转下年度继续办理 {prev.year} = {_show(expected)}",
            )
        )
    return out


def _in_force(cur: Facts, prev: Facts) -> list[CrossCheck]:
    """现行有效件数 (N) against 现行有效件数 (N−1) + 本年制发 (N) − 本年废止 (N), 2021 format only."""
    out = []
    for row in STOCK_ROWS:
        now, before = cur.stock.get(row), prev.stock.get(row)
        if now is None or before is None:
            continue
        stock, issued, repealed = before.get("in_force"), now.get("issued"), now.get("repealed")
        got = now.get("in_force")
        expected = None if stock is None or issued is None or repealed is None else stock + issued - repealed
        status = _status(expected, got)
        formula = f"{_show(stock)}+{_show(issued)}-{_show(repealed)}"
        out.append(
            CrossCheck(
                IN_FORCE,
                cur.agency,
                cur.year,
                prev.year,
                row,
                "in_force",
                status,
                expected,
                got,
                cur.path,
                prev.path,
                f"{row}: 现行有效 {cur.year} = {_show(got)}, "
                f"现行有效 {prev.year} + 制发 − 废止 = {formula} = {_show(expected)}",
            )
        )
    return out


def _show(value: Number) -> str:
    return "null" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
