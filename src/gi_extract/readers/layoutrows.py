"""Layout text: every line of a table fragment to its row (step 3 of :mod:`.layoutgrid`).

An anchor (a line ending in values) is a row; the label lines around it go to the anchor
above or below by their outline numbering, blank lines and what each anchor prints of its
own label; a numbered line without values is a row printed blank.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from ..labels import best_match
from ..template import registry
from .layoutlines import MARKER, Line, Word, bare_marker


@dataclass
class Row:
    """A table row of layout text: its first line, the anchor printing its values (None: a row
    printed blank), and every line of its label."""

    first: int
    anchor: int | None
    lines: list[int] = field(default_factory=list)

    def label_lines(self, mains: dict[int, list[Word]]) -> list[int]:
        """The row's lines in the order its label reads: a number printed alone (``8.``, set lower
        than its words) first, then the rest top to bottom."""
        numbers = [i for i in self.lines if bare_marker(mains.get(i, []))]
        return [*numbers[:1], *(i for i in self.lines if i not in numbers[:1])]

    def start(self, mains: dict[int, list[Word]]) -> int | None:
        starts = [w.start for i in self.lines for w in mains.get(i, [])]
        return min(starts) if starts else None


def _is_marked(words: Sequence[Word]) -> bool:
    return bool(words) and bool(MARKER.match(words[0].text))


def assign_rows(
    body: Sequence[Line], anchors: Sequence[int], mains: dict[int, list[Word]], continued: bool
) -> tuple[list[Row], list[int]]:
    """Every non-blank line to a row; returns the rows (in order) and the orphan lines.

    Between two anchors, a numbered line starts a label: the last one belongs to the anchor
    below when that anchor's own label does not start numbered (its label began above),
    the others are rows printed without values. Unnumbered lines go to the anchor above,
    except when the anchor below prints only the numbering of its label (:func:`bare_marker`):
    then they are its own from the last blank line on (or it prints none, and the anchor after it takes up the last
    numbered line, :func:`_label_went_up`); or no label of its own: then they are shared, split at
    a blank line or so that the anchor above gets as many lines below as it had above (the
    PDF centres a cell's lines on its values). In a fragment that continues the page before,
    the lines before its first label are orphans: the end of that page's last row.
    """
    by_anchor = {i: Row(i, i, [i]) for i in anchors}
    extra: list[Row] = []
    above: dict[int, int] = {}
    orphans: list[int] = []
    bounds = [-1, *anchors, len(body)]
    spans = [[i for i in range(lo + 1, hi) if not body[i].blank] for lo, hi in pairwise(bounds)]
    marked = [[k for k, i in enumerate(items) if _is_marked(mains.get(i, []))] for items in spans]
    below = {
        hi
        for hi, before, after in zip(anchors, marked, marked[1:], strict=False)
        if not mains[hi] and not before and after[:1] == [0]
    }  # a value line with no label, the next line its numbered item: a group label centred beside it
    for n, ((lo, hi), items, marks) in enumerate(zip(pairwise(bounds), spans, marked, strict=True)):
        a, b = by_anchor.get(lo), by_anchor.get(hi)
        bare = b is not None and bare_marker(mains[hi])
        b_needs = b is not None and (bare or not _is_marked(mains[hi])) and hi not in below
        to_b: list[int] = []
        new: list[Row] = []
        if marks:
            head = items[: marks[0]]
            groups = [items[p:q] for p, q in zip(marks, [*marks[1:], len(items)], strict=True)]
            _words_above_numbers(head, groups, mains, lo)
            if a is not None and lo in below:
                head = groups.pop(0)
            if b_needs and groups and not _stands_apart(groups[-1], hi, mains):
                to_b = groups.pop()
                c = anchors[n + 1] if n + 1 < len(anchors) else None
                if groups and not mains[hi] and c is not None and _label_went_up(mains[c], marked[n + 1]):
                    by_anchor[c].lines += to_b  # a numbered line over b's values, its words going on at c
                    to_b = groups.pop()
            new = [Row(g[0], None, g) for g in groups]
        elif bare:  # its words printed above it, after the end of the label above (a blank line between)
            gaps = [k for k in range(1, len(items)) if items[k] - items[k - 1] > 1]
            cut = gaps[-1] if gaps and (a is not None or continued) else 0
            head, to_b = items[:cut], items[cut:]
        elif a is None and b is not None and not (continued and mains[hi]):
            head, to_b = [], items
        elif a is None or b is None or not b_needs:
            head = items
        else:
            cut = min(above.get(lo, 0), len(items))
            blanks = [k for k in range(1, len(items)) if items[k] - items[k - 1] > 1]
            if blanks:
                cut = min(blanks, key=lambda k: abs(k - cut))
            head, to_b = items[:cut], items[cut:]
        if a is not None:
            a.lines += head
        elif continued:
            orphans += head
        elif new:
            new[0].lines[:0] = head
        else:
            to_b = head + to_b
        if b is not None and to_b:
            b.lines[:0] = to_b
            above[hi] = len(to_b)
        extra += new
    rows = [*by_anchor.values(), *extra]
    for row in rows:
        row.lines.sort()
        row.first = row.lines[0]
    rows.sort(key=lambda r: r.first)
    return rows, orphans


def _words_above_numbers(head: list[int], groups: list[list[int]], mains: dict[int, list[Word]], lo: int) -> None:
    """Give each group opening with a number alone (``8.``, :func:`bare_marker`) the words printed
    right above it, in place: the lines before it since the last blank line, taken from the
    lines after the anchor on line ``lo`` (``head``) or from the group before, never that
    group's numbered first line. Without a blank line between, nothing moves."""
    for k, group in enumerate(groups):
        if not bare_marker(mains.get(group[0], [])):
            continue
        before = head if k == 0 else groups[k - 1]
        seq = [lo, *before] if k == 0 and lo >= 0 else before
        gaps = [j for j in range(1, len(seq)) if seq[j] - seq[j - 1] > 1]
        if gaps:
            cut = gaps[-1] - (len(seq) - len(before))
            group[:0] = before[cut:]
            del before[cut:]


def _stands_apart(group: Sequence[int], anchor: int, mains: dict[int, list[Word]]) -> bool:
    """Whether a numbered label over an anchor is a row printed blank, not the start of the anchor's label.

    The anchor's unnumbered words usually end a label that began on the numbered line above
    (``2.没有现成信息需`` / ``要另行制作``). But a row printed blank may stand over a row whose
    number was dropped (``2.申请人逾期…申请`` / ``其他 1 0 0``): there the numbered lines read
    as a template row better on their own than with the anchor's words, and those words are
    another row's words in full (:data:`APART_WORDS`).
    """
    own = "".join(w.text for w in mains.get(anchor, []))
    if not own:
        return False
    above = _label(Row(group[0], None), group, mains)
    near = best_match(above, _row_labels())
    joined, _ = _likeness(above + own)
    if near is None or near.score <= joined:
        return False
    words = best_match(own, _row_words())
    return words is not None and words.score >= APART_WORDS and near.key != words.key


def _label_went_up(label: Sequence[Word], marks_before: Sequence[int]) -> bool:
    """Whether an anchor's label began further up than the anchor before it: its own words are
    unnumbered (``要另行制作``) and no numbered line stands between the two anchors.

    Then of two numbered lines over a value line that prints no label, the lower one
    (``2.没有现成信息需``) begins this anchor's label, and the value line is the upper one's
    (a browser's print centres values lower than a top-aligned label).
    """
    return bool(label) and not _is_marked(label) and not marks_before


REBALANCE_GAIN = 20.0
"""How much more alike the template's rows two labels must be (summed similarity, 0–200) after
their boundary moves than before: words between two rows go to the second only when they plainly
read as its label."""


@cache
def _row_labels() -> dict[str, tuple[str, ...]]:
    """Every row of the template's table 三 (where a number set lower than its words occurs) → its labels."""
    return {row.key: row.labels for row in registry().all_rows("applications")}


APART_WORDS = 95.0
"""How alike an anchor's unnumbered words must be to another template row's words (its label
without the outline number) for the numbered label above to stand apart (:func:`_stands_apart`)."""


@cache
def _row_words() -> dict[str, tuple[str, ...]]:
    """Every row of the template's table 三 → its labels without their outline numbering."""
    return {key: tuple(MARKER.sub("", label) for label in labels) for key, labels in _row_labels().items()}


REBALANCE_MAX_LINES = 12
"""Lines between two rows that are re-cut at most: a wrapped label has a few; more is no such print."""


_ITEM_NEAR = re.compile(r"^\S{0,8}?(\d{1,2})[.．、](?!\d)")
"""An item's number at or near a label's start, after a group label written beside it (``（五）不4.``)."""


def _number(text: str) -> str | None:
    """A label's own outline number, its digits or numerals alone (``1.`` and ``1、`` are ``1``): an
    item's (``（五）不4.无正当理`` is 4) before a group's or a heading's."""
    item = _ITEM_NEAR.match(text)
    if item:
        return item.group(1)
    m = MARKER.match(text)
    return re.sub(r"[^0-9一二三四五六七八九十]", "", m.group()) if m else None


def _likeness(text: str) -> tuple[float, bool]:
    """How alike ``text`` is to the template row it resembles most (0–100), and whether that row is
    numbered as ``text`` is, or one of them is not numbered (``1.其他法律行政法规禁止公开`` reads as
    2.其他法律…, numbered otherwise)."""
    match = best_match(text, _row_labels()) if text else None
    if match is None:
        return 0.0, True
    own, theirs = _number(text), _number(match.label)
    return match.score, own is None or theirs is None or own == theirs


def rebalance_labels(rows: Sequence[Row], mains: dict[int, list[Word]]) -> None:
    """Give the words between two rows to the row whose label they complete, in place.

    A narrow print sets an item's number lower than its first words (``申请人无正当`` / ``1.`` /
    ``理由逾期不补…``), or a label's last words after a blank line, over the next row's words and
    number (``政府信息公开申`` / ``请`` / ``其他`` / ``3.``). With no blank line or numbering to tell
    them apart, the lines after the upper row's values and before the lower row's number went
    by where they stand, and the two labels read as no template row. Every cut of those lines
    between the two is tried, and the one whose labels read most like template rows is taken when
    it does so by :data:`REBALANCE_GAIN` more than the cut they had (``5.要求行政机关确认或重新
    出具已获取信息`` and ``1.申请人无正当理由…``). The template's wording is the only evidence of
    where one label ends on such a print, so nothing moves on less, and never to a label that
    reads as a row numbered otherwise than itself (``1.`` over 2.'s words: :func:`_likeness`). Of
    equal cuts, the one moving the fewest lines; more than :data:`REBALANCE_MAX_LINES` lines
    between two rows are left as they are.
    """
    for a, b in pairwise(rows):
        if a.anchor is None:
            continue
        number = next((i for i in b.lines if _is_marked(mains.get(i, []))), None)
        if number is None:
            continue
        upper = [i for i in a.lines if i > a.anchor]
        lower = [i for i in b.lines if i < number]
        between = [*upper, *lower]
        if not between or len(between) > REBALANCE_MAX_LINES:
            continue
        if any(not mains.get(i) or _is_marked(mains[i]) for i in between):
            continue
        keep_a = [i for i in a.lines if i not in between]
        keep_b = [i for i in b.lines if i not in between]
        scores: list[tuple[float, bool]] = []
        for c in range(len(between) + 1):
            (sa, fa), (sb, fb) = (
                _likeness(_label(a, keep_a + between[:c], mains)),
                _likeness(_label(b, keep_b + between[c:], mains)),
            )
            scores.append((sa + sb, fa and fb))
        current = scores[len(upper)][0]
        valid = [(score, c) for c, (score, fits) in enumerate(scores) if fits]
        if not valid:
            continue
        best, cut = max(valid, key=lambda sc: (sc[0], -abs(sc[1] - len(upper))))
        if best >= current + REBALANCE_GAIN:
            a.lines = sorted(keep_a + between[:cut])
            b.lines = sorted(keep_b + between[cut:])
            b.first = b.lines[0]


def _label(row: Row, lines: Sequence[int], mains: dict[int, list[Word]]) -> str:
    """The label ``row`` reads with ``lines`` as its lines."""
    order = Row(row.first, row.anchor, sorted(lines)).label_lines(mains)
    return "".join(w.text for i in order for w in mains.get(i, []))
