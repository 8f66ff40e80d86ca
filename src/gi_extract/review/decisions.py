"""A reviewer's decisions, kept in a small sidecar file beside the report and applied on every run.

``report.docx`` → ``report.docx.review.json``::

    {"about": "…", "decisions": {"3f9a1c2b7d4e": {"decision": "dismissed", "note": "总计 left blank on purpose",
                                                  "decided": "2025-03-01", "rule": "applications.row_total",
                                                  "where": "表三 （一）予以公开 总计"}}}

Keys are finding ids (:func:`gi_extract.review.findings.fingerprint`), so a decision finds its
finding again after the report is re-extracted or the tool upgraded. ``rule`` and ``where`` are
only for the person reading the file. A decision whose finding is gone (the publisher corrected
the table) is kept in the file and shown as such. The file is JSON a person may edit; one that
cannot be read is an error naming it, never silently ignored (a dismissed failure would come back).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import GiExtractError
from ..output import write_atomic
from .findings import Decision, Finding, Review

SUFFIX = ".review.json"
ABOUT = (
    "gi-extract check: a reviewer's decisions on this report's findings (finding id → confirmed or dismissed,"
    " with a note). Edit by hand or with gi-extract check FILE --confirm ID / --dismiss ID --note TEXT."
)
VALUES = ("confirmed", "dismissed")


class DecisionsError(GiExtractError):
    """A sidecar file that cannot be read or holds something else than decisions (exit 2: the user's file)."""

    exit_code = 2


def sidecar(report_path: Path) -> Path:
    """Where a report's decisions are kept: beside it, its name + ``.review.json``."""
    return report_path.with_name(report_path.name + SUFFIX)


def load(path: Path) -> dict[str, Decision]:
    """The decisions in a sidecar file (none when there is no file)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DecisionsError(f"{path}: cannot read the decisions file ({exc})") from None
    items = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(items, dict):
        raise DecisionsError(f'{path}: a decisions file holds {{"decisions": {{finding id: …}}}}')
    out = {}
    for fid, entry in items.items():
        value = entry.get("decision") if isinstance(entry, dict) else None
        if value not in VALUES:
            raise DecisionsError(f"{path}: finding {fid}: decision must be confirmed or dismissed, not {value!r}")
        out[str(fid)] = Decision(value, str(entry.get("note", "")), str(entry.get("decided", "")))
    return out


def apply(review: Review, decisions: dict[str, Decision]) -> None:
    """Attach each decision to its finding; those whose finding is gone become ``review.stale``."""
    by_id = {f.id: f for f in review.findings}
    for fid, decision in decisions.items():
        if fid in by_id:
            by_id[fid].decision = decision
        else:
            review.stale[fid] = decision


def record(path: Path, findings: Iterable[Finding], decision: str, note: str, today: dt.date | None = None) -> None:
    """Add (or replace) the decision on each finding in the sidecar at ``path``, atomically."""
    if decision not in VALUES:
        raise DecisionsError(f"decision must be confirmed or dismissed, not {decision!r}")
    data: dict[str, Any]
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        data = {"about": ABOUT, "decisions": {}}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DecisionsError(f"{path}: cannot read the decisions file ({exc})") from None
    if path.exists():
        load(path)  # the same checks as on reading, before anything is written
    entries = data.setdefault("decisions", {})
    day = (today or dt.date.today()).isoformat()
    for f in findings:
        entries[f.id] = {"decision": decision, "note": note, "decided": day, "rule": f.rule, "where": f.where or f.text}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
