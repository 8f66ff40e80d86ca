"""The PDF reader where a table crosses a page or misses a border (issue #17): no printed row is lost.

Judged on the grids the reader builds, not on the mapped output: every printed row of table 三
must be one grid row with its label and its seven values in their own cells, in printed order,
and every sub-row must see its group label (its own cell, or a merged cell reaching into it);
table 四's fifteen values must be one row; table 二's rows their own rows.

The layouts come from scripts/make_pagebreak_fixtures.py: the committed ones in fixtures/pdf_breaks
are read always; the sample of :func:`sample_layouts` (every break position of tables 三 and 四,
each kind of border and header, rows cut in two, rows joined by a missing line) is printed by
LibreOffice at test time and skipped, saying so, where ``soffice`` is not installed.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gi_extract.grid import Document, Grid, Paragraph
from gi_extract.readers.pdf import PageData, build_document, read_pdf
from gi_extract.readers.pdf.rulings import closing_edges

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from make_pagebreak_fixtures import COLS, GROUPS, T3_ROWS, T4_COLS, Layout, build, sample_layouts

BREAKS = FIXTURES / "pdf_breaks"
COMMITTED = sorted(BREAKS.glob("*.pdf"))
HEADER_WORDS = {"申请人情况", "自然人", "法人或其他组织", "商业企业", "总计"}


def squash(text: str) -> str:
    return "".join(text.split())


def truth(pdf: Path) -> dict[str, Any]:
    tables: dict[str, Any] = json.loads(pdf.with_name(pdf.stem + ".truth.json").read_text("utf-8"))["tables"]
    return tables


def section(doc: Document, heading: str, following: str) -> list[Grid]:
    """The grids between a section heading and the next one."""
    out: list[Grid] = []
    inside = False
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            inside = block.text.startswith(heading) or (inside and not block.text.startswith(following))
        elif inside:
            out.append(block)
    return out


def rows(grids: list[Grid]) -> Iterator[tuple[list[str], list[str]]]:
    """Each grid row with text: its cells' texts, and the texts of the merged cells reaching into it."""
    for grid in grids:
        for i in range(grid.n_rows):
            cells = [c.text for c in grid.origins(i)]
            if any(cells):
                yield cells, [c.text for c in grid.covering(i)]


def table_three_problems(doc: Document, values: dict[str, dict[str, int]]) -> list[str]:
    """What is wrong with table 三's rows: missing, extra, out of order, values or group misplaced."""
    group_of = {i: label for label, start, end in GROUPS for i in range(start, end)}
    want = []
    for i, (key, label, _) in enumerate(T3_ROWS):
        printed = ["" if key.startswith("denied.") and values[key][c] == 0 else str(values[key][c]) for c in COLS]
        want.append((squash(label), printed, group_of.get(i)))
    labels = {label for label, _, _ in want}
    got = []
    problems = []
    for cells, covering in rows(section(doc, "三、", "四、")):
        hits = [squash(t) for t in cells if squash(t) in labels]
        if not hits:
            if not HEADER_WORDS & {squash(t) for t in cells}:
                problems.append(f"a row that is no printed row: {cells}")
            continue
        got.append((hits[0], cells[-7:], {squash(t) for t in cells + covering}))
    if [g[0] for g in got] != [w[0] for w in want]:
        return [*problems, f"rows read: {[g[0] for g in got]}"]
    for (label, printed, context), (_, expected, group) in zip(got, want, strict=True):
        if printed != expected:
            problems.append(f"{label}: values {printed}, printed {expected}")
        if group is not None and squash(group) not in context:
            problems.append(f"{label}: its group {group} is not in its row")
    return problems


def table_four_problems(doc: Document, values: dict[str, dict[str, int]]) -> list[str]:
    want = [str(values[key][col]) for key in values for col in T4_COLS]
    got = [cells for cells, _ in rows(section(doc, "四、", "五、"))]
    return [] if want in got else [f"no row of table 四's values {want}: {got}"]


def table_two_problems(doc: Document, values: dict[str, dict[str, int | float]]) -> list[str]:
    got = [[squash(t) for t in cells] for cells, _ in rows(section(doc, "二、", "三、"))]
    want = [
        ["规章", *(str(values["rules"][c]) for c in ("issued", "repealed", "in_force"))],
        ["行政规范性文件", *(str(values["normative_documents"][c]) for c in ("issued", "repealed", "in_force"))],
        ["行政处罚", str(values["punishment"]["decisions"])],
        ["行政强制", str(values["enforcement"]["decisions"])],
    ]
    return [f"table 二 has no row {row}" for row in want if row not in got]


def problems(pdf: Path) -> list[str]:
    doc = read_pdf(pdf)
    values = truth(pdf)
    return (
        table_two_problems(doc, values["active_disclosure"])
        + table_three_problems(doc, values["applications"])
        + table_four_problems(doc, values["reviews_litigation"])
    )


# -- the committed layouts --------------------------------------------------------------------------


def test_the_committed_layouts_are_there() -> None:
    assert len(COMMITTED) >= 8
    assert all(p.stat().st_size < 120_000 for p in COMMITTED)


@pytest.mark.parametrize("pdf", COMMITTED, ids=lambda p: p.stem)
def test_every_printed_row_is_a_grid_row(pdf: Path) -> None:
    assert problems(pdf) == []


def test_the_row_under_which_no_line_closes_the_page_is_kept() -> None:
    """The WPS break of issue #17: 1.本机关不掌握相关政府信息 ends page 2 with no line under it."""
    doc = read_pdf(BREAKS / "t3_after15_open.pdf")
    first, second = section(doc, "三、", "四、")
    assert squash(first.origins(first.n_rows - 1)[1].text) == "1.本机关不掌握相关政府信息"
    assert first.pages == (2,) and second.pages == (3,)
    # the continuation's first row carries the merged cells it sits under
    opening = [squash(c.text) for c in second.origins(0)]
    assert opening[:3] == ["三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"]
    below = [squash(c.text) for c in second.covering(1)]
    assert "（四）无法提供" in below


def test_a_repeated_header_is_left_in_place() -> None:
    """The continuation repeats the header rows: its merged note cell is no cut label of the row above."""
    doc = read_pdf(BREAKS / "t3_after15_none_hdr.pdf")
    first, second = section(doc, "三、", "四、")
    assert squash(first.origins(first.n_rows - 1)[1].text) == "1.本机关不掌握相关政府信息"
    note = second.cells[0][0]
    assert squash(note.text).startswith("（本列数据的勾稽关系") and note.rowspan == 3


def test_table_four_value_row_without_bottom_border() -> None:
    doc = read_pdf(BREAKS / "t4_after02_open_end.pdf")
    grids = section(doc, "四、", "五、")
    last = grids[-1]
    assert len(last.origins(last.n_rows - 1)) == 15


# -- every break position, printed now -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("soffice") is None:
        pytest.skip("soffice (LibreOffice) is not installed: the page-break sample cannot be printed")
    root = tmp_path_factory.mktemp("breaks")
    return build(sample_layouts(), root / "out", root)


@pytest.mark.parametrize("layout", sample_layouts(), ids=lambda lay: lay.name)
def test_every_break_keeps_every_row(sample: dict[str, Path], layout: Layout) -> None:
    assert problems(sample[layout.name]) == []


# -- closing rows that no line closes -------------------------------------------------------------------


def v(x: float, top: float, bottom: float) -> dict[str, Any]:
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top}


def h(y: float, x0: float, x1: float) -> dict[str, Any]:
    return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0}


def spans(edges: list[dict[str, Any]]) -> list[tuple[float, float, float]]:
    return [(e["top"], e["x0"], e["x1"]) for e in edges]


def test_a_row_without_bottom_line_is_closed_where_its_side_rulings_stop() -> None:
    verticals = [v(100, 100, 160), v(150, 100, 160), v(200, 100, 160)]
    rows = [h(100, 100, 200), h(120, 100, 200), h(140, 100, 200)]
    assert spans(closing_edges(verticals, rows, ())) == [(160.0, 100.0, 200.0)]


def test_the_side_beside_a_tall_merged_cell_closes_with_the_others() -> None:
    """Table 三's left side passes 三、本年度办理结果 and crosses no row line for 200 points: the open
    row still starts at the last row line, not at the side's last crossing."""
    rows = [h(100, 100, 200), h(120, 100, 200)] + [h(y, 130, 200) for y in range(140, 280, 20)]
    verticals = [v(100, 100, 300), v(130, 120, 300), v(200, 100, 300)]
    assert spans(closing_edges(verticals, rows, ())) == [(300.0, 100.0, 200.0)]


def test_a_row_without_top_line_is_closed_where_its_side_rulings_start() -> None:
    verticals = [v(100, 80, 140), v(200, 80, 140)]
    assert spans(closing_edges(verticals, [h(100, 100, 200), h(140, 100, 200)], ())) == [(80.0, 100.0, 200.0)]


def text(x: float, top: float, printed: str, size: float = 10.0) -> list[dict[str, Any]]:
    """Characters of one printed line starting at ``x``."""
    return [
        {"x0": x + n * size, "x1": x + (n + 1) * size, "top": top, "bottom": top + size, "text": t, "size": size}
        for n, t in enumerate(printed)
    ]


def test_a_tall_row_without_top_line_is_closed_when_it_prints_one_value_per_cell() -> None:
    """2021's longest label wraps to seven lines in a narrow column on the page after a break: the
    open row is taller than MAX_OPEN, but each value column prints one number, so it is one row."""
    verticals = [v(100, 40, 240), v(150, 40, 240), v(200, 40, 240)]
    rows = [h(240, 100, 200), h(260, 100, 200)]
    label = [c for n in range(7) for c in text(102, 45 + 25 * n, "收费通知")]
    assert closing_edges(verticals, rows, ()) == []  # the lines alone cannot tell one row from a body
    assert spans(closing_edges(verticals, rows, label + text(170, 120, "0"))) == [(40.0, 100.0, 200.0)]


def test_a_tall_row_without_bottom_line_is_closed_when_it_prints_one_value_per_cell() -> None:
    """The same row on the page before the break: its values on its first line, its label running on
    down to the page's foot."""
    verticals = [v(100, 20, 240), v(150, 20, 240), v(200, 20, 240)]
    rows = [h(20, 100, 200), h(40, 100, 200)]
    label = [c for n in range(7) for c in text(102, 45 + 25 * n, "收费通知")]
    assert spans(closing_edges(verticals, rows, label + text(170, 45, "0"))) == [(240.0, 100.0, 200.0)]


def test_a_tall_open_region_stacking_numbers_is_no_row() -> None:
    verticals = [v(100, 40, 240), v(150, 40, 240), v(200, 40, 240)]
    rows = [h(240, 100, 200), h(260, 100, 200)]
    body = [c for n in range(7) for c in text(102, 45 + 25 * n, "行") + text(170, 45 + 25 * n, str(n))]
    assert closing_edges(verticals, rows, body) == []
    assert closing_edges(verticals, rows, text(102, 45, "说明")) == []  # and text without a number is none
    numbered = text(102, 45, "1.信访") + text(102, 160, "2.重复") + text(170, 160, "4")
    assert closing_edges(verticals, rows, numbered) == []  # two rows' labels, one value between them


def test_rulings_pieced_per_cell_are_joined_first() -> None:
    """Word and WPS draw one piece per cell side: the pieces make one ruling."""
    verticals = [v(100, 100, 120), v(100, 120, 140), v(100, 140, 160), v(200, 100, 140), v(200, 140, 160)]
    assert spans(closing_edges(verticals, [h(100, 100, 200), h(140, 100, 200)], ())) == [(160.0, 100.0, 200.0)]


@pytest.mark.parametrize(
    ("verticals", "horizontals"),
    [
        ([v(100, 100, 141), v(200, 100, 141)], [h(100, 100, 200), h(140, 100, 200)]),  # overshoot, no row
        ([v(100, 100, 160), v(200, 100, 160)], []),  # vertical lines only: no lattice to close
        ([v(100, 100, 160)], [h(100, 100, 200), h(140, 100, 200)]),  # one ruling cannot bound a cell
        ([v(100, 100, 600), v(200, 100, 600)], [h(100, 100, 200), h(120, 100, 200)]),  # a body under a header rule
    ],
    ids=["overshoot", "no-horizontals", "single", "whole-body"],
)
def test_no_row_is_invented(verticals: list[dict[str, Any]], horizontals: list[dict[str, Any]]) -> None:
    assert closing_edges(verticals, horizontals, ()) == []


def test_two_tables_side_by_side_are_closed_each_on_its_own() -> None:
    verticals = [v(100, 100, 160), v(200, 100, 160), v(300, 100, 160), v(400, 100, 160)]
    rows = [h(100, 100, 200), h(140, 100, 200), h(100, 300, 400), h(140, 300, 400)]
    assert spans(closing_edges(verticals, rows, ())) == [(160.0, 100.0, 200.0), (160.0, 300.0, 400.0)]


# -- rows that a missing line merged ----------------------------------------------------------------------


def chars(text: str, x: float, top: float, size: float = 10.0) -> list[dict[str, Any]]:
    return [
        {"text": ch, "x0": x + i * size, "x1": x + (i + 1) * size, "top": top, "bottom": top + size, "size": size}
        for i, ch in enumerate(text)
    ]


def one_tall_row(label_lines: list[tuple[str, float]], value_lines: list[list[tuple[str, float]]]) -> Grid:
    """A ruled table of one row (a label column and value columns, 100 points tall) holding the given lines."""
    boxes = [(0.0, 100.0, 200.0, 200.0)] + [(200.0 + 50 * n, 100.0, 250.0 + 50 * n, 200.0) for n in range(3)]
    text = [ch for line, top in label_lines for ch in chars(line, 2.0, top)]
    for n, cell in enumerate(value_lines):
        text += [ch for line, top in cell for ch in chars(line, 205.0 + 50 * n, top)]
    page = PageData(1, (0.0, 0.0, 600.0, 800.0), text, [boxes])
    return build_document(Path("x.pdf"), [page], None).grids[0]


def test_rows_merged_by_a_missing_line_are_cut_where_the_next_label_starts() -> None:
    grid = one_tall_row(
        [("2.其他法律行政法规", 102), ("禁止公开", 116), ("3.危及稳定", 130)],
        [[("8", 102), ("2", 130)], [("5", 130)], [("13", 102), ("2", 130)]],
    )
    assert [[c.text for c in grid.origins(i)] for i in range(grid.n_rows)] == [
        ["2.其他法律行政法规\n禁止公开", "8", "", "13"],
        ["3.危及稳定", "2", "5", "2"],
    ]


def test_short_rows_merged_by_a_missing_line_are_cut_between_their_lines() -> None:
    grid = one_tall_row([("规章", 102), ("行政规范性文件", 118)], [[("0", 101), ("5", 117)], [("1", 101), ("3", 117)]])
    assert [[c.text for c in grid.origins(i)] for i in range(grid.n_rows)] == [
        ["规章", "0", "1", ""],
        ["行政规范性文件", "5", "3", ""],
    ]


@pytest.mark.parametrize(
    ("label_lines", "value_lines"),
    [
        ([("（二）部分公开（区分处理的", 102), ("不计其他情形）", 116)], [[("9", 102)], [("3", 102)], [("12", 102)]]),
        ([("结果", 102), ("维持", 116)], [[("结果", 102), ("纠正", 116)], [], []]),
        ([("规章", 102), ("行政规范性", 116), ("文件", 130)], [[("0", 102), ("5", 130)], [], []]),
    ],
    ids=["wrapped-label", "header", "uneven-lines"],
)
def test_a_row_that_only_wraps_stays_whole(
    label_lines: list[tuple[str, float]], value_lines: list[list[tuple[str, float]]]
) -> None:
    assert one_tall_row(label_lines, value_lines).n_rows == 1


def test_a_page_holding_only_the_end_of_a_cut_row_gives_it_up_and_the_table_goes_on() -> None:
    """Laid out large, a row's label may end alone at the top of a page (``请``), the next row
    starting a page later: that page's fragment goes up whole into the row above and is no table
    of its own, and the page after is read against the table it continues."""

    def page(number: int, rows: list[tuple[str, str, str]]) -> PageData:
        boxes: list[tuple[float, float, float, float]] = []
        text: list[dict[str, Any]] = []
        for n, (label, *values) in enumerate(rows):
            top = 100.0 + 30 * n
            boxes += [(100.0, top, 300.0, top + 30), (300.0, top, 350.0, top + 30), (350.0, top, 400.0, top + 30)]
            text += chars(label, 102.0, top + 5)
            text += [ch for k, value in enumerate(values) for ch in chars(value, 305.0 + 50 * k, top + 5)]
        return PageData(number, (0.0, 0.0, 600.0, 800.0), text, [boxes])

    pages = [
        page(1, [("1.信访举报投诉类申请", "3", "4"), ("2.重复申", "5", "6")]),
        page(2, [("请", "", "")]),
        page(3, [("3.要求提供公开出版物", "7", "8")]),
    ]
    grids = build_document(Path("x.pdf"), pages, None).grids
    assert [[[c.text for c in g.origins(i)] for i in range(g.n_rows)] for g in grids] == [
        [["1.信访举报投诉类申请", "3", "4"], ["2.重复申\n请", "5", "6"]],
        [["3.要求提供公开出版物", "7", "8"]],
    ]


def test_a_group_label_printed_beside_the_cut_end_of_a_row_goes_up_with_it() -> None:
    """WebKit centres a group label (``（六）其他处理``) in what its cell shows of each page: after
    a break it may stand beside the cut row's end, which still goes up into the row above (once,
    though both pages print it); the group's next row keeps the label."""
    group, label, v1, v2 = (100.0, 150.0), (150.0, 300.0), (300.0, 350.0), (350.0, 400.0)

    def cell(x: tuple[float, float], top: float, bottom: float) -> tuple[float, float, float, float]:
        return (x[0], top, x[1], bottom)

    first = PageData(
        1,
        (0.0, 0.0, 600.0, 800.0),
        chars("（六）", 102.0, 105.0) + chars("1.申请人无正当", 152.0, 105.0) + chars("3", 305.0, 105.0),
        [[cell(group, 100, 130), cell(label, 100, 130), cell(v1, 100, 130), cell(v2, 100, 130)]],
    )
    second = PageData(
        2,
        (0.0, 0.0, 600.0, 800.0),
        chars("（六）", 102.0, 125.0) + chars("理由逾期不补正", 152.0, 105.0) + chars("5", 355.0, 105.0)
        + chars("2.申请人逾期", 152.0, 135.0) + chars("6", 305.0, 135.0) + chars("7", 355.0, 135.0),
        [[cell(group, 100, 160), cell(label, 100, 130), cell(v1, 100, 130), cell(v2, 100, 130),
          cell(label, 130, 160), cell(v1, 130, 160), cell(v2, 130, 160)]],
    )  # fmt: skip
    grids = build_document(Path("x.pdf"), [first, second], None).grids
    assert [[[c.text for c in g.origins(i)] for i in range(g.n_rows)] for g in grids] == [
        [["（六）", "1.申请人无正当\n理由逾期不补正", "3", "5"]],
        [["（六）", "2.申请人逾期", "6", "7"]],
    ]
