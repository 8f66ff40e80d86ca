"""The template's own arithmetic (output.md "Checks"), each result naming its cells.

Numbers are never changed to make a rule hold. A rule that breaks only where cells were
printed blank (read as 0) is ``incomplete``, not ``fail``: the publisher left the cell
empty rather than printing a wrong number (r004: 总计 column left blank). A rule that
touches a cell that could not be read is ``incomplete`` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .mapping import CellValue, TableResult
from .template import load


@dataclass
class CheckResult:
    """One rule applied to one row, column or group."""

    id: str
    status: str
    message: str
    cells: list[str]
    row: str | None = None
    column: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "pass"


def _fmt(v: int | float | None) -> str:
    return "?" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


def _side(cells: Sequence[CellValue], total: int | float) -> str:
    """``a+b+c = s`` for a sum, the bare value for a single cell."""
    if len(cells) == 1:
        return _fmt(total)
    return "+".join(_fmt(c.value) for c in cells) + f" = {_fmt(total)}"


def _rule(
    rule: str,
    left: Sequence[CellValue],
    right: Sequence[CellValue],
    text: str,
    row: str | None = None,
    column: str | None = None,
) -> CheckResult:
    """sum(left) == sum(right), judged as pass / fail / incomplete."""
    cells = [c.key for c in (*left, *right)]
    everything = (*left, *right)
    unread = [c.key for c in everything if c.value is None]
    if unread:
        return CheckResult(
            rule, "incomplete", f"{text}: not checked, unreadable cell(s) {', '.join(unread)}", cells, row, column
        )
    lsum = sum(c.value for c in left if c.value is not None)
    rsum = sum(c.value for c in right if c.value is not None)
    if lsum == rsum:
        return CheckResult(rule, "pass", f"{text}: {_fmt(lsum)} = {_fmt(rsum)}", cells, row, column)
    blanks = [c.key for c in everything if c.blank]
    message = f"{text}: {_side(left, lsum)} but {_side(right, rsum)}"
    if blanks:
        return CheckResult(
            rule, "incomplete", f"{message} (blank cells read as 0: {', '.join(blanks)})", cells, row, column
        )
    return CheckResult(rule, "fail", message, cells, row, column)


def run_checks(tables: dict[str, TableResult]) -> list[CheckResult]:
    """All in-report rules over the tables that were found."""
    out: list[CheckResult] = []
    apps = tables.get("applications")
    if apps is not None and apps.found and apps.rows:
        out += _applications(apps)
    rev = tables.get("reviews_litigation")
    if rev is not None and rev.found and rev.rows:
        out += _reviews(rev)
    return out


def _get(t: TableResult, row: str, col: str) -> CellValue | None:
    return t.cell(row, col)


def _applications(t: TableResult) -> list[CheckResult]:
    tpl = load()
    assert t.rows is not None
    parts = tpl.applicant_parts
    columns = list(tpl.application_columns)
    out: list[CheckResult] = []
    for row in t.rows:
        total = _get(t, row, "total")
        pieces = [_get(t, row, c) for c in parts]
        if total is None or any(p is None for p in pieces):
            continue
        out.append(
            _rule(
                "applications.row_total",
                [total],
                [p for p in pieces if p is not None],
                f"{row}: 总计 vs 自然人+法人或其他组织",
                row=row,
            )
        )
    results = [r for r in t.rows if r not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    for col in columns:
        total = _get(t, "total_processed", col)
        pieces = [_get(t, r, col) for r in results]
        if total is None or any(p is None for p in pieces):
            continue
        out.append(
            _rule(
                "applications.results_total",
                [total],
                [p for p in pieces if p is not None],
                f"{col}: （七）总计 vs sum of （一）…（六）",
                column=col,
            )
        )
    for col in columns:
        terms = [_get(t, r, col) for r in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if any(x is None for x in terms):
            continue
        a, b, c, d = (x for x in terms if x is not None)
        out.append(_rule("applications.balance", [a, b], [c, d], f"{col}: 一+二 vs 三（七）+四", column=col))
    return out


def _reviews(t: TableResult) -> list[CheckResult]:
    assert t.rows is not None
    out: list[CheckResult] = []
    for group in t.rows:
        total = _get(t, group, "total")
        pieces = [_get(t, group, c) for c in ("upheld", "corrected", "other", "pending")]
        if total is None or any(p is None for p in pieces):
            continue
        out.append(
            _rule(
                "reviews_litigation.total",
                [total],
                [p for p in pieces if p is not None],
                f"{group}: 总计 vs 维持+纠正+其他+尚未审结",
                row=group,
            )
        )
    return out
