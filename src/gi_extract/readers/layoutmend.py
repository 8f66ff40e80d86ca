"""Lines of layout text put back as a table printed them, before its rows are found.

A browser's or a narrow page's print moves a row's pieces about: its item number after its
words, its values over two or three of its label's lines, one value one space after the
label, a few rows' values one column at a time (a staircase). Each repair here works on the
cut lines (:mod:`.layoutlines`) of a page, in place, and only where what it moves has one
place to go; :func:`mend_lines` runs them in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from .layoutlines import ITEM, MARKER, MIN_GAP, Line, Word, bare_marker, centre, numbering, past_side, tight_value
from .layoutwrap import lower_first_values, row_sum_holds, row_width, stack_wrapped, tail_below, unit_apart

STEP_DRIFT = 1.5
"""Columns a value's centre may drift from the others of its step (numbers of different widths)."""


def _steps(run: Sequence[int], lines: Sequence[Line]) -> list[list[int]] | None:
    """A run of lone values cut into steps (one column each, left to right, the same number of rows
    in each), or None when the run is not a staircase."""
    steps: list[list[int]] = []
    for i in run:
        if steps and abs(centre(lines[i].values[0]) - centre(lines[steps[-1][0]].values[0])) <= STEP_DRIFT:
            steps[-1].append(i)
        else:
            steps.append([i])
    centres = [centre(lines[s[0]].values[0]) for s in steps]
    k = len(steps[0])
    if len(steps) < 2 or k < 2 or any(len(s) != k for s in steps):
        return None
    if any(b - a < MIN_GAP for a, b in pairwise(centres)):
        return None
    return steps


def _hosts(lines: Sequence[Line], first: int, k: int, left: int) -> list[int] | None:
    """The ``k`` rows a staircase starting at line ``first`` (its first column at ``left``) belongs
    to, top to bottom: the nearest lines above that print values left of it (the rows' first
    column stands on their label lines, apart from the label or one space after it,
    :func:`tight_value`) or open a numbered item (``1.``); all of them with such a value or
    none. A line reaching the staircase's columns (a header, running text, a row of more
    values) or a numbered line that is neither (a group label) ends the search.
    """
    hosts: list[int] = []
    for i in range(first - 1, -1, -1):
        line = lines[i]
        if line.blank:
            continue
        if line.end >= left:
            return None  # a header, running text or a row printing more values: no rows of this staircase
        marker = numbering(line)
        if line.anchor or (marker and (ITEM.match(marker) or tight_value(line) is not None)):
            hosts.append(i)
        elif marker:
            return None  # a group label (（三）不予公开): it prints no values, and rows above it are not these
        if len(hosts) == k:
            valued = {lines[j].anchor or tight_value(lines[j]) is not None for j in hosts}
            return hosts[::-1] if len(valued) == 1 else None
    return None


def mend_lines(pages: list[list[Line]], right: float) -> None:
    """Put back, in place, what a print did to a table's lines before its rows are found: item numbers
    set after their words (:func:`front_item_numbers`), numbers wrapped in narrow cells
    (:func:`stack_wrapped`), rows split over their label's lines (:func:`join_split_rows`), a row's
    first value left on the line of its label's first words (:func:`lower_first_values`), a row's
    item number set on its label's second line with the rest of its values (:func:`number_below`)
    or alone under its whole row (:func:`number_under_row`), a value's digits wrapped onto the
    line below (:func:`tail_below`), an amount
    printed apart from its unit (:func:`unit_apart`), a single value one space after its label
    (:func:`promote_tight_values`, on lines ending left of ``right``, where running text does not)
    and values printed as a staircase (:func:`unstair`)."""
    widths = row_widths(pages)
    for lines in pages:
        front_item_numbers(lines)
        stack_wrapped(lines, widths)
        join_split_rows(lines, widths)
        lower_first_values(lines)
        number_below(lines, widths)
        number_under_row(lines, widths)
        tail_below(lines)
        unit_apart(lines)
    promote_tight_values(pages, right)
    for lines in pages:
        unstair(lines)


def promote_tight_values(pages: list[list[Line]], right: float) -> None:
    """Make anchors of table rows whose single value stands one space after the label, in place.

    ``行政事业性收费 673.76``: a wide label cell leaves one space before its value. Running
    text can end in a number the same way, so such a line counts only when it is short of
    the right margin and the line above it (blank lines aside) holds columns: a header or
    a row of the table.
    """
    for lines in pages:
        above: Line | None = None
        for n, line in enumerate(lines):
            if line.blank:
                continue
            tight = tight_value(line)
            if tight is not None and above is not None and above.gapped and line.end < right:
                lines[n] = Line(line.page, line.no, line.raw, line.words[:-1], [tight])
            above = lines[n]


_GLUED_ITEM = re.compile(r"^(.*[^\x00-\x7f])(\d{1,2}[.．、])$")
"""An item number run into the end of its label's first words (``申请人无正1.``)."""
_FRONTED_MAX = 8
"""The longest first line of a label an item number is put before: a table's narrow label cell
(running text ending in ``附件1.`` fills a line)."""


def front_item_numbers(lines: list[Line]) -> None:
    """Put an item number a print set after its label's first words back before them, in place.

    A browser's print can place an item's number right of the first line of its label, apart
    (``无正当理  4.``) or run into it (``申请人无正1.``); the row then has no numbered label, and its
    words go to the row above. Only on a line of no values whose label is one short word (a
    narrow cell's line, side characters aside) with no numbering of its own, where the label goes
    on below: the next line that is not blank starts left of the word or at most two columns
    right of it, and a line of values follows within three. Words standing further left than
    the label below are a group label written down the side (``予处理  5.``: the number is in its
    place), and a line the table does not go on under (``附件1.`` after its last row) is no label.
    """
    for i, line in enumerate(lines):
        if line.values or not line.words:
            continue
        own = past_side(line.words)
        side = line.words[: len(line.words) - len(own)]
        if len(own) == 2 and ITEM.match(own[1].text) and bare_marker(own[1:]):
            head, number = own[0].text, own[1].text
        elif len(own) == 1 and (m := _GLUED_ITEM.match(own[0].text)):
            head, number = m.group(1), m.group(2)
        else:
            continue
        below = [x for x in lines[i + 1 : i + 6] if not x.blank][:3]
        if len(head) > _FRONTED_MAX or MARKER.match(head) or not below or not any(x.anchor for x in below):
            continue
        nxt = past_side(below[0].words)
        if not nxt or MARKER.match(nxt[0].text) or own[0].start < nxt[0].start - MIN_GAP:
            continue
        words = [*side, Word(own[0].start, number + head)]
        lines[i] = Line(line.page, line.no, line.raw[: own[0].start] + number + head, words)


def number_under_row(lines: list[Line], widths: frozenset[int]) -> None:
    """Put an item number a print set alone under its row's line back before the row's words, in place.

    A tall label cell can print the label's first words beside the row's values, the item's number
    alone on the line below and the label's last words under it (``保护第三方 154 28 0 0 0 0 182`` /
    ``4.`` / ``合法权益``). The number would open a label of its own, a row printing nothing. It is the
    row's when the row's line prints a whole row (``widths``) under words that open no numbering, the
    number stands alone on the next line that is not blank, no further right than those words, and
    the line after it is words with no values and no numbering: the label's end.
    """
    filled = [i for i, x in enumerate(lines) if not x.blank]
    for at, n in enumerate(filled[:-2]):
        row, below, after = lines[n], lines[filled[at + 1]], lines[filled[at + 2]]
        label = past_side(row.words)
        if not label or len(row.values) not in widths or numbering(row) is not None:
            continue
        if below.anchor or not bare_marker(below.words) or not ITEM.match(below.words[0].text):
            continue
        if below.words[0].start > label[0].start or after.anchor or not after.words or numbering(after) is not None:
            continue
        lines[n] = _numbered(row, below.words[0].text, label, row.values)
        lines[filled[at + 1]] = Line(below.page, below.no, "")


def number_below(lines: list[Line], widths: frozenset[int]) -> None:
    """Join a row whose item number a print set on its label's second line, with the rest of its values.

    A narrow page can print an item's label over two lines with the number at the start of the
    second, alone or run into the label's last words (``危及“三安全一稳定” 30 0 0 0`` over
    ``3.   0 0 30``; ``要求提供公开 148`` over ``（五） 3.出版物   0 0 0 0 0 148``, the group's label
    beside it), each line beside some of the row's values. The lower line then opens a numbered
    label and :func:`join_split_rows` leaves the two apart: the upper, whose label is unnumbered,
    as a row short of values. They are one row when the upper line's label opens with no
    numbering and ends in values (or in one number one space after it), the lower's own words (a
    group label down the side aside) open with an item number standing no further right than the
    upper label, its values begin right of the upper's first, together they make a whole row
    (``widths``), and table 三's arithmetic then holds (the total is the sum of the others):
    columns cannot say it, since pdftotext sets a line of Chinese words tighter than a line of
    digits. The number goes before the upper line's words, which take every value; the lower
    keeps its other words as the label's next line. :func:`lower_first_values` runs first: it
    places the one value of a label line by its column where it can.
    """
    filled = [i for i, x in enumerate(lines) if not x.blank]
    for n, m in pairwise(filled):
        upper, lower = lines[n], lines[m]
        pair = _number_below(upper, lower, widths)
        if pair is None:
            continue
        k, item, label, values = pair
        head = lower.words[k]
        lines[n] = _numbered(upper, item.group(), label, values)
        rest = [Word(head.start + item.end(), head.text[item.end() :])] if item.end() < len(head.text) else []
        kept = [*lower.words[:k], *rest, *lower.words[k + 1 :]]
        lines[m] = Line(lower.page, lower.no, _printed("", kept), kept)


def _number_below(
    upper: Line, lower: Line, widths: frozenset[int]
) -> tuple[int, re.Match[str], list[Word], list[Word]] | None:
    """Where ``lower`` is the second line of ``upper``'s row by :func:`number_below`'s rule: the index of
    its item number among its words, the number's match, the upper label's words and the row's values."""
    first = _leading_values(upper)
    label = [w for w in past_side(upper.words) if w not in first]
    if not (first and lower.anchor and label) or numbering(upper) is not None:
        return None
    left = label[0].start
    found = next(((k, hit) for k, w in enumerate(lower.words) if (hit := ITEM.match(w.text))), None)
    if found is None or lower.words[found[0]].start > left or any(w.end > left for w in lower.words[: found[0]]):
        return None  # no item number, or one standing right of the label above: a row of its own
    values = [*first, *lower.values]
    if lower.values[0].start <= first[0].start or len(values) not in widths or not row_sum_holds(values):
        return None
    return found[0], found[1], label, values


def _numbered(line: Line, number: str, label: Sequence[Word], values: list[Word]) -> Line:
    """``line`` with the item ``number`` set before its ``label`` (the words after any characters of a
    side label), printing ``values``."""
    side = line.words[: len(line.words) - len(past_side(line.words))]
    words = [*side, Word(max(0, label[0].start - len(number) - 1), number), *label]
    return Line(line.page, line.no, _printed("", [*words, *values]), words, values)


def _printed(raw: str, words: Sequence[Word]) -> str:
    """``raw`` with ``words`` written on at their columns (a space apart where one would overlap):
    the text of a line rebuilt from moved words, for its text and its page-wide key."""
    for w in words:
        raw = raw.ljust(w.start if w.start > len(raw) else len(raw) + 1) + w.text
    return raw


def unstair(lines: list[Line]) -> None:
    """Read values printed as a staircase back into their rows, in place.

    pdftotext may print the values of a few rows side by side as one column at a time:
    each column's values on lines of their own, top row first, each column further right
    (``69`` ``0`` on the label lines, then ``0``/``0`` at column 19, ``0``/``0`` at 23 …).
    A run of lines holding one value each and nothing else, cut into steps of the same
    number of lines whose columns move right, is such a staircase when it has rows to go
    to (:func:`_hosts`): each step gives one value to each row, in order. The staircase
    lines are left blank. Anything less regular is left as it is.
    """
    lone = [i for i, x in enumerate(lines) if not x.words and len(x.values) == 1]
    runs: list[list[int]] = []
    for i in lone:
        between = runs[-1][-1] + 1 if runs else 0
        if runs and all(lines[j].blank for j in range(between, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        steps = _steps(run, lines)
        if steps is None:
            continue
        hosts = _hosts(lines, run[0], len(steps[0]), min(lines[i].values[0].start for i in steps[0]))
        if hosts is None:
            continue
        for row, host in enumerate(hosts):
            line = lines[host]
            words, values = list(line.words), list(line.values)
            tight = tight_value(line)
            if tight is not None:
                words, values = words[:-1], [tight]
            moved = [lines[s[row]].values[0] for s in steps]
            lines[host] = Line(line.page, line.no, _printed(line.raw, moved), words, [*values, *moved])
        for i in run:
            lines[i] = Line(lines[i].page, lines[i].no, "")


SPLIT_MIN_COLUMNS = 5
"""A row split over two or three lines is joined only in tables this wide (table 三: seven value columns;
table 二's rows print three values at most and are not numbered, so they are left alone)."""


def _leading_values(line: Line) -> list[Word]:
    """The values a label line ends with: an anchor's, or one number one space after the label."""
    tight = tight_value(line)
    return line.values if line.anchor else [tight] if tight is not None else []


def row_widths(pages: Sequence[Sequence[Line]]) -> frozenset[int]:
    """The numbers of values, :data:`SPLIT_MIN_COLUMNS` or more, that the document's rows print whole:
    on the line of a numbered label (the lower part of a split row goes on an unnumbered one)."""
    return frozenset(
        len(x.values)
        for lines in pages
        for x in lines
        if len(x.values) >= SPLIT_MIN_COLUMNS and numbering(x) is not None
    )


def join_split_rows(lines: list[Line], widths: frozenset[int]) -> None:
    """Join a table row a browser's print split over its label's lines back into one, in place.

    A label wrapped in its cell can take the row's first values up with its first line
    (``一、本年新收政府信息公开申 151 3 0 0``, one space after the label) and leave the rest
    on the line of its last words (``请数量  0  0  154``), sometimes with the item's number
    set lower, on a line between (``属于四类 2`` / ``6.`` / ``过程性信息  0 … 2``); or a total
    set higher than the rest stands on the label's first line, the rest beside its next
    words. A tall label cell can spread one row's values over three of its lines (the total
    on the first, the first column one space after the second line's words, the rest beside
    the third's), or leave a line of label words between the parts.

    The lines are one row when, from a line with values and label words, the lines that follow
    (at most three, blank lines aside) are label words with no values, the item's number alone
    (right after the first line), or the label's next words with values, none opening a
    numbered label of its own (a group label written down the side beside them opens none:
    :func:`_opens_label`); the last part prints its values apart from its words (a line ending
    in one number one space after its words is the first line of the next row as often as a
    part of this one); each part's values stand apart from those taken before, a space or more
    between their characters, and a part with no words of its own only right of them all; and
    together they print as many values as a row printed whole elsewhere in the document
    (``widths``, :func:`row_widths`). The first line takes every value, in order of column
    (and the number, when one stood between); the others keep their words as the label's
    next lines.
    """
    if not widths:
        return
    most = max(widths)
    filled = [i for i, x in enumerate(lines) if not x.blank]
    for at, n in enumerate(filled):
        upper = lines[n]
        first = _leading_values(upper)
        if not first or not upper.words:
            continue
        if at and _number_below(lines[filled[at - 1]], upper, widths) is not None:
            continue  # the second line of the row above, its item number set lower (:func:`number_below`)
        joined = _joined_below(lines, filled[at + 1 : at + 4], first, widths, most, past_side(upper.words)[0].start)
        if joined is None:
            continue
        parts, number, taken = joined
        values = sorted(taken, key=lambda w: w.start)
        words = [w for w in upper.words if w not in first]
        if number is not None:
            words = [lines[number].words[0], *words]
            lines[number] = Line(lines[number].page, lines[number].no, "")
        lines[n] = Line(upper.page, upper.no, _printed("", [*words, *values]), words, values)
        for i in parts:
            part = lines[i]
            moved = _leading_values(part)
            kept = [w for w in part.words if w not in moved]
            lines[i] = Line(part.page, part.no, part.raw[: moved[0].start].rstrip(), kept)


def _joined_below(
    lines: Sequence[Line],
    following: Sequence[int],
    first: Sequence[Word],
    widths: frozenset[int],
    most: int,
    left: int,
) -> tuple[list[int], int | None, list[Word]] | None:
    """The lines among ``following`` whose values complete the row whose first values are ``first``,
    the line of the item's number alone right after it (None when there is none) and all the
    row's values; None when they do not (:func:`join_split_rows`)."""
    parts: list[int] = []
    number: int | None = None
    taken = list(first)
    for at, i in enumerate(following):
        line = lines[i]
        if at == 0 and not line.anchor and bare_marker(line.words):
            number = i
            left = min(left, line.words[0].start)  # the item's number stands in the label's column
            continue
        if _opens_label(line, left):
            return None  # a label of its own
        values = _leading_values(line)
        if not values:
            continue  # the label's next words, printing no value
        if any(v.start <= w.end and w.start <= v.end for v in values for w in taken):
            return None  # values in a column already taken, or run into one: another row
        if not line.words and values[0].start <= max(w.end for w in taken):
            return None  # values alone, left of the row's: a row whose label went elsewhere
        parts.append(i)
        taken += values
        if len(taken) in widths and line.anchor:
            whole = sorted(taken, key=lambda w: w.start)
            if len(whole) == row_width() and values[0].start < first[0].start and not row_sum_holds(whole):
                return None  # values left of the row's that do not make it add up: the next row's first ones
            return parts, number, taken
        if len(taken) >= most:
            return None
    return None


def _opens_label(line: Line, left: int) -> bool:
    """Whether ``line`` opens a numbered label of its own, below a row's first line whose label starts
    at column ``left``. Words left of that column are a group label written down the side
    (``（五）不`` beside ``出版物``, the end of ``3.要求提供公开出版物``): their numbering is the
    group's, which the row is in, not a row's; the words from that column on decide (side
    characters aside). An item number alone there (``1.   信访举报``: a number set apart from its
    words) opens a row, and a line all of whose words stand left of ``left`` (``（六）其他处理``) is a
    row of its own when numbered. The label's next words may stand a column left of its first
    line's (pdftotext sets a line of Chinese words a little tighter: ``要求提供公`` at 5, then
    ``（五） 开出版物`` with ``开`` at 4).
    """
    own = [w for w in line.words if w.start >= left - 1]
    if own and len(own) < len(line.words):
        if any(bare_marker([w]) and ITEM.match(w.text) for w in line.words if w not in own):
            return True
        return MARKER.match(past_side(own)[0].text) is not None
    return numbering(line) is not None
