"""Report contents for the generated fixtures: consistent numbers for both templates.

Every fixture generator (text here; DOCX, HTML and PDF have their own scripts) renders a
report from :func:`report_values`, so the planted numbers are known exactly and written
beside each fixture as ``<name>.truth.json`` in the corpus truth format
(``../shared/corpus/*.truth.json``): ``score.py`` runs on the fixtures as on real reports.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from template_view import load

Values = dict[str, dict[str, dict[str, int | float]]]


def report_values(template: str, seed: int, single_other: bool = False) -> Values:
    """Numbers for all three tables that satisfy every arithmetic rule of the template."""
    rnd = random.Random(seed)
    tpl = load()
    active: dict[str, dict[str, int | float]] = {}
    for row, block in tpl.active_rows(template).items():
        active[row] = {}
        for col in block.columns:
            if col == "items_change":
                active[row][col] = rnd.choice([0, 12, -7, 207, -111])
            elif col == "amount_yuan":
                active[row][col] = rnd.choice([12975800, 251000, 0])
            elif col == "amount_wan_yuan":
                active[row][col] = rnd.choice([0.0, 7545.0, 24252.311082])
            else:
                active[row][col] = rnd.choice([0, 0, 3, 5, 42, 2208])
    columns = list(tpl.application_columns)
    parts = tpl.applicant_parts
    rows = [r.key for r in tpl.application_rows(template)]
    if single_other:
        first = rows.index("other.no_correction")
        rows = [r for r in rows if not r.startswith("other.")]
        rows.insert(first, "other")
    results = [r for r in rows if r not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    apps: dict[str, dict[str, int | float]] = {r: {} for r in rows}
    for col in parts:
        busy = col in ("natural_person", "commercial", "other_org")
        for r in results:
            apps[r][col] = rnd.choice([0, 0, 0, 1, 2, 9]) if busy else 0
        apps["total_processed"][col] = sum(apps[r][col] for r in results)
        apps["carried_over"][col] = rnd.choice([0, 1]) if busy else 0
        apps["carried_forward"][col] = rnd.choice([0, 2]) if busy else 0
        apps["new_received"][col] = (
            apps["total_processed"][col] + apps["carried_forward"][col] - apps["carried_over"][col]
        )
        if apps["new_received"][col] < 0:
            apps["carried_over"][col] += apps["new_received"][col]
            apps["new_received"][col] = 0
    for r in rows:
        apps[r]["total"] = sum(apps[r][c] for c in parts)
    apps = {r: {c: apps[r][c] for c in columns} for r in rows}
    reviews: dict[str, dict[str, int | float]] = {}
    for g in tpl.review_rows:
        vals = [rnd.choice([0, 0, 1, 3]) for _ in range(4)]
        reviews[g] = dict(zip(["upheld", "corrected", "other", "pending"], vals, strict=True)) | {"total": sum(vals)}
    return {"active_disclosure": active, "applications": apps, "reviews_litigation": reviews}


def write_truth(
    path: Path,
    title: str,
    agency: str,
    year: int,
    template: str,
    values: Values,
    known_errors: list[str],
    notes: list[str],
) -> None:
    """The truth file beside a fixture, in the corpus format that score.py reads."""
    truth = {
        "title": title,
        "agency": agency,
        "year": year,
        "template": template,
        "tables": values,
        "known_errors": known_errors,
        "notes": notes,
    }
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
