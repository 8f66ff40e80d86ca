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
MONEY_UNITS = frozenset({"元", "万元"})
"""The units an amount in table 二 is printed with."""
_UNITS = MONEY_UNITS | {"件", "项", "个", "条", "%"}


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


def past_side(words: Sequence[Word]) -> list[Word]:
    """``words`` after the characters of a group label written down the side (:func:`side_characters`)."""
    return list(words[side_characters([w.text for w in words]) :])


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


def numbering(line: Line) -> str | None:
    """The outline numbering a line's label opens with, after any characters of a group label
    written down the side (``（ 1.本机关…`` → ``1.``), or None."""
    own = past_side(line.words)
    m = MARKER.match(own[0].text) if own else None
    return m.group() if m else None


def tight_value(line: Line) -> Word | None:
    """A number standing one space after a label that prints no values (``一、本年新收政府 69``)."""
    words = line.words
    if line.anchor or len(words) < 2 or not is_number(words[-1].text) or is_number(words[-2].text):
        return None
    return words[-1] if words[-1].start - words[-2].end == 1 else None


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
_SPACED_GROUP = re.compile(r"(?<!\S)([（(]) ?([一二三四五六七八九十]{1,3}) ?([）)])")
"""A group's numbering that a cell justified to its width spaced out (``（ 七 ）``)."""


def _close_numbering(raw: str) -> str:
    """``raw`` with spaced numbering closed up, so the words and columns after it stay where they
    were: an item number's spaces go before it (``2 . 其他`` → ``  2.其他``), a group's after it
    where a space follows it anyway (``（ 七 ） 63`` → ``（七）   63``: the label keeps the column
    it starts in, which tells it from a label written down the side), else before it. Left
    spaced, ``（`` alone reads as a character of such a side label."""

    def before(m: re.Match[str]) -> str:
        joined = "".join(m.groups())
        return " " * (len(m.group()) - len(joined)) + joined

    def group(m: re.Match[str]) -> str:
        if m.end() < len(m.string) and not m.string[m.end()].isspace():
            return before(m)
        joined = "".join(m.groups())
        return joined + " " * (len(m.group()) - len(joined))

    return _SPACED_GROUP.sub(group, _SPACED_ITEM.sub(before, raw))


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
