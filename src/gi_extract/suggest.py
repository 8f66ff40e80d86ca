"""Doubt where it belongs for values read by OCR: their confidence, a warning on the doubtful ones, and
one-digit corrections that would make the failing checks hold, said, never applied.

OCR misreads digits (``8`` for ``3``, ``1`` for ``7``), and the recogniser knows when it is
unsure. Each value read from a scanned page carries the confidence of its least sure character
and the pixel box of its cell; below :data:`LOW_CONFIDENCE` the cell gets ``ocr_low_confidence``.
The template's arithmetic then catches most misreads. Where changing one digit of one
low-confidence value makes *every* failing check hold, and breaks no check that held, that
change is an ``ocr_suggestion`` warning on the cell, naming the value it would take; the value
itself stays as read. Nothing here runs for a report without OCR'd cells.

:func:`annotate` is the one call the pipeline makes, after the checks (it is idempotent);
:func:`suggest_digits` is pure and works on any report whose cells carry confidences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .grid import Cell, Document
from .model import CheckOut, Number, Report
from .template import Rule, registry
from .warnings import GiWarning, warning

LOW_CONFIDENCE = 0.9
"""A value whose least sure character the recogniser scored below this is in doubt (``ocr_low_confidence``).
Measured on the scan fixtures and rasterised corpus reports: correctly read digits score above 0.97 almost
always; the misreads seen scored lower."""
MAX_SUGGESTIONS = 3
"""More one-digit corrections than this that all make the checks hold say nothing: none is suggested."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Changing ``key`` from ``value`` to ``suggested`` (one digit) makes every failing check in ``fixes`` hold."""

    key: str
    value: int
    suggested: int
    confidence: float
    fixes: tuple[str, ...]


def annotate(report: Report, doc: Document) -> None:
    """Carry the OCR facts of ``doc``'s cells into ``report``: confidence and box per cell, and the warnings.

    Cells are matched by their provenance (table, row, column of the source grid). Warnings already
    present are not added twice, so calling this again is harmless.
    """
    cells = _ocr_cells(doc)
    if not cells:
        return
    for out in report.cells:
        cell = cells.get((out.table, out.row, out.col)) if out.table is not None else None
        if cell is None:
            continue
        out.box = list(cell.box) if cell.box else None
        out.confidence = cell.confidence
    new: list[GiWarning] = []
    for out in report.cells:
        if out.confidence is not None and out.confidence < LOW_CONFIDENCE and out.value is not None:
            where = f"page {out.page}, pixels {','.join(map(str, out.box or []))}"
            text = f"{out.key}: {out.raw!r} read by OCR with confidence {out.confidence:.2f} ({where})"
            new.append(warning("ocr_low_confidence", text, out.key))
    suggestions = suggest_digits(report)
    for s in suggestions:
        others = f"; one of {len(suggestions)} possible corrections" if len(suggestions) > 1 else ""
        text = (
            f"{s.key}: read {s.value} (OCR confidence {s.confidence:.2f}); {s.suggested} would make every failing "
            f"check hold ({', '.join(s.fixes)}){others}; not applied"
        )
        new.append(warning("ocr_suggestion", text, s.key))
    seen = {(w.code, w.key, w.message) for w in report.warnings}
    report.warnings += [w for w in new if (w.code, w.key, w.message) not in seen]


def _ocr_cells(doc: Document) -> dict[tuple[int | None, int | None, int | None], Cell]:
    """Every cell read by OCR, by its provenance (table, source row, source column)."""
    out: dict[tuple[int | None, int | None, int | None], Cell] = {}
    for grid in doc.grids:
        for row in grid.cells:
            for cell in row:
                if not cell.is_covered and cell.box is not None:
                    out[(cell.source.table, cell.source.row, cell.source.col)] = cell
    return out


def suggest_digits(report: Report, low: float = LOW_CONFIDENCE) -> list[Suggestion]:
    """One-digit changes of one low-confidence value that make every failing check hold and break none.

    Only checks with status ``fail`` count as failing (a sum broken by blank cells is ``incomplete``:
    no digit was misread there). A candidate value must appear in every failing check; each digit
    of it is tried with the nine others (no leading zero). Returns nothing when there are more than
    :data:`MAX_SUGGESTIONS` answers: the arithmetic does not single out a correction then.
    """
    failing = [c for c in report.checks if c.status == "fail"]
    if not failing:
        return []
    sums = {id(c): _split(report, c) for c in report.checks}
    values: dict[str, Number] = {c.key: c.value for c in report.cells}
    out: list[Suggestion] = []
    for cell in report.cells:
        if cell.confidence is None or cell.confidence >= low or not isinstance(cell.value, int) or cell.blank:
            continue
        if not all(cell.key in c.cells for c in failing):
            continue
        touched = [c for c in report.checks if cell.key in c.cells and c.status in ("pass", "fail")]
        for alternative in _one_digit_changes(cell.value):
            changed = {**values, cell.key: alternative}
            if all(_holds(sums[id(c)], changed) for c in touched):
                fixes = tuple(_name(c) for c in failing)
                out.append(Suggestion(cell.key, cell.value, alternative, cell.confidence, fixes))
    return out if len(out) <= MAX_SUGGESTIONS else []


def _one_digit_changes(value: int) -> list[int]:
    """Every number that differs from ``value`` in exactly one digit (same sign, same length, no leading zero)."""
    digits = str(abs(value))
    sign = -1 if value < 0 else 1
    out: list[int] = []
    for i, old in enumerate(digits):
        for new in "0123456789":
            if new == old or (i == 0 and new == "0" and len(digits) > 1):
                continue
            out.append(sign * int(digits[:i] + new + digits[i + 1 :]))
    return out


def _split(report: Report, check: CheckOut) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A check's cells as (left, right) sums, from its rule in the edition its table follows."""
    if not check.cells:
        return None
    table = check.cells[0].split(".", 1)[0]
    found = report.tables.get(table)
    name = found.template if found and found.template else report.report.template
    reg = registry()
    edition = reg.editions.get(str(name)) if name else None
    rule: Rule | None = next((r for r in edition.rules if r.id == check.id), None) if edition else None
    if rule is None:
        return None
    n = len(rule.left)
    return tuple(check.cells[:n]), tuple(check.cells[n:])


def _holds(sides: tuple[tuple[str, ...], tuple[str, ...]] | None, values: Mapping[str, Number]) -> bool:
    """Whether sum(left) == sum(right) with these values (False when a side cannot be summed)."""
    if sides is None:
        return False
    left = [values.get(k) for k in sides[0]]
    right = [values.get(k) for k in sides[1]]
    if any(v is None for v in (*left, *right)):
        return False
    return abs(sum(v for v in left if v is not None) - sum(v for v in right if v is not None)) < 1e-9


def _name(check: CheckOut) -> str:
    """``applications.row_total[new_received]``: a check's rule and the row or column it was applied to."""
    where = check.row or check.column
    return f"{check.id}[{where}]" if where else check.id
