import pytest

from gi_extract.grid import Document, Paragraph
from gi_extract.locate import locate
from gi_extract.metadata import agency_from_title, extract_metadata

from conftest import grid_from


def doc(*texts: str, hint: str | None = None) -> Document:
    table = grid_from("申请人情况/自然人|总计/一、本年新收政府信息公开申请数量|1|1")
    return Document("x.txt", "text", [*(Paragraph(t) for t in texts), table], title_hint=hint)


def test_agency_is_the_organisation_the_title_names() -> None:
    assert agency_from_title("镇坪县2020年度政府信息公开工作年度报告") == "镇坪县"
    assert agency_from_title("2019年上海市人民政府办公厅政府信息公开工作年度报告") == "上海市人民政府办公厅"
    assert agency_from_title("某某市某某局关于2023年度政府信息公开工作年度报告") == "某某市某某局"
    assert agency_from_title("政府信息公开工作年度报告") is None


def test_title_on_two_lines_is_joined() -> None:
    d = doc("淮安市洪泽区人民政府", "2024年政府信息公开工作年度报告", "一、总体情况", "正文。")
    meta = extract_metadata(d, locate(d))
    assert (meta.title, meta.agency, meta.year) == (
        "淮安市洪泽区人民政府2024年政府信息公开工作年度报告",
        "淮安市洪泽区人民政府",
        2024,
    )
    assert meta.warnings == []


def test_without_a_title_the_year_comes_from_the_statistics_sentence_with_a_warning() -> None:
    d = doc("本报告中所列数据统计期限自2021年1月1日起至2021年12月31日止。", "一、总体情况")
    meta = extract_metadata(d, locate(d))
    assert meta.year == 2021
    assert ("agency_unknown", "no title or signature names the agency") in [(w.code, w.message) for w in meta.warnings]
    assert any(w.code == "year_inferred" and w.severity == "info" for w in meta.warnings)


def test_agency_from_the_signature_when_no_title_names_it() -> None:
    d = doc("一、总体情况", "2024年，我局……", "六、其他需要报告的事项", "无。", "某某市交通运输局", "2025年1月22日")
    meta = extract_metadata(d, locate(d))
    assert meta.agency == "某某市交通运输局"
    assert meta.sections["六、其他需要报告的事项"] == "无。\n某某市交通运输局\n2025年1月22日"


def test_prose_a_converter_set_as_pipe_tables_still_names_the_year_and_the_signer() -> None:
    """markitdown sets lines the PDF spaced out as tables: ``| 列数据的统计期限自 | | 2024 | 年 1 | …`` and the
    date under the signature. Their rows, cells joined, are lines of prose; a standard table's are not."""
    period = grid_from("列数据的统计期限自||2024|年 1|月 1 日起至|2024|年 12 月 31|日止。", 0)
    dated = grid_from("||2025|年 1 月 22|日", 2)
    table = grid_from("申请人情况/自然人|总计/一、本年新收政府信息公开申请数量|1|1", 1)
    closing = [Paragraph("六、其他需要报告的事项"), Paragraph("无。"), Paragraph("某某市交通与建设局"), dated]
    blocks = [Paragraph("本报告所"), period, Paragraph("一、总体情况"), table, *closing]
    d = Document("x.md", "text", blocks)
    meta = extract_metadata(d, locate(d))
    assert (meta.year, meta.agency) == (2024, "某某市交通与建设局")
    lines = ["本报告所列数据的统计期限自", "2023年1月1日起至2023年12月31日止。"]
    broken = Document("x.txt", "text", [Paragraph(line) for line in lines])
    assert extract_metadata(broken, locate(broken)).year == 2023


def test_a_table_of_years_or_a_line_ending_in_统计时间_is_no_period_sentence_and_a_sentence_no_signer() -> None:
    """Read across a grid's cells or two lines, the sentence must print its first date's month: a table
    headed 统计时间 over ``2023年``, or ``（按受理的统计时间）如下：`` over ``2023年收到申请…``, names no
    period. A line ending a sentence before the signer's name (markitdown set both in one row) is no name."""
    years = grid_from("统计时间|收到申请数|办结数/2023年|60|60/2024年|112|112", 0)
    table = grid_from("申请人情况/自然人|总计/一、本年新收政府信息公开申请数量|1|1", 1)
    signed = grid_from("本年度未收取信息处理费。||某某街道办事处", 2)
    dated = grid_from("|2025|年 1 月 20|日", 3)
    blocks = [Paragraph("一、总体情况"), years, table, Paragraph("六、其他需要报告的事项"), signed, dated]
    d = Document("x.md", "text", blocks)
    meta = extract_metadata(d, locate(d))
    assert (meta.year, meta.agency) == (None, None)
    lines = ["依申请公开数量与上年同期对比（按受理的统计时间）如下：", "2023年收到申请60件，本年收到申请112件。"]
    prose = Document("x.txt", "text", [Paragraph(line) for line in lines])
    assert extract_metadata(prose, locate(prose)).year is None


def test_file_title_is_the_fallback() -> None:
    d = doc("一、总体情况", hint="某某县2022年政府信息公开工作年度报告")
    assert extract_metadata(d, locate(d)).agency == "某某县"


@pytest.mark.parametrize("hint", ["r023.html", "Microsoft Word - 文档1.docx", "某某局"])
def test_a_file_title_that_names_no_report_is_no_title_and_names_no_agency(hint: str) -> None:
    """A browser prints a page without a <title> under its file's name, and PDFs carry their maker's
    title: no title then, and the agency comes from the signature, with its info, not from the file's name."""
    d = doc("一、总体情况", "六、其他需要报告的事项", "无。", "某某市交通运输局", "2025年1月22日", hint=hint)
    meta = extract_metadata(d, locate(d))
    assert (meta.title, meta.agency) == (None, "某某市交通运输局")
    assert "agency_from_signature" in [w.code for w in meta.warnings]


def test_a_line_of_prose_naming_the_report_is_no_title() -> None:
    """Layout text breaks the opening sentence into lines; one names 政府信息公开工作年度报告 mid-clause."""
    d = doc(
        "根据《中华人民共和国政府信息公开条例》、国务院办公厅政府信息与政",
        "务公开办公室关于明确政府信息公开工作年度报告格式的要求，以及省政府办公室关",
        "一、总体情况",
        "2022年，我局严格落实条例。",
    )
    meta = extract_metadata(d, locate(d))
    assert meta.title is None and meta.agency is None


def test_a_title_ending_in_a_stray_full_stop_is_still_the_title_and_a_cited_notice_is_not() -> None:
    stop = doc("镇坪县2020年度政府信息公开工作年度报告。", "一、总体情况")
    assert extract_metadata(stop, locate(stop)).agency == "镇坪县"
    cited = doc(
        "根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办",
        "公厅政府信息与政务公开办公室关于印发‹中华人民共和国政府信息公开工作年度报告",
        "一、总体情况",
    )
    meta = extract_metadata(cited, locate(cited))
    assert meta.title is None and meta.agency is None


def test_the_source_and_date_a_web_page_prints_after_the_title_are_not_the_title_s() -> None:
    """A print of a report's page runs 来源：… 时间：… (and the share buttons) into the title's paragraph."""
    line = "平潭综合实验区2019年度政府信息公开工作年度报告来源：平潭县人民政府时间：2020-01-20 15:22 微信 微博"
    d = doc(line, "一、总体情况")
    meta = extract_metadata(d, locate(d))
    assert (meta.title, meta.agency) == ("平潭综合实验区2019年度政府信息公开工作年度报告", "平潭综合实验区")


@pytest.mark.parametrize(
    "title",
    [
        "某某市某某局2022年政府信息公开年度工作报告",
        "某某市某某局2022年政府信息公开工作报告",
        "某某市某某局2022年政府信息公开工作年度报告（全文）来源：某某市某某局 时间：2023-01-20"
        " 浏览次数：120 字号：大 中 小 打印本页",
    ],
)
def test_a_title_naming_the_report_in_other_words_or_run_on_into_the_page_fields_gives_the_agency(title: str) -> None:
    """年度工作报告 and 工作报告 name the report as 工作年度报告 does; a print's fields after the title (past
    the length of any title) are cut before the title is judged."""
    d = doc(title, "一、总体情况")
    meta = extract_metadata(d, locate(d))
    assert (meta.agency, meta.year) == ("某某市某某局", 2022)
    assert meta.title is not None and "来源" not in meta.title


def test_a_signature_and_its_date_in_one_paragraph_and_a_file_title_of_the_column_s_name() -> None:
    """A page's ``<title>`` often names only its column (``政府信息公开年报``), which names no agency (not
    ``政府``); the signer then comes from the closing paragraph, whose date follows a line break."""
    d = doc("一、总体情况", "六、其他需要报告的事项", "无。", "某某市水务局\n2023年1月20日", hint="政府信息公开年报")
    meta = extract_metadata(d, locate(d))
    assert meta.agency == "某某市水务局"
    assert "agency_from_signature" in [w.code for w in meta.warnings]


def test_the_page_fields_printed_before_the_title_on_its_line_are_not_the_agency_s() -> None:
    """``发布时间：2023-01-20 来源：某某市某某局 某某市某某局2022年…报告`` on one line: the fields go."""
    d = doc("发布时间：2023-01-20 来源：某某市某某局 某某市某某局2022年政府信息公开工作年度报告", "一、总体情况")
    meta = extract_metadata(d, locate(d))
    assert (meta.title, meta.agency) == ("某某市某某局2022年政府信息公开工作年度报告", "某某市某某局")
