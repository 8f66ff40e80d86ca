"""The template's own arithmetic (output.md "Checks"), each result naming its cells.

The rules are the edition's data (``rules`` in ``template/editions/*.json``); each table is
checked by the rules of the edition its rows follow. Numbers are never changed to make a
rule hold. A rule that breaks only where cells were printed blank (read as 0) is
``incomplete``, not ``fail``: the publisher left the cell empty rather than printing a
wrong number (r004: 总计 column left blank). A rule that touches a cell that could not be
read is ``incomplete`` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .mapping import CellValue, TableResult
from .template import Edition, Rule


@dataclass
class CheckResult:
    """One rule applied to one row, column or group."""

    id: str
    status: Literal["pass", "fail", "incomplete"]
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


def judge(
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


def apply_rule(rule: Rule, table: TableResult) -> list[CheckResult]:
    """One rule over every row (or column) of a mapped table.

    A rule is skipped where one of its cells is not in the table at all (a row the report
    does not print: ``row_missing`` already says so); a cell printed but unreadable makes it
    ``incomplete``.
    """
    if not table.found or not table.rows:
        return []
    index = {c.key: c for c in table.cells}
    rows = list(table.rows)
    columns = list(dict.fromkeys(c for cols in table.rows.values() for c in cols))
    by_row = rule.each == "row"
    right_names = rule.right or [r for r in rows if r not in (rule.right_all_but or ())]
    names = (*rule.left, *right_names)
    out = []
    for item in rows if by_row else columns:
        keys = [f"{table.table}.{item}.{n}" if by_row else f"{table.table}.{n}.{item}" for n in names]
        found = [index.get(k) for k in keys]
        if any(c is None for c in found):
            continue
        cells = [c for c in found if c is not None]
        left, right = cells[: len(rule.left)], cells[len(rule.left) :]
        where = {"row": item} if by_row else {"column": item}
        out.append(judge(rule.id, left, right, f"{item}: {rule.text}", **where))
    return out


def run_checks(tables: dict[str, TableResult], editions: dict[str, Edition]) -> list[CheckResult]:
    """Every rule of each table's edition (``editions``: table → edition) over the tables found."""
    out: list[CheckResult] = []
    for name, table in tables.items():
        edition = editions.get(name)
        if edition is not None:
            for rule in edition.rules:
                if rule.table == name:
                    out += apply_rule(rule, table)
    return out
