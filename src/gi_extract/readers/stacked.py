"""Table rows a converter merged into one, each cell holding the rows' texts on lines of their own.

pymupdf4llm misses the rule between two rows now and then and prints them as one: the label
cell ``规章`` / ``行政规范性文件`` and every value cell ``0`` / ``3`` stacked. Read as it stands,
each value cell holds several numbers and is unreadable. When every value cell of the row
holds the same number of numbers, k ≥ 2, and its label cell divides into k labels the same
way, the row is k rows (k up to :data:`~gi_extract.grid.MAX_ROWS`): the i-th number of each
cell belongs to the i-th label. Labels divide at their outline numbers (``1.本机关不掌握相关政府信``
/ ``息`` / ``2.没有现成…``: two labels, the second line a wrapped one), or, with no numbers, one
per line when there are exactly k lines and none is a single character.
Anything else is left as printed (and its cells stay unreadable).
"""

from __future__ import annotations

import re

from ..grid import MAX_ROWS
from .celltext import is_value

_NUMBERED = re.compile(r"^(?:\d{1,2}\s*[.．、](?!\d)|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)")


def _lines(text: str) -> list[str]:
    return [t.strip() for t in text.split("\n") if t.strip()]


def _labels(text: str, k: int) -> list[str] | None:
    """The label cell's text as ``k`` labels, or None when it does not divide so.

    Unnumbered lines are labels one per line only when none is a single character: no row of
    the template has so short a label, and ``行政事业性收`` / ``费`` is one label wrapped (its
    value cell's two lines then one number wrapped too, not two numbers).
    """
    lines = _lines(text)
    starts = [n for n, line in enumerate(lines) if _NUMBERED.match(line)]
    if len(starts) == k and starts[0] == 0:
        return ["".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    if len(lines) == k and not starts and all(len(line) > 1 for line in lines):
        return lines
    return None


def unstack_rows(rows: list[list[str]]) -> tuple[list[list[str]], frozenset[int]]:
    """A pipe table's rows with each stacked row divided, and the indices of the rows so made."""
    out: list[list[str]] = []
    made: set[int] = set()
    for row in rows:
        parts = _unstack(row)
        if len(parts) > 1:
            made.update(range(len(out), len(out) + len(parts)))
        out += parts
    return out, frozenset(made)


def _unstack(row: list[str]) -> list[list[str]]:
    """The row, or the rows it stacks (see the module's docstring)."""
    split = [_lines(text) for text in row]  # each cell split once: the row may stack thousands
    values = [n for n, text in enumerate(row) if text.strip() and all(is_value(t) for t in split[n])]
    counts = {len(split[n]) for n in values}
    if not values or len(counts) != 1 or not 2 <= (k := counts.pop()) <= MAX_ROWS:
        return [row]
    label_at = max((n for n in range(values[0]) if row[n].strip()), default=None)
    if label_at is None or any(row[n].strip() for n in range(values[0], len(row)) if n not in values):
        return [row]  # no label before the values, or text after them
    labels = _labels(row[label_at], k)
    if labels is None:
        return [row]
    out = []
    for i in range(k):
        new = [text if i == 0 else "" for text in row[:label_at]] + [labels[i]]
        new += [split[n][i] if n in values else text for n, text in enumerate(row) if n > label_at]
        out.append(new)
    return out
