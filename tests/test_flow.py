"""Tables 三 and 四 a converter shredded into one small table per row (markitdown's PDF reader): read
again from the document's blocks in order, only where every sum confirms that order."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from gi_extract import extract
from gi_extract.grid import Document, Paragraph
from gi_extract.inspect import describe
from gi_extract.locate import locate
from gi_extract.mapping import map_applications
from gi_extract.mapping.flow import Flow, reread_shredded
from gi_extract.mapping.rows import CellValue, TableResult
from gi_extract.readers import read

from conftest import FIXTURES, edition, flatten, grid_from, load_truth

SHREDDED = FIXTURES / "markdown" / "shredded_2021.md"


def test_a_table_shredded_into_one_table_per_row_is_read_in_order_with_a_doubt_on_each_cell() -> None:
    got = extract(SHREDDED).to_dict()
    want, have = flatten(load_truth(SHREDDED)["tables"]), flatten(got["tables"])
    assert have == want
    three = {k for k in want if k.startswith("applications.")}
    assert {w["key"] for w in got["warnings"] if w["code"] == "values_in_order"} == three
    assert all(c["ok"] for c in got["checks"])
    # each value says which cell of which small table it was printed in, not offsets in a made-up text
    cell = next(c for c in got["cells"] if c["key"] == "applications.new_received.total")
    assert cell["span"] is None and cell["table"] is not None and cell["col"] is not None
    assert cell["raw"] == str(want["applications.new_received.total"])
    # the label pieces between the small tables are no rows the form lacks: their numbers were all read
    assert not any(w["code"] == "row_unmatched" and "三" in w["message"] for w in got["warnings"])
    assert "read again from the document's blocks in order" in describe(SHREDDED)[0]


def _first_row(text: str) -> re.Match[str]:
    match = re.search(r"^\|  \|  \| (\S+ \S+) \| (\S+ \S+) \| (\S+) \| (\S+) (\S+) \|$", text, re.M)
    assert match is not None
    return match


def test_a_row_whose_numbers_stand_in_another_order_breaks_a_sum_and_nothing_is_read(tmp_path: Path) -> None:
    text = SHREDDED.read_text("utf-8")
    row = _first_row(text)
    moved = f"|  |  | {row[5]} {row[1]} | {row[2]} | {row[3]} | {row[4]} |"  # the total printed first
    path = tmp_path / "moved.md"
    path.write_text(text.replace(row[0], moved, 1), "utf-8")
    got = extract(path).to_dict()
    assert not any(w["code"] == "values_in_order" for w in got["warnings"])
    rows = got["tables"]["applications"]["rows"] or {}
    assert rows["new_received"]["total"] is None
    assert "they break applications.row_total" in describe(path)[0]


def test_a_cell_the_grid_read_without_doubt_is_kept_and_must_agree_with_the_flow() -> None:
    doc = read(SHREDDED)
    grids = locate(doc).tables["applications"].grids
    flow = Flow.of(doc)
    truth = load_truth(SHREDDED)["tables"]["applications"]["new_received"]["total"]

    def given(value: int) -> tuple[TableResult, list[str]]:
        result = map_applications(grids, edition("2021"))
        assert result.rows is not None
        key = "applications.new_received.total"
        source = grids[0].cells[0][0]
        result.cells = [c for c in result.cells if c.key != key]
        result.cells.append(CellValue(key, value, str(value), False, source, "一、本年新收", 100.0))
        result.warnings = [w for w in result.warnings if w.key not in (key, "applications.new_received")]
        result.rows["new_received"]["total"] = value
        return reread_shredded(result, flow, edition("2021"))

    kept, trace = given(truth)
    cell = kept.cell("new_received", "total")
    assert cell is not None and cell.cell is grids[0].cells[0][0]
    assert not any(w.key == cell.key for w in kept.warnings)
    assert kept.complete
    refused, trace = given(truth + 1)
    assert not refused.complete
    assert "disagrees with the grid, which gave it with no doubt: not read so" in trace[-1]
    # the grid's number is not left standing unquestioned: one of the two readings is wrong
    said = [w for w in refused.warnings if w.code == "order_disagrees"]
    assert [w.key for w in said] == ["applications.new_received.total"]
    assert f"the grid gives {truth + 1}" in said[0].message and f"put '{truth}' here" in said[0].message


def test_a_number_read_from_the_flow_points_at_its_grid_cell_or_into_the_report_paragraphs() -> None:
    grid = grid_from("一、本年新收|12 3/二、上年结转|4 5")
    doc = Document("x.md", "text", [Paragraph("标题"), grid, Paragraph("三、结果 7")])
    flow = Flow.of(doc)
    assert flow.text == "标题\n一、本年新收 12 3\n二、上年结转 4 5\n三、结果 7"
    at = flow.text.index("3\n")
    from_cell = flow.place(CellValue("k", 3, "3", False, None, "", None, (at, at + 1)))
    assert from_cell.cell is grid.cells[0][1] and from_cell.span is None
    at = flow.text.rindex("7")
    from_text = flow.place(replace(from_cell, cell=None, span=(at, at + 1)))
    assert from_text.span is not None and from_text.cell is None
    start, end = from_text.span
    assert doc.paragraph_text()[start:end] == "7"


def test_labels_printed_out_of_the_templates_order_are_not_overruled_by_the_order(tmp_path: Path) -> None:
    """Two rows whose labels read plainly as template rows stand in each other's place: the numbers'
    order is then not the template's, so they are not read in it (the sums cannot tell)."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    first, second = "| 8.属于行政查询事项 |", "| 1.信访举报投诉类申请 |"
    text = source.read_text("utf-8").replace(first, "@").replace(second, first).replace("@", second)
    path = tmp_path / "swapped.md"
    path.write_text(text, "utf-8")
    got = extract(path).to_dict()
    rows = got["tables"]["applications"]["rows"]
    assert set(rows["denied.administrative_query"].values()) == {None}
    assert set(rows["not_processed.petition_complaint"].values()) == {None}
    assert not any(w["code"] == "values_in_order" for w in got["warnings"])
    assert "'1.信访举报投诉类申请' reads as a template row printed out of order: not read so" in describe(path)[0]


def test_a_label_repeated_without_numbers_does_not_stop_the_order_from_reading_a_garbled_row(tmp_path: Path) -> None:
    """A row's label printed twice, the second time with no numbers, says nothing of the numbers' order."""
    source = FIXTURES / "markdown" / "pipe_2021.md"
    lines = source.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "| 1.本机关不掌握相关政府信息 |" in line)
    lines.insert(at + 1, "|  | （四）无法提供 | 1.本机关不掌握相关政府信息 |" + "  |" * 7)
    garbled = "\n".join(lines).replace("| 3.要求提供公开出版物 |", "| 某某某某 |")
    path = tmp_path / "repeated.md"
    path.write_text(garbled, "utf-8")
    got = extract(path).to_dict()
    assert flatten(got["tables"]) == flatten(load_truth(source)["tables"])
    doubted = {w["key"] for w in got["warnings"] if w["code"] == "values_in_order"}
    # the garbled row is read, and so is the row printed twice, each cell with its doubt
    assert {k.rsplit(".", 1)[0] for k in doubted} == {
        "applications.not_processed.publication",
        "applications.unable.not_held",
    }


def test_table_four_whose_one_row_a_converter_cut_in_two_is_read_in_order(tmp_path: Path) -> None:
    text = SHREDDED.read_text("utf-8")
    data = text.split("\n四、政府信息公开行政复议")[1].split("\n五、")[0].strip().split("\n")[-1]
    cells = data.strip("| ").split(" | ")
    cut = "\n\n".join("| " + " | ".join(p) + " |\n|" + " --- |" * len(p) for p in (cells[:4], cells[4:]))
    path = tmp_path / "cut_four.md"
    path.write_text(text.replace(data, cut), "utf-8")
    got = extract(path).to_dict()
    want = flatten(load_truth(SHREDDED)["tables"])
    four = {k for k in want if k.startswith("reviews_litigation.")}
    assert {k: flatten(got["tables"])[k] for k in four} == {k: want[k] for k in four}
    assert {w["key"] for w in got["warnings"] if w["code"] == "values_in_order"} >= four
