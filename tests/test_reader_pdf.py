"""The PDF reader on LibreOffice-made fixtures (fixtures/pdf, see scripts/make_pdf_fixtures.py),
on error inputs, and on the shared corpus when it is present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gi_extract.errors import UnreadableInput
from gi_extract.grid import Cell, CellState, Document, Grid, Paragraph
from gi_extract.readers.pdf import PageData, build_document, read_pdf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
HEADING = re.compile(r"^[一二三四五六]、")


def doc(name: str) -> Document:
    return read_pdf(FIXTURES / f"{name}.pdf")


def find_row(grids: list[Grid], label: str) -> list[Cell]:
    """The origin cells of the first row whose origins include a cell with exactly ``label`` (whitespace ignored)."""
    for grid in grids:
        for i in range(grid.n_rows):
            if any("".join(c.text.split()) == label for c in grid.origins(i)):
                return grid.origins(i)
    raise AssertionError(f"no row labelled {label!r}")


def texts(cells: list[Cell]) -> list[str]:
    return [c.text for c in cells]


def paragraphs(d: Document) -> list[str]:
    return [b.text for b in d.blocks if isinstance(b, Paragraph)]


# -- ruled tables -----------------------------------------------------------------------------


def test_ruled_document_facts() -> None:
    d = doc("ruled")
    assert d.format == "pdf"
    assert d.pages == 3
    assert d.warnings == []
    assert d.path.endswith("ruled.pdf")


def test_ruled_header_spans_and_covered_positions() -> None:
    grid = next(g for g in doc("ruled").grids if "申请人情况" in g.text())
    note = grid.cells[0][0]
    assert (note.rowspan, note.colspan) == (3, 3)
    assert note.text.replace("\n", "").startswith("（本列数据的勾稽关系")
    assert all(grid.cells[r][c].is_covered for r in range(3) for c in range(3) if (r, c) != (0, 0))
    applicant = grid.cells[0][3]
    assert (applicant.text, applicant.colspan) == ("申请人情况", 7)
    natural = grid.cells[1][3]
    assert (natural.text.replace("\n", ""), natural.rowspan) == ("自然人", 2)
    assert grid.cells[2][3].is_covered and (grid.cells[2][3].row, grid.cells[2][3].col) == (1, 3)


def test_ruled_values_in_their_columns() -> None:
    grids = doc("ruled").grids
    assert texts(find_row(grids, "一、本年新收政府信息公开申请数量")[1:]) == ["12", "3", "0", "1", "0", "2", "18"]
    assert texts(find_row(grids, "四、结转下年度继续办理")[1:]) == ["2", "1", "0", "0", "0", "1", "4"]
    assert texts(find_row(grids, "行政规范性文件")) == ["行政规范性文件", "5", "1", "42"]
    licensing = find_row(grids, "行政许可")
    assert texts(licensing) == ["行政许可", "1234"] and licensing[1].colspan == 3


def test_blank_cells_are_blank_not_covered() -> None:
    """The fixture prints the zeros of 1.属于国家秘密 as empty cells: BLANK, never COVERED."""
    row = find_row(doc("ruled").grids, "1.属于国家秘密")
    values = row[-7:]
    assert all(c.state is CellState.BLANK for c in values)
    assert [c.col for c in values] == [3, 4, 5, 6, 7, 8, 9]


def test_table_four_fifteen_numbers() -> None:
    grid = next(g for g in doc("ruled").grids if g.n_cols == 15)
    assert texts(grid.origins(grid.n_rows - 1)) == "1 0 0 1 2 0 1 0 0 1 0 0 0 0 0".split()
    assert (grid.cells[0][0].text, grid.cells[0][0].colspan) == ("行政复议", 5)
    assert (grid.cells[0][5].text, grid.cells[0][5].colspan) == ("行政诉讼", 10)


def test_headings_are_own_paragraphs_in_reading_order() -> None:
    d = doc("ruled")
    heads = [text for text in paragraphs(d) if HEADING.match(text)]
    assert heads == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    for heading in ("二、", "三、", "四、"):
        i = next(i for i, b in enumerate(d.blocks) if isinstance(b, Paragraph) and b.text.startswith(heading))
        assert isinstance(d.blocks[i + 1], Grid), f"the table follows heading {heading}"


def test_title_lines_form_one_paragraph() -> None:
    assert paragraphs(doc("ruled"))[0] == "示例县人民政府2023年政府信息公开工作年度报告"


# -- page breaks ----------------------------------------------------------------------------------


def test_page_split_fragments_and_char_split_label() -> None:
    d = doc("split")
    t3 = [g for g in d.grids if "结转下年度" in g.text() or "本年新收" in g.text() or "申请人情况" in g.text()]
    assert len({g.pages for g in t3}) >= 2, "table 三 runs over a page break"
    label = next(c for g in t3 for row in g.cells for c in row if c.text.startswith("三\n、\n本"))
    assert label.text == "三\n、\n本\n年\n度\n办\n理\n结\n果"
    assert label.rowspan > 10
    for grid in d.grids:
        assert all(len(row) == grid.n_cols for row in grid.cells)
        assert grid.pages and all(c.source.page in grid.pages for row in grid.cells for c in row)


def test_page_numbers_dropped_and_nothing_between_fragments_looks_like_a_heading() -> None:
    d = doc("split")
    assert not any(re.fullmatch(r"-\s*\d+\s*-", text) for text in paragraphs(d))
    idx = [i for i, b in enumerate(d.blocks) if isinstance(b, Paragraph) and b.text.startswith(("三、", "四、"))]
    between = d.blocks[idx[0] + 1 : idx[1]]
    assert all(isinstance(b, Grid) for b in between)


def test_group_label_cut_by_page_break_is_joined() -> None:
    """ruled.pdf breaks table 三 inside the merged （三）不予公开 and 三、本年度办理结果 cells."""
    grids = doc("ruled").grids
    cells = [c for g in grids for row in g.cells for c in row if not c.is_covered]
    joined = ["".join(c.text.split()) for c in cells]
    assert "（三）不予公开" in joined
    assert "三、本年度办理结果" in joined


def test_landscape_page() -> None:
    d = doc("landscape")
    grid = next(g for g in d.grids if g.n_cols == 15)
    assert texts(grid.origins(grid.n_rows - 1))[:5] == ["1", "0", "0", "1", "2"]
    assert texts(find_row(d.grids, "（七）总计")[1:]) == ["12", "2", "0", "1", "0", "1", "16"]


def test_rotated_page_reads_upright() -> None:
    d = doc("rotated")
    assert paragraphs(d)[0] == "示例县人民政府2023年政府信息公开工作年度报告"
    assert texts(find_row(d.grids, "行政规范性文件")) == ["行政规范性文件", "5", "1", "42"]


# -- tables without rulings -------------------------------------------------------------------


def test_borderless_table_rows_and_columns() -> None:
    d = doc("borderless")
    assert texts(find_row(d.grids, "一、本年新收政府信息公开申请数量")[1:]) == ["12", "3", "0", "1", "0", "2", "18"]
    assert texts(find_row(d.grids, "（七）总计")[1:]) == ["12", "2", "0", "1", "0", "1", "16"]
    wrapped = find_row(d.grids, "5.要求行政机关确认或重新出具已获取信息")
    assert texts(wrapped)[1:] == ["0"] * 7
    assert any(p.startswith("三、收到和处理") for p in paragraphs(d))


# -- borders drawn as polygons ----------------------------------------------------------------


def test_bevelled_borders_drawn_as_polygons_are_rulings() -> None:
    """Chromium draws a ``border="1"`` cell's sides as thin filled four-cornered polygons, which
    pdfplumber gives as curves, not rects: read as rulings, the tables keep every column."""
    import pdfplumber

    with pdfplumber.open(FIXTURES / "browser.pdf") as pdf:
        tall = [c for p in pdf.pages for c in p.curves if c["fill"] and c["width"] <= 2 < c["height"]]
    assert len(tall) > 50  # the fixture really draws its column rulings so
    grids = doc("browser").grids
    row = find_row(grids, "一、本年新收政府信息公开申请数量")
    assert texts(row[1:]) == ["229", "28", "0", "1", "0", "3", "261"]
    assert texts(find_row(grids, "四、结转下年度继续办理")[1:]) == ["5", "0", "0", "0", "0", "0", "5"]
    assert next(g for g in grids if "行政诉讼" in g.text()).n_cols == 15


def test_only_rulings_above_and_below_the_page_are_cut() -> None:
    """A table's side border a little past the page's side stays: only top and bottom are cut."""
    from gi_extract.readers.pdf.load import _crop

    page = (0.0, 0.0, 300.0, 300.0)
    side = {"orientation": "v", "x0": 320.0, "x1": 320.0, "top": -40.0, "bottom": 110.0}
    above = {"orientation": "h", "x0": 20.0, "x1": 320.0, "top": -20.0, "bottom": -20.0}
    inside = {"orientation": "h", "x0": 20.0, "x1": 320.0, "top": 50.0, "bottom": 50.0}
    kept = _crop([side, above, inside], page)
    assert [(e["orientation"], e["x0"], e["top"], e["bottom"]) for e in kept] == [
        ("v", 320.0, 0.0, 110.0),
        ("h", 20.0, 50.0, 50.0),
    ]


def test_only_straight_thin_polygons_are_border_sides() -> None:
    from gi_extract.readers.pdf.load import _polygon

    bevel = {"path": [("m", (33.7, 27.7)), ("l", (33.7, 163.5)), ("l", (34.5, 162.7)), ("l", (34.5, 27.7))]}
    glyph = {"path": [("m", (1.0, 1.0)), ("c", (1.0, 2.0), (1.5, 3.0), (1.0, 9.0)), ("h",)]}
    assert _polygon(bevel) and not _polygon(glyph)


def test_rulings_off_the_page_are_not_read() -> None:
    """wkhtmltopdf draws each page as the whole document seen through a window: the rulings of
    rows printed on other pages lie above and below the page box. Cut at the box, they leave the
    rows the page shows, every one in its own cell."""
    import pdfplumber

    with pdfplumber.open(FIXTURES / "webkit.pdf") as pdf:
        off = [e for p in pdf.pages for e in p.edges if e["bottom"] < 0 or e["top"] > p.height]
    assert len(off) > 20  # the fixture really draws them so
    grids = doc("webkit").grids
    assert texts(find_row(grids, "1.属于国家秘密")[-7:]) == ["18", "0", "0", "1", "0", "0", "19"]
    page3 = [g for g in grids if g.pages == (3,) and g.n_cols == 10]
    assert texts(find_row(page3, "2.重复申请")[-7:]) == ["0"] * 7
    assert texts(find_row(page3, "（七）总计")[-7:]) == ["224", "28", "0", "1", "0", "3", "256"]


# -- errors ------------------------------------------------------------------------------------


def test_encrypted() -> None:
    path = FIXTURES / "encrypted.pdf"
    with pytest.raises(UnreadableInput, match=r"encrypted PDF \(password required\)$"):
        read_pdf(path)


@pytest.mark.parametrize("cut", [0.5, 0.05])
def test_truncated(tmp_path: Path, cut: float) -> None:
    data = (FIXTURES / "ruled.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(UnreadableInput, match=r"broken PDF") as info:
        read_pdf(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_not_a_pdf_at_all(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is no pdf")
    with pytest.raises(UnreadableInput, match=r"broken PDF"):
        read_pdf(path)


def test_cid_glyphs_warn() -> None:
    chars = [
        {"text": t, "x0": 10.0 * i, "x1": 10.0 * i + 9, "top": 10.0, "bottom": 20.0, "size": 10.0}
        for i, t in enumerate(["(cid:12)", "(cid:7)", "年"])
    ]
    d = build_document(Path("x.pdf"), [PageData(2, (0.0, 0.0, 595.0, 842.0), chars, [])], None)
    assert [(w.code, w.message) for w in d.warnings] == [
        ("pdf_cid_glyphs", "page 2: 2 glyphs without a Unicode mapping")
    ]


# -- the shared corpus -------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else [], ids=lambda p: p.name)
def test_corpus_reads_with_section_headings(path: Path) -> None:
    d = read_pdf(path)
    heads = {text[:2] for text in paragraphs(d) if HEADING.match(text)}
    assert {"二、", "三、", "四、"} <= heads
    assert len(d.grids) >= 3


@needs_corpus
def test_corpus_r002_real_pdf() -> None:
    d = read_pdf(CORPUS / "r002.pdf")
    assert d.title_hint == "政府信息公开工作年度报告"  # UTF-16LE metadata decoded
    assert paragraphs(d)[0] == "淮安市洪泽区人民政府2024年政府信息公开工作年度报告"
    assert not any(re.fullmatch(r"-\s*\d+\s*-", text) for text in paragraphs(d))
    t4 = next(g for g in d.grids if g.n_cols == 15)
    assert texts(t4.origins(t4.n_rows - 1)) == "1 1 0 0 2 1 0 0 0 1 2 0 1 0 3".split()
    label = next(c for g in d.grids for row in g.cells for c in row if c.text.startswith("三\n、"))
    assert label.text == "三\n、\n本\n年\n度\n办\n理\n结\n果"
    fragments = [g for g in d.grids if "本机关不掌握" in g.text() or "没有现成信息" in g.text()]
    assert [g.pages for g in fragments] == [(3,), (4,)]


@needs_corpus
def test_corpus_continued_rows_carry_their_group() -> None:
    """r002 (WPS) ends page 3 with （四）无法提供 | 1.本机关不掌握…: the group cell's label stays on page 3,
    and page 4 opens with its sub-row 2., whose merged cells it continues."""
    grids = read_pdf(CORPUS / "r002.pdf").grids
    row = find_row(grids, "2.没有现成信息需要另行制作")
    assert ["".join(c.text.split()) for c in row[:2]] == ["三、本年度办理结果", "（四）无法提供"]
    assert row[0].source.page == 4


@needs_corpus
def test_corpus_row_split_by_page_break_is_joined() -> None:
    """r016 breaks the row （五）1.信访举报投诉类申请 between pages 9 and 10."""
    grids = read_pdf(CORPUS / "r016.pdf").grids
    row = find_row(grids, "1.信访举报投诉类申请")
    assert texts(row)[-7:] == ["0"] * 7
    assert not any("".join(c.text.split()) == "诉类申请" for g in grids for row in g.cells for c in row)


@pytest.mark.parametrize(("left", "clipped"), [(0.0, frozenset({0, 1})), (700.0, frozenset())])
def test_a_table_is_clipped_only_where_it_stops_at_the_page_edge(left: float, clipped: frozenset[int]) -> None:
    """A web page printed too narrow stops its table at the edge; a rotated page's content lying
    outside the page box altogether (as pdfplumber places it) is not cut by that box."""
    width = 595.0
    right = left + width if left == 0.0 else left + 300.0
    mid = (left + right) / 2
    boxes = [(left, 100.0, mid, 120.0), (mid, 100.0, right, 120.0)]
    chars = [
        {"text": t, "x0": x, "x1": x + 9, "top": 105.0, "bottom": 115.0, "size": 10.0}
        for t, x in (("规", left + 5), ("1", mid + 5))
    ]
    d = build_document(Path("x.pdf"), [PageData(1, (0.0, 0.0, width, 842.0), chars, [boxes])], None)
    assert d.grids[0].clipped == clipped


def test_a_pdf_past_the_page_limit_is_read_up_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A compilation of reports: its first pages are read, and the cut is a warning, not silence."""
    import gi_extract.readers.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 1)
    doc = pdf_reader.read_pdf(FIXTURES / "split.pdf")
    assert doc.pages == 1
    cut = [w for w in doc.warnings if w.code == "pdf_pages_cut"]
    assert len(cut) == 1 and "only the first 1 were read" in cut[0].message
