"""OCR for scanned pages: a page image becomes the same characters and ruled-table boxes as a text-layer page.

Some offices publish a scan of the printed, stamped report: an image-only PDF, often slightly
skewed and JPEG-compressed, or a text PDF whose last page (the stamped one) is a scan. The PDF
reader sends each page without text characters here, one by one, and gets back a
:class:`~gi_extract.readers.pdf.load.PageData` built from the page's image: ``image`` renders
and straightens it, ``rulings`` finds the tables' cell boxes from its ruling lines, ``engine``
recognises the text (RapidOCR, offline, with the models its wheel ships), and ``place`` turns
the recognised lines into characters. From there the PDF reader's own geometry builds the
grids and paragraphs, so locate, labels, values and checks run unchanged.

The engine is an optional extra (``pip install 'gi-extract[ocr]'``) and is imported only when a
page needs it: this package's top level imports nothing heavy, so reading any other file never
loads it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ...errors import UnreadableInput
from ...warnings import GiWarning, warning
from .engine import PIP_HINT, OcrUnavailable
from .image import RenderError

if TYPE_CHECKING:
    from ..pdf.load import PageData


def read_scanned(path: Path, pages: list[PageData]) -> tuple[list[PageData], list[GiWarning]]:
    """Replace every page without text characters by its OCR reading; the pages with text are kept as they are.

    Without the OCR extra, a PDF with no text at all is unreadable (one line naming the pip
    command) and a scanned page of a PDF that has text elsewhere is left out with a warning.
    """
    todo = [i for i, page in enumerate(pages) if not page.has_text]
    if not todo:
        return pages, []
    scans_only = len(todo) == len(pages)
    try:
        from .engine import model_files

        model_files()
    except OcrUnavailable:
        if scans_only:
            raise UnreadableInput(f"{path}: no text layer (scanned PDF?); to read it by OCR: {PIP_HINT}") from None
        skipped = [pages[i].number for i in todo if pages[i].images]
        if not skipped:
            return pages, []
        text = f"page(s) {_numbers(skipped)} are scanned images and were not read (OCR needs {PIP_HINT})"
        return pages, [warning("pdf_page_scanned", text)]
    out = list(pages)
    read: list[int] = []
    skews: list[float] = []
    with _Progress(path, len(todo)) as progress:
        for done, i in enumerate(todo):
            progress.show(done, pages[i].number)
            try:
                page = ocr_page(path, i, pages[i].number)
            except RenderError as exc:  # damage pdfminer read past: the file is broken, as when pdfplumber fails
                raise UnreadableInput(f"{path}: broken PDF (page {pages[i].number} cannot be drawn: {exc})") from None
            out[i] = page
            if page.chars:
                read.append(page.number)
                skews.append(page.ocr.skew if page.ocr else 0.0)
    if not read:
        if scans_only:
            raise UnreadableInput(f"{path}: no text layer and no text found by OCR (blank pages?)")
        return out, []
    turned = max(skews, key=abs)
    skew = f"; straightened by up to {abs(turned):.2f}°" if turned else ""
    return out, [warning("pdf_ocr", f"page(s) {_numbers(read)} read by OCR{skew}")]


def ocr_page(path: Path, index: int, number: int) -> PageData:
    """One page (0-based ``index``, 1-based ``number``) read from its image: characters and ruled-table boxes."""
    from ..pdf.load import PageData
    from .cells import reread_empty_cells
    from .engine import engine, threads
    from .image import DPI, deskew, is_blank, render
    from .place import OcrPage, drop_rulings, line_chars
    from .rulings import find_rulings

    image = render(path, index, DPI)
    height, width = image.shape
    bbox = (0.0, 0.0, width * 72 / DPI, height * 72 / DPI)
    if is_blank(image):
        return PageData(number, bbox, [], [], ocr=OcrPage(DPI, 0.0))
    straight, skew = deskew(image)
    tables = find_rulings(straight, DPI)
    ocr = engine(threads())
    lines = drop_rulings(ocr.read(straight), tables, DPI)
    chars = line_chars(lines, DPI)
    chars += reread_empty_cells(straight, tables, chars, lines, ocr, DPI)
    return PageData(number, bbox, chars, tables, ocr=OcrPage(DPI, skew))


def _numbers(numbers: list[int]) -> str:
    """``1-3, 5``: page numbers as ranges."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


class _Progress:
    """``OCR page 2 of 5`` on a terminal's stderr while pages are read (a page takes seconds); silent otherwise.

    Silent in a bulk worker too (its parent draws the run's progress bar on the same terminal).
    """

    def __init__(self, path: Path, total: int, stream: TextIO | None = None) -> None:
        import multiprocessing

        self.stream = stream or sys.stderr
        self.on = self.stream.isatty() and multiprocessing.parent_process() is None and total > 0
        self.name = path.name
        self.total = total

    def __enter__(self) -> _Progress:
        return self

    def show(self, done: int, number: int) -> None:
        if self.on:
            self.stream.write(f"\rgi-extract: {self.name}: OCR page {number} ({done + 1} of {self.total})…\x1b[K")
            self.stream.flush()

    def __exit__(self, *exc: object) -> None:
        if self.on:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
