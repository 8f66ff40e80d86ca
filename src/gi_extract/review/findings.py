"""What a reviewer reads: findings, each naming its cells as the report prints them, with a stable id.

A :class:`Finding` is one rule applied to one place of one report (a row's 总计, a column's
balance, a row's label, a figure stated in the prose): its status (``pass``, ``fail``, or
``cannot_tell`` when a cell is blank or unreadable — a blank is never taken for 0 here), the
printed and computed values, and the cells, named by table (表三), row and column label and
page. Extraction doubts (how a value was read) are :class:`Doubt` entries, kept apart from the
publisher's errors.

Fingerprints. A reviewer's decision must find its finding again on the next run and after an
upgrade, so the id depends on neither the tool's version nor any message's wording: it is a
hash of the report's identity, the rule id and the anchor cell keys (the cells that identify
the place, e.g. ``applications.new_received.total`` for a row total, not the list of parts,
which depends on how many rows a report prints). The identity is agency + year + edition
when the report names all three, so that the same report as DOCX, PDF and web page shares its
ids and a re-saved copy keeps them; otherwise the file's SHA-256, the only stable thing left
(a path moves, a title may be missing).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from ..model import CellOut, Number, Report
from ..template import Edition, Row, registry

Status = Literal["pass", "fail", "cannot_tell"]
Kind = Literal["arithmetic", "form", "prose"]
"""What a finding is about: the tables' sums, the form's wording and editions, or the prose against the tables."""
DecisionValue = Literal["confirmed", "dismissed"]

STATUS_TEXT: dict[str, str] = {"pass": "pass", "fail": "fail", "cannot_tell": "cannot tell"}
FINGERPRINT_SALT = "gi-extract review v1"
"""Part of every fingerprint; changed only if fingerprints must change on purpose (never with the version)."""


@dataclass(frozen=True, slots=True)
class CellRef:
    """One cell as a reviewer finds it in the printed report."""

    key: str
    table: str
    """The table as the report names it: 表二, 表三, 表四."""
    row: str
    """The row's official wording, short (（三）不予公开 1.属于国家秘密)."""
    column: str
    """The column's header (自然人, 总计)."""
    page: int | None
    value: Number
    raw: str
    blank: bool
    printed_label: str = ""
    """The row label as printed (may differ from ``row``: a typo, a line break, a PDF's stray text)."""

    @property
    def name(self) -> str:
        """表三 （一）予以公开 总计 (p. 3)."""
        page = f" (p. {self.page})" if self.page else ""
        return f"{self.table} {self.row} {self.column}{page}"

    @property
    def shown(self) -> str:
        """The value as a reviewer should read it: ``blank`` and ``unreadable`` are not numbers."""
        if self.blank:
            return "blank"
        if self.value is None:
            return f"unreadable {self.raw!r}" if self.raw.strip() else "not read"
        return number(self.value)


@dataclass(frozen=True, slots=True)
class Hint:
    """A diagnosis a reviewer can act on (拆格, a request under the wrong applicant type, a blank total)."""

    code: str
    text: str


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's decision on a finding, from the sidecar file."""

    decision: DecisionValue
    note: str = ""
    decided: str = ""
    """The date the decision was recorded (YYYY-MM-DD), as the sidecar says."""


@dataclass(slots=True)
class Finding:
    """One rule applied to one place of one report."""

    id: str
    rule: str
    kind: Kind
    status: Status
    table: str | None
    """The table id (``applications``), None for the report as a whole."""
    title: str
    """The rule in words (总计 = 自然人 + 法人或其他组织)."""
    text: str
    """This place, with the printed and computed numbers."""
    cells: tuple[CellRef, ...] = ()
    anchors: tuple[str, ...] = ()
    """The keys that identify the place (a row's 总计 cell, a row, a table): the fingerprint's, and the cells marked."""
    printed: Number = None
    computed: Number = None
    hints: list[Hint] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    """Codes of extraction warnings on the finding's cells: the failure may be the reading's."""
    decision: Decision | None = None

    @property
    def difference(self) -> Number:
        if self.printed is None or self.computed is None:
            return None
        return self.printed - self.computed

    @property
    def failing(self) -> bool:
        """A failure nobody dismissed: what ``--strict`` counts."""
        return self.status == "fail" and not (self.decision and self.decision.decision == "dismissed")

    @property
    def where(self) -> str:
        """The place: the names of the anchor cells (a row's 总计), ``; ``-separated; empty for a row or table."""
        return "; ".join(c.name for c in self.cells if c.key in self.anchors)


@dataclass(frozen=True, slots=True)
class Doubt:
    """An extraction warning (how a value was read), shown apart from the publisher's errors."""

    code: str
    severity: str
    message: str
    key: str | None
    cells: tuple[CellRef, ...] = ()


@dataclass(slots=True)
class Review:
    """One report, reviewed: its findings (passes included), doubts, and notes on how it was read."""

    report: Report
    identity: str
    findings: list[Finding]
    doubts: list[Doubt]
    notes: list[str]
    """Report-wide information (year taken from the 统计期限 sentence, agency from the signature)."""
    stale: dict[str, Decision] = field(default_factory=dict)
    """Decisions of the sidecar whose finding is gone (the report was corrected, or is another report)."""

    @property
    def problems(self) -> list[Finding]:
        """Every finding that did not pass, in report order."""
        return [f for f in self.findings if f.status != "pass"]

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.failing]

    def rules(self) -> list[tuple[str, str, Status, dict[str, int]]]:
        """Per rule: (rule id, wording, overall status, count per status); fail beats cannot tell beats pass."""
        out: dict[str, tuple[str, dict[str, int]]] = {}
        for f in self.findings:
            _, counts = out.setdefault(f.rule, (f.title, {}))
            counts[f.status] = counts.get(f.status, 0) + 1
        return [
            (rule, title, "fail" if "fail" in c else "cannot_tell" if "cannot_tell" in c else "pass", c)
            for rule, (title, c) in out.items()
        ]


def number(value: Number) -> str:
    """12, 12.5, 24252.311082: as printed, without a float's trailing .0."""
    if value is None:
        return "?"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def signed(value: Number) -> str:
    return "?" if value is None else ("+" if value > 0 else "") + number(value)


def identity(report: Report) -> str:
    """agency|year|edition when the report names them all, else sha256:<hash> (see the module docstring)."""
    info = report.report
    if info.agency and info.year is not None and info.template:
        agency = re.sub(r"\s+", "", info.agency)
        return f"{agency}|{info.year}|{info.template}"
    return f"sha256:{report.source.sha256}"


def fingerprint(identity_: str, rule: str, anchors: tuple[str, ...]) -> str:
    """12 hex digits from the report's identity, the rule and the anchor keys (sorted: order is not identity)."""
    text = "\0".join([FINGERPRINT_SALT, identity_, rule, *sorted(anchors)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# -- names as the report prints them -----------------------------------------------------------------


def table_name(table: str) -> str:
    """表二 for active_disclosure: the numeral the report prints the table under."""
    return "表" + registry().numeral(table)


def edition_of(report: Report, table: str) -> Edition:
    """The edition a table's rows follow (the report's, else the latest)."""
    reg = registry()
    out = report.tables.get(table)
    name = (out.template if out else None) or report.report.template
    return reg.editions[name] if name else reg.latest


@cache
def _rows(edition: str, table: str) -> dict[str, tuple[Row, str]]:
    """Row key → (row, short name) for an edition's table, with every other edition's rows after."""
    reg = registry()
    spec = reg.editions[edition].tables[table]
    nested = any(g.parent for g in spec.groups.values())
    out: dict[str, tuple[Row, str]] = {}
    for row in [*spec.rows, *reg.all_rows(table)]:
        if row.key in out:
            continue
        group = spec.groups.get(row.group) if row.group else None
        # a sub-item (1.属于国家秘密) needs its group; a table's one outer group (三、本年度办理结果) does not
        shown = f"{group.label} {row.label}" if group is not None and (group.parent or not nested) else row.label
        out[row.key] = (row, shown)
    return out


def row_name(report: Report, table: str, row: str) -> str:
    """（三）不予公开 1.属于国家秘密; 一、本年新收政府信息公开申请数量; 行政诉讼 未经复议直接起诉."""
    found = _rows(edition_of(report, table).name, table).get(row)
    return found[1] if found else row


def official_row(report: Report, table: str, row: str) -> Row | None:
    found = _rows(edition_of(report, table).name, table).get(row)
    return found[0] if found else None


def column_name(report: Report, table: str, column: str) -> str:
    spec = edition_of(report, table).tables[table]
    col = spec.columns.get(column) or registry().all_columns(table).get(column)
    return col.label if col else column


def split_key(key: str) -> tuple[str, str, str]:
    """applications.denied.state_secret.total → (applications, denied.state_secret, total)."""
    table, rest = key.split(".", 1)
    row, column = rest.rsplit(".", 1)
    return table, row, column


class Cells:
    """The report's cells by key, named for a reviewer."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.by_key: dict[str, CellOut] = {c.key: c for c in report.cells}

    def ref(self, key: str) -> CellRef:
        table, row, column = split_key(key)
        cell = self.by_key.get(key)
        return CellRef(
            key=key,
            table=table_name(table),
            row=row_name(self.report, table, row),
            column=column_name(self.report, table, column),
            page=cell.page if cell else None,
            value=cell.value if cell else None,
            raw=cell.raw if cell else "",
            blank=cell.blank if cell else False,
            printed_label=cell.label if cell else "",
        )

    def value(self, key: str) -> Number:
        cell = self.by_key.get(key)
        return cell.value if cell else None
