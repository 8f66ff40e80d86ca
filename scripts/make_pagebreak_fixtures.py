"""Reports whose table 三 or 四 breaks across a page at a chosen row: the PDF layouts that lose rows.

Each layout is a whole short report (python-docx, converted by LibreOffice as in
make_pdf_fixtures.py) in which one table starts on a fresh page below a spacer paragraph of
exact height, so that the page ends right under the row the layout names (or halfway through
the next row). Around that break the layout varies what publishers' PDFs vary:

- ``border``: ``ruled`` (the break is drawn on both pages), ``open`` (no line under the last row
  of the first page, as WPS prints it; the next page opens with a line) or ``none`` (no line on
  either side of the break);
- ``header``: the table's header rows repeated on the next page (``w:tblHeader``) or not;
- ``cut``: the row after the break may split (its first line ends the page, the rest of its
  label opens the next) instead of moving whole (``w:cantSplit``);
- ``end_open``: the table's last row has no bottom border (a Word report's table 四 value row);
- ``centred``: table 三's group cells centred vertically (``w:vAlign``), as most reports print them;
- ``joined``: two rows with no line between them (table 二 or 三), so the rulings make them one row.

A break inside a group (after ``1.本机关不掌握相关政府信息``, say) leaves the group cell's label on
the first page and its other sub-rows on the next. Every report prints different numbers (seeded
by the layout's name, consistent with the template's arithmetic), so a row lost or shifted shows.

The spacer is computed from a calibration print (the table on a page tall enough to hold it
whole: row boundaries) and checked on the real print: :func:`measure` reads each PDF's strokes
with pdfium (rows on the first page from the rulings' extent; lines at the break, at the end and
between joined rows; the header repeated or not) and a layout whose break lands elsewhere is moved
by the difference and printed again. LibreOffice draws a line at a break under cells a merge
carries over it whatever their borders say, so the ``open`` and ``none`` breaks have their lines
taken out of the PDF (:func:`erase_rules`), and are measured again. A layout that still does not
show what its name says stops the run.

Run: ``.venv/bin/python scripts/make_pagebreak_fixtures.py`` writes the committed selection
(:data:`COMMITTED`) to fixtures/pdf_breaks/; ``--all DIR`` writes every layout of
:func:`all_layouts` (181 of them) to DIR, for score.py. Needs ``soffice`` and a CJK font, like
make_pdf_fixtures.py.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_pdf_fixtures import (
    AGENCY,
    COLS,
    FILLER,
    FONT,
    GROUPS,
    INTRO,
    RESULTS,
    T3_ROWS,
    T4_COLS,
    TITLE,
    YEAR,
    fixed_widths,
    page_number_footer,
)

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "pdf_breaks"
T3_HEADER_ROWS = 3
T4_HEADER_ROWS = 3
T3_ROW_COUNT = T3_HEADER_ROWS + len(T3_ROWS)
T4_ROW_COUNT = 4
T2_ROW_COUNT = 14
PAGE_W, PAGE_H = Cm(21), Cm(29.7)
TALL_H = Pt(1600)
"""The calibration page: tall enough for table 三 whole, so its row boundaries can be measured."""
SLACK = 4.0
"""Points left between the last row of the first page and the page's bottom margin."""
TOLERANCE = 2.0


@dataclass(frozen=True)
class Layout:
    """How one report breaks its table: which table, after which grid row, and what is drawn there."""

    table: str
    """``t3`` or ``t4``."""
    after: int
    """Grid row (0-based, header rows counted) printed last on the first page; with ``cut`` the next row
    starts on that page too."""
    border: str = "ruled"
    header: bool = False
    cut: bool = False
    end_open: bool = False
    centred: bool = False
    joined: tuple[tuple[str, int], ...] = ()
    """``(table, grid row)``: rows printed without the line under them (nor over the next row), so the
    table finder sees the two rows as one tall row; on the first page of a broken table."""

    @property
    def name(self) -> str:
        flags = "".join(
            f"_{flag}"
            for flag, on in (("hdr", self.header), ("cut", self.cut), ("end", self.end_open), ("mid", self.centred))
            if on
        )
        flags += "".join(f"_join{table[1]}r{row:02d}" for table, row in self.joined)
        return f"{self.table}_after{self.after:02d}_{self.border}{flags}"

    def joined_rows(self, table: str) -> list[int]:
        return [row for t, row in self.joined if t == table]

    @property
    def rows(self) -> int:
        return T3_ROW_COUNT if self.table == "t3" else T4_ROW_COUNT


# -- numbers ----------------------------------------------------------------------------------------


def report_values(seed: str) -> dict[str, Any]:
    """Numbers for the three tables, different in every report, that satisfy the template's sums.

    Most cells are not 0, so a row lost or moved changes numbers the score sees; the zeros of
    the ``denied.*`` rows are printed blank (a cell printed empty must stay a cell).
    """
    rnd = random.Random(hashlib.sha256(seed.encode()).digest())
    parts = COLS[:-1]
    t2: dict[str, dict[str, int | float]] = {
        "rules": {"issued": rnd.randint(0, 3), "repealed": rnd.randint(0, 2), "in_force": rnd.randint(3, 30)},
        "normative_documents": {"issued": rnd.randint(1, 9), "repealed": rnd.randint(0, 3), "in_force": 42},
        "licensing": {"decisions": rnd.randint(100, 3000)},
        "punishment": {"decisions": rnd.randint(10, 900)},
        "enforcement": {"decisions": rnd.randint(1, 90)},
        "fees": {"amount_wan_yuan": float(rnd.randint(0, 99))},
    }
    keys = [key for key, _, _ in T3_ROWS]
    results = [k for k in keys if k not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    apps: dict[str, dict[str, int]] = {k: {} for k in keys}
    for col in parts:
        for k in results:
            apps[k][col] = rnd.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 0])
        apps["total_processed"][col] = sum(apps[k][col] for k in results)
        apps["carried_over"][col] = rnd.randint(0, 4)
        apps["carried_forward"][col] = rnd.randint(0, 4)
        apps["new_received"][col] = apps["total_processed"][col] + apps["carried_forward"][col]
        apps["new_received"][col] -= apps["carried_over"][col]
    for k in keys:
        apps[k]["total"] = sum(apps[k][c] for c in parts)
    t4: dict[str, dict[str, int]] = {}
    for key in ("administrative_review", "litigation_direct", "litigation_after_review"):
        vals = [rnd.randint(0, 6) for _ in range(4)]
        t4[key] = dict(zip(T4_COLS, [*vals, sum(vals)], strict=True))
    return {"active_disclosure": t2, "applications": apps, "reviews_litigation": t4}


def truth(layout: Layout, values: dict[str, Any]) -> dict[str, Any]:
    """The corpus truth shape score.py reads."""
    return {
        "title": TITLE,
        "agency": AGENCY,
        "year": YEAR,
        "template": "2021",
        "tables": values,
        "known_errors": [],
        "notes": [describe(layout)],
    }


def describe(layout: Layout) -> str:
    what = {"t3": "Table 三", "t4": "Table 四"}[layout.table]
    parts = [f"{what} breaks across a page after grid row {layout.after}"]
    if layout.cut:
        parts.append("the next row cut in two by the break")
    parts.append(
        {
            "ruled": "the break ruled on both pages",
            "open": "no line under the first page's last row",
            "none": "no line on either side of the break",
        }[layout.border]
    )
    parts.append("header rows repeated" if layout.header else "header rows not repeated")
    if layout.end_open:
        parts.append("the table's last row without a bottom border")
    for table, row in layout.joined:
        parts.append(f"no line between grid rows {row} and {row + 1} of table {'二三四'[int(table[1]) - 2]}")
    if layout.centred:
        parts.append("group cells centred vertically")
    return "; ".join(parts) + "."


# -- the document ------------------------------------------------------------------------------------


def _no_border(tc: Any, side: str) -> None:
    """Remove one side of a cell's border (``w:tcBorders/w:<side> w:val="nil"``)."""
    pr = tc.get_or_add_tcPr()
    borders = pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        pr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "nil")
    borders.append(edge)


def _row_flag(table: Table, r: int, flag: str) -> None:
    """Set a row property such as ``w:cantSplit`` or ``w:tblHeader``."""
    pr = table.rows[r]._tr.get_or_add_trPr()
    pr.append(OxmlElement(f"w:{flag}"))


class Cells:
    """A python-docx table's cells by grid position, its merges made first.

    python-docx's ``Table.cell`` lays the whole grid out again at every call (a report took a
    second to write); here the grid is laid out once, after the merges.
    """

    def __init__(self, table: Table, merges: Iterable[tuple[int, int, int, int]]) -> None:
        for r, c, r2, c2 in merges:
            table.cell(r, c).merge(table.cell(r2, c2))
        self.grid = table._cells
        self.width = len(table.columns)

    def put(self, r: int, c: int, text: str) -> None:
        self.grid[r * self.width + c].text = text

    def centre(self, r: int, c: int) -> None:
        align = OxmlElement("w:vAlign")
        align.set(qn("w:val"), "center")
        self.grid[r * self.width + c]._tc.get_or_add_tcPr().append(align)


def _borderless_between(table: Table, row: int) -> None:
    """No line between ``row`` and the row below it (both cells' sides, as Word resolves shared borders)."""
    for tc in table.rows[row]._tr.tc_lst:
        _no_border(tc, "bottom")
    for tc in table.rows[row + 1]._tr.tc_lst:
        _no_border(tc, "top")


def _shape(table: Table, layout: Layout, header_rows: int, name: str) -> None:
    """Rows kept whole (but the one to cut), repeated header rows, and the lines the layout leaves out.

    ``name`` is the table's (``t2``, ``t3``, ``t4``); only the layout's own table breaks.
    """
    n = len(table.rows)
    for row in layout.joined_rows(name):
        _borderless_between(table, row)
    mine = layout.table == name
    for r in range(n):
        if not (mine and layout.cut and r == layout.after + 1):
            _row_flag(table, r, "cantSplit")
        if mine and layout.header and r < header_rows:
            _row_flag(table, r, "tblHeader")
    if not mine:
        return
    if layout.border == "open":
        for tc in table.rows[layout.after]._tr.tc_lst:
            _no_border(tc, "bottom")
    elif layout.border == "none":
        _borderless_between(table, layout.after)
    if layout.end_open:
        for tc in table.rows[n - 1]._tr.tc_lst:
            _no_border(tc, "bottom")


def _number(value: int | float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def add_t2(doc: Any, values: dict[str, dict[str, int | float]], layout: Layout) -> None:
    """Table 二 in the 2021 format (make_pdf_fixtures.add_t2's layout), this report's numbers."""
    t = doc.add_table(rows=T2_ROW_COUNT, cols=4, style="Table Grid")
    fixed_widths(t, [4.5, 3.5, 3.5, 3.5])
    blocks = [
        (4, "第二十条第（五）项", "本年处理决定数量", [("行政许可", "licensing", "decisions")]),
        (
            7,
            "第二十条第（六）项",
            "本年处理决定数量",
            [("行政处罚", "punishment", "decisions"), ("行政强制", "enforcement", "decisions")],
        ),
        (11, "第二十条第（八）项", "本年收费金额（单位：万元）", [("行政事业性收费", "fees", "amount_wan_yuan")]),
    ]
    merges = [(0, 0, 0, 3)]
    for top, _, _, rows in blocks:
        merges += [(top, 0, top, 3), (top + 1, 1, top + 1, 3)]
        merges += [(r, 1, r, 3) for r in range(top + 2, top + 2 + len(rows))]
    cells = Cells(t, merges)
    cells.put(0, 0, "第二十条第（一）项")
    for c, text in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        cells.put(1, c, text)
    for r, (label, key) in enumerate([("规章", "rules"), ("行政规范性文件", "normative_documents")], start=2):
        cells.put(r, 0, label)
        for c, col in enumerate(["issued", "repealed", "in_force"], start=1):
            cells.put(r, c, _number(values[key][col]))
    for top, caption, head, rows in blocks:
        cells.put(top, 0, caption)
        cells.put(top + 1, 0, "信息内容")
        cells.put(top + 1, 1, head)
        for r, (label, key, col) in enumerate(rows, start=top + 2):
            cells.put(r, 0, label)
            cells.put(r, 1, _number(values[key][col]))
    _shape(t, layout, 0, "t2")


def add_t3(doc: Any, values: dict[str, dict[str, int]], layout: Layout) -> None:
    """Table 三 with the official merges (make_pdf_fixtures.add_t3's layout), this report's numbers."""
    t = doc.add_table(rows=T3_ROW_COUNT, cols=10, style="Table Grid")
    fixed_widths(t, [0.8, 2.2, 5.0, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2])
    top_rows = ("new_received", "carried_over", "carried_forward")
    grouped = {i for _, start, end in GROUPS for i in range(start, end)}
    merges = [(0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9), (5, 0, T3_ROW_COUNT - 2, 0)]
    merges += [(T3_HEADER_ROWS + start, 1, T3_HEADER_ROWS + end - 1, 1) for _, start, end in GROUPS]
    for i, (key, _, _) in enumerate(T3_ROWS):
        r = T3_HEADER_ROWS + i
        if key in top_rows:
            merges.append((r, 0, r, 2))
        elif i not in grouped:
            merges.append((r, 1, r, 2))
    cells = Cells(t, merges)
    cells.put(0, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    cells.put(0, 3, "申请人情况")
    cells.put(1, 3, "自然人")
    cells.put(1, 4, "法人或其他组织")
    cells.put(1, 9, "总计")
    for c, text in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], start=4):
        cells.put(2, c, text)
    cells.put(5, 0, "三、本年度办理结果")
    for g_label, start, _ in GROUPS:
        cells.put(T3_HEADER_ROWS + start, 1, g_label)
        if layout.table == "t3" and layout.centred:
            cells.centre(T3_HEADER_ROWS + start, 1)
    for i, (key, label, _) in enumerate(T3_ROWS):
        r = T3_HEADER_ROWS + i
        cells.put(r, 0 if key in top_rows else 2 if i in grouped else 1, label)
        for c, col in enumerate(COLS, start=3):
            v = values[key][col]
            cells.put(r, c, "" if key.startswith("denied.") and v == 0 else str(v))
    _shape(t, layout, T3_HEADER_ROWS, "t3")


def add_t4(doc: Any, values: dict[str, dict[str, int]], layout: Layout) -> None:
    """Table 四: 15 numbers under a three-level header."""
    t = doc.add_table(rows=T4_ROW_COUNT, cols=15, style="Table Grid")
    fixed_widths(t, [17.0 / 15] * 15)
    merges = [(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)] + [(1, c, 2, c) for c in range(5)]
    cells = Cells(t, merges)
    cells.put(0, 0, "行政复议")
    cells.put(0, 5, "行政诉讼")
    for c, text in enumerate(RESULTS):
        cells.put(1, c, text)
    cells.put(1, 5, "未经复议直接起诉")
    cells.put(1, 10, "复议后起诉")
    for c, text in enumerate(RESULTS * 2, start=5):
        cells.put(2, c, text)
    numbers = [values[key][col] for key in values for col in T4_COLS]
    for c, v in enumerate(numbers):
        cells.put(3, c, str(v))
    _shape(t, layout, T4_HEADER_ROWS, "t4")


def spacer(doc: Any, height: float) -> None:
    """An empty paragraph exactly ``height`` points tall: it moves the table down the page."""
    fmt = doc.add_paragraph().paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(height, 1.0))


def heading(doc: Any, text: str, new_page: bool) -> None:
    doc.add_paragraph(text).paragraph_format.page_break_before = new_page


def report(layout: Layout, space: float, *, tall: bool = False) -> Any:
    """The whole report; the layout's table opens a fresh page below ``space`` points of spacer."""
    values = report_values(layout.name)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.widow_control = False  # else a two-line label never splits over a page
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, TALL_H if tall else PAGE_H
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    title = doc.add_paragraph(TITLE)
    title.alignment = 1
    doc.add_paragraph(INTRO)
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph(FILLER * 2)
    doc.add_paragraph("二、主动公开政府信息情况")
    add_t2(doc, values["active_disclosure"], layout)
    for table, text in (("t3", "三、收到和处理政府信息公开申请情况"), ("t4", "四、政府信息公开行政复议、行政诉讼情况")):
        mine = layout.table == table
        heading(doc, text, new_page=mine)
        if mine:
            spacer(doc, space)
        add = add_t3 if table == "t3" else add_t4
        add(doc, values["applications" if table == "t3" else "reviews_litigation"], layout)
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph(FILLER)
    doc.add_paragraph("六、其他需要报告的事项")
    doc.add_paragraph("本年度未收取信息处理费。")
    page_number_footer(doc)
    return doc


# -- converting and measuring ---------------------------------------------------------------------------


def convert(docs: dict[str, Any], work: Path) -> dict[str, Path]:
    """Save and convert many documents with one LibreOffice run (its start-up is most of the cost).

    LibreOffice runs with a profile of its own under ``work``: a second instance sharing the
    user's profile would hand its files to the first one, or fail, when another conversion runs.
    """
    paths = []
    for name, doc in docs.items():
        path = work / f"{name}.docx"
        doc.save(str(path))
        paths.append(str(path))
    if paths:
        profile = f"-env:UserInstallation={(work / 'profile').resolve().as_uri()}"
        cmd = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(work), *paths]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    return {name: work / f"{name}.pdf" for name in docs}


HEADINGS = {"t2": "二、主动公开", "t3": "三、收到和处理", "t4": "四、政府信息公开行政"}
HEADER_PROBE = {"t2": "信息内容", "t3": "申请人情况", "t4": "行政复议"}


@dataclass(frozen=True)
class Stroke:
    """A ruling as LibreOffice draws it (one path per line), in top-down page coordinates."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def vertical(self) -> bool:
        return self.x1 - self.x0 < TOLERANCE < self.bottom - self.top

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top < TOLERANCE < self.x1 - self.x0

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Frame:
    """The table's rulings on one page: its box, and the heights of its horizontal lines."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    lines: list[float]
    strokes: list[Stroke]
    """Its horizontal rulings (``lines`` are their heights)."""


def _strokes(page: Any) -> list[Stroke]:
    height = page.get_height()
    out = []
    for obj in page.get_objects():
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = obj.get_bounds()
            out.append(Stroke(left, height - top, right, height - bottom))
    return out


def _find(page: Any, words: str) -> list[float]:
    """Where ``words`` are printed on the page: the top-down top of each occurrence's first character."""
    text = page.get_textpage()
    search = text.search(words)
    out = []
    while (found := search.get_next()) is not None:
        _, _, _, top = text.get_charbox(found[0])
        out.append(page.get_height() - top)
    return out


def frames(pdf_path: Path, table: str) -> tuple[Frame | None, Frame | None, bool]:
    """The table's ruled frames on its heading's page and the next, and whether the next repeats its header.

    The table is the ruled block after the heading (on the heading's page: the first block below
    it; on the next page: the first block); None where a page has none. A frame is the first
    connected run of vertical lines. Measured with pdfium (the PDF engine pypdfium2 wraps): it
    reads a page's drawing in a fraction of pdfplumber's time.
    """
    out: list[Frame | None] = []
    again = False
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        start = next((n for n, page in enumerate(pdf, start=1) if _find(page, HEADINGS[table])), None)
        if start is None:
            raise ValueError(f"{pdf_path.name}: no heading {HEADINGS[table]!r}")
        for number in (start, start + 1):
            if number > len(pdf):
                out.append(None)
                continue
            page = pdf[number - 1]
            floor = _find(page, HEADINGS[table])[0] if number == start else 0.0
            strokes = [s for s in _strokes(page) if s.top >= floor]
            vs = sorted((s for s in strokes if s.vertical), key=lambda s: s.top)
            if not vs:
                out.append(None)
                continue
            top = bottom = vs[0].top
            block = []
            for v in vs:
                if v.top > bottom + TOLERANCE and bottom > top:
                    break
                bottom = max(bottom, v.bottom)
                block.append(v)
            hs = [h for h in strokes if h.horizontal and top - TOLERANCE <= h.middle <= bottom + TOLERANCE]
            ys = sorted({round(h.middle, 1) for h in hs})
            out.append(Frame(number, min(v.x0 for v in block), max(v.x1 for v in block), top, bottom, ys, hs))
            if number == start + 1:
                again = any(top <= y <= bottom for y in _find(page, HEADER_PROBE[table]))
    finally:
        pdf.close()
    return out[0], out[1], again


def boundaries(pdf_path: Path, table: str, rows: int) -> tuple[list[float], float]:
    """Row boundaries (offsets from the table's top) of a table printed whole on one tall page, and its top."""
    frame = frames(pdf_path, table)[0]
    if frame is None:
        raise ValueError(f"{pdf_path.name}: no table under the heading")
    ys = [y - frame.top for y in frame.lines]
    if len(ys) != rows + 1:
        raise ValueError(f"{pdf_path.name}: {len(ys)} row lines for {rows} rows")
    return ys, frame.top


@dataclass
class Measured:
    """What a printed layout actually shows around its break."""

    rows_first: float
    """Rows on the first page, from the frame's height (a half for a row cut by the break)."""
    line_under: bool
    line_over: bool
    line_at_end: bool
    header_again: bool
    joined_open: bool = True
    """No ruling runs under the value columns between each pair of joined rows."""


Calibration = dict[str, list[float]]
"""Per table, its row boundaries (offsets from its top) printed whole."""


def measure(pdf_path: Path, layout: Layout, calib: Calibration) -> Measured:
    """Measure the break of a printed layout against the calibrated row boundaries."""
    bounds = calib[layout.table]
    first, second, again = frames(pdf_path, layout.table)
    if first is None or second is None:  # the table moved to the next page, or fits on its first page
        return Measured(0.0 if first is None else float(layout.rows), False, False, False, False)
    height = first.bottom - first.top
    rows = 0.0
    for k in range(1, len(bounds)):
        if bounds[k] <= height + TOLERANCE:
            rows = float(k)
    if rows < len(bounds) - 1 and height - bounds[int(rows)] > TOLERANCE:
        rows += 0.5
    under = any(abs(y - first.bottom) <= TOLERANCE for y in first.lines)
    over = any(abs(y - second.top) <= TOLERANCE for y in second.lines)
    end = any(abs(y - second.bottom) <= TOLERANCE for y in second.lines)
    joined = True
    for table, row in layout.joined:
        frame = first if table == layout.table else frames(pdf_path, table)[0]
        if frame is None:
            return Measured(rows, under, over, end, again, False)
        y = frame.top + calib[table][row + 1]
        joined &= not any(abs(h.middle - y) <= TOLERANCE and h.x1 >= frame.x1 - TOLERANCE for h in frame.strokes)
    return Measured(rows, under, over, end, again, joined)


def intended(layout: Layout) -> Measured:
    """What :func:`measure` must find for the layout."""
    rows = layout.after + 1 + (0.5 if layout.cut else 0.0)
    return Measured(rows, layout.border == "ruled", layout.border != "none", not layout.end_open, layout.header)


def erase_rules(pdf_path: Path, cuts: Sequence[tuple[int, float, float, float]]) -> None:
    """Remove the horizontal rulings drawn at ``(page, y, x0, x1)`` from the PDF.

    LibreOffice draws a line at a page break under every cell that a merge carries over the
    break, whatever the cell's border says; a WPS print draws none. The line is taken out of
    the PDF itself (pdfium rewrites the page's content stream), so the page shows the break
    as WPS prints it.
    """
    pdf = pdfium.PdfDocument(str(pdf_path))
    for number, y, x0, x1 in cuts:
        page = pdf[number - 1]
        height = page.get_height()
        for obj in list(page.get_objects()):
            if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            left, bottom, right, top = obj.get_bounds()
            flat = top - bottom < TOLERANCE
            if flat and abs(height - top - y) <= TOLERANCE and left >= x0 - TOLERANCE and right <= x1 + TOLERANCE:
                page.remove_obj(obj)
        page.gen_content()
    tmp = pdf_path.with_suffix(".tmp.pdf")
    pdf.save(str(tmp))
    pdf.close()
    tmp.replace(pdf_path)


def open_break(pdf_path: Path, layout: Layout) -> None:
    """Take the rulings at the break out of a printed layout, as its ``border`` says."""
    if layout.border == "ruled":
        return
    first, second, _ = frames(pdf_path, layout.table)
    assert first is not None and second is not None, "measured before"
    cuts = [(first.page, first.bottom, first.x0, first.x1)]
    if layout.border == "none":
        cuts.append((second.page, second.top, second.x0, second.x1))
    erase_rules(pdf_path, cuts)


def build(layouts: Sequence[Layout], out: Path, work: Path, rounds: int = 4) -> dict[str, Path]:
    """Print every layout into ``out`` (PDF and truth file), each checked to have its intended break.

    Raises when a layout still misses its break after ``rounds`` prints: a fixture that does not
    show what its name says would test nothing.
    """
    out.mkdir(parents=True, exist_ok=True)
    calib: Calibration = {}
    tops: dict[str, float] = {}
    probe = {t: Layout(t, 0) for t in ("t3", "t4")}
    pdfs = convert({f"calib_{t}": report(lay, 1.0, tall=True) for t, lay in probe.items()}, work)
    for t, lay in probe.items():
        calib[t], tops[t] = boundaries(pdfs[f"calib_{t}"], t, lay.rows)
    calib["t2"] = boundaries(pdfs["calib_t3"], "t2", T2_ROW_COUNT)[0]
    heights = [b - a for a, b in itertools.pairwise(calib["t3"])]
    single = min(heights)
    if any(heights[r] < 1.5 * single for r in CUT_ROWS):
        raise ValueError(f"CUT_ROWS no longer wrap: row heights {heights}")
    body_bottom = PAGE_H.pt - Cm(2.5).pt
    space = {}
    for lay in layouts:
        bounds = calib[lay.table]
        room = bounds[lay.after + 1] - bounds[0]
        if lay.cut:  # all of the next row but half of its last line: its last line goes over
            room += bounds[lay.after + 2] - bounds[lay.after + 1] - single / 2
        else:
            room += SLACK
        space[lay.name] = body_bottom - tops[lay.table] - room + 1.0
    pending = list(layouts)
    done: dict[str, Path] = {}
    wrong: list[str] = []
    for _ in range(rounds):
        if not pending:
            break
        pdfs = convert({lay.name: report(lay, space[lay.name]) for lay in pending}, work)
        retry = []
        for lay in pending:
            bounds = calib[lay.table]
            want = intended(lay)
            got = measure(pdfs[lay.name], lay, calib)
            if got.rows_first != want.rows_first:
                # the page ended elsewhere: move the table by the height of the rows it is off
                have, need = int(got.rows_first), int(want.rows_first)
                space[lay.name] += bounds[have] - bounds[need]
                retry.append(lay)
                continue
            open_break(pdfs[lay.name], lay)
            got = measure(pdfs[lay.name], lay, calib)
            if got != want:
                wrong.append(f"{lay.name}: printed {got}, wanted {want}")
                continue
            shutil.copy(pdfs[lay.name], out / f"{lay.name}.pdf")
            text = json.dumps(truth(lay, report_values(lay.name)), ensure_ascii=False, indent=1) + "\n"
            (out / f"{lay.name}.truth.json").write_text(text, encoding="utf-8")
            done[lay.name] = out / f"{lay.name}.pdf"
        pending = retry
    wrong += [f"{lay.name}: never broke after row {lay.after}" for lay in pending]
    if wrong:
        raise ValueError("layouts not printed as intended:\n" + "\n".join(wrong))
    return done


# -- which layouts ---------------------------------------------------------------------------------------


CUT_ROWS = (6, 8, 15, 16, 22, 23, 24)
"""Grid rows of table 三 whose label wraps onto two or three lines at these column widths, so a page
break can cut them in two (checked against the calibration print in :func:`build`)."""


def all_layouts() -> list[Layout]:
    """Every break position of both tables with every border, with and without repeated header rows
    (where rows other than the header follow it: LibreOffice moves a table whose first page would hold
    its repeated header alone); rows cut in two; centred group cells; tables whose last row is open;
    rows joined by a missing line (in tables 二 and 三, across a group boundary, at the page end)."""
    out = []
    for table, rows, head in (("t3", T3_ROW_COUNT, T3_HEADER_ROWS), ("t4", T4_ROW_COUNT, T4_HEADER_ROWS)):
        for after in range(rows - 1):
            for border in ("ruled", "open", "none"):
                for header in (False, True) if after >= head else (False,):
                    out.append(Layout(table, after, border, header))
    for r in CUT_ROWS:
        for border in ("ruled", "open"):
            out.append(Layout("t3", r - 1, border, header=True, cut=True))
    for after in (6, 14, 18):
        out.append(Layout("t3", after, "open", centred=True))
    out.append(Layout("t4", 2, "ruled", end_open=True))
    out.append(Layout("t3", 20, "ruled", end_open=True))
    out.append(Layout("t3", 20, "open", joined=(("t3", 8), ("t2", 2))))
    out.append(Layout("t3", 24, "none", joined=(("t3", 13), ("t3", 3))))
    out.append(Layout("t3", 26, "ruled", joined=(("t3", 19), ("t3", 25), ("t2", 9))))
    out.append(Layout("t3", 16, "open", header=True, joined=(("t3", 15),)))
    return out


def sample_layouts() -> list[Layout]:
    """What the tests print at test time: every break position of both tables once (the border and
    header variants taken in turn), every row that can be cut in two, and each other kind once."""
    borders = ("ruled", "open", "none")
    out = [
        Layout("t3", after, borders[n % 3], header=after >= T3_HEADER_ROWS and n % 2 == 1)
        for n, after in enumerate(range(T3_HEADER_ROWS - 1, T3_ROW_COUNT - 1))
    ]
    out += [Layout("t4", after, borders[after % 3]) for after in range(T4_ROW_COUNT - 1)]
    out += [Layout("t3", r - 1, borders[n % 2], header=True, cut=True) for n, r in enumerate(CUT_ROWS)]
    out += [
        Layout("t3", 14, "none", centred=True),
        Layout("t3", 20, "ruled", end_open=True),
        Layout("t4", 2, "open", end_open=True),
        Layout("t3", 24, "none", joined=(("t3", 13), ("t3", 3))),
        Layout("t3", 26, "open", joined=(("t3", 19), ("t2", 9))),
    ]
    return out


COMMITTED = [
    Layout("t3", 15, "open"),
    Layout("t3", 15, "none", header=True),
    Layout("t3", 9, "ruled", header=True),
    Layout("t3", 22, "open", header=True, cut=True),
    Layout("t3", 6, "open", centred=True),
    Layout("t3", 26, "ruled", end_open=True),
    Layout("t4", 2, "open", end_open=True),
    Layout("t4", 1, "none"),
    Layout("t3", 16, "open", header=True, joined=(("t3", 15), ("t2", 2))),
]
"""The selection committed in fixtures/pdf_breaks/: each kind of break once. The breaks after rows
15, 9 and 6 leave a group cell's label on the first page; after row 15 the first page ends
with ``1.本机关不掌握相关政府信息`` and the next opens with ``2.没有现成信息需要另行制作`` (the WPS
report of issue #17)."""


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", type=Path, metavar="DIR", help="write every layout to DIR instead")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if shutil.which("soffice") is None:
        sys.exit(
            "soffice not found: install LibreOffice (e.g. apt-get install libreoffice-writer-nogui fonts-noto-cjk)"
        )
    layouts = all_layouts() if args.all else COMMITTED
    target = args.all or OUT
    with tempfile.TemporaryDirectory() as tmp:
        done = build(layouts, target, Path(tmp))
    for path in done.values():
        shown = path.relative_to(OUT.parent.parent) if path.is_relative_to(OUT.parent.parent) else path
        print(f"{shown}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
