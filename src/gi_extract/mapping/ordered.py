"""Tables 三 and 四 printed in reading order: their labels in one place, their numbers in another.

Plain ``pdftotext`` (without ``-layout``) and the text extractors like it print a table as its
text flows: the labels of a few rows, then the numbers of many rows, one per line or at the
end of a label's line, with no position left to say which cell each was. The glued reader
(:mod:`.glued`) finds no row's own numbers after its label there. But the flow often keeps the
numbers of one table in the order they stand on the page, row after row. So when the numbers
under the table's heading are exactly as many as its cells, and taken row by row in the
template's order they satisfy every identity of the edition (each row's 总计, each column's
一 + 二 = 三(七) + 四, (七) the sum of the results; table 四's group totals), they are read so.
Numbers printed in another order mostly break a sum (a row's first number on its label's line,
set apart by the flow), and then nothing is read. Not always: the sums cannot tell which of the
results rows (（一）…（六）) a row of numbers is, nor 一 from 二, nor all rows' numbers moved
alike between applicant columns. So every cell read this way has ``values_in_order``, a doubt
that says so. A converter that prints a row's numbers on one line can set one of them on a line
of its own, before or after the rest: that number is tried in each place of its row, and read
where exactly one placement keeps every sum (:func:`_displaced`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..labels import normalise
from ..segment import Number, choose
from ..template import Edition, registry
from ..values import Kind, Parsed, parse_value
from ..warnings import GiWarning, warning
from .applications import edition_of_rows, expected_rows
from .gluedblank import zeros_short
from .identities import solver_number, table_identities
from .rows import CellValue, Glued, TableResult

_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
"""A count as printed (ASCII digits, thousands commas, decimals); a sign or a full-width digit is no count."""
_GLUED = re.compile(r"(?<=[^\x00-\x7f])([0-9][0-9,]*(?:\.[0-9]+)?)$")
"""A number run into the last word of a label (``稳0``): after a CJK character, never after a digit,
comma or point of any width (``1，234`` is one number, not ``234``)."""
_WIDE_NUMBER = re.compile(r"[０-９，．]$")
_NUMBERING = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,2}[）)]?[、.．]?")
"""A label's outline numbering (``1.``, ``（一）``, ``三、``): wrapped labels keep only their words."""
_SINGLE_OTHER = "other"
"""2019's one （六）其他处理 row, which 2021 prints as three (``other.*``): a report may print either."""


@dataclass(frozen=True)
class Token:
    """A number as printed, and where: offsets in the text."""

    raw: str
    start: int


def tokens(text: str, start: int, end: int, limit: int) -> list[Token]:
    """The numbers between ``start`` and ``end`` that end their lines, in the order they are printed:
    a line's last words while they are numbers, and one run into the label before them.

    At most ``limit`` + 1 are kept: one more than a table has cells says the numbers are not the
    table's. A line is split from its end, at most that many words, so the text is walked once and
    a line of a million numbers costs no more than a line of ``limit``.
    """
    out: list[Token] = []
    at = start
    for line in text[start:end].split("\n"):
        room = limit + 1 - len(out)
        words = line.rsplit(None, room)
        cut = len(words) > room  # the first piece is what is left of the line, perhaps several words
        tail: list[Token] = []
        right = len(line)
        for word in reversed(words[1:] if cut else words):
            right = line.rfind(word, 0, right)
            if not _NUMBER.fullmatch(word):
                glued = _GLUED.search(word)
                if glued and not _WIDE_NUMBER.search(word[: glued.start()]):
                    tail.append(Token(glued.group(1), at + right + glued.start(1)))
                break
            tail.append(Token(word, at + right))
        out += reversed(tail)
        if len(out) > limit:
            return out
        at += len(line) + 1
    return out


def in_order(
    glued: Glued | None, table: str, text: str, start: int, end: int, fallback: Edition | None
) -> Glued | None:
    """Table 三 or 四 read from its numbers in the order printed (:func:`read_in_order`), where the glued
    reading leaves a cell open, or finds no row's numbers after its label, and that order fills
    every cell, agreeing with each cell the glued reading gave. A table found neither way comes
    back not ``found``, with the trace of why."""
    result = glued.result if glued is not None else None
    if result is not None and result.rows is not None:
        if result.complete:
            return glued
    elif table != "applications" or not labels_printed(text[start:end]):
        return glued
    ordered, trace = reread(result, table, text, start, end, fallback)
    trace = (glued.trace if glued is not None else []) + trace
    if ordered is None or ordered.rows is None:
        return Glued(glued.result if glued is not None else TableResult(table, False), trace)
    given = {c.key: c.value for c in result.cells if c.value is not None} if result else {}
    if any(ordered.rows.get(_row_of(k), {}).get(k.rsplit(".", 1)[1]) != v for k, v in given.items()):
        assert glued is not None
        return Glued(glued.result, [*trace, "  but they disagree with cells the glued reading gave: not read so"])
    if result is None or result.rows is None:
        return Glued(ordered, trace)
    doubted = {w.key for w in result.warnings if w.key and w.severity != "info"}
    doubted |= _rows_over_lines(result, text)
    trusted = {k for k in given if k not in doubted and k.rsplit(".", 1)[0] not in doubted}
    taken = f"  the {len(ordered.cells) - len(trusted)} cells the glued reading left open or in doubt taken so"
    return Glued(merged_reading(result, ordered, trusted), [*trace, taken])


def _rows_over_lines(result: TableResult, text: str) -> set[str]:
    """The rows (``table.row``) whose numbers the glued reading took from more than one line of ``text``.

    Both readings take a row's numbers in the order printed, so their agreeing confirms nothing about
    that order; on one line it is the columns' order, but a tall row printed over several lines (its
    cells at different heights) may set a later column's number on an earlier line. Such a row's cells
    are not kept on the strength of the agreement: they are read in order, in doubt.
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    for cell in result.cells:
        if cell.span is not None:
            spans.setdefault(cell.key.rsplit(".", 1)[0], []).append(cell.span)
    return {row for row, at in spans.items() if "\n" in text[min(a for a, _ in at) : max(b for _, b in at)]}


def merged_reading(
    first: TableResult,
    ordered: TableResult,
    trusted: set[str],
    place: Callable[[CellValue], CellValue] = lambda cell: cell,
) -> TableResult:
    """The reading in order, with the cells ``first`` (a grid's or glued reading) gave without doubt kept as it
    gave them (the same values, where they were printed, their notes) and its doubts the order answers dropped.

    ``place`` tells a value read in order where it was printed (:meth:`.flow.Flow.place`, for a flow made of
    grids and paragraphs; glued text's spans already point into its text).
    """
    assert ordered.rows is not None
    by_key = {c.key: c for c in first.cells}
    cells = [by_key[c.key] if c.key in trusted else place(c) for c in ordered.cells]
    taken = {c.key for c in ordered.cells if c.key not in trusted}
    rows = {c.rsplit(".", 1)[0] for c in taken}
    kept = [w for w in first.warnings if not _superseded(w, taken, rows, ordered.rows)]
    added = [w for w in ordered.warnings if w.key in taken]
    return TableResult(first.table, True, ordered.template, ordered.rows, cells, [*kept, *added])


def _superseded(w: GiWarning, taken: set[str], rows: set[str], printed: Mapping[str, object]) -> bool:
    """Whether the reading in order answers a doubt of the first reading's: about a cell or row it took, a row
    it does not have (the other edition's ``other`` / ``other.*``), or a row that read as no template row (the
    numbers in order were exactly the table's cells, so that row's were among them)."""
    if w.code == "row_unmatched":
        return True
    if not w.key or "." not in w.key:
        return False
    table, rest = w.key.split(".", 1)
    row = rest if rest in printed else rest.rsplit(".", 1)[0]  # a row's key, or a cell's
    return row not in printed or w.key in taken or f"{table}.{row}" in rows


def reread(
    result: TableResult | None, table: str, text: str, start: int, end: int, fallback: Edition | None
) -> tuple[TableResult | None, list[str]]:
    """``table`` read in the order its numbers are printed between ``start`` and ``end``, with the rows
    ``result`` (another reading of it, if any) found printed and its edition (:func:`read_in_order`)."""
    edition = registry().editions[result.template] if result and result.template else fallback or registry().latest
    if table == "applications":
        candidates = row_lists(edition, {_row_of(c.key) for c in result.cells} if result else set())
    else:
        spec = edition.tables[table]
        candidates = [{r.key: tuple(c.key for c in spec.block_of[r.key].columns) for r in spec.rows}]
    return read_in_order(text, start, end, edition, table, candidates)


def _row_of(cell_key: str) -> str:
    """The row of a cell key (``applications.denied.state_secret.total`` → ``denied.state_secret``)."""
    return cell_key.split(".", 1)[1].rsplit(".", 1)[0]


def labels_printed(region: str) -> bool:
    """Whether most of table 三's row labels are printed in ``region`` (their words, line breaks aside):
    the numbers there are then the table's, even where no label is followed by its own."""
    flat = normalise("".join(region.split()))
    leaves = {_NUMBERING.sub("", normalise(row.label)) for row in registry().all_rows("applications")}
    return sum(leaf in flat for leaf in leaves) * 2 > len(leaves)


def row_lists(edition: Edition, printed: set[str]) -> list[dict[str, tuple[str, ...]]]:
    """The rows table 三 may print, in order: the edition's, and with （六）其他处理 as one row or as three."""
    rows = expected_rows(edition, printed)
    subs = [k for k in rows if k.startswith(f"{_SINGLE_OTHER}.")]
    if not subs:
        return [rows]
    at = list(rows).index(subs[0])
    items = [(k, v) for k, v in rows.items() if k not in subs]
    return [rows, dict([*items[:at], (_SINGLE_OTHER, rows[subs[0]]), *items[at:]])]


def read_in_order(
    text: str, start: int, end: int, edition: Edition, table: str, candidates: Sequence[dict[str, tuple[str, ...]]]
) -> tuple[TableResult | None, list[str]]:
    """``table`` from numbers printed apart from their labels (None when their order is not confirmed),
    and the lines ``inspect`` shows of how it was read.

    ``candidates`` are the row lists (row → its columns, in printed order) the table may print;
    the one whose cells are as many as the numbers is tried.
    """
    sizes = [sum(len(c) for c in rows.values()) for rows in candidates]
    most = max(sizes, default=0)
    found = tokens(text, start, end, most)
    numeral = registry().numeral(table)
    for rows in candidates:
        cells = [(row, col) for row, cols in rows.items() for col in cols]
        if len(found) != len(cells):
            continue
        values = [parse_value(t.raw, Kind.COUNT) for t in found]
        head = f"table {numeral} in reading order: {len(found)} numbers for {len(rows)} rows, {len(cells)} cells"
        if any(v.value is None or v.problem for v in values):
            return None, [head, "  one of them is no count: not read so"]
        grid = {cell: (token, v.value) for cell, token, v in zip(cells, found, values, strict=True)}
        if table == "applications":  # the rows it prints tell its edition, as for a table in cells
            edition = edition_of_rows(set(rows), edition) or edition
        broken = _broken(edition, table, rows, {k: v for k, (_, v) in grid.items()})
        if not broken:
            return _result(edition, table, grid), [head, "  taken row by row they satisfy every sum of the edition"]
        trace = [head, f"  taken row by row they break {', '.join(broken)}: not read so"]
        moved, note, rows_moved = _displaced(text, found, values, edition, table, rows)
        if moved is None:
            return None, [*trace, *note]
        return _result(edition, table, moved, frozenset(rows_moved)), [*trace, *note]
    if not found:
        return None, []
    if blank := _zeros_short(edition, table, candidates, found):
        return blank
    count = f"more than {most}" if len(found) > most else str(len(found))
    have = " or ".join(map(str, sizes))
    return None, [f"table {numeral} in reading order: {count} numbers where it has {have} cells: not read so"]


def _zeros_short(
    edition: Edition, table: str, candidates: Sequence[dict[str, tuple[str, ...]]], found: Sequence[Token]
) -> tuple[TableResult, list[str]] | None:
    """The table all 0 where it prints only zeros, one or two fewer than its cells (and more zeros than
    that): a blank cell left nothing in the text, and wherever it stood every cell is 0. Each cell
    says so (``segmented_blank``), as glued rows do (:func:`.gluedblank.zeros_short`); None where no
    row list is that short."""
    numeral = registry().numeral(table)
    printed, zeros = " ".join(t.raw for t in found), len(found)
    for rows in candidates:
        cells = [(row, col) for row, cols in rows.items() for col in cols]
        if zeros_short(printed, len(cells)):
            result = TableResult(table, True, edition.name, {})
            assert result.rows is not None
            for row, col in cells:
                key = f"{table}.{row}.{col}"
                result.rows.setdefault(row, {})[col] = 0
                result.cells.append(CellValue(key, 0, "", False, None, "", None))
                message = (
                    f"{key}: 0, as every number table {numeral} prints apart from its labels: {zeros} zeros"
                    f" for {len(cells)} cells, the blank ones 0 wherever they stood"
                )
                result.warnings.append(warning("segmented_blank", message, key))
            head = f"table {numeral} in reading order: {zeros} numbers, all 0, where it has {len(cells)} cells"
            return result, [head, "  every cell 0, wherever the blank ones stood"]
    return None


def _line_start(text: str, token: Token) -> int:
    return text.rfind("\n", 0, token.start) + 1


def _set_apart(text: str, token: Token, rest: Sequence[Token]) -> bool:
    """Whether ``token`` is the only number on its line (alone, or after label words) while the rest of
    its row's numbers share one other line: a number a converter set apart from its row. (Text
    that prints every number on a line of its own gives no such sign.)"""
    start = _line_start(text, token)
    end = text.find("\n", token.start)
    line = text[start : end if end >= 0 else len(text)]
    others = {_line_start(text, t) for t in rest}
    return len(tokens(line, 0, len(line), 1)) == 1 and len(others) == 1 and start not in others


def _displaced(
    text: str,
    found: Sequence[Token],
    values: Sequence[Parsed],
    edition: Edition,
    table: str,
    rows: dict[str, tuple[str, ...]],
) -> tuple[dict[tuple[str, str], tuple[Token, int | float | None]] | None, list[str], set[str]]:
    """The table read row by row, each number a converter set apart from its row in the one place of the
    row where every sum holds, the lines ``inspect`` shows, and the rows whose number moved; None
    when no number is set apart, or no placement or several keep every sum.

    A converter can set one number of a row on a line of its own, above the row's others (a row's
    total, or a value it could not place: markitdown's ``9`` over ``| 9 0 | 0 0 | 0 | 0 |``, or
    beside the row's label, ``（七）总计 0``) or below them: the only number of its line, while the
    row's others share a line (:func:`_set_apart`). Taken in order, the number then stands first
    (or last) among its row's, and every number after it in the row shifts one column. So it is
    tried in each place of its row, where it stands included; the sums (each row's 总计, each
    column's 一 + 二 = 三(七) + 四, (七) the sum of the results) must then hold, and every row must
    come out one way: where two placements keep every sum and give a row different values,
    nothing is read. (It is tried only where the order printed breaks a sum: a publisher's slip
    between two columns of a row, printed with one number apart, would look the same, so the
    cells of a row read so say that their number was moved.)
    """
    order: dict[str, list[tuple[int, ...]]] = {}
    options: dict[str, list[tuple[Number, ...]]] = {}
    at = 0
    for row, cols in rows.items():
        span = tuple(range(at, at + len(cols)))
        at += len(cols)
        ways = [span]
        if _set_apart(text, found[span[0]], [found[i] for i in span[1:]]):
            ways += [(*span[1 : k + 1], span[0], *span[k + 1 :]) for k in range(1, len(span))]
        if _set_apart(text, found[span[-1]], [found[i] for i in span[:-1]]):
            ways += [(*span[:k], span[-1], *span[k:-1]) for k in range(len(span) - 1)]
        seen: dict[tuple[Number, ...], tuple[int, ...]] = {}
        for way in ways:
            seen.setdefault(tuple(solver_number(values[i].value) for i in way), way)
        options[row], order[row] = list(seen), list(seen.values())
    if all(len(ways) == 1 for ways in order.values()):
        return None, [], set()  # nothing set apart
    known = registry().all_columns(table)
    identities = table_identities(
        table, edition.rules, list(rows), {r: tuple(known[c] for c in cs) for r, cs in rows.items()}
    )
    viable = choose(options, rows, identities)
    if viable is None:
        return None, ["  nor with a number printed on a line of its own moved within its row: not read so"], set()
    if any(len(kept) != 1 for kept in viable.values()):
        return None, ["  a number printed on a line of its own fits more than one place of its row: not read so"], set()
    grid: dict[tuple[str, str], tuple[Token, int | float | None]] = {}
    for row, cols in rows.items():
        for col, i in zip(cols, order[row][viable[row][0]], strict=True):
            grid[(row, col)] = (found[i], values[i].value)
    moved = [row for row in rows if viable[row][0] != 0]
    note = f"  with a number printed on a line of its own moved within rows {', '.join(moved)}: every sum holds"
    return grid, [note], set(moved)


def _broken(
    edition: Edition, table: str, rows: dict[str, tuple[str, ...]], values: dict[tuple[str, str], int | float | None]
) -> list[str]:
    """The identities of ``edition`` the values break, each named once."""
    known = registry().all_columns(table)
    columns = {row: tuple(known[c] for c in cols) for row, cols in rows.items()}
    out: list[str] = []
    for ident in table_identities(table, edition.rules, list(rows), columns):
        left = sum(values[c] or 0 for c in ident.left)
        right = sum(values[c] or 0 for c in ident.right)
        if left != right and ident.id not in out:
            out.append(ident.id)
    return out


def _result(
    edition: Edition,
    table: str,
    grid: dict[tuple[str, str], tuple[Token, int | float | None]],
    moved: frozenset[str] = frozenset(),
) -> TableResult:
    """The table as read, each cell with where its number was printed and the doubt that comes with the order."""
    result = TableResult(table, True, edition.name, {})
    assert result.rows is not None
    numeral = registry().numeral(table)
    for (row, col), (token, value) in grid.items():
        key = f"{table}.{row}.{col}"
        result.rows.setdefault(row, {})[col] = value
        span = (token.start, token.start + len(token.raw))
        result.cells.append(CellValue(key, value, token.raw, False, None, "", None, span))
        message = (
            f"{key}: {token.raw!r} taken in the order the text prints table {numeral}'s numbers, apart from its"
            " labels; the table's sums hold so, but they cannot tell the results rows apart, nor 一 from 二,"
            " nor every row's numbers moved alike between columns"
        )
        if row in moved:
            message += (
                "; a number of this row printed on a line of its own was put where the sums hold, not where it"
                " stands (a publisher's slip between two columns would look the same)"
            )
        result.warnings.append(warning("values_in_order", message, key))
    return result
