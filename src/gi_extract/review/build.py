"""Building a review: ``review(report)`` turns an extracted :class:`~gi_extract.model.Report` into a
:class:`~gi_extract.review.findings.Review`: the template's arithmetic as sentences naming
their cells (:mod:`.arithmetic`), departures from the form (:mod:`.form`), figures stated in
the prose against the tables (:mod:`.prose`), and the reader's doubts kept apart. The
renderers (:mod:`.text`, :mod:`.markdown`, :mod:`.html`, :mod:`.xlsx`) only lay a review out;
:mod:`.decisions` keeps a reviewer's decisions beside the report. Data flows one way: nothing
here reads a report file except through :func:`gi_extract.api.extract`.
"""

from __future__ import annotations

from ..model import Report
from .arithmetic import arithmetic_findings
from .findings import Cells, Decision, Doubt, Finding, Review, identity
from .form import FINDING_CODES, form_findings, warning_finding
from .prose import prose_findings

DOUBT_SEVERITIES = ("doubt", "missing")
"""Warnings that put a value in doubt (or leave it null); ``info`` ones only say how it was read."""
EDITION_CODES = ("template_mixed", "template_year")
"""Said table by table by the edition findings."""


def _doubts(report: Report, cells: Cells, identity_: str) -> tuple[list[Doubt], list[str]]:
    """The reader's warnings that are not findings: about cells, rows or tables (doubts) or the report (notes)."""
    doubts: list[Doubt] = []
    notes: list[str] = []
    for w in report.warnings:
        if w.code in EDITION_CODES or (
            w.code in FINDING_CODES and warning_finding(report, w, cells, identity_) is not None
        ):
            continue
        if w.key is None and w.severity not in DOUBT_SEVERITIES:
            notes.append(f"{w.code}: {w.message}")
            continue
        keys = [c.key for c in report.cells if w.key and (c.key == w.key or c.key.startswith(w.key + "."))]
        if w.key and "." not in w.key:
            keys = []  # a whole table: its cells are the table
        doubts.append(Doubt(w.code, w.severity, w.message, w.key, tuple(cells.ref(k) for k in keys)))
    return doubts, notes


def _doubted(findings: list[Finding], doubts: list[Doubt]) -> None:
    """Name on each finding the doubts on its cells: a failure there may be the reading's, not the publisher's."""
    by_key: dict[str, list[str]] = {}
    for d in doubts:
        if d.severity in DOUBT_SEVERITIES:
            for c in d.cells:
                by_key.setdefault(c.key, []).append(d.code)
            if d.key and "." not in d.key:
                by_key.setdefault(d.key, []).append(d.code)
    for f in findings:
        codes = [code for c in f.cells for code in by_key.get(c.key, [])]
        codes += by_key.get(f.table or "", [])
        f.doubts = list(dict.fromkeys(codes))


def review(report: Report, decisions: dict[str, Decision] | None = None) -> Review:
    """The findings of one report (passes included), its doubts and notes, with ``decisions`` applied."""
    from .decisions import apply

    who = identity(report)
    cells = Cells(report)
    findings = [
        *form_findings(report, cells, who),
        *arithmetic_findings(report, cells, who),
        *prose_findings(report, cells, who),
    ]
    doubts, notes = _doubts(report, cells, who)
    _doubted(findings, doubts)
    result = Review(report, who, findings, doubts, notes)
    if decisions:
        apply(result, decisions)
    return result
