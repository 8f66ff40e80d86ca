"""The fixture generators' view of the template, built from gi_extract's edition registry.

The generators print reports the way publishers do, so they need the template in the shape
of the spec's keys.json (full row labels such as ``（三）不予公开 1.属于国家秘密``) and a row's
parts (group numeral, marker, number, words). This module derives both from
``src/gi_extract/template/editions/*.json``, so the fixtures follow the same data the
extractor reads, and regenerating them gives the same bytes.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gi_extract.template import Edition, registry


@dataclass(frozen=True)
class Block:
    """One 第二十条 block of table 二."""

    clause: str
    caption: str
    columns: dict[str, str]
    rows: dict[str, str]


@dataclass(frozen=True)
class ApplicationRow:
    """A table-三 row: keys.json's full label, the numeral of its （X） group, marker, number, words."""

    key: str
    label: str
    group: str | None
    marker: str | None
    number: int | None
    leaf: str


class View:
    """The registry, in the shape the generators were written against."""

    def edition(self, name: str) -> Edition:
        return registry().editions[name]

    def blocks(self, edition: str) -> list[Block]:
        out = []
        for block in self.edition(edition).tables["active_disclosure"].blocks:
            caption = block.caption or ""
            clause = re.search(r"（(.)）", caption)
            out.append(
                Block(
                    clause.group(1) if clause else "",
                    caption,
                    {c.key: c.label for c in block.columns},
                    {r.key: r.label for r in block.rows},
                )
            )
        return out

    def active_rows(self, edition: str) -> dict[str, Block]:
        return {row: block for block in self.blocks(edition) for row in block.rows}

    @property
    def application_columns(self) -> dict[str, str]:
        return {c.key: c.label for c in registry().latest.tables["applications"].blocks[0].columns}

    @property
    def applicant_parts(self) -> list[str]:
        return [c for c in self.application_columns if c != "total"]

    def application_labels(self, edition: str) -> dict[str, str]:
        """Row key → the full label as keys.json writes it."""
        spec = self.edition(edition).tables["applications"]
        out = {}
        for row in spec.rows:
            group = spec.groups.get(row.group) if row.group else None
            if group is not None and group.parent is not None:
                out[row.key] = f"{group.label} {row.label}"
            elif group is not None and row.label.startswith(("（一）", "（二）")):
                out[row.key] = group.label + row.label
            else:
                out[row.key] = row.label
        return out

    def application_rows(self, edition: str) -> list[ApplicationRow]:
        return [_split_row(key, label) for key, label in self.application_labels(edition).items()]

    @property
    def review_rows(self) -> dict[str, str]:
        spec = registry().latest.tables["reviews_litigation"]
        return {r.key: spec.official_label(r) for r in spec.rows}

    @property
    def review_columns(self) -> dict[str, str]:
        return {c.key: c.label for c in registry().latest.tables["reviews_litigation"].blocks[0].columns}

    def keys_json(self) -> dict[str, Any]:
        """The parts of keys.json the HTML generator reads."""
        return {
            "tables": {
                "active_disclosure": {
                    "groups": {
                        name: [{"label": b.caption, "columns": b.columns, "rows": b.rows} for b in self.blocks(name)]
                        for name in registry().names
                    }
                },
                "applications": {"rows": {name: self.application_labels(name) for name in registry().names}},
            }
        }


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


def load() -> View:
    return View()
