"""Lines of layout text (``pdftotext -layout``) cut into words, label fragments and values.

pdftotext places each word at the character column its x position maps to, so cells are
told apart only by runs of spaces: :data:`MIN_GAP` spaces or more separate two cells, one
space separates two words of one cell (``情 形，不``). A line that ends in numbers is a
row's *anchor*; everything else about rows is decided around anchors (:mod:`.layoutgrid`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from .celltext import ZERO_MARKS, is_number, is_value, normal

MIN_GAP = 2
"""Spaces that separate two cells; a single space separates the words of one cell."""
MARKER = re.compile(
    r"^(?:\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．])"
)
"""Outline numbering that opens a label or a heading: ``1.``, ``（三）``, ``一、``."""
ITEM = re.compile(r"^(\d{1,2})[.．、](?!\d)")
"""A numbered item (``1.``): such labels stand in a table's innermost label column."""
_GLUED_NUMBER = re.compile(r"^(.*[^\x00-\x7f])(\d[\d,]*(?:\.\d+)?)$")
_UNITS = frozenset({"元", "万元", "件", "项", "个", "条", "%"})


@dataclass(frozen=True, slots=True)
class Word:
    """A run of text on a line: the character column it starts at, and its text."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def centre(w: Word) -> float:
    """The middle of a word, in character columns."""
    return (w.start + w.end) / 2


def bare_marker(words: Sequence[Word]) -> bool:
    """Words that are outline numbering alone (``5.``): a label whose text was printed on another line
    (a number set in another font sits lower than the text it opens)."""
    m = MARKER.match(words[0].text) if len(words) == 1 else None
    return m is not None and m.end() == len(words[0].text)


def side_characters(texts: Sequence[str]) -> int:
    """How many of ``texts`` lead as characters of a group label written down the side: single
    characters, not digits, before more text (``（`` in ``（ 1.本机关不掌``)."""
    n = 0
    while n + 1 < len(texts) and len(texts[n]) == 1 and not texts[n].isdigit():
        n += 1
    return n


@dataclass(slots=True)
class Line:
    """One line of a page, cut into label words and the values it ends with."""

    page: int
    no: int
    raw: str
    words: list[Word] = field(default_factory=list)
    """The words before the values (the label part), each run of non-space text once."""
    values: list[Word] = field(default_factory=list)
    """The run of values the line ends with (numbers and zero marks), when it is an anchor."""

    @property
    def anchor(self) -> bool:
        """The line prints a row's values."""
        return bool(self.values)

    @property
    def worded(self) -> bool:
        """The line holds a word of two characters or more: label text of its own, not a character
        of a label written down the side."""
        return any(len(w.text) > 1 for w in self.words)

    @property
    def blank(self) -> bool:
        return not self.words and not self.values

    @property
    def text(self) -> str:
        return " ".join(self.raw.split())

    @property
    def start(self) -> int:
        first = self.words or self.values
        return first[0].start if first else 0

    @property
    def end(self) -> int:
        last = self.values or self.words
        return last[-1].end if last else 0

    @property
    def value_left(self) -> int:
        """The column where the line's values begin (its end when it prints none)."""
        return self.values[0].start if self.values else self.end

    def fragments(self) -> list[Word]:
        """The label part as cells: words one space apart joined (``情 形，不`` is one cell's text)."""
        out: list[Word] = []
        for w in self.words:
            if out and w.start - out[-1].end < MIN_GAP:
                out[-1] = Word(out[-1].start, out[-1].text + " " + w.text)
            else:
                out.append(w)
        return out

    @property
    def gapped(self) -> bool:
        """The line holds two cells or more (a gap of :data:`MIN_GAP` spaces or more)."""
        return len(self.fragments()) + len(self.values) > 1

    @property
    def marked(self) -> bool:
        """One of the line's label cells opens with outline numbering (a label or heading starts)."""
        return any(MARKER.match(f.text) for f in self.fragments())


def cut_line(raw: str, page: int, no: int) -> Line:
    """Cut a line into its label words and the run of values it ends with.

    A value glued to the label before it (``稳0``: the last character of a wrapped label
    touching the first number) is cut off when only values follow; a unit one space after
    a number (``75394432.52 元``) belongs to it. The line is an anchor when it ends in
    values: two or more, or one standing apart (after a gap, or alone) that is a number or
    a dash. Running text ending in a number does not qualify: one space stands before it.
    An item number spaced out (``2 . 其他法律``, as pdfplumber's layout text prints it) is
    closed up (:func:`_close_numbering`).
    """
    found = [Word(m.start(), m.group()) for m in re.finditer(r"\S+", _close_numbering(raw))]
    words: list[Word] = []
    for n, w in enumerate(found):
        glued = _GLUED_NUMBER.match(w.text)
        if glued and n + 1 < len(found) and all(is_value(x.text) for x in found[n + 1 :]):
            head = glued.group(1)
            words += [Word(w.start, head), Word(w.start + len(head), glued.group(2))]
        elif w.text in _UNITS and words and is_number(words[-1].text) and w.start - words[-1].end <= 1:
            words[-1] = Word(words[-1].start, words[-1].text + w.text)
        else:
            words.append(w)
    k = len(words)
    while k > 0 and is_value(words[k - 1].text):
        k -= 1
    run = words[k:]
    if len(run) > 1 or (len(run) == 1 and (is_number(run[0].text) or _is_dash(run[0].text))):
        apart = k == 0 or run[0].start - words[k - 1].end >= MIN_GAP
        if len(run) > 1 or apart:
            return Line(page, no, raw, words[:k], run)
    return Line(page, no, raw, words)


_SPACED_ITEM = re.compile(r"(?<!\S)(\d{1,2}) ([.．、]) ?(?=[^\s\d.．、])")
"""An item number with spaces inside it (``2 . 其``), before the words it numbers."""


def _close_numbering(raw: str) -> str:
    """``raw`` with spaced item numbers closed up (``2 . 其他`` → ``  2.其他``), the spaces taken out
    put before the number, so the words and columns after it stay where they were."""

    def close(m: re.Match[str]) -> str:
        joined = m.group(1) + m.group(2)
        return " " * (len(m.group()) - len(joined)) + joined

    return _SPACED_ITEM.sub(close, raw)


def _is_dash(text: str) -> bool:
    """A zero mark that cannot be a character of a label written down the side (``无`` can)."""
    return normal(text) in ZERO_MARKS - {"无"}


def stacked_lines(body: Sequence[Line]) -> set[int]:
    """The lines of a label written down the side, one character per line (``本`` / ``度`` …).

    A label wrapped in its cell may end in a single character (``（六）其他处`` / ``理``), but
    two lines running of one character each, in the same column, are a stack, even where
    that column is the label column's or the fragment has no numbered items to tell it by.
    """
    one = {i for i, x in enumerate(body) if not x.anchor and len(x.words) == 1 and len(x.words[0].text) == 1}
    filled = [i for i, x in enumerate(body) if not x.blank]
    nxt = dict(pairwise(filled))
    out: set[int] = set()
    for i in one:
        j = nxt.get(i)
        if j is not None and j in one and abs(body[i].words[0].start - body[j].words[0].start) <= 1:
            out |= {i, j}
    return out


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


def _numbering(line: Line) -> str | None:
    """The outline numbering a line's label opens with, after any characters of a group label
    written down the side (``（ 1.本机关…`` → ``1.``), or None."""
    words = [w.text for w in line.words]
    m = MARKER.match(words[side_characters(words)]) if words else None
    return m.group() if m else None


def tight_value(line: Line) -> Word | None:
    """A number standing one space after a label that prints no values (``一、本年新收政府 69``)."""
    words = line.words
    if line.anchor or len(words) < 2 or not is_number(words[-1].text) or is_number(words[-2].text):
        return None
    return words[-1] if words[-1].start - words[-2].end == 1 else None


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
        numbering = _numbering(line)
        if line.anchor or (numbering and (ITEM.match(numbering) or tight_value(line) is not None)):
            hosts.append(i)
        elif numbering:
            return None  # a group label (（三）不予公开): it prints no values, and rows above it are not these
        if len(hosts) == k:
            valued = {lines[j].anchor or tight_value(lines[j]) is not None for j in hosts}
            return hosts[::-1] if len(valued) == 1 else None
    return None


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
        if len(x.values) >= SPLIT_MIN_COLUMNS and _numbering(x) is not None
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
        joined = _joined_below(lines, filled[at + 1 : at + 4], first, widths, most, upper.words[0].start)
        if joined is None:
            continue
        parts, number = joined
        values = sorted([*first, *(v for i in parts for v in _leading_values(lines[i]))], key=lambda w: w.start)
        words = [w for w in upper.words if w not in first]
        if number is not None:
            words = [lines[number].words[0], *words]
            lines[number] = Line(lines[number].page, lines[number].no, "")
        lines[n] = Line(upper.page, upper.no, _printed("", [*words, *values]), words, values)
        for i in parts:
            part = lines[i]
            taken = _leading_values(part)
            kept = [w for w in part.words if w not in taken]
            lines[i] = Line(part.page, part.no, part.raw[: taken[0].start].rstrip(), kept)


def _joined_below(
    lines: Sequence[Line],
    following: Sequence[int],
    first: Sequence[Word],
    widths: frozenset[int],
    most: int,
    left: int,
) -> tuple[list[int], int | None] | None:
    """The lines among ``following`` whose values complete the row whose first values are ``first``,
    and the line of the item's number alone right after it (None when there is none); None when
    they do not (:func:`join_split_rows`)."""
    parts: list[int] = []
    number: int | None = None
    count = len(first)
    taken = list(first)
    for at, i in enumerate(following):
        line = lines[i]
        if at == 0 and not line.anchor and bare_marker(line.words):
            number = i
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
        count += len(values)
        if count in widths and line.anchor:
            return parts, number
        if count >= most:
            return None
    return None


def _opens_label(line: Line, left: int) -> bool:
    """Whether ``line`` opens a numbered label of its own, below a row's first line whose label starts
    at column ``left``. Words left of that column are a group label written down the side
    (``（五）不`` beside ``出版物``, the end of ``3.要求提供公开出版物``): their numbering is the
    group's, which the row is in, not a row's; the words from that column on decide. A line all
    of whose words stand left of it (``（六）其他处理``) is a row of its own when numbered.
    """
    own = [w for w in line.words if w.start >= left]
    if own and len(own) < len(line.words):
        return MARKER.match(own[0].text) is not None
    return _numbering(line) is not None
