"""PDF reader: a PDF's text layer and ruling lines become the same Document as every other format.

pdfplumber gives characters, lines and rectangles with positions; everything else here is
geometry. Tables come from ruling lines: pdfplumber's table finder turns our edges into cell
boxes, and the boxes' own edges give each cell its row, column and spans (a merged cell is one
box spanning several lattice steps). Text is put into cells by where each character's centre
falls, so a label printed one character per line in a narrow merged cell keeps its characters
in order. Text outside tables becomes paragraphs, with page numbers and repeated
headers/footers dropped, so nothing between two fragments of a table that runs over a page
break looks like a section heading. A page that prints a standard table without any rulings
gets its grid from text alignment instead (see :func:`_borderless_grids`).

Tables that run over a page break are emitted one fragment per page; ``locate`` joins the
fragments that sit under one section heading.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UnreadableInput
from ..grid import Block, Document, Paragraph, RawCell, layout
from ..template import registry
from ..warnings import GiWarning, warning

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF

Obj = dict[str, Any]
"""A pdfplumber object (char, line, rect, edge): a plain dict with its geometry."""
BBox = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in PDF points, origin at the page's top-left corner."""

LATTICE_TOLERANCE = 2.0
"""Cell edges closer than this (points) are one lattice line; pdfplumber already snapped them to 3."""
THIN_RECT = 2.0
"""A filled rectangle no thicker than this is drawn as a ruling line (Word and WPS draw borders so)."""
MARGIN_ZONE = 0.1
"""Share of the page height at the top and bottom where running headers, footers and page numbers sit."""
CELL_GAP = 0.9
"""In a page without rulings, a horizontal gap wider than this many font sizes separates two cells."""

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―]\s*\d+\s*[-—–－―]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$"
)
"""Page-number forms that are dropped wherever they sit in the margin zones."""
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_CID = re.compile(r"\(cid:\d+\)")
_NUMERIC = re.compile(r"\d")


@cache
def _numbering(kind: str) -> re.Pattern[str]:
    """A numbering pattern of the template (report.json): ``heading`` opens a numbered section
    or item (``三、…``, ``（一）…``) and is never glued onto the line above; ``section`` opens one
    of the six sections and ends a table; ``row`` starts a table row's label (``1.``, ``（五）``)."""
    return re.compile(registry().skeleton.numbering[kind])


# -- loading: the only part that talks to pdfplumber ------------------------------------------


@dataclass
class _PageData:
    """What we keep of one page: its characters and the cell boxes of each ruled table."""

    number: int
    bbox: BBox
    chars: list[Obj]
    tables: list[list[BBox]]


def read_pdf(path: Path) -> Document:
    """Read a PDF's text layer into a Document.

    Raises :class:`UnreadableInput` (one line, naming the file) for encrypted, image-only and
    broken files; pdfplumber/pdfminer errors never escape as tracebacks.
    """
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds on a damaged or locked file
        raise UnreadableInput(_failure(path, exc)) from None
    with pdf:
        try:
            pages = [_load_page(page) for page in pdf.pages]
            title = _metadata_title(pdf)
        except Exception as exc:  # a damaged page stream, a bad xref, ...
            raise UnreadableInput(_failure(path, exc)) from None
    if not any(ch["text"].strip() for page in pages for ch in page.chars):
        raise UnreadableInput(f"{path}: no text layer (scanned PDF?)")
    return _build_document(path, pages, title)


def _failure(path: Path, exc: BaseException) -> str:
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


def _metadata_title(pdf: PDF) -> str | None:
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


def _load_page(page: Page) -> _PageData:
    """Pull chars, rulings and ruled-table cell boxes out of one page, then free its cache."""
    chars = list(page.chars)
    v_edges, h_edges = _ruling_edges(page.lines, page.rects)
    tables: list[list[BBox]] = []
    if len(v_edges) >= 2 and len(h_edges) >= 2:
        settings = {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_vertical_lines": v_edges,
            "explicit_horizontal_lines": h_edges,
        }
        tables = [[_box(cell) for cell in table.cells] for table in page.find_tables(settings)]
    data = _PageData(page.page_number, _box(page.bbox), chars, tables)
    page.close()
    return data


def _box(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    """A bounding box as four floats (pdfplumber gives tuples of ints and floats)."""
    x0, top, x1, bottom = bbox
    return float(x0), float(top), float(x1), float(bottom)


def _ruling_edges(lines: Sequence[Obj], rects: Sequence[Obj]) -> tuple[list[Obj], list[Obj]]:
    """Visible horizontal and vertical rulings as pdfplumber edge dicts.

    Stroked lines and rectangle outlines count, and so do thin filled rectangles (a common way
    to draw borders). Wide filled rectangles do not: they are cell or line backgrounds (WPS
    puts a white box behind every text line), and their sides would cut text into fake tables.
    White strokes are invisible and so are no rulings either.
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
    for rc in rects:
        thin = min(rc["width"], rc["height"]) <= THIN_RECT
        if rc.get("fill") and thin and not _is_white(rc.get("non_stroking_color")):
            if rc["width"] >= rc["height"]:
                h.append(_edge("h", rc["x0"], rc["x1"], (rc["top"] + rc["bottom"]) / 2))
            else:
                v.append(_edge("v", rc["top"], rc["bottom"], (rc["x0"] + rc["x1"]) / 2))
        elif rc.get("stroke") and not _is_white(rc.get("stroking_color")):
            h.append(_edge("h", rc["x0"], rc["x1"], rc["top"]))
            h.append(_edge("h", rc["x0"], rc["x1"], rc["bottom"]))
            v.append(_edge("v", rc["top"], rc["bottom"], rc["x0"]))
            v.append(_edge("v", rc["top"], rc["bottom"], rc["x1"]))
    return v, h


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


# -- text lines ------------------------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    """CJK ideographs and full-width punctuation: printed without spaces between them."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


@dataclass
class _Line:
    """One visual line of characters (left to right) and its box."""

    chars: list[Obj]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @classmethod
    def of(cls, chars: list[Obj]) -> _Line:
        visible = [c for c in chars if c["text"].strip()] or chars
        return cls(
            chars,
            _line_text(chars),
            min(c["x0"] for c in visible),
            max(c["x1"] for c in visible),
            min(c["top"] for c in visible),
            max(c["bottom"] for c in visible),
            statistics.median(c["size"] for c in visible),
        )


def _group_lines(chars: Iterable[Obj]) -> list[_Line]:
    """Cluster characters into visual lines, top to bottom, each sorted left to right.

    A character joins the current line when its vertical centre lies within the line's box.
    In a narrow cell where a label is printed one character per line, every character is its
    own line, so ``三\\n、\\n本…`` keeps the printed order.
    """
    ordered = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    groups: list[list[Obj]] = []
    bottom = float("-inf")
    for ch in ordered:
        mid = (ch["top"] + ch["bottom"]) / 2
        if groups and mid <= bottom:
            groups[-1].append(ch)
            if ch["text"].strip():
                bottom = max(bottom, ch["bottom"])
        else:
            groups.append([ch])
            bottom = ch["bottom"] if ch["text"].strip() else mid
    lines = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        line = _Line.of(group)
        if line.text:
            lines.append(line)
    return lines


def _line_text(chars: Sequence[Obj]) -> str:
    """Join one line's characters as printed.

    A space comes out where the PDF prints a space character, and where two non-CJK
    characters (digits, Latin) stand apart by more than a third of the font size, so ``1 0``
    in one cell stays two numbers while the digits of ``9487`` stay together. No space is
    invented between CJK characters, however wide the letter-spacing. A glyph drawn twice at
    the same spot (fake bold) is kept once.
    """
    out: list[str] = []
    prev: Obj | None = None
    pending_space = False
    for ch in chars:
        text = ch["text"]
        if not text.strip():
            pending_space = prev is not None
            continue
        if prev is not None:
            if text == prev["text"] and abs(ch["x0"] - prev["x0"]) < 0.3 * max(ch["size"], 1.0):
                continue
            gap = ch["x0"] - prev["x1"]
            apart = gap > 0.3 * ch["size"] and not _is_cjk(text[0]) and not _is_cjk(prev["text"][-1])
            if pending_space or apart:
                out.append(" ")
        out.append(text)
        prev = ch
        pending_space = False
    return "".join(out).strip()


# -- ruled tables ----------------------------------------------------------------------------


class _Axis:
    """Sorted lattice lines along one axis; values within the tolerance share one line."""

    def __init__(self, values: Iterable[float], tolerance: float = LATTICE_TOLERANCE) -> None:
        lines: list[float] = []
        for v in sorted(values):
            if not lines or v - lines[-1] > tolerance:
                lines.append(v)
        self.lines = lines

    def index(self, value: float) -> int:
        """The lattice line nearest to ``value``."""
        i = bisect_right(self.lines, value)
        if i == 0:
            return 0
        if i == len(self.lines) or value - self.lines[i - 1] <= self.lines[i] - value:
            return i - 1
        return i

    def slot(self, value: float) -> int:
        """The lattice step (between two lines) that ``value`` falls in, clamped to the table."""
        return min(max(bisect_right(self.lines, value) - 1, 0), len(self.lines) - 2)


@dataclass
class _RuledTable:
    """A ruled table: its lattice, the cell that owns each lattice position, and cell contents."""

    bbox: BBox
    xs: _Axis
    ys: _Axis
    cells: list[tuple[int, int, int, int]]
    """Per cell: row, col, rowspan, colspan on the lattice."""
    owner: dict[tuple[int, int], int]
    chars: list[list[Obj]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    open_left: bool = False
    open_right: bool = False
    """A side where the table runs off the page (a web page printed too narrow): the rulings stop
    at the page edge but the text does not, so characters beyond that edge still belong to the
    outermost column."""

    @property
    def n_rows(self) -> int:
        return len(self.ys.lines) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs.lines) - 1

    def contains(self, x: float, y: float) -> bool:
        x0, top, x1, bottom = self.bbox
        return (self.open_left or x0 <= x) and (self.open_right or x <= x1) and top <= y <= bottom

    def cell_at(self, x: float, y: float) -> int:
        return self.owner[(self.ys.slot(y), self.xs.slot(x))]

    def fill_texts(self) -> None:
        """Turn each cell's characters into its text: visual lines joined with newlines."""
        self.texts = ["\n".join(line.text for line in _group_lines(chars)) for chars in self.chars]

    def rows(self) -> list[list[RawCell]]:
        """The cells as layout rows: each cell at its top row, left to right, with its text."""
        rows: list[list[RawCell]] = [[] for _ in range(self.n_rows)]
        for i, (r, c, rowspan, colspan) in sorted(enumerate(self.cells), key=lambda item: item[1][:2]):
            rows[r].append(RawCell(self.texts[i], rowspan, colspan, source_row=r, source_col=c))
        return rows


def _ruled_table(boxes: Sequence[BBox]) -> _RuledTable | None:
    """Place pdfplumber's cell boxes on their lattice; lattice positions no box reaches become blank cells.

    Rows and columns are the distinct box edges; a box's span is how many lattice steps it
    covers. A position claimed twice (overlapping boxes, rare) keeps its first owner.
    """
    xs = _Axis(v for b in boxes for v in (b[0], b[2]))
    ys = _Axis(v for b in boxes for v in (b[1], b[3]))
    if len(xs.lines) < 2 or len(ys.lines) < 2:
        return None
    cells: list[tuple[int, int, int, int]] = []
    owner: dict[tuple[int, int], int] = {}
    for x0, top, x1, bottom in sorted(boxes, key=lambda b: (b[1], b[0])):
        r0, r1 = ys.index(top), ys.index(bottom)
        c0, c1 = xs.index(x0), xs.index(x1)
        if r1 <= r0 or c1 <= c0:
            continue
        spots = [(r, c) for r in range(r0, r1) for c in range(c0, c1)]
        if any(s in owner for s in spots):
            continue
        for s in spots:
            owner[s] = len(cells)
        cells.append((r0, c0, r1 - r0, c1 - c0))
    for r in range(len(ys.lines) - 1):
        for c in range(len(xs.lines) - 1):
            if (r, c) not in owner:
                owner[(r, c)] = len(cells)
                cells.append((r, c, 1, 1))
    bbox = (xs.lines[0], ys.lines[0], xs.lines[-1], ys.lines[-1])
    return _RuledTable(bbox, xs, ys, cells, owner, [[] for _ in cells])


_NUMBER_ONLY = re.compile(r"^[\s+\-−－]*[\d,，.]+\s*(?:元|万元|件)?$")


def _join_split_row(above: _RuledTable, below: _RuledTable) -> None:
    """Glue a table row that a page break cut in two back together.

    Word and LibreOffice let a tall row break across pages: the top part (with the numbers)
    ends page N and the rest of its wrapped label (``诉类申请``) opens the fragment on page
    N+1 as a row of its own, with blank number cells. That row is no row of the report, so
    its texts are appended to the cells of the last row above (matched by x position: the two
    fragments may have different lattices, as merges differ) and it is removed. It is
    recognised by: both fragments span the same width; every cell holding a plain number in
    the last row above has only blank cells below it; and none of its texts starts like a
    row label (``1.``, ``（五）``, ``四、``), so a real next row with blank cells is left alone.

    When the first row below is a real row, only the text of merged group labels cut by the
    break moves up: a cell below that spans several rows and continues a non-numeric cell of
    the last row above (``（三）不`` | ``予公开``, ``三、本年`` | ``度办理结果``) gives its text
    to that cell and stays as a blank continuation, as Word prints it when the label fits above.
    """
    tol = 2 * LATTICE_TOLERANCE
    if below.n_rows < 2 or abs(above.bbox[0] - below.bbox[0]) > tol or abs(above.bbox[2] - below.bbox[2]) > tol:
        return
    last = above.n_rows - 1
    first_row = [i for i, cell in enumerate(below.cells) if cell[0] == 0]
    target: dict[int, int] = {}
    for i in first_row:
        _, c, _, colspan = below.cells[i]
        target[i] = above.owner[(last, above.xs.slot((below.xs.lines[c] + below.xs.lines[c + colspan]) / 2))]
    numeric = {j for j in set(target.values()) if _NUMBER_ONLY.match(above.texts[j])}
    split_row = (
        bool(numeric)
        and not any(below.texts[i] for i in first_row if target[i] in numeric)
        and not any(_numbering("row").match(below.texts[i]) for i in first_row)
    )
    if not split_row:
        for i in first_row:
            j = target[i]
            if below.cells[i][2] > 1 and below.texts[i] and above.texts[j] and not _NUMBER_ONLY.match(above.texts[j]):
                above.texts[j] = above.texts[j] + "\n" + below.texts[i]
                below.texts[i] = ""
        return
    for i in first_row:
        r, c, rowspan, colspan = below.cells[i]
        if below.texts[i]:
            j = target[i]
            above.texts[j] = "\n".join(t for t in (above.texts[j], below.texts[i]) if t)
            below.texts[i] = ""
        below.cells[i] = (r, c, rowspan - 1, colspan)
    keep = [i for i, cell in enumerate(below.cells) if cell[2] > 0]
    below.cells = [(max(r - 1, 0), c, rs, cs) for r, c, rs, cs in (below.cells[i] for i in keep)]
    below.texts = [below.texts[i] for i in keep]
    below.ys = _Axis(below.ys.lines[1:])
    below.owner = {
        (r + dr, c + dc): i
        for i, (r, c, rowspan, colspan) in enumerate(below.cells)
        for dr in range(rowspan)
        for dc in range(colspan)
    }


# -- text outside tables ----------------------------------------------------------------------


@dataclass
class _Placed:
    """A block on its page with the y where it starts, for ordering tables among paragraphs."""

    top: float
    block: Paragraph | _RuledTable | list[list[RawCell]]


def _drop_margins(pages: list[_PageData], lines_by_page: list[list[_Line]]) -> None:
    """Remove page numbers and running headers/footers from the text lines, in place.

    A line in the top or bottom margin zone is dropped when it is a page number (``- 3 -``,
    ``第3页``, ``3/13``; a bare number only as the page's first or last line), or when the same
    text, digits ignored, sits in the margin zone of at least half of the pages (two at least).
    """

    def in_margin(page: _PageData, line: _Line) -> bool:
        _, top, _, bottom = page.bbox
        zone = (bottom - top) * MARGIN_ZONE
        return line.bottom <= top + zone or line.top >= bottom - zone

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", "".join(line.text.split()))

    seen: Counter[str] = Counter()
    for page, lines in zip(pages, lines_by_page, strict=True):
        seen.update({key(line) for line in lines if in_margin(page, line)})
    repeated = {k for k, n in seen.items() if n >= max(2, len(pages) / 2)}
    for page, lines in zip(pages, lines_by_page, strict=True):
        keep = []
        for i, line in enumerate(lines):
            if in_margin(page, line):
                compact = "".join(line.text.split())
                edge = i in (0, len(lines) - 1)
                if _PAGE_NUMBER.match(compact) or (edge and _BARE_NUMBER.match(compact)) or key(line) in repeated:
                    continue
            keep.append(line)
        lines[:] = keep


def _paragraphs(lines: Sequence[_Line], page: int, page_right: float) -> list[_Placed]:
    """Group text lines into paragraphs.

    A line continues the paragraph above unless it opens a numbered section (``三、…``,
    ``（一）…``), is indented, follows a line that stopped short of the right margin (the end
    of a paragraph or a heading), changes font size, or sits after a vertical gap wider than 1.5 times the page's usual
    gap between lines.
    Centred lines of one size (a title printed on two lines) stay together. The right margin
    is where most lines end (80th percentile, lines past the page edge left out), not the
    widest line, so one overlong line (web-page chrome, a URL) does not split every paragraph.
    """
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    ends = sorted(line.x1 for line in lines if line.x1 <= page_right) or [max(line.x1 for line in lines)]
    right = ends[int(0.8 * (len(ends) - 1))]
    leading = statistics.median([max(b.top - a.bottom, 0.0) for a, b in pairwise(lines)] or [0.0])
    centre = (left + right) / 2
    out: list[_Placed] = []
    parts: list[_Line] = []

    def centred(line: _Line) -> bool:
        inset = min(line.x0 - left, right - line.x1)
        return inset > 1.5 * line.size and abs((line.x0 + line.x1) / 2 - centre) < line.size

    def flush() -> None:
        if parts:
            text = parts[0].text
            for prev, line in pairwise(parts):
                glue = "" if _is_cjk(prev.text[-1]) or _is_cjk(line.text[0]) else " "
                text += glue + line.text
            out.append(_Placed(parts[0].top, Paragraph(text, page)))
            parts.clear()

    for line in lines:
        if parts:
            prev = parts[-1]
            same_size = abs(line.size - prev.size) <= 1
            close = line.top - prev.bottom <= max(1.5 * leading, 0.5 * line.size)
            both_centred = centred(prev) and centred(line)
            continues = (
                same_size
                and close
                and not _numbering("heading").match(line.text)
                and (
                    both_centred
                    or (not centred(prev) and prev.x1 >= right - 2 * prev.size and line.x0 <= left + 1.5 * line.size)
                )
            )
            if not continues:
                flush()
        parts.append(line)
    flush()
    return out


# -- tables without rulings -------------------------------------------------------------------


def _segments(line: _Line) -> list[tuple[float, float, str]]:
    """Split a line where the gap between visible characters exceeds :data:`CELL_GAP` font sizes."""
    segs: list[list[Obj]] = []
    prev: Obj | None = None
    for ch in line.chars:
        if not ch["text"].strip():
            continue
        if prev is None or ch["x0"] - prev["x1"] > CELL_GAP * line.size:
            segs.append([])
        segs[-1].append(ch)
        prev = ch
    return [(s[0]["x0"], s[-1]["x1"], _line_text(s)) for s in segs]


def _borderless_grids(lines: list[_Line]) -> tuple[list[_Placed], list[_Line]]:
    """Find tables printed without rulings among the text lines; return them and the lines left over.

    A table is a run of lines split into several cells by wide gaps, at least two such lines,
    some digits among them; single-cell lines inside the run (captions such as
    ``第二十条第（五）项``) belong to it, but a section heading (``三、…``) ends it. Columns are
    the x-extents of the cells of the lines that carry digits (data rows, where every column
    is filled and no header spans several columns); each text line becomes a grid row, and a
    cell covering several columns gets that colspan. A line right after a data row that carries
    no number and does not start like a row label is the wrapped rest of that row's label and
    joins it.
    """
    segs = [_segments(line) for line in lines]
    placed: list[_Placed] = []
    rest: list[_Line] = []
    i = 0
    while i < len(lines):
        if len(segs[i]) < 2:
            rest.append(lines[i])
            i += 1
            continue
        j = i
        last_multi = i
        while j + 1 < len(lines):
            nxt = j + 1
            if len(segs[nxt]) >= 2:
                last_multi = nxt
            elif _numbering("section").match(lines[nxt].text) or nxt - last_multi > 8:
                break
            j = nxt
        run = range(i, last_multi + 1)
        # a number after the first cell: such a line has at least two cells, and is a data row
        numbered = {k: any(_NUMERIC.search(t) for _, _, t in segs[k][1:]) for k in run}
        data = [k for k in run if numbered[k]]
        if sum(len(segs[k]) >= 2 for k in run) >= 2 and data:
            columns = _columns([s for k in data for s in segs[k]])
            merged: list[list[tuple[float, float, str]]] = []
            for k in run:
                wraps = merged and numbered.get(k - 1, False) and not numbered[k]
                if wraps and not _numbering("row").match(segs[k][0][2]):
                    merged[-1] = merged[-1] + segs[k]
                else:
                    merged.append(list(segs[k]))
            rows = [_aligned_row(row, columns, n) for n, row in enumerate(merged)]
            placed.append(_Placed(lines[i].top, rows))
        else:
            rest.extend(lines[k] for k in run)
        i = last_multi + 1
    return placed, rest


def _columns(segs: Sequence[tuple[float, float, str]]) -> list[tuple[float, float]]:
    """Column extents: the union of overlapping cell extents, left to right."""
    cols: list[list[float]] = []
    for x0, x1, _ in sorted(segs):
        if cols and x0 <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return [(a, b) for a, b in cols]


def _aligned_row(
    segs: Sequence[tuple[float, float, str]], columns: Sequence[tuple[float, float]], row: int
) -> list[RawCell]:
    """One text line as a grid row: each cell spans the columns it overlaps, unfilled columns blank."""
    texts: dict[int, list[str]] = {}
    spans: dict[int, int] = {}
    for x0, x1, text in segs:
        hit = [c for c, (a, b) in enumerate(columns) if x0 < b and x1 > a]
        if not hit:
            mid = (x0 + x1) / 2
            hit = [min(range(len(columns)), key=lambda c: abs((columns[c][0] + columns[c][1]) / 2 - mid))]
        first = hit[0]
        if any(f <= c < f + n for c in hit[1:] for f, n in spans.items()):
            hit = [first]
        texts.setdefault(first, []).append(text)
        spans[first] = max(spans.get(first, 1), hit[-1] - first + 1)
    cells: list[RawCell] = []
    c = 0
    while c < len(columns):
        if c in texts:
            cells.append(RawCell("\n".join(texts[c]), 1, spans[c], row, c))
            c += spans[c]
        else:
            cells.append(RawCell("", 1, 1, row, c))
            c += 1
    return cells


# -- assembly -----------------------------------------------------------------------------------


def _build_document(path: Path, pages: list[_PageData], title: str | None) -> Document:
    """Turn loaded pages into blocks in reading order: per page, tables and paragraphs by their top."""
    warnings: list[GiWarning] = []
    lines_by_page: list[list[_Line]] = []
    tables_by_page: list[list[_RuledTable]] = []
    for page in pages:
        cids = sum(1 for ch in page.chars if _CID.search(ch["text"]))
        if cids:
            warnings.append(warning("pdf_cid_glyphs", f"page {page.number}: {cids} glyphs without a Unicode mapping"))
        tables = [t for t in (_ruled_table(boxes) for boxes in page.tables) if t and t.n_cols >= 2]
        for table in tables:
            table.open_left = table.bbox[0] <= page.bbox[0] + 1
            table.open_right = table.bbox[2] >= page.bbox[2] - 1
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
            table.fill_texts()
        tables_by_page.append([t for t in tables if any(t.texts)])
        lines_by_page.append(_group_lines(free))
    _drop_margins(pages, lines_by_page)

    placed_by_page: list[list[_Placed]] = []
    for page, tables, lines in zip(pages, tables_by_page, lines_by_page, strict=True):
        grids, rest = _borderless_grids(lines)
        placed = [_Placed(t.bbox[1], t) for t in tables] + grids + _paragraphs(rest, page.number, page.bbox[2])
        placed.sort(key=lambda p: p.top)
        placed_by_page.append(placed)
    for before, after in pairwise(placed_by_page):
        if before and after and isinstance(before[-1].block, _RuledTable) and isinstance(after[0].block, _RuledTable):
            _join_split_row(before[-1].block, after[0].block)

    blocks: list[Block] = []
    n_grids = 0
    for page, placed in zip(pages, placed_by_page, strict=True):
        for item in placed:
            block = item.block
            if isinstance(block, Paragraph):
                blocks.append(block)
                continue
            if isinstance(block, _RuledTable):
                grid = layout(block.rows(), n_grids, page.number)
                edges = ((0, block.open_left), (grid.n_cols - 1, block.open_right))
                grid.clipped = frozenset(col for col, is_open in edges if is_open)
            else:
                grid = layout(block, n_grids, page.number)
            n_grids += 1
            blocks.append(grid)
    return Document(path=str(path), format="pdf", blocks=blocks, pages=len(pages), title_hint=title, warnings=warnings)
