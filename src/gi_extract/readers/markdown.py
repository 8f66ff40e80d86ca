"""Markdown as PDF-to-Markdown converters write it (MinerU, marker, docling …) → blocks.

Converters keep a report's words but flatten its tables: pipe tables (``| a | b |`` over a
``|---|---|`` delimiter row) cannot say that a cell is merged, so a merged cell's text sits
in its first position and the positions it covered print empty. Some converters write
``<table>`` blocks with ``rowspan``/``colspan`` instead; those go through the HTML reader's
own table code. Headings become paragraphs without their ``#`` marks, so that a section
heading such as ``## 二、主动公开政府信息情况`` reads as it was printed.

Merges are rebuilt from the table's structure alone (:mod:`.pipecells`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..grid import MAX_ROWS, Block, Grid, Paragraph, is_blank_text, layout
from .boxes import drawing_end, drawing_grid, is_box_line, is_rule
from .celltext import is_page_number, is_value
from .pipecells import pipe_rows
from .stacked import unstack_rows

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:[ \t]+|(?=[^\s#\x00-\x7f]))(.*?)(?:[ \t]+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_REHEADER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
"""A delimiter row inside a table's body (converters joining tables); ``| - | - |`` there is data."""
_PIPE = re.compile(r"(?<!\\)\|")
_OPEN_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9]*\s[^<>]*=[^<>]*$")
"""An HTML tag with attributes still open at the end of a line (``<span style="…``)."""
TAG_REACH = 8
"""Lines an open HTML tag may run over before its ``>``."""
_PLACEHOLDER = re.compile(r"^\s*Col\d+\s*$")
"""A header cell a converter invented for a table it found no header for (pymupdf4llm: ``Col1``…)."""
_ROW_LABEL = re.compile(r"^(?:\d+\s*[.．、]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|第.{1,6}条)")
_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
_LIST_MARK = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+)?")

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
"""An HTML tag: ASCII names only, so a title in angle brackets (``<长江三角洲…纲要>``) survives."""
_EMPHASIS = (
    re.compile(r"(?<!\\)\*\*(?=\S)(.+?)(?<=\S)(?<!\\)\*\*"),
    re.compile(r"(?<![\\\w])__(?=\S)(.+?)(?<=\S)__(?!\w)"),
    re.compile(r"(?<!\\)~~(?=\S)(.+?)(?<=\S)~~"),
    re.compile(r"(?<![\\*\w])\*(?=[^\s*])(.+?)(?<=[^\s\\*])\*(?![*\w])"),
    re.compile(r"(?<![\\\w])_(?=[^\s_])(.+?)(?<=[^\s\\_])_(?!\w)"),
    re.compile(r"(?<!\\)`([^`]+)`"),
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def inline(text: str) -> str:
    """Markdown inline markup → the text a reader sees: images dropped, links and emphasis unwrapped.

    ``<br>`` becomes a line break (converters put one between the lines of a cell), other
    HTML tags go, entities are decoded, and backslash escapes (``\\|``, ``\\*``) print their
    character.
    """
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _BR.sub("\n", text)
    text = _TAG.sub("", text)
    for pattern in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    return html.unescape(text).strip()


def split_row(line: str, open_left: bool = False) -> list[str]:
    """A pipe-table row's cells (outer pipes optional; ``\\|`` is a pipe inside a cell).

    In a table whose first row opens without a pipe (``open_left``: html2text writes no outer
    pipes), a pipe at either end of a row is an empty cell's edge (``| | 3.其他| 1``).
    """
    body = line.strip()
    if body.startswith("|") and not open_left:
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|") and not open_left:
        body = body[:-1]
    return [inline(cell) for cell in _PIPE.split(body)]


# -- blocks -----------------------------------------------------------------------------


def _is_row(line: str) -> bool:
    return bool(_PIPE.search(line)) and not _REHEADER.match(line)


def _table_start(lines: Sequence[str], i: int) -> bool:
    """A pipe table starts here: a row over a delimiter row, two rows written with outer pipes, or
    one such row of three cells or more standing alone (a table's last row that a page break
    sent below a heading or a paragraph, its header left behind)."""
    if not _is_row(lines[i]):
        return False
    line = lines[i].strip()
    alone = i + 1 >= len(lines) or not lines[i + 1].strip()
    if alone and line.startswith("|") and line.endswith("|") and len(_PIPE.findall(line)) >= 4:
        return True
    if i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    if _DELIMITER.match(nxt) and "|" in nxt:
        return True
    if lines[i].strip().startswith("|") and nxt.strip().startswith("|") and _is_row(nxt):
        return True
    return _is_row(nxt) and len(_PIPE.findall(lines[i])) == len(_PIPE.findall(nxt))  # html2text: no outer pipes


def _html_chunk(lines: Sequence[str], i: int) -> int:
    """The index after the line that closes the ``<table>`` opened on line ``i``."""
    depth = 0
    for j in range(i, len(lines)):
        depth += len(_TABLE_OPEN.findall(lines[j])) - len(_TABLE_CLOSE.findall(lines[j]))
        if depth <= 0:
            return j + 1
    return len(lines)


def html_blocks(chunk: str, path: Path, first_index: int) -> list[Block]:
    """Paragraphs and grids of an HTML chunk, its tables read by the HTML reader's table code."""
    from .html import flow, parse_html, table_to_rows

    root = parse_html(chunk, path)
    body = root.find("body")
    grids = first_index

    def on_table(table: HtmlElement) -> list[Block]:
        nonlocal grids
        out: list[Block] = []
        caption = table.find("caption")
        if caption is not None:
            out.extend(b for b in flow(caption, None) if isinstance(b, Paragraph))
        out.append(layout(table_to_rows(table), grids))
        grids += 1
        return out

    return flow(body if body is not None else root, on_table)


def parse_markdown(text: str, path: Path) -> list[Block]:
    """Split Markdown into paragraphs and grids.

    A paragraph per line, as the seed reader does (headings without their ``#``, list and
    quote marks dropped, code blocks as printed); pipe tables and HTML ``<table>`` blocks
    become grids, numbered in the order they stand.
    """
    lines = _join_open_tags(_COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n"))
    blocks: list[Block | list[list[str]]] = []
    tails: set[int] = set()  # rows (by id) whose last cell was filled from a line after them
    trimmed: set[int] = set()  # rows (by id) printing empty cells past their table's columns
    fenced = False
    i = 0

    def n_grids() -> int:
        return sum(not isinstance(b, Paragraph) for b in blocks)

    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            fenced = not fenced
            i += 1
            continue
        if not fenced and _TABLE_OPEN.search(line):
            end = _html_chunk(lines, i)
            blocks.extend(html_blocks("\n".join(lines[i:end]), path, n_grids()))
            i = end
            continue
        if not fenced and is_box_line(line) and is_rule(line):  # a grid table, drawn (pandoc's Markdown)
            end = drawing_end(lines, i)
            grid = drawing_grid([x.rstrip() for x in lines[i:end]], n_grids())
            if grid is not None:
                blocks.append(grid)
                i = end
                continue
        if not fenced and _table_start(lines, i):
            open_left = not lines[i].lstrip().startswith("|")
            rows = [split_row(lines[i], open_left)]
            width: int | None = None
            if i + 1 < len(lines) and _DELIMITER.match(lines[i + 1]):
                rows[0] = ["" if _PLACEHOLDER.match(t) else t for t in rows[0]]
                width = None if open_left else len(split_row(lines[i + 1]))
                i += 2
            else:
                i += 1
            while i < len(lines) and _PIPE.search(lines[i]) and not _HEADING.match(lines[i]):
                if not _REHEADER.match(lines[i]) and len(rows) <= MAX_ROWS:  # a row past it: layout says "cut"
                    rows.append(_within(split_row(lines[i], open_left), width, trimmed))
                    i += 1
                    if open_left and (after := _last_cell_tail(lines, i, rows[-1])) != i:
                        tails.add(id(rows[-1]))
                        i = after
                else:
                    i += 1
            if blocks and isinstance(blocks[-1], list):
                join_cut_row(blocks[-1], rows)
                join_cut_values(blocks[-1], rows)
            if rows:
                blocks.append(rows)
            continue
        i += 1
        if fenced:
            text_line = line
        elif _RULE.match(line) or is_page_number(line):  # a PDF's page footer (``- 2 -``), no list item
            continue
        else:
            heading = _HEADING.match(line)
            text_line = inline(heading.group(1) if heading else _LIST_MARK.sub("", line, count=1))
        if text_line.strip():
            blocks.append(Paragraph(" ".join(text_line.split())))
    out: list[Block] = []
    grids = 0
    for block in blocks:  # pipe tables laid out now, numbered among the grids that stand before them
        if not isinstance(block, list):
            grids += isinstance(block, Grid)
            out.append(block)
            continue
        rows, made = unstack_rows(block)  # a row with a tail holds one-line cells: never divided
        raw, padded = pipe_rows(rows)
        done = layout(raw, grids)
        if isinstance(done, Grid):
            done.unstacked = made
            done.padded = padded | {n for n, row in enumerate(rows) if id(row) in trimmed}
            done.tails = frozenset(n for n, row in enumerate(rows) if id(row) in tails)
            grids += 1
        out.append(done)
    return out


def _within(row: list[str], width: int | None, trimmed: set[int]) -> list[str]:
    """A body row without the empty cells it prints past its delimiter row's ``width`` (its id then in ``trimmed``).

    Markdown ignores a row's cells beyond its table's columns; converters print an empty one
    there (``| … | 0 | 40 |  |`` under fifteen columns), which would push a row of values whose
    first cell is blank one column right. A cell printing anything is kept, whatever the width.
    Where the cells kept end in an empty one, the row is taken as padded, as a short one is
    (:attr:`gi_extract.grid.Grid.padded`): a converter that printed empty cells past the columns
    may have lost one among them, its last kept cell being padding too (helper-39's fuzzer). A row
    whose kept cells end in a value lost nothing that could be told.
    """
    if width is None or len(row) <= width or any(not is_blank_text(t) for t in row[width:]):
        return row
    kept = row[:width]
    if is_blank_text(kept[-1]):
        trimmed.add(id(kept))
    return kept


def _join_open_tags(lines: list[str]) -> list[str]:
    """Lines joined where an inline HTML tag opened on one closes on a later one.

    pandoc copies a Word page's ``<span style="…">`` into pipe-table cells as it finds them,
    line breaks inside the tag included, which cuts the table's rows apart. A tag is joined up
    only when it closes within :data:`TAG_REACH` lines.
    """
    out: list[str] = []
    fenced = False
    i = 0
    while i < len(lines):
        line = lines[i]
        end = i
        if _FENCE.match(line):
            fenced = not fenced
        while not fenced and _OPEN_TAG.search(line) and end + 1 < len(lines) and end - i < TAG_REACH:
            end += 1
            line += " " + lines[end].strip()
        if _OPEN_TAG.search(line):
            line, end = lines[i], i
        out.append(line)
        i = end + 1
    return out


def _last_cell_tail(lines: Sequence[str], i: int, row: list[str]) -> int:
    """Where an html2text table goes on after its row ``row`` (``lines[i - 1]``), the row's last cell filled in.

    html2text writes a cell that opens with a paragraph break (``<td><p></p><p>0</p></td>``)
    as an empty cell ending the row, then a blank line and the cell's text on a line of its
    own, then the next rows. When a row ends with an empty cell and what follows, up to the
    next row, is one value after a blank line, that value is the cell's text (``row`` is
    completed in place) and the table goes on after it. A page number printed between two
    rows looks the same, so the grid records the row (:attr:`Grid.tails`) and its value is
    given with a doubt (and a padded row so filled is left ``null`` by its header).
    """
    if not row or row[-1]:
        return i
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    k = j + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    if j == i or k >= len(lines) or _PIPE.search(lines[j]) or not is_value(lines[j].strip()):
        return i
    if not _is_row(lines[k]):
        return i
    row[-1] = lines[j].strip()
    return k


def join_cut_row(above: list[list[str]], below: list[list[str]]) -> None:
    """Mend a row a page break cut in two, when a converter made each page's part a table of its own.

    The top of the row (its numbers and the start of its label, ``2.没有现成``) ends the table
    above; the rest of the label (``信息需要另行制作``) opens the next one as a row of its own,
    often as its invented header. That row prints text only over the label cells of the last
    row above, which prints values, and none of it starts like a row label (``1.``, ``（五）``,
    ``四、``); the tables are as wide. Its texts are appended, position by position, to the last
    row above, and it is dropped. A header a converter invented over the values (``本年新收件数``)
    is no such row.
    """
    if not above or not below or len(above[-1]) != len(below[0]):
        return
    cut, last = below[0], above[-1]
    pairs = [(a.strip(), b.strip()) for a, b in zip(last, cut, strict=True)]
    if not any(b for _, b in pairs) or not any(is_value(a) for a, _ in pairs):
        return
    if any(b and (not a or is_value(a) or _ROW_LABEL.match(b)) for a, b in pairs):
        return
    above[-1] = [a + b for a, b in zip(last, cut, strict=True)]
    del below[0]


def join_cut_values(above: list[list[str]], below: list[list[str]]) -> None:
    """Mend a row whose last values a page break sent into the next table, in place.

    A row may break across pages with its lower cells (a total centred in its cell) on the
    next one, which a converter makes a table of its own opening with a row of values only
    (``| | | … | 58 |``). It is the end of the last row above when, aligned right (the
    tables may differ in width), it prints values only where that row left its value cells
    empty, and the two together fill every cell from that row's first value on.
    """
    if not above or not below:
        return
    last, cut = above[-1], below[0]
    a, b = [t.strip() for t in last], [t.strip() for t in cut]
    shift = len(b) - len(a)  # last[k] stands over cut[k + shift]
    first = next((k for k, t in enumerate(a) if is_value(t)), None)
    if first is None or first + shift < 0 or any(b[: first + shift]) or not any(b):
        return
    if any(t and not is_value(t) for t in b):
        return
    pairs = [(a[k], b[k + shift]) for k in range(first, len(a))]
    if any(x and y for x, y in pairs) or not all(x or y for x, y in pairs):
        return
    for k in range(first, len(a)):
        if b[k + shift]:
            last[k] = cut[k + shift]
    del below[0]
