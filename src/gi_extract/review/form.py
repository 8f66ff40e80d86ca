"""The form itself: tables and rows missing or extra, labels retyped, the wrong edition, the wrong year.

These are the publisher's departures from the official format (国办公开办函〔2019〕60号,
〔2021〕30号) that a reviewing office asks to have corrected, told apart from how the file was read:
a label the reader matched only loosely (``label_fuzzy``), or that was cut by glued text or a PDF
page edge, is an extraction doubt, not a typo.
"""

from __future__ import annotations

import re
from functools import cache

from ..labels import normalise
from ..model import Report
from ..template import TableSpec, registry
from ..warnings import GiWarning
from .findings import Cells, Finding, edition_of, fingerprint, row_name, split_key, table_name

FINDING_CODES = frozenset({"table_missing", "row_missing", "row_unmatched", "year_period_differs"})
"""Warnings this module turns into findings (the rest are extraction doubts or notes)."""
LABEL_DOUBTS = frozenset(
    {"label_fuzzy", "label_missing", "rows_by_order", "segmented", "segmented_by_sums", "segmented_by_bounds"}
)
"""A row with one of these was matched or cut by the reader: its label says nothing about the publisher."""
TYPO_SIMILARITY = 70.0
"""Below this a printed label is not this row's label retyped but something else (header text, a stray line)."""
_NUMERALS = re.compile(r"[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+\.")
_NOT_WORD = re.compile(r"[^\w]|_|\d")
_UNMATCHED = re.compile(r"^table (\S+) row '(.*)' matches no template row")


def _core(text: str) -> str:
    """A label without numbering, punctuation or spaces: what a typo changes."""
    return _NOT_WORD.sub("", _NUMERALS.sub("", normalise(text)))


@cache
def _official(table: str, row: str) -> tuple[str, ...]:
    """The row's own official wording in every edition that has it (aliases left out: some are typos)."""
    out = []
    for edition in registry().editions.values():
        for r in edition.tables[table].rows:
            if r.key == row:
                out.append(_core(r.label))
    return tuple(dict.fromkeys(out))


def retyped(printed: str, official: tuple[str, ...]) -> str | None:
    """The part of a printed label that differs from the official wording, or None when it does not.

    None as well when the printed text is the official wording cut at either end (a PDF cell edge,
    glued text), or too unlike it to be a retyping.
    """
    from rapidfuzz import fuzz

    text = _core(printed)
    if not text or not official or any(o in text for o in official):
        return None
    best: tuple[str, float] | None = None
    for o in official:
        al = fuzz.partial_ratio_alignment(o, text) if len(text) > len(o) else None
        if al is not None:
            part, score = text[al.dest_start : al.dest_end], al.score
        else:
            part, score = text, fuzz.ratio(o, text)
        if o.startswith(part) or o.endswith(part):
            return None
        if score >= TYPO_SIMILARITY and (best is None or score > best[1]):
            best = (part, score)
    return best[0] if best else None


def _row_keys_with(report: Report, codes: frozenset[str]) -> set[str]:
    """table.row of every row one of whose cells (or the row itself) carries one of ``codes``."""
    out = set()
    for w in report.warnings:
        if w.code in codes and w.key and w.key.count(".") >= 1:
            table, rest = w.key.split(".", 1)
            out.add(f"{table}.{rest.rsplit('.', 1)[0]}" if w.key.count(".") >= 2 else w.key)
    return out


def label_findings(report: Report, cells: Cells, identity: str) -> list[Finding]:
    """Rows whose printed label is the official wording retyped (其他法律行政止公开)."""
    doubted = _row_keys_with(report, LABEL_DOUBTS)
    seen: set[str] = set()
    out = []
    for cell in report.cells:
        table, row, _ = split_key(cell.key)
        row_key = f"{table}.{row}"
        if row_key in seen:
            continue
        seen.add(row_key)
        if row_key in doubted or cell.span is not None or cell.label_score is None or cell.label_score < 95:
            continue
        official = _official(table, row)
        part = retyped(cell.label, official)
        if part is None:
            continue
        name = row_name(report, table, row)
        out.append(
            Finding(
                id=fingerprint(identity, "form.label", (row_key,)),
                anchors=(row_key,),
                rule="form.label",
                kind="form",
                status="fail",
                table=table,
                title="row labels as the official form words them",
                text=f"{table_name(table)} prints the row {name} as {cell.label.strip()!r}",
            )
        )
    return out


def _header_text(table: str) -> set[str]:
    """Every character of the table's column headers and header words (a row made of them is a header piece)."""
    reg = registry()
    words = [c.label for c in reg.all_columns(table).values()] + list(reg.header_words(table))
    return set("".join(words)) | set("法人或其他组织申请人情况")


def warning_finding(report: Report, w: GiWarning, cells: Cells, identity: str) -> Finding | None:
    """A finding for a warning that is about the form (a table, a row, the year), else None."""
    if w.code == "table_missing" and w.key:
        return Finding(
            id=fingerprint(identity, "form.table_missing", (w.key,)),
            anchors=(w.key,),
            rule="form.table_missing",
            kind="form",
            status="fail",
            table=w.key,
            title="the three standard tables are printed",
            text=f"{table_name(w.key)} is not in the report (or it is printed as an image)",
        )
    if w.code == "row_missing" and w.key:
        table, row = w.key.split(".", 1)
        keys = [c.key for c in report.cells if c.key.startswith(w.key + ".")]
        return Finding(
            id=fingerprint(identity, "form.row_missing", (w.key,)),
            anchors=(w.key,),
            rule="form.row_missing",
            kind="form",
            status="fail",
            table=table,
            title="every row of the official form is printed",
            text=f"{table_name(table)} does not print the row {row_name(report, table, row)}",
            cells=tuple(cells.ref(k) for k in keys),
        )
    if w.code == "row_unmatched":
        m = _UNMATCHED.match(w.message)
        found = next((t for t in registry().table_ids if m and registry().numeral(t) == m.group(1)), None)
        if m is None or found is None or set(_core(m.group(2))) <= _header_text(found):
            return None
        table = found
        anchors = (table, _core(m.group(2)))
        return Finding(
            id=fingerprint(identity, "form.row_extra", anchors),
            anchors=anchors,
            rule="form.row_extra",
            kind="form",
            status="cannot_tell",
            table=table,
            title="no row beyond the official form's",
            text=f"{table_name(table)} prints a row the form does not have: {m.group(2)!r} (not read)",
        )
    if w.code == "year_period_differs":
        return Finding(
            id=fingerprint(identity, "form.period_year", ("report.year",)),
            anchors=("report.year",),
            rule="form.period_year",
            kind="form",
            status="fail",
            table=None,
            title="the 统计期限 sentence names the report's year",
            text=w.message,
        )
    return None


def _same_table(a: TableSpec, b: TableSpec) -> bool:
    """Whether two editions print a table alike: the same rows, labels and columns."""
    return a.cells == b.cells and [r.label for r in a.rows] == [r.label for r in b.rows]


def edition_findings(report: Report, identity: str) -> list[Finding]:
    """Tables that follow another edition than the one in force for the report's year."""
    reg = registry()
    expected = reg.for_year(report.report.year)
    if expected is None:
        return []
    out = []
    for table, t in report.tables.items():
        if not t.found or not t.template or t.template == expected.name:
            continue
        used = edition_of(report, table)
        if _same_table(used.tables[table], expected.tables[table]):
            continue  # table 四 is the same in every edition: it cannot follow the wrong one
        out.append(
            Finding(
                id=fingerprint(identity, "form.edition", (table,)),
                anchors=(table,),
                rule="form.edition",
                kind="form",
                status="fail",
                table=table,
                title="the tables follow the edition in force for the report's year",
                text=(
                    f"{table_name(table)} follows the {used.name} edition ({used.notice}), but reports on "
                    f"{report.report.year} follow the {expected.name} edition ({expected.notice})"
                ),
            )
        )
    return out


def form_findings(report: Report, cells: Cells, identity: str) -> list[Finding]:
    """Every departure from the form: missing or extra tables and rows, edition, 统计期限 year, labels."""
    out = [f for w in report.warnings if (f := warning_finding(report, w, cells, identity)) is not None]
    return [*out, *edition_findings(report, identity), *label_findings(report, cells, identity)]
