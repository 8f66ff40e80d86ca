"""Tables whose numbers are printed apart from their labels (plain pdftotext): read in the order printed,
only where every sum of the template confirms that order."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gi_extract import extract
from gi_extract.inspect import describe
from gi_extract.mapping.gluedtext import section_spans
from gi_extract.mapping.ordered import labels_printed, read_in_order, row_lists, tokens
from gi_extract.readers import read
from gi_extract.template import registry

from conftest import CORPUS, FIXTURES, flatten, load_truth, needs_shared

FLOWED = FIXTURES / "text" / "flowed_2021.txt"
COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")


def test_the_numbers_a_line_ends_with_are_read_in_order_and_item_numbers_are_not() -> None:
    text = "1.属于国家 4\n秘密\n0\n0 0\n安全一稳0\n2.其他法律\n第二十条第（五）项\n"
    found = tokens(text, 0, len(text), 100)
    assert [t.raw for t in found] == ["4", "0", "0", "0", "0"]
    assert [text[t.start : t.start + len(t.raw)] for t in found] == ["4", "0", "0", "0", "0"]


def test_a_flow_whose_numbers_keep_every_sum_is_read_with_a_doubt_on_each_cell() -> None:
    got = extract(FLOWED).to_dict()
    truth = load_truth(FLOWED)
    want, have = flatten(truth["tables"]), flatten(got["tables"])
    three = [k for k in want if k.startswith("applications.")]
    assert [have[k] for k in three] == [want[k] for k in three]
    doubted = {w["key"] for w in got["warnings"] if w["code"] == "values_in_order"}
    assert doubted == set(three)
    cell = next(c for c in got["cells"] if c["key"] == "applications.new_received.total")
    start, end = cell["span"]  # offsets in the report's paragraph text, as for glued cells
    assert read(FLOWED).paragraph_text()[start:end] == cell["raw"] == str(want["applications.new_received.total"])


def _moved(source: str, raw: str, before: str) -> str:
    """``source`` with the line holding only ``raw`` (the first after table 三's heading) moved up to
    the end of the line ``before``: a row's first number printed on its label's line."""
    lines = source.split("\n")
    heading = lines.index("三、收到和处理政府信息公开申请情况")
    at = next(i for i in range(heading, len(lines)) if lines[i] == raw)
    del lines[at]
    to = lines.index(before, heading)
    lines[to] += f" {raw}"
    return "\n".join(lines)


def test_numbers_in_another_order_break_a_sum_and_are_not_read(tmp_path: Path) -> None:
    truth = load_truth(FLOWED)
    first = str(truth["tables"]["applications"]["granted"]["natural_person"])
    path = tmp_path / "moved.txt"
    path.write_text(_moved(FLOWED.read_text("utf-8"), first, "四、结转下年度继续办理"), "utf-8")
    got = extract(path).to_dict()
    rows = got["tables"]["applications"]["rows"] or {}
    assert all(v is None for cols in rows.values() for v in cols.values())
    assert not any(w["code"] == "values_in_order" for w in got["warnings"])
    assert "they break applications." in describe(path)[0]


def test_numbers_not_as_many_as_the_cells_are_not_read(tmp_path: Path) -> None:
    lines = FLOWED.read_text("utf-8").split("\n")
    heading = lines.index("三、收到和处理政府信息公开申请情况")
    zero = next(i for i in range(heading, len(lines)) if lines[i] == "0")
    path = tmp_path / "short.txt"
    path.write_text("\n".join(lines[:zero] + lines[zero + 1 :]), "utf-8")
    got = extract(path).to_dict()
    assert not any(w["code"] == "values_in_order" for w in got["warnings"])
    assert "174 numbers where it has 175 or 161 cells" in describe(path)[0]


def test_a_region_without_table_three_s_labels_is_not_read() -> None:
    assert not labels_printed("三、收到和处理政府信息公开申请情况\n" + "0\n" * 175)
    assert labels_printed(FLOWED.read_text("utf-8"))


_LINE_END = re.compile(r"(?:(?<=^)|(?<=\s)|(?<=[^\x00-\x7f]))(\d+)(?=(?:\s+\d+)*\s*$)")
"""The oracle's own reading of the numbers a line ends with."""
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed"
)


@needs_shared
@needs_pdftotext
@pytest.mark.parametrize("pdf", sorted(CORPUS.glob("*.pdf")), ids=lambda p: p.stem)
def test_plain_pdftotext_of_the_corpus_pdfs_reads_table_three_exactly_when_printed_in_row_order(
    pdf: Path, tmp_path: Path
) -> None:
    """The oracle is the truth itself: table 三's numbers are taken in order when, and only when, the numbers
    under its heading are its cells row by row; a number read so is never wrong, and the table then comes out
    whole (the cells the glued reading settled as it gave them, the others in order)."""
    text = tmp_path / f"{pdf.stem}.txt"
    subprocess.run(["pdftotext", str(pdf), str(text)], check=True)
    truth = load_truth(pdf)
    got = extract(text).to_dict()
    page = text.read_text("utf-8")
    start, end = section_spans(page)["applications"]
    printed = [n for line in page[start:end].split("\n") for n in _LINE_END.findall(line)]
    table = truth["tables"]["applications"]
    in_rows = printed == [str(table[row][c]) for row in table for c in COLUMNS]
    have, want = flatten(got["tables"]), flatten(truth["tables"])
    given = {w["key"] for w in got["warnings"] if w["code"] == "values_in_order" and w["key"].startswith("appl")}
    assert {k: have[k] for k in given if want.get(k) != have[k]} == {}
    whole = {  # the table's numbers taken in order (not one row whose label stood apart, r002's and r020's)
        w["key"] for w in got["warnings"] if w["key"] in given and "the order the text prints" in w["message"]
    }
    assert bool(whole) == in_rows
    if in_rows:
        assert {k: have.get(k) for k in want if k.startswith("applications.") and have.get(k) != want[k]} == {}


def test_only_whole_ascii_numbers_are_taken_and_a_long_line_is_read_once() -> None:
    text = "1，234\nABC１２\n１２\n12\u3000\n3\u30004\n-1\n+5\n0 3 x\n"
    assert [t.raw for t in tokens(text, 0, len(text), 100)] == ["12", "3", "4"]
    line = "0 " * 20000 + "x\n" + "1\n"
    assert [t.raw for t in tokens(line, 0, len(line), 100)] == ["1"]


def test_no_more_numbers_are_kept_than_one_past_the_cells_a_table_can_have() -> None:
    text = "5 6\n" + "1 2 3 4\n" * 3
    kept = tokens(text, 0, len(text), 4)
    assert len(kept) == 5 and [t.raw for t in kept[:2]] == ["5", "6"]
    assert all(text[t.start : t.start + len(t.raw)] == t.raw for t in kept)
    assert [t.raw for t in tokens(text, 0, len(text), 20)] == ["5", "6"] + ["1", "2", "3", "4"] * 3
    line = "1 " * 50 + "稳7 8\n"
    assert [t.raw for t in tokens(line, 0, len(line), 4)] == ["7", "8"]


def test_a_flow_with_one_row_for_other_handling_is_the_2019_rows(tmp_path: Path) -> None:
    """A 2021 report whose table 三 prints 2019's single （六）其他处理: 161 numbers are its 23 rows, and the
    table's edition is the one those rows are (the report then says the editions are mixed)."""
    reg = registry()
    rows = row_lists(reg.editions["2021"], set())
    single = next(r for r in rows if "other" in r)
    live = {"new_received", "granted", "total_processed"}
    numbers = "\n".join(
        "5" if (row in live and col in ("natural_person", "total")) else "0"
        for row, cols in single.items()
        for col in cols
    )
    text = "三、收到和处理政府信息公开申请情况\n" + numbers + "\n"
    table, trace = read_in_order(text, 0, len(text), reg.editions["2021"], "applications", rows)
    assert table is not None and table.rows is not None, trace
    assert table.template == "2019" and "other" in table.rows
    assert table.rows["granted"] == dict.fromkeys(COLUMNS, 0) | {"natural_person": 5, "total": 5}


def _rows_on_lines(apart: str, where: str, truth: dict[str, dict[str, int]]) -> str:
    """Table 三 of ``truth`` printed a row a line, except row ``apart``, one of whose numbers (``where``:
    its first or last) a converter set on a line of its own on the other side of the rest."""
    lines = ["三、收到和处理政府信息公开申请情况"]
    for row, values in truth.items():
        numbers = [str(values[c]) for c in COLUMNS]
        if row != apart:
            lines.append(" ".join(numbers))
        elif where == "first":
            lines += [numbers[-1], " ".join(numbers[:-1])]  # the total over the rest
        else:
            lines += [" ".join(numbers[1:]), f"标签 {numbers[0]}"]  # the first under the rest, after words
    return "\n".join(lines) + "\n"


def _read(text: str) -> tuple[dict[str, dict[str, int | float | None]] | None, list[str]]:
    edition = registry().editions["2021"]
    table, trace = read_in_order(text, 0, len(text), edition, "applications", row_lists(edition, set()))
    return (table.rows if table is not None else None), trace


def test_a_number_a_converter_set_apart_from_its_row_is_put_back_where_every_sum_holds() -> None:
    truth = load_truth(FLOWED)["tables"]["applications"]
    for where in ("first", "last"):
        rows, trace = _read(_rows_on_lines("granted", where, truth))
        assert rows == truth, trace
        assert any("moved within rows granted" in line for line in trace)


def _apart(rows: dict[str, tuple[str, ...]], printed: dict[str, list[str]]) -> str:
    """Table 三 a row a line; a row of ``printed`` as those lines (a number set apart on one), others zeros."""
    lines = ["三、收到和处理政府信息公开申请情况"]
    for row in rows:
        lines += printed.get(row, [" ".join(["0"] * 7)])
    return "\n".join(lines) + "\n"


def test_a_number_set_apart_that_fits_two_places_of_its_row_is_not_read() -> None:
    # 一's total set over its row breaks the sums as printed; putting it back, 二's and 四's 1s, each
    # on a line of its own, fit under 自然人 or any other column alike: nothing is read
    rows = row_lists(registry().editions["2021"], set())[0]
    whole = ["5 0 0 0 0 0 5"]
    printed = {"new_received": ["5", "5 0 0 0 0 0"], "carried_over": ["1", "0 0 0 0 0 1"]}
    printed |= {"granted": whole, "total_processed": whole, "carried_forward": ["1", "0 0 0 0 0 1"]}
    got, trace = _read(_apart(rows, printed))
    assert got is None and "fits more than one place" in trace[-1]


def test_an_order_printed_that_keeps_every_sum_is_read_as_printed_though_numbers_stand_apart() -> None:
    rows = row_lists(registry().editions["2021"], set())[0]
    printed = {row: ["1", "0 0 0 0 0 1"] for row in ("carried_over", "carried_forward")}
    got, trace = _read(_apart(rows, printed))
    assert got is not None and got["carried_over"]["natural_person"] == 1, trace


def test_the_cells_of_a_row_whose_number_was_moved_say_so() -> None:
    truth = load_truth(FLOWED)["tables"]["applications"]
    edition = registry().editions["2021"]
    text = _rows_on_lines("granted", "first", truth)
    table, _ = read_in_order(text, 0, len(text), edition, "applications", row_lists(edition, set()))
    assert table is not None
    moved = {w.key for w in table.warnings if "put where the sums hold" in w.message}
    assert moved == {f"applications.granted.{c}" for c in COLUMNS}


@pytest.mark.parametrize(("printed", "read"), [("0\n" * 14, True), ("0\n" * 13, True), ("0\n" * 13 + "1\n", False)])
def test_table_four_printing_only_zeros_short_of_its_cells_is_all_zero_with_a_doubt(
    printed: str, read: bool, tmp_path: Path
) -> None:
    """Plain pdftotext may keep nothing of a cell (r034's table 四: fourteen zeros for fifteen cells). Where
    every number printed is 0 and one or two are missing, the table is all 0 wherever the blank stood,
    each cell ``segmented_blank``; with any other number the missing cell's place decides: not read."""
    text = FLOWED.read_text("utf-8")
    a = text.index("四、政府信息公开行政复议")
    b = text.index("五、", a)
    head = text[a:b].split("计\n0\n", 1)[0] + "计\n"
    numbers = printed.split()
    # as r034's print: a few zeros among the column titles (结果 / 维持 / 0 / 纠正 / 0 …), the rest after them
    lines = head.split("\n")
    for at in (5, 8, 14):
        lines.insert(at, numbers.pop(0))
    path = tmp_path / "short.txt"
    path.write_text(text[:a] + "\n".join(lines) + "\n".join(numbers) + "\n" + text[b:], "utf-8")
    got = extract(path).to_dict()
    rows = got["tables"]["reviews_litigation"]["rows"] or {}
    values = [v for cols in rows.values() for v in cols.values()]
    assert values == ([0] * 15 if read else [None] * 15)
    blank = {w["key"] for w in got["warnings"] if w["code"] == "segmented_blank"}
    assert len(blank) == (15 if read else 0)
