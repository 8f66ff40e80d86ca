"""Checks across reports: what one year's report must repeat from the year before.

A report cannot check these on its own, so bulk mode runs them over every pair of reports
of the same agency for consecutive years (output.md, "Bulk mode adds cross-report checks").
The rules are the editions' data (``cross_rules`` in ``template/editions/*.json``), of two
kinds:

- ``carry``: a row of year N equals another row of year N−1, column by column
  (``cross.carried_over``: 二、上年结转 of N = 四、结转下年度继续办理 of N−1);
- ``stock``: a stock column of year N equals that of year N−1 plus this year's inflows
  minus its outflows (``cross.in_force``: 现行有效件数, in the 2021 edition only, which
  prints a stock).

A pair is checked by the rules of the edition the later report's table follows, where both
reports print the cells a rule names. Like the in-report checks, a rule that cannot be
evaluated because a cell is ``null`` is ``incomplete``, never a guess. When an agency has
several reports for one year (the same report as DOCX and PDF, say), every pairing is
checked, so each row names exactly the two files it compares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Number, Report
from .publisher.agencies import agency_key
from .template import CrossRule, registry

Rows = dict[str, dict[str, Number]]

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
    editions: dict[str, str]
    """Table → the edition its rows follow."""
    cells: dict[str, Rows]
    """Table → the rows some cross rule names, as printed."""

    @classmethod
    def of(cls, path: str, report: Report) -> Facts | None:
        """The facts of a report, or None when its agency or year is unknown."""
        agency, year = report.report.agency, report.report.year
        if not agency or year is None:
            return None
        reg = registry()
        wanted: dict[str, set[str]] = {}
        for edition in reg.editions.values():
            for rule in edition.cross_rules:
                wanted.setdefault(rule.table, set()).update(_rows_of(rule))
        editions: dict[str, str] = {}
        cells: dict[str, Rows] = {}
        for table, rows in wanted.items():
            out = report.tables.get(table)
            if out is None or not out.found or not out.rows or out.template is None:
                continue
            editions[table] = str(out.template)
            cells[table] = {row: dict(out.rows[row]) for row in sorted(rows) if out.rows.get(row) is not None}
        return cls(path, agency, year, editions, cells)

    @property
    def key(self) -> str:
        """The agency as compared: :func:`gi_extract.publisher.agencies.agency_key`, which pairs the
        name variants of one agency (平潭综合实验区管委会 and 平潭综合实验区, 人民政府 and 政府, line
        breaks inside names) and nothing else."""
        return agency_key(self.agency)


def _rows_of(rule: CrossRule) -> tuple[str, ...]:
    return (rule.row, rule.previous) if rule.kind == "carry" and rule.row and rule.previous else rule.rows


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

    The order is agency, year, then the two paths, then the rules and their columns in
    template order, so the output does not depend on the order the reports were read in.
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
                    out += _pair(cur, prev)
    return out


def _pair(cur: Facts, prev: Facts) -> list[CrossCheck]:
    """The cross rules of the later report's editions, applied to one pair."""
    out: list[CrossCheck] = []
    for table, name in cur.editions.items():
        if table not in prev.cells:
            continue
        for rule in registry().editions[name].cross_rules:
            if rule.table == table:
                out += _carry(rule, cur, prev) if rule.kind == "carry" else _stock(rule, cur, prev)
    return out


def _status(expected: Number, got: Number) -> str:
    if expected is None or got is None:
        return "incomplete"
    return "pass" if expected == got else "fail"


def _check(
    rule: CrossRule, cur: Facts, prev: Facts, row: str, column: str, expected: Number, got: Number, message: str
) -> CrossCheck:
    return CrossCheck(
        rule.id,
        cur.agency,
        cur.year,
        prev.year,
        row,
        column,
        _status(expected, got),
        expected,
        got,
        cur.path,
        prev.path,
        message,
    )


def _carry(rule: CrossRule, cur: Facts, prev: Facts) -> list[CrossCheck]:
    """Row ``rule.row`` of year N against row ``rule.previous`` of N−1, column by column."""
    assert rule.row is not None and rule.previous is not None
    now = cur.cells[rule.table].get(rule.row)
    before = prev.cells[rule.table].get(rule.previous)
    if now is None or before is None:
        return []
    out = []
    # the template's column order, not the dicts': a resumed run reads them back from its journal
    # with sorted keys, and cross_checks.csv must come out byte for byte the same
    order = registry().editions[cur.editions[rule.table]].tables[rule.table].columns
    for column in (c for c in order if c in now and c in before):
        expected, got = before[column], now[column]
        message = (
            f"{column}: {_label(cur, rule.table, rule.row)} {cur.year} = {_show(got)}, "
            f"{_label(prev, rule.table, rule.previous)} {prev.year} = {_show(expected)}"
        )
        out.append(_check(rule, cur, prev, rule.row, column, expected, got, message))
    return out


def _stock(rule: CrossRule, cur: Facts, prev: Facts) -> list[CrossCheck]:
    """Stock (N) against stock (N−1) + inflows (N) − outflows (N), for each of the rule's rows."""
    assert rule.stock is not None
    out = []
    for row in rule.rows:
        now, before = cur.cells[rule.table].get(row), prev.cells[rule.table].get(row)
        names = (rule.stock, *rule.add, *rule.subtract)
        if now is None or before is None or rule.stock not in before or any(n not in now for n in names):
            continue
        parts = [
            before[rule.stock],
            *(now[c] for c in rule.add),
            *(-v if v is not None else None for v in (now[c] for c in rule.subtract)),
        ]
        expected = None if any(v is None for v in parts) else sum(v for v in parts if v is not None)
        got = now[rule.stock]
        formula = "+".join(_show(v) for v in parts[: 1 + len(rule.add)]) + "".join(
            f"-{_show(now[c])}" for c in rule.subtract
        )
        stock = _label(cur, rule.table, rule.stock, column=True)
        flows = "".join(f" + {_label(cur, rule.table, c, column=True)}" for c in rule.add) + "".join(
            f" − {_label(cur, rule.table, c, column=True)}" for c in rule.subtract
        )
        message = (
            f"{row}: {stock} {cur.year} = {_show(got)}, "
            f"{stock} {prev.year}{flows} {cur.year} = {formula} = {_show(expected)}"
        )
        out.append(_check(rule, cur, prev, row, rule.stock, expected, got, message))
    return out


def _label(facts: Facts, table: str, key: str, column: bool = False) -> str:
    """The official label of a row (or column) in the edition the report's table follows."""
    spec = registry().editions[facts.editions[table]].tables[table]
    if column:
        return spec.columns[key].label if key in spec.columns else key
    return next((r.label for r in spec.rows if r.key == key), key)


def _show(value: Number) -> str:
    return "null" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
