"""The review on a terminal (rich): colours on a terminal, the same words as plain text in a file or pipe.

Everything printed is built as :class:`rich.text.Text`, never as console markup: report text
holds brackets (【】, [bookmark]) that markup would take for tags.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .findings import STATUS_TEXT, Finding, Review
from .view import MARK, counts, decision_text, doubt_groups, header, sections

STYLE = {"fail": "bold red", "cannot_tell": "yellow", "pass": "green"}
PLACES_SHOWN = 6
"""Cells listed per doubt code on a terminal; the HTML page and the workbook list them all."""


def _finding(f: Finding) -> RenderableType:
    head = Text()
    head.append(f"{MARK[f.status]} {STATUS_TEXT[f.status]}", style=STYLE[f.status])
    head.append(f"  {f.title}", style="bold")
    head.append(f"  [{f.id}]", style="dim")
    parts: list[RenderableType] = [head, Padding(Text(f.text), (0, 0, 0, 4))]
    for hint in f.hints:
        parts.append(Padding(Text("→ " + hint.text, style="cyan"), (0, 0, 0, 4)))
    if f.doubts:
        line = f"extraction doubt on these cells ({', '.join(f.doubts)}): this may be how the file was read"
        parts.append(Padding(Text("⚠ " + line, style="magenta"), (0, 0, 0, 4)))
    if f.decision:
        parts.append(Padding(Text("decision: " + decision_text(f), style="bold blue"), (0, 0, 0, 4)))
    return Group(*parts)


def renderables(review: Review) -> list[RenderableType]:
    """One report's review as rich renderables, in reading order."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    for label, value in header(review):
        grid.add_row(label, value)
    grid.add_row("findings", counts(review))
    out: list[RenderableType] = [Panel(grid, title=Text(review.report.report.agency or review.report.source.path))]
    rules = Table(title="Rules", title_justify="left", show_edge=False, box=None, padding=(0, 1))
    rules.add_column("")
    rules.add_column("rule")
    rules.add_column("wording")
    rules.add_column("results", justify="right")
    for rule, title, status, by in review.rules():
        tally = ", ".join(f"{n} {STATUS_TEXT[s]}" for s, n in sorted(by.items()))
        rules.add_row(Text(MARK[status], style=STYLE[status]), rule, title, tally)
    out.append(rules)
    for title, findings in sections(review):
        out.append(Text("\n" + title, style="bold underline"))
        out += [_finding(f) for f in findings]
    if not review.problems:
        out.append(Text("\nEvery rule holds.", style="green"))
    groups = doubt_groups(review)
    if groups:
        out.append(
            Text("\nExtraction doubts (how values were read; not the publisher's errors)", style="bold underline")
        )
        for g in groups:
            places = g.places
            more = f" and {len(places) - PLACES_SHOWN} more" if len(places) > PLACES_SHOWN else ""
            line = Text()
            line.append(f"{g.code} ({g.severity}) × {len(g.doubts)}", style="magenta")
            line.append(f": {g.meaning}. What to do: {g.action}.\n    {'; '.join(places[:PLACES_SHOWN])}{more}")
            out.append(line)
    if review.notes:
        out.append(Text("\nNotes: " + "; ".join(review.notes), style="dim"))
    if review.stale:
        gone = ", ".join(f"{fid} ({d.decision})" for fid, d in review.stale.items())
        out.append(Text(f"\nDecisions whose finding is gone (corrected?): {gone}", style="dim"))
    return out


def render(reviews: Sequence[Review], console: Console) -> None:
    """Print every review, a rule between reports."""
    for n, review in enumerate(reviews):
        if n:
            console.rule()
        for item in renderables(review):
            console.print(item)


def to_text(reviews: Sequence[Review], width: int = 120) -> str:
    """The review as plain text (no colours), as ``-o FILE`` writes it."""
    buf = io.StringIO()
    render(reviews, Console(file=buf, width=width, color_system=None, force_terminal=False, emoji=False))
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"
