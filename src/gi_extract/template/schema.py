"""The template files' own schema, checked with pydantic: shape, then consistency.

Why so strict: every number the tool reports is addressed by these files. A misspelt key,
a rule naming a row that does not exist or two rows sharing a label would not fail loudly
later; they would map a printed number to the wrong cell. So a file is refused, with the
place of the problem, before any report is read (exit 4, not "this report is unreadable").

Imported only when a file has to be validated (see :mod:`gi_extract.template`): pydantic's
import is most of a one-report run's start-up.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")]
"""A canonical key as keys.json writes them: ``granted``, ``denied.state_secret``."""
Text = Annotated[str, StringConstraints(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnModel(_Strict):
    key: Key
    label: Text
    unit: Literal["count", "signed", "yuan", "wan_yuan"]
    aliases: list[Text] = []

    def labels(self) -> list[str]:
        return [self.label, *self.aliases]


class RowModel(_Strict):
    key: Key
    label: Text
    group: str | None = None
    aliases: list[Text] = []

    def labels(self) -> list[str]:
        return [self.label, *self.aliases]


class GroupModel(_Strict):
    id: Key
    label: Text
    parent: str | None = None


class BlockModel(_Strict):
    caption: Text | None = None
    columns: Annotated[list[ColumnModel], Field(min_length=1)]
    rows: Annotated[list[RowModel], Field(min_length=1)]

    @model_validator(mode="after")
    def _distinct_headers(self) -> BlockModel:
        _distinct("column", [(c.key, c.labels()) for c in self.columns])
        return self


def _distinct(what: str, items: list[tuple[str, list[str]]]) -> None:
    """No two items share a key, nor a label once normalised (the way reports are matched)."""
    from ..labels import normalise

    keys: set[str] = set()
    seen: dict[str, str] = {}
    for key, labels in items:
        if key in keys:
            raise ValueError(f"{what} key {key!r} is defined twice")
        keys.add(key)
        for label in labels:
            other = seen.setdefault(normalise(label), key)
            if other != key:
                raise ValueError(f"{what}s {other!r} and {key!r} share the label {label!r}")


class TableModel(_Strict):
    label: Text
    groups: list[GroupModel] = []
    blocks: Annotated[list[BlockModel], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> TableModel:
        ids = [g.id for g in self.groups]
        if len(set(ids)) != len(ids):
            raise ValueError("a group id is defined twice")
        for g in self.groups:
            if g.parent is not None and g.parent not in ids:
                raise ValueError(f"group {g.id!r} names an undefined parent {g.parent!r}")
        rows = [r for b in self.blocks for r in b.rows]
        for r in rows:
            if r.group is not None and r.group not in ids:
                raise ValueError(f"row {r.key!r} names an undefined group {r.group!r}")
        by_group: dict[str | None, list[tuple[str, list[str]]]] = {}
        for r in rows:
            by_group.setdefault(r.group, []).append((r.key, r.labels()))
        for group_rows in by_group.values():
            _distinct("row", group_rows)
        if len({r.key for r in rows}) != len(rows):
            raise ValueError("a row key is used in two blocks")
        units: dict[str, str] = {}
        for c in (c for b in self.blocks for c in b.columns):
            if units.setdefault(c.key, c.unit) != c.unit:
                raise ValueError(f"column {c.key!r} has two units ({units[c.key]}, {c.unit})")
        return self


class RuleModel(_Strict):
    id: Text
    table: Text
    each: Literal["row", "column"]
    left: Annotated[list[Key], Field(min_length=1)]
    right: list[Key] | None = None
    right_all_but: list[Key] | None = None
    text: Text

    @model_validator(mode="after")
    def _one_right_side(self) -> RuleModel:
        if (self.right is None) == (self.right_all_but is None):
            raise ValueError("a rule has exactly one of 'right' and 'right_all_but'")
        return self


class CarryRuleModel(_Strict):
    id: Text
    kind: Literal["carry"]
    table: Text
    row: Key
    previous: Key
    text: Text


class StockRuleModel(_Strict):
    id: Text
    kind: Literal["stock"]
    table: Text
    rows: Annotated[list[Key], Field(min_length=1)]
    stock: Key
    add: list[Key] = []
    subtract: list[Key] = []
    text: Text


class BoundModel(_Strict):
    id: Text
    table: Text
    rows: Annotated[list[Key], Field(min_length=1)]
    column: Key
    at_least: Annotated[list[Key], Field(min_length=1)]
    text: Text


class EditionModel(_Strict):
    about: str = ""
    edition: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_.-]+$")]
    title: Text
    notice: Text
    years: tuple[int, int | None]
    detect: Annotated[list[Text], Field(min_length=1)]
    tables: dict[str, TableModel]
    rules: list[RuleModel] = []
    cross_rules: list[Annotated[CarryRuleModel | StockRuleModel, Field(discriminator="kind")]] = []
    bounds: list[BoundModel] = []

    @model_validator(mode="after")
    def _rules_name_cells(self) -> EditionModel:
        first, last = self.years
        if last is not None and last < first:
            raise ValueError(f"years: the last year {last} is before the first {first}")
        for rule in self.rules:
            table = self._table(rule.table, f"rule {rule.id!r}")
            rows = [r.key for b in table.blocks for r in b.rows]
            columns = {c.key for b in table.blocks for c in b.columns}
            names = [*rule.left, *(rule.right or []), *(rule.right_all_but or [])]
            known = columns if rule.each == "row" else set(rows)
            unknown = [n for n in names if n not in known]
            if unknown:
                kind = "column" if rule.each == "row" else "row"
                raise ValueError(f"rule {rule.id!r} names no {kind} of table {rule.table!r}: {', '.join(unknown)}")
        for cross in self.cross_rules:
            table = self._table(cross.table, f"cross rule {cross.id!r}")
            blocks = {r.key: b for b in table.blocks for r in b.rows}
            if isinstance(cross, CarryRuleModel):
                missing = [r for r in (cross.row, cross.previous) if r not in blocks]
            else:
                missing = [r for r in cross.rows if r not in blocks]
                for r in cross.rows:
                    cols = {c.key for c in blocks[r].columns} if r in blocks else set()
                    missing += [c for c in (cross.stock, *cross.add, *cross.subtract) if r in blocks and c not in cols]
            if missing:
                raise ValueError(
                    f"cross rule {cross.id!r} names cells table {cross.table!r} lacks: {', '.join(missing)}"
                )
        for bound in self.bounds:
            table = self._table(bound.table, f"bound {bound.id!r}")
            blocks = {r.key: b for b in table.blocks for r in b.rows}
            missing = [r for r in bound.rows if r not in blocks]
            for r in bound.rows:
                cols = {c.key for c in blocks[r].columns} if r in blocks else set()
                missing += [c for c in (bound.column, *bound.at_least) if r in blocks and c not in cols]
            if missing:
                raise ValueError(f"bound {bound.id!r} names cells table {bound.table!r} lacks: {', '.join(missing)}")
        return self

    def _table(self, name: str, who: str) -> TableModel:
        if name not in self.tables:
            raise ValueError(f"{who} names an undefined table {name!r}")
        return self.tables[name]


class SectionModel(_Strict):
    heading: Text
    numeral: Text
    keywords: Annotated[list[Text], Field(min_length=1)]
    table: str | None = None


class TableInfoModel(_Strict):
    id: Key
    numeral: Text
    signature: Annotated[list[Text], Field(min_length=2)]
    header_words: list[Text] = []


class SkeletonModel(_Strict):
    about: str = ""
    sections: Annotated[list[SectionModel], Field(min_length=1)]
    tables: Annotated[list[TableInfoModel], Field(min_length=1)]
    numbering: dict[Literal["section", "heading", "row"], Text]

    @model_validator(mode="after")
    def _consistent(self) -> SkeletonModel:
        ids = [t.id for t in self.tables]
        for s in self.sections:
            if s.table is not None and s.table not in ids:
                raise ValueError(f"section {s.heading!r} names an undefined table {s.table!r}")
        for name, pattern in self.numbering.items():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"numbering.{name} is not a regular expression ({exc})") from None
        return self
