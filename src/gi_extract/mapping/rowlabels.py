"""Table 三's row labels: the template rows' shapes, and how a printed label resolves to one.

The table's rows repeat the same shapes (``1.`` under （三）, （四） and （五）), so a printed
label is resolved by structure first — the （三） group cell it sits under, carried from the rows
above, and its own ``1.`` number or ``（一）``/``一、`` marker — and its printed words must agree,
or the best fuzzy match of the words wins. The grid reading (:mod:`.applications`) and the glued
reading (:mod:`.glued`) resolve labels alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..labels import DEFAULT_THRESHOLD, Match, best_match, normalise, similarity
from ..template import Row, registry

TABLE = "applications"
TOP = re.compile(r"([一二三四])、")
"""A top-level numeral (``三、``)."""
PAREN = re.compile(r"（([一二三四五六七])）")
"""A group or result marker (``（三）``)."""
NUMBERED = re.compile(r"(?:^|(?<=[^\d]))(\d{1,2})\.(?=\D)")
"""An item number inside a group (``1.``)."""


@dataclass(frozen=True)
class Shape:
    """A template row as the table prints it: the parts its label is made of.

    ``group`` is the numeral of the （三）…（六） group cell the row sits under (``None`` for
    rows outside those groups), ``marker`` its own prefix (``（一）`` or ``一、``), ``number``
    its ``1.`` index inside a group, and ``leaf`` the words after those prefixes.
    """

    row: Row
    label: str
    group: str | None
    marker: str | None
    number: int | None
    leaf: str
    words: tuple[str, ...]
    """The leaf and every alias's leaf, normalised: what the printed words are compared with."""
    parent: bool
    """Other rows' keys extend this one's (``other`` and ``other.*``): a row and its sub-rows."""


def _strip(label: str) -> tuple[str | None, int | None, str]:
    """(marker, number, leaf) of a row's own label."""
    t = normalise(label)
    marker = None
    m = PAREN.match(t) or TOP.match(t)
    if m:
        marker = m.group(0)
        t = t[m.end() :]
    number = None
    n = re.match(r"^(\d+)\.", t)
    if n:
        number, t = int(n.group(1)), t[n.end() :]
    return marker, number, t


@cache
def shapes() -> tuple[Shape, ...]:
    """Every table-三 row of every edition, in printed order, split into its parts."""
    reg = registry()
    groups = {g.id: g for e in reg.editions.values() for g in e.tables[TABLE].groups.values()}
    keys = [r.key for r in reg.all_rows(TABLE)]
    out = []
    for row in reg.all_rows(TABLE):
        group = groups.get(row.group) if row.group else None
        numeral = PAREN.match(normalise(group.label)) if group else None
        marker, number, leaf = _strip(row.label)
        words = tuple(dict.fromkeys(_strip(label)[2] for label in row.labels))
        parent = any(k.startswith(row.key + ".") for k in keys)
        label = " ".join([group.label, row.label]) if group else row.label
        out.append(Shape(row, label, numeral.group(1) if numeral else None, marker, number, leaf, words, parent))
    return tuple(out)


@cache
def group_labels() -> frozenset[str]:
    """The group cells' labels (三、本年度办理结果, （三）不予公开 …), normalised."""
    reg = registry()
    return frozenset(normalise(g.label) for e in reg.editions.values() for g in e.tables[TABLE].groups.values())


@dataclass
class RowState:
    """What the rows above tell about the current one: the group cell it sits under."""

    group: str | None = None


def resolve(own: str, context: str, rows: Sequence[Shape], state: RowState) -> tuple[Shape | None, float | None, str]:
    """Resolve a printed row to its template row. Returns (row, label similarity, why).

    ``own`` is the row's own label, ``context`` the merged group cells reaching into it
    (both normalised). ``why`` is ``words``, ``number``, ``marker``, ``blank`` (no label:
    the caller takes the next row) or ``unmatched``. ``state`` is updated with the group the
    row shows to be in force (its own marker, the group cell beside it, or the group of the
    row its words and number name when that group's label is printed lower).
    """
    parens = PAREN.findall(own)
    for g in PAREN.findall(context):
        if g in "三四五六" and not parens:
            state.group = g
    numbered = list(NUMBERED.finditer(own))

    def words_match(pool: Sequence[Shape], leaf: str) -> Match | None:
        """Best row of ``pool`` for the words; the whole printed label may match the full label too."""
        m = best_match(leaf, {s.row.key: s.words for s in pool})
        if m is not None and m.score == 100:
            return m
        whole = best_match(own, {s.row.key: [s.label] for s in pool})
        return whole if m is None or (whole is not None and whole.score > m.score) else m

    def shape(key: str) -> Shape:
        return next(s for s in rows if s.row.key == key)

    group_paren = next((p for p in parens if p in "三四五六"), None)
    if group_paren:
        state.group = group_paren
    if numbered:
        number = int(numbered[-1].group(1))
        leaf = own[numbered[-1].end() :]
        pool = [s for s in rows if s.group and s.group == state.group] or [s for s in rows if s.group]
        m = words_match(pool, leaf)
        by_number = next((s for s in pool if s.number == number), None)
        if m and m.score >= DEFAULT_THRESHOLD:
            return shape(m.key), m.score, "words"
        # a group label set lower than its first row (a merged cell centred down the side): the words and
        # number of the next group's row, the group not yet named
        ahead = words_match([s for s in rows if s.group and s.group != state.group and s.number == number], leaf)
        if ahead and ahead.score >= DEFAULT_THRESHOLD:
            found = shape(ahead.key)
            state.group = found.group
            return found, ahead.score, "words"
        if by_number is not None:
            return by_number, m.score if m else None, "number"
        return None, m.score if m else None, "unmatched"
    leaf = TOP.sub("", PAREN.sub("", own))
    paren = next((p for p in reversed(parens) if p in "一二七"), None)
    if paren or (parens and parens[-1] == "六"):
        marker = f"（{paren or '六'}）"
        target = next((s for s in rows if s.marker == marker), None)
        if target is not None and target.parent:  # （六）其他处理 as one row (2019): sub-rows may follow
            state.group = "六"
            return target, similarity(leaf, target.leaf), "marker"
        state.group = None
        if target:
            # the words after the marker: a vertical group label can bleed into the same row
            m = words_match([target], own[own.rindex(marker) + len(marker) :])
            return target, m.score if m else None, "marker"
    tops = TOP.findall(own)
    if tops and tops[0] in "一二四":
        marker = f"{tops[0]}、"
        target = next((s for s in rows if s.marker == marker), None)
        state.group = None
        if target:
            m = words_match([target], own[own.index(marker) + len(marker) :])
            return target, m.score if m else None, "marker"
    if not leaf:
        return None, None, "blank"
    m = words_match(rows, leaf)
    if m and m.score >= DEFAULT_THRESHOLD:
        found = shape(m.key)
        state.group = found.group
        return found, m.score, "words"
    return None, m.score if m else None, "unmatched"
