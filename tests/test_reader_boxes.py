"""Tables drawn with box characters (``w3m -dump``, grid tables): borders, spans, text wrapped over lines."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gi_extract import extract
from gi_extract.grid import CellState, Grid
from gi_extract.readers.boxes import has_boxes, parse_boxes
from gi_extract.readers.text import text_shape

from conftest import FIXTURES, corpus_cases, flatten, load_truth, needs_shared

needs_w3m = pytest.mark.skipif(shutil.which("w3m") is None, reason="w3m not installed (apt-get install w3m)")

# w3m's way: a label merged down the side, its text centred on the lines of its rows, one of them a
# rule line for the cells beside it; a header cell spanning two columns; a Chinese character two wide.
W3M = """\
三、收到和处理政府信息公开申请情况
┌──────────┬──────────────┬──────────┐
│          │申请人情况               │
│  项目    ├──────┬───────┼──────────┤
│          │自然人│法人   │  总计    │
├──────────┼──────┼───────┼──────────┤
│（一）予以│3     │1      │4         │
│公开      │      │       │          │
├──────────┼──────┼───────┼──────────┤
│          │2     │0      │2         │
│（三）不予├──────┼───────┼──────────┤
│公开      │5     │       │5         │
└──────────┴──────┴───────┴──────────┘
四、政府信息公开行政复议、行政诉讼情况
"""


def grids(text: str) -> list[Grid]:
    return [b for b in parse_boxes(text) if isinstance(b, Grid)]


def rows(grid: Grid) -> list[list[str]]:
    return [[c.text if c.state is not CellState.COVERED else "^" for c in row] for row in grid.cells]


def test_a_w3m_drawing_becomes_its_cells_with_their_spans() -> None:
    assert text_shape(W3M) == "boxes"
    (grid,) = grids(W3M)
    assert rows(grid) == [
        ["项目", "申请人情况", "^", "^"],
        ["^", "自然人", "法人", "总计"],
        ["（一）予以公开", "3", "1", "4"],
        ["（三）不予公开", "2", "0", "2"],
        ["^", "5", "", "5"],
    ]
    side = grid.cells[3][0]
    assert (side.rowspan, side.colspan) == (2, 1)
    assert (grid.cells[0][1].rowspan, grid.cells[0][1].colspan) == (1, 3)
    assert grid.cells[4][2].state is CellState.BLANK


def test_paragraphs_around_the_drawing_are_kept_in_order() -> None:
    blocks = parse_boxes(W3M)
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Grid", "Paragraph"]


ASCII = """\
+--------+------------------+
|信息内容|本年处理决定数量  |
+========+==================+
|行政许可|12                |
+--------+------------------+
|行政处罚|| 7               |
|        || 8               |
+--------+------------------+
"""


def test_an_ascii_grid_table_and_a_pipe_inside_a_cell() -> None:
    """reStructuredText's grid tables: ``+---+`` rules, ``|`` borders; a ``|`` that no rule line has a
    junction over opens a line of the cell's line block (pandoc writes a cell's paragraphs so): a mark,
    not text. Two numbers on lines of their own stay two, for the value parser to refuse."""
    (grid,) = grids(ASCII)
    assert rows(grid) == [["信息内容", "本年处理决定数量"], ["行政许可", "12"], ["行政处罚", "7\n8"]]
    blank_lines = lined(
        "+--------+------+",
        "|3.其他  |      |",
        "|        ||     |",
        "|        ||     |",
        "|        |0     |",
        "+--------+------+",
    )
    assert rows(grids(blank_lines)[0]) == [["3.其他", "0"]]


def test_a_part_of_the_table_whose_borders_shift_by_one_column() -> None:
    """w3m draws a section of table 二 with its borders one column off (``┴┬``): the sliver between
    them joins no cell above to one below."""
    text = "\n".join(
        [
            "┌────┬─────┬────┐",
            "│规章│13   │524 │",
            "├────┼─────┴┬───┤",
            "│许可│0     │5  │",
            "└────┴──────┴───┘",
        ]
    )
    (grid,) = grids(text)
    assert [[c.text for c in r if c.state is not CellState.COVERED] for r in grid.cells] == [
        ["规章", "13", "524"],
        ["许可", "0", "5"],
    ]


def test_text_with_box_characters_but_no_table_is_not_a_drawing() -> None:
    assert not has_boxes("│ a quotation mark\n│ another\n")
    assert text_shape("一、总体情况\n——————\n二、主动公开\n") != "boxes"


@needs_w3m
@pytest.mark.parametrize(
    "page", [*sorted((FIXTURES / "html").glob("*.html")), *corpus_cases("html")], ids=lambda p: p.name
)
def test_w3m_dumps_of_the_pages_read_back_to_their_truth(page: Path, tmp_path: Path) -> None:
    truth = page.with_name(page.stem + ".truth.json")
    if not truth.exists():
        pytest.skip(f"{page.name} has no truth file")
    out = subprocess.run(
        ["w3m", "-dump", "-cols", "200", "-O", "UTF-8", "-T", "text/html", str(page)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    text = tmp_path / f"{page.stem}.txt"
    text.write_bytes(out.stdout)
    assert flatten(extract(text).to_dict()["tables"]) == flatten(load_truth(truth)["tables"])


@needs_shared
def test_the_corpus_has_pages_to_dump() -> None:
    assert corpus_cases("html")


_PIECES = ["│", "├", "┼", "─", "┤", "┌", "┐", "└", "┘", "+", "-", "|", " ", "0", "12", "公开", "\n"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=120).map("".join))
def test_any_drawing_reads_without_error(text: str) -> None:
    for grid in grids(text):
        assert all(len(row) == grid.n_cols for row in grid.cells)


def test_quotation_marks_w3m_counts_two_wide() -> None:
    """“” are East Asian Ambiguous: w3m draws them two columns wide, pandoc one. A line is measured
    the way its borders meet the table's."""
    text = "\n".join(
        [
            "┌──────────────────────┬──┐",
            "│2.其他                │0 │",
            "├──────────────────────┼──┤",
            "│3.危及“三安全一稳定”│7 │",
            "└──────────────────────┴──┘",
        ]
    )
    (grid,) = grids(text)
    assert rows(grid) == [["2.其他", "0"], ["3.危及“三安全一稳定”", "7"]]


def test_two_tables_drawn_one_under_the_other_are_two_grids() -> None:
    text = "┌──┬──┐\n│a │1 │\n└──┴──┘\n┌───┬─┐\n│b  │2│\n└───┴─┘\n"
    assert [rows(g) for g in grids(text)] == [[["a", "1"]], [["b", "2"]]]


def lined(*lines: str) -> str:
    return "\n".join(lines)


def test_a_cells_own_dashes_are_its_text_not_a_rule() -> None:
    """``--`` and ``──`` are "none" marks inside a cell: between two borders they are text (read as 0)."""
    text = lined(
        "+----------+----+----+-----+",
        "|行政规范性|16  | -- |299  |",
        "|文件      |    |    |     |",
        "+----------+----+----+-----+",
        "┌────┬──┬──┐",
        "│规章│0 │──│",
        "└────┴──┴──┘",
    )
    assert [rows(g) for g in grids(text)] == [[["行政规范性文件", "16", "--", "299"]], [["规章", "0", "──"]]]


def test_heavy_and_double_lines_as_w3m_draws_border_2() -> None:
    text = lined("┏━━━━┯━━━┓", "┃规章│13 ┃", "┠────┼───┨", "┃许可│5  ┃", "┗━━━━┷━━━┛")
    assert [rows(g) for g in grids(text)] == [[["规章", "13"], ["许可", "5"]]]


def test_zero_width_characters_take_no_column() -> None:
    text = lined("┌────┬──┐", "│规\u200b章│13│", "└────┴──┘")
    assert rows(grids(text)[0]) == [["规\u200b章", "13"]]


def test_numbers_on_lines_of_their_own_in_one_cell_are_two_numbers_a_wrapped_one_is_one() -> None:
    """No rule between 4 and 299: one cell holding two numbers, which no value may be read from; a
    number too long for its column wraps, filling the line, and is read whole."""
    text = lined(
        "+--------+--------+",
        "|规章    |4       |",
        "|        |299     |",
        "+--------+--------+",
        "|收费    |24252.31|",
        "|        |1082    |",
        "+--------+--------+",
    )
    assert rows(grids(text)[0]) == [["规章", "4\n299"], ["收费", "24252.311082"]]
    from gi_extract.values import Kind, parse_value

    assert parse_value("4\n299", Kind.COUNT).value is None
    assert parse_value("4\n299", Kind.COUNT).problem == "several numbers in one cell: '4\\n299'"


def test_a_framed_note_or_menu_does_not_make_the_text_a_drawing() -> None:
    """Only a drawing that prints a standard table's words makes the text a drawing: a framed note
    above layout text leaves it layout text."""
    note = lined("+--------------+", "| 注：单位为件 |", "+--------------+")
    layout = (FIXTURES / "layout" / "ruled.txt").read_text("utf-8")
    assert text_shape(layout) == "layout" and text_shape(note + "\n" + layout) == "layout"
    assert text_shape(note + "\n" + W3M) == "boxes"


def test_markdown_reads_a_drawn_grid_table_whose_row_looks_like_a_delimiter() -> None:
    """pandoc's Markdown draws grid tables; a row of ``-`` cells (table 四 with no cases) is a row."""
    from gi_extract.readers.markdown import parse_markdown

    text = lined(
        "# 四、政府信息公开行政复议、行政诉讼情况",
        "",
        "+------+------+",
        "| 维持 | 纠正 |",
        "+======+======+",
        "| -    | -    |",
        "+------+------+",
    )
    (grid,) = [b for b in parse_markdown(text, Path("r.md")) if isinstance(b, Grid)]
    assert rows(grid) == [["维持", "纠正"], ["-", "-"]]


def test_drawn_cells_count_the_junctions_of_rule_lines_too() -> None:
    """A file of rule lines only (``+--+--+…``) is sized by its junctions before any grid is built."""
    from gi_extract.readers.boxes import drawn_cells

    assert drawn_cells("+" + "--+" * 1000 + "\n|a|\n" + "+" + "--+" * 1000) >= 1000


def test_a_drawing_indented_with_tabs_is_still_a_drawing() -> None:
    text = "\n".join("\t" + line if line.startswith(("┌", "│", "├", "└")) else line for line in W3M.split("\n"))
    assert text_shape(text) == "boxes"
    assert rows(grids(text)[0])[2] == ["（一）予以公开", "3", "1", "4"]
