"""Steps 4 and 5: the report element → paragraphs and grids; a ``<table>`` → rows of RawCell."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lxml import etree
from lxml.html import HtmlElement

from ...grid import MAX_COLUMNS, MAX_ROWS, Block, Paragraph, RawCell, layout
from .tree import row_cell_elements, table_kind, table_row_elements

# -- blocks -----------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre"}
    | {"section", "article", "header", "footer", "main", "aside", "nav", "center", "address", "figure"}
    | {"figcaption", "hr", "form", "fieldset", "legend", "details", "summary", "caption", "body", "html"}
    | {"table", "thead", "tbody", "tfoot", "tr", "td", "th"}
)
_BR = "\x00"
"""Marks a ``<br>`` among collected text; NUL cannot occur in the text (parse_html strips it)."""
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_LINE_BREAK_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \t\r\n]*\n[ \t\r\n]*(?=[{_CJK}])")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def normalize_text(parts: Iterable[str]) -> str:
    """Join collected text as a browser shows it: one line per ``<br>``, spaces collapsed.

    A source line break between two Chinese characters vanishes (Word exports wrap lines
    mid-sentence; a browser would show a stray space there); every other whitespace run,
    ``&nbsp;`` and U+3000 included, becomes one space. Blank lines are dropped.
    """
    text = _INVISIBLE.sub("", "".join(parts))
    lines = (" ".join(_LINE_BREAK_BETWEEN_CJK.sub("", piece).split()) for piece in text.split(_BR))
    return "\n".join(line for line in lines if line)


def flow(root: HtmlElement, on_table: Callable[[HtmlElement], list[Block]] | None) -> list[Block]:
    """Walk ``root`` in document order, cutting its text into paragraphs at block edges.

    ``on_table`` turns a data table into blocks (caption paragraph + grid); with ``None``
    data tables are skipped (used for cell text, where they cannot occur). Layout tables
    are walked into: each of their cells is a block. The walk is iterative (lxml's
    ``iterwalk``), so deeply nested broken markup cannot exhaust Python's stack.
    """
    blocks: list[Block] = []
    parts: list[str] = []

    def flush() -> None:
        if not parts:  # most block edges have no text between them; skip the regex work
            return
        text = normalize_text(parts)
        parts.clear()
        if text:
            blocks.append(Paragraph(text))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "table" and el is not root:
                kind = table_kind(el)
                if kind != "layout":
                    flush()
                    if kind == "data" and on_table is not None:
                        blocks.extend(on_table(el))
                    walker.skip_subtree()
                    continue
            if tag == "br":
                parts.append(_BR)
            elif tag in _BLOCK_TAGS:
                flush()
            if el.text and tag:
                parts.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if el is not root and el.tail:
                parts.append(el.tail)
    flush()
    return blocks


def cell_text(cell: HtmlElement) -> str:
    """A cell's text with one line per paragraph or ``<br>`` (``商业<p>企业`` → ``商业\\n企业``)."""
    return "\n".join(b.text for b in flow(cell, None) if isinstance(b, Paragraph))


_SPAN_NUMBER = re.compile(r"\s*\+?(\d+)")
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534  # the limits browsers apply (HTML Living Standard, "processing model")


def _span(value: str | None, limit: int) -> int:
    """An HTML span attribute as browsers read it: leading digits (``"2px"`` → 2), else 1.

    Returns 0 for an explicit zero (meaning "to the end" for rowspan) and caps at ``limit``.
    """
    match = _SPAN_NUMBER.match(value or "")
    return min(int(match.group(1)), limit) if match else 1


def table_to_rows(table: HtmlElement) -> list[list[RawCell]]:
    """A data ``<table>`` as rows of raw cells with their spans and markup coordinates.

    ``rowspan="0"`` spans to the last row (the cap, which :func:`~gi_extract.grid.layout` cuts
    at the last row); ``colspan="0"`` and junk values count as 1 (layout treats a span below 1
    as 1).
    """
    out: list[list[RawCell]] = []
    for r, tr in enumerate(table_row_elements(table)):
        if r > MAX_ROWS:
            break  # layout cuts at MAX_ROWS and says so; cells past it need not even be built
        line: list[RawCell] = []
        for c, td in enumerate(row_cell_elements(tr)[: MAX_COLUMNS + 1]):
            rowspan = _span(td.get("rowspan"), _MAX_ROWSPAN) or _MAX_ROWSPAN
            colspan = _span(td.get("colspan"), _MAX_COLSPAN)
            line.append(RawCell(cell_text(td), rowspan, colspan, source_row=r, source_col=c))
        out.append(line)
    return out


def body_to_blocks(body: HtmlElement, first_grid: int = 0) -> list[Block]:
    """The report's paragraphs and data tables in reading order; grids numbered from ``first_grid``."""
    grids = first_grid

    def on_table(table: HtmlElement) -> list[Block]:
        nonlocal grids
        out: list[Block] = []
        caption = table.find("caption")
        if caption is not None:
            out.extend(b for b in flow(caption, None) if isinstance(b, Paragraph))
        out.append(layout(table_to_rows(table), grids))
        grids += 1
        return out

    return flow(body, on_table)
