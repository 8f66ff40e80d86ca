"""The official report format as data: keys.json (the spec's canonical keys and labels),
variants.json (headings, template-detection tokens, wordings seen in real reports) and
rules.json (the arithmetic the template implies).

Everything that names a row, a column or a heading reads it from here, so a new wording
seen in the field is a data change, not a code change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

TABLES = ("active_disclosure", "applications", "reviews_litigation")
TABLE_NUMERALS = {"active_disclosure": "二", "applications": "三", "reviews_litigation": "四"}


@dataclass(frozen=True)
class Block:
    """One 第二十条第（X）项 block of table 二: its clause numeral, columns and rows in order."""

    clause: str
    caption: str
    columns: dict[str, str]
    rows: dict[str, str]


@dataclass(frozen=True)
class ApplicationRow:
    """One data row of table 三, with its label split the way the table prints it.

    ``group`` is the numeral of the （三）…（六） group cell the row sits under (``None`` for
    top-level rows), ``marker`` its own prefix as printed (``（一）`` or ``一、``), ``number`` its
    1./2./… index inside a group, and ``leaf`` the words after those prefixes.
    """

    key: str
    label: str
    group: str | None
    marker: str | None
    number: int | None
    leaf: str


@dataclass(frozen=True)
class Template:
    """Both official formats, loaded once from the package data."""

    keys: dict[str, Any]
    variants: dict[str, Any]
    checks: dict[str, Any]

    def blocks(self, template: str) -> list[Block]:
        out = []
        for group in self.keys["tables"]["active_disclosure"]["groups"][template]:
            clause = re.search(r"（(.)）", group["label"])
            out.append(Block(clause.group(1) if clause else "", group["label"], group["columns"], group["rows"]))
        return out

    def active_rows(self, template: str) -> dict[str, Block]:
        """Row key → the block it belongs to, in table order."""
        return {row: block for block in self.blocks(template) for row in block.rows}

    @property
    def application_columns(self) -> dict[str, str]:
        return dict(self.keys["tables"]["applications"]["columns"])

    @property
    def applicant_parts(self) -> list[str]:
        """The six columns whose sum is 总计 (自然人 + the five 法人或其他组织 columns)."""
        return [c for c in self.application_columns if c != "total"]

    def application_rows(self, template: str) -> list[ApplicationRow]:
        return list(_application_rows(template))

    @property
    def review_rows(self) -> dict[str, str]:
        return dict(self.keys["tables"]["reviews_litigation"]["rows"])

    @property
    def review_columns(self) -> dict[str, str]:
        return dict(self.keys["tables"]["reviews_litigation"]["columns"])

    def aliases(self, kind: str) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.variants["aliases"].get(kind, {}).items()}

    @property
    def sections(self) -> dict[str, dict[str, Any]]:
        return dict(self.variants["sections"])

    @property
    def rules(self) -> list[dict[str, Any]]:
        """The arithmetic rules (``rules.json``), applied by :mod:`gi_extract.checks`."""
        return list(self.checks["rules"])

    @property
    def template_tokens(self) -> dict[str, list[str]]:
        return dict(self.variants["template_tokens"])


_GROUP = re.compile(r"^（([一二三四五六七])）([^ ]*) ")
_MARK = re.compile(r"^(?:[一二三四]、[^（]*)?（([一二三四五六七])）|^([一二三四])、")
_NUM = re.compile(r"^(\d+)\.")


def _split_row(key: str, label: str) -> ApplicationRow:
    group = None
    rest = label
    m = _GROUP.match(label)
    if m:
        group, rest = m.group(1), label[m.end() :]
    marker = None
    number = None
    mm = _MARK.match(rest)
    if mm and not group:
        marker = f"（{mm.group(1)}）" if mm.group(1) else f"{mm.group(2)}、"
        rest = rest[mm.end() :]
    nm = _NUM.match(rest)
    if nm:
        number, rest = int(nm.group(1)), rest[nm.end() :]
    return ApplicationRow(key, label, group, marker, number, rest)


@cache
def load() -> Template:
    """The packaged template (cached: it is read once per process)."""
    base = resources.files(__package__)
    keys = json.loads(base.joinpath("keys.json").read_text("utf-8"))
    variants = json.loads(base.joinpath("variants.json").read_text("utf-8"))
    checks = json.loads(base.joinpath("rules.json").read_text("utf-8"))
    return Template(keys, variants, checks)


@cache
def _application_rows(template: str) -> tuple[ApplicationRow, ...]:
    """Table 三's rows of one format, split once per process."""
    rows = load().keys["tables"]["applications"]["rows"][template]
    return tuple(_split_row(key, label) for key, label in rows.items())
