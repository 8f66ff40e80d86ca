"""Shared test helpers: where the repo, its fixtures and ../shared (optional) are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gi_extract import extract
from gi_extract.grid import Grid, RawCell, layout
from gi_extract.template import Edition, registry

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seeds" / "000_1ca4751f2c2053c2.txt"

needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")


def corpus_cases(ext: str) -> list[Path]:
    """The corpus files of one format that have a truth file (empty when ../shared is absent)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.glob(f"*.{ext}") if truth_path(p).exists())


def truth_path(path: Path) -> Path:
    return path.with_name(path.name.split(".")[0] + ".truth.json")


def load_truth(path: Path) -> dict:
    return json.loads(truth_path(path).read_text("utf-8"))


def known_error_cells(truth: dict) -> set[str]:
    """The cells a truth file's ``known_errors`` name (each entry starts with the cell's key)."""
    return {entry.split()[0] for entry in truth["known_errors"] if entry.split()[0].count(".") >= 2}


def assert_checks_match_known_errors(checks: list, truth: dict) -> None:
    """Every known publisher error is named by a check that did not pass, and a clean report fails none.

    A clean report may still have ``incomplete`` checks (a cell left null, e.g. glued digits that
    split several ways): that is a doubt about reading, not a finding against the publisher.
    """
    rows = [c if isinstance(c, dict) else {"ok": c.ok, "status": c.status, "cells": c.cells} for c in checks]
    named = {k for c in rows if not c["ok"] for k in c["cells"]}
    want = known_error_cells(truth)
    assert want <= named, f"known errors not caught: {sorted(want - named)}"
    if not truth["known_errors"]:
        assert [c for c in rows if c["status"] == "fail"] == []
    else:
        assert any(not c["ok"] for c in rows)


def flatten(tables: dict) -> dict[str, object]:
    """``{table: {row: {col: v}}}`` (or with a ``rows`` level) as ``{"table.row.col": v}``."""
    out: dict[str, object] = {}
    for table, rows in tables.items():
        if isinstance(rows, dict) and "rows" in rows:
            rows = rows["rows"]
        for row, cols in (rows or {}).items():
            for col, value in (cols or {}).items():
                out[f"{table}.{row}.{col}"] = value
    return out


def glued_misses(got: dict, truth: dict) -> dict[str, tuple[object, object]]:
    """Cells of a glued reading that differ from the truth beyond what the reader owns up to.

    Allowed: a ``null`` said to be ambiguous or unsplittable, and a value chosen by an edition's
    bound (``segmented_by_bounds``) when the truth's own row breaks that bound, the one case in
    which the bound is wrong. Anything else, even with a doubt attached, is returned.
    """
    want, have = flatten(truth["tables"]), flatten(got["tables"])
    codes = {(w.get("key"), w["code"]) for w in got["warnings"]}
    nulls = {k for k, c in codes if c in ("segmentation_ambiguous", "segmentation_failed")}
    bounded = {k for k, c in codes if c == "segmented_by_bounds"}
    broken = set()
    for bound in registry().editions[truth["template"]].bounds:
        for row in bound.rows:
            cells = {c: want.get(f"{bound.table}.{row}.{c}") for c in (bound.column, *bound.at_least)}
            if any(
                isinstance(cells[bound.column], int | float) and isinstance(v, int | float) and v > cells[bound.column]
                for v in (cells[c] for c in bound.at_least)
            ):
                broken |= {f"{bound.table}.{row}.{c}" for c in cells}
    return {
        k: (v, have.get(k))
        for k, v in want.items()
        if have.get(k) != v and not (have.get(k) is None and k in nulls) and not (k in bounded and k in broken)
    }


def edition(name: str) -> Edition:
    """An edition of the format by name (tests may name editions; the package never does)."""
    return registry().editions[name]


def grid_from(spec: str, index: int = 0) -> Grid:
    """A small grid from a compact string: rows split by ``/``, cells by ``|``.

    A cell ``text^2`` spans two rows, ``text>3`` three columns (``""`` is a blank cell).
    """
    rows: list[list[RawCell]] = []
    for r, line in enumerate(spec.split("/")):
        row = []
        for c, cell in enumerate(line.split("|")):
            rowspan = colspan = 1
            if "^" in cell:
                cell, n = cell.split("^")
                rowspan = int(n)
            if ">" in cell:
                cell, n = cell.split(">")
                colspan = int(n)
            row.append(RawCell(cell, rowspan, colspan, r, c))
        rows.append(row)
    return layout(rows, index)


def table_four_of(path: Path) -> tuple[dict[str, dict[str, object]], dict[str, set[str]]]:
    """Table 四 as extracted from ``path``: its groups' values, and the warning codes said of each key."""
    got = extract(path).to_dict()
    codes: dict[str, set[str]] = {}
    for w in got["warnings"]:
        codes.setdefault(w.get("key") or "", set()).add(w["code"])
    return got["tables"]["reviews_litigation"]["rows"], codes
