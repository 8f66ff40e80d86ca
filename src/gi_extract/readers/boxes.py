"""Tables drawn with box characters: text browsers' dumps (``w3m -dump``) and grid tables.

``w3m -dump`` prints a page's bordered tables as drawings, ``│`` between cells and
``├───┼───┤`` between rows; pandoc's and reStructuredText's grid tables do the same in ASCII
(``|`` and ``+---+---+``). The drawing keeps what a pipe table loses: a cell's text may run over
several lines, and a merged cell shows as a border left out (no ``│`` inside it, no ``─`` under
it). So the table is rebuilt from the drawing:

- Columns are measured in display columns (a Chinese character is two wide, as the drawing
  program counted it), so a border stands at the same place on every line.
- The lines between two rule lines are one row; a border character at a column boundary on
  those lines separates two cells there, its absence makes the cell span the boundary.
- A cell whose rule line below is blank (no ``─`` under it) goes on into the next row: a
  ``rowspan``. Its text is the text of all its lines, in order.

Everything else in the text is a paragraph per line, as the seed reader keeps it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from ..grid import MAX_COLUMNS, MAX_ROWS, Block, Grid, Paragraph, RawCell, layout


def _box_characters() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Unicode's box drawing block (U+2500–U+257F) sorted by its own names into lines and junctions.

    Every weight and style (``─ ━ ═ ┄``, ``┯ ┠ ┿ ╂`` as w3m draws ``border="2"``) is included, so a
    drawing is read whatever line its program chose.
    """
    horizontal, vertical, junction = set("-="), set("|"), set("+")
    for code in range(0x2500, 0x2580):
        ch = chr(code)
        words = set(unicodedata.name(ch, "").split())
        ways = words & {"UP", "DOWN", "LEFT", "RIGHT", "HORIZONTAL", "VERTICAL"}
        if "DIAGONAL" in words:
            continue
        if ways <= {"HORIZONTAL", "LEFT", "RIGHT"}:
            horizontal.add(ch)
        elif ways <= {"VERTICAL", "UP", "DOWN"}:
            vertical.add(ch)
        else:
            junction.add(ch)
    return frozenset(horizontal), frozenset(vertical), frozenset(junction)


HORIZONTAL, VERTICAL, JUNCTIONS = _box_characters()
BORDER = VERTICAL | JUNCTIONS
_BOX_LINE = re.compile("^[ \t]*[" + re.escape("".join(sorted(BORDER))) + "].*$", re.M)
"""A line of a drawing, found without splitting the whole text (which may be 100 MB of anything)."""
TOP_LEFT = frozenset(
    ch
    for ch in JUNCTIONS
    if set(unicodedata.name(ch, "").split()) & {"UP", "DOWN", "LEFT", "RIGHT", "VERTICAL", "HORIZONTAL"}
    == {"DOWN", "RIGHT"}
)
_ASCII_RULE = re.compile(r"\+[-=]{2,}|[-=]{2,}\+")
MAX_DRAWING_LINES = 4 * MAX_ROWS
"""Lines one drawing may run to before a new one starts: no report table is near that long, and a
bound keeps a hostile file of border characters from costing more than its size."""
MIN_BOX_LINES = 3
"""Lines a drawing needs (a rule, a row, a rule) before the text is read as holding one."""


@cache
def _kind(ch: str) -> str:
    """``W`` wide, ``A`` East Asian Ambiguous (“” ①, but not box characters, which drawings count one
    wide), else ``N``."""
    if ch < "\x80" or ch in BORDER or ch in HORIZONTAL:
        return "N"
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return "Z"  # combining marks, zero-width spaces and joiners take no column
    kind = unicodedata.east_asian_width(ch)
    return "W" if kind in ("W", "F") else "A" if kind == "A" else "N"


def _widths(ambiguous: int) -> dict[str, int]:
    """Display columns per :func:`_kind`, East Asian Ambiguous characters counted ``ambiguous`` wide."""
    return {"W": 2, "A": ambiguous, "N": 1, "Z": 0}


def _width(text: str, ambiguous: int = 1) -> int:
    widths = _widths(ambiguous)
    return sum(widths[_kind(ch)] for ch in text)


@dataclass
class _Line:
    """One line of a drawing: each character with the display column it starts at."""

    text: str
    ambiguous: int = 1
    """How wide the drawing program counted East Asian Ambiguous characters (w3m: 2, pandoc: 1)."""
    at: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        widths = _widths(self.ambiguous)
        col = 0
        for ch in self.text:
            self.at.append(col)
            col += widths[_kind(ch)]

    def borders(self) -> set[int]:
        return {col for ch, col in zip(self.text, self.at, strict=True) if ch in BORDER}

    def char_at(self, column: int) -> str:
        """The character starting at display column ``column`` ("" if none does)."""
        i = bisect_left(self.at, column)
        return self.text[i] if i < len(self.at) and self.at[i] == column else ""

    def between(self, left: int, right: int) -> str:
        """The characters strictly between display columns ``left`` and ``right``."""
        return self.text[bisect_right(self.at, left) : bisect_left(self.at, right)]


def is_box_line(line: str) -> bool:
    """A line of a drawing: it starts, after indentation, with a border character."""
    stripped = line.lstrip()
    return bool(stripped) and stripped[0] in BORDER


def is_rule(text: str) -> bool:
    """A line drawn between rows: border and rule characters only, with a rule in it.

    It may start with ``│`` where a cell on the left goes on below (``│    ├────┼──``). In ASCII
    a rule needs ``+--`` (a row of cells holding ``-`` is no rule).
    """
    body = text.strip()
    if not body or any(ch not in BORDER and ch not in HORIZONTAL and ch != " " for ch in body):
        return False
    return any(ch in "─━═" for ch in body) or bool(_ASCII_RULE.search(body))


def has_boxes(text: str) -> bool:
    """Whether the text holds a drawing: rule lines with rows between them (a table or not)."""
    drawn = [m.group() for m in _BOX_LINE.finditer(text)]
    rules = sum(1 for line in drawn if is_rule(line))
    return rules >= 2 and len(drawn) - rules >= 1 and len(drawn) >= MIN_BOX_LINES


def drawn_cells(text: str) -> int:
    """About how many cells the text's drawings hold: the borders drawn on their rows or rules."""
    lines = [m.group() for m in _BOX_LINE.finditer(text)]
    return max(
        sum(sum(ch in VERTICAL for ch in line) for line in lines if not is_rule(line)),
        sum(sum(ch in JUNCTIONS for ch in line) for line in lines if is_rule(line)),
    )


def parse_boxes(text: str) -> list[Block]:
    """Paragraphs and the grids of every drawn table, in the order they stand."""
    blocks: list[Block] = []
    grids = 0
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        if not is_box_line(lines[i]):
            if lines[i].strip():
                blocks.append(Paragraph(" ".join(lines[i].split())))
            i += 1
            continue
        end = drawing_end(lines, i)
        grid = drawing_grid([line.rstrip() for line in lines[i:end]], grids)
        if grid is not None:
            blocks.append(grid)
            grids += 1
        else:
            blocks.extend(Paragraph(" ".join(line.split())) for line in lines[i:end] if line.strip())
        i = end
    return blocks


def drawing_end(lines: Sequence[str], start: int) -> int:
    """Where the drawing that starts at line ``start`` ends: its box lines, up to a new table's top
    corner (a table drawn right under another is a drawing of its own) or :data:`MAX_DRAWING_LINES`."""
    end = start + 1
    limit = min(len(lines), start + MAX_DRAWING_LINES)
    while end < limit and is_box_line(lines[end]) and lines[end].lstrip()[0] not in TOP_LEFT:
        end += 1
    return end


def drawing_grid(drawing: list[str], index: int) -> Grid | None:
    """The table a drawing shows, or None when it draws no cell.

    Rows are the runs of lines between lines that draw a rule in some column; columns lie
    between the display columns where a rule line draws a border or junction (a ``|`` inside a
    cell's text, as reStructuredText's line blocks print, is text). Two neighbouring positions are
    one cell where no border separates them: no ``│`` between them on the row's lines, or no
    rule under the upper one (a merged cell's text may even stand on that line, as w3m
    centres it).
    """
    rules = [_Line(line) for line in drawing if is_rule(line)]
    bounds = sorted({col for line in rules for col in line.borders()})[: MAX_COLUMNS + 1]
    lines = [_measured(line, set(bounds)) for line in drawing]
    n_cols = len(bounds) - 1
    if n_cols < 1:
        return None
    ruled = [
        [_ruled(line, bounds[c], bounds[c + 1]) for c in range(n_cols)]
        if any(ch in HORIZONTAL for ch in line.text)
        else [False] * n_cols
        for line in lines
    ]
    groups: list[tuple[int, int]] = []  # (first line, last line + 1) of each row
    start = None
    for i, ruling in enumerate(ruled):
        if any(ruling):
            if start is not None:
                groups.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        groups.append((start, len(lines)))
    if not groups:
        return None
    owner = list(range(len(groups) * n_cols))

    def find(x: int) -> int:
        while owner[x] != x:
            owner[x] = owner[owner[x]]
            x = owner[x]
        return x

    def join(a: int, b: int) -> None:
        owner[find(b)] = find(a)

    for r, (first, last) in enumerate(groups):
        for c in range(n_cols - 1):
            if not any(line.char_at(bounds[c + 1]) in BORDER for line in lines[first:last]):
                join(r * n_cols + c, r * n_cols + c + 1)
        if r + 1 < len(groups):
            between = range(last, groups[r + 1][0])
            for c in range(n_cols):  # a sliver between two near borders (one table's part shifted) joins nothing
                if bounds[c + 1] - bounds[c] > 1 and not any(ruled[i][c] for i in between):
                    join(r * n_cols + c, (r + 1) * n_cols + c)
    boxes: dict[int, list[int]] = {}
    for r in range(len(groups)):
        for c in range(n_cols):
            box = boxes.setdefault(find(r * n_cols + c), [r, c, r, c])
            box[2], box[3] = max(box[2], r), max(box[3], c)
    rows: list[list[RawCell]] = [[] for _ in groups]
    for top, left, bottom, right in sorted(boxes.values()):
        inner = bounds[right + 1] - bounds[left] - 1
        parts = [
            (text.strip(), _width(text.rstrip(), line.ambiguous) >= inner - 1)
            for line in lines[groups[top][0] : groups[bottom][1]]
            if not _ruled(line, bounds[left], bounds[right + 1])
            for text in [line.between(bounds[left], bounds[right + 1])]
        ]
        cell = RawCell(
            _join(parts), rowspan=bottom - top + 1, colspan=right - left + 1, source_row=top, source_col=left
        )
        rows[top].append(cell)
    return layout(rows, index)


def _measured(text: str, bounds: set[int]) -> _Line:
    """The line measured the way its borders meet the table's: ambiguous characters one or two wide."""
    narrow = _Line(text)
    if not any(_kind(ch) == "A" for ch in text):
        return narrow
    wide = _Line(text, ambiguous=2)
    return wide if len(wide.borders() & bounds) > len(narrow.borders() & bounds) else narrow


def _ruled(line: _Line, left: int, right: int) -> bool:
    """Whether the line draws a rule across this column: rule characters between two junctions.

    A cell's own ``--`` or ``──`` (a "none" mark) stands between two ``│`` and is its text.
    """
    ends = line.char_at(left), line.char_at(right)
    if any(ch not in JUNCTIONS and ch not in HORIZONTAL for ch in ends):
        return False
    return _is_rule_segment(line.between(left, right))


def _is_rule_segment(text: str) -> bool:
    """A column's stretch of a line drawn as a rule (``─────``, or ``-----`` in ASCII)."""
    body = text.strip()
    if not body or any(ch not in HORIZONTAL and ch not in JUNCTIONS for ch in body):
        return False
    return any(ch in "─━═" for ch in body) or len(body) >= 2


_LINE_BLOCK = re.compile(r"^\|(?:\s+|$)")


def _join(parts: list[tuple[str, bool]]) -> str:
    """Lines of one cell as one text; each part says whether its line filled the cell's width.

    A line that fills the cell was wrapped there, and the next goes on from it (``24252.3`` +
    ``11082``; Chinese always joins directly). Otherwise Latin words join with a space, and
    numbers on lines of their own stay on lines of their own: ``4`` over ``299`` is two numbers
    in one cell, which the value parser refuses, not 4 299. reStructuredText's line-block marks
    (``|`` opening a line: pandoc writes a cell's paragraphs so) are not text.
    """
    out = ""
    wrapped = False
    for part, filled in parts:
        part = _LINE_BLOCK.sub("", part)
        if not part:
            continue
        if out and not wrapped and out[-1].isdigit() and part[0].isdigit():
            out += "\n"
        elif out and not wrapped and out[-1].isascii() and part[0].isascii():
            out += " "
        out += part
        wrapped = filled
    return out
