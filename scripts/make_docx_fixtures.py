"""Generate the DOCX fixtures in fixtures/docx/ with python-docx (merged official layouts and Word quirks).

Run: ``python scripts/make_docx_fixtures.py`` (then ``make golden``). Each ``<name>.docx`` gets
``<name>.truth.json`` with the numbers planted (:mod:`fixture_reports`), in the corpus truth format.
The tables follow the official layouts of template.md §2–§4 with Word's real merges (``gridSpan``,
``vMerge``); the variants add what Word documents do to them: split tables, blanks and dashes,
label drift, extra tables, landscape sections, nesting, content controls, tracked changes,
``gridBefore`` and text boxes. Output is byte-stable: fixed core-property dates and fixed zip
timestamps, so a rerun only changes files whose content changed.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from template_view import load

from fixture_reports import Values, report_values, write_truth

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "docx"
STAMP = dt.datetime(2024, 1, 15, 9, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LEGAL = ["commercial", "research", "social_welfare", "legal_services", "other_org"]
NOTE_3 = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TOP_ROWS = ("new_received", "carried_over", "carried_forward")
"""Rows of table 三 whose label spans all three label columns (一、二、四、)."""
AddTable = Callable[[int, int], Table]


@dataclass
class Variant:
    """How one fixture prints its report."""

    name: str
    template: str
    year: int
    agency: str
    seed: int
    notes: list[str]
    single_other: bool = False
    dashes: bool = False
    drift: bool = False
    broken_headers: bool = False
    error: bool = False
    split_t3: str = ""
    """"retyped" or "blank": table 三 as two Word tables, the part-two group label re-typed or left blank."""
    separate_t2: bool = False
    extra_tables: bool = False
    landscape: bool = False
    nested: bool = False
    sdt: bool = False
    tracked: bool = False
    grid_before: bool = False
    textbox: bool = False
    known_errors: list[str] = field(default_factory=list)


DRIFT = {
    "2.其他法律行政法规禁止公开": "2.其他法律行政止公开",
    "（三）不予公开": "（三） 不予公开",
    "4.无正当理由大量反复申请": "4.无正当理由大量反复 申请",
    "（七）总计": "（七）总 计",
}
"""Label drift seen in real reports (template.md §6.1); （六） sub-items also get ``1、`` numbering."""
DASHES = ["", "—", "－", "/", "无"]


def number(value: int | float, col: str) -> str:
    """A value as publishers print it: signed 本年增/减, 元 on 采购总金额, 万元 decimals as typed."""
    if col == "items_change" and value:
        return f"+{value}" if value > 0 else str(value)
    if col == "amount_yuan" and value:
        return f"{value}元"
    if isinstance(value, float):
        return f"{value:f}".rstrip("0").rstrip(".")
    return str(value)


def set_text(cell: Any, text: str) -> None:
    """Cell text; ``\\n`` starts a new paragraph (how Word users break header words)."""
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


# -- table 二 ---------------------------------------------------------------------------------


def t2_blocks(v: Variant, values: Values) -> list[list[list[tuple[str, int]]]]:
    """Table 二 as blocks of rows of (text, colspan) on a 4-column grid (template.md §2)."""
    out = []
    for block in load().blocks(v.template):
        cols = list(block.columns.items())
        widths = [1] * len(cols)
        widths[-1] += 3 - len(cols)
        headers = list(block.columns.values())
        if v.broken_headers and v.template == "2019" and block.clause == "一":
            headers = ["本年新\n制作数量", "本年新\n公开数量", "对外公开总数量"]
        rows = [[(block.caption, 4)], [("信息内容", 1), *zip(headers, widths, strict=True)]]
        for row, label in block.rows.items():
            cells = [number(values["active_disclosure"][row][c], c) for c, _ in cols]
            rows.append([(label, 1), *zip(cells, widths, strict=True)])
        out.append(rows)
    return out


def fill_rows(table: Table, rows: list[list[tuple[str, int]]], start: int = 0) -> None:
    """Write rows of (text, colspan) into ``table`` from row ``start``, merging horizontally."""
    for r, row in enumerate(rows, start):
        c = 0
        for text, span in row:
            cell = table.cell(r, c)
            if span > 1:
                cell = cell.merge(table.cell(r, c + span - 1))
            set_text(cell, text)
            c += span


def build_t2(add: AddTable, v: Variant, values: Values) -> list[Table]:
    blocks = t2_blocks(v, values)
    if v.separate_t2:
        tables = []
        for rows in blocks:
            table = add(len(rows), 4)
            fill_rows(table, rows)
            tables.append(table)
        return tables
    rows = [row for block in blocks for row in block]
    table = add(len(rows), 4)
    fill_rows(table, rows)
    return [table]


# -- table 三 ---------------------------------------------------------------------------------


def t3_rows(v: Variant) -> list[tuple[str, str | None, str]]:
    """(row key, group caption or None, own label) in table order, for this variant's template."""
    out = []
    for row in load().application_rows(v.template):
        if v.single_other and row.key.startswith("other."):
            if row.key == "other.no_correction":
                out.append(("other", None, "（六）其他处理"))
            continue
        caption = row.label.split(" ")[0] if row.group else None
        own = f"{row.number}.{row.leaf}" if row.number else f"{row.marker}{row.leaf}"
        if v.drift and row.group == "六":
            own = f"{row.number}、{row.leaf}"
        if v.drift:
            own = DRIFT.get(own, own)
            caption = DRIFT.get(caption, caption) if caption else None
        out.append((row.key, caption, own))
    return out


def t3_header(table: Table, v: Variant) -> None:
    """The official 3-row header: the 勾稽 note merged 3×3, 申请人情况, 自然人/总计 merged down."""
    set_text(table.cell(0, 0).merge(table.cell(2, 2)), NOTE_3)
    set_text(table.cell(0, 3).merge(table.cell(0, 9)), "申请人情况")
    set_text(table.cell(1, 3).merge(table.cell(2, 3)), "自然人")
    set_text(table.cell(1, 4).merge(table.cell(1, 8)), "法人或其他组织")
    set_text(table.cell(1, 9).merge(table.cell(2, 9)), "总计")
    words = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    if v.broken_headers:
        words = ["商业\n企业", "科研\n机构", "社会公益\n组织", "法律服务\n机构", "其他"]
    for i, word in enumerate(words):
        set_text(table.cell(2, 4 + i), word)


def t3_cells(v: Variant, values: Values, key: str) -> list[str]:
    """The seven printed values of one row (blanks and dashes for zero 法人 cells when asked)."""
    out = []
    for i, (col, value) in enumerate(values["applications"][key].items()):
        text = number(value, col)
        if v.dashes and col in LEGAL and value == 0:
            text = DASHES[(i + len(key)) % len(DASHES)]
        out.append(text)
    return out


def fill_t3(table: Table, v: Variant, values: Values, rows: list[tuple[str, str | None, str]], top: int, group: str):
    """Data rows from grid row ``top``: labels with the official merges, then the seven values."""
    results = [
        i for i, (key, _, _) in enumerate(rows) if key not in ("new_received", "carried_over", "carried_forward")
    ]
    if results:
        set_text(table.cell(top + results[0], 0).merge(table.cell(top + results[-1], 0)), group)
    i = 0
    while i < len(rows):
        key, caption, own = rows[i]
        r = top + i
        if key in TOP_ROWS:
            set_text(table.cell(r, 0).merge(table.cell(r, 2)), own)
        elif caption is None:
            set_text(table.cell(r, 1).merge(table.cell(r, 2)), own)
        else:
            end = i
            while end + 1 < len(rows) and rows[end + 1][1] == caption:
                end += 1
            set_text(table.cell(r, 1).merge(table.cell(top + end, 1)), caption)
            for j in range(i, end + 1):
                set_text(table.cell(top + j, 2), rows[j][2])
                for c, text in enumerate(t3_cells(v, values, rows[j][0])):
                    set_text(table.cell(top + j, 3 + c), text)
            i = end + 1
            continue
        for c, text in enumerate(t3_cells(v, values, key)):
            set_text(table.cell(r, 3 + c), text)
        i += 1


def build_t3(add: AddTable, v: Variant, values: Values) -> list[Table]:
    rows = t3_rows(v)
    if not v.split_t3:
        table = add(3 + len(rows), 10)
        t3_header(table, v)
        fill_t3(table, v, values, rows, 3, "三、本年度办理结果")
        return [table]
    cut = next(i for i, (key, _, _) in enumerate(rows) if key.startswith("unable."))
    first = add(3 + cut, 10)
    t3_header(first, v)
    fill_t3(first, v, values, rows[:cut], 3, "三、本年度办理结果")
    second = add(len(rows) - cut, 10)
    fill_t3(second, v, values, rows[cut:], 0, "三、本年度办理结果" if v.split_t3 == "retyped" else "")
    return [first, second]


# -- table 四 ---------------------------------------------------------------------------------


def build_t4(add: AddTable, v: Variant, values: Values) -> list[Table]:
    """Template.md §4: 行政复议 (5) | 行政诉讼 (10) over 未经复议直接起诉 (5) | 复议后起诉 (5).

    With ``grid_before`` a leading 类别 column is merged down the header rows and the data row
    starts one grid column late (``w:gridBefore``), the way Word stores a row pulled to the right.
    """
    lead = 1 if v.grid_before else 0
    table = add(4, 15 + lead)
    if lead:
        set_text(table.cell(0, 0).merge(table.cell(2, 0)), "类别")
    set_text(table.cell(0, lead).merge(table.cell(0, lead + 4)), "行政复议")
    set_text(table.cell(0, lead + 5).merge(table.cell(0, lead + 14)), "行政诉讼")
    cols = list(load().review_columns.values())
    for c, word in enumerate(cols):
        set_text(table.cell(1, lead + c).merge(table.cell(2, lead + c)), word)
    set_text(table.cell(1, lead + 5).merge(table.cell(1, lead + 9)), "未经复议直接起诉")
    set_text(table.cell(1, lead + 10).merge(table.cell(1, lead + 14)), "复议后起诉")
    for c, word in enumerate(cols * 2):
        set_text(table.cell(2, lead + 5 + c), word)
    data = [number(x, "") for group in values["reviews_litigation"].values() for x in group.values()]
    for c, text in enumerate(data):
        set_text(table.cell(3, lead + c), text)
    if lead:
        tr = table.rows[3]._tr
        tr.remove(tr.tc_lst[0])
        tr_pr = tr.get_or_add_trPr()
        before = OxmlElement("w:gridBefore")
        before.set(qn("w:val"), "1")
        tr_pr.insert(0, before)
    return [table]


# -- Word quirks ------------------------------------------------------------------------------


def wrap_in_sdt(table: Table) -> None:
    """Put a table inside a block-level content control (w:sdt/w:sdtContent)."""
    tbl = table._tbl
    sdt = parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtPr>'
        '<w:alias w:val="申请情况表"/><w:id w:val="1001"/></w:sdtPr><w:sdtContent/></w:sdt>'
    )
    tbl.addprevious(sdt)
    sdt[1].append(tbl)


def track_changes(table: Table, doc: Any) -> None:
    """Tracked edits: one value re-typed (w:del old + w:ins new), one deleted extra row, prose edits."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    attrs = f'xmlns:w="{w}" w:id="{{}}" w:author="审核人" w:date="2024-01-10T09:00:00Z"'
    cell = table.cell(3, 3)
    value = cell.text
    p = cell.paragraphs[0]._p
    for r in list(p.r_lst):
        p.remove(r)
    p.append(parse_xml(f"<w:del {attrs.format(901)}><w:r><w:delText>{int(value) + 40}</w:delText></w:r></w:del>"))
    p.append(parse_xml(f"<w:ins {attrs.format(902)}><w:r><w:t>{value}</w:t></w:r></w:ins>"))
    last = table.rows[-1]._tr
    ghost = copy.deepcopy(last)
    for t in ghost.iter(qn("w:t")):
        t.text = "99" if t.text and t.text.isdigit() else "五、已删除的试填行"
    ghost.get_or_add_trPr().append(parse_xml(f"<w:del {attrs.format(903)}/>"))
    last.addnext(ghost)
    para = doc.add_paragraph("本年度报告经")
    para._p.append(parse_xml(f"<w:del {attrs.format(904)}><w:r><w:delText>办公室初审、</w:delText></w:r></w:del>"))
    para._p.append(parse_xml(f"<w:ins {attrs.format(905)}><w:r><w:t>领导小组审定后</w:t></w:r></w:ins>"))
    para.add_run("发布。")


def textbox_title(doc: Any, title: str) -> None:
    """The title inside a floating text box, stored twice as Word does (DrawingML Choice + VML Fallback)."""
    xml = f"""<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml"><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" behindDoc="0"
 locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin">
<wp:posOffset>123825</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset>
</wp:positionV><wp:extent cx="5274310" cy="612000"/><wp:wrapTopAndBottom/><wp:docPr id="1" name="标题框"/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:bodyPr/><wps:txbx><w:txbxContent><w:p><w:r><w:t>{title}</w:t></w:r></w:p></w:txbxContent></wps:txbx>
</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>
<v:shape id="标题框" style="width:415pt;height:48pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>{title}</w:t></w:r>
</w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"""
    doc.element.body.insert(0, parse_xml(xml.replace("\n", "")))


def extra_table(add: AddTable, rows: list[list[str]]) -> None:
    """An unrelated table (contacts, a summary) of the kind reports put around the standard ones."""
    table = add(len(rows), len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            set_text(table.cell(r, c), text)


# -- the report -------------------------------------------------------------------------------


@dataclass
class Place:
    """Where headings and tables go: the body, or the one cell of a layout table (``nested``)."""

    doc: Any
    cell: Any

    def heading(self, text: str) -> None:
        if self.cell is None:
            self.doc.add_paragraph(text, style="Heading 1")
        else:
            self.cell.add_paragraph(text)

    def add_table(self, rows: int, cols: int) -> Table:
        if self.cell is None:
            return self.doc.add_table(rows, cols, style="Table Grid")
        table = self.cell.add_table(rows, cols)
        table.style = "Table Grid"
        return table


def title_of(v: Variant) -> str:
    return f"{v.agency}{v.year}年政府信息公开工作年度报告"


def build(v: Variant, values: Values) -> bytes:
    doc = docx.Document()
    core = doc.core_properties
    core.created = core.modified = core.last_printed = STAMP
    core.author = core.last_modified_by = "gi-extract fixtures"
    core.revision = 1
    core.title = "" if v.textbox else title_of(v)
    if v.textbox:
        textbox_title(doc, title_of(v))
    else:
        doc.add_paragraph(title_of(v), style="Title")
    doc.add_paragraph(
        f"本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自{v.year}年1月1日起"
        f"至{v.year}年12月31日止。本报告电子版可在{v.agency}人民政府门户网站查阅。"
    )
    doc.add_paragraph("一、总体情况", style="Heading 1")
    doc.add_paragraph(f"{v.year}年，{v.agency}认真贯彻落实《条例》，主动公开、依申请公开、政府信息管理等工作有序开展。")
    if v.extra_tables:
        extra_table(Place(doc, None).add_table, [["指标", "数量"], ["政务公开专栏更新", "128条"], ["政策解读", "15篇"]])
    place = Place(doc, None)
    if v.nested:
        doc.add_paragraph("（以下三张统计表原载于网页排版框内）")
        place = Place(doc, doc.add_table(1, 1, style="Table Grid").cell(0, 0))
    heading, add = place.heading, place.add_table
    if v.landscape:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    heading("二、主动公开政府信息情况")
    build_t2(add, v, values)
    heading("三、收到和处理政府信息公开申请情况")
    if v.extra_tables:
        extra_table(add, [["受理渠道", "件数"], ["当面申请", "3"], ["网络申请", "12"]])
    t3 = build_t3(add, v, values)
    if v.sdt:
        wrap_in_sdt(t3[0])
    if v.tracked:
        track_changes(t3[0], doc)
    heading("四、政府信息公开行政复议、行政诉讼情况")
    build_t4(add, v, values)
    if v.landscape:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_paragraph("五、存在的主要问题及改进情况", style="Heading 1")
    doc.add_paragraph("一是公开内容的及时性有待提高；二是解读形式较为单一。下一步将加强培训、完善制度。")
    doc.add_paragraph("六、其他需要报告的事项", style="Heading 1")
    doc.add_paragraph("本年度未收取信息处理费。" if v.template == "2021" else "无其他需要报告的事项。")
    buf = io.BytesIO()
    doc.save(buf)
    return stable_zip(buf.getvalue())


def stable_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed member timestamps so reruns are byte-identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def plant_error(v: Variant, values: Values) -> None:
    """Break 总计 of 一、本年新收 by one (the balance rule then breaks too); truth keeps the printed number."""
    new = values["applications"]["new_received"]
    parts = [new[c] for c in ["natural_person", *LEGAL]]
    new["total"] = sum(parts) + 1
    v.known_errors.append(
        "applications.new_received.total != natural_person+commercial+research+social_welfare+legal_services+"
        f"other_org ({'+'.join(map(str, parts))} vs {new['total']}); planted, which also breaks "
        "applications.balance for the total column"
    )


VARIANTS = [
    Variant("official_2021", "2021", 2021, "青山县", 101, ["Official 2021 layout with Word merges; all rules hold."]),
    Variant(
        "official_2019",
        "2019",
        2019,
        "河西区人民政府办公室",
        102,
        ["Official 2019 layout (（六）其他处理 single row, 第二十条第（九）项 present); all rules hold."],
    ),
    Variant(
        "t3_split_retyped",
        "2021",
        2022,
        "临江市",
        103,
        ["Table 三 split into two Word tables before （四）无法提供; part two re-types 三、本年度办理结果 (merged)."],
        split_t3="retyped",
    ),
    Variant(
        "t3_split_blank",
        "2021",
        2022,
        "临江市",
        104,
        ["Table 三 split into two Word tables before （四）无法提供; part two leaves the group label column blank."],
        split_t3="blank",
    ),
    Variant(
        "t2_separate",
        "2019",
        2020,
        "南湖镇",
        105,
        ["Table 二 printed as five separate Word tables, one per 第二十条 block (each with its caption row)."],
        separate_t2=True,
    ),
    Variant(
        "blanks_dashes",
        "2021",
        2023,
        "东山县",
        106,
        ["Zero 法人或其他组织 cells of table 三 printed blank, —, －, / or 无 (all mean 0); 自然人 and 总计 print 0."],
        dashes=True,
    ),
    Variant(
        "label_drift",
        "2021",
        2023,
        "洪泽区",
        107,
        ["Label drift: 2.其他法律行政止公开, （三） 不予公开, 大量反复 申请, （七）总 计, （六） items numbered 1、."],
        drift=True,
    ),
    Variant(
        "mixed_template",
        "2021",
        2023,
        "淮河区",
        108,
        ["2021 tables with the single 2019 row （六）其他处理 (row key 'other'); template '2021'."],
        single_other=True,
    ),
    Variant(
        "arith_error",
        "2021",
        2022,
        "北塘区",
        109,
        ["Official 2021 layout with a planted arithmetic error (see known_errors); values are as printed."],
        error=True,
    ),
    Variant(
        "extra_tables",
        "2021",
        2022,
        "西岭乡",
        110,
        ["Two unrelated tables: one under 一、总体情况 before table 二, one between the heading 三 and table 三."],
        extra_tables=True,
    ),
    Variant(
        "broken_headers",
        "2019",
        2020,
        "江北新区管委会",
        111,
        ["Header words broken over two paragraphs in one cell: 商业/企业, 科研/机构, 本年新/制作数量 …"],
        broken_headers=True,
    ),
    Variant(
        "landscape",
        "2021",
        2024,
        "松原市",
        112,
        ["Tables 二–四 in a landscape section between portrait sections (section breaks in the body)."],
        landscape=True,
    ),
    Variant(
        "nested",
        "2021",
        2024,
        "城关镇",
        113,
        ["Headings 二–四 and the three tables sit inside a one-cell layout table (nested tables)."],
        nested=True,
    ),
    Variant(
        "content_control",
        "2021",
        2024,
        "白云区",
        114,
        ["Table 三 wrapped in a block-level content control (w:sdt/w:sdtContent)."],
        sdt=True,
    ),
    Variant(
        "tracked_changes",
        "2021",
        2024,
        "高新区",
        115,
        [
            "Tracked changes: natural_person of 一、本年新收 re-typed (old value in w:del, new in w:ins); a deleted "
            "row '五、已删除的试填行' (w:trPr/w:del) after 四、结转; deleted/inserted words in a paragraph."
        ],
        tracked=True,
    ),
    Variant(
        "grid_before",
        "2019",
        2020,
        "沙河口区",
        116,
        [
            "Table 四 with a leading 类别 column merged down the header rows; the data row starts at grid column 1 "
            "(w:gridBefore=1)."
        ],
        grid_before=True,
    ),
    Variant(
        "textbox_title",
        "2021",
        2025,
        "长乐区",
        117,
        ["Title only in a floating text box (mc:AlternateContent: wps Choice + VML Fallback); core title empty."],
        textbox=True,
    ),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for v in VARIANTS:
        values = report_values(v.template, v.seed, single_other=v.single_other)
        if v.error:
            plant_error(v, values)
        data = build(v, values)
        target = OUT / f"{v.name}.docx"
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"wrote {target.name}")
        agency = v.agency
        write_truth(
            OUT / f"{v.name}.truth.json", title_of(v), agency, v.year, v.template, values, v.known_errors, v.notes
        )


if __name__ == "__main__":
    main()
