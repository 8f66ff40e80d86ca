"""Values a print wrapped, or left on a line of their own, put back into their rows.

A larger zoom or a narrower page breaks a number over the lines of its narrow cell (``1`` /
``2``), leaves a row's first value beside its label's first words while the rest go with the
item's number lower down, or sets an amount and its unit on two lines. Each repair here works
on the cut lines (:mod:`.layoutlines`) of a page, in place, only where what it moves has one
place to go; :func:`.layoutmend.mend_lines` runs them with the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from ..template import registry, row_rule
from .celltext import is_number
from .layoutlines import ITEM, MIN_GAP, MONEY_UNITS, Line, Word, centre, cut_line, numbering, tight_value

WRAP_DRIFT = 1.5
"""Columns the centre of a wrapped number's part may stand off the centre of the others."""
_DIGITS = re.compile(r"^\d+$")


@cache
def row_width() -> int:
    """The values a whole row of table 三 prints (its applicant columns and 总计)."""
    return len(registry().all_columns("applications"))


@cache
def _table_widths() -> frozenset[int]:
    """The values a whole row of table 三 prints, and table 四's one data row (its groups side by side)."""
    reg = registry()
    groups = len(reg.all_rows("reviews_litigation"))
    return frozenset({row_width(), groups * len(reg.all_columns("reviews_litigation"))})


def _values_only(line: Line) -> bool:
    return bool(line.values) and not line.words


def stack_wrapped(lines: list[Line], widths: frozenset[int]) -> None:
    """Put a number a narrow cell wrapped over lines back into its row as one value, in place.

    A print at a larger zoom or on a narrower page breaks a number over lines of its cell
    (``1`` / ``2``, centred on the row's line, which prints nothing in that column). The parts
    stand one above the other, on lines that print nothing else: the line right above a row
    and the line right below it, each holding values only. They are the row's when every value
    of those lines stands over or under one of the other line, in a column the row leaves
    empty, and the columns then make a row as wide as the document's whole rows (``widths``) or
    a whole row of table 三 or 四 (:func:`_table_widths`). Each stack becomes one value whose
    lines are its parts, top to bottom (``1\\n2``): the table reader reads it whole, in doubt
    (``values_unwrapped``), and refuses a stack that is no number (opening with 0). A line of
    values over a column the row prints is a row of its own (its label on other lines).
    """
    widths = widths | _table_widths()
    for i in range(1, len(lines) - 1):
        above, line, below = lines[i - 1], lines[i], lines[i + 1]
        if not (line.values and _values_only(above) and _values_only(below)):
            continue
        pairs = list(zip(above.values, below.values, strict=False))
        if len(above.values) != len(below.values) or len(above.values) in widths:
            continue  # values apart from the row's, or a whole row of their own
        if len(line.values) + len(pairs) not in widths:
            continue
        if all(_stacked(top, bottom, line.values) for top, bottom in pairs):
            _restack(lines, i, pairs)


def _stacked(top: Word, bottom: Word, row: Sequence[Word]) -> bool:
    """Whether two values, one over the other around a row, are the parts of one wrapped number: digits,
    in one column, and a column the row leaves empty."""

    def near(a: Word, b: Word) -> bool:
        return abs(centre(a) - centre(b)) <= WRAP_DRIFT

    digits = bool(_DIGITS.match(top.text) and _DIGITS.match(bottom.text))
    return digits and near(top, bottom) and not any(near(top, w) or near(bottom, w) for w in row)


def _restack(lines: list[Line], i: int, pairs: Sequence[tuple[Word, Word]]) -> None:
    """Line ``i`` with each pair as one value of two lines, top over bottom; the lines around it emptied."""
    values = list(lines[i].values)
    for top, bottom in pairs:
        text = f"{top.text}\n{bottom.text}"
        values.append(Word(round((centre(top) + centre(bottom)) / 2 - len(text) / 2), text))
    values.sort(key=lambda w: w.start)
    line = lines[i]
    lines[i] = Line(line.page, line.no, line.raw, line.words, values)
    for j in (i - 1, i + 1):
        lines[j] = Line(lines[j].page, lines[j].no, "")


def _whole_row_near(lines: Sequence[Line], i: int, width: int) -> Line | None:
    """The anchor printing ``width`` values nearest line ``i`` (above or below), or None."""
    whole = [j for j, x in enumerate(lines) if len(x.values) == width and j != i]
    return lines[min(whole, key=lambda j: abs(j - i))] if whole else None


@cache
def _row_holds() -> Callable[[list[int]], bool]:
    """Table 三's per-row rule (总计 = the applicant columns), the same in every edition."""
    return row_rule(registry().latest.rules, "applications", list(registry().all_columns("applications")))


def row_sum_holds(values: Sequence[Word]) -> bool:
    """Whether table 三's row adds up by the template's rule: a whole row, every value digits."""
    if len(values) != row_width() or not all(_DIGITS.match(v.text) for v in values):
        return False
    return _row_holds()([int(v.text) for v in values])


def lower_first_values(lines: list[Line]) -> None:
    """Give a row its first value that a print left on the line of its label's first words, in place.

    A browser's print can set an item's number lower than its words and the row's values with
    the number, all but the first, which stays one space after the words above
    (``属于四类过程性信息 1`` / ``6.  0 0 0 0 0 1``). The lower line opens a numbered label, so
    :func:`join_split_rows` leaves it as a row of its own, one value short. The number above is
    that row's first value when the line above opens no label of its own, the number stands
    left of all the row's values and in the first column of the nearest whole row (whose second
    column the row's first value stands in), and table 三's arithmetic then holds: the total
    (the last value) is the sum of the others. The words above stay where they are; which
    row they belong to is decided with the other label lines.
    """
    for i in range(1, len(lines)):
        line, upper = lines[i], lines[i - 1]
        marker = numbering(line)
        if not line.anchor or marker is None or not ITEM.match(marker) or numbering(upper) is not None:
            continue
        first = tight_value(upper)
        if first is None or first.end >= line.values[0].start:
            continue
        whole = _whole_row_near(lines, i, len(line.values) + 1)
        if whole is None:
            continue
        column = whole.values[0], whole.values[1]
        nearer_first = abs(centre(first) - centre(column[0])) < abs(centre(first) - centre(column[1]))
        under_second = abs(centre(line.values[0]) - centre(column[1])) <= WRAP_DRIFT
        values = [first, *line.values]
        if not (nearer_first and under_second and row_sum_holds(values)):
            continue
        raw = line.raw.ljust(first.end)
        raw = raw[: first.start] + first.text + raw[first.end :]
        lines[i] = Line(line.page, line.no, raw, line.words, values)
        lines[i - 1] = Line(upper.page, upper.no, upper.raw[: first.start].rstrip(), upper.words[:-1])


def tail_below(lines: list[Line]) -> None:
    """Give a number of table 三's row the digits a narrow cell wrapped onto the next line, in place.

    A print on a narrow page can keep a row's values on its line but wrap one of them, most
    often the total, over two lines of its cell: the row reads ``27 0 0 2 0 1 3`` and the line
    below, beside the words of a label written down the side, a single ``0``. Columns do not
    tell it: pdftotext spaces a line of Chinese words more tightly than a line of digits, so the
    part below can stand two columns off the part above. Arithmetic does: the row's total is
    the sum of its other values only with the digits put back. So the digits are taken into a
    value of the row when the line below prints one value alone, digits, after label words
    that open no row of their own (no outline numbering), the row prints a whole row of table
    三 whose sum fails, and joining the digits to exactly one of its values makes it hold. The
    value keeps its two lines (``3`` / ``0``), so the table reader doubts it (``values_unwrapped``).
    """
    width = row_width()
    for i in range(len(lines) - 1):
        line, below = lines[i], lines[i + 1]
        if len(line.values) != width or len(below.values) != 1 or numbering(below) is not None:
            continue
        tail = below.values[0]
        if not _DIGITS.match(tail.text) or row_sum_holds(line.values) or tail.start < line.values[0].start:
            continue
        fits = [k for k in range(width) if (joined := _joined(line.values, k, tail.text)) and row_sum_holds(joined)]
        if len(fits) != 1:
            continue
        values = list(line.values)
        values[fits[0]] = Word(values[fits[0]].start, f"{values[fits[0]].text}\n{tail.text}")
        lines[i] = Line(line.page, line.no, line.raw, line.words, values)
        lines[i + 1] = Line(below.page, below.no, below.raw[: tail.start].rstrip(), below.words)


def _joined(values: Sequence[Word], k: int, tail: str) -> list[Word] | None:
    """``values`` with ``tail``'s digits written after value ``k``'s; None where that value is no
    number digits can follow (not digits, or ``0``)."""
    v = values[k]
    if not _DIGITS.match(v.text) or v.text == "0":
        return None
    return [*values[:k], Word(v.start, v.text + tail), *values[k + 1 :]]


def unit_apart(lines: list[Line]) -> None:
    """Put an amount's unit a print set apart from it back after it, in place.

    A narrow amount cell wraps ``75394432.52元`` over two lines, and a print can set the unit on
    the row's line (``政府集中采购  135      元``) and the number on the line below or above it;
    a justified cell can push the unit to its right edge (``135  75394432.52   元``). The line
    then ends in a word, so it reads as no row (and an amount alone, as a row with no label).
    The unit stands apart from the row's words, after a number of the row's. When the line right
    below or above prints an amount alone, a number without a unit whose characters reach over
    the unit's column, right of the row's number, that amount is written into the unit's line at
    its column, the unit after it, and its own line is left blank; the value keeps both lines
    (``75394432.52`` / ``元``), so the table reader doubts it (``values_unwrapped``): a number that
    stands there for another reason (a page's number, the row's amount missing from the print)
    looks the same. Otherwise, when the row prints two numbers or more before the unit, the unit
    is the last one's: an amount is the last column of its table, and a count stands before it (a
    row printing one number before the unit is left as it is: its amount may be what the print
    lost).
    """
    for i, line in enumerate(lines):
        if line.anchor or len(line.words) < 3 or line.words[-1].text not in MONEY_UNITS:
            continue
        unit, before = line.words[-1], line.words[-2]
        if unit.start - before.end < MIN_GAP or not is_number(before.text) or not before.text[-1].isdigit():
            continue
        beside = _amount_beside(lines, i, unit, before)
        if beside is not None:
            j, amount = beside
            lines[j] = Line(lines[j].page, lines[j].no, "")
            head = line.raw[: unit.start].rstrip().ljust(amount.start)
            row = cut_line(head + amount.text + unit.text, line.page, line.no)
            last = row.values[-1]
            row.values[-1] = Word(last.start, f"{amount.text}\n{unit.text}")  # printed over two lines
            lines[i] = row
        elif is_number(line.words[-3].text):
            lines[i] = cut_line(line.raw[: before.end] + unit.text, line.page, line.no)


def _amount_beside(lines: Sequence[Line], i: int, unit: Word, before: Word) -> tuple[int, Word] | None:
    """The line right below or above line ``i`` that prints an amount alone reaching over ``unit``'s
    column, right of the number ``before`` it, and that amount; or None."""
    for j in (i + 1, i - 1):
        if not 0 <= j < len(lines) or not _values_only(lines[j]) or len(lines[j].values) != 1:
            continue
        amount = lines[j].values[0]
        reaches = amount.start <= unit.start <= amount.end and amount.start - before.end >= MIN_GAP
        if reaches and is_number(amount.text) and amount.text[-1].isdigit():
            return j, amount
    return None
