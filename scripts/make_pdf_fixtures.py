"""Build the PDF reader's fixtures in fixtures/pdf/: real LibreOffice PDFs of small DOCX reports.

Each case is a DOCX written here with python-docx (the 2021-format tables 二, 三, 四 with the
official merges), converted by LibreOffice exactly as::

    soffice --headless --convert-to pdf --outdir OUT FILE.docx

and saved with a ``.truth.json`` holding the values printed in it (same shape as the corpus
truth files). Cases: ``ruled`` (bordered tables, some cells printed blank), ``borderless``
(the same tables without any border), ``split`` (a long introduction pushes table 三 over a
page break; ``- N -`` page numbers in the footer), ``landscape`` (a landscape section),
``browser`` (the HTML fixture ``official_2021`` printed by headless Chromium: its ``border="1"``
cell borders are bevelled, drawn as thin filled four-cornered polygons, curves to pdfplumber),
``webkit`` (the same page printed on A5 by wkhtmltopdf, whose pages show the whole document
through a window: the rulings of rows on other pages lie above and below the page box).
Error cases: ``encrypted`` (LibreOffice's PDF export with an open password), ``scanned``
(a page of ``ruled`` rendered to a JPEG by pdfium, put in a DOCX as a picture and converted,
so the PDF has no text layer) and ``rotated`` (the first page of ``ruled`` drawn turned by 90°
on a landscape page whose ``/Rotate`` turns it upright again, as scanners and some printers
write it; made with pdfium, the PDF engine pdfplumber's dependency pypdfium2 wraps).

Run: ``.venv/bin/python scripts/make_pdf_fixtures.py`` (needs ``soffice`` and a CJK font,
e.g. Debian's libreoffice-writer-nogui and fonts-noto-cjk).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
PASSWORD = "gi-extract"
ENCRYPT_FILTER = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    f'"DocumentOpenPassword":{{"type":"string","value":"{PASSWORD}"}}}}'
)
FONT = "Noto Serif CJK SC"

COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
T2 = {
    "rules": {"issued": 0, "repealed": 0, "in_force": 3},
    "normative_documents": {"issued": 5, "repealed": 1, "in_force": 42},
    "licensing": {"decisions": 1234},
    "punishment": {"decisions": 56},
    "enforcement": {"decisions": 7},
    "fees": {"amount_wan_yuan": 12.5},
}
# Table 三 rows: (key, label column 2 or 3 text, values). Zeros of the denied.* rows are printed blank.
T3_ROWS: list[tuple[str, str, list[int]]] = [
    ("new_received", "一、本年新收政府信息公开申请数量", [12, 3, 0, 1, 0, 2, 18]),
    ("carried_over", "二、上年结转政府信息公开申请数量", [2, 0, 0, 0, 0, 0, 2]),
    ("granted", "（一）予以公开", [5, 1, 0, 0, 0, 1, 7]),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [2, 0, 0, 0, 0, 0, 2]),
    ("denied.state_secret", "1.属于国家秘密", [0] * 7),
    ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", [0] * 7),
    ("denied.security_stability", "3.危及“三安全一稳定”", [0] * 7),
    ("denied.third_party_rights", "4.保护第三方合法权益", [1, 0, 0, 0, 0, 0, 1]),
    ("denied.internal_affairs", "5.属于三类内部事务信息", [0] * 7),
    ("denied.process_info", "6.属于四类过程性信息", [0] * 7),
    ("denied.enforcement_files", "7.属于行政执法案卷", [0] * 7),
    ("denied.administrative_query", "8.属于行政查询事项", [0] * 7),
    ("unable.not_held", "1.本机关不掌握相关政府信息", [3, 1, 0, 1, 0, 0, 5]),
    ("unable.needs_creation", "2.没有现成信息需要另行制作", [0] * 7),
    ("unable.unclear_after_correction", "3.补正后申请内容仍不明确", [0] * 7),
    ("not_processed.petition_complaint", "1.信访举报投诉类申请", [0] * 7),
    ("not_processed.duplicate", "2.重复申请", [0] * 7),
    ("not_processed.publication", "3.要求提供公开出版物", [0] * 7),
    ("not_processed.abusive", "4.无正当理由大量反复申请", [0] * 7),
    ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", [0] * 7),
    ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("other.other", "3.其他", [1, 0, 0, 0, 0, 0, 1]),
    ("total_processed", "（七）总计", [12, 2, 0, 1, 0, 1, 16]),
    ("carried_forward", "四、结转下年度继续办理", [2, 1, 0, 0, 0, 1, 4]),
]
GROUPS = [("（三）不予公开", 4, 12), ("（四）无法提供", 12, 15), ("（五）不予处理", 15, 20), ("（六）其他处理", 20, 23)]
"""Group label and the T3_ROWS slice [start, end) of its numbered children."""
T4 = {
    "administrative_review": [1, 0, 0, 1, 2],
    "litigation_direct": [0, 1, 0, 0, 1],
    "litigation_after_review": [0, 0, 0, 0, 0],
}
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
AGENCY = "示例县人民政府"
YEAR = 2023
TITLE = f"{AGENCY}{YEAR}年政府信息公开工作年度报告"
INTRO = (
    "本报告根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据统计期限自"
    f"{YEAR}年1月1日起至{YEAR}年12月31日止。"
)
FILLER = (
    "全年围绕中心工作，持续深化政务公开，规范依申请公开办理流程，加强政府网站和政务新媒体管理，"
    "不断提升政府信息公开工作质量和实效。"
)


def truth(notes: list[str]) -> dict[str, Any]:
    """The values every case prints, in the corpus truth shape (blank cells count as 0)."""
    return {
        "title": TITLE,
        "agency": AGENCY,
        "year": YEAR,
        "template": "2021",
        "tables": {
            "active_disclosure": T2,
            "applications": {key: dict(zip(COLS, values, strict=True)) for key, _, values in T3_ROWS},
            "reviews_litigation": {key: dict(zip(T4_COLS, v, strict=True)) for key, v in T4.items()},
        },
        "known_errors": [],
        "notes": notes,
    }


def set_cell(table: Table, r: int, c: int, text: str, r2: int | None = None, c2: int | None = None) -> None:
    """Write ``text`` into cell (r, c), merged down/right to (r2, c2) when given."""
    cell = table.cell(r, c)
    if r2 is not None or c2 is not None:
        cell = cell.merge(table.cell(r if r2 is None else r2, c if c2 is None else c2))
    cell.text = text


def fixed_widths(table: Table, widths_cm: list[float]) -> None:
    """Give every column a fixed width so LibreOffice lays the table out as designed."""
    table.autofit = False
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        grid_col.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def add_t2(doc: Any, style: str | None) -> None:
    """Table 二 in the 2021 format: four blocks, each a caption row and a header row."""
    t = doc.add_table(rows=15, cols=4, style=style)
    fixed_widths(t, [4.5, 3.5, 3.5, 3.5])
    set_cell(t, 0, 0, "第二十条第（一）项", c2=3)
    for c, text in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        set_cell(t, 1, c, text)
    for r, (label, key) in enumerate([("规章", "rules"), ("行政规范性文件", "normative_documents")], start=2):
        set_cell(t, r, 0, label)
        for c, col in enumerate(["issued", "repealed", "in_force"], start=1):
            set_cell(t, r, c, str(T2[key][col]))
    set_cell(t, 4, 0, "第二十条第（五）项", c2=3)
    set_cell(t, 5, 0, "信息内容")
    set_cell(t, 5, 1, "本年处理决定数量", c2=3)
    set_cell(t, 6, 0, "行政许可")
    set_cell(t, 6, 1, str(T2["licensing"]["decisions"]), c2=3)
    set_cell(t, 7, 0, "第二十条第（六）项", c2=3)
    set_cell(t, 8, 0, "信息内容")
    set_cell(t, 8, 1, "本年处理决定数量", c2=3)
    for r, (label, key) in enumerate([("行政处罚", "punishment"), ("行政强制", "enforcement")], start=9):
        set_cell(t, r, 0, label)
        set_cell(t, r, 1, str(T2[key]["decisions"]), c2=3)
    set_cell(t, 11, 0, "第二十条第（八）项", c2=3)
    set_cell(t, 12, 0, "信息内容")
    set_cell(t, 12, 1, "本年收费金额（单位：万元）", c2=3)
    set_cell(t, 13, 0, "行政事业性收费")
    set_cell(t, 13, 1, str(T2["fees"]["amount_wan_yuan"]), c2=3)
    t._tbl.remove(t.rows[14]._tr)


def add_t3(doc: Any, style: str | None) -> None:
    """Table 三 with the official merges; the narrow first column prints 三、本年度办理结果 one character a line."""
    t = doc.add_table(rows=28, cols=10, style=style)
    fixed_widths(t, [0.8, 2.2, 5.0, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2])
    set_cell(t, 0, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 2, 2)
    set_cell(t, 0, 3, "申请人情况", c2=9)
    set_cell(t, 1, 3, "自然人", r2=2)
    set_cell(t, 1, 4, "法人或其他组织", c2=8)
    set_cell(t, 1, 9, "总计", r2=2)
    for c, text in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], start=4):
        set_cell(t, 2, c, text)
    set_cell(t, 5, 0, "三、本年度办理结果", r2=26)
    for g_label, start, end in GROUPS:
        set_cell(t, 3 + start, 1, g_label, r2=3 + end - 1)
    grouped = {i for _, start, end in GROUPS for i in range(start, end)}
    for i, (key, label, values) in enumerate(T3_ROWS):
        r = 3 + i
        if key in ("new_received", "carried_over", "carried_forward"):
            set_cell(t, r, 0, label, c2=2)
        elif i in grouped:
            set_cell(t, r, 2, label)
        else:
            set_cell(t, r, 1, label, c2=2)
        blank_zeros = key.startswith("denied.")
        for c, v in enumerate(values, start=3):
            set_cell(t, r, c, "" if blank_zeros and v == 0 else str(v))


def add_t4(doc: Any, style: str | None, width_cm: float) -> None:
    """Table 四: 15 numbers under a three-level header."""
    t = doc.add_table(rows=4, cols=15, style=style)
    fixed_widths(t, [width_cm / 15] * 15)
    set_cell(t, 0, 0, "行政复议", c2=4)
    set_cell(t, 0, 5, "行政诉讼", c2=14)
    for c, text in enumerate(RESULTS):
        set_cell(t, 1, c, text, r2=2)
    set_cell(t, 1, 5, "未经复议直接起诉", c2=9)
    set_cell(t, 1, 10, "复议后起诉", c2=14)
    for c, text in enumerate(RESULTS * 2, start=5):
        set_cell(t, 2, c, text)
    values = [v for key in T4 for v in T4[key]]
    for c, v in enumerate(values):
        set_cell(t, 3, c, str(v))


def page_number_footer(doc: Any) -> None:
    """A centred ``- N -`` footer, N being Word's PAGE field."""
    para = doc.sections[0].footer.paragraphs[0]
    para.alignment = 1
    para.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)
    para.add_run(" -")


def report(style: str | None, *, long_intro: bool = False, landscape: bool = False) -> Any:
    """A whole short report: title, sections 一 to 六, the three tables under 二, 三, 四."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2)
    usable = (section.page_width - section.left_margin - section.right_margin) / 360000
    title = doc.add_paragraph(TITLE)
    title.alignment = 1
    doc.add_paragraph(INTRO)
    doc.add_paragraph("一、总体情况")
    for _ in range(9 if long_intro else 1):
        doc.add_paragraph(FILLER * 3)
    doc.add_paragraph("二、主动公开政府信息情况")
    add_t2(doc, style)
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    add_t3(doc, style)
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    add_t4(doc, style, min(usable, 25.0))
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph(FILLER)
    doc.add_paragraph("六、其他需要报告的事项")
    doc.add_paragraph("本年度未收取信息处理费。")
    if long_intro:
        page_number_footer(doc)
    return doc


def soffice(docx: Path, outdir: Path, target: str = "pdf") -> Path:
    """Convert with LibreOffice (``target`` may carry export filter options) and return the PDF."""
    cmd = ["soffice", "--headless", "--convert-to", target, "--outdir", str(outdir), str(docx)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    return outdir / (docx.stem + ".pdf")


def scanned_docx(pdf_path: Path, work: Path) -> Path:
    """A DOCX whose only content is a picture of the PDF's first page (so: no text layer)."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    image = pdf[0].render(scale=100 / 72, grayscale=True).to_pil()
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=40)
    buf.seek(0)
    doc = Document()
    doc.add_picture(buf, width=Cm(16))
    path = work / "scanned.docx"
    doc.save(str(path))
    return path


def rotated_pdf(src: Path, dest: Path) -> None:
    """Page 1 of ``src`` drawn turned 90° counter-clockwise on a landscape page with ``/Rotate 90``.

    A viewer shows the page upright again; a reader that ignored ``/Rotate`` would see the text
    running bottom to top.
    """
    source = pdfium.PdfDocument(str(src))
    width, height = source[0].get_size()
    out = pdfium.PdfDocument.new()
    xobject = source.page_as_xobject(0, out)
    drawing = xobject.as_pageobject()
    drawing.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(0, width))
    page = out.new_page(height, width)
    page.insert_obj(drawing)
    page.gen_content()
    page.set_rotation(90)
    out.save(str(dest))


def browser_pdf() -> None:
    """``browser``: the 2021 HTML fixture as Chromium prints it on A4 (needs ``chromium``)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium not found: install it (e.g. apt-get install chromium fonts-noto-cjk)")
    page = OUT.parent / "html" / "official_2021.html"
    argv = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
    subprocess.run([*argv, f"--print-to-pdf={OUT / 'browser.pdf'}", str(page)], check=True, capture_output=True)
    facts = json.loads(page.with_suffix(".truth.json").read_text(encoding="utf-8"))
    facts["notes"] = [f"{page.name} printed by headless Chromium (A4): bevelled borders drawn as polygons."]
    (OUT / "browser.truth.json").write_text(json.dumps(facts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def webkit_pdf() -> None:
    """``webkit``: the 2021 HTML fixture as wkhtmltopdf prints it on A5 (needs ``wkhtmltopdf``)."""
    if shutil.which("wkhtmltopdf") is None:
        sys.exit("wkhtmltopdf not found: install it (e.g. apt-get install wkhtmltopdf fonts-noto-cjk)")
    page = OUT.parent / "html" / "official_2021.html"
    argv = ["wkhtmltopdf", "--quiet", "--encoding", "utf-8", "--page-size", "A5"]
    subprocess.run([*argv, str(page), str(OUT / "webkit.pdf")], check=True, capture_output=True)
    facts = json.loads(page.with_suffix(".truth.json").read_text(encoding="utf-8"))
    facts["notes"] = [f"{page.name} printed by wkhtmltopdf (A5): rulings of other pages' rows off the page box."]
    (OUT / "webkit.truth.json").write_text(json.dumps(facts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit(
            "soffice not found: install LibreOffice (e.g. apt-get install libreoffice-writer-nogui fonts-noto-cjk)"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    cases: dict[str, tuple[Any, list[str]]] = {
        "ruled": (report("Table Grid"), ["Bordered tables; the zeros of the denied.* rows are printed blank."]),
        "borderless": (report(None), ["The same tables with no borders at all (Word's plain table style)."]),
        "split": (
            report("Table Grid", long_intro=True),
            ["A long section 一 pushes table 三 over a page break; footer '- N -' page numbers."],
        ),
        "landscape": (report("Table Grid", landscape=True), ["A landscape (wide mediabox) page layout."]),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, (doc, notes) in cases.items():
            docx = work / f"{name}.docx"
            doc.save(str(docx))
            shutil.copy(soffice(docx, work), OUT / f"{name}.pdf")
            (OUT / f"{name}.truth.json").write_text(
                json.dumps(truth(notes), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        locked = work / "encrypted.docx"
        shutil.copy(work / "ruled.docx", locked)
        shutil.copy(soffice(locked, work, ENCRYPT_FILTER), OUT / "encrypted.pdf")
        shutil.copy(soffice(scanned_docx(OUT / "ruled.pdf", work), work), OUT / "scanned.pdf")
        rotated_pdf(OUT / "ruled.pdf", OUT / "rotated.pdf")
    browser_pdf()
    webkit_pdf()
    for path in sorted(OUT.glob("*.pdf")):
        print(f"{path.relative_to(OUT.parent.parent)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
