"""The research tables as pandas DataFrames, from bulk outputs, report JSON or extracted reports.

The rows are those bulk mode writes (:mod:`.rows`), so ``dataset("out/")`` and ``values.parquet``
hold the same data; this module only reads the reports and types the columns (nullable
``Int64`` for counts and years, ``Float64`` for amounts and rates, ``string`` for text) so that
an empty cell is ``<NA>``, never a zero.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..crosscheck import cross_check
from ..errors import UnreadableInput
from ..model import Report
from .rows import CHECK_COLUMNS, LONG_COLUMNS, ReportData, build, cross_rows, facts_of
from .write import CODEBOOK_COLUMNS, codebook_rows, column_types, wide_columns

Source = str | Path | Report | dict[str, Any]
"""A bulk output folder, a reports.jsonl, a per-report JSON file (or a folder of them), a report."""
_PANDAS = {"string": "string", "int64": "Int64", "float64": "Float64"}


@dataclass(frozen=True)
class Dataset:
    """The research tables of a set of reports (docs/datasets.md)."""

    long: pd.DataFrame
    """One row per cell (values.parquet)."""
    wide: pd.DataFrame
    """One row per report, one column per variable (reports.parquet)."""
    checks: pd.DataFrame
    """One row per check result, in a report and across two (checks.parquet)."""
    codebook: pd.DataFrame
    """One row per column of ``wide`` (codebook.csv)."""


def report_data(sources: Iterable[Source]) -> Iterator[ReportData]:
    """Every report the sources hold, as the row builders read it."""
    for source in sources:
        if isinstance(source, Report):
            yield ReportData.from_report(source)
        elif isinstance(source, dict):
            yield ReportData.from_dict(source)
        else:
            yield from _from_path(Path(source))


def _from_path(path: Path) -> Iterator[ReportData]:
    if path.is_dir():
        jsonl = path / "reports.jsonl"
        if jsonl.is_file():
            yield from _from_path(jsonl)
            return
        for file in sorted(p for p in path.rglob("*.json") if not any(s.startswith(".") for s in p.parts)):
            yield from _from_path(file)
        return
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        if path.suffix == ".jsonl":
            for line in text.splitlines():
                if line.strip():
                    yield ReportData.from_dict(json.loads(line))
        else:
            data = json.loads(text)
            if isinstance(data, dict) and "tables" in data and "source" in data:
                yield ReportData.from_dict(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise UnreadableInput(f"{path}: not gi-extract report JSON ({type(exc).__name__}: {exc})") from None


def _frame(rows: list[list[object]], columns: list[str], types: dict[str, str]) -> pd.DataFrame:
    """Typed columns; an empty number is ``<NA>``, an empty text ``""`` (as in the Parquet files)."""
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    for column in columns:
        if types[column] != "string":
            frame[column] = frame[column].replace("", None)
    return frame.astype({c: _PANDAS[types[c]] for c in columns})


def build_dataset(*sources: Source | Iterable[Source]) -> Dataset:
    """The long and wide tables (and checks, codebook) of the reports the sources hold.

    Each source is a bulk output folder (its reports.jsonl is read), a reports.jsonl, a
    per-report JSON file, a folder of them, a :class:`~gi_extract.model.Report` from
    :func:`gi_extract.extract`, a report's JSON as a dict, or an iterable of any of these.
    """
    flat: list[Source] = []
    for source in sources:
        if isinstance(source, (str, Path, Report, dict)):
            flat.append(source)
        else:
            flat.extend(source)
    long: list[list[object]] = []
    wide: list[list[object]] = []
    checks: list[list[object]] = []
    facts = []
    codes = wide_columns()
    for data in report_data(flat):
        built = build(data)
        long += built.long
        wide.append(["" if (v := built.wide.get(c)) is None else v for c in codes])
        checks += built.checks
        if (f := facts_of(data)) is not None:
            facts.append(f)
    checks += cross_rows(cross_check(facts))
    types = column_types()
    codebook = pd.DataFrame(codebook_rows(), columns=CODEBOOK_COLUMNS, dtype="string")
    return Dataset(
        _frame(long, LONG_COLUMNS, types["values"]),
        _frame(wide, codes, types["reports"]),
        _frame(checks, CHECK_COLUMNS, types["checks"]),
        codebook,
    )
