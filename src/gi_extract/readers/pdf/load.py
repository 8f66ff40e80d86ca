"""Loading: the only part of the PDF reader that talks to pdfplumber.

Each page is reduced to what the rest needs (characters, and the cell boxes of ruled tables
found from our own ruling edges) and its pdfplumber cache freed at once, so memory stays at
one page's objects whatever the document's length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..radicals import fold_radicals
from .lines import BBox, Obj
from .rulings import JOIN_TOLERANCE, closing_edges

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF

    from ..ocr.place import OcrPage

THIN_RECT = 2.0
"""A filled rectangle or border polygon no thicker than this is drawn as a ruling line (Word and WPS
draw borders so, and Chromium a bevelled one)."""
MAX_BORDER_POINTS = 6
"""A filled curve of at most this many straight segments may be a border side (:func:`_polygon`)."""


@dataclass
class PageData:
    """What we keep of one page: its characters and the cell boxes of each ruled table."""

    number: int
    bbox: BBox
    chars: list[Obj]
    tables: list[list[BBox]]
    images: int = 0
    """Pictures on the page: a page with pictures and no text is a scan, for the OCR reader."""
    ocr: OcrPage | None = None
    """Set when the page was read by OCR (chars and tables then come from its image)."""

    @property
    def has_text(self) -> bool:
        return any(ch["text"].strip() for ch in self.chars)


def failure(path: Path, exc: BaseException) -> str:
    """Say why pdfplumber could not open or load the file: locked, or not a readable PDF."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    for inner in _causes(exc):
        if isinstance(inner, PDFPasswordIncorrect):
            return f"{path}: encrypted PDF (password required)"
        if isinstance(inner, PDFEncryptionError):
            return f"{path}: encrypted PDF (unsupported encryption: {inner})"
    return f"{path}: broken PDF ({_describe(exc)})"


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what it wraps (pdfplumber wraps pdfminer errors in ``PdfminerException``)."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        cur = todo.pop()
        if cur in seen:
            continue
        seen.append(cur)
        todo.extend(arg for arg in cur.args if isinstance(arg, BaseException))
        todo.extend(e for e in (cur.__cause__, cur.__context__) if e is not None)
    return seen


def _describe(exc: BaseException) -> str:
    """The innermost error as one short line (type and message)."""
    inner = _causes(exc)[-1]
    text = " ".join(str(inner).split())[:160]
    return f"{type(inner).__name__}: {text}" if text else type(inner).__name__


def metadata_title(pdf: PDF) -> str | None:
    """The Title entry of the document info, decoded.

    pdfminer decodes only UTF-16BE (``FE FF``) and PDFDocEncoding; WPS/Jisupdf write UTF-16LE
    with an ``FF FE`` mark, which it leaves as mojibake, so we decode the raw bytes ourselves.
    """
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in pdf.doc.info:
        raw = resolve1(info.get("Title"))
        if isinstance(raw, bytes):
            if raw.startswith(b"\xff\xfe"):
                text = raw[2:].decode("utf-16-le", errors="replace")
            elif raw.startswith(b"\xfe\xff"):
                text = raw[2:].decode("utf-16-be", errors="replace")
            else:
                text = decode_text(raw)
        elif isinstance(raw, str):
            text = raw
        else:
            continue
        text = " ".join(text.replace("\x00", "").split())
        if text:
            return text
    return None


def load_page(page: Page) -> PageData:
    """Pull chars, rulings and ruled-table cell boxes out of one page, then free its cache."""
    chars = list(page.chars)
    for ch in chars:
        ch["text"] = fold_radicals(ch["text"])
    v_edges, h_edges = _ruling_edges(page.lines, page.rects + page.curves)
    if _text_inside(chars, box(page.bbox)):
        v_edges, h_edges = _crop(v_edges, box(page.bbox)), _crop(h_edges, box(page.bbox))
    h_edges += closing_edges(v_edges, h_edges, chars)  # rows left open at a page break or a table's end
    tables: list[list[BBox]] = []
    if len(v_edges) >= 2 and len(h_edges) >= 2:
        settings = {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_vertical_lines": v_edges,
            "explicit_horizontal_lines": h_edges,
        }
        tables = [[box(cell) for cell in table.cells] for table in page.find_tables(settings)]
    data = PageData(page.page_number, box(page.bbox), chars, tables, images=len(page.images))
    page.close()
    return data


def _text_inside(chars: Sequence[Obj], bbox: BBox) -> bool:
    """Whether every character's centre lies on the page (its MediaBox, pdfplumber's ``bbox``): the
    page's own drawing is in its box (a rotated page whose content pdfplumber places outside the
    box altogether is not cropped by it; a line cut in half by a page's edge still counts)."""
    x0, top, x1, bottom = bbox
    return all(x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom for c in chars)


def _crop(edges: list[Obj], bbox: BBox) -> list[Obj]:
    """The rulings as far as they are on the page, top to bottom.

    wkhtmltopdf draws each page as the whole document seen through a window: a table begun on
    the page before keeps the rulings of its earlier rows above the page's top edge (at y < 0),
    invisible, and a table of the next page hangs below it. Read as they are, they make a lattice
    of rows no text is in, and the rows the page shows fall into one tall cell. So horizontal
    rulings off the page are dropped and vertical ones cut at its top and bottom; the row left
    open there is closed by :func:`~.rulings.closing_edges`, as at any page break. Left and right
    are left alone: a table running off the side keeps its outer ruling, and is clipped as such.
    """
    _, top, _, bottom = bbox
    tol = JOIN_TOLERANCE  # a border drawn on the edge may stand a hair past it
    out: list[Obj] = []
    for e in edges:
        if e["orientation"] == "v":
            if e["bottom"] > top and e["top"] < bottom:
                out.append(_edge("v", max(e["top"], top), min(e["bottom"], bottom), e["x0"]))
        elif top - tol <= e["top"] <= bottom + tol:
            out.append(e)
    return out


def box(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    """A bounding box as four floats (pdfplumber gives tuples of ints and floats)."""
    x0, top, x1, bottom = bbox
    return float(x0), float(top), float(x1), float(bottom)


def _ruling_edges(lines: Sequence[Obj], shapes: Sequence[Obj]) -> tuple[list[Obj], list[Obj]]:
    """Visible horizontal and vertical rulings as pdfplumber edge dicts.

    Stroked lines and rectangle outlines count, and so do thin filled shapes (a common way
    to draw borders): rectangles, and the four-cornered polygons a browser draws a bevelled
    (``border="1"``, outset) border with, which pdfplumber gives as curves; a thin shape is
    drawn for its bounding box. Wide filled shapes do not: they are cell or line backgrounds
    (WPS puts a white box behind every text line), and their sides would cut text into fake
    tables. White strokes are invisible and so are no rulings either. ``shapes`` are
    pdfplumber's rects and curves; a curve counts only when filled and thin.
    """
    v: list[Obj] = []
    h: list[Obj] = []
    for ln in lines:
        if _is_white(ln.get("stroking_color")):
            continue
        if ln["height"] <= 1 and ln["width"] > 0:
            h.append(_edge("h", ln["x0"], ln["x1"], (ln["top"] + ln["bottom"]) / 2))
        elif ln["width"] <= 1 and ln["height"] > 0:
            v.append(_edge("v", ln["top"], ln["bottom"], (ln["x0"] + ln["x1"]) / 2))
    for rc in shapes:
        if rc["object_type"] == "curve" and not _polygon(rc):
            continue
        thin = min(rc["width"], rc["height"]) <= THIN_RECT
        if rc.get("fill") and thin and not _is_white(rc.get("non_stroking_color")):
            if rc["width"] >= rc["height"]:
                h.append(_edge("h", rc["x0"], rc["x1"], (rc["top"] + rc["bottom"]) / 2))
            else:
                v.append(_edge("v", rc["top"], rc["bottom"], (rc["x0"] + rc["x1"]) / 2))
        elif rc["object_type"] == "rect" and rc.get("stroke") and not _is_white(rc.get("stroking_color")):
            h.append(_edge("h", rc["x0"], rc["x1"], rc["top"]))
            h.append(_edge("h", rc["x0"], rc["x1"], rc["bottom"]))
            v.append(_edge("v", rc["top"], rc["bottom"], rc["x0"]))
            v.append(_edge("v", rc["top"], rc["bottom"], rc["x1"]))
    return v, h


def _polygon(curve: Obj) -> bool:
    """A curve drawn as a border side: a few straight segments (a bevelled side has four corners),
    not a glyph outline, an arc or a chart's line."""
    path = curve.get("path") or []
    return len(path) <= MAX_BORDER_POINTS and all(op in ("m", "l", "h") for op, *_ in path)


def _edge(orientation: str, start: float, end: float, at: float) -> Obj:
    """An edge dict in the shape pdfplumber's table finder takes as an explicit line."""
    if orientation == "h":
        return {
            "object_type": "rule_edge",
            "orientation": "h",
            "x0": start,
            "x1": end,
            "top": at,
            "bottom": at,
            "width": end - start,
            "height": 0.0,
        }
    return {
        "object_type": "rule_edge",
        "orientation": "v",
        "x0": at,
        "x1": at,
        "top": start,
        "bottom": end,
        "width": 0.0,
        "height": end - start,
    }


def _is_white(color: object) -> bool:
    """True for a gray/RGB/CMYK colour that prints as white (pdfminer gives tuples or a number)."""
    if isinstance(color, (int, float)):
        return color >= 0.99
    if isinstance(color, (tuple, list)) and color and all(isinstance(c, (int, float)) for c in color):
        if len(color) == 4:
            return all(c <= 0.01 for c in color)
        return all(c >= 0.99 for c in color)
    return False
