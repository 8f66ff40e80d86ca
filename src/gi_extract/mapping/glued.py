"""Tables printed as text with their cells run together: rows by their labels, cells by arithmetic.

A crawler saves a report page as one line (``一、本年新收政府信息公开申请数量640020470二、上年结转…``);
a copied table loses its tabs (``规章2208042``) or keeps one cell per line. No grid reader can say
where one number ends. Here the text under a standard table's heading is cut into labels and
digit runs (:func:`chunks`); each label is resolved to its template row the way grid rows are
(:mod:`.active`, :mod:`.applications`), and the runs are split into cells by
:func:`gi_extract.segment.segment` under the edition's own rules as identities (a row's 总计,
table 三's columns, table 四's groups). A value is given only where every split that satisfies
them agrees; everything else is ``null`` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..labels import best_match, normalise
from ..segment import Bound, Identity, Reading, Reason, Run, Segmentation, segment
from ..segment import Cell as SegCell
from ..template import Column, Edition, Rule, registry
from ..values import Kind, parse_value
from ..warnings import GiWarning, warning
from .applications import edition_of_rows, expected_rows
from .fillers import trailing_marks_optional
from .gluedblank import blank_rows, blank_zeros, zeros_short
from .gluedtext import BLANK_LINE, COUNT_UNIT, Chunk, chunks, has_cells, label_tails_rejoined, section_spans
from .identities import table_identities
from .ordered import in_order
from .rowlabels import RowState, resolve, shapes
from .rows import CellValue, Glued, TableResult, detect_edition, missing_rows, note_warning, seen_before

_MARKER = re.compile(r"（[一二三四五六七]）|[一二三四]、|\d{1,2}[.．、]")
"""Where a row's own label starts inside a text chunk (group labels and headers come before it)."""
_UNIT = {"count": "count", "signed": "signed", "yuan": "amount", "wan_yuan": "amount"}
MAX_RELAXATIONS = 24
"""Identities dropped one at a time to settle cells around a publisher's error (each a new search)."""
AMBIGUOUS_SHOWN = 4
"""Readings a ``segmentation_ambiguous`` message lists (``inspect`` shows the trace's five)."""
PSEUDO_ROW = "data"
"""Table 四 prints one unlabelled run of 15 cells: one run, its columns named ``group.column``."""


_THREE_LABELS = tuple({normalise(s.label) for s in shapes()} | {w for s in shapes() for w in s.words})
"""Table 三's labels, normalised: what the end of a label broken by its first number must stand in."""


def read_glued(text: str, tables: Sequence[str], fallback: Edition | None) -> dict[str, Glued]:
    """The standard tables among ``tables`` that ``text`` prints glued (those with two rows or more), or
    with their numbers apart from their labels; one tried that way and not read is there not ``found``."""
    spans = section_spans(text)
    out: dict[str, Glued] = {}
    for table in tables:
        start, end = spans.get(table, (0, len(text)))
        parts = [c for c in chunks(text, start, end) if has_cells(c.run)]
        if table == "active_disclosure":
            glued = _active(parts, text[start:end], fallback)
        elif table == "applications":
            glued = _applications(label_tails_rejoined(parts, _THREE_LABELS), fallback)
        else:
            glued = _reviews(parts, fallback or registry().latest, table in spans)
        if table != "active_disclosure" and table in spans:
            # numbers apart from their labels: only where the glued reading fell short
            glued = in_order(glued, table, text, start, end, fallback)
        if glued is not None:
            out[table] = glued
    return out


def rows_beside_table(result: TableResult, text: str, fallback: Edition | None) -> None:
    """Rows table 二's or 三's cells lack, read from the text printed beside it: a converter left them out.

    pymupdf4llm and the like sometimes end a table a row early and print that row as text under
    it (``四、结转下年度继续办`` / ``1 0 0 0 0 0 1`` / ``理``, or all on one line; table 二's
    ``行政事业性收费 24252.311082`` under its block's header, or its value over its label,
    ``0`` / ``行政许可``: :func:`_values_over_labels`). ``text`` is what stands right
    above and below the table (:func:`gi_extract.locate.paragraphs_beside`), read as glued text; a
    missing row found there with all its cells determined takes their values, and says where
    they came from (``row_beside_table``). Rows the table prints are never touched.
    """
    assert result.rows is not None
    missing = {w.key.split(".", 1)[1] for w in result.warnings if w.code == "row_missing" and w.key}
    if not missing or not text:
        return
    beside = chunks(text, 0, len(text))
    if result.table == "active_disclosure":
        glued = _active(_values_over_labels(beside, text, fallback), text, fallback, least=1)
    else:
        glued = _applications([c for c in beside if has_cells(c.run)], fallback, least=1)
    if glued is None or glued.result.rows is None:
        return
    found = glued.result.rows
    for row in sorted(missing & set(found)):
        if any(v is None for v in found[row].values()):
            continue
        prefix = f"{result.table}.{row}."
        result.rows[row] = found[row]
        result.cells += [c for c in glued.result.cells if c.key.startswith(prefix)]
        result.warnings = [w for w in result.warnings if w.key != f"{result.table}.{row}"]
        result.warnings += [w for w in glued.result.warnings if w.key and w.key.startswith(prefix)]
        numeral = registry().numeral(result.table)
        message = (
            f"row {row!r} is printed beside table {numeral}, not in it (a converter left it out); read from the text"
        )
        result.warnings += [warning("row_beside_table", message, f"{prefix}{c}") for c in found[row]]


def _values_over_labels(found: list[Chunk], text: str, fallback: Edition | None) -> list[Chunk]:
    """Table 二's chunks, each value printed on the line over its row's label given to that label.

    markitdown prints a block's only row under its header as two lines of text, the value over the
    label (``0`` / ``行政许可``): glued, the value ends the text before the label (a heading, or
    nothing), and the label has none of its own (the next run, if any, follows another row's
    label). Where text that names no row of table 二 ends in a run and the next line is a row's
    label with no run of its own, the run is that row's.
    """
    _, labels = _active_labels(text, fallback)
    out: list[Chunk] = []
    for part in found:
        first = part.text.strip().split("\n")[0]
        row = _suffix_match(first, labels)[0]
        lone = bool(out) and bool(out[-1].run.strip()) and _suffix_match(out[-1].text, labels)[0] is None
        # the label's line opens the text before the next run: the label has no run, or the text goes
        # on to another row's label, whose run that is
        if lone and row is not None and (not part.run.strip() or _suffix_match(part.text, labels)[0] != row):
            out[-1] = Chunk(first, part.start, out[-1].run, out[-1].run_start)
        out.append(part)
    return [c for c in out if has_cells(c.run)]


# -- the three tables ---------------------------------------------------------------------------


def _active_labels(region: str, fallback: Edition | None) -> tuple[Edition, dict[str, list[str]]]:
    """The edition table 二's words in ``region`` name (else ``fallback``), and its rows' labels by key."""
    reg = registry()
    detected = detect_edition(normalise(region))
    edition = reg.editions[detected] if detected else fallback or reg.latest
    return edition, {row.key: list(row.labels) for row in edition.tables["active_disclosure"].rows}


def _active(parts: list[Chunk], region: str, fallback: Edition | None, least: int = 2) -> Glued | None:
    edition, labels = _active_labels(region, fallback)
    spec = edition.tables["active_disclosure"]
    rows: list[tuple[str, str, float, Chunk]] = []
    unmatched: list[GiWarning] = []
    for part in parts:
        key, label, score = _suffix_match(part.text, labels)
        if key is None:
            if rows:  # text before the first row is the section's prose (numbers and all), not a row
                unmatched.append(
                    warning("row_unmatched", f"table 二 text {part.text.strip()[-20:]!r} matches no row; ignored")
                )
            continue
        rows.append((key, label, score, part))
    if len(rows) < least:
        return None
    columns = {key: spec.block_of[key].columns for key, *_ in rows}
    glued = _solve("active_disclosure", edition, rows, columns, [])
    glued.result.warnings[:0] = unmatched
    missing_rows(glued.result, spec.cells)
    return glued


def _applications(parts: list[Chunk], fallback: Edition | None, least: int = 2) -> Glued | None:
    state = RowState()
    all_rows = shapes()
    rows: list[tuple[str, str, float, Chunk]] = []
    unmatched: list[GiWarning] = []
    for part in parts:
        text = normalise(part.text)
        marks = list(_MARKER.finditer(text))
        cut = marks[-1].start() if marks else 0
        if rows and "\n" not in part.text.strip():  # labels glued on one line, not a column of labels
            rows += blank_rows(part, text, marks, all_rows, state)
        found, score, _why = resolve(text[cut:], text[:cut], all_rows, state)
        if found is None:
            if rows:  # as for table 二: prose before the table
                unmatched.append(
                    warning("row_unmatched", f"table 三 text {part.text.strip()[-24:]!r} matches no row; ignored")
                )
            continue
        rows.append((found.row.key, found.label, score if score is not None else 100.0, part))
    if len(rows) < least:
        return None
    edition = edition_of_rows({key for key, *_ in rows}, fallback) or fallback or registry().latest
    columns = {key: tuple(registry().all_columns("applications").values()) for key, *_ in rows}
    glued = _solve("applications", edition, rows, columns, edition.rules)
    glued.result.warnings[:0] = unmatched
    missing_rows(glued.result, expected_rows(edition, {key for key, *_ in rows}))
    return glued


def _reviews(parts: list[Chunk], edition: Edition, in_section: bool) -> Glued | None:
    """Table 四's one run of cells, after its header: two of its column titles, or, under the
    table's own heading (``in_section``), two of its group titles (a header written down the
    columns one character per line prints ``结 其 尚`` for its column titles, but
    ``行政复议`` and ``未经复议直接起诉 复议后起诉`` across)."""
    spec = edition.tables["reviews_litigation"]
    groups = [row.key for row in spec.rows]
    columns = spec.block_of[groups[0]].columns
    header = [p for p in parts if sum(normalise(c.label) in normalise(p.text) for c in columns) >= 2]
    if not header and in_section:
        header = [p for p in parts if sum(normalise(r.label) in normalise(p.text) for r in spec.rows) >= 2]
    if not header:
        return None
    part = header[0]
    flat = tuple(Column(f"{g}.{c.key}", c.label, c.unit) for g in groups for c in columns)
    rules = [r for r in edition.rules if r.table == "reviews_litigation" and r.each == "row"]
    identities = [
        Identity(
            rule.id,
            tuple((PSEUDO_ROW, f"{g}.{c}") for c in rule.left),
            tuple((PSEUDO_ROW, f"{g}.{c}") for c in rule.right or ()),
        )
        for rule in rules
        for g in groups
    ]
    label = "（行政复议、行政诉讼数据行）"
    glued = _solve(
        "reviews_litigation", edition, [(PSEUDO_ROW, label, 100.0, part)], {PSEUDO_ROW: flat}, [], identities
    )
    result = glued.result
    assert result.rows is not None
    flat_row = result.rows.pop(PSEUDO_ROW)
    result.rows = {g: {c.key: flat_row[f"{g}.{c.key}"] for c in columns} for g in groups}
    for cell in result.cells:
        group, column = cell.key.split(".")[-2:]
        cell.key = f"reviews_litigation.{group}.{column}"
    for w in result.warnings:
        if w.key and w.key.startswith(f"reviews_litigation.{PSEUDO_ROW}."):
            object.__setattr__(w, "key", "reviews_litigation." + w.key.split(".", 2)[2])
    return glued


# -- matching and solving -------------------------------------------------------------------------


def _suffix_match(text: str, labels: dict[str, list[str]]) -> tuple[str | None, str, float]:
    """The row whose label (or alias) the text ends with; the longest wins (规范性文件 in 行政规范性文件)."""
    probe = normalise(text)
    best: tuple[str | None, str, float] = (None, "", 0.0)
    for key, names in labels.items():
        for name in names:
            if probe.endswith(normalise(name)) and len(name) > len(best[1]):
                best = (key, name, 100.0)
    if best[0] is not None:
        return best
    tails = {key: names for key, names in labels.items()}
    tail = probe[-max(len(normalise(n)) for names in labels.values() for n in names) :]
    m = best_match(tail, tails)
    if m is not None and m.score >= 80:
        return m.key, m.label, m.score
    return None, "", 0.0


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


def _solve(
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
        elif row.readings == 1:
            alone = f"; {row.note}, the check below says which" if row.note else ""
            message = f"{cell_key}: {raw!r} read from the glued digits {part.run.strip()!r} (their only split{alone})"
            result.warnings.append(warning("segmented", message, cell_key))
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
