"""Tables whose cells ran together: crawled pages and copied tables, read by the template's arithmetic."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gi_extract import extract
from gi_extract.grid import Paragraph
from gi_extract.mapping.gluedtext import chunks, section_spans

from conftest import CORPUS, FIXTURES, ROOT, flatten, glued_misses, load_truth, needs_shared, table_four_of

GLUED = sorted((FIXTURES / "glued").glob("*.txt"))


def test_a_crawled_row_is_cut_into_its_label_and_its_digits() -> None:
    text = "8.属于行政查询事项1000001（四）无法提供1.本机关不掌握相关政府信息2200003252.没有现成信息需要另行制作0000000"
    parts = chunks(text, 0, len(text))
    assert [(p.text, p.run) for p in parts] == [
        ("8.属于行政查询事项", "1000001"),
        ("（四）无法提供1.本机关不掌握相关政府信息", "220000325"),
        ("2.没有现成信息需要另行制作", "0000000"),
    ]
    assert text[parts[1].run_start : parts[1].run_start + 9] == "220000325"
    assert [p.start for p in parts] == [text.index(p.text) for p in parts]


def test_section_four_is_not_the_last_row_of_table_three() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况 一、本年新收1000001四、结转下年度继续办理0000000 "
        "四、政府信息公开行政复议、行政诉讼情况行政复议000000000000000五、存在的主要问题"
    )
    spans = section_spans(text)
    start, end = spans["applications"]
    assert "四、结转下年度继续办理0000000" in text[start:end]
    assert (
        text[spans["reviews_litigation"][0] :].startswith("、政府信息公开行政复议")
        or "行政复议000" in text[spans["reviews_litigation"][0] : spans["reviews_litigation"][1]]
    )


def test_a_crawled_page_gives_every_value_its_digits_decide(tmp_path: Path) -> None:
    fixture = FIXTURES / "glued" / "crawl_official_2021.txt"
    report = extract(fixture)
    truth = load_truth(fixture)
    got, want = flatten(report.to_dict()["tables"]), flatten(truth["tables"])
    doubted = {w.key for w in report.warnings if w.severity == "missing"}
    assert {k: (v, got[k]) for k, v in want.items() if got[k] != v and not (got[k] is None and k in doubted)} == {}
    assert sum(v is None for v in got.values()) <= 3  # table 二's 行政规范性文件 row: no sums there
    assert report.report.published == "2023-02-02" and report.report.source_url.endswith("official_2021.htm")
    spans = [c.span for c in report.cells if c.value is not None]
    assert all(span is not None and span[0] < span[1] for span in spans)
    text = "\n".join(
        b.text
        for b in __import__("gi_extract.readers", fromlist=["read"]).read(fixture).blocks
        if hasattr(b, "text") and not hasattr(b, "cells")
    )
    cell = next(c for c in report.cells if c.key == "applications.new_received.natural_person")
    assert text[cell.span[0] : cell.span[1]] == cell.raw


@pytest.mark.parametrize(
    ("digits", "expected", "code"),
    [
        ("5416", (5, 4, 16), "segmented_by_bounds"),
        ("693665", (None, None, None), "segmentation_ambiguous"),
        ("308", (3, 0, 8), "segmented"),
    ],
)
def test_table_two_rows_without_sums_are_settled_only_by_the_bound_or_left_open(
    tmp_path: Path, digits: str, expected: tuple[int | None, ...], code: str
) -> None:
    """行政规范性文件 prints 制发 | 废止 | 现行有效 with no sum between them; the edition's bound decides
    5416 (only 5 | 4 | 16 keeps 现行有效 the largest) and says it is a plausibility; 693665 stays open,
    its message listing the splits a reader would check."""
    text = (FIXTURES / "glued" / "crawl_official_2021.txt").read_text("utf-8")
    page = tmp_path / "page.txt"
    page.write_text(text.replace("行政规范性文件162299", f"行政规范性文件{digits}"), encoding="utf-8")
    report = extract(page)
    row = report.tables["active_disclosure"].rows["normative_documents"]
    assert tuple(row.values()) == expected
    keys = [f"active_disclosure.normative_documents.{c}" for c in ("issued", "repealed", "in_force")]
    said = {w.key: w for w in report.warnings if w.key in keys}
    assert {w.code for w in said.values()} == {code}
    if code == "segmented_by_bounds":
        bound = "现行有效件数 ≥ 本年制发件数, 本年废止件数"
        assert all(w.severity == "doubt" and bound in w.message for w in said.values())
    if code == "segmentation_ambiguous":
        assert "69 | 3 | 665" in said[keys[0]].message
    assert report.tables["active_disclosure"].rows["rules"] == {"issued": 0, "repealed": 0, "in_force": 4}


@pytest.mark.parametrize(
    "sentence",
    [
        "2021年，主动公开政府信息125条，涵盖政策及规范性文件类5条、规划计划类1条。",  # a number, then words
        "本年度制发行政规范性文件16件，废止2件。",  # the label itself, in a sentence
    ],
)
def test_a_row_named_in_a_sentence_above_its_table_is_read_from_the_table(sentence: str, tmp_path: Path) -> None:
    """A sentence under the heading of section 二 names 行政规范性文件 before the table prints it;
    the print whose run has the row's cells is read, the sentence's is set aside with its warning."""
    text = (FIXTURES / "glued" / "crawl_official_2021.txt").read_text("utf-8")
    text = text.replace("行政规范性文件162299", "行政规范性文件5416")  # a row the bound settles: 5 | 4 | 16
    heading = "二、主动公开政府信息情况"
    page = tmp_path / "page.txt"
    page.write_text(text.replace(heading, heading + sentence, 1), encoding="utf-8")
    report = extract(page)
    assert report.tables["active_disclosure"].rows["normative_documents"] == {
        "issued": 5,
        "repealed": 4,
        "in_force": 16,
    }
    duplicate = [w for w in report.warnings if w.code == "row_duplicate"]
    assert [w.key for w in duplicate] == ["active_disclosure.normative_documents"]
    assert "the first that prints its cells" in duplicate[0].message


def test_a_value_every_split_agrees_on_is_given_though_other_digits_print_it(tmp_path: Path) -> None:
    """2019's 规范性文件 ``3336`` keeps 对外公开总数量 ≥ 本年新公开数量 as 3 | 3 | 36 or 33 | 3 | 6: the two
    disagree on 本年新制作数量 and 对外公开总数量, but both print 3 新公开, once from the second digit,
    once from the third. That value is given, with its doubt and no span; the other two stay null."""
    text = (FIXTURES / "glued" / "crawl_official_2019.txt").read_text("utf-8")
    page = tmp_path / "page.txt"
    page.write_text(text.replace("规范性文件8895", "规范性文件3336"), encoding="utf-8")
    report = extract(page)
    assert report.tables["active_disclosure"].rows["normative_documents"] == {
        "made": None,
        "published": 3,
        "total_published": None,
    }
    key = "active_disclosure.normative_documents.published"
    said = [w for w in report.warnings if w.key == key]
    assert [w.code for w in said] == ["segmented_by_bounds"] and "no one place" in said[0].message
    assert [c.span for c in report.cells if c.key == key] == [None]


@pytest.mark.parametrize(("printed", "expected"), [(" 2笔 984361元", (2, 984361)), ("2笔984361元", (2, 984361))])
def test_a_count_printed_with_its_unit_closes_its_cell(printed: str, expected: tuple[int, int], tmp_path: Path) -> None:
    """A crawled procurement row counts its purchases in 笔 (``政府集中采购 2笔 984361元``): the unit
    ends the count's cell, as 元 ends an amount's; without it 2984361元 would split seven ways."""
    text = (FIXTURES / "glued" / "crawl_official_2019.txt").read_text("utf-8")
    page = tmp_path / "page.txt"
    page.write_text(text.replace("政府集中采购8221000元", f"政府集中采购{printed}"), encoding="utf-8")
    report = extract(page)
    row = report.tables["active_disclosure"].rows["procurement"]
    assert (row["projects"], row["amount_yuan"]) == expected
    cells = {c.key: c for c in report.cells if c.key.startswith("active_disclosure.procurement.")}
    assert [cells[f"active_disclosure.procurement.{c}"].raw for c in ("projects", "amount_yuan")] == ["2", "984361元"]


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        (" 0 0 0 0 0 0 ", True),  # one blank cell: the row is 0 wherever it stood
        ("00000", True),  # two blank cells, glued
        (" 0 0 0 0 ", False),  # three: likelier not the row's own run
        (" 0 0 0 1 0 1 ", False),  # a number other than 0: the blank's place decides, and nothing here does
    ],
)
def test_a_row_of_zeros_short_of_its_cells_is_all_zero_with_a_doubt(printed: str, read: bool, tmp_path: Path) -> None:
    """A crawler keeps nothing of a blank cell: 上年结转 printed as six zeros for seven cells."""
    text = (FIXTURES / "glued" / "crawl_official_2021.txt").read_text("utf-8")
    row = "二、上年结转政府信息公开申请数量"
    page = tmp_path / "page.txt"
    page.write_text(text.replace(f"{row}0000000", f"{row}{printed}"), encoding="utf-8")
    report = extract(page)
    values = report.tables["applications"].rows["carried_over"]
    codes = {w.code for w in report.warnings if w.key and w.key.startswith("applications.carried_over.")}
    if read:
        assert set(values.values()) == {0} and codes == {"segmented_blank"}
        assert all(w.severity == "doubt" for w in report.warnings if w.code == "segmented_blank")
    else:
        assert set(values.values()) == {None} and codes == {"segmentation_failed"}
    others = extract(FIXTURES / "glued" / "crawl_official_2021.txt").tables["applications"].rows
    assert {k: v for k, v in report.tables["applications"].rows.items() if k != "carried_over"} == {
        k: v for k, v in others.items() if k != "carried_over"
    }


def test_prose_with_numbers_before_a_glued_table_is_no_unmatched_row(tmp_path: Path) -> None:
    """The sentences under section 二's heading count things (``主动公开政府信息125条，其中规划计划类1条``):
    each number cuts them into chunks matching no row. Before the table's first row they are prose,
    not rows lost, and raise no ``row_unmatched``; text matching no row between rows still does."""
    text = (FIXTURES / "glued" / "crawl_official_2021.txt").read_text("utf-8")
    heading = "二、主动公开政府信息情况"
    sentence = "2021年，主动公开政府信息125条，其中规划计划类1条、科教文体卫生类24条。"
    stray = "行政处罚"
    assert stray in text
    page = tmp_path / "page.txt"
    page.write_text(
        text.replace(heading, heading + sentence, 1).replace(stray, "另有说明7" + stray, 1), encoding="utf-8"
    )
    report = extract(page)
    unmatched = [w.message for w in report.warnings if w.code == "row_unmatched"]
    assert not any("类" in m or "主动公开政府信息" in m for m in unmatched)
    assert any("另有说明" in m for m in unmatched)


@pytest.mark.parametrize("between", ["", "\n"])
def test_a_row_printed_with_no_number_is_all_zero_when_its_label_runs_into_the_next(
    between: str, tmp_path: Path
) -> None:
    """A crawler keeps nothing of a row whose every cell is blank: its label runs straight into the
    next row's (``…申请数量三、本年度办理结果（一）予以公开…``). On one line that row is all 0; labels
    a line apart are a column of labels whose numbers stand elsewhere (plain pdftotext), and stay so."""
    text = (FIXTURES / "glued" / "crawl_official_2021.txt").read_text("utf-8")
    row = "二、上年结转政府信息公开申请数量"
    assert f"{row}0000000三、" in text
    page = tmp_path / "page.txt"
    page.write_text(text.replace(f"{row}0000000三、", f"{row}{between}三、"), encoding="utf-8")
    report = extract(page)
    codes = {w.code for w in report.warnings if w.key and w.key.startswith("applications.carried_over")}
    values = report.tables["applications"].rows["carried_over"]
    if between:
        assert set(values.values()) == {None} and codes == {"row_missing"}
    else:
        assert set(values.values()) == {0} and codes == {"segmented_blank"}
        labels = {c.label for c in report.cells if c.key.startswith("applications.carried_over.")}
        label = labels.pop()
        assert not labels and "上年结转" in label and "予以公开" not in label  # its own label, not the next row's
        trace = subprocess.run(
            [sys.executable, "-m", "gi_extract", "inspect", str(page)], capture_output=True, text=True, check=True
        ).stdout
        assert "carried_over: its label runs into the next row's, no number" in trace
        granted = extract(FIXTURES / "glued" / "crawl_official_2021.txt").tables["applications"].rows["granted"]
        assert report.tables["applications"].rows["granted"] == granted  # the group heading after it is no row


def test_a_report_of_seven_parts_has_its_tables_under_the_headings_that_name_them(tmp_path: Path) -> None:
    """A report with a part of its own after 一、总体情况 numbers the standard ones on (三、主动公开…,
    四、收到和处理…, 五、…行政复议…); its crawler header carries digits of its own (``本地目录:
    …/202101/80582_…``). Each table is read from the section whose heading names it, as when
    numbered as the template numbers them."""
    fixture = FIXTURES / "glued" / "crawl_official_2021.txt"
    text = fixture.read_text("utf-8")
    renumbered = {
        "二、主动公开": "二、政务公开工作主要任务落实情况本局落实了各项任务。三、主动公开",
        "三、收到和处理": "四、收到和处理",
        "四、政府信息公开行政复议": "五、政府信息公开行政复议",
        "五、存在的主要问题": "六、存在的主要问题",
        "六、其他需要报告": "七、其他需要报告",
    }
    for old, new in renumbered.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    text = text.replace("栏目:", "本地目录: zwgk/nb/202301/80582_某某局年度报告\n栏目:", 1)
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    report, original = extract(page), extract(fixture)
    assert {k: t.rows for k, t in report.tables.items()} == {k: t.rows for k, t in original.tables.items()}


def test_a_sentence_after_a_table_opening_with_a_year_leaves_the_last_row_its_digits(tmp_path: Path) -> None:
    """Glued, a sentence right after a table runs its year into the last row's digits
    (``继续办理50000052022年，我局…``): a year that 年 follows opens the sentence, it is no cell."""
    fixture = FIXTURES / "glued" / "crawl_official_2021.txt"
    text = fixture.read_text("utf-8")
    for row in ("行政事业性收费673.76", "四、结转下年度继续办理5000005"):
        assert text.count(row) == 1
        text = text.replace(row, row + "2022年，我局认真做好各项工作。")
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    report, original = extract(page), extract(fixture)
    assert report.tables["active_disclosure"].rows["fees"] == {"amount_wan_yuan": 673.76}
    assert (
        report.tables["applications"].rows["carried_forward"] == original.tables["applications"].rows["carried_forward"]
    )

    open_cells = [{(w.code, w.key) for w in r.warnings if w.code.startswith("segment")} for r in (report, original)]
    assert open_cells[0] == open_cells[1]


def test_a_sentence_after_the_table_naming_a_row_is_not_read_for_it(tmp_path: Path) -> None:
    """规章's print in the table lost a blank cell (``规章04``: no reading for three cells); a sentence
    after the table names 规章 with digits enough (``本年度清理规章104件``). The table has begun
    before the sentence, so it is no mention above the table: the row stays as its own print leaves
    it (open), not 1 | 0 | 4."""
    fixture = FIXTURES / "glued" / "crawl_official_2021.txt"
    text = fixture.read_text("utf-8").replace("规章004", "规章04", 1)
    text = text.replace("行政事业性收费673.76", "行政事业性收费673.76 本年度清理规章104件。", 1)
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    report = extract(page)
    assert set(report.tables["active_disclosure"].rows["rules"].values()) == {None}


def test_a_numbered_point_in_a_later_section_is_not_taken_for_a_missing_heading(tmp_path: Path) -> None:
    """Table 三's heading reworded (``三、政府信息公开申请办理情况``: none of its section's words) is not
    found under 三; a numbered point in section 五's prose names those words (``一、依申请公开答复要更
    规范``) but stands after section 四: no heading of section 三. The table is read as before."""
    fixture = FIXTURES / "glued" / "crawl_official_2021.txt"
    text = fixture.read_text("utf-8").replace("三、收到和处理政府信息公开申请情况", "三、政府信息公开申请办理情况", 1)
    point = "下一步：一、依申请公开答复要更规范；二、下一步，我局将加强培训。"
    text = text.replace("六、其他需要报告的事项", point + "六、其他需要报告的事项", 1)
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    reworded = tmp_path / "reworded.txt"
    reworded.write_text(text.replace(point, ""), encoding="utf-8")
    assert extract(page).tables["applications"].rows == extract(reworded).tables["applications"].rows
    assert extract(page).tables["applications"].found


def test_a_publishers_error_is_named_not_hidden() -> None:
    fixture = FIXTURES / "glued" / "gen_2021_50_error.txt"
    report = extract(fixture)
    failed = [w for w in report.warnings if w.code == "segmentation_failed"]
    assert failed and all("reviews_litigation.total" in w.message for w in failed)
    assert {w.key for w in failed} <= {
        f"reviews_litigation.administrative_review.{c}" for c in ("upheld", "corrected", "other", "pending", "total")
    }
    others = report.tables["reviews_litigation"].rows
    assert others is not None and others["litigation_direct"]["total"] is not None


@pytest.mark.parametrize("dated", ["", "\t发布日期：2024-01-31"], ids=["plain", "a tab-led line above"])
def test_cells_on_lines_of_their_own_are_read(tmp_path: Path, dated: str) -> None:
    """A table copied out of a browser: one cell per line (a line led by a tab above it changes nothing)."""
    rows = {
        "一、本年新收政府信息公开申请数量": [64, 0, 0, 2, 0, 4, 70],
        "二、上年结转政府信息公开申请数量": [0, 0, 0, 0, 0, 0, 0],
    }
    lines = ["某某县2023年政府信息公开工作年度报告", *([dated] if dated else []), "三、收到和处理政府信息公开申请情况"]
    lines += [f"正文第{n}行。" for n in range(80)]
    for label, values in rows.items():
        lines += [label, *map(str, values)]
    path = tmp_path / "copied.txt"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    report = extract(path)
    table = report.tables["applications"].rows
    assert table is not None
    assert table["new_received"] == dict(
        zip(report.tables["applications"].rows["new_received"], rows["一、本年新收政府信息公开申请数量"], strict=True)
    )
    assert {w.code for w in report.warnings if w.key and w.key.startswith("applications.new_received")} == {"segmented"}


@pytest.mark.parametrize("fixture", GLUED, ids=lambda p: p.name)
def test_no_glued_value_is_wrong_without_a_doubt(fixture: Path) -> None:
    assert glued_misses(extract(fixture).to_dict(), load_truth(fixture)) == {}


def test_the_score_on_glued_fixtures() -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT.parent / "shared" / "tools" / "score.py"),
            str(FIXTURES / "glued"),
            "--cmd",
            f"{sys.executable} -m gi_extract {{file}}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    if out.returncode != 0 and not (ROOT.parent / "shared" / "tools" / "score.py").exists():
        pytest.skip("../shared/tools/score.py is not beside the repo")
    fields = dict(part.split("=", 1) for part in out.stdout.strip().splitlines()[-1].split()[1:])
    assert fields["failed"] == "0" and fields["silent_wrong"].startswith("0/")
    assert float(fields["cell_accuracy"].rstrip("%")) >= 85.0
    assert fields["errors_caught"] == "2/2"
    json.dumps(fields)


@pytest.mark.parametrize("between", ["\n", " "])
def test_an_amount_printed_with_its_unit_keeps_the_unit_once(tmp_path: Path, between: str) -> None:
    """政府集中采购 135 | 75394432.52元 on lines of their own (or spaced): the amount is read whole,
    its raw text as printed (the unit was once appended a second time, and the value was lost)."""
    lines = [
        "某某县2019年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容",
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "规章",
        "0",
        "0",
        "0",
        "规范性文件",
        "5",
        "5",
        "10",
        "第二十条第（九）项",
        "信息内容",
        "采购项目数量",
        "采购总金额",
        f"政府集中采购{between}135{between}75394432.52元",
    ]
    path = tmp_path / "copied.txt"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    report = extract(path)
    cells = {c.key: c for c in report.cells if c.key.startswith("active_disclosure.procurement.")}
    amount = cells["active_disclosure.procurement.amount_yuan"]
    assert (amount.value, amount.raw) == (75394432.52, "75394432.52元")
    assert cells["active_disclosure.procurement.projects"].value == 135


def libreoffice_text(rows: dict[str, list[str]]) -> str:
    """A report as LibreOffice saves a DOCX as text: a table one cell per line, a blank cell as a
    line of one no-break space."""
    lines = ["某某县2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    lines += ["申请人情况", "自然人", "总计"]
    for label, cells in rows.items():
        lines += [label, *(c or "\xa0" for c in cells)]
    return "\n".join([*lines, "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", ""])


def test_blank_cells_saved_as_no_break_space_lines_are_cells(tmp_path: Path) -> None:
    """r004's table as LibreOffice's text: blank cells are lines of U+00A0. Read as cells printed
    blank, the rows have their seven cells; a row left all blank is a row of zeros; a 总计 left
    blank is the publisher's (the row total fails), and the numbers printed still stand."""
    rows = {
        "一、本年新收政府信息公开申请数量": ["821", "35", "", "", "2", "1", "859"],
        "二、上年结转政府信息公开申请数量": ["18", "", "", "", "", "", "18"],
        "（一）予以公开": ["258", "12", "", "", "1", "1", ""],
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ["", "", "", "", "", "", ""],
    }
    path = tmp_path / "report.txt"
    path.write_text(libreoffice_text(rows), encoding="utf-8")
    report = extract(path)
    got = report.tables["applications"].rows
    assert got is not None
    assert list(got["new_received"].values()) == [821, 35, 0, 0, 2, 1, 859]
    assert list(got["carried_over"].values()) == [18, 0, 0, 0, 0, 0, 18]
    assert list(got["granted"].values()) == [258, 12, 0, 0, 1, 1, 0]
    assert list(got["partially_granted"].values()) == [0] * 7
    blank = next(c for c in report.cells if c.key == "applications.new_received.research")
    assert blank.blank and blank.raw == "\xa0"
    failed = {c.row for c in report.checks if c.id == "applications.row_total" and not c.ok}
    assert failed == {"granted"}


def test_no_break_space_lines_beyond_a_rows_cells_pad_a_merged_cell(tmp_path: Path) -> None:
    """r031: LibreOffice prints a line of U+00A0 for a position a merged cell covers too; a row with
    more lines than cells keeps its numbers and drops those lines."""
    rows = {
        "一、本年新收政府信息公开申请数量": ["3", "0", "0", "0", "0", "0", "", "3"],
        "二、上年结转政府信息公开申请数量": ["0", "0", "0", "0", "0", "0", "", "0"],
    }
    path = tmp_path / "report.txt"
    path.write_text(libreoffice_text(rows), encoding="utf-8")
    got = extract(path).tables["applications"].rows
    assert got is not None and list(got["new_received"].values()) == [3, 0, 0, 0, 0, 0, 3]


@needs_shared
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("stem", ["r004", "r031"])
def test_libreoffice_text_of_the_corpus_docx_reads_back_to_its_truth(stem: str, tmp_path: Path) -> None:
    """r004 leaves its zeros blank (lines of U+00A0 in LibreOffice's text); r031 has a merged cell
    whose covered position prints such a line too, one more than the row's cells."""
    docx = CORPUS / f"{stem}.docx"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(docx)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    got = extract(tmp_path / f"{stem}.txt").to_dict()["tables"]
    assert flatten(got) == flatten(load_truth(docx)["tables"])


def test_a_section_heading_printed_spaced_out_still_opens_its_section() -> None:
    """PDF text often spaces a heading's characters (三、 收 到 和处 理 政府信 息公 开申请情况)."""
    text = "\n".join(
        [
            "二、主动公开政府信息情况",
            "规章000",
            "三、 收 到 和处 理 政府信 息公 开申请情况",
            "一、本年新收…",
            "四、政府信息公开行政复议、行政诉讼情况",
        ]
    )
    spans = section_spans(text)
    assert text[spans["applications"][0] :].startswith("三、 收 到")
    assert spans["active_disclosure"][1] == spans["applications"][0]


def test_only_a_line_of_one_no_break_space_is_a_blank_cell(tmp_path: Path) -> None:
    """Ideographic spaces or several no-break spaces on a line are indentation, not a cell."""
    from gi_extract.readers import read
    from gi_extract.readers.text import BLANK_CELL

    path = tmp_path / "report.txt"
    path.write_text("一、总体情况\n甲\n\xa0\n乙\n\u3000\u3000\n丙\n\xa0\xa0\n丁\n", encoding="utf-8")
    paragraphs = [b.text for b in read(path).blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["一、总体情况", "甲", BLANK_CELL, "乙", "丙", "丁"]


@pytest.mark.parametrize("heading", [True, False], ids=["under its heading", "no heading"])
def test_table_four_under_a_header_written_down_its_columns_is_read(tmp_path: Path, heading: bool) -> None:
    # pymupdf4llm prints table 四 as a picture's text: the column titles one character per line, only
    # the group titles across; under the table's own heading they are header enough
    values = [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]
    lines = ["某某区2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    lines += [
        f"{label}{' 0' * 7}" for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量")
    ]
    lines += ["四、政府信息公开行政复议、行政诉讼情况" if heading else "附表"]
    lines += ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉", "结 其 尚", "果 果 他 未 总", "维 纠 结 审 计"]
    lines += [" ".join(map(str, values)), "五、存在的主要问题及改进情况", "无。"]
    path = tmp_path / "picture.md"
    path.write_text("\n\n".join(lines) + "\n", "utf-8")
    rows = extract(path).tables["reviews_litigation"].rows
    if heading:
        assert rows is not None and [v for group in rows.values() for v in group.values()] == values
    else:
        assert rows is None or all(v is None for group in rows.values() for v in group.values())


@pytest.mark.parametrize("mark", ["—", "——", "/", "无"])
def test_zero_marks_in_crawled_cells_are_cells_worth_zero(mark: str, tmp_path: Path) -> None:
    """A publisher that writes a mark for none in empty cells: glued, each mark is a cell of its own."""
    import lxml.html

    sys.path.insert(0, str(ROOT / "scripts"))
    from make_glued_fixtures import flatten as crawl

    page = lxml.html.fromstring((FIXTURES / "html" / "official_2021.html").read_bytes())
    marked = 0
    for table in page.iter("table"):
        if "申请人情况" not in table.text_content() and "行政复议" not in table.text_content():
            continue  # tables 三 and 四: table 二's rows are too short for a mark to change much
        for td in table.iter("td"):
            if td.text_content().strip() == "0":
                for child in list(td):
                    td.remove(child)
                td.text, marked = mark, marked + 1
    assert marked > 100
    path = tmp_path / "marked.txt"
    path.write_text(crawl(lxml.html.tostring(page, encoding="unicode")), "utf-8")
    got = flatten(extract(path).to_dict()["tables"])
    want = flatten(load_truth(FIXTURES / "html" / "official_2021.html")["tables"])
    keys = [k for k in want if k.startswith(("applications.", "reviews_litigation."))]
    assert {k: got[k] for k in keys if got[k] is not None and got[k] != want[k]} == {}
    # each mark one character: every cell read; ``——`` may be one cell's mark or two cells', so in
    # table 四's long run some cuts stay open (null, never a guess), while table 三's rows settle
    settled = [k for k in keys if len(mark) == 1 or k.startswith("applications.")]
    assert [k for k in settled if got[k] is None] == []


def test_table_two_cells_filled_with_marks_or_a_dash_for_minus_are_not_read_as_zero_cells(tmp_path: Path) -> None:
    """Table 二 rows fill cells their block does not use with marks, and print a minus as ``–``: there a
    mark is no cell of its own (a filler would make a wrong cut look like the only one)."""
    source = (FIXTURES / "glued" / "crawl_official_2019.txt").read_text("utf-8")
    assert "行政事业性收费20第二十条" in source and "行政处罚229-72906" in source
    path = tmp_path / "filled.txt"
    path.write_text(
        source.replace("行政事业性收费20第二十条", "行政事业性收费20/第二十条").replace("229-72906", "229–72906")
    )
    rows = extract(path).to_dict()["tables"]["active_disclosure"]["rows"]
    assert rows["fees"] == {"items_last_year": 2, "items_change": 0} or None in rows["fees"].values()
    assert rows["punishment"]["items_change"] in (-7, None)


def test_table_three_s_last_row_printed_in_marks_is_no_section_heading() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况 一、本年新收1000001四、结转下年度继续办理——————— "
        "四、政府信息公开行政复议、行政诉讼情况行政复议———————————————五、存在的主要问题"
    )
    start, end = section_spans(text)["applications"]
    assert "四、结转下年度继续办理———————" in text[start:end]
    assert text[end:].startswith("四、政府信息公开行政复议")


def test_a_heading_with_a_slash_between_its_words_opens_its_section() -> None:
    """``三、收到/处理政府信息公开申请情况`` is section 三 (a publisher writing both verbs of the
    heading); a ``/`` standing for a blank cell is never part of a heading, even with a heading
    straight after it."""
    text = (
        "二、主动公开政府信息情况规章000三、收到/处理政府信息公开申请情况 一、本年新收1000001"
        "四、结转下年度继续办理/四、政府信息公开行政复议、行政诉讼情况行政复议000000000000000五、存在的主要问题"
    )
    spans = section_spans(text)
    start, end = spans["applications"]
    assert text[start:].startswith("三、收到/处理")
    assert text[start:end].endswith("四、结转下年度继续办理/")
    assert spans["active_disclosure"][1] == start


@pytest.mark.parametrize(
    ("printed", "want"),
    [
        ("229—2906", {"items_last_year": 229, "items_change": 0, "decisions": 2906}),  # a mark between numbers
        ("111无222", {"items_last_year": 111, "items_change": 0, "decisions": 222}),
        ("173—", {"items_last_year": None, "items_change": None, "decisions": None}),  # 173 | — or 1 | 7 | 3 + filler
    ],
)
def test_a_table_two_mark_is_a_cell_between_numbers_and_in_doubt_at_a_run_s_end(
    printed: str, want: dict[str, int | None], tmp_path: Path
) -> None:
    source = (FIXTURES / "glued" / "crawl_official_2019.txt").read_text("utf-8")
    path = tmp_path / "marked.txt"
    path.write_text(source.replace("行政处罚229-72906", f"行政处罚{printed}"), "utf-8")
    assert extract(path).to_dict()["tables"]["active_disclosure"]["rows"]["punishment"] == want


def _raw_pdftotext(rows: list[tuple[str, str, list[int]]]) -> str:
    """Table 三 as plain ``pdftotext`` prints it: a label's first line, its row's first value, the rest of
    the label, then the other values, one line each (blank lines between, as poppler leaves them)."""
    lines = ["某某县2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    for head, tail, values in rows:
        lines += [head, str(values[0]), tail, "", *(f"{v}\n" for v in values[1:])]
    return "\n".join(lines) + "\n四、政府信息公开行政复议、行政诉讼情况\n"


def test_the_end_of_a_label_printed_after_its_rows_first_number_is_the_label_s(tmp_path: Path) -> None:
    """``4.保护第三方合法`` / ``1`` / ``权益`` / ``0`` …: the line after the first number ends the label (the
    two stand in a template label together), so the row reads on over it, under its whole label;
    ``1.本机关不掌握相`` / ``关政府信息`` is 无法提供's first row, not 不予公开's, whose group came last."""
    rows = [
        ("一、本年新收政府信息公开申请", "数量", [80, 1, 0, 0, 0, 0, 81]),
        ("二、上年结转政府信息公开申请", "数量", [0, 0, 0, 0, 0, 0, 0]),
        ("（三）不予公开 4.保护第三方合法", "权益", [1, 0, 0, 0, 0, 0, 1]),
        ("1.本机关不掌握相", "关政府信息", [31, 0, 0, 0, 0, 0, 31]),
    ]
    path = tmp_path / "raw.txt"
    path.write_text(_raw_pdftotext(rows), "utf-8")
    table = extract(path).tables["applications"].rows
    assert table is not None
    columns = list(table["new_received"])
    keys = ["new_received", "carried_over", "denied.third_party_rights", "unable.not_held"]
    for key, (*_, values) in zip(keys, rows, strict=True):
        assert table[key] == dict(zip(columns, values, strict=True)), key
    assert all(v is None for v in table["denied.state_secret"].values())
    other = _raw_pdftotext([rows[0], ("二、上年结转政府信息公开申请数量", "备注", [0, 0, 0, 0, 0, 0, 0])])
    path.write_text(other, "utf-8")
    table = extract(path).tables["applications"].rows
    assert table is not None and all(v is None for v in table["carried_over"].values())


def test_a_run_of_two_rows_numbers_gives_the_second_to_the_next_row_when_that_row_prints_none(tmp_path: Path) -> None:
    """Plain pdftotext heaps a group's item labels below the numbers (``（二）部分公开…`` / ``19`` … ``20`` /
    ``0`` … ``0`` / … / ``1.属于国家秘密``): fourteen numbers after one label are that row's and the next
    row's, in the template's order, where the next row has no numbers of its own; each of its cells is
    in doubt (``values_in_order``). Where the next row prints its own, the run stays unsplit, null."""

    def table(rows: list[tuple[str, list[int]]], heap: str) -> Path:
        lines = ["某某县2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
        for label, values in rows:
            lines += [label, "", *(f"{v}\n" for v in values)]
        path = tmp_path / f"raw{len(rows)}.txt"
        path.write_text("\n".join([*lines, heap, "四、政府信息公开行政复议、行政诉讼情况"]) + "\n", "utf-8")
        return path

    new = ("一、本年新收政府信息公开申请数量", [20, 1, 0, 0, 0, 0, 21])
    granted = ("（一）予以公开", [1, 0, 0, 0, 0, 0, 1])
    partly = ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [19, 1, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0])
    run_on = table([new, granted, partly], "（三）不予公开\n1.属于国家秘密")
    report = extract(run_on)
    rows = report.tables["applications"].rows
    assert rows is not None
    assert list(rows["partially_granted"].values()) == [19, 1, 0, 0, 0, 0, 20]
    assert list(rows["denied.state_secret"].values()) == [0] * 7
    doubted = {w.key for w in report.warnings if w.code == "values_in_order"}
    assert doubted == {f"applications.denied.state_secret.{c}" for c in rows["denied.state_secret"]}
    printed = extract(table([new, granted, partly, ("（三）不予公开 1.属于国家秘密", [0] * 7)], ""))
    rows = printed.tables["applications"].rows
    assert rows is not None and all(v is None for v in rows["partially_granted"].values())


_TABLE_FOUR = (
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
    "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计{digits} 五、存在的主要问题及改进情况无。"
)


def _table_four(tmp_path: Path, digits: str) -> tuple[dict[str, dict[str, object]], dict[str, set[str]]]:
    """Table 四 of a crawled page printing ``digits``: its groups, and the warning codes on each cell."""
    path = tmp_path / "page.txt"
    path.write_text("某某县第1局2023年政府信息公开工作年度报告 " + _TABLE_FOUR.format(digits=digits), "utf-8")
    return table_four_of(path)


def test_a_split_only_its_own_sums_choose_is_in_doubt(tmp_path: Path) -> None:
    """helper-39's fuzzer: 0 7 7 7 21 | 21 0 0 21 4 (42 mistyped as 4) | 0 7 0 0 7 glues to digits that also split as
    2 | 10 | 0 | 2 | 14 in the middle group, whose sum then holds. Table 四's sums are spent on the split, so they
    cannot show the error: every cell of a split several ways is in doubt, not read as "their only split"."""
    rows, codes = _table_four(tmp_path, "077721210021407007")
    assert rows["litigation_direct"] == {"upheld": 2, "corrected": 10, "other": 0, "pending": 2, "total": 14}
    for group, cells in rows.items():
        for column in cells:
            assert codes[f"reviews_litigation.{group}.{column}"] == {"segmented_by_sums"}


def test_a_split_the_digits_force_is_info_unless_its_sum_fails(tmp_path: Path) -> None:
    """Fifteen digits for fifteen cells split one way only: read as printed, and only a note. When a group's sum then
    fails (a cell left blank, which a crawler keeps nothing of, shifts every number after it), every cell of the
    row is in doubt, the groups whose sums hold too."""
    rows, codes = _table_four(tmp_path, "100011000100000")
    assert rows["administrative_review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert {c for key, found in codes.items() if key.startswith("reviews_litigation.") for c in found} == {"segmented"}
    rows, codes = _table_four(tmp_path, "330063000369918")
    assert rows["litigation_direct"] == {"upheld": 3, "corrected": 0, "other": 0, "pending": 0, "total": 3}
    for group, cells in rows.items():
        for column in cells:
            assert "segmented_sum_fails" in codes[f"reviews_litigation.{group}.{column}"]


def test_a_table_three_split_the_column_sums_confirm_is_info() -> None:
    """A row whose digits split several ways, one of them keeping its own total, that the column sums across
    rows (一 + 二 = 三（七）+ 四) hold too: a mistyped number would have to satisfy those as well."""
    report = extract(FIXTURES / "glued" / "gen_2021_41.txt")
    notes = [w for w in report.warnings if w.key and w.key.startswith("applications.new_received.")]
    assert {w.code for w in notes} == {"segmented"}
    assert all("the sums across rows hold with it" in w.message for w in notes)


def test_a_table_three_split_no_sum_across_rows_checks_is_in_doubt() -> None:
    """A publisher's error leaves table 三's column sums unsatisfiable: a row whose digits split several ways and
    only its own total chose is then checked by nothing else, so its cells are in doubt, not notes."""
    report = extract(FIXTURES / "glued" / "crawl_arith_error.txt")
    codes = {w.key: w.code for w in report.warnings if w.key and w.key.startswith("applications.granted.")}
    assert len(codes) == 7 and set(codes.values()) == {"segmented_by_sums"}
    assert all("nothing else checks" in w.message for w in report.warnings if w.key in codes)
