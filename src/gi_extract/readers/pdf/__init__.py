"""PDF reader: a PDF's text layer and ruling lines become the same Document as every other format.

pdfplumber gives characters, lines and rectangles with positions; everything else here is
geometry. Tables come from ruling lines: pdfplumber's table finder turns our edges into cell
boxes, and the boxes' own edges give each cell its row, column and spans (a merged cell is one
box spanning several lattice steps). Text is put into cells by where each character's centre
falls, so a label printed one character per line in a narrow merged cell keeps its characters
in order. Text outside tables becomes paragraphs, with page numbers and repeated
headers/footers dropped, so nothing between two fragments of a table that runs over a page
break looks like a section heading. A page that prints a standard table without any rulings
gets its grid from text alignment instead (see :func:`borderless_grids`).

Tables that run over a page break are emitted one fragment per page; ``locate`` joins the
fragments that sit under one section heading.

A page without text characters (a scan, or the stamped last page of a text PDF) is read from its
image by the OCR reader (:mod:`gi_extract.readers.ocr`, an optional extra), which gives back the
same characters and cell boxes, so the page goes through this geometry like any other.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import UnreadableInput
from ...grid import Block, Document, Paragraph, layout
from ...warnings import GiWarning, warning
from ..ocr import read_scanned
from ..ocr.place import mark_cells
from .borderless import borderless_grids
from .lines import Line, Obj, group_lines
from .load import PageData, failure, load_page, metadata_title
from .merged_rows import split_merged_rows
from .page import Placed, drop_margins, paragraphs
from .ruled import RuledTable, join_split_row, ruled_table

if TYPE_CHECKING:
    from pdfplumber.pdf import PDF

_CID = re.compile(r"\(cid:\d+\)")
MAX_PAGES = 300
"""Pages read from one PDF. A report is rarely over 30; a compilation of many reports may be
longer, and its first report's tables are in its first pages, so the rest are left (with a
``pdf_pages_cut`` warning) rather than spending minutes on them."""


def read_pdf(path: Path) -> Document:
    """Read a PDF's text layer into a Document, and its pages without one by OCR.

    Raises :class:`UnreadableInput` (one line, naming the file) for encrypted and broken files,
    and for image-only ones when the OCR extra is not installed; pdfplumber/pdfminer errors never
    escape as tracebacks.
    """
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds on a damaged or locked file
        raise UnreadableInput(failure(path, exc)) from None
    cut: list[GiWarning] = []
    try:
        total = len(pdf.pages)
        if total > MAX_PAGES:
            cut.append(warning("pdf_pages_cut", f"{total} pages: only the first {MAX_PAGES} were read"))
        pages = [load_page(page) for page in pdf.pages[:MAX_PAGES]]
        title = metadata_title(pdf)
    except Exception as exc:  # a damaged page stream, a bad xref, ...
        raise UnreadableInput(failure(path, exc)) from None
    finally:
        _close(pdf)
    pages, scanned = read_scanned(path, pages)
    doc = build_document(path, pages, title)
    doc.warnings[:0] = [*cut, *scanned]
    return doc


def _close(pdf: PDF) -> None:
    """Close a PDF whose own close may fail on a damaged file (pdfminer parses on close too).

    Why: the error that matters is the one met while reading; one raised by the close would
    replace it with an internal error.
    """
    try:
        pdf.close()
    except Exception:
        pass


def build_document(path: Path, pages: list[PageData], title: str | None) -> Document:
    """Turn loaded pages into blocks in reading order: per page, tables and paragraphs by their top."""
    warnings: list[GiWarning] = []
    lines_by_page: list[list[Line]] = []
    tables_by_page: list[list[RuledTable]] = []
    for page in pages:
        cids = sum(1 for ch in page.chars if _CID.search(ch["text"]))
        if cids:
            warnings.append(warning("pdf_cid_glyphs", f"page {page.number}: {cids} glyphs without a Unicode mapping"))
        tables = [t for t in (ruled_table(boxes) for boxes in page.tables) if t and t.n_cols >= 2]
        for table in tables:
            # a side cut by the page edge stops *at* the edge; a table beyond the page box altogether
            # (a rotated page whose content pdfplumber places outside it) is not cut by it
            table.open_left = abs(table.bbox[0] - page.bbox[0]) <= 1
            table.open_right = abs(table.bbox[2] - page.bbox[2]) <= 1
        free: list[Obj] = []
        for ch in page.chars:
            x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            for table in tables:
                if table.contains(x, y):
                    table.chars[table.cell_at(x, y)].append(ch)
                    break
            else:
                free.append(ch)
        for table in tables:
            split_merged_rows(table)
            table.fill_texts()
        tables_by_page.append([t for t in tables if any(t.texts)])
        lines_by_page.append(group_lines(free))
    drop_margins(pages, lines_by_page)

    placed_by_page: list[list[Placed]] = []
    for page, tables, lines in zip(pages, tables_by_page, lines_by_page, strict=True):
        grids, rest = borderless_grids(lines)
        placed = [Placed(t.bbox[1], t) for t in tables] + grids + paragraphs(rest, page.number, page.bbox[2])
        placed.sort(key=lambda p: p.top)
        placed_by_page.append(placed)
    last: RuledTable | None = None  # the table the page before ends with
    for placed in placed_by_page:
        if last is not None and placed and isinstance(placed[0].block, RuledTable):
            join_split_row(last, placed[0].block)
            if not placed[0].block.n_rows:  # the page held only the end of the row above: it went up
                del placed[0]
                if not placed:
                    continue  # the table above goes on past this page
        last = placed[-1].block if placed and isinstance(placed[-1].block, RuledTable) else None

    blocks: list[Block] = []
    n_grids = 0
    for page, placed in zip(pages, placed_by_page, strict=True):
        for item in placed:
            block = item.block
            if isinstance(block, Paragraph):
                blocks.append(block)
                continue
            if isinstance(block, RuledTable):
                grid = layout(block.rows(), n_grids, page.number)
                edges = ((0, block.open_left), (grid.n_cols - 1, block.open_right))
                grid.clipped = frozenset(col for col, is_open in edges if is_open)
                if page.ocr:
                    mark_cells(block, grid, page.ocr)
            else:
                grid = layout(block, n_grids, page.number)
            n_grids += 1
            blocks.append(grid)
    return Document(path=str(path), format="pdf", blocks=blocks, pages=len(pages), title_hint=title, warnings=warnings)
