"""The run's summary files, written in path order while the workers go on.

summary.csv (one row per input), facts.csv (every report's cells, long format),
reports.jsonl (one compact report per line), cross_checks.csv (:mod:`gi_extract.crosscheck`),
and the research tables (:mod:`gi_extract.dataset.write`: values, reports and checks as CSV and
Parquet, codebook.csv).
"""

from __future__ import annotations

import csv
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from ..crosscheck import COLUMNS as CROSS_COLUMNS
from ..crosscheck import CrossCheck, Facts, cross_check
from ..dataset.write import DatasetFiles
from ..errors import printable
from ..output import CSV_COLUMNS, atomic_open
from .plan import Outcome, fragment, split_fragment

SummaryRow = dict[str, str | int | float | list[str] | None]
"""One input's line of summary.csv, typed: ``year`` an int, ``seconds`` a float, ``failed_checks``
and ``missing_tables`` lists, ``None`` for unknown (written as empty fields)."""

SUMMARY, FACTS, REPORTS, CROSS = "summary.csv", "facts.csv", "reports.jsonl", "cross_checks.csv"
SUMMARY_COLUMNS = [
    "path",
    "status",
    "error",
    "format",
    "template",
    "year",
    "agency",
    "failed_checks",
    "missing_tables",
    "seconds",
]


class Summaries:
    """summary.csv, facts.csv and reports.jsonl, written in path order while the run goes on.

    Outcomes arrive in completion order; each is written as soon as every input before it
    (in path order) is in, so the work overlaps the workers' instead of following them. The
    files appear (atomically) only when the run ends, and cross_checks.csv after them. Like the
    per-report files they are not fsynced: every run rebuilds them from the journal, so after a
    power cut a rerun puts them right, and the fsync of tens of MB was a serial wait at the end
    of every run. CSV files carry a BOM so that Excel reads them as UTF-8. Only the few numbers the
    cross-report checks need are kept in memory, never the reports themselves.
    """

    def __init__(self, out: Path, order: list[str]) -> None:
        self.out = out
        self.order = order
        self.waiting: dict[str, Outcome] = {}
        self.next = 0
        self.rows: list[SummaryRow] = []
        self.facts: list[Facts] = []
        self.cross_checks: list[CrossCheck] = []
        self.notes: list[str] = []
        """What the run could not write, and how to get it (Parquet without pyarrow)."""
        self._stack = ExitStack()
        self.dataset = DatasetFiles(out)

    def __enter__(self) -> Summaries:
        stack = self._stack.__enter__()
        self.summary_fh = stack.enter_context(atomic_open(self.out / SUMMARY, bom=True, durable=False))
        self.facts_fh = stack.enter_context(atomic_open(self.out / FACTS, bom=True, durable=False))
        self.reports_fh = stack.enter_context(atomic_open(self.out / REPORTS, durable=False))
        self.summary = csv.DictWriter(self.summary_fh, SUMMARY_COLUMNS, lineterminator="\n")
        self.summary.writeheader()
        csv.writer(self.facts_fh, lineterminator="\n").writerow(CSV_COLUMNS)
        # the fragments are UTF-8 already: from here on they are copied as bytes, under the text
        # layer (flushed first, so the BOM and the header stay in front)
        self.facts_fh.flush()
        self.reports_fh.flush()
        self.dataset.__enter__()
        return self

    def add(self, outcome: Outcome) -> None:
        """Take one outcome; write it and every one after it whose turn has come."""
        self.waiting[outcome.path] = outcome
        while self.next < len(self.order) and self.order[self.next] in self.waiting:
            self._write(self.waiting.pop(self.order[self.next]))
            self.next += 1

    def _write(self, outcome: Outcome) -> None:
        row: SummaryRow = {
            "path": printable(outcome.path),
            "status": outcome.status,
            "error": outcome.error,
            "format": outcome.format,
            "template": None,
            "year": None,
            "agency": None,
            "failed_checks": [],
            "missing_tables": [],
            "seconds": outcome.seconds,
        }
        if outcome.json is not None:
            row |= outcome.summary
            line, facts, values, wide, checks = split_fragment(fragment(self.out, outcome.json).read_bytes())
            self.reports_fh.buffer.write(line)
            self.facts_fh.buffer.write(facts)
            self.dataset.add(values, wide, checks)
            if outcome.facts is not None:
                self.facts.append(Facts(**outcome.facts))
        self.summary.writerow({k: _field(v) for k, v in row.items()})
        self.rows.append(row)

    def finish_early(self) -> None:
        """Write the outcomes that wait for an earlier input that will not come (the run was stopped)."""
        for path in self.order[self.next :]:
            if path in self.waiting:
                self._write(self.waiting.pop(path))
        self.next = len(self.order)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None and self.next < len(self.order):
            # every input yields an outcome (an error row at worst); never publish a short summary
            exc = RuntimeError(f"bulk run ended without an outcome for {self.order[self.next]}")
            self.dataset.abandon(RuntimeError, exc)
            self._stack.__exit__(RuntimeError, exc, None)  # removes the temporary files
            raise exc
        if kind is not None:
            self.dataset.abandon(kind, exc)
        self._stack.__exit__(kind, exc, tb)
        if kind is None:
            self.cross_checks = cross_check(self.facts)
            with atomic_open(self.out / CROSS, bom=True, durable=False) as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(CROSS_COLUMNS)
                writer.writerows(c.as_row() for c in self.cross_checks)
            self.dataset.finish(self.cross_checks)
            self.notes += self.dataset.notes


def _field(value: str | int | float | list[str] | None) -> str:
    """A typed summary value as summary.csv writes it."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
