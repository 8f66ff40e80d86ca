"""The review as Markdown: for an issue tracker, a mail, or a file kept with the report."""

from __future__ import annotations

from collections.abc import Sequence

from .findings import STATUS_TEXT, Finding, Review
from .view import MARK, counts, decision_text, doubt_groups, header, sections


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _finding(f: Finding) -> list[str]:
    lines = [f"- **{MARK[f.status]} {STATUS_TEXT[f.status]}** — {f.title} `{f.id}`", f"  {f.text}"]
    lines += [f"  - → {h.text}" for h in f.hints]
    if f.doubts:
        lines.append(
            f"  - ⚠ extraction doubt on these cells ({', '.join(f.doubts)}): this may be how the file was read"
        )
    if f.decision:
        lines.append(f"  - **decision**: {decision_text(f)}")
    return lines


def review_markdown(review: Review) -> str:
    """One report's review as a Markdown section (## heading)."""
    r = review.report
    out = [f"## {r.report.agency or r.source.path} {r.report.year or ''}".rstrip(), ""]
    out += ["| | |", "|---|---|"]
    out += [f"| {label} | {_cell(value)} |" for label, value in header(review)]
    out += [f"| findings | {counts(review)} |", ""]
    out += ["| | rule | wording | results |", "|---|---|---|---|"]
    for rule, title, status, by in review.rules():
        tally = ", ".join(f"{n} {STATUS_TEXT[s]}" for s, n in sorted(by.items()))
        out.append(f"| {MARK[status]} | `{rule}` | {_cell(title)} | {tally} |")
    out.append("")
    for title, findings in sections(review):
        out += [f"### {title}", ""]
        for f in findings:
            out += _finding(f)
        out.append("")
    if not review.problems:
        out += ["Every rule holds.", ""]
    groups = doubt_groups(review)
    if groups:
        out += ["### Extraction doubts (how values were read; not the publisher's errors)", ""]
        for g in groups:
            out.append(f"- `{g.code}` ({g.severity}) × {len(g.doubts)}: {g.meaning}. What to do: {g.action}.")
            out.append(f"  {'; '.join(g.places)}")
        out.append("")
    if review.notes:
        out += ["Notes: " + "; ".join(review.notes), ""]
    if review.stale:
        gone = ", ".join(f"`{fid}` ({d.decision})" for fid, d in review.stale.items())
        out += [f"Decisions whose finding is gone (corrected?): {gone}", ""]
    return "\n".join(out)


def to_markdown(reviews: Sequence[Review]) -> str:
    """Every review, one ``##`` section each, under one title."""
    return "# gi-extract check\n\n" + "\n".join(review_markdown(r) for r in reviews)
