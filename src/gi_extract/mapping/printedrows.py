"""Table 三's rows as printed, before they are matched: label, values, and what each label reads as.

Split off from :mod:`.applications`, which matches and aligns these rows. Reading a row here means
putting its values right first (:mod:`.repair`: numbers stacked, wrapped, pushed across or run
together) and joining a tall row a reader broke over two lines back into one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..grid import Cell, Grid
from ..labels import contains_any, normalise
from ..template import Column, registry, row_rule
from .repair import run_across, split_merged, spread, unwrapped
from .rowlabels import NUMBERED, PAREN, TABLE, TOP, RowState, Shape, group_labels, resolve
from .rows import Header, Line, TableResult, is_value_text, lines_of, read_header, split_values


@dataclass
class Printed:
    """One printed row of table 三, before it is matched: its label, values and what resolve() thought."""

    line: Line
    own: str
    printed: str
    values: list[Cell]
    group: str | None
    """The （三）…（六） group in force at this row (its own label, the merged cell beside it, the rows above)."""
    pick: Shape | None
    score: float | None
    why: str
    covered: bool = False
    """The row prints a label but its value cells belong to a merged cell from a row above."""
    spread: bool = False
    """Its values were split out of cells a converter merged (:func:`~.repair.spread`)."""
    wrapped: dict[int, str] = field(default_factory=dict)
    """Values read whole from numbers wrapped in their cells (:func:`~.repair.unwrapped`): index → as printed."""
    merged: dict[int, str] = field(default_factory=dict)
    """Values split from numbers printed as one (:func:`~.repair.split_merged`): index → the digits printed."""
    item: str = ""
    """The row's own item label without the group cells a reader repeated beside it (:func:`_item_of`)."""


def printed_rows(
    grids: Sequence[Grid], rows: Sequence[Shape], columns: Sequence[Column], result: TableResult
) -> tuple[list[Printed], Header | None]:
    """The table's data rows as printed (headers read into a header index on the way)."""
    reg = registry()
    state = RowState()
    header_words = reg.header_words(TABLE)
    column_labels = {c.key: [c.label] for c in columns}
    header: Header | None = None
    holds = row_rule(reg.latest.rules, TABLE, [c.key for c in columns])  # 总计 = the others, in every edition
    out: list[Printed] = []
    last = -2  # the line the last printed row stands on
    for n, line in enumerate(lines_of(grids)):
        texts = [t for t in line.texts if t]
        if not texts:
            continue
        if any(contains_any(t, header_words) for t in texts):
            header = read_header(line, column_labels, header)
            continue
        wide = spread(line, len(columns))
        whole = unwrapped(line, len(columns)) if wide is None else None
        if wide is None and whole is None:  # where the row then adds up by the template's own rule
            whole = run_across(line, len(columns), holds)
        apart = split_merged(line, len(columns), holds, len(columns) - 1) if wide is None and whole is None else None
        labels, values = split_values(wide or (whole or apart or (line, {}))[0], len(columns))
        wrapped, merged = (whole[1] if whole else {}), (apart[1] if apart else {})
        own = normalise("".join(c.text for c in labels if c.text))
        item = _item_of(labels, own)
        context = normalise("".join(c.text for c in line.context))
        covered = not values and bool(own) and any(is_value_text(c.text) and c.text for c in line.context)
        if not own and not any(c.text for c in values):
            continue
        if not values and not covered:
            continue  # words only: a group label, or a header a converter invented (类别 | 数据1 | …)
        pick, score, why = resolve(own, context, rows, state)
        if pick is None and why != "blank" and not any(c.text for c in values) and own in group_labels():
            continue  # a group label printed on a row of its own (三、本年度办理结果, （三）不予公开 …)
        printed = " ".join(c.text.replace("\n", "") for c in labels if c.text) or "(no label)"
        spread_out = wide is not None
        up = out[-1] if out and last == n - 1 else None
        ends, tail, number, under = False, False, None, None
        if up is not None and not up.covered:
            ends = _continues(up, item, values)
            number = _bare_number(up.item, up.values, item, values)  # its number above its words
            under = _bare_number(item, values, up.item, up.values)  # or under them
            bare = number is not None or under is not None
            tail = not bare and _continues(replace(up, values=values), item, up.values)  # values above
        if up is not None and (ends or tail or number is not None or under is not None):
            trial = replace(state)  # a join turned down leaves the group in force as it was
            joined = up.own + item
            if under is not None:  # the number goes before the words it was printed under
                joined = up.own[: len(up.own) - len(up.item)] + item + up.item
            j_pick, j_score, j_why = resolve(joined, context, rows, trial)
            parts = max(up.score or 0.0, score or 0.0)
            if (
                j_pick is not None
                and j_why in ("words", "marker")
                and ((j_score or 0.0) > parts if ends or tail else j_pick.number == (number or under))
            ):
                out.pop()
                own, printed, pick, score, why = joined, f"{up.printed} {printed}", j_pick, j_score, j_why
                item = up.item + item if under is None else item + up.item
                state.group = trial.group
                if number is not None or tail:  # the values stood on the line above
                    line, values, spread_out, wrapped, merged = up.line, up.values, up.spread, up.wrapped, up.merged
        group = pick.group if pick is not None and why in ("words", "marker") else state.group
        out.append(
            Printed(line, own, printed, values, group, pick, score, why, covered, spread_out, wrapped, merged, item)
        )
        last = n
    return out, header


def _continues(above: Printed, item: str, values: Sequence[Cell]) -> bool:
    """Whether a row's label words (no numbering or marker of their own), printed with values, end the
    label of the row above, which printed none: one tall row a converter broke over two table lines
    (``1.申请人无正当理由逾期不补正、行政机关`` / ``不再处理其政府信息公开申请 | 8 | 0 …``). The caller
    joins them only where the joined label reads as a template row better than either part did: a
    blank row retyped (``4.无正当理由反复``) above a row whose number was dropped stays two rows. The
    caller asks the same of a row broken the other way round, its values beside the label's start
    and the end of its words on a line of blank cells below (a page break cuts Chromium's tall row
    so: ``1.申请人无正当理由逾期不补 | 4068 …`` / ``正、行政机关不再处理其政府信息公开申请 |  | …``)."""
    marked = TOP.search(item) or PAREN.search(item) or NUMBERED.search(item)
    return (
        bool(item)
        and not marked
        and any(c.text.strip() for c in values)
        and not any(c.text.strip() for c in above.values)
    )


_BARE_NUMBER = re.compile(r"^(\d{1,2})[.．、]?$")


def _item_of(labels: Sequence[Cell], own: str) -> str:
    """A row's own item label: its last label cell where it prints several (a reader repeats a merged
    group cell such as ``（六）其他处理`` on every row it covers, in the publisher's wording), else its
    label without the template's group labels it opens with: what a label broken over two lines
    goes on with, and what tells an item's number or words alone."""
    texts = [normalise(c.text) for c in labels if c.text.strip()]
    if len(texts) > 1:
        return texts[-1]
    for label in sorted(group_labels(), key=len, reverse=True):
        if own.startswith(label):
            return _item_of([], own[len(label) :])
    return own


def _bare_number(item: str, values: Sequence[Cell], words: str, blanks: Sequence[Cell]) -> int | None:
    """The item number of a tall row a reader broke over two neighbouring lines, one printing only its
    number beside its values (``item``, ``values``), the other the label's words, unnumbered, with no
    values (``words``, ``blanks``): the number above its words (``1. | 0 | 9 …`` / ``申请人无正当理由
    逾期不补正… |  | …``) or under them. The caller joins them only where the joined label reads as
    the template row of that number; else the words may be a blank row whose number was dropped."""
    bare = _BARE_NUMBER.match(item)
    marked = TOP.search(words) or PAREN.search(words) or NUMBERED.search(words) or _BARE_NUMBER.match(words)
    if bare is None or not words or marked or any(c.text.strip() for c in blanks):
        return None
    return int(bare.group(1)) if any(c.text.strip() for c in values) else None
