"""Text reports: the seed's rendering of a Word report, and tab-separated pasted tables.

Text arrives in five shapes, told apart by :func:`text_shape` and all read into the same
:class:`~gi_extract.grid.Document`: the seed shape and tab-separated rows (read here),
Markdown from PDF-to-Markdown converters (:mod:`.markdown`), tables drawn with box
characters (:mod:`.boxes`) and ``pdftotext -layout`` output (:mod:`.layout`).

The seed shape (``../shared/seeds``): every table cell is a line starting with a tab,
a blank line ends a table row, a line without a tab right after a cell continues that
cell's text (``商业\\n企业``), vertically merged continuations are printed as empty cells
and horizontal merges once. So the text carries no spans: each row is laid out as
printed, and downstream stages read rows by their label and the order of their values,
never by absolute column. A line with a tab *inside* it is a row of a pasted table
(cells separated by tabs), one row per line.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Literal

from ..errors import UnreadableInput
from ..grid import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, Block, Document, Grid, Paragraph, RawCell, layout
from ..warnings import GiWarning, warning
from .boxes import drawn_cells, has_boxes, parse_boxes
from .radicals import fold_radicals

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


LOSSY_SHARE = 1000
HANDFUL = 10
"""A text may have at most one undecodable byte in this many, or a handful in a short file (a
truncated download, stray bytes), to be read with replacement characters; more is the wrong
encoding, not damage."""
_TRADITIONAL = ("資訊", "公開", "申請", "復議", "訴訟", "報告")
"""Words of the report in traditional characters: a Big5 file decodes to them."""


def decode(data: bytes, path: Path) -> tuple[str, list[GiWarning]]:
    """Decode text bytes: BOM, strict UTF-8, UTF-8 with a few bad bytes replaced, GB18030, else say which.

    UTF-8 with a handful of damaged bytes is read with replacement characters and a warning,
    before GB18030 is tried: GB18030 decodes almost any bytes, and would turn such a file into
    nonsense. A file in Big5 (traditional characters) is named in the error: the template's
    words are simplified, so its tables could not be matched anyway.
    """
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _lossy(data[len(bom) :], enc, path)
    if b"\x00" in data[:8192]:
        raise UnreadableInput(f"{path}: binary file, not a text report")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= max(HANDFUL, len(data) // LOSSY_SHARE):
        return text, [_replaced(bad, "utf-8")]
    gbk, big5 = _strict(data, "gb18030"), _strict(data, "big5")
    if big5 and any(word in big5 for word in _TRADITIONAL) and not (gbk and "公开" in gbk):
        raise UnreadableInput(
            f"{path}: text in Big5 (traditional characters); save it as UTF-8 in simplified characters"
        )
    if gbk is not None:
        return gbk, []
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableInput(f"{path}: not text in any known encoding (try saving it as UTF-8)")
    return str(best), []


def _lossy(data: bytes, enc: str, path: Path) -> tuple[str, list[GiWarning]]:
    """Decode after a byte-order mark: strictly, or with a few bad bytes replaced and said."""
    try:
        return data.decode(enc), []
    except UnicodeDecodeError:
        text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd")
    if bad > max(HANDFUL, len(data) // LOSSY_SHARE):
        raise UnreadableInput(f"{path}: invalid {enc} text after its byte-order mark") from None
    return text, [_replaced(bad, enc)]


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def _replaced(bad: int, enc: str) -> GiWarning:
    return warning("text_encoding", f"{bad} byte sequence(s) that are not {enc} were replaced (a damaged file?)")


def read_text(path: Path) -> Document:
    """Read a text report into paragraphs and grids."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot be read ({exc.strerror or exc})") from None
    text, notes = decode(data, path)
    text = fold_radicals(text)
    if _looks_binary(text):
        raise UnreadableInput(f"{path}: binary file, not a text report")
    doc = _parse(text, path)
    doc.warnings[:0] = notes
    return doc


def _parse(text: str, path: Path) -> Document:
    shape, drawn = _classify(text, path.suffix)
    if shape == "markdown":
        from .markdown import parse_markdown

        return Document(path=str(path), format="text", blocks=parse_markdown(text, path))
    if shape == "boxes":
        if drawn is None:
            cells = drawn_cells(text)
            raise UnreadableInput(
                f"{path}: a text of {cells} drawn table cells is no report (at most {MAX_CELLS} are read)"
            )
        return Document(path=str(path), format="text", blocks=drawn)
    if shape == "layout":
        from .layout import parse_layout

        blocks, pages = parse_layout(text)
        return Document(path=str(path), format="text", blocks=blocks, pages=pages)
    return Document(path=str(path), format="text", blocks=parse_text(text))


Shape = Literal["seed", "markdown", "boxes", "layout"]
_TAB_LINE = re.compile(r"^[^\n]*\t", re.M)
_MD_DELIMITER = re.compile(r"^[ \t]*+\|?(?:[ \t]*+:?-++:?[ \t]*+\|)++(?:[ \t]*+:?-++:?[ \t]*+)?$", re.M)
"""A pipe table's delimiter row. Possessive: a line of a million tabs is rejected in one pass
(with plain quantifiers the two runs of blanks could split it every way: minutes per line)."""
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)
_HTML_TABLE = re.compile(r"<table\b", re.I)
_LAYOUT_ROW = re.compile(r"^[ \f]*\S.*?\S {2,}[+\-]?\d[\d,.]*(?: +[+\-]?\d[\d,.]*)* *$", re.M)
_COLUMN_GAP = re.compile(r"\d {2,}[+\-]?\d")
"""Two numbers a column apart: layout text sets a row's numbers in columns, several spaces between them."""
_SPACED_RUN = re.compile(r"(?<![\d ])\d++(?: \d++){3,}+[ \t]*$", re.M)
"""Four numbers or more one space apart ending a line: a row as pdfplumber's or pypdf's default text prints it."""
MIN_SHAPE_LINES = 5
"""Lines of a shape's own kind (tab cells, value rows in columns) needed before the text is read as that shape."""


def text_shape(text: str, suffix: str = "") -> Shape:
    """Which parser the text needs, from what only that shape prints.

    A ``.md`` file is Markdown (its parser reads drawn grid tables too). Then a standard table
    drawn with box characters (rule lines of ``─`` or ``+---`` with rows between them, printing
    the table's own words: a framed note or a bordered menu is no reason to read the rest as a
    drawing), even indented with tabs. Then tabs: the seed shape and pasted rows carry cells
    behind tabs, which neither Markdown nor layout text uses. Then Markdown: a pipe-table
    delimiter row, two ``#`` headings or more, or one with a ``<table>`` block. Then layout text:
    rows of numbers standing in columns after runs of spaces (form feeds alone are not
    enough: a dump of running text has them too). Anything else is read as the seed
    shape, whose parser keeps unknown lines as paragraphs (the crawler-flattened pages of
    ../shared/corpus stay there).
    """
    return _classify(text, suffix)[0]


def _classify(text: str, suffix: str) -> tuple[Shape, list[Block] | None]:
    """The text's shape, and for a drawn table the blocks read on the way (they are read once).

    ``("boxes", None)``: drawings too large to read (:data:`~gi_extract.grid.MAX_CELLS`).
    """
    if suffix.lower() in (".md", ".markdown"):
        return "markdown", None
    if has_boxes(text):
        if drawn_cells(text) > MAX_CELLS:
            return "boxes", None
        from ..template import registry

        blocks = parse_boxes(text)
        if any(isinstance(b, Grid) and registry().prints_a_table("".join(b.text().split())) for b in blocks):
            return "boxes", blocks
    if len(_TAB_LINE.findall(text)) >= MIN_SHAPE_LINES:
        return "seed", None
    headings = len(_MD_HEADING.findall(text))
    if _MD_DELIMITER.search(text) or headings >= 2 or (headings and _HTML_TABLE.search(text)):
        return "markdown", None
    if len(_LAYOUT_ROW.findall(text)) >= MIN_SHAPE_LINES and not _spaced_rows(text):
        return "layout", None
    return "seed", None


def _spaced_rows(text: str) -> bool:
    """Whether the text's rows print their numbers one space apart more often than in columns.

    pypdf's default text keeps a justified line's wide gaps (``职能类信息      25      条``) and a
    blank cell's no-break spaces (``0  \u00a0  0``): enough lines of numbers after a gap to look like
    layout text. But its rows print their numbers a space apart (``1.  属于国家秘密      0 0 0 0 0 0 0``),
    where layout text sets them in columns; read as layout text, table 二's rows, whose labels and
    numbers it does not align, were lost (r016's pypdf text).
    """
    gaps = sum(1 for line in text.split("\n") if _COLUMN_GAP.search(line))
    return len(_SPACED_RUN.findall(text)) > gaps


def _looks_binary(text: str) -> bool:
    """Control characters other than tab/newline in more than 1% of the text."""
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return bad > max(3, len(sample) // 100)


def parse_text(text: str) -> list[Block]:
    """Split text into Paragraph and Grid blocks (see the module docstring for the shape)."""
    blocks: list[Block] = []
    rows: list[list[RawCell]] = []
    row: list[RawCell] = []
    tsv = False
    row_open = False  # the last line was a cell or its continuation
    runs_on: bool | None = None  # whether the open cell's text goes on, decided at its first continuation

    def end_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
        row = []

    def end_table() -> None:
        nonlocal rows, tsv
        end_row()
        if rows:
            grid = layout(rows, index=sum(isinstance(b, Grid) for b in blocks))
            grid.aligned = False
            blocks.append(grid)
        rows = []
        tsv = False

    # a form feed ends its page's last line: a page's text joined to the next with one (``"\f".join``, as
    # a script writes pdfplumber's or pypdf's pages) glues that line to the next page's first otherwise
    lines = re.sub(r"\n?\f", "\n", _BOOKMARK.sub("", text).replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    for n, line in enumerate(lines):
        inner = line[1:] if line.startswith("\t") else line
        if "\t" in inner:
            if not tsv:
                end_table()
                tsv = True
            if len(rows) <= MAX_ROWS:  # layout cuts at MAX_ROWS; rows past it need not be built
                cells = line.split("\t", MAX_COLUMNS)[: MAX_COLUMNS + 1]
                rows.append([RawCell(c, source_row=len(rows), source_col=i) for i, c in enumerate(cells)])
            row_open = False
        elif line.startswith("\t"):
            if tsv:
                end_table()
            if len(row) <= MAX_COLUMNS and len(rows) <= MAX_ROWS:
                row.append(RawCell(inner, source_row=len(rows), source_col=len(row)))
            row_open, runs_on = True, None
        elif not line.strip():
            if tsv:
                end_table()
            end_row()
            row_open = False
            if not rows and line.strip(" \t") == BLANK_CELL and blocks and isinstance(blocks[-1], Paragraph):
                blocks.append(Paragraph(BLANK_CELL))  # a cell left blank, one cell per line (LibreOffice's text)
        elif row_open and row and (runs_on := _row_goes_on(lines, n) if runs_on is None else runs_on):
            _extend(row[-1], line)
        elif rows and not row and not tsv and _stray_cell_text(lines, n):
            _extend(rows[-1][-1], line, gap=_blank_run(lines, n))
        else:
            end_table()
            blocks.append(Paragraph(line.strip()))
    end_table()
    return blocks


BLANK_CELL = "\xa0"
"""A paragraph that stands for a blank cell: LibreOffice's text export prints a table one cell per
line and a blank cell as a line of one no-break space, which :mod:`gi_extract.mapping.glued` reads
as a cell printed blank (0) where plain empty lines carry nothing."""
MAX_STRAY_CHARS = 12
"""A short line between two rows of a table is the tail of the cell before it, not a paragraph."""


MAX_CELL_LINES = 60
"""How far a cell's text may run before the row ends (a blank line) or the next row opens (a tab)."""


def _row_goes_on(lines: list[str], n: int) -> bool:
    """True when line ``n``, a cell's first line of more text, starts text that ends soon (a blank or tab-led line).

    In the seed shape a cell's paragraphs run on until the blank line ending the row (a label
    written one character per paragraph takes a few dozen). A page copied from a browser may
    lead one line with a tab (``\t发布日期：…``) and have no blank line at all: without this
    bound the whole report would be that one cell's text. Decided once per cell, so a long
    cell is joined whole or not at all.
    """
    for k in range(n + 1, min(n + 1 + MAX_CELL_LINES, len(lines))):
        if lines[k].startswith("\t") or not lines[k].strip():
            return True
    return n + 1 >= len(lines)


def _stray_cell_text(lines: list[str], n: int) -> bool:
    """True when line ``n`` sits between table rows: short, and the table resumes after it.

    Word cells holding empty paragraphs (``<p><br/></p>`` in the source page) print blank
    lines inside a cell, which look like the end of a row; the value after them belongs
    to the cell before the blank lines.
    """
    if len(lines[n].strip()) > MAX_STRAY_CHARS:
        return False
    for k in range(n + 1, len(lines)):  # indices, not a slice: a copy of the rest per line was quadratic
        later = lines[k]
        if later.startswith("\t"):
            return True
        if later.strip() and len(later.strip()) > MAX_STRAY_CHARS:
            return False
    return False


def _blank_run(lines: list[str], n: int) -> int:
    """How many blank lines stand right before line ``n``."""
    k = 0
    while n - k - 1 >= 0 and not lines[n - k - 1].strip():
        k += 1
    return k


def _extend(cell: RawCell, line: str, gap: int = 0) -> None:
    """Add one more line of text to the cell (after ``gap`` blank lines)."""
    cell.text += "\n" * (gap + 1) + line
