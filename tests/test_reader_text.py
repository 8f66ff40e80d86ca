import re
from pathlib import Path

import pdfplumber
import pytest

from gi_extract import extract
from gi_extract.errors import UnreadableInput
from gi_extract.grid import Grid, Paragraph
from gi_extract.readers import read
from gi_extract.readers.text import parse_text, text_shape

from conftest import CORPUS, FIXTURES, SEED, flatten, load_truth, needs_shared


def rows(grid: Grid) -> list[list[str]]:
    return [[c.text for c in grid.origins(i)] for i in range(grid.n_rows)]


def test_seed_shape_cells_rows_and_continuations() -> None:
    blocks = parse_text("标题\n\t表头\n\t商业\n企业\n\n\t规章\n\t\n\t5\n\n\n后记\n")
    assert isinstance(blocks[0], Paragraph) and blocks[0].text == "标题"
    grid = blocks[1]
    assert isinstance(grid, Grid)
    assert rows(grid) == [["表头", "商业\n企业"], ["规章", "", "5"]]
    assert isinstance(blocks[2], Paragraph) and blocks[2].text == "后记"


def test_tab_separated_rows_are_one_row_per_line() -> None:
    blocks = parse_text("二、主动公开政府信息情况\n规章\t1\t2\t3\n行政规范性文件\t4\t\t6\n说明\n")
    grid = blocks[1]
    assert isinstance(grid, Grid)
    assert rows(grid) == [["规章", "1", "2", "3"], ["行政规范性文件", "4", "", "6"]]


def test_short_text_between_rows_is_the_cell_above_not_a_paragraph() -> None:
    # a Word cell holding empty paragraphs prints blank lines inside the cell (corpus r031)
    blocks = parse_text("\t甲\n\t\n\n0\n\xa0\n\n\t乙\n\t1\n\n\n五、存在的主要问题及改进情况\n")
    grids = [b for b in blocks if isinstance(b, Grid)]
    assert len(grids) == 1
    assert rows(grids[0])[0][1].split() == ["0"]
    assert rows(grids[0])[1] == ["乙", "1"]


def test_a_lone_tab_led_line_does_not_swallow_a_text_without_blank_lines() -> None:
    """A browser's copy with one line led by a tab (``\t发布日期：…``) and no blank line anywhere:
    the lines after it are paragraphs, not that cell's text (corpus r004 copied one cell per line)."""
    body = [f"第{n}段正文，没有空行。" for n in range(80)]
    blocks = parse_text("\n".join(["某某县2019年政府信息公开工作年度报告", "\t发布日期：2020-01-31", *body]) + "\n")
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert paragraphs[1:] == body
    grids = [b for b in blocks if isinstance(b, Grid)]
    assert [rows(g) for g in grids] == [[["发布日期：2020-01-31"]]]


def test_a_label_written_one_character_per_line_stays_one_cell() -> None:
    """A seed-shape cell may run on for dozens of lines (a label one character per paragraph): joined whole."""
    label = "5.要求行政机关确认或重新出具已获取信息（含要求出具证明）"
    blocks = parse_text("\t" + "\n".join(label) + "\n\t0\n\t0\n\n后记\n")
    grids = [b for b in blocks if isinstance(b, Grid)]
    assert len(grids) == 1 and rows(grids[0]) == [["\n".join(label), "0", "0"]]


def test_bookmark_markers_are_dropped() -> None:
    grid = parse_text("\t采购\n\t[bookmark: _GoBack]12975800元\n")[0]
    assert isinstance(grid, Grid)
    assert rows(grid) == [["采购", "12975800元"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes("二、主动公开政府信息情况\n\t规章\n\t5\n".encode(encoding))
    doc = read(path)
    assert doc.format == "text"
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "二、主动公开政府信息情况"


def test_binary_is_refused_with_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(UnreadableInput, match=str(path)):
        read(path)


@needs_shared
def test_seed_reads_as_paragraphs_and_three_grids() -> None:
    doc = read(SEED)
    assert [g.n_rows for g in doc.grids] == [18, 26, 4]
    table3 = doc.grids[1]
    assert rows(table3)[3] == ["一、本年新收政府信息公开申请数量", "11", "", "", "", "", "", "11"]


def test_a_form_feed_between_pages_ends_the_line_it_follows() -> None:
    """A script writes pdfplumber's or pypdf's page texts joined with a form feed and no newline
    (``"\\f".join(page.extract_text() ...)``). Where a page break cut a wrapped label after its
    first line, that line's values ran on into the next page's first words (``1.信访举报 0 0 0 0 0 0 0\\f投诉类申请``)
    and the row was lost; the form feed ends the line, as a page break does."""
    source = FIXTURES / "pdf" / "browser.pdf"
    with pdfplumber.open(source) as pdf:
        text = "\f".join(page.extract_text() or "" for page in pdf.pages)
    row = "1.信访举报投诉类申请 0 0 0 0 0 0 0\n"
    assert row in text and text.count("\f") >= 1
    cut = text.replace(row, "1.信访举报 0 0 0 0 0 0 0\f投诉类申请\n")
    got = flatten(extract(cut.encode(), name="pages.txt").to_dict()["tables"])
    assert got == flatten(load_truth(source.with_suffix(".truth.json"))["tables"])


def _plumber_text(source: Path) -> str:
    with pdfplumber.open(source) as pdf:
        return "\f".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.parametrize("stem", ["ruled", "borderless", "split"])
def test_pdfplumbers_default_text_of_a_table_with_blank_cells_reads_back_to_its_truth(stem: str) -> None:
    """pdfplumber's default ``extract_text()`` prints a row's words a space apart and keeps nothing of a blank
    cell. The repo's PDFs leave zeros blank: rows printed blank stand as lines of labels over the next row's
    label and numbers (read as all 0), a row of fewer numbers than cells (``4.保护第三方合法权益 1 1``) is placed
    by the table's sums, and a group label written down the side puts a ``、`` on the line under a row's last
    number (``… 1 7`` / ``、 （二）部分公开``), which is no item number. Before: 137 of 200 cells on ``ruled``."""
    source = FIXTURES / "pdf" / f"{stem}.pdf"
    report = extract(_plumber_text(source).encode(), name=f"{stem}.txt").to_dict()
    want = flatten(load_truth(source.with_suffix(".truth.json"))["tables"])
    got = flatten(report["tables"])
    assert {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v} == {}


def test_a_row_whose_numbers_several_placements_fit_keeps_only_what_they_agree_on() -> None:
    """A row printing fewer numbers than cells is read only as far as the placements that hold the sums agree:
    ``1 1`` with the table's column totals dropped (any applicant column then fits the first 1) gives its 总计,
    1 in every placement, and leaves the applicant columns null."""
    text = _plumber_text(FIXTURES / "pdf" / "ruled.pdf")
    assert "4.保护第三方合法权益 1 1\n" in text and "（七）总计 12 2 0 1 0 1 16" in text
    text = text.replace("（七）总计 12 2 0 1 0 1 16", "（七）总计").replace(
        "一、本年新收政府信息公开申请数量 12 3 0 1 0 2 18", ""
    )
    report = extract(text.encode(), name="ruled.txt").to_dict()
    row = report["tables"]["applications"]["rows"]["denied.third_party_rights"]
    assert row.pop("total") == 1 and set(row.values()) == {None}


def test_a_tall_row_printed_on_two_lines_is_read_where_the_sums_fix_the_merge_of_its_lines() -> None:
    """pdfplumber's default text sets a tall row's numbers on the lines where its cells stand: a 总计 placed
    higher than the rest comes first (``1.本机关不掌握相关政府信 5`` / ``3 1 0 1 0 0``). Each line keeps its
    numbers' order; of the seven merges of the two lines, only 3 1 0 1 0 0 5 keeps the row's and the table's
    sums, and it is read so, each cell in doubt. Before: read in the printed order, 5 | 3 | 1 | … | 0."""
    text = _plumber_text(FIXTURES / "pdf" / "ruled.pdf")
    row = "（四）无 1.本机关不掌握相关政府信 3 1 0 1 0 0 5\n法提供 息"
    assert row in text
    text = text.replace(row, "（四）无 1.本机关不掌握相关政府信 5\n3 1 0 1 0 0\n法提供 息")
    report = extract(text.encode(), name="ruled.txt").to_dict()
    want = load_truth(FIXTURES / "pdf" / "ruled.truth.json")["tables"]["applications"]["unable.not_held"]
    assert report["tables"]["applications"]["rows"]["unable.not_held"] == want
    codes = {w["code"] for w in report["warnings"] if w["key"].startswith("applications.unable.not_held.")}
    assert codes == {"values_by_sums"}
    assert all(c["ok"] for c in report["checks"])


def test_numbers_read_in_order_fill_only_the_rows_the_glued_reading_left_open() -> None:
    """A row the glued reading cannot name (its label misread: ``1.信访举幸艮投诉类申i青``) leaves table 三 open,
    and its numbers, taken in the order printed, fill it where every sum holds. Only that row takes them
    (``values_in_order``, a doubt); the rows the glued reading read keep their values and their note
    (``segmented``). Before, the whole table was read again in order, every cell in doubt."""
    source = FIXTURES / "pdf" / "browser.pdf"
    text = _plumber_text(source)
    assert "1.信访举报投诉类申请 0 0 0 0 0 0 0" in text
    text = text.replace("1.信访举报投诉类申请 0 0 0 0 0 0 0", "1.信访举幸艮投诉类申i青 0 0 0 0 0 0 0")
    report = extract(text.encode(), name="browser.txt").to_dict()
    assert flatten(report["tables"]) == flatten(load_truth(source.with_suffix(".truth.json"))["tables"])
    codes: dict[str, set[str]] = {}
    for w in report["warnings"]:
        if w["key"] and w["key"].startswith("applications."):
            codes.setdefault(w["key"].rsplit(".", 1)[0], set()).add(w["code"])
    assert codes["applications.not_processed.petition_complaint"] == {"values_in_order"}
    assert codes["applications.new_received"] == codes["applications.denied.state_secret"] == {"segmented"}
    in_order = [row for row, found in codes.items() if "values_in_order" in found]
    assert len(in_order) <= 2, in_order


def test_default_text_whose_prose_keeps_wide_gaps_is_not_read_as_layout_text() -> None:
    """pypdf's default text keeps a justified line's wide gaps (``受理各类群众诉求      259``): five such lines
    looked like layout text's rows of numbers in columns, and the report was read as layout text, which lost
    table 二's rows (r016's pypdf text: 23 cells). Its table rows print their numbers a space apart, more
    often than any line prints two numbers a column apart: that is the default text's shape."""
    source = FIXTURES / "pdf" / "browser.pdf"
    text = _plumber_text(source)
    at = text.rindex("\n", 0, text.index("主动公开政府信息情况")) + 1  # the start of the heading's line
    prose = "".join(f"全年共受理各类群众诉求，其中第{k}类信息      {k * 37}  \n" for k in range(1, 6))
    text = text[:at] + prose + text[at:]
    assert text_shape(text) == "seed"
    report = extract(text.encode(), name="browser.txt").to_dict()
    assert flatten(report["tables"]) == flatten(load_truth(source.with_suffix(".truth.json"))["tables"])


def test_a_row_over_two_lines_whose_printed_order_keeps_its_total_is_still_tried_in_every_merge() -> None:
    """``17 0 0 0 3`` / ``1 21`` adds up as printed (17 | 0 | 0 | 0 | 3 | 1 | 21), but only 17 | 1 | 0 | 0 | 0 |
    3 | 21 keeps the table's columns: read so, in doubt. Two rows printed so that their printed orders swap
    the same two numbers (``0`` / ``4 0 0 0 0 4`` and ``4`` / ``0 0 0 0 0 4``) keep every sum either way:
    the cells the merges disagree on are null, never a number without a doubt (helper-44's fuzz found such
    rows read as printed, wrong with only the note ``segmented``)."""
    source = FIXTURES / "pdf" / "browser.pdf"
    text = _plumber_text(source)
    for row, lines in (
        (r"3\.危及“三安全.稳定” 4 0 0 0 0 0 4", "0\n4 0 0 0 0 4"),
        (r"7\.属于.政执法案卷 0 4 0 0 0 0 4", "4\n0 0 0 0 0 4"),
        (r"3\.补正后申请内容仍不明确 17 1 0 0 0 3 21", "17 0 0 0 3\n1 21"),
    ):
        label = row.split(" ", 1)[0]
        text, n = re.subn(rf"^({label}) .*$", lambda m, lines=lines: f"{m[1]} {lines}", text, count=1, flags=re.M)
        assert n == 1 and re.search(row, _plumber_text(source))
    report = extract(text.encode(), name="browser.txt").to_dict()
    want = load_truth(source.with_suffix(".truth.json"))["tables"]["applications"]
    rows = report["tables"]["applications"]["rows"]
    assert rows["unable.unclear_after_correction"] == want["unable.unclear_after_correction"]
    doubted = {w["key"] for w in report["warnings"] if w["severity"] != "info"}
    for row in ("denied.security_stability", "denied.enforcement_files", "unable.unclear_after_correction"):
        for column, value in rows[row].items():
            key = f"applications.{row}.{column}"
            assert value is None or (value == want[row][column] and key in doubted), (key, value)


@needs_shared
def test_r031s_partially_granted_row_set_over_three_lines_reads_back_to_its_truth() -> None:
    """r031's （二）部分公开 prints its 总计 on its label's first line and its six applicant columns two lines
    lower (``（二）部分公开 3`` / ``（区分处理的，只`` / ``3 0 0 0 0 0``): read so, 3 | 3 | 0 | … | 0 broke the
    row's sum; the one merge of the lines that holds it is the truth."""
    source = CORPUS / "r031.pdf"
    report = extract(_plumber_text(source).encode(), name="r031.txt").to_dict()
    want = load_truth(source.with_suffix(".truth.json"))["tables"]["applications"]["partially_granted"]
    assert report["tables"]["applications"]["rows"]["partially_granted"] == want


@needs_shared
@pytest.mark.parametrize(
    ("stem", "row"), [("r002", "denied.security_stability"), ("r018", "unable.not_held")], ids=["r002", "r018"]
)
def test_lines_of_labels_are_rows_printed_blank_only_where_nothing_else_owns_them(stem: str, row: str) -> None:
    """pdfplumber sets r002's row 3.危及… numbers on the line over its label, beside a side label's ``本``: the
    labels after those stray numbers are no rows printed blank (they own the numbers). In r018 a group label
    written down the side, ``（六`` / ``）其 2.申请人逾…``, stands among its rows: lines of labels give only
    rows that open with an item number, never the group (which would read table 三 as the older edition's)."""
    source = CORPUS / f"{stem}.pdf"
    report = extract(_plumber_text(source).encode(), name=f"{stem}.txt").to_dict()
    want = load_truth(source.with_suffix(".truth.json"))["tables"]["applications"][row]
    assert report["tables"]["applications"]["rows"][row] == want


def test_rows_printing_their_numbers_apart_are_never_read_by_cutting_a_number() -> None:
    """Where every row prints its numbers a space apart, none more than its cells, each number is a cell: a row
    printing fewer (``4 11 7 5 3 30`` of a table broken over pages, its zeros blank) is placed by the table's
    sums, never read by cutting ``11`` in two (its sum then fails); cells the placements disagree on stay null."""
    source = FIXTURES / "pdf_breaks" / "t3_after26_ruled_end.pdf"
    report = extract(_plumber_text(source).encode(), name="breaks.txt").to_dict()
    want = load_truth(source.with_suffix(".truth.json"))["tables"]["applications"]
    rows = report["tables"]["applications"]["rows"]
    placed = {w["key"].rsplit(".", 1)[0] for w in report["warnings"] if w["code"] == "segmented_blank_by_sums"}
    assert {"applications.denied.security_stability", "applications.denied.process_info"} <= placed
    for key in placed:
        row = key.split(".", 1)[1]
        assert {c: v for c, v in rows[row].items() if v is not None} == {
            c: want[row][c] for c, v in rows[row].items() if v is not None
        }
    assert rows["denied.process_info"] == want["denied.process_info"]
