"""Numbers a printer or converter broke across lines or cells, or ran together, put back in a row.

Each repair here is tried only where a row as printed has the wrong number of values for its
columns, and each is named in the row's doubts by its caller: numbers stacked in one merged cell
(:func:`spread`), a number wrapped over lines of a narrow cell (:func:`unwrapped`), a number run
across two cells (:func:`run_across`) and two numbers printed as one (:func:`split_merged`). The
last two have no mark to go by: only the template's row arithmetic (:func:`~gi_extract.template.row_rule`)
says where.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import combinations, pairwise, product

from ..grid import Cell
from ..values import Kind, is_count_digits, parse_value
from ..warnings import warning
from .rows import Line, TableResult, is_value_text, value_run

_DIGIT = re.compile(r"\d")

_NUMBER_END = r"((?:[1-9]\d*|0)(?:\.\d+)?)"
"""A number closing a cell's text: a count, or an amount with its decimals."""
_RUN_IN = re.compile(r"(.*[^\x00-\x7f])" + _NUMBER_END)
"""A label's last line with the row's first number run into it, no space between (``文件16``)."""


_LABEL_RUN_IN = re.compile(r"(.*[\u4e00-\u9fff\u2f00-\u2fdf]{2})" + _NUMBER_END)
"""A label's end, two CJK characters at least, with the row's number run into it (``⽂件16``, ``收费72.81``)."""


def spread(line: Line, want: int, run_into_label: bool = False) -> Line | None:
    """The row with the numbers a converter put in one cell given a cell each, when only that makes
    it end in ``want`` values; None otherwise.

    pymupdf4llm sometimes merges neighbouring cells of a row into one, their numbers stacked
    (``69<br>3<br>665`` under 本年制发件数 / 本年废止件数 / 现行有效件数, ``1<br>0`` for 商业企业 and
    科研机构 after a page break, ``0 3`` for 其他 and 总计), or puts a row's first numbers under its
    label in the label's cell (``规章<br>0``, ``事项<br>10``, ``⾏政许可<br>21<br>-6``, or in an
    empty cell opening the values: :func:`_under_label`), or runs it into the label's last line above the other numbers
    (``文件16<br>2<br>299``) or, in table 二 (``run_into_label``), into the label's cell beside them
    (``⽂件16 | 3 | 119``; a row's only value, ``收费72.81``: the label's part two CJK characters at
    least, where table 三's ``约3`` is a value's text, not a label's end). Split left to right they fill the
    row exactly (empty cells the table pads the row with at its end dropped where the numbers
    overfill it); a row that is full without splitting (a number wrapped in a narrow cell,
    ``3<br>0``) or that splitting overfills is left as printed. The caller says so with ``values_unstacked``.
    """
    if (under := _under_label(line, want)) is not None:
        return under
    if value_run(line.cells) >= want:
        return None
    cells: list[Cell] = []
    for cell in line.cells:
        parts = [t.strip() for t in cell.text.split("\n") if t.strip()]
        if len(parts) == 1 and not is_value_text(cell.text):
            parts = cell.text.split()  # ``0 3``: two numbers a space apart (``1 952`` reads as one)
        run_in = _RUN_IN.fullmatch(parts[0]) if len(parts) > 1 else None
        if len(parts) > 1 and all(is_value_text(t) for t in parts):
            cells += [replace(cell, text=t) for t in parts]
        elif run_in and all(is_value_text(t) for t in parts[1:]):  # ``文件16<br>2<br>299``
            cells += [replace(cell, text=t) for t in (run_in[1], run_in[2], *parts[1:])]
        else:
            cells.append(cell)
    run = value_run(cells)
    need = want - run
    if need > 0 and len(cells) > run:
        at = len(cells) - run - 1  # the label's cell, right before the values
        label, values = cells[at], cells[at + 1 :]
        lines = [t.strip() for t in label.text.strip().split("\n")]
        head, below = lines[:-need], lines[-need:]  # ``⾏政许可<br>21<br>-6``: the label's last lines
        if any(head) and all(_DIGIT.search(t) and is_value_text(t) for t in below):
            cells[at:] = [replace(label, text="\n".join(head)), *(replace(label, text=t) for t in below), *values]
        elif need == 1 and run_into_label and (run_in := _LABEL_RUN_IN.fullmatch(label.text.strip())):
            cells[at:] = [replace(label, text=run_in[1]), replace(label, text=run_in[2]), *values]  # ``⽂件16 | 3``
    while len(cells) > len(line.cells) and value_run(cells) > want and not cells[-1].text:
        cells.pop()  # an empty cell a Markdown table pads the row with, which the split numbers now fill
    if len(cells) == len(line.cells) or value_run(cells) != want:
        return None
    return Line(cells, line.context, line.grid)


def _under_label(line: Line, want: int) -> Line | None:
    """The row with a number printed under its label in the label's cell (``⾏政许可<br>98``) put in the
    empty cell that opens the row's values, where that cell is the only one the number can fill: the
    row's ``want`` values, empty cells padding its end aside, open with it (pymupdf4llm on an A5 print:
    ``|⾏政许可<br>98||+5|852|``)."""
    cells = list(line.cells)
    while cells and not cells[-1].text.strip() and value_run(cells) > want:
        cells.pop()  # empty cells a Markdown table pads the row's end with
    run = value_run(cells)
    if run != want or run >= len(cells) or cells[-run].text.strip():
        return None
    label = cells[-run - 1]
    head, _, last = label.text.rstrip().rpartition("\n")
    if not head.strip() or not _DIGIT.search(last) or not is_value_text(last.strip()):
        return None
    moved = [replace(label, text=head), replace(cells[-run], text=last.strip())]
    return Line([*cells[: -run - 1], *moved, *cells[-run + 1 :]], line.context, line.grid)


_WRAPPED = re.compile(r"^[1-9]\d*(?:[ \t]*\n[ \t]*\d+)+$")
"""A cell's text of digits broken over lines and nothing else (``3`` / ``0``; a number opens with no 0)."""


_ITEM_LINE = re.compile(r"^\s*(?:([一二三四]、)|(（[一二三四五六七]）)|(\d{1,2}[.．、](?!\d)))", re.MULTILINE)
"""A line of a cell opening with outline numbering, a group per depth (``三、``, ``（一）``, ``1.``): a row's label."""


def _rows_run_together(text: str) -> bool:
    """Whether a cell prints the labels of two rows: a numbered line no deeper than the one above it.

    A group's label over its first row's (``三、本年度办理结果`` / ``（一）予以公开``, ``（三）不予公开``
    / ``1.属于国家秘密``) is one row, as the template prints it, each line deeper than the last;
    ``1.…`` / ``2.…``, or ``（七）总计`` / ``四、结转下年度继续办理``, are two.
    """
    depths = [next(n for n, g in enumerate(m) if g) for m in _ITEM_LINE.findall(text)]
    return any(below <= above for above, below in pairwise(depths))


def unwrapped(line: Line, want: int) -> tuple[Line, dict[int, str]] | None:
    """The row with numbers wrapped in narrow cells read whole (``3`` over ``0`` is 30), and which of
    its ``want`` values those are (their index among them → the cell as printed, ``3 / 0``); None
    unless only that makes it end in ``want`` values.

    A PDF's narrow column breaks a number over lines of its cell (a web page set with
    ``word-break: break-all``, a print at a larger zoom). Two numbers a converter merged into one
    cell look the same, but then the row prints fewer cells than values (:func:`spread`): here the
    row already has its ``want`` cells, each holding one value. Where most of its cells are stacked, or a
    stack opens with 0, the row is rather several rows run together, and is left alone. The caller says
    so with ``values_unwrapped``.
    """
    if value_run(line.cells) >= want or any(_rows_run_together(c.text) for c in line.cells):
        return None  # labels of several rows in one cell: rows run together, their blanks anyone's
    joined = [k for k, c in enumerate(line.cells) if _WRAPPED.match(c.text.strip())]
    cells = list(line.cells)
    for k in joined:
        cells[k] = replace(cells[k], text=re.sub(r"\s+", "", cells[k].text))
    if not joined or 2 * len(joined) > want or value_run(cells) != want or min(joined) < len(cells) - want:
        return None  # most cells stacked: rows a converter ran together (:attr:`Grid.unstacked`), not wrapping
    first = len(cells) - want  # the values are the last ``want`` cells
    return Line(cells, line.context, line.grid), {k - first: line.cells[k].text.replace("\n", " / ") for k in joined}


def unwrapped_doubt(result: TableResult, key: str, where: str, raw: str) -> None:
    """Doubt a value read whole from ``raw``, printed in the row ``where`` names: over lines of its cell
    (``3 / 0``, :func:`unwrapped`) or run across two neighbouring cells (``1028 | 6``, :func:`run_across`)."""
    how = "across two neighbouring cells" if " | " in raw else "over lines of its cell"
    message = f"{where}: {raw!r} printed {how}, read as one number"
    result.warnings.append(warning("values_unwrapped", message, key))


def run_across(line: Line, want: int, holds: Callable[[list[int]], bool]) -> tuple[Line, dict[int, str]] | None:
    """The row with numbers a converter ran across two cells joined back (``1028 | 6 1295`` for
    10286 and 1295), and which of its ``want`` values they are (→ the parts as printed, ``1028 | 6``);
    None unless exactly one such reading makes the row's values satisfy ``holds`` (table 三's sum).

    pymupdf4llm can push a wide number's last digit into the next cell, beside that cell's own
    number, once or twice in a row (``3740 | 3 1921 | … | 22 | 6 39663``). Split apart, the row then
    prints one or two values more than its columns; as many joins of two neighbouring numbers put it
    right, and only the row's arithmetic says which.
    """
    if value_run(line.cells) == want and holds([_count(c.text) or 0 for c in line.cells[-want:]]):
        return None  # the row as printed (``2 345`` one of its values) is a reading that holds: none pushed
    cells, origin = _parts(line)
    start = len(cells) - value_run(cells)
    while start < len(cells) and not cells[start].text.strip():
        start += 1  # an empty cell between the label and the numbers pads the label's columns
    extra = len(cells) - start - want
    if extra not in (1, 2) or sum(bool(c.text.strip()) for c in cells[start:]) != want + extra:
        return None  # empty cells among the numbers: a grid's padding columns, not a push
    head, tail, born = cells[:start], cells[start:], origin[start:]
    joinable = [
        k
        for k in range(len(tail) - 1)
        if _joinable(tail[k].text, tail[k + 1].text, born[k] == born[k + 1] and is_value_text(line.cells[born[k]].text))
    ]
    found: list[tuple[list[Cell], tuple[int, ...]]] = []
    for ks in combinations(joinable, extra):
        if any(b - a < 2 for a, b in pairwise(ks)):
            continue  # one number's three parts: no converter's push
        joined = list(tail)
        for k in reversed(ks):
            joined[k : k + 2] = [replace(tail[k], text=tail[k].text.strip() + tail[k + 1].text.strip())]
        if _holding([_count(c.text) for c in joined], holds):
            found.append((joined, ks))
    if len(found) != 1:
        return None
    joined, ks = found[0]
    printed = {k - n: f"{tail[k].text.strip()} | {tail[k + 1].text.strip()}" for n, k in enumerate(ks)}
    return Line([*head, *joined], line.context, line.grid), printed


def _joinable(left: str, right: str, whole: bool) -> bool:
    """Whether two neighbouring parts may be one number's: digits, the first not opening with 0, and not
    the two parts of a cell that reads whole as printed (``1 952``)."""
    left, right = left.strip(), right.strip()
    return not whole and left.isdigit() and right.isdigit() and not left.startswith("0")


def _parts(line: Line) -> tuple[list[Cell], list[int]]:
    """The row's cells with those printing several whole numbers a space or a line apart split into one
    each (``0 0``, ``113 565``), and the printed cell each part comes from."""
    cells: list[Cell] = []
    origin: list[int] = []
    for n, cell in enumerate(line.cells):
        parts = cell.text.split()
        split = len(parts) > 1 and all(map(str.isdigit, parts))
        cells += [replace(cell, text=t) for t in parts] if split else [cell]
        origin += [n] * (len(parts) if split else 1)
    return cells, origin


MAX_SPLITS = 3
"""The most numbers a row's printed numbers may be short of, to be split apart: a converter runs two or
three neighbouring cells together (pypdf's layout text prints ``221482260226`` for 22148 | 2260 | 226)."""

MAX_TRIES = 10_000
"""The most readings :func:`split_merged` weighs in one row (a real row takes a few hundred: table 四's
thirteen numbers two short); a row of long digit strings past it is left as printed, the same every run."""


def split_merged(
    line: Line, want: int, holds: Callable[[list[int]], bool], terms: int
) -> tuple[Line, dict[int, str]] | None:
    """The row with numbers a converter printed as one split apart (``1130113`` for 1130 and 113, or
    three in one), and which of its ``want`` values came from a split (→ the digits as printed); None
    unless the row prints up to :data:`MAX_SPLITS` numbers fewer than its columns and exactly one
    choice of as many splits satisfies ``holds`` (among the first :data:`MAX_TRIES`).

    markitdown and pymupdf4llm set a wide row's neighbouring cells in one Markdown cell, and where
    two numbers met at the cells' border they print them with no space between; pypdf's layout text
    runs neighbouring cells' numbers together the same way. Nothing in the digits says where the
    first ends: only the row's arithmetic does, as for glued crawled text, and the caller says so
    with ``segmented_by_sums``. The same converters pad such a row with empty cells under the
    header's columns; these are no values here, unless the row as printed, each empty cell a 0,
    already satisfies ``holds`` (then nothing was merged, and the row is left as printed). But in
    Markdown a blank a publisher printed for 0 inside a merged cell is lost without a trace, and
    the row then prints fewer numbers too. So only a number that cannot be a cell is split: one
    opening with 0, or one more than ``terms`` times every other number of the row, split or not (no
    cell exceeds its 总计, and a 总计 is the sum of ``terms`` cells, one of them at least its
    ``terms``-th part, all printed in the row). In layout text a blank keeps its place, but the
    reader's columns may not (pypdf shifts a row of run-together numbers by a column), so a blank and
    a split still look alike there: a row whose publisher left cells blank and mistyped its sum could
    be "mended" by splitting numbers that are cells. There only numbers larger than every number the row
    keeps whole are split, two at most (:func:`_may_split`).
    """
    cells, _ = _parts(line)
    run = value_run(cells)
    numbers = [c for c in cells[len(cells) - run :] if c.text.strip()]
    missing = want - len(numbers)
    if run == 0 or not 1 <= missing <= MAX_SPLITS:
        return None
    if run == want and holds([_count(c.text) or 0 for c in cells[-run:]]):
        return None
    digits = [c.text.strip() for c in numbers]
    read = [_count(d) for d in digits]
    if None in read:
        return None  # a value that reads as no count: no reading of the row holds
    printed = [v for v in read if v is not None]
    found: list[dict[int, tuple[str, ...]]] = []
    tries = 0
    for counts in _allocations([len(d) - 1 if d.isdigit() else 0 for d in digits], missing):
        ks = [k for k, n in enumerate(counts) if n]
        if not _may_split(printed, digits, ks, terms, line.grid.positional):
            continue  # read whole they could be cells of the row (see above)
        for pieces in product(*(_pieces(digits[k], counts[k]) for k in ks)):
            tries += 1
            if tries > MAX_TRIES:
                return None
            cut = dict(zip(ks, pieces, strict=True))
            values = [v for k, whole in enumerate(printed) for v in ([*map(int, cut[k])] if k in cut else [whole])]
            if _holding(values, holds):
                found.append(cut)
                if len(found) > 1:
                    return None
    if len(found) != 1:
        return None
    split: list[Cell] = []
    where: dict[int, str] = {}  # each value from a split → the digits as printed
    for k, cell in enumerate(numbers):
        parts = found[0].get(k, (digits[k],))
        if k in found[0]:
            where |= dict.fromkeys(range(len(split), len(split) + len(parts)), digits[k])
        split += [replace(cell, text=t) for t in parts]
    return Line([*cells[: len(cells) - run], *split], line.context, line.grid), where


def _may_split(printed: Sequence[int], digits: Sequence[str], ks: Sequence[int], terms: int, positional: bool) -> bool:
    """Whether the row's numbers ``ks`` may be read as numbers run together (see :func:`split_merged`):
    two of them at most (three split in one row is how a row with blanks and a mistyped sum can be
    made to add up: ``_ 1 _ 4139 12 _ 4151`` as 1 | 4 | 139 | 1 | 2 | 4 | 151), each opening with 0 or
    larger than every number the row keeps whole: more than ``terms`` times it in Markdown, where a
    publisher's blanks vanish, merely larger in layout text, where they keep their place.
    """
    kept = max((v for n, v in enumerate(printed) if n not in ks), default=0)
    factor = 1 if positional else terms
    return len(ks) <= 2 and all(digits[k].startswith("0") or printed[k] > factor * kept for k in ks)


def _allocations(room: Sequence[int], total: int) -> Iterator[tuple[int, ...]]:
    """Every way to share ``total`` cuts among numbers with ``room`` places to cut each."""
    if not room:
        if total == 0:
            yield ()
        return
    for n in range(min(total, room[0]) + 1):
        for rest in _allocations(room[1:], total - n):
            yield (n, *rest)


def _pieces(digits: str, cuts: int) -> Iterator[tuple[str, ...]]:
    """Every way to cut printed digits into ``cuts`` + 1 counts, each as a count is printed (no leading 0
    but in 0 itself)."""
    for at in combinations(range(1, len(digits)), cuts):
        parts = tuple(digits[a:b] for a, b in pairwise((0, *at, len(digits))))
        if all(map(is_count_digits, parts)):
            yield parts


def merged_doubts(result: TableResult, keys: Sequence[str], merged: dict[int, str], where: str, total: str) -> None:
    """Doubt every cell of a row read by :func:`split_merged` (``keys``: the row's cells in order), not
    only the split ones: a wrong split shifts every value after it."""
    split = " and ".join(repr(raw) for raw in dict.fromkeys(merged.values()))
    for k, key in enumerate(keys if merged else ()):
        how = f"read from {merged[k]!r}, split" if k in merged else "its place in the row follows from the split"
        message = f"{where} prints {split} as one number, split where {total} holds; {how}"
        result.warnings.append(warning("segmented_by_sums", message, key))


def _holding(values: Sequence[int | None], holds: Callable[[list[int]], bool]) -> bool:
    """Whether a reading's values, every one a count (None: a text that reads as none), satisfy ``holds``."""
    return None not in values and holds([v for v in values if v is not None])


def _count(text: str) -> int | None:
    """A printed count as an int (a blank is None)."""
    value = parse_value(text, Kind.COUNT).value
    return None if value is None else int(value)
