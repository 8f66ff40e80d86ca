"""Regenerate the documentation blocks that are data: warnings, exit codes, the template, real output.

``python scripts/gen_docs.py`` (or ``make docs``) rewrites, in README.md, docs/output.md and docs/check.md,
every block between ``<!-- generated: NAME -->`` and ``<!-- end: NAME -->``, and writes
docs/template.md from the edition files. tests/test_docs.py fails when a committed file
differs from what this script would write, so the docs cannot drift from the code (the way
sqlite-utils keeps its CLI reference true).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gi_extract import extract  # noqa: E402
from gi_extract.errors import EXIT_CODES  # noqa: E402
from gi_extract.model import Report  # noqa: E402
from gi_extract.template import registry  # noqa: E402
from gi_extract.warnings import CODES  # noqa: E402

FILES = [ROOT / "README.md", ROOT / "docs" / "output.md", ROOT / "docs" / "check.md"]
TEMPLATE_DOC = ROOT / "docs" / "template.md"
_BLOCK = re.compile(r"(<!-- generated: (\w+) -->\n).*?(<!-- end: \2 -->)", re.S)


def warnings_table() -> str:
    rows = ["| code | severity | when | what to do |", "|---|---|---|---|"]
    rows += [f"| `{c.code}` | {c.severity} | {c.meaning} | {c.action} |" for c in CODES.values()]
    return "\n".join(rows) + "\n"


def exit_codes_table() -> str:
    rows = ["| code | meaning |", "|---|---|"]
    rows += [f"| {code} | {text} |" for code, text in EXIT_CODES.items()]
    return "\n".join(rows) + "\n"


def editions_table() -> str:
    rows = ["| edition | notice | report years | identified by |", "|---|---|---|---|"]
    for e in registry().editions.values():
        years = f"{e.first_year}–{e.last_year}" if e.last_year else f"{e.first_year} on"
        rows.append(f"| {e.name} | {e.title}, {e.notice} | {years} | {'、'.join(e.detect[:4])} … |")
    return "\n".join(rows) + "\n"


EXAMPLE = "fixtures/text/arith_error_2021.txt"
"""The report the README's examples are run on: a generated 2021 report whose 一 总计 is one too high."""


def _example() -> Report:
    report = extract(ROOT / EXAMPLE)
    report.source.path = EXAMPLE
    return report


def example_json() -> str:
    """``gi-extract EXAMPLE``, abridged: every part of the output, one instance of each repeated thing."""
    full = _example().to_dict()
    more = "…"
    rows = full["tables"]["applications"]["rows"]
    cell = next(c for c in full["cells"] if c["key"] == "applications.new_received.total")
    short = {
        "schema_version": full["schema_version"],
        "source": {**full["source"], "sha256": full["source"]["sha256"][:16] + more},
        "report": full["report"],
        "tables": {
            "applications": {
                **full["tables"]["applications"],
                "rows": {"new_received": rows["new_received"], more: {}},
            },
            more: {},
        },
        "cells": [cell, more],
        "checks": [c for c in full["checks"] if not c["ok"]] + [more],
        "warnings": full["warnings"],
        "sections": {**dict(list(full["sections"].items())[:1]), more: more},
    }
    return "```json\n" + _compact(short) + "\n```\n"


def _compact(value: object, indent: str = "", margin: int = 0) -> str:
    """JSON indented like ``json.dumps(indent=2)``, but an object or list of plain values on one line
    when it fits in 160 columns (a row of a table, a cell), so the example reads as the report's shape.

    ``margin`` is the width of what precedes the value on its line (its key); CJK characters are
    two columns wide, as a terminal and GitHub's monospace show them.
    """
    flat = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if not isinstance(value, (dict, list)) or not value:
        return flat
    children = value.values() if isinstance(value, dict) else value
    if margin + _width(flat) <= 160 and not any(isinstance(c, (dict, list)) and c for c in children):
        return flat
    inner = indent + "  "
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            key = f"{inner}{json.dumps(k, ensure_ascii=False)}: "
            items.append(key + _compact(v, inner, _width(key)))
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    return "[\n" + ",\n".join(inner + _compact(v, inner, len(inner)) for v in value) + "\n" + indent + "]"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def example_check() -> str:
    """``gi-extract check EXAMPLE`` as a terminal 118 columns wide shows it (no colour)."""
    from gi_extract.review import review
    from gi_extract.review.text import to_text

    return "```\n" + to_text([review(_example())], width=118).rstrip() + "\n```\n"


BLOCKS: dict[str, Callable[[], str]] = {
    "warnings": warnings_table,
    "exit_codes": exit_codes_table,
    "editions": editions_table,
    "example_json": example_json,
    "example_check": example_check,
}


def render(text: str) -> str:
    """``text`` with every generated block rewritten."""

    def block(m: re.Match[str]) -> str:
        return m.group(1) + BLOCKS[m.group(2)]() + m.group(3)

    return _BLOCK.sub(block, text)


def template_doc() -> str:
    """docs/template.md: every edition's tables, keys, official labels, aliases and rules."""
    reg = registry()
    out = [
        "# The template, edition by edition",
        "",
        "Generated by `scripts/gen_docs.py` from `src/gi_extract/template/editions/*.json`: every canonical",
        "key the output uses, the official wording it stands for, the wordings seen in real reports that",
        "are matched to it (aliases), each column's unit, and the arithmetic each edition implies.",
        "Do not edit by hand: edit the edition file, then run `make docs`.",
        "",
    ]
    for edition in reg.editions.values():
        years = f"{edition.first_year}–{edition.last_year}" if edition.last_year else f"{edition.first_year} on"
        out += [f"## Edition {edition.name}: {edition.title} ({edition.notice}), reports on {years}", ""]
        out += [f"Identified by the header words: {'、'.join(edition.detect)}.", ""]
        for table_id, spec in edition.tables.items():
            out += [f"### `{table_id}`: {spec.label}", ""]
            for block in spec.blocks:
                if block.caption:
                    out += [f"#### {block.caption}", ""]
                out += ["| column key | header | unit | aliases |", "|---|---|---|---|"]
                out += [f"| `{c.key}` | {c.label} | {c.unit} | {'；'.join(c.aliases)} |" for c in block.columns]
                out += ["", "| row key | official label | aliases |", "|---|---|---|"]
                out += [f"| `{r.key}` | {spec.official_label(r)} | {'；'.join(r.aliases)} |" for r in block.rows]
                out.append("")
        out += ["### Arithmetic", "", "| rule | table | per | left | right |", "|---|---|---|---|---|"]
        for rule in edition.rules:
            right = " + ".join(rule.right) if rule.right else "every row but " + ", ".join(rule.right_all_but or ())
            out.append(f"| `{rule.id}` | {rule.table} | {rule.each} | {' + '.join(rule.left)} | {right} |")
        out += ["", "| cross-report rule | kind | what |", "|---|---|---|"]
        out += [f"| `{c.id}` | {c.kind} | {c.text} |" for c in edition.cross_rules]
        out += ["", "| bound (glued text only) | rows | at least | what |", "|---|---|---|---|"]
        out += [
            f"| `{b.id}` | {', '.join(b.rows)} | {b.column} ≥ {', '.join(b.at_least)} | {b.text} |"
            for b in edition.bounds
        ]
        out.append("")
    return "\n".join(out)


def main() -> None:
    changed = []
    for path in FILES:
        old = path.read_text("utf-8")
        new = render(old)
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    new_template = template_doc()
    if not TEMPLATE_DOC.exists() or TEMPLATE_DOC.read_text("utf-8") != new_template:
        TEMPLATE_DOC.write_text(new_template, encoding="utf-8")
        changed.append(TEMPLATE_DOC)
    for path in changed:
        print(f"updated {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
