"""DOCX reader: ``word/document.xml`` walked in document order into paragraphs and grids.

python-docx opens the package (:mod:`.package`: the zip, the parts, their relationships,
the core properties and the documents embedded with ``w:altChunk``), behind our zip-bomb
limits. Its object model is not used for the body: ``row.cells`` repeats a merged cell once
per grid column it spans, so a merged label looks like several labels and a vertical merge
looks like repeated values. The main part is parsed once by a hardened lxml parser (no
entities, no network, no DTD, like python-docx's own) after the formatting the walk never
reads (run, paragraph and table properties, cell borders and widths) is cut from the bytes
(:func:`.xml.shed`): it is most of a Word file's elements, and parsing it was most of the
reader's time. :mod:`.walk` then reads the tree in document order.

Mapping of Word constructs (ECMA-376 Part 1, §17.4 tables, §17.13 revisions):

* ``w:gridSpan`` → ``colspan``; legacy ``w:hMerge`` continuation cells are folded into the
  restart cell's ``colspan``.
* ``w:vMerge`` restart/continue chains → ``rowspan`` on the restart cell; the continuation
  ``w:tc`` elements are *covered* and never emitted, so :func:`~gi_extract.grid.layout`
  marks their positions as taken. A continuation is only chained when it sits at the same
  grid column with the same width in the row directly below; otherwise it stands as its
  own cell (Word's behaviour for an orphan continuation).
* ``w:gridBefore`` → one placeholder per skipped grid column so every cell lands at its true
  grid column; the placeholders are then marked ``pad`` (no source cell reached them).
  ``w:gridAfter`` needs nothing: layout pads short rows at the end.
* Paragraphs in one cell, and ``w:br``/``w:cr``, are joined with ``"\\n"`` (each line stripped,
  blank lines dropped); ``w:tab`` is a space.
* Revisions: inserted text (``w:ins``/``w:moveTo``) is kept; ``w:del``/``w:delText``/
  ``w:moveFrom`` and rows whose ``w:trPr`` carries ``w:del`` are dropped. Field codes
  (``w:instrText``) are dropped, field results kept.
* Content controls (``w:sdt``) and ``w:customXml`` are transparent at block, row and cell level.
* ``mc:AlternateContent``: only the first ``mc:Choice`` is read (``mc:Fallback`` if there is
  none), because both branches hold the same text box and reading both duplicates it.
* Text boxes (``w:txbxContent``): their paragraphs and tables become blocks right after the
  paragraph that anchors them (in a cell they join that cell's text).
* Nested tables: the outer cell's text leaves them out and each nested table is emitted as its
  own grid right after the outer one. Exception: a *layout wrapper* (every row has a single
  cell and some cell holds a table, e.g. a whole report pasted into a one-cell frame) is
  unwrapped, its content spliced in reading order, so headings still precede their tables.
* Embedded documents (``w:altChunk``, how some CMS and Word's "insert file" store a page):
  an HTML or DOCX part is read by its own reader and its blocks spliced in at that place;
  any other kind (RTF, MHT) is reported (``docx_alt_chunk``).
* Pages: DOCX has no fixed pages (they exist only once Word lays the text out), so every
  ``page`` is ``None`` and ``Document.pages`` is ``None`` rather than a guessed count.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.opc.packuri import PackURI

from ...errors import UnreadableInput
from ...grid import Block, Document
from ...warnings import GiWarning, warning
from .package import Package
from .walk import Chunk, Item, Walker, emit
from .xml import STRICT_W, W_BODY, parse_part

MAX_DEPTH = 3
"""Documents embedded in embedded documents are read this deep, no deeper (a loop of parts)."""

__all__ = ["read_docx"]


def read_docx(path: Path) -> Document:
    """Read a .docx (or .docm) file into a :class:`Document`; raise :class:`UnreadableInput` if it cannot be."""
    warnings: list[GiWarning] = []
    blocks, title = _read(path, str(path), 0, 0, warnings)
    return Document(path=str(path), format="docx", blocks=blocks, pages=None, title_hint=title, warnings=warnings)


def _read(
    source: Path | io.BytesIO, name: str, first_grid: int, depth: int, warnings: list[GiWarning]
) -> tuple[list[Block], str | None]:
    """The blocks of one package (grids numbered from ``first_grid``) and its title hint."""
    with Package(source, name) as package:
        main = package.main_part()
        root = parse_part(name, main.membername, package.blob(main))
        body = root.find(W_BODY)
        if body is None:
            if root.tag.startswith(STRICT_W):
                raise UnreadableInput(f"{name}: Strict Open XML documents are not supported (save it as a .docx)")
            raise UnreadableInput(f"{name}: {main.membername} has no document body (not a Word document)")
        items: list[Item] = []
        Walker(body).blocks(body, items)
        embedded = package.embedded(main)

        def resolve(chunk: Chunk, first: int) -> list[Block]:
            target = embedded.get(chunk.rid)
            if target is None:
                warnings.append(warning("docx_alt_chunk", f"an embedded document ({chunk.rid}) is not in the package"))
                return []
            return _embedded(package, target, name, first, depth, warnings)

        return emit(items, resolve, first_grid), package.title()


def _embedded(
    package: Package, part: PackURI, name: str, first: int, depth: int, warnings: list[GiWarning]
) -> list[Block]:
    """An altChunk part's blocks: HTML and DOCX are read by their readers; anything else is reported."""
    data = package.blob(part)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    where = f"{name}:{part.membername}"
    if data.startswith(b"PK\x03\x04") and depth < MAX_DEPTH:
        return _read(io.BytesIO(data), where, first, depth + 1, warnings)[0]
    if head.startswith(b"<"):
        from ..html import html_blocks

        blocks, notes = html_blocks(data, where, first)
        warnings.extend(notes)
        return blocks
    kind = "RTF" if head.startswith(b"{\\rtf") else "MHT" if b"mime-version" in head else part.ext or "unknown"
    warnings.append(warning("docx_alt_chunk", f"an embedded document ({kind}, {part.membername}) was not read"))
    return []
