"""Glued runs solved: each row's digit run split into cells under the edition's sums, cells and doubts given.

The second half of reading glued text (:mod:`.glued` finds the rows): :func:`solve` hands every
row's run to :func:`gi_extract.segment.segment` with the table's identities, gives each cell every
split agrees on, and says why the others are null; :func:`_trace` is what ``inspect`` prints.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..segment import Bound, Identity, Reading, Reason, Run, Segmentation, segment
from ..segment import Cell as SegCell
from ..template import Column, Edition, Rule
from ..values import Kind, parse_value
from ..warnings import GiWarning, warning
from .fillers import trailing_marks_optional
from .gluedblank import blank_zeros, zeros_short
from .gluedplace import place_spaced, placed_cells
from .gluedtext import BLANK_LINE, COUNT_UNIT, Chunk
from .identities import table_identities
from .rows import CellValue, Glued, TableResult, note_warning, seen_before

_UNIT = {"count": "count", "signed": "signed", "yuan": "amount", "wan_yuan": "amount"}
MAX_RELAXATIONS = 24
"""Identities dropped one at a time to settle cells around a publisher's error (each a new search)."""
AMBIGUOUS_SHOWN = 4
"""Readings a ``segmentation_ambiguous`` message lists (``inspect`` shows the trace's five)."""


def _run(key: str, part: Chunk, cols: tuple[Column, ...]) -> tuple[Run, bool]:
    """The row's digit run as the segmenter takes it (a blank cell's line is a 0, a count's unit a
    boundary), and whether the row is blank: printed with no number (:func:`.gluedblank.blank_rows`)
    or with only zeros, short of its cells (:func:`.gluedblank.zeros_short`). A blank row goes to the
    segmenter as a zero in every cell, so the table's sums hold it at what the output gives it."""
    kinds = tuple(_UNIT[c.unit] for c in cols)
    digits = COUNT_UNIT.sub(" ", BLANK_LINE.sub("0", part.run))  # same length: spans still point into the run
    if len(digits.split()) > len(cols):
        digits = part.run  # more lines than cells: the blank lines pad a merged cell, they are no cells
    blank = not part.run or zeros_short(digits, len(cols))
    text = " ".join("0" * len(cols)) if blank else digits
    return Run(key, text, tuple(c.key for c in cols), kinds, part.run_start), blank  # type: ignore[arg-type]


def _readable_first(
    rows: list[tuple[str, str, float, Chunk]], columns: dict[str, tuple[Column, ...]], order: Sequence[str]
) -> list[tuple[str, str, float, Chunk]]:
    """The rows in print order, but a row named above its table has first the print that has its cells.

    A sentence above the table may name a row (``涵盖政策及规范性文件类5条、规划计划类1条``): its
    label is followed by one number, or words, never the row's cells. A first print is taken for
    such a mention when the next row printed comes before it in the template's ``order`` (the
    table has not begun) and its run has no reading on its own (token rules and the row's count
    of cells), while a later print's has: then the later print is read. Otherwise the first print
    stays first, as in a grid: a table row with a blank cell is not given up for a sentence after
    the table that names the row with digits enough (``本年度清理规章104件``).
    """
    rank = {key: n for n, key in enumerate(order)}
    prints: dict[str, list[int]] = {}
    for n, (key, *_) in enumerate(rows):
        prints.setdefault(key, []).append(n)
    places = list(range(len(rows)))
    for key, (first, *later) in prints.items():
        after = next((r[0] for r in rows[first + 1 :] if r[0] != key), None)
        above_table = after in rank and key in rank and rank[after] < rank[key]
        if not later or not above_table or _readable(rows[first], columns):
            continue
        chosen = next((n for n in later if _readable(rows[n], columns)), None)
        if chosen is not None:  # the chosen print and the first change places
            places[first], places[chosen] = chosen, first
    return [rows[n] for n in places]


def _readable(row: tuple[str, str, float, Chunk], columns: dict[str, tuple[Column, ...]]) -> bool:
    """Whether the print has its cells: a row printed with no number has none to prefer to another print."""
    key, *_, part = row
    run, blank = _run(key, part, columns[key])
    return not blank and bool(segment([run], []).rows[key].readings)


def solve(
    table: str,
    edition: Edition,
    rows: list[tuple[str, str, float, Chunk]],
    columns: dict[str, tuple[Column, ...]],
    rules: Sequence[Rule],
    identities: list[Identity] | None = None,
) -> Glued:
    result = TableResult(table, True, edition.name, {})
    assert result.rows is not None
    runs: list[Run] = []
    blank: set[str] = set()
    kept: list[tuple[str, str, float, Chunk]] = []
    for key, label, score, part in _readable_first(rows, columns, list(edition.tables[table].cells)):
        if seen_before(result, key, part.text.strip()[-20:], "the first that prints its cells"):
            continue
        result.rows[key] = {}
        kept.append((key, label, score, part))
        run, empty = _run(key, part, columns[key])
        runs.append(run)
        if empty:
            blank.add(key)
    printed = [key for key, *_ in kept]
    idents = identities if identities is not None else table_identities(table, rules, printed, columns)
    bounds = [
        Bound(row, b.column, b.at_least) for b in edition.bounds if b.table == table for row in b.rows if row in printed
    ]
    solved = segment(runs, idents, bounds=bounds)
    if table == "active_disclosure":
        solved = trailing_marks_optional(runs, idents, bounds, solved)
    placed = place_spaced(runs, idents, solved)
    glued = Glued(result, _trace(table, kept, solved))
    assumed = "; ".join(b.text for b in edition.bounds if b.table == table)
    relaxed = _relaxed(runs, idents, solved) if solved.consistent is False else {}
    if relaxed:
        glued.trace.append(
            f"  with one broken identity allowed, {len(relaxed)} more cells are the same in every reading"
        )
    for key, label, score, part in kept:
        if key in blank:
            blank_zeros(result, key, score, part, columns[key])
            why = "no number but 0, short of its cells" if part.run else "its label runs into the next row's, no number"
            glued.trace.append(f"  {key}: {why}: its cells not printed were blank, all 0")
            continue
        if key in placed:
            placed_cells(result, key, score, part, columns[key], placed[key])
            how = "its lines merged" if placed[key].merged else "its numbers placed among blank cells"
            glued.trace.append(f"  {key}: {how} by the sums: {placed[key].values}")
            continue
        _cells(result, key, label, score, part, columns[key], solved, relaxed, assumed)
    return glued


Settled = dict[tuple[str, str], tuple[SegCell, str]]


def _relaxed(runs: list[Run], idents: list[Identity], solved: Segmentation) -> Settled:
    """Cells a publisher's single error leaves determined: the same in every reading that breaks one identity.

    When the printed numbers break an identity, no reading satisfies them all and the cells the
    broken sum ties together stay open. Dropping, one at a time, each identity the solver names
    at fault, the readings that satisfy all the others are searched; a cell every such reading
    (of every drop that leaves a consistent table) agrees on is as determined as the publisher's
    arithmetic allows, and the check that fails afterwards names the broken sum.
    """
    named = {c.identity for c in solved.conflicts}
    rows = {r for c in solved.conflicts for r in c.rows}
    suspects = [
        i for i, ident in enumerate(idents) if ident.id in named and {r for r, _ in ident.left + ident.right} & rows
    ]
    found: list[tuple[Segmentation, str]] = []
    for i in suspects[:MAX_RELAXATIONS]:
        attempt = segment(runs, idents[:i] + idents[i + 1 :])
        if attempt.consistent:
            found.append((attempt, idents[i].id))
    out: Settled = {}
    if not found:
        return out
    for cell_key, cell in found[0][0].cells.items():
        if solved.cells[cell_key].value is not None or cell.value is None:
            continue
        others = [attempt.cells[cell_key] for attempt, _ in found[1:]]
        if all(o.value == cell.value and o.span == cell.span for o in others):
            out[cell_key] = (cell, " or ".join(sorted({name for _, name in found})))
    return out


def _cells(
    result: TableResult,
    key: str,
    label: str,
    score: float,
    part: Chunk,
    cols: tuple[Column, ...],
    solved: Segmentation,
    relaxed: Settled,
    assumed: str,
) -> None:
    """The solver's verdict on one row, as cells and warnings."""
    assert result.rows is not None
    row = solved.rows[key]
    printed = part.text.strip()[-30:]
    for column in cols:
        cell_key = f"{result.table}.{key}.{column.key}"
        cell = solved.cells[(key, column.key)]
        broken = ""
        if (key, column.key) in relaxed:
            cell, broken = relaxed[(key, column.key)]
        if cell.value is None:
            result.rows[key][column.key] = None
            result.cells.append(CellValue(cell_key, None, "", False, None, printed, score))
            result.warnings.append(_doubt(cell.reason, cell_key, part.run, solved, row.candidates))
            continue
        if cell.span is None:  # every split gives the value, from other digits (3336: 3 | 3 | 36, 33 | 3 | 6)
            raw = f"{cell.value}{cell.unit or ''}"
        else:
            raw = part.run[cell.span[0] - part.run_start : cell.span[1] - part.run_start]
        parsed = parse_value(raw, Kind(column.unit))
        result.rows[key][column.key] = parsed.value
        result.cells.append(CellValue(cell_key, parsed.value, raw, parsed.blank, None, printed, score, cell.span))
        if cell.span is None:
            message = (
                f"{cell_key}: {raw!r} in every split of the glued digits {part.run.strip()!r} that"
                f" {'keeps ' + assumed if cell.reason is Reason.BOUNDED else 'the sums allow'},"
                " printed by other digits in each (no one place to point to)"
            )
            code = "segmented_by_bounds" if cell.reason is Reason.BOUNDED else "segmented_by_sums"
            result.warnings.append(warning(code, message, cell_key))
        elif broken:
            message = (
                f"{cell_key}: {raw!r} read from the glued digits {part.run.strip()!r}, the same in every split"
                f" that lets only {broken} be broken (the printed numbers break it)"
            )
            result.warnings.append(warning("segmented_by_sums", message, cell_key))
        elif cell.reason is Reason.BOUNDED:
            message = (
                f"{cell_key}: {raw!r} read from the glued digits {part.run.strip()!r}: they split several ways,"
                f" and every split that keeps {assumed} gives this (a plausibility, not the template's sums)"
            )
            result.warnings.append(warning("segmented_by_bounds", message, cell_key))
        elif row.readings == 1 and row.note:
            message = (
                f"{cell_key}: {raw!r} read from the glued digits {part.run.strip()!r}: their only split, but {row.note}"
                " (the check below says which): a cell the publisher left blank, which a crawler keeps nothing of,"
                " shifts every number after it"
            )
            result.warnings.append(warning("segmented_sum_fails", message, cell_key))
        elif row.readings == 1 and (row.ways == 1 or row.checked_across):
            how = (
                "their only split"
                if row.ways == 1
                else "the only split its own sums allow; the sums across rows hold with it"
            )
            message = f"{cell_key}: {raw!r} read from the glued digits {part.run.strip()!r} ({how})"
            result.warnings.append(warning("segmented", message, cell_key))
        elif row.readings == 1:
            message = (
                f"{cell_key}: {raw!r} read from the glued digits {part.run.strip()!r}: they split several ways and"
                " only this one keeps the row's own sums, which nothing else checks (a mistyped number there"
                " could hide behind another split)"
            )
            result.warnings.append(warning("segmented_by_sums", message, cell_key))
        else:
            message = f"{cell_key}: {raw!r} read from the glued digits {part.run.strip()!r} (only split the sums allow)"
            result.warnings.append(warning("segmented_by_sums", message, cell_key))
        if parsed.problem:
            result.warnings.append(warning("value_unreadable", f"{cell_key}: {parsed.problem}", cell_key))
        elif parsed.note:
            result.warnings.append(note_warning(cell_key, parsed))


def _doubt(reason: Reason, key: str, run: str, solved: Segmentation, candidates: Sequence[Reading]) -> GiWarning:
    if reason is Reason.AMBIGUOUS:
        splits = [" | ".join(map(str, r.values)) for r in candidates if r.viable is not False]
        more = ", …" if len(splits) > AMBIGUOUS_SHOWN else ""
        listed = f" ({', '.join(splits[:AMBIGUOUS_SHOWN])}{more})" if splits else ""
        return warning(
            "segmentation_ambiguous", f"{key}: the glued digits {run.strip()!r} split several ways{listed}; null", key
        )
    if reason is Reason.CONFLICT:
        named = ", ".join(f"{c.identity} ({', '.join(c.rows)})" for c in solved.conflicts) or "the table's sums"
        return warning(
            "segmentation_failed",
            f"{key}: no split of {run.strip()!r} satisfies {named}: the printed numbers break the arithmetic; null",
            key,
        )
    what = "has no split into numbers" if reason is Reason.NO_SEGMENTATION else "took too long to split"
    return warning("segmentation_failed", f"{key}: the glued text {run.strip()!r} {what}; null", key)


def _trace(table: str, rows: list[tuple[str, str, float, Chunk]], solved: Segmentation) -> list[str]:
    """For ``inspect``: each glued row, its digit run and the splits considered."""
    out = [f"glued table {table}: {len(rows)} rows, {solved.steps} search steps, consistent={solved.consistent}"]
    for key, label, _, part in rows:
        row = solved.rows[key]
        out.append(f"  {key} ← {label!r}: {part.run.strip()!r} [{row.status.value}, {row.readings} reading(s)]")
        for reading in row.candidates:
            values = " | ".join(str(v) for v in reading.values)
            mark = "" if reading.viable is None else ("  ✓" if reading.viable else "  ✗")
            out.append(f"      {values}{mark}{'' if reading.in_bounds else '  (breaks a bound)'}")
    for conflict in solved.conflicts:
        out.append(f"  conflict: {conflict.identity} over {', '.join(conflict.rows)}")
    return out
