"""The Markdown reader (PDF-to-Markdown converters) and the text readers' shape sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gi_extract import extract
from gi_extract.grid import MAX_ROWS, CellState, Grid, Paragraph
from gi_extract.readers import read, sniff
from gi_extract.readers.markdown import inline, parse_markdown
from gi_extract.readers.stacked import unstack_rows
from gi_extract.readers.text import decode, text_shape

from conftest import CORPUS, FIXTURES, corpus_cases, flatten, load_truth, needs_shared, table_four_of

HERE = Path("report.md")


def grids(text: str) -> list[Grid]:
    return [b for b in parse_markdown(text, HERE) if isinstance(b, Grid)]


def states(grid: Grid) -> list[str]:
    """Each row as one letter per position: F filled, B blank, C covered."""
    return ["".join(c.state.value[0].upper() for c in row) for row in grid.cells]


def test_empty_label_cells_are_covered_and_empty_value_cells_blank() -> None:
    grid = grids(
        "| 三、本年度办理结果 | （一）予以公开 |  | 5 | 1 |\n"
        "|---|---|---|---|---|\n"
        "|  | （三）不予公开 | 1.属于国家秘密 |  | 2 |\n"
        "|  |  | 2.其他法律行政法规禁止公开 | 0 |  |\n"
        "| 四、结转下年度继续办理 |  |  | 3 | 4 |\n"
    )[0]
    assert states(grid) == ["FFCFF", "CFFBF", "CCFFB", "FCCFF"]
    side = grid.cells[0][0]
    assert (side.rowspan, side.colspan) == (3, 1)
    assert (grid.cells[0][1].rowspan, grid.cells[0][1].colspan) == (1, 2)
    assert (grid.cells[1][1].rowspan, grid.cells[1][1].colspan) == (2, 1)
    assert grid.cells[3][0].colspan == 3
    assert [c.text for c in grid.covering(2)] == ["三、本年度办理结果", "（三）不予公开"]


def test_a_label_grows_down_only_when_the_row_below_prints_a_label_further_right() -> None:
    # a row of values only (table 四) is not covered by the label above it
    grid = grids("| 件数 |  |\n|---|---|\n|  | 3 |\n")[0]
    assert states(grid) == ["FB", "BF"]


def test_an_empty_cell_under_a_header_name_of_its_own_is_blank() -> None:
    # a one-row piece cannot tell by its values where they start: its header can (r043's 数据1 …)
    grid = grids(
        "| 类别 | 数据1 | 数据2 | 总计 |\n|---|---|---|---|\n| 予以公开 |  | 9 | 9 |\n| 其他处理 |  |  |  |\n"
    )[0]
    assert states(grid) == ["FFFF", "FBFF", "FBBB"]
    # a header that merges over the label columns (written once, or repeated) lets the label grow
    for head in ("| 类别 |  | 数据1 |", "| 类别 | 类别 | 数据1 |"):
        grid = grids(f"{head}\n|---|---|---|\n| （一）予以公开 |  | 9 |\n")[0]
        assert states(grid)[1] == "FCF"


def test_merges_stay_rectangles() -> None:
    grid = grids("| 甲 |  |  | 1 |\n|---|---|---|---|\n|  | 乙 | 丙 | 2 |\n|  |  | 丁 | 3 |\n")[0]
    # 甲 spans the label columns; it cannot grow down over a row that prints 乙 under it,
    # and the blank under 甲's first column stays blank: a label must stand above a covered cell
    assert states(grid) == ["FCCF", "BFFF", "BCFF"]


def test_a_merged_cell_repeated_in_every_position_is_one_cell() -> None:
    # docling writes a merged cell's text in each position it covers
    block, table = grids(
        "| 信息内容 | 本年处理决定数量 | 本年处理决定数量 |\n|---|---|---|\n"
        "| 行政处罚 | 7 | 7 |\n"
        "| 行政强制 | 0 | 0 |\n\n"
        "| 三、本年度办理结果 | （一）予以公开 | （一）予以公开 | 5 |\n|---|---|---|---|\n"
        "| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 0 |\n"
        "| 三、本年度办理结果 | （三）不予公开 | 2.其他法律行政法规禁止公开 | 0 |\n"
    )
    assert states(block) == ["FFC", "FFC", "FFC"]
    assert states(table) == ["FFCF", "CFFF", "CCFF"]
    assert (table.cells[0][0].rowspan, table.cells[1][1].rowspan) == (3, 2)


def test_a_repeated_value_under_separate_headers_is_two_values() -> None:
    grid = grids("| 信息内容 | 本年制发件数 | 本年废止件数 |\n|---|---|---|\n| 规章 | 0 | 0 |\n")[0]
    assert states(grid) == ["FFF", "FFF"]


REVIEWS_HEAD = (
    "四、政府信息公开行政复议、行政诉讼情况\n\n"
    + "|"
    + "  |" * 15
    + "\n"
    + "|"
    + "---|" * 15
    + "\n"
    + "| 行政复议 |"
    + "  |" * 4
    + " 行政诉讼 |"
    + "  |" * 9
    + "\n"
    + "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |"
    + "  |" * 4
    + " 复议后起诉 |"
    + "  |" * 4
    + "\n"
    + "|"
    + "  |" * 5
    + " 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |" * 2
    + "\n"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("| 5 |  |  | 2 | 7 | 8 |  |  | 1 | 9 |" + "  |" * 5, [5, 0, 0, 2, 7, 8, 0, 0, 1, 9] + [0] * 5),
        ("|" + "  |" * 15, [0] * 15),
    ],
)
def test_table_four_under_an_empty_converter_header_row_reads_its_data_row(
    tmp_path: Path, data: str, expected: list[int | None]
) -> None:
    """pandoc prints a table whose first row is no header under an empty ``| | |`` row: that row of
    15 blanks is not table 四's data (all zeros) when the data row below prints numbers; a data
    row printed all blank still is."""
    path = tmp_path / "report.md"
    path.write_text("# 某某县2023年政府信息公开工作年度报告\n\n" + REVIEWS_HEAD + data + "\n", encoding="utf-8")
    report = extract(path)
    rows = report.tables["reviews_litigation"].rows
    assert rows is not None
    assert [v for group in rows.values() for v in group.values()] == expected


@pytest.mark.parametrize("name", ["pipe_2019.md", "pipe_2021.md"])
def test_rows_that_drop_the_positions_a_label_covers_read_as_rows_that_leave_them_empty(
    tmp_path: Path, name: str
) -> None:
    """markdownify and html2text leave out, in the rows under a merged label, the positions it
    covers, where marker or pandoc leave them empty: such a short row ending in values is aligned
    right, and the report reads the same."""
    source = FIXTURES / "markdown" / name
    lines = source.read_text("utf-8").split("\n")
    dropped = []
    for line in lines:
        cells = line.strip().strip("|").split("|") if line.startswith("|") else None
        while cells and len(cells) > 1 and not cells[0].strip() and cells[-1].strip().isdigit():
            cells = cells[1:]
        dropped.append("|" + "|".join(cells) + "|" if cells is not None else line)
    assert dropped != lines
    path = tmp_path / name
    path.write_text("\n".join(dropped), encoding="utf-8")
    assert flatten(extract(path).to_dict()["tables"]) == flatten(extract(source).to_dict()["tables"])
    assert flatten(extract(path).to_dict()["tables"]) == flatten(load_truth(source)["tables"])


def test_a_short_row_whose_first_number_would_stand_in_a_label_column_is_aligned_right() -> None:
    """markdownify drops the position a side label covers even when the row ends in blank cells
    (a publisher leaving 总计 blank): padded at the end, 14 would stand in the item column."""
    grid = grids(
        "| 一、本年新收 |  |  | 821 | 35 | 859 |\n"
        "|---|---|---|---|---|---|\n"
        "| 三、本年度办理结果 | （一）予以公开 |  | 258 | 12 |  |\n"
        "| （三）不予公开 | 1.属于国家秘密 | 14 |  |  |\n"
    )[0]
    assert [c.text for c in grid.cells[2]][-4:] == ["1.属于国家秘密", "14", "", ""]
    assert grid.cells[2][3].text == "14" and grid.cells[2][0].state is CellState.COVERED


def html2text_rows(source: Path) -> str:
    """``source`` as html2text writes it: no outer pipes; a 总计 of 0 printed blank (an empty
    last cell, the row ending in a pipe), and a labelled row's 总计 of 9 written after a
    paragraph break (an empty last cell, a blank line, the text)."""
    out = []
    for line in source.read_text("utf-8").split("\n"):
        if line.startswith("|") and set(line) <= set("|-: "):
            continue
        if not line.startswith("|"):
            out.append(line)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 10 and cells[-1] == "0":
            out.append("| ".join(cells[:-1]) + "|   ")
        elif len(cells) == 10 and cells[-1] == "9" and cells[2]:
            out += ["| ".join(cells[:-1]) + "|   ", "  ", "9   "]
        else:
            out.append("| ".join(cells))
    return "\n".join(out)


def test_html2text_rows_ending_in_a_pipe_end_in_an_empty_cell(tmp_path: Path) -> None:
    """A trailing pipe on a row that opens without one is an empty last cell, not an outer pipe,
    and a value on its own line right after such a row is that cell's text (html2text's cell
    opening with a paragraph break); the table goes on after it."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    path = tmp_path / "html2text.md"
    text = html2text_rows(source)
    assert text.count("|   \n  \n9   \n") == 1 and text.count("|   \n") > 5
    path.write_text(text, encoding="utf-8")
    result = extract(path).to_dict()
    assert flatten(result["tables"]) == flatten(load_truth(source)["tables"])
    # a page number between rows looks the same: the cell so filled is given with a doubt
    tailed = [w["key"] for w in result["warnings"] if w["code"] == "value_after_row"]
    assert len(tailed) == 1 and tailed[0].endswith(".total")
    row = tailed[0].removeprefix("applications.").removesuffix(".total")
    assert result["tables"]["applications"]["rows"][row]["total"] == 9


def test_rows_a_converter_stacked_in_one_are_divided_by_their_labels() -> None:
    rows, made = unstack_rows(
        [
            ["（四）无\n法提供", "1.本机关不掌握相关政府信\n息\n2.没有现成信息需要另行制\n作", "11\n5", "", "34\n33"],
            ["规章\n行政规范性文件", "0\n3", "2\n1"],
            ["规章\n行政规范性文件\n其他", "0\n3", "2\n1"],  # three labels, two numbers: left as printed
            ["4.保护第三方合法权益", "5\n6", "2"],  # one value cell holds one number: left as printed
            ["行政事业性收\n费", "24252.3\n11082"],  # a wrapped label beside a wrapped number: one row
        ]
    )
    assert rows[:4] == [
        ["（四）无\n法提供", "1.本机关不掌握相关政府信息", "11", "", "34"],
        ["", "2.没有现成信息需要另行制作", "5", "", "33"],
        ["规章", "0", "2"],
        ["行政规范性文件", "3", "1"],
    ]
    assert rows[4:] == [
        ["规章\n行政规范性文件\n其他", "0\n3", "2\n1"],
        ["4.保护第三方合法权益", "5\n6", "2"],
        ["行政事业性收\n费", "24252.3\n11082"],
    ]
    assert made == {0, 1, 2, 3}


def test_a_row_stacking_more_rows_than_a_table_has_is_left_as_printed() -> None:
    """Past MAX_ROWS stacked lines no report table is meant: the row is not divided (nor read line by line)."""
    for k, divided in ((MAX_ROWS, True), (MAX_ROWS + 1, False)):
        row = ["\n".join(["甲乙"] * k), "\n".join(["1"] * k)]
        rows, made = unstack_rows([row])
        assert (len(rows), bool(made)) == ((k, True) if divided else (1, False))


def test_a_report_whose_converter_stacked_rows_reads_them_and_says_so(tmp_path: Path) -> None:
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    one, two = "| 规章 | 0 | 5 | 0 |", "| 行政规范性文件 | 5 | 0 | 2208 |"
    assert one in text and two in text
    path = tmp_path / "stacked.md"
    path.write_text(text.replace(one + "\n" + two, "| 规章<br>行政规范性文件 | 0<br>5 | 5<br>0 | 0<br>2208 |"), "utf-8")
    report = extract(path)
    assert flatten(report.to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    said = {w.key for w in report.warnings if w.code == "rows_unstacked"}
    assert said == {
        f"active_disclosure.{r}.{c}"
        for r in ("rules", "normative_documents")
        for c in ("issued", "repealed", "in_force")
    }


def test_a_row_cut_by_a_page_break_into_two_tables_is_mended(tmp_path: Path) -> None:
    """pymupdf4llm makes each page's part of a table a table of its own, with invented headers
    (``Col1``…): the rest of a label the break cut off opens the next part as its header row. It is
    appended to the row it belongs to; a real next row (``3.补正后…``, with values) is not."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    row = "|  |  | 2.没有现成信息需要另行制作 | 9 | 9 | 0 | 0 | 0 | 9 | 27 |"
    assert row in text
    cut = (
        "|  |  | 2.没有现成 | 9 | 9 | 0 | 0 | 0 | 9 | 27 |\n\n"
        "| Col1 | Col2 | 信息需要另行制作 | Col4 | Col5 | Col6 | Col7 | Col8 | Col9 | Col10 |\n" + "|---" * 10 + "|"
    )
    path = tmp_path / "split.md"
    path.write_text(text.replace(row, cut), encoding="utf-8")
    labels = [c.text for g in grids(path.read_text("utf-8")) for r in g.cells for c in r]
    assert "2.没有现成信息需要另行制作" in labels and not any(t.startswith("Col") for t in labels)
    assert flatten(extract(path).to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    untouched = tmp_path / "next_row.md"
    following = "|  |  | 3.补正后申请内容仍不明确 | 1 | 2 | 0 | 0 | 0 | 0 | 3 |"
    assert f"{row}\n{following}\n" in text
    untouched.write_text(
        text.replace(f"{row}\n{following}\n", f"{row}\n\n{following}\n" + "|---" * 10 + "|\n"), "utf-8"
    )
    assert flatten(extract(untouched).to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    invented = tmp_path / "invented_header.md"  # r043: a header a converter made up over the values
    header = "| 项目 |  |  | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |"
    invented.write_text(text.replace(f"{row}\n", f"{row}\n\n{header}\n" + "|---" * 10 + "|\n"), "utf-8")
    assert flatten(extract(invented).to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    for first in (
        "|  |  | 3.补正后申请内容仍不明确 |  |  |  |  |  |  |  |",  # a row label: a row, not a label's rest
        "|  |  |  | 说明 |  |  |  |  |  |  |",  # text over a value cell: no label's rest
        "| 第二十条第（五）项 |  |  |  |  |  |  |  |  |  |",  # table 二's section row opening a part
    ):
        cells = [c.strip() for c in first.strip("|").split("|")]
        joined = tmp_path / "first_row.md"
        joined.write_text(text.replace(f"{row}\n", f"{row}\n\n{first}\n" + "|---" * 10 + "|\n"), "utf-8")
        texts = [c.text for g in grids(joined.read_text("utf-8")) for r in g.cells for c in r]
        assert "2.没有现成信息需要另行制作" in texts and all(t in texts for t in cells if t), first


def test_a_tag_pandoc_broke_over_lines_inside_a_table_row_is_joined(tmp_path: Path) -> None:
    """pandoc keeps a Word page's ``<span style="…">`` in the cells, line breaks inside the tag and
    all: the row's lines are one row again, and the tags are dropped from the cell text."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    span = (
        '<span style="font-family:仿宋_GB2312;color:rgb(51,51,51);\n letter-spacing:0pt;\n font-size:14pt;">{}</span>'
    )
    assert "| 规章 |" in text and "| 行政规范性文件 |" in text
    broken = text.replace("| 规章 |", "| " + span.format("规章") + " |").replace(
        "| 行政规范性文件 |", "| " + span.format("行政规范性文件") + " |"
    )
    path = tmp_path / "pandoc.md"
    path.write_text(broken, encoding="utf-8")
    assert flatten(extract(path).to_dict()["tables"]) == flatten(load_truth(source)["tables"])


def test_tables_without_outer_pipes_or_delimiter_rows_are_tables(tmp_path: Path) -> None:
    """html2text writes ``a| b| c`` rows with no outer pipes, and under a one-cell header no
    delimiter row GFM would accept: consecutive lines with as many pipes are still a table."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    lines = []
    for line in source.read_text("utf-8").split("\n"):
        if line.startswith("|") and set(line) <= set("|-: "):
            continue
        lines.append(line.strip().strip("|") if line.startswith("|") else line)
    path = tmp_path / "html2text.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert flatten(extract(path).to_dict()["tables"]) == flatten(load_truth(source)["tables"])


def test_a_row_standing_alone_with_outer_pipes_is_a_table(tmp_path: Path) -> None:
    """A converter that writes table 三's header once and each later piece's rows bare: a one-row piece
    (``| （一）予以公开 | 27 | … |`` under its heading) is still a table, not a paragraph."""
    source = FIXTURES / "markdown" / "pieces_2019.md"
    lines, header = [], ""
    for line in source.read_text("utf-8").split("\n"):
        if line.startswith("| 类别 |") and header:
            continue
        if set(line) <= set("|-: ") and line.startswith("|") and lines and lines[-1] == "":
            continue  # the delimiter under a header just dropped
        header = header or (line if line.startswith("| 类别 |") else "")
        lines.append(line)
    text = "\n".join(lines)
    assert text.count("| 类别 |") == 1 and "\n\n| 予以公开 |" in text
    # the file's last line, with no line break after it (helper-27 found this crashing)
    assert [b.n_rows for b in parse_markdown("正文。\n\n| 行政复议 | 0 | 0 |", HERE) if isinstance(b, Grid)] == [1]
    path = tmp_path / "bare.md"
    path.write_text(text, encoding="utf-8")
    assert flatten(extract(path).to_dict()["tables"]) == flatten(load_truth(source)["tables"])


def test_headings_and_inline_markup_become_plain_paragraphs() -> None:
    blocks = parse_markdown(
        "# 某某县2022年政府信息公开工作年度报告\n\n"
        "<!-- a page break\nover two lines -->\n"
        "## **二、主动公开政府信息情况**\n"
        "见[门户网站](https://example.gov.cn/) ![图](a.png) 与 `代码`，*强调* 与 __粗体__ \\* 星号。\n"
        "---\n"
        "- 列表项\n"
        "- 3 -\n"
        "第 4 页\n"
        "- 5\n",
        HERE,
    )
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts == [
        "某某县2022年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "见门户网站 与 代码，强调 与 粗体 * 星号。",
        "列表项",
        "5",
    ]


def test_cells_keep_escaped_pipes_and_line_breaks() -> None:
    grid = grids("| 渠道 | 条数 |\n|---|---|\n| 网站 \\| 微信 | 12 |\n| 商业<br>企业 | **3** |\n")[0]
    assert [[c.text for c in grid.origins(i)] for i in range(grid.n_rows)] == [
        ["渠道", "条数"],
        ["网站 | 微信", "12"],
        ["商业\n企业", "3"],
    ]
    assert inline("&nbsp;<span>甲</span>") == "\xa0甲".strip()


def test_a_row_of_dashes_is_data_not_a_delimiter() -> None:
    grid = grids("| (数据项目) | 数量 |\n|---|---|\n| - | - |\n")[0]
    assert [[c.text for c in grid.origins(i)] for i in range(grid.n_rows)] == [["(数据项目)", "数量"], ["-", "-"]]


def test_html_tables_go_through_the_html_reader_with_their_spans() -> None:
    blocks = parse_markdown(
        "# 三、收到和处理政府信息公开申请情况\n\n"
        '<html><body><table><tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>5</td></tr>'
        "<tr><td>（二）部分公开</td><td>2</td></tr></table></body></html>\n"
        "| 甲 | 1 |\n|---|---|\n",
        HERE,
    )
    assert isinstance(blocks[0], Paragraph)
    first, second = blocks[1], blocks[2]
    assert isinstance(first, Grid) and isinstance(second, Grid)
    assert (first.index, second.index) == (0, 1)
    assert first.cells[1][0].state is CellState.COVERED
    assert [c.text for c in first.covering(1)] == ["三、本年度办理结果"]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("text/*.txt")), ids=lambda p: p.name)
def test_text_fixtures_keep_their_shape(path: Path) -> None:
    assert text_shape(decode(path.read_bytes(), path)[0], path.suffix) == "seed"


@pytest.mark.parametrize(
    ("folder", "shape"), [("markdown", "markdown"), ("layout", "layout")], ids=["markdown", "layout"]
)
def test_new_fixtures_are_recognised(folder: str, shape: str) -> None:
    paths = sorted(p for p in (FIXTURES / folder).iterdir() if p.suffix in (".md", ".txt"))
    assert paths
    for path in paths:
        assert text_shape(decode(path.read_bytes(), path)[0], path.suffix) == shape, path.name


def test_shapes_from_their_own_marks() -> None:
    assert text_shape("| a | b |\n|---|---|\n| 1 | 2 |\n") == "markdown"
    assert text_shape("# 标题\n\n## 一、总体情况\n正文\n") == "markdown"
    assert text_shape("正文一行\n") == "seed"
    assert text_shape("正文一行\n", ".md") == "markdown"
    assert text_shape("\t甲\n\t1\n\n" * 5) == "seed"
    rows = "".join(f"行政许可{n}        {n}    0    {n}\n" for n in range(5))
    assert text_shape("标题\n" + rows) == "layout"
    assert text_shape("标题\n" + rows[: len(rows) // 2]) == "seed"


def test_markdown_files_are_text_even_when_they_open_with_a_table(tmp_path: Path) -> None:
    head = b"<table><tr><td>\xe7\x94\xb2</td><td>1</td></tr></table>\n"
    assert sniff(Path("a.md"), head) == "text"
    assert sniff(Path("a.txt"), head) == "html"
    path = tmp_path / "a.md"
    path.write_bytes(head + "## 二、主动公开政府信息情况\n".encode())
    doc = read(path)
    assert doc.format == "text" and isinstance(doc.blocks[0], Grid)


@pytest.mark.parametrize(
    "path", [p for p in corpus_cases("txt") if p.stem != "r043"], ids=lambda p: p.name
)  # r005–r011 are crawler-flattened pages: no reader splits them, none may claim them
def test_corpus_text_in_the_seed_shape_stays_with_the_seed_reader(path: Path) -> None:
    assert text_shape(decode(path.read_bytes(), path)[0], path.suffix) == "seed"
    read(path)  # no crash


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("markdown/*.md")), ids=lambda p: p.name)
def test_markdown_fixtures_give_back_every_planted_number(path: Path) -> None:
    got = flatten(extract(path).to_dict()["tables"])
    want = flatten(load_truth(path)["tables"])
    assert {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v} == {}


@needs_shared
def test_corpus_r043_markdown() -> None:
    """A converter's Markdown of a real report, tables cut into pieces with invented headers, reads back whole."""
    path = CORPUS / "r043.txt"
    assert text_shape(decode(path.read_bytes(), path)[0], path.suffix) == "markdown"
    got = flatten(extract(path).to_dict()["tables"])
    want = flatten(load_truth(path)["tables"])
    assert {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v} == {}


_CELLS = [
    "",
    "",
    "三、本年度办理结果",
    "（一）予以公开",
    "1.属于国家秘密",
    "0",
    "12",
    "-",
    "**7**",
    "a\\|b",
    "<br>",
    "—",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_CELLS), min_size=1, max_size=7), min_size=1, max_size=12))
def test_any_pipe_table_is_a_rectangle_of_filled_blank_and_covered_cells(table: list[list[str]]) -> None:
    text = "| " + " | ".join(table[0]) + " |\n|" + "---|" * len(table[0]) + "\n"
    text += "".join("| " + " | ".join(row) + " |\n" for row in table[1:])
    grid = grids(text)[0]
    assert grid.n_rows == len(table)
    for r, row in enumerate(grid.cells):
        assert len(row) == grid.n_cols
        for cell in row:
            origin = grid.cells[cell.row][cell.col]
            assert not origin.is_covered
            assert origin.row <= r < origin.row + origin.rowspan


@pytest.mark.parametrize(
    ("row", "beside", "prose", "table", "key"),
    [
        # pymupdf4llm ended table 三 a row early and printed 四、结转下年度继续办理 as text under it,
        # its label broken round its numbers
        (
            "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 0 | 2 | 2 |",
            "\n四、结转下年度继续办\n0 0 0 0 0 2 2\n理\n\n本年度共办结申请 35 件。",
            "\n本年度共办结申请 35 件，结转下年度继续办理 2 件。",
            "applications",
            "carried_forward",
        ),
        # it ended table 二 after the 第二十条第（八）项 header and printed the fees row as text,
        # its label wrapped (as on a narrow page)
        (
            "| 行政事业性收费 | 24252.311082 |  |  |",
            "\n行政事业性收\n\n费\n\n24252.311082\n",
            "\n本年度未收取信息处理费。\n",
            "active_disclosure",
            "fees",
        ),
        # a PDF's page footer (- 5 -) under the row: a page number, no list item holding a 5
        (
            "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 0 | 2 | 2 |",
            "\n四、结转下年度继续办理 0 0 0 0 0 2 2\n- 5 -\n",
            "\n本年度共办结申请 35 件，结转下年度继续办理 2 件。\n- 5 -\n",
            "applications",
            "carried_forward",
        ),
    ],
)
def test_a_row_a_converter_printed_beside_the_table_is_read_from_the_text(
    tmp_path: Path, row: str, beside: str, prose: str, table: str, key: str
) -> None:
    """The row is read from the text beside the table and says so; prose with a number in it adds nothing."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    assert row in text
    path = tmp_path / "beside.md"
    path.write_text(text.replace(row, beside), "utf-8")
    report = extract(path)
    assert flatten(report.to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    said = {w.key for w in report.warnings if w.code == "row_beside_table"}
    assert said == {f"{table}.{key}.{c}" for c in report.tables[table].rows[key]}
    paragraphs = read(path).paragraph_text()  # each value says where in the report's paragraphs it was printed
    for cell in report.to_dict()["cells"]:
        if cell["key"] in said:
            start, end = cell["span"]
            assert paragraphs[start:end] == cell["raw"]
    assert not any(w.code == "row_missing" for w in report.warnings)
    dropped = tmp_path / "dropped.md"
    dropped.write_text(text.replace(row, prose), "utf-8")
    rows = extract(dropped).tables[table].rows
    assert rows is not None and set(rows[key].values()) == {None}


def test_table_two_rows_joined_into_a_wider_table_keep_their_values(tmp_path: Path) -> None:
    """pymupdf4llm 1.27 joins table 二's last blocks with table 三's head: its rows print their value,
    then empty cells up to the wide table's width, the first one under no header of its grid."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    start = text.index("| 行政许可 | 0 |  |  |")
    end = text.index("\n", text.index("| 行政事业性收费 |"))
    rows = [line.rstrip().removesuffix("|").rstrip() for line in text[start:end].split("\n")]
    wide = "\n".join(line + " |" * 5 + " |" for line in rows)
    joined = text[:start] + "\n| 申请情况 |" + " |" * 9 + "\n" + "|---" * 10 + "|\n" + wide + text[end:]
    path = tmp_path / "joined_wide.md"
    path.write_text(joined, "utf-8")
    report = extract(path)
    assert flatten(report.to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    said = {w.key for w in report.warnings if w.code == "values_trailing_empty"}
    assert "active_disclosure.licensing" in said
    # a value one cell right of its header, the header's merge split into text and empty cells to the row's end:
    # the header and the row's only printed value agree, as in a row printing its value first
    shifted = tmp_path / "shifted.md"
    shifted.write_text(joined.replace("| 行政处罚 | 0 |  |", "| 行政处罚 |  | 0 |"), "utf-8")
    report = extract(shifted)
    assert flatten(report.to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    assert any(w.code == "values_trailing_empty" and w.key == "active_disclosure.punishment" for w in report.warnings)


def test_a_table_two_grid_holding_the_head_of_table_three_serves_both(tmp_path: Path) -> None:
    """pymupdf4llm 1.27 printed table 二's last blocks and table 三's header and first row as one
    table (more of table 二's words than 三's), the rest of table 三 as the next one."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    lines = source.read_text("utf-8").split("\n")
    five = lines.index("| 第二十条第（五）项 |  |  |  |")
    three = lines.index("## 三、收到和处理政府信息公开申请情况")
    second = next(i for i, line in enumerate(lines) if line.startswith("| 二、上年结转"))
    pad = " |" * 6
    two = [line + pad for line in lines[five:three] if line.startswith("|")]
    head = [line for line in lines[three:second] if line.startswith("|") and not line.startswith("|---")]
    joined = [*lines[:five], "", two[0], "|---" * 10 + "|", *two[1:], *head, "", lines[second]]
    joined += ["|---" * 10 + "|", *lines[second + 1 :]]
    path = tmp_path / "joined_two_three.md"
    path.write_text("\n".join(joined), "utf-8")
    report = extract(path)
    assert flatten(report.to_dict()["tables"]) == flatten(load_truth(source)["tables"])


def test_a_row_whose_total_a_page_break_sent_into_the_next_table_is_mended(tmp_path: Path) -> None:
    """pymupdf4llm made each page's part of table 三 a table: the row broken over the page ends the
    first without its total, and the second, wider, opens with a row printing only that total."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    row = "| 一、本年新收政府信息公开申请数量 |  |  | 44 | 27 | 0 | 0 | 0 | 45 | 116 |"
    assert row in text
    cut = row.replace("| 116 |", "|  |") + "\n\n|" + "  |" * 11 + " 116 |\n" + "|---" * 12 + "|"
    path = tmp_path / "total_cut.md"
    path.write_text(text.replace(row, cut), "utf-8")
    assert flatten(extract(path).to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    # a value the row above prints already is no such end: the row keeps its blank
    clash = tmp_path / "clash.md"
    clash.write_text(text.replace(row, cut.replace("  | 116 |", " 1 | 116 |")), "utf-8")
    rows = extract(clash).tables["applications"].rows
    assert rows is not None and rows["new_received"]["total"] != 116


def test_a_row_printing_more_values_than_columns_all_the_same_takes_that_value(tmp_path: Path) -> None:
    """pymupdf4llm 1.27 repeats a row's cells: nine zeros for seven columns give seven zeros, with a doubt;
    nine values that differ still leave the row null."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    row = "|  |  | 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    assert row in text
    path = tmp_path / "repeated.md"
    path.write_text(text.replace(row, row + " 0 | 0 |"), "utf-8")
    report = extract(path)
    assert flatten(report.to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    said = {w.key for w in report.warnings if w.code == "values_uniform"}
    assert said == {
        f"applications.not_processed.publication.{c}"
        for c in report.tables["applications"].rows["not_processed.publication"]
    }
    mixed = tmp_path / "mixed.md"
    mixed.write_text(text.replace(row, row + " 1 | 0 |"), "utf-8")
    rows = extract(mixed).tables["applications"].rows
    assert rows is not None and set(rows["not_processed.publication"].values()) == {None}


def test_a_row_printed_as_text_between_two_pieces_of_the_table_is_read_from_there(tmp_path: Path) -> None:
    """A converter cut table 三 in two and printed the row at the cut as a line of text between them."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    row = "|  | （四）无法提供 | 1.本机关不掌握相关政府信息 | 2 | 2 | 0 | 0 | 0 | 0 | 4 |"
    assert row in text
    invented = "| 类别 | 项目 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 |\n" + "|---" * 10 + "|"
    cut = "\n（四）无法提供 1.本机关不掌握相关政府信息 2 2 0 0 0 0 4\n\n" + invented
    path = tmp_path / "between.md"
    path.write_text(text.replace(row, cut), "utf-8")
    report = extract(path)
    assert flatten(report.to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    assert {w.key for w in report.warnings if w.code == "row_beside_table"} == {
        f"applications.unable.not_held.{c}" for c in report.tables["applications"].rows["unable.not_held"]
    }


def test_a_row_beside_the_table_is_read_when_the_sections_heading_went_into_a_cell(tmp_path: Path) -> None:
    """pymupdf4llm put the heading 三、收到和处理… into a cell of table 二 and the last row of table 三,
    on one line, under it: the row is found by where it stands, next to the table."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    row = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 0 | 2 | 2 |"
    heading = "## 三、收到和处理政府信息公开申请情况"
    assert row in text and heading in text
    moved = text.replace(row, "\n四、结转下年度继续办 0 0 0 0 0 2 2 理\n").replace(heading, "")
    fees = next(line for line in text.split("\n") if line.startswith("| 行政事业性收费 |"))
    moved = moved.replace(fees, fees + "\n| 三、收到和处理政府信息公开申请情况 |  |  |  |")
    path = tmp_path / "heading_in_cell.md"
    path.write_text(moved, "utf-8")
    report = extract(path)
    assert flatten(report.to_dict()["tables"]) == flatten(load_truth(source)["tables"])
    assert any(w.code == "row_beside_table" for w in report.warnings)


def test_a_grid_holding_the_end_of_table_three_and_table_four_serves_both(tmp_path: Path) -> None:
    """A converter cut table 三 at a page break and printed its last rows in one table with table 四."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    lines = source.read_text("utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if "（六）其他处理" in line)
    four = next(i for i, line in enumerate(lines) if line.startswith("## 四、"))
    tail = [line for line in lines[cut:four] if line.startswith("|")]
    head = [line for line in lines[four + 1 :] if line.startswith("|")][:2]
    assert len(tail) == 5 and "行政复议" in head[0]
    rest = [line for line in lines[four + 1 :] if line.startswith("|")][2:]
    after = [line for line in lines[four + 1 :] if not line.startswith("|")]
    joined = [*lines[:cut], "", *head, *tail, *rest, *after]
    path = tmp_path / "joined.md"
    path.write_text("\n".join(joined), "utf-8")
    assert flatten(extract(path).to_dict()["tables"]) == flatten(load_truth(source)["tables"])


_NO_CORRECTION = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
_FEE_UNPAID = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # （六）其他处理 set on the group's second row, as a merged cell centred down the side prints
        ([f"|  |  | {_NO_CORRECTION} |"], [f"|  | （六）其他处理 | {_FEE_UNPAID} |"]),
        # a tall row broken over two table lines: its label's start with no values, then the label's end
        # (no numbering of its own) with the values (pymupdf4llm)
        (
            [f"|  | （六）其他处理 | {_NO_CORRECTION} |"],
            [f"|  |  | {_FEE_UNPAID[:13]} |", f"|  |  | {_FEE_UNPAID[13:]} |"],
        ),
        # both, as pymupdf4llm 2.0 printed corpus r022: the group's first row broken, its label set lower
        (
            [f"|  |  | {_NO_CORRECTION[:19]} |", f"|  |  | {_NO_CORRECTION[19:]} |"],
            [f"|  | （六）其他处理 | {_FEE_UNPAID} |"],
        ),
    ],
)
def test_rows_a_converter_printed_apart_from_their_group_label_or_over_two_lines_are_read(
    tmp_path: Path, first: list[str], second: list[str]
) -> None:
    """Each row's numbers stay with its label, the two rows' numbers swapped so that a row read as the
    other, or as its neighbour, shows (the sums hold either way)."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    truth = load_truth(source)["tables"]
    rows = truth["applications"]
    rows["other.no_correction"], rows["other.fee_unpaid"] = rows["other.fee_unpaid"], rows["other.no_correction"]
    assert rows["other.no_correction"] != rows["other.fee_unpaid"]

    def printed(parts: list[str], values: dict[str, int]) -> str:
        blank = "  |" * len(values)
        cells = "".join(f" {v} |" for v in values.values())
        return "\n".join(part + (cells if n == len(parts) - 1 else blank) for n, part in enumerate(parts))

    start = text.index(f"|  | （六）其他处理 | {_NO_CORRECTION} |")
    end = text.index("|  |  | 3.其他 |")
    group = printed(first, rows["other.no_correction"]) + "\n" + printed(second, rows["other.fee_unpaid"]) + "\n"
    path = tmp_path / "moved.md"
    path.write_text(text[:start] + group + text[end:], "utf-8")
    report = extract(path)
    assert flatten(report.to_dict()["tables"]) == flatten(truth)
    assert not any(w.code in ("row_missing", "row_duplicate", "row_unmatched") for w in report.warnings)


def test_a_blank_row_retyped_above_a_row_whose_number_was_dropped_stays_two_rows(tmp_path: Path) -> None:
    """The lower row's words are a template row's whole label: joined to the blank row above, the label
    would read worse than it does alone, so the rows are not one tall row broken in two."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    text = source.read_text("utf-8")
    four = "|  |  | 4.无正当理由大量反复申请 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |"
    five = "|  |  | 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    assert four in text and five in text
    blank = "|  |  | 4.无正当理由反复 |" + "  |" * 7
    text = text.replace(four, blank).replace(
        five, "|  |  | 要求行政机关确认或重新出具已获取信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |"
    )
    path = tmp_path / "retyped.md"
    path.write_text(text, "utf-8")
    rows = extract(path).tables["applications"].rows
    assert rows is not None
    assert rows["not_processed.abusive"] == dict.fromkeys(rows["not_processed.abusive"], 0)
    assert rows["not_processed.confirmation"]["total"] == 2


def test_a_table_two_value_printed_over_its_label_under_a_header_only_table_is_read(tmp_path: Path) -> None:
    # markitdown: a block's only row printed as two lines of text under its header's table, the
    # value over the label; the next block's table goes on after them
    source = (FIXTURES / "markdown" / "pipe_2021.md").read_text("utf-8")
    block = "| 第二十条第（五）项 |  |  |  |\n| 信息内容 | 本年处理决定数量 |  |  |\n| 行政许可 | 0 |  |  |\n"
    assert block in source
    shredded = (
        "\n第二十条第（五）项\n\n| 信息内容 | 本年处理决定数量 |\n|---|---|\n\n37\n\n行政许可\n\n|---|---|---|---|\n"
    )
    path = tmp_path / "shredded.md"
    path.write_text(source.replace(block, shredded), "utf-8")
    got = extract(path).to_dict()
    cell = next(c for c in got["cells"] if c["key"] == "active_disclosure.licensing.decisions")
    assert cell["value"] == 37
    codes = {w["code"] for w in got["warnings"] if w["key"] == "active_disclosure.licensing.decisions"}
    assert "row_beside_table" in codes
    # the rows around it are read as before
    assert flatten(got["tables"])["active_disclosure.punishment.decisions"] == 0


def test_a_value_after_its_label_is_never_given_to_the_label_below_it(tmp_path: Path) -> None:
    source = (FIXTURES / "markdown" / "pipe_2021.md").read_text("utf-8")
    block = "| 行政处罚 | 0 |  |  |\n| 行政强制 | 0 |  |  |\n"
    assert block in source
    path = tmp_path / "beside.md"
    path.write_text(source.replace(block, "\n行政处罚 7\n\n行政强制\n\n|---|---|---|---|\n"), "utf-8")
    have = flatten(extract(path).to_dict()["tables"])
    assert have["active_disclosure.punishment.decisions"] == 7
    assert have["active_disclosure.enforcement.decisions"] is None


@pytest.mark.parametrize(("printed", "want"), [(" | 9487 | ", 9487), (" 5 | 9487 | ", None)])
def test_a_one_column_row_s_one_value_among_the_empty_cells_of_a_split_column_is_its_value(
    printed: str, want: int | None, tmp_path: Path
) -> None:
    # pymupdf4llm splits 本年处理决定数量 over two cells (本 | 年处理决定数量), the value under the second
    source = (FIXTURES / "markdown" / "pipe_2021.md").read_text("utf-8")
    block = "| 信息内容 | 本年处理决定数量 |  |  |\n| 行政许可 | 0 |  |  |\n"
    assert block in source
    split = f"| 信息内容 | 本 | 年处理决定数量 |  |\n| 行政许可 |{printed}|\n"
    path = tmp_path / "split.md"
    path.write_text(source.replace(block, split), "utf-8")
    got = extract(path).to_dict()
    assert flatten(got["tables"])["active_disclosure.licensing.decisions"] == want


def test_a_converter_s_table_four_row_with_two_numbers_run_together_is_read_in_doubt(tmp_path: Path) -> None:
    """markitdown's shape of a wide row: neighbouring cells in one, a padding cell, and 3 and 4 printed
    as 34 where two cells met; only the split 3 | 4 makes every group's 总计 hold."""
    source = (FIXTURES / "markdown" / "pipe_2021.md").read_text("utf-8")
    row = "| 0 | 0 | 1 | 0 | 1 | 1 | 0 | 0 | 0 | 1 | 0 | 1 | 0 | 3 | 4 |"
    assert row in source
    path = tmp_path / "merged.md"
    path.write_text(source.replace(row, "| 0 0 | 1 0 1 | 1 0 0 0 1 |  | 0 1 0 34 |"), "utf-8")
    got = extract(path).to_dict()
    assert list(got["tables"]["reviews_litigation"]["rows"]["litigation_after_review"].values()) == [0, 1, 0, 3, 4]
    doubted = {w["key"] for w in got["warnings"] if w["code"] == "segmented_by_sums"}
    rows = got["tables"]["reviews_litigation"]["rows"]
    assert doubted == {f"reviews_litigation.{g}.{c}" for g, row in rows.items() for c in row}  # all placed by it


def test_a_row_printed_as_picture_text_its_numbers_between_its_label_s_lines_is_read(tmp_path: Path) -> None:
    """pymupdf4llm reads the end of table 三 as a picture's text: each row a line, a wrapped label's
    numbers on its middle line (``5. 要求…重新`` / ``1 0 0 0 0 0 1`` / ``出具已获取信息``), the line
    breaks spaces in the paragraph. The label's end completes its row's label, not the next one's."""
    source = (FIXTURES / "markdown" / "pipe_2021.md").read_text("utf-8")
    start = source.index("|  |  | 5.要求行政机关确认或重新出具已获取信息")
    end = source.index("## 四、")
    lines = [
        "5. 要求行政机关确认或重新",
        "1 0 0 0 0 0 1",
        "出具已获取信息",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 2 2",
        "3.其他 0 1 0 0 0 1 2",
        "（七）总计 45 27 0 0 0 44 116",
        "四、结转下年度继续办理 0 0 0 0 0 2 2",
    ]
    picture = "<!-- Start of picture text -->\n" + "<br>".join(lines) + "<br><!-- End of picture text -->\n\n"
    path = tmp_path / "picture.md"
    path.write_text(source[:start] + "\n" + picture + source[end:], "utf-8")
    got = extract(path).to_dict()
    rows = got["tables"]["applications"]["rows"]
    assert list(rows["not_processed.confirmation"].values()) == [1, 0, 0, 0, 0, 0, 1]
    assert list(rows["other.other"].values()) == [0, 1, 0, 0, 0, 1, 2]
    assert list(rows["total_processed"].values()) == [45, 27, 0, 0, 0, 44, 116]
    codes = {w["code"] for w in got["warnings"] if w["key"].startswith("applications.not_processed.confirmation")}
    assert "row_beside_table" in codes


def test_a_column_title_split_over_two_cells_heads_both(tmp_path: Path) -> None:
    """pymupdf4llm splits 上一年项目数量 over two cells (``上⼀ | 年项⽬数量``), the row's first value under the
    first half, an empty cell under the second: the title spans both, the value is its column's."""
    source = (FIXTURES / "markdown" / "pipe_2019.md").read_text("utf-8")
    block = "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n| 行政许可 | 5 | 0 | 2208 |\n"
    assert block in source
    split = "| 信息内容 | 上⼀ | 年项⽬数量 | 本年增/减 | 处理决定数量 |\n| 行政许可 | 5 |  | 0 | 2208 |\n"
    path = tmp_path / "split.md"
    path.write_text(source.replace(block, split), "utf-8")
    got = flatten(extract(path).to_dict()["tables"])
    assert [got[f"active_disclosure.licensing.{c}"] for c in ("items_last_year", "items_change", "decisions")] == [
        5,
        0,
        2208,
    ]


def test_a_blank_under_column_titles_printed_in_the_body_stays_a_blank(tmp_path: Path) -> None:
    """A block of its own whose column titles the converter set in its body, over a row that leaves its first
    value blank: the blank is under 上一年项目数量, not part of the label's cell, so ``+9`` is the 本年增/减
    (helper-38's fuzzer: it was read as 上一年项目数量, silently)."""
    source = (FIXTURES / "markdown" / "pipe_2019.md").read_text("utf-8")
    block = "| 第二十条第（八）项 |  |  |  |\n| 信息内容 | 上一年项目数量 | 本年增/减 |  |\n"
    block += "| 行政事业性收费 | 42 | 0 |  |\n"
    assert block in source
    alone = (
        "\n| 第二十条第（八）项 |  |  |  |\n|---|---|---|---|\n| 信息内容 | 上一年项目数量 | 本年增/减 |  |\n"
        "| 行政事业性收费 |  | +9 |  |\n\n"
    )
    path = tmp_path / "signed.md"
    path.write_text(source.replace(block, alone), "utf-8")
    got = extract(path).to_dict()
    assert got["tables"]["active_disclosure"]["rows"]["fees"] == {"items_last_year": 0, "items_change": 9}


_T4_HEAD = (
    "# 某某市某某局2022年政府信息公开工作年度报告\n\n## 四、政府信息公开行政复议、行政诉讼情况\n\n"
    "| 行政复议 |  |  |  |  | 行政诉讼 |  |  |  |  |  |  |  |  |  |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    "|  |  |  |  |  | 未经复议直接起诉 |  |  |  |  | 复议后起诉 |  |  |  |  |\n"
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 "
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
)


def _table_four(tmp_path: Path, row: str) -> tuple[dict[str, dict[str, object]], dict[str, set[str]]]:
    path = tmp_path / "t4.md"
    path.write_text(_T4_HEAD + row + "\n", "utf-8")
    return table_four_of(path)


def test_an_empty_cell_past_the_delimiter_rows_width_is_no_cell(tmp_path: Path) -> None:
    """Markdown ignores cells beyond the table's columns: an empty one there (helper-39's fuzzer) pushed a row whose
    first cell is blank one column right, and 未经复议直接起诉 read 0 | 5 | 0 | 5 | 10, adding up, with no doubt."""
    rows, _ = _table_four(tmp_path, "|  | 12 | 10 | 3 | 25 |  |  | 5 |  | 5 | 10 | 30 |  | 0 | 40 |  |")
    assert rows == {
        "administrative_review": {"upheld": 0, "corrected": 12, "other": 10, "pending": 3, "total": 25},
        "litigation_direct": {"upheld": 0, "corrected": 0, "other": 5, "pending": 0, "total": 5},
        "litigation_after_review": {"upheld": 10, "corrected": 30, "other": 0, "pending": 0, "total": 40},
    }
    full = "| 2 | 30 | 3 | 12 | 48 | 0 | 12 | 3 | 15 | 30 | 0 | 0 | 0 | 0 | 0 |  |"  # 48: the publisher's error
    rows, codes = _table_four(tmp_path, full)
    assert rows["administrative_review"]["total"] == 48  # all fifteen printed: nothing lost, no row-wide doubt
    assert not any("values_padded" in found for found in codes.values())


@pytest.mark.parametrize("after", ["", "  |  |"], ids=["short", "empty cells past the columns"])
def test_a_short_data_row_whose_padding_breaks_a_sum_is_in_doubt_throughout(tmp_path: Path, after: str) -> None:
    """Fourteen cells for fifteen: Markdown pads the row at its end, but a converter that merged a blank into its
    neighbour lost it from the middle. 未经复议直接起诉 then reads 0 | 12 | 3 | 15 | 30 (it was 0 | 0 | 12 | 3 | 15),
    which adds up; the last group does not, so every cell of the row is in doubt. So too where the converter
    also printed empty cells past the columns, which Markdown ignores (helper-39's fuzzer)."""
    row = "| 2 | 30 | 3 | 12 | 47 |  | 12 | 3 | 15 | 30 |  |  |  | 30 |" + after
    rows, codes = _table_four(tmp_path, row)
    assert rows["litigation_direct"] == {"upheld": 0, "corrected": 12, "other": 3, "pending": 15, "total": 30}
    for group, cells in rows.items():
        for column in cells:
            assert "values_padded" in codes[f"reviews_litigation.{group}.{column}"]
    rows, codes = _table_four(tmp_path, "| 2 | 30 | 3 | 12 | 47 |  | 12 | 3 | 15 | 30 | 0 | 0 | 0 | 0 |")
    assert rows["litigation_after_review"]["total"] == 0  # the blank last: every 总计 holds, nothing to doubt
    assert not any("values_padded" in found for found in codes.values())
