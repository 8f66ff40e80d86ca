"""Table 三 申请: seven value columns; each printed row resolved to a template row, then all aligned.

Each printed row's label is resolved on its own (:mod:`.rowlabels`: its group cell, its number,
its words), then every row is aligned to the template's order at once (:func:`~.align.align`).
Rows of every edition are candidates (a 2021 report may print the 2019 single （六） row); the
rows printed then decide which edition the table follows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..grid import Grid
from ..labels import Match, normalise, similarity
from ..template import Column, Edition, registry
from ..warnings import warning
from .align import ACCEPT, align
from .placement import place_by_sums
from .printedrows import Printed, printed_rows
from .repair import merged_doubts, unwrapped_doubt
from .rowlabels import NUMBERED, PAREN, TABLE, TOP, RowState, Shape, resolve, shapes
from .rows import (
    FUZZY_WARN_BELOW,
    CellValue,
    TableResult,
    is_value_text,
    label_doubt,
    missing_rows,
    put_values,
    row_doubt,
    seen_before,
    tailed,
    unstacked,
)

_ZERO_ONLY = re.compile(r"^[\s0—–－\-/／]*$")
_NO_WORDS = re.compile(r"^[\d\s.,，]*$")
"""A row's "label" of numbers only: a row of values printed without one."""


_SPREAD = (
    "row {label!r} prints fewer cells than numbers, a cell holding several on lines of their own"
    " (a converter merged neighbouring cells); its numbers are taken in order"
)


def map_applications(
    grids: Sequence[Grid], fallback: Edition | None, captions: Mapping[int, str] | None = None
) -> TableResult:
    """Map table 三: seven values per row; the rows printed decide the table's edition.

    Every printed row is resolved on its own first (:func:`resolve`: structure, then words), then
    all rows are aligned to the template's order at once (:func:`~.align.align`), so that a row
    that reads ambiguously cannot displace the rows around it. ``captions`` (grid index → the short
    text printed above it) name the rows of pieces that print no name of their own.
    """
    reg = registry()
    rows = shapes()
    columns = tuple(reg.all_columns(TABLE).values())
    keys = [c.key for c in columns]
    result = TableResult(TABLE, True, None, {})
    assert result.rows is not None
    printed, header = printed_rows(grids, rows, columns, result)
    printed = _named_by_captions(printed, captions or {}, rows, len(columns))
    order = {key: n for n, key in enumerate(r.key for r in (fallback or reg.latest).tables[TABLE].rows)}
    placed = _as_picked(printed, rows, order, len(columns))
    if placed is None:
        placed = align([[_score(p, shape, order, len(columns)) for shape in rows] for p in printed])
    before: tuple[Printed, str] | None = None
    by_position: list[str] = []
    renumbered: list[tuple[Printed, Shape, int]] = []
    for p, j in zip(printed, placed, strict=True):
        if j is None:
            _unplaced(result, p, rows)
            if before is not None and _NO_WORDS.match(p.item):
                _continued(result, *before, p, keys)
            before = None
            continue
        shape = rows[j]
        before = (p, shape.row.key)
        if p.why == "blank":
            message = f"a table 三 row prints no label; taken as {shape.label!r} by its place among the rows around it"
            row_doubt(result, shape.row.key, keys, "label_missing", message)
            match = None
        else:
            match = Match(shape.row.key, shape.label, _similarity(p, shape))
            label_doubt(result, shape.row.key, keys, p.printed, match)
            _, number = _leaf_and_number(p.own)
            if number is not None and shape.number is not None and number != shape.number:
                renumbered.append((p, shape, number))
        result.rows[shape.row.key] = {}
        if p.covered:
            _merged_away(result, shape, columns, p.printed, match)
            continue
        put_values(
            result,
            shape.row.key,
            columns,
            p.values,
            p.printed,
            match,
            header,
            p.line.grid.clipped,
            unstacked(p.line),
            tailed(p.line),
        )
        if p.spread:
            row_doubt(result, shape.row.key, keys, "values_unstacked", _SPREAD.format(label=p.printed))
        for k, raw in p.wrapped.items():
            unwrapped_doubt(result, f"{TABLE}.{shape.row.key}.{keys[k]}", f"row {p.printed!r}", raw)
        merged_doubts(
            result, [f"{TABLE}.{shape.row.key}.{k}" for k in keys], p.merged, f"row {p.printed!r}", "its 总计"
        )
        if p.line.grid.positional and len(p.values) == len(columns) and not all(c.text for c in p.values):
            by_position.append(shape.row.key)
    _number_doubts(result, rows, renumbered, keys)
    _drop_group_rows(result)
    edition = edition_of_rows(set(result.rows), fallback)
    result.template = edition.name if edition else None
    place_by_sums(result, by_position, (edition or fallback or reg.latest).rules, columns)
    missing_rows(result, expected_rows(edition or fallback or reg.latest, set(result.rows)))
    return result


def _named_by_captions(
    printed: Sequence[Printed], captions: Mapping[int, str], rows: Sequence[Shape], width: int
) -> list[Printed]:
    """Rows named by the heading above their piece: a row printing a label that names no template row
    (a generic ``数量``) and a value cell for every column, standing alone in its grid under a caption
    that names one.

    LLM-based PDF-to-Markdown converters cut table 三 into a small table per row, each under the
    row's label written as a heading, the row itself labelled with a word of their own. A piece of
    several rows is never named so: one heading cannot say which of them it names. Nor is a row
    printing no label, or fewer cells: markitdown prints a row's label as text above or below a
    table holding that row's values, or another row's, or a fragment of one. Nor is a heading
    naming a row whose sub-rows other rows of the table are (2019's （六）其他处理 row is 2021's
    group of three): over the first of those sub-rows' pieces it names their group, not the row.
    """
    per_grid = Counter(p.line.grid.index for p in printed)
    named: list[Printed] = []
    for p in printed:
        caption = captions.get(p.line.grid.index, "")
        alone = per_grid[p.line.grid.index] == 1 and len(p.values) == width and not (p.spread or p.wrapped or p.merged)
        if p.pick is None and p.why == "unmatched" and caption and alone:
            own = normalise(caption)
            pick, score, why = resolve(own, "", rows, RowState())
            if pick is not None and why in ("words", "marker"):
                label = f"{caption} / {p.printed}"
                p = replace(p, own=own, printed=label, group=pick.group, pick=pick, score=score, why=why, item=own)
        named.append(p)
    keys = {p.pick.row.key for p in named if p.pick is not None}
    return [
        old
        if new.pick is not None and new.pick.parent and any(k.startswith(f"{new.pick.row.key}.") for k in keys)
        else new
        for old, new in zip(printed, named, strict=True)
    ]


def _number_doubts(
    result: TableResult, rows: Sequence[Shape], renumbered: Sequence[tuple[Printed, Shape, int]], keys: Sequence[str]
) -> None:
    """Doubt rows read against their printed item number where that number names a row of the same
    group the table then lacks (``2.`` with values over 3.'s words printed blank): the values may be
    that row's. A number off by one beside every row of its group, or numbered straight through the
    table (``9.`` in a group of three), names no missing row and is only how the publisher numbered."""
    assert result.rows is not None
    for p, shape, number in renumbered:
        named = next((s for s in rows if s.group == shape.group and s.number == number), None)
        if named is not None and named.row.key not in result.rows:
            message = (
                f"row {p.printed!r} is numbered {number} but is read as {shape.label!r}; {named.label!r} is missing"
            )
            row_doubt(result, shape.row.key, keys, "label_number", message)


_NUMBER_MISMATCH = 15.0
_GROUP_MISMATCH = 25.0
_AGREES = 5.0
"""What structure adds to or takes from words: a row's own number, the group it sits under, and
resolve()'s own choice (which weighs the structure first) as the tie-break."""


def _score(p: Printed, shape: Shape, order: dict[str, int], width: int) -> float | None:
    """How well a printed row reads as a template row (None: it cannot be that row)."""
    if p.why == "blank":
        if len(p.values) != width:
            return None  # a row of a few dashes (a converter's placeholder) is no data row
        return ACCEPT if shape.row.key in order else None
    score = _similarity(p, shape)
    _, number = _leaf_and_number(p.own)
    if number is not None and shape.number is not None and number != shape.number:
        score -= _NUMBER_MISMATCH
    if number is not None and shape.number is None and not shape.parent:
        score -= _NUMBER_MISMATCH
    if p.group is not None and shape.group is not None and p.group != shape.group:
        score -= _GROUP_MISMATCH
    if p.pick is not None and p.pick.row.key == shape.row.key:
        score += _AGREES
    return score


def _as_picked(
    printed: Sequence[Printed], rows: Sequence[Shape], order: dict[str, int], width: int
) -> list[int | None] | None:
    """resolve()'s own picks, when they are certainly what :func:`align` would choose; else None.

    That is when every printed row's label equals its pick's exactly, with no number or group
    against it, and the picks follow the template's order: each pick then scores 100 + _AGREES,
    every other pair at most 100, so placing the picks is the alignment's unique best total.
    Most tables are printed so; they skip the rows × rows scoring (and never import rapidfuzz).
    """
    at = {id(shape): n for n, shape in enumerate(rows)}
    out: list[int | None] = []
    last = -1
    for p in printed:
        if p.why == "blank" or p.pick is None or p.score != 100.0 or id(p.pick) not in at:
            return None
        j = at[id(p.pick)]
        if j <= last or _score(p, rows[j], order, width) != 100.0 + _AGREES:
            return None
        out.append(j)
        last = j
    return out


def _similarity(p: Printed, shape: Shape) -> float:
    """The printed label's similarity to the template row (0-100): its words, or its whole label."""
    if p.pick is shape and p.score == 100.0:
        return 100.0  # resolve() found the label exactly; nothing scores higher
    leaf, _ = _leaf_and_number(p.own)
    words = max((similarity(leaf, w) for w in shape.words), default=0.0) if leaf else 0.0
    score = max(words, similarity(p.own, shape.label))
    if p.pick is not None and p.pick.row.key == shape.row.key and p.score is not None:
        score = max(score, p.score)
    return score


def _leaf_and_number(own: str) -> tuple[str, int | None]:
    """A printed label's words after its markers, and its own ``1.`` number if it prints one."""
    numbered = list(NUMBERED.finditer(own))
    if numbered:
        return own[numbered[-1].end() :], int(numbered[-1].group(1))
    return TOP.sub("", PAREN.sub("", own)), None


def _unplaced(result: TableResult, p: Printed, rows: Sequence[Shape]) -> None:
    """A printed row the alignment could not place: printed twice, or like no template row."""
    assert result.rows is not None
    if p.why == "blank":
        if not all(_ZERO_ONLY.match(c.text) for c in p.values):
            texts = " | ".join(c.text for c in p.values)
            result.warnings.append(
                warning("row_unmatched", f"table 三 row without a label ({texts}) matches no row; ignored")
            )
        return
    printed_numbers = any(c.text.strip() for c in p.values)
    if printed_numbers and max((_similarity(p, shape) for shape in rows), default=0.0) >= FUZZY_WARN_BELOW:
        result.unplaced.append(p.printed)  # a template row's words and numbers: out of order, or printed twice
    if p.pick is not None and p.pick.row.key in result.rows:
        seen_before(result, p.pick.row.key, p.printed)
        return
    best = f" (best similarity {p.score:.0f})" if p.score is not None else ""
    result.warnings.append(
        warning("row_unmatched", f"table 三 row {p.printed!r} matches no template row{best}; ignored")
    )


def _continued(result: TableResult, above: Printed, key: str, p: Printed, columns: Sequence[str]) -> None:
    """An unlabelled row of numbers right under a row with blank cells: those blanks may be its numbers.

    Some converters break a tall row over several lines of their table: the label's line keeps
    a few of the numbers, the rest stand on a line of their own. The blanks of the row above
    then read as 0 though its numbers are printed below, and the table's sums may still hold.
    """
    numbers = [t for t in p.line.texts if t and is_value_text(t)]
    if any(_ZERO_ONLY.match(t) is None for t in numbers) and any(not c.text for c in above.values):
        message = (
            f"row {above.printed!r} has blank cells (read as 0) and is followed by numbers printed without a label"
            f" ({' | '.join(numbers)}): they may be this row's, split over two lines"
        )
        row_doubt(result, key, columns, "row_continued", message)


def _merged_away(
    result: TableResult, shape: Shape, columns: Sequence[Column], printed: str, match: Match | None
) -> None:
    """A row whose value cells are merged into a row above: its label is printed, its values are not."""
    assert result.rows is not None
    for column in columns:
        key = f"{TABLE}.{shape.row.key}.{column.key}"
        result.rows[shape.row.key][column.key] = None
        result.cells.append(CellValue(key, None, "", False, None, printed, match.score if match else None))
    message = (
        f"row {printed!r}: its value cells are one merged cell with the row above, whose values are given"
        " to the row they are printed in; left null"
    )
    row_doubt(result, shape.row.key, [c.key for c in columns], "value_merged", message)


def _drop_group_rows(result: TableResult) -> None:
    """A row printed blank whose sub-rows are printed too was their group label, not data.

    （六）其他处理 on a row of its own above its three 2021 sub-rows reads like the 2019 single
    row; with every cell blank and the sub-rows below it, it is the group cell.
    """
    assert result.rows is not None
    for key in list(result.rows):
        if not any(k.startswith(key + ".") for k in result.rows):
            continue
        own = [c for c in result.cells if c.key.rsplit(".", 1)[0] == f"{TABLE}.{key}"]
        if own and all(c.blank for c in own):
            del result.rows[key]
            result.cells = [c for c in result.cells if c not in own]


def edition_of_rows(printed: set[str], fallback: Edition | None) -> Edition | None:
    """The edition whose rows best explain the rows printed; the fallback when they don't tell."""
    scores = {}
    for edition in registry().editions.values():
        own = set(edition.tables[TABLE].cells)
        scores[edition.name] = len(printed & own) - len(printed - own)
    best = max(scores.values())
    winners = [name for name, score in scores.items() if score == best]
    if fallback is not None and fallback.name in winners:
        return fallback
    return registry().editions[winners[0]] if len(winners) == 1 else fallback


def expected_rows(edition: Edition, printed: set[str]) -> dict[str, tuple[str, ...]]:
    """The edition's rows, where a printed row replaces the edition's own form of it.

    Canonical keys nest (``other`` and ``other.no_correction``): a table that prints the single
    row where its edition has sub-rows (or the reverse) keeps the rows it prints (output.md).
    """
    cells = edition.tables[TABLE].cells
    out: dict[str, tuple[str, ...]] = {}
    for key, cols in cells.items():
        parent = key.split(".")[0]
        if "." in key and parent in printed and parent not in cells:
            out.setdefault(parent, cols)
            continue
        children = [k for k in printed if k.startswith(key + ".") and k not in cells]
        if children:
            for child in sorted(children, key=[s.row.key for s in shapes()].index):
                out[child] = cols
            continue
        out[key] = cols
    return out
