"""The variables of the research tables, as data: codes, labels, editions, units, formulas.

Why data: every team that builds a panel from these reports invents its own variable names,
and the peers' names drift from release to release. Here a cell's code is composed from the
abbreviations in ``codes.json`` (``<table>_<row>_<column>``: ``app_grant_total`` for
``applications.granted.total``), over every key any edition file defines, so a new edition's
keys need only their abbreviations; harmonised (``h_``) and derived (``r_``) variables are
defined in the same file over those codes. Codes are ASCII, at most 32 characters, start with a
letter (Stata and R names), and a test pins every one: renaming a code is a breaking change.

The file is checked when it is loaded (:func:`variables`): an unknown key, a missing
abbreviation, a duplicate or over-long code, or a formula naming an unknown code stops the run
with :class:`~gi_extract.errors.ConfigurationError` naming the file and the entry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError
from ..template import registry

CODES_FILE = Path(__file__).resolve().parent / "codes.json"
MAX_CODE = 32
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")

EMPTY_WHEN = (
    "not printed (another edition, a row or table the report lacks), unreadable, or printed blank where an "
    "identity of the table says it cannot be 0 (status blank in values): never a zero by default"
)
"""What the codebook says of every cell variable: when its wide-table value is empty."""


@dataclass(frozen=True)
class Variable:
    """One column of the wide table (and a line of codebook.csv)."""

    code: str
    kind: str
    """id (who and what the report is), cell (a printed value), harmonised, or rate."""
    label: str
    unit: str
    key: str = ""
    """The canonical dotted key (``table.row.column``) of a cell variable."""
    table: str = ""
    editions: tuple[str, ...] = ()
    formula: str = ""
    comparable: str = ""
    """How the variable spans the editions: every edition, one only, or a rule (harmonised)."""
    note: str = ""
    empty_when: str = ""


@dataclass(frozen=True)
class Harmonised:
    """One variable for editions that print the same measure differently.

    The first alternative whose codes the report prints (all of them) is summed and scaled;
    a report that prints none of them leaves it empty.
    """

    variable: Variable
    alternatives: tuple[tuple[str, ...], ...]
    scale: float = 1.0


@dataclass(frozen=True)
class Rate:
    """sum(numerator) / sum(denominator) × scale; empty when a term is empty or the denominator is 0."""

    variable: Variable
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    scale: float = 1.0


ID_COLUMNS: tuple[Variable, ...] = tuple(
    Variable(code, "id", label, unit)
    for code, label, unit in (
        ("report_id", "the report's id: r + 16 hex digits of the SHA-256 of its path (stable across runs)", "text"),
        ("path", "the input, relative to the bulk input folder", "text"),
        ("sha256", "SHA-256 of the input's bytes", "text"),
        ("format", "docx, pdf, html or text: the format recognised from the content", "text"),
        ("title", "the report's title as printed", "text"),
        ("agency", "the agency as the report names it", "text"),
        ("agency_key", "the agency's name as paired across years (gi_extract.publisher.agencies)", "text"),
        ("agency_id", "a + 12 hex digits of the SHA-256 of agency_key: one id per agency across years", "text"),
        ("province", "province-level division of the agency (GB/T 2260 name)", "text"),
        ("city", "prefecture-level division (empty for a municipality's district or a province-run county)", "text"),
        ("county", "county-level division", "text"),
        ("region_code", "6-digit GB/T 2260 code of the deepest division the agency's name gives", "code"),
        ("admin_level", "national, province, prefecture, county or township", "text"),
        ("agency_type", "government (the government or a zone's committee itself) or department", "text"),
        ("year", "the year reported on", "year"),
        ("edition", "the edition of the format the report follows (2019, 2021)", "text"),
        ("n_checks_failed", "checks of the report's arithmetic that failed", "count"),
        ("n_checks_incomplete", "checks that could not be decided (blank or unreadable cells)", "count"),
        ("n_cells_doubted", "cells with a warning of severity doubt or missing", "count"),
    )
)


def _fail(where: str, message: str) -> ConfigurationError:
    return ConfigurationError(f"{CODES_FILE}: {where}: {message}")


def _formula_sum(codes: tuple[str, ...]) -> str:
    return codes[0] if len(codes) == 1 else "(" + " + ".join(codes) + ")"


@dataclass(frozen=True)
class Codes:
    """Every variable in wide-table order, and the lookups the row builders need."""

    ids: tuple[Variable, ...]
    cells: tuple[Variable, ...]
    harmonised: tuple[Harmonised, ...]
    rates: tuple[Rate, ...]

    @property
    def all(self) -> tuple[Variable, ...]:
        return (*self.ids, *self.cells, *(h.variable for h in self.harmonised), *(r.variable for r in self.rates))

    @property
    def by_key(self) -> dict[str, str]:
        """Canonical key → code."""
        return {v.key: v.code for v in self.cells}


def _cell_variables(data: dict[str, Any]) -> list[Variable]:
    """One variable per key any edition defines, in table, row and column order."""
    reg = registry()
    tables, rows, columns, notes = data["tables"], data["rows"], data["columns"], data["notes"]
    out: list[Variable] = []
    for table in reg.table_ids:
        if table not in tables:
            raise _fail(f"tables.{table}", "no abbreviation for this table")
        for row in reg.all_rows(table):
            keys: dict[str, list[str]] = {}
            for edition in reg.editions.values():
                for column in edition.tables[table].cells.get(row.key, ()):
                    keys.setdefault(column, []).append(edition.name)
            for column, editions in keys.items():
                key = f"{table}.{row.key}.{column}"
                try:
                    code = f"{tables[table]}_{rows[table][row.key]}_{columns[table][column]}"
                except KeyError as exc:
                    raise _fail(f"rows/columns.{table}", f"no abbreviation for {exc.args[0]!r} (key {key})") from None
                newest = next(
                    e for e in reversed(reg.editions.values()) if column in e.tables[table].cells.get(row.key, ())
                )
                spec = newest.tables[table]
                official = spec.official_label(next(r for r in spec.rows if r.key == row.key))
                label = f"{official} / {spec.columns[column].label}"
                note = notes.get(key) or notes.get(f"{table}.{row.key}") or ""
                every = len(editions) == len(reg.editions)
                comparable = "same in every edition" if every else " and ".join(editions) + " only"
                out.append(
                    Variable(
                        code,
                        "cell",
                        label,
                        spec.columns[column].unit,
                        key,
                        table,
                        tuple(editions),
                        "",
                        comparable,
                        note,
                        EMPTY_WHEN,
                    )
                )
    return out


def _expand(entry: dict[str, Any], columns: dict[str, str]) -> list[dict[str, Any]]:
    """A ``for_columns`` entry as one entry per column of its table (``{column}`` filled in)."""
    if not entry.get("for_columns"):
        return [entry]
    text = json.dumps(entry)
    return [json.loads(text.replace("{column}", abbr)) for abbr in columns.values()]


def _load(raw: dict[str, Any]) -> Codes:
    for name in ("tables", "rows", "columns", "notes", "harmonised", "rates"):
        if name not in raw:
            raise _fail(name, "missing")
    cells = _cell_variables(raw)
    known = {v.code: v for v in cells}
    keys = {v.key for v in cells}
    for key in raw["notes"]:
        if not any(k == key or k.startswith(key + ".") for k in keys):
            raise _fail(f"notes.{key}", "names no key of any edition")
    harmonised: list[Harmonised] = []
    for n, entry in enumerate(raw["harmonised"]):
        for item in _expand(entry, raw["columns"].get(entry.get("table", ""), {})):
            alternatives = tuple(tuple(a) for a in item["alternatives"])
            for code in (c for a in alternatives for c in a):
                if code not in known:
                    raise _fail(f"harmonised[{n}]", f"{item['code']}: unknown code {code!r}")
            editions = tuple(sorted({e for a in alternatives for c in a for e in known[c].editions}))
            scale = float(item.get("scale", 1.0))
            rule = ", else ".join(_formula_sum(a) for a in alternatives)
            formula = f"first printed of: {rule}" if len(alternatives) > 1 else rule
            if scale != 1.0:
                formula += f" × {scale:g}"
            unit = item["unit"]
            variable = Variable(
                item["code"],
                "harmonised",
                item["label"],
                unit,
                "",
                item.get("table", ""),
                editions,
                formula,
                "rule",
                item.get("note", ""),
                "none of the alternatives printed, or a term empty",
            )
            harmonised.append(Harmonised(variable, alternatives, scale))
            known[variable.code] = variable
    rates: list[Rate] = []
    for n, item in enumerate(raw["rates"]):
        numerator, denominator = tuple(item["numerator"]), tuple(item["denominator"])
        for code in (*numerator, *denominator):
            if code not in known:
                raise _fail(f"rates[{n}]", f"{item['code']}: unknown code {code!r}")
        scale = float(item.get("scale", 1.0))
        formula = f"{_formula_sum(numerator)} / {_formula_sum(denominator)}" + (f" × {scale:g}" if scale != 1 else "")
        editions = tuple(sorted(set.intersection(*({*known[c].editions} for c in (*numerator, *denominator)))))
        variable = Variable(
            item["code"],
            "rate",
            item["label"],
            "ratio",
            "",
            "",
            editions,
            formula,
            "rule",
            item.get("note", ""),
            "a term empty, or the denominator 0",
        )
        rates.append(Rate(variable, numerator, denominator, scale))
        known[variable.code] = variable
    codes = Codes(ID_COLUMNS, tuple(cells), tuple(harmonised), tuple(rates))
    seen: set[str] = set()
    for v in codes.all:
        if not _CODE.match(v.code) or len(v.code) > MAX_CODE:
            raise _fail(v.code, f"a code is ASCII a-z, 0-9 and _, starting with a letter, at most {MAX_CODE} long")
        if v.code in seen:
            raise _fail(v.code, "duplicate code")
        seen.add(v.code)
    return codes


@cache
def codes() -> Codes:
    """The packaged variables, loaded and checked once per process."""
    try:
        raw = json.loads(CODES_FILE.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"{CODES_FILE}: cannot be read ({exc})") from None
    try:
        return _load(raw)
    except (KeyError, TypeError, AttributeError) as exc:
        raise _fail("structure", f"unexpected shape ({type(exc).__name__}: {exc})") from None
