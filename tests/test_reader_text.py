from pathlib import Path

import pdfplumber
import pytest

from gi_extract import extract
from gi_extract.errors import UnreadableInput
from gi_extract.grid import Grid, Paragraph
from gi_extract.readers import read
from gi_extract.readers.text import parse_text

from conftest import FIXTURES, SEED, flatten, load_truth, needs_shared


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
