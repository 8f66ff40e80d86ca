"""Finding the three standard tables (二, 三, 四) and the six report sections.

A table is recognised by its own words first (its *signature*: the template labels it
contains), and by the section heading above it second. Position alone is never used:
unrelated tables stand before and between the standard ones, and table 三's last row
``四、结转下年度继续办理`` looks like the heading of section 四 (template.md §1 hazard) — only
paragraphs can be headings here, never table cells.

A standard table printed as several grids (split across pages, or table 二 as one grid
per 第二十条 block) comes back as one run of grids: consecutive grids of the same table,
plus signature-less fragments (e.g. a data row alone on the next page) that follow a
grid of that table before any new heading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .grid import Document, Grid, Paragraph
from .labels import count_in, normalise
from .template import MIN_SIGNATURE, registry
from .template.headings import MAX_HEADING_CHARS, section_of
from .warnings import GiWarning, warning


@dataclass
class Located:
    """One standard table as found: its grids in order, and why they were chosen."""

    table: str
    grids: list[Grid] = field(default_factory=list)
    score: int = 0
    reasons: dict[int, str] = field(default_factory=dict)
    """Grid index → why the grid was taken for this table (``inspect`` shows it)."""
    captions: dict[int, str] = field(default_factory=dict)
    """Grid index → the short paragraph printed just above it (a converter's heading over a piece
    of a split table, an HTML ``<caption>``): what a piece without labels of its own is."""


@dataclass
class Layout:
    """What locate found in a document: tables, section headings and the doubts met."""

    tables: dict[str, Located]
    headings: dict[str, int]
    warnings: list[GiWarning]
    paragraphs: list[tuple[str | None, Paragraph]] = field(default_factory=list)
    """Every paragraph that is not a heading, with the canonical heading of the section it stands in."""


def signature(grid: Grid) -> dict[str, int]:
    """How many of each table's signature words the grid contains."""
    text = normalise(grid.text())
    return {table: count_in(text, words) for table, words in registry().signatures.items()}


def classify(grid: Grid) -> tuple[str | None, int]:
    """The standard table a grid belongs to by its words, with the score (None below the minimum).

    Tie-break: the higher score wins; on equal scores the earlier table in template order.
    """
    return _best(signature(grid))


def _best(scores: dict[str, int]) -> tuple[str | None, int]:
    best = max(registry().table_ids, key=lambda t: scores[t])
    return (best, scores[best]) if scores[best] >= MIN_SIGNATURE else (None, scores[best])


def locate(doc: Document) -> Layout:
    """Find the standard tables and section headings of a document."""
    headings: dict[str, int] = {}
    runs: list[Located] = []
    warnings: list[GiWarning] = []
    section_table = registry().section_tables
    paragraphs: list[tuple[str | None, Paragraph]] = []
    current: str | None = None
    section: str | None = None
    heading_since_grid = True
    caption: str | None = None
    for i, block in doc.iter_blocks():
        if isinstance(block, Paragraph):
            heading = section_of(block.text)
            if heading:
                headings.setdefault(heading, i)
                current, section = heading, heading[0]
                heading_since_grid = True
                caption = None
            else:
                paragraphs.append((current, block))
                caption = block.text.strip() if len(block.text.strip()) <= MAX_HEADING_CHARS else None
            continue
        above, caption = caption, None
        scores = signature(block)
        table, score = _best(scores)
        reason = "signature"
        if table is None:
            if runs and not heading_since_grid:
                table, reason = runs[-1].table, "continues the grid before it"
            elif section in section_table:
                table, reason = section_table[section], f"under heading {section}、"
            else:
                heading_since_grid = False
                continue
        if runs and runs[-1].table != table and not heading_since_grid and scores[runs[-1].table] >= 1:
            # it ends the table before it too (a converter joined their grids): right after that table, with
            # no heading between, one of its words is enough (its last rows: only 结转下年度 among them)
            runs[-1].grids.append(block)
            runs[-1].reasons[block.index] = f"its end printed in a grid of table {registry().numeral(table)}"
        heading_since_grid = False
        if runs and runs[-1].table == table:
            runs[-1].grids.append(block)
            runs[-1].reasons[block.index] = reason
            runs[-1].score += score
        else:
            runs.append(Located(table, [block], score, {block.index: reason}))
        if above:
            runs[-1].captions[block.index] = above
        following = _next_table(table)
        if following and scores[following] >= MIN_SIGNATURE and all(r.table != following for r in runs):
            # it starts the table after it too (a converter joined their grids)
            why = f"starts in a grid of table {registry().numeral(table)}"
            runs.append(Located(following, [block], 0, {block.index: why}))
    found: dict[str, Located] = {}
    for run in runs:
        if run.table in found:
            if run.score > found[run.table].score:
                kept, dropped = run, found[run.table]
            else:
                kept, dropped = found[run.table], run
            found[run.table] = kept
            warnings.append(
                warning(
                    "duplicate_table",
                    f"a second copy of table {registry().numeral(run.table)} was found"
                    f" (grids {_ids(dropped)} ignored, grids {_ids(kept)} used)",
                    run.table,
                )
            )
        else:
            found[run.table] = run
    return Layout(found, headings, warnings, paragraphs)


def _next_table(table: str) -> str | None:
    """The standard table after ``table`` in the template's order, if any."""
    order = registry().table_ids
    at = order.index(table)
    return order[at + 1] if at + 1 < len(order) else None


def _ids(run: Located) -> str:
    return ",".join(str(g.index) for g in run.grids)


def paragraphs_beside(doc: Document, grids: Sequence[Grid]) -> list[Paragraph]:
    """The paragraphs printed right above, between and right below a table's grids, up to a grid or
    section heading, in document order.

    PDF-to-Markdown converters sometimes end a table a row early and print that row as text
    under it, or print a row as text between two pieces of the table; where the section's
    heading went into a table cell, only the text's place next to the table tells it belongs there.
    """
    ids = {id(g) for g in grids}
    where = [i for i, b in doc.iter_blocks() if id(b) in ids]
    if not where:
        return []

    def loose(i: int) -> Paragraph | None:
        """Block ``i`` when it is a paragraph that opens no section."""
        block = doc.blocks[i]
        return block if isinstance(block, Paragraph) and not section_of(block.text) else None

    above: list[Paragraph] = []
    below: list[Paragraph] = []
    for step, start, taken in ((-1, where[0] - 1, above), (1, where[-1] + 1, below)):
        i = start
        while 0 <= i < len(doc.blocks) and (block := loose(i)) is not None:
            taken.append(block)
            i += step
    between = [block for i in range(where[0] + 1, where[-1]) if (block := loose(i)) is not None]
    return [*above[::-1], *between, *below]
