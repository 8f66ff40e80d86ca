"""Tables printed as text with their cells run together: rows by their labels, cells by arithmetic.

A crawler saves a report page as one line (``一、本年新收政府信息公开申请数量640020470二、上年结转…``);
a copied table loses its tabs (``规章2208042``) or keeps one cell per line. No grid reader can say
where one number ends. Here the text under a standard table's heading is cut into labels and
digit runs (:func:`chunks`); each label is resolved to its template row the way grid rows are
(:mod:`.active`, :mod:`.applications`), and the runs are split into cells (:mod:`.gluedsolve`) by
:func:`gi_extract.segment.segment` under the edition's own rules as identities (a row's 总计,
table 三's columns, table 四's groups). A value is given only where every split that satisfies
them agrees; everything else is ``null`` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ..labels import best_match, normalise
from ..segment import Identity
from ..template import Column, Edition, registry
from ..warnings import GiWarning, warning
from .applications import edition_of_rows, expected_rows
from .gluedblank import blank_rows
from .gluedsolve import solve
from .gluedtext import (
    Chunk,
    chunks,
    has_cells,
    label_tails_rejoined,
    run_halved,
    section_spans,
)
from .ordered import in_order
from .rowlabels import RowState, resolve, shapes
from .rows import Glued, TableResult, detect_edition, missing_rows

_MARKER = re.compile(r"（[一二三四五六七]）|[一二三四]、|\d{1,2}[.．、]")
"""Where a row's own label starts inside a text chunk (group labels and headers come before it)."""
PSEUDO_ROW = "data"
"""Table 四 prints one unlabelled run of 15 cells: one run, its columns named ``group.column``."""


@cache
def _three_labels() -> tuple[str, ...]:
    """Table 三's labels, normalised: what the end of a label broken by its first number must stand in
    (built on first use, not on import, so that the template files load where their errors are reported)."""
    return tuple({normalise(s.label) for s in shapes()} | {w for s in shapes() for w in s.words})


def _rows_on_lines(part: Chunk, stray: bool) -> bool:
    """Whether the labels a chunk names before its own are rows printed blank: labels glued on one line
    (a crawler's), or lines of labels over the last one's numbers, all on one line (pdfplumber's and
    pypdf's default text, which print a row's numbers together after its words: ``5.属于三类内部事务信息``
    / … / ``1.本机关不掌握相关政府信 3 1 0 1 0 0 5``, or the numbers on the line below). Never a column of
    labels whose numbers follow one to a line (plain ``pdftotext`` prints a table's labels apart from its
    numbers: those are read in order elsewhere), nor lines of labels after numbers no row's label took
    (``stray``: pdfplumber sets a row's numbers on the line over its label where a side label's
    characters stand beside them, ``本`` / ``1 0 0 0 0 0 1`` / ``年 3.危及…``)."""
    run = part.run.strip()
    return "\n" not in part.text.strip() or (not stray and "\n" not in run and len(run.split()) >= 2)


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
            glued = _applications(label_tails_rejoined(parts, _three_labels()), fallback)
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
        beside = label_tails_rejoined(beside, _three_labels())
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
    glued = solve("active_disclosure", edition, rows, columns, [])
    glued.result.warnings[:0] = unmatched
    missing_rows(glued.result, spec.cells)
    return glued


def _applications(parts: list[Chunk], fallback: Edition | None, least: int = 2) -> Glued | None:
    state = RowState()
    all_rows = shapes()
    rows: list[tuple[str, str, float, Chunk]] = []
    unmatched: list[GiWarning] = []
    stray = False  # the part before printed numbers under no row's label: this part's labels may own them
    for part in parts:
        text = normalise(part.text)
        marks = list(_MARKER.finditer(text))
        cut = marks[-1].start() if marks else 0
        if rows and _rows_on_lines(part, stray):
            rows += blank_rows(part, text, marks, all_rows, state)
        found, score, _why = resolve(text[cut:], text[:cut], all_rows, state)
        stray = found is None and bool(part.run.strip())
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
    rows, apart = _rows_run_on(rows, list(edition.tables["applications"].cells))
    columns = {key: tuple(registry().all_columns("applications").values()) for key, *_ in rows}
    glued = solve("applications", edition, rows, columns, edition.rules)
    glued.result.warnings[:0] = unmatched
    for key in apart:
        message = f"row {key!r}: its numbers follow the row before it, its label printed apart; taken in order"
        glued.result.warnings += [
            warning("values_in_order", message, f"applications.{key}.{c.key}") for c in columns[key]
        ]
    missing_rows(glued.result, expected_rows(edition, {key for key, *_ in rows}))
    return glued


def _rows_run_on(
    rows: list[tuple[str, str, float, Chunk]], order: list[str]
) -> tuple[list[tuple[str, str, float, Chunk]], list[str]]:
    """Rows whose run holds the next row's numbers too, where the next row has no print of its own, cut in
    two (:func:`.gluedtext.run_halved`), and the keys of the rows so read. The table's sums then judge it."""
    width = len(registry().all_columns("applications"))
    printed = {key for key, *_ in rows}
    out: list[tuple[str, str, float, Chunk]] = []
    apart: list[str] = []
    for key, label, score, part in rows:
        following = order[order.index(key) + 1] if key in order[:-1] else None
        halves = run_halved(part, width) if following and following not in printed else None
        if halves is None or following is None:
            out.append((key, label, score, part))
            continue
        printed.add(following)
        apart.append(following)
        out += [(key, label, score, halves[0]), (following, "", 0.0, halves[1])]
    return out, apart


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
    glued = solve("reviews_litigation", edition, [(PSEUDO_ROW, label, 100.0, part)], {PSEUDO_ROW: flat}, [], identities)
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
