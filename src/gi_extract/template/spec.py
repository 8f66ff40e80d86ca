"""The template as the pipeline reads it: editions, their tables, rows, columns and rules.

These are light, frozen views built from the data files (``report.json`` and
``editions/*.json``) once they have been validated (:mod:`gi_extract.template.schema`).
They carry no parsing or checking of their own, so building them costs a few dictionary
lookups: the start-up of a one-report run is not spent on them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

Unit = Literal["count", "signed", "yuan", "wan_yuan"]
"""What a column holds: a count, a signed change (本年增/减), an amount in 元 or in 万元."""


@dataclass(frozen=True)
class Column:
    """A numeric column: canonical key, official header, unit, and headers seen in real reports."""

    key: str
    label: str
    unit: Unit
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Row:
    """A data row: canonical key, its own printed label, the group cell it sits under, aliases."""

    key: str
    label: str
    group: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Group:
    """A merged label cell that heads several rows (（三）不予公开 over its 1.–8.), maybe inside another."""

    id: str
    label: str
    parent: str | None = None


@dataclass(frozen=True)
class Block:
    """Rows that share one set of columns (a 第二十条 block of table 二; all of table 三 or 四)."""

    caption: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class TableSpec:
    """One standard table in one edition."""

    id: str
    label: str
    groups: dict[str, Group]
    blocks: tuple[Block, ...]

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        """Every data row, in printed order."""
        return tuple(row for block in self.blocks for row in block.rows)

    @cached_property
    def block_of(self) -> dict[str, Block]:
        """Row key → the block (and so the columns) it belongs to."""
        return {row.key: block for block in self.blocks for row in block.rows}

    @cached_property
    def cells(self) -> dict[str, tuple[str, ...]]:
        """Row key → its column keys: every cell the output has for this table."""
        return {row.key: tuple(c.key for c in self.block_of[row.key].columns) for row in self.rows}

    @cached_property
    def columns(self) -> dict[str, Column]:
        """Column key → column (a key used by several blocks has one unit, checked on load)."""
        out: dict[str, Column] = {}
        for block in self.blocks:
            for column in block.columns:
                out.setdefault(column.key, column)
        return out

    def group_labels(self, row: Row) -> list[str]:
        """The labels of the group cells above a row, outermost first."""
        chain: list[str] = []
        group = self.groups.get(row.group) if row.group else None
        while group is not None:
            chain.insert(0, group.label)
            group = self.groups.get(group.parent) if group.parent else None
        return chain

    def official_label(self, row: Row) -> str:
        """The row's full official wording: its group labels, then its own."""
        return " ".join([*self.group_labels(row), row.label])


@dataclass(frozen=True)
class Rule:
    """An identity the template implies: sum(left) = sum(right), for each row or each column.

    ``each == "row"``: ``left``/``right`` name columns, the rule holds in every row.
    ``each == "column"``: they name rows, the rule holds in every column. ``right_all_but``
    takes every printed row except those listed (table 三's results, whichever （六） layout).
    """

    id: str
    table: str
    each: Literal["row", "column"]
    left: tuple[str, ...]
    right: tuple[str, ...] | None
    right_all_but: tuple[str, ...] | None
    text: str


def row_rule(rules: Sequence[Rule], table: str, columns: Sequence[str]) -> Callable[[list[int]], bool]:
    """Whether a row's values (one per column of ``columns``, or several such rows one after the other,
    as table 四's three groups print in one) satisfy every per-row rule of ``table``: the edition's own
    arithmetic, for the readers and mappers that must choose between readings of a row by it."""
    at = {key: n for n, key in enumerate(columns)}
    own = [
        r for r in rules if r.table == table and r.each == "row" and all(k in at for k in (*r.left, *(r.right or ())))
    ]
    width = len(columns)

    def holds(values: list[int]) -> bool:
        if not own or len(values) % width:
            return False
        rows = [values[n : n + width] for n in range(0, len(values), width)]
        return all(sum(v[at[k]] for k in r.left) == sum(v[at[k]] for k in r.right or ()) for r in own for v in rows)

    return holds


@dataclass(frozen=True)
class CrossRule:
    """A rule across two reports of one agency for consecutive years.

    ``carry``: row ``row`` of year N equals row ``previous`` of year N−1, column by column.
    ``stock``: for each of ``rows``, column ``stock`` of year N equals ``stock`` of year N−1
    plus the ``add`` columns of year N minus its ``subtract`` columns.
    """

    id: str
    kind: Literal["carry", "stock"]
    table: str
    text: str
    row: str | None = None
    previous: str | None = None
    rows: tuple[str, ...] = ()
    stock: str | None = None
    add: tuple[str, ...] = ()
    subtract: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bound:
    """A plausibility, not an identity: in each of ``rows``, ``column`` is at least each ``at_least`` column.

    The template does not state these. Some follow from what the columns count (documents issued
    this year are among those in force at its end), some are only likely (a year seldom repeals
    more documents than stay in force). They only choose among readings of
    glued text that the identities leave open, and a value chosen so carries a doubt; no check
    fails a report for breaking one.
    """

    id: str
    table: str
    rows: tuple[str, ...]
    column: str
    at_least: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Edition:
    """One official edition of the format: its years, detection words, tables and rules."""

    name: str
    title: str
    notice: str
    first_year: int
    last_year: int | None
    detect: tuple[str, ...]
    tables: dict[str, TableSpec]
    rules: tuple[Rule, ...]
    cross_rules: tuple[CrossRule, ...]
    bounds: tuple[Bound, ...] = ()

    def covers(self, year: int) -> bool:
        """Whether reports on ``year`` should follow this edition."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True)
class Section:
    """One of the six report sections: heading, its numeral, the words that name it, its table."""

    heading: str
    numeral: str
    keywords: tuple[str, ...]
    table: str | None = None


@dataclass(frozen=True)
class TableInfo:
    """A standard table as every edition has it: id, numeral, the words only it prints."""

    id: str
    numeral: str
    signature: tuple[str, ...]
    header_words: tuple[str, ...] = ()
    """Words only the table's header rows print (a row holding one is a header, not data)."""


@dataclass(frozen=True)
class Skeleton:
    """What every edition shares (``report.json``)."""

    sections: tuple[Section, ...]
    tables: tuple[TableInfo, ...]
    numbering: dict[str, str] = field(default_factory=dict)


# -- building the views from validated JSON ---------------------------------------------------------


def _column(d: dict[str, Any]) -> Column:
    return Column(d["key"], d["label"], d["unit"], tuple(d.get("aliases", ())))


def _row(d: dict[str, Any]) -> Row:
    return Row(d["key"], d["label"], d.get("group"), tuple(d.get("aliases", ())))


def _table(table_id: str, d: dict[str, Any]) -> TableSpec:
    groups = {g["id"]: Group(g["id"], g["label"], g.get("parent")) for g in d.get("groups", ())}
    blocks = tuple(
        Block(b.get("caption"), tuple(_column(c) for c in b["columns"]), tuple(_row(r) for r in b["rows"]))
        for b in d["blocks"]
    )
    return TableSpec(table_id, d["label"], groups, blocks)


def _opt(value: Any) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def edition_from(d: dict[str, Any]) -> Edition:
    """An :class:`Edition` from an edition file's data (validated before)."""
    first, last = d["years"]
    return Edition(
        name=d["edition"],
        title=d["title"],
        notice=d["notice"],
        first_year=first,
        last_year=last,
        detect=tuple(d["detect"]),
        tables={tid: _table(tid, t) for tid, t in d["tables"].items()},
        rules=tuple(
            Rule(
                r["id"],
                r["table"],
                r["each"],
                tuple(r["left"]),
                _opt(r.get("right")),
                _opt(r.get("right_all_but")),
                r["text"],
            )
            for r in d["rules"]
        ),
        cross_rules=tuple(
            CrossRule(
                c["id"],
                c["kind"],
                c["table"],
                c["text"],
                c.get("row"),
                c.get("previous"),
                tuple(c.get("rows", ())),
                c.get("stock"),
                tuple(c.get("add", ())),
                tuple(c.get("subtract", ())),
            )
            for c in d.get("cross_rules", ())
        ),
        bounds=tuple(
            Bound(b["id"], b["table"], tuple(b["rows"]), b["column"], tuple(b["at_least"]), b["text"])
            for b in d.get("bounds", ())
        ),
    )


def skeleton_from(d: dict[str, Any]) -> Skeleton:
    """The :class:`Skeleton` from ``report.json``'s data (validated before)."""
    return Skeleton(
        sections=tuple(
            Section(s["heading"], s["numeral"], tuple(s["keywords"]), s.get("table")) for s in d["sections"]
        ),
        tables=tuple(
            TableInfo(t["id"], t["numeral"], tuple(t["signature"]), tuple(t.get("header_words", ())))
            for t in d["tables"]
        ),
        numbering=dict(d["numbering"]),
    )
