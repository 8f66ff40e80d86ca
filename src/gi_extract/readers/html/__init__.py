"""HTML reader: a web page (or a copied fragment of one) → :class:`~gi_extract.grid.Document`.

Reports are published as CMS pages (``div.TRS_Editor`` inside site navigation), as bare
body fragments, and as Word "save as web page" exports. The reader works in five steps,
each a small function named for what it converts:

1. :func:`decode_html` — bytes → text. Declarations are often wrong (a ``gb2312`` meta on
   a page re-saved as UTF-8), so valid UTF-8 wins over a declaration (see there).
2. :func:`parse_html` — text → lxml tree (libxml2's forgiving HTML parser, which repairs
   unclosed tags the way browsers do).
3. :func:`find_body` — tree → the element holding the report (not the navigation).
4. :func:`body_to_blocks` — element → paragraphs and grids in reading order. Tables whose
   cells hold tables are page layout: their text flows as paragraphs and only the inner
   data tables become grids.
5. :func:`table_to_rows` — ``<table>`` → rows of :class:`~gi_extract.grid.RawCell`, laid
   out by :func:`gi_extract.grid.layout` (the one place that does span arithmetic).

Nothing here interprets the report's words beyond recognising which tables and which
container belong to it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import UnreadableInput
from ...grid import MAX_CELLS, Block, Document
from ...warnings import GiWarning
from .blocks import body_to_blocks, flow, table_to_rows
from .decode import decode_html
from .title import page_titles, title_hint
from .tree import drop_boilerplate, drop_junk, find_body, parse_html

__all__ = ["decode_html", "flow", "html_blocks", "parse_html", "read_html", "table_to_rows"]


def read_html(path: Path) -> Document:
    """Read an HTML page or fragment into a Document (``pages`` is ``None``: HTML has no pages)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise UnreadableInput(f"{path}: empty file")
    blocks, warnings, title = _read(data, str(path), 0)
    return Document(path=str(path), format="html", blocks=blocks, pages=None, title_hint=title, warnings=warnings)


def html_blocks(data: bytes, name: str, first_grid: int) -> tuple[list[Block], list[GiWarning]]:
    """The blocks of a page held in memory (a DOCX's embedded page), grids numbered from ``first_grid``."""
    blocks, warnings, _ = _read(data, name, first_grid)
    return blocks, warnings


_CELL_TAG = re.compile(rb"<t[dh][\s>/]", re.IGNORECASE)


def _read(data: bytes, name: str, first_grid: int) -> tuple[list[Block], list[GiWarning], str | None]:
    cells = sum(1 for _ in _CELL_TAG.finditer(data))
    if cells > MAX_CELLS:
        raise UnreadableInput(f"{name}: a page of {cells} table cells is no report (at most {MAX_CELLS} are read)")
    text, warnings = decode_html(data, Path(name))
    root = parse_html(text, Path(name))
    article_title, title_parts = page_titles(root)
    drop_junk(root)
    body = find_body(root)
    drop_boilerplate(body)
    blocks = body_to_blocks(body, first_grid)
    return blocks, warnings, title_hint(article_title, title_parts, blocks)
