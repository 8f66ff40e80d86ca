"""The review of a whole bulk run: ``findings.csv`` (and ``findings.xlsx``) beside its summaries.

Called once at the end of ``gi-extract bulk``, after ``reports.jsonl`` is complete: every report
of the run is reviewed exactly as ``gi-extract check`` reviews it (same findings, same ids), with
the decisions kept beside each input file when the run knows where its inputs are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..errors import OutputError
from ..model import Report, validate
from ..output import atomic_open
from .build import review
from .decisions import load, sidecar
from .findings import Review
from .xlsx import FINDING_COLUMNS, finding_row, save_workbook

FINDINGS_CSV = "findings.csv"
FINDINGS_XLSX = "findings.xlsx"
REPORTS = "reports.jsonl"
CSV_COLUMNS = [name for name, _ in FINDING_COLUMNS]
"""findings.csv has the findings sheet's columns: report, agency, year, edition, id, status, … decision, note."""


def reports_of_run(out: Path) -> Iterator[Report]:
    """The reports of a bulk run, from its ``reports.jsonl`` (one compact report per line), in path order."""
    with (out / REPORTS).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield validate(line)


def review_run(reports: Iterable[Report], inputs: Mapping[str, Path] | None = None) -> Iterator[Review]:
    """Each report reviewed, with the decisions beside its input (``inputs``: report path → input file)."""
    for report in reports:
        source = (inputs or {}).get(report.source.path)
        yield review(report, load(sidecar(source)) if source is not None else None)


def write_bulk_findings(out: Path, inputs: Mapping[str, Path] | None = None, xlsx: bool = False) -> list[Review]:
    """Write ``out/findings.csv`` (UTF-8 with BOM, every finding that did not pass) and, with ``xlsx``,
    ``out/findings.xlsx`` (the findings sheet and one sheet per report), each whole or not at all.

    ``inputs`` maps each report's path as the run names it (``summary.csv``'s ``path``) to its
    input file, where the reviewer's decisions are looked for (``report.docx.review.json``).
    Returns the reviews, for the caller's exit code (``Review.failing``).
    """
    reviews = list(review_run(reports_of_run(out), inputs))
    try:
        with atomic_open(out / FINDINGS_CSV, bom=True, durable=False) as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            for r in reviews:
                writer.writerows(finding_row(r, f) for f in r.problems)
    except OSError as exc:
        raise OutputError(f"{out / FINDINGS_CSV}: cannot write ({exc.strerror or exc})") from None
    if xlsx:
        save_workbook(out / FINDINGS_XLSX, reviews)
    return reviews
