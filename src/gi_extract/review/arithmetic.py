"""The template's arithmetic, for a reviewer: each check as a sentence with its cells, and what explains it.

The checks themselves are the report's (``report.checks``, :mod:`gi_extract.checks`); this module
only re-reads each one as two sums of named cells (the rule's ``left`` names the first cells of the
check, the rest are its right-hand side) and looks across them for the patterns a reviewer can act on:

- a blank total (or blank parts): not 0, so the rule cannot be told, and the sum it would need;
- 拆格: two neighbouring cells whose digits, joined into one cell, make every sum through them hold;
- offsetting differences in two applicant columns while the 总计 column balances: one request
  counted under the wrong applicant type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from ..model import CheckOut, Number, Report
from ..template import Rule
from .findings import CellRef, Cells, Finding, Hint, Status, edition_of, fingerprint, number, signed, split_key

STATUS: dict[str, Status] = {"pass": "pass", "fail": "fail", "incomplete": "cannot_tell"}
COMPACT_OVER = 7
"""A sum of more terms than this shows its non-zero terms and counts the zeros (（七）总计 has 19)."""


@dataclass(frozen=True, slots=True)
class Sum:
    """One check read as sum(left) = sum(right) over named cells."""

    check: CheckOut
    rule: Rule
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.left, *self.right)

    @property
    def table(self) -> str:
        return self.rule.table

    def holds(self, values: Mapping[str, Number]) -> bool | None:
        """Whether the sums agree with these values (None when a cell has no value)."""
        left = [values.get(k) for k in self.left]
        right = [values.get(k) for k in self.right]
        if any(v is None for v in (*left, *right)):
            return None
        return sum(v for v in left if v is not None) == sum(v for v in right if v is not None)


def read_sums(report: Report) -> list[Sum]:
    """Every check of the report with its rule; a check whose rule the edition lacks is left out."""
    out = []
    for check in report.checks:
        if not check.cells:
            continue
        table = split_key(check.cells[0])[0]
        rule = next((r for r in edition_of(report, table).rules if r.id == check.id), None)
        if rule is None:
            continue
        n = len(rule.left)
        out.append(Sum(check, rule, tuple(check.cells[:n]), tuple(check.cells[n:])))
    return out


def _total(refs: Iterable[CellRef]) -> Number:
    """The sum of what is printed: None when a cell is unreadable or every cell is blank."""
    refs = list(refs)
    if any(r.value is None for r in refs) or all(r.blank for r in refs):
        return None
    return sum(r.value for r in refs if r.value is not None and not r.blank)


def _terms(refs: list[CellRef], by_row: bool) -> str:
    """自然人 44 + 商业企业 38 + …; over :data:`COMPACT_OVER` terms, zeros are counted, not listed."""

    def label(r: CellRef) -> str:
        return r.column if by_row else r.row

    if len(refs) <= COMPACT_OVER:
        return " + ".join(f"{label(r)} {r.shown}" for r in refs)
    shown = [f"{label(r)} {r.shown}" for r in refs if r.blank or r.value != 0]
    zeros = sum(1 for r in refs if not r.blank and r.value == 0)
    blanks = sum(1 for r in refs if r.blank)
    if blanks == len(refs):
        return f"{len(refs)} cells, all blank"
    if blanks > COMPACT_OVER:
        shown = [f"{label(r)} {r.shown}" for r in refs if not r.blank and r.value != 0]
        shown.append(f"{blanks} blank")
    if zeros:
        shown.append(f"{zeros} more printed 0")
    return " + ".join(shown)


def _sentence(s: Sum, left: list[CellRef], right: list[CellRef], lsum: Number, rsum: Number) -> str:
    """表四 行政复议 总计 printed 0, while 结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11."""
    by_row = s.rule.each == "row"
    if len(left) == 1:
        head = f"{left[0].table} {left[0].row} {left[0].column} printed {left[0].shown}"
    else:
        place = left[0].row if by_row else f"column {left[0].column}"
        head = f"{left[0].table} {place}: {_terms(left, by_row)} = {number(lsum)}"
    tail = f"{_terms(right, by_row)} = {number(rsum)}" if rsum is not None else _terms(right, by_row)
    text = f"{head}, while {tail}"
    if lsum is not None and rsum is not None and lsum != rsum:
        text += f" (difference {signed(lsum - rsum)})"
    return text


def _blank_hints(left: list[CellRef], right: list[CellRef], lsum: Number, rsum: Number) -> list[Hint]:
    """Why a rule cannot be told: which cells are blank or unreadable, and what would make it hold."""
    hints = []
    unread = [r for r in (*left, *right) if r.value is None and not r.blank]
    if unread:
        hints.append(Hint("unreadable", "no number read from: " + "; ".join(f"{r.name} ({r.shown})" for r in unread)))
    if all(r.blank for r in left) and rsum:
        what = left[0].column if len(left) == 1 else "the left-hand cells"
        hints.append(
            Hint(
                "blank_total",
                f"{what} left blank while its parts add up to {number(rsum)}: a blank total is not 0; "
                f"printed as {number(rsum)} it would be consistent",
            )
        )
    elif all(r.blank for r in right) and lsum:
        hints.append(
            Hint(
                "blank_parts",
                f"the {len(right)} cells it adds up are all blank while the total is {number(lsum)}: "
                "the parts were left empty, not printed as 0",
            )
        )
    elif any(r.blank for r in (*left, *right)):
        blanks = [r for r in (*left, *right) if r.blank]
        names = "; ".join(r.name for r in blanks[:6]) + (f" and {len(blanks) - 6} more" if len(blanks) > 6 else "")
        hints.append(Hint("blank_cells", f"blank cells (a number or a 0 left out?): {names}"))
    return hints


def arithmetic_findings(report: Report, cells: Cells, identity: str) -> list[Finding]:
    """One finding per check, with the diagnoses that explain failures."""
    sums = read_sums(report)
    findings: dict[int, Finding] = {}
    for n, s in enumerate(sums):
        left = [cells.ref(k) for k in s.left]
        right = [cells.ref(k) for k in s.right]
        lsum, rsum = _total(left), _total(right)
        status = STATUS[s.check.status]
        finding = Finding(
            id=fingerprint(identity, s.rule.id, s.left),
            rule=s.rule.id,
            kind="arithmetic",
            status=status,
            table=s.table,
            title=_wording(s),
            text=_sentence(s, left, right, lsum, rsum),
            cells=(*left, *right),
            anchors=s.left,
            printed=lsum,
            computed=rsum,
        )
        if status == "cannot_tell":
            finding.hints += _blank_hints(left, right, lsum, rsum)
        findings[n] = finding
    for n, hint in [*split_cells(report, sums, cells), *wrong_applicant(report, sums, cells)]:
        findings[n].hints.append(hint)
    return list(findings.values())


def _wording(s: Sum) -> str:
    """The rule in the edition's words (一+二 = 三（七）+四), and whether it holds per row or per column."""
    return f"{s.rule.text.replace(' vs ', ' = ')} (each {s.rule.each})"


# -- diagnoses across checks ---------------------------------------------------------------------------


def _neighbours(report: Report, cells: Cells) -> list[tuple[str, str]]:
    """Pairs of cells printed side by side (same row, next column) or one above the other (same column)."""
    pairs: list[tuple[str, str]] = []
    for table, out in report.tables.items():
        if not out.rows:
            continue
        rows = list(out.rows)
        for row, cols in out.rows.items():
            keys = [f"{table}.{row}.{c}" for c in cols]
            pairs += [(a, b) for a, b in pairwise(keys) if a in cells.by_key and b in cells.by_key]
        for upper, lower in pairwise(rows):
            upper_cols, lower_cols = out.rows[upper] or {}, out.rows[lower] or {}
            for col in upper_cols:
                if col in lower_cols:
                    a, b = f"{table}.{upper}.{col}", f"{table}.{lower}.{col}"
                    if a in cells.by_key and b in cells.by_key:
                        pairs.append((a, b))
    return pairs


def _digits(cells: Cells, key: str) -> str | None:
    cell = cells.by_key[key]
    raw = cell.raw.strip()
    return raw if not cell.blank and isinstance(cell.value, int) and re.fullmatch(r"\d+", raw) else None


def split_cells(report: Report, sums: list[Sum], cells: Cells) -> list[tuple[int, Hint]]:
    """拆格: neighbours whose digits, joined in one of the two cells (the other empty), make every sum hold.

    Tried only for pairs touching a failing check; accepted only when every check through either
    cell holds afterwards and at least one of them failed before.
    """
    failing = {k for s in sums if s.check.status == "fail" for k in s.keys}
    if not failing:
        return []
    values: dict[str, Number] = {k: c.value for k, c in cells.by_key.items()}
    out: list[tuple[int, Hint]] = []
    for a, b in _neighbours(report, cells):
        if a not in failing and b not in failing:
            continue
        da, db = _digits(cells, a), _digits(cells, b)
        if da is None or db is None or da.startswith("0"):
            continue  # a number never starts with 0: '0' and '1' are two numbers, not 01
        joined = int(da + db)
        touched = [n for n, s in enumerate(sums) if a in s.keys or b in s.keys]
        for into, empty in ((a, b), (b, a)):
            trial = {**values, into: joined, empty: 0}
            if all(sums[n].holds(trial) for n in touched):
                ra, rb, ri = cells.ref(a), cells.ref(b), cells.ref(into)
                text = (
                    f"拆格? {ra.name} {da!r} and {rb.name} {db!r} read as one number, {joined}, split across "
                    f"two cells: with {joined} in {ri.row} {ri.column} and the other cell empty, "
                    "every sum through them holds"
                )
                out += [(n, Hint("split_cell", text)) for n in touched if sums[n].check.status == "fail"]
                break
    return out


def wrong_applicant(report: Report, sums: list[Sum], cells: Cells) -> list[tuple[int, Hint]]:
    """Two applicant columns off by +d and −d in a column rule while the 总计 column holds.

    The total column is the one a row rule of the same table sums into (总计 = 自然人 + …).
    """
    out: list[tuple[int, Hint]] = []
    by_rule: dict[str, list[int]] = {}
    for n, s in enumerate(sums):
        if s.rule.each == "column":
            by_rule.setdefault(s.rule.id, []).append(n)
    for numbers in by_rule.values():
        table = sums[numbers[0]].table
        totals = {r.left[0] for r in edition_of(report, table).rules if r.table == table and r.each == "row"}
        column = {n: split_key(sums[n].left[0])[2] for n in numbers}
        if not any(column[n] in totals and sums[n].check.status == "pass" for n in numbers):
            continue
        off = [n for n in numbers if column[n] not in totals and sums[n].check.status != "pass"]
        if len(off) != 2 or any(sums[n].check.status != "fail" for n in off):
            continue
        diffs = []
        for n in off:
            left = _total(cells.ref(k) for k in sums[n].left)
            right = _total(cells.ref(k) for k in sums[n].right)
            diffs.append(None if left is None or right is None else left - right)
        first, second = diffs
        if first is None or second is None or first + second != 0:
            continue
        names = [cells.ref(sums[n].left[0]).column for n in off]
        over, under = (names[0], names[1]) if first > 0 else (names[1], names[0])
        text = (
            f"offsetting differences: {names[0]} {signed(first)}, {names[1]} {signed(second)}, while the "
            f"总计 column holds: {abs(first)} request(s) probably counted under {under} on the right-hand side "
            f"of the rule and under {over} on the left (one applicant type taken for the other)"
        )
        out += [(n, Hint("wrong_applicant", text)) for n in off]
    return out
