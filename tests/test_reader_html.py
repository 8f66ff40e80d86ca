"""The HTML reader: grids, body finding, encodings, broken input, and real/fixture reports.

Small cases are written inline as HTML strings; the fixture and corpus tests use the
truth files' numbers as the oracle (the values of each standard-table row, read in cell
order, must equal the truth row), so they check the reader without the label pipeline.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gi_extract.errors import UnreadableInput
from gi_extract.grid import CellState, Document, Grid, Paragraph
from gi_extract.readers.html import decode_html, read_html

from conftest import edition

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "html"
CORPUS = ROOT.parent / "shared" / "corpus"


def read(tmp_path: Path, html: str | bytes, name: str = "page.html") -> Document:
    path = tmp_path / name
    path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
    return read_html(path)


def texts(grid: Grid) -> list[list[str]]:
    """The grid as text, ``^`` for covered positions (compact expected values)."""
    return [["^" if c.is_covered else c.text for c in row] for row in grid.cells]


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


# -- grids ------------------------------------------------------------------------------


def test_spans_are_expanded_with_covered_positions(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<table><tr><td rowspan=2>A</td><td colspan=2>B</td></tr><tr><td>1</td><td>2</td></tr></table>",
    )
    (grid,) = doc.grids
    assert texts(grid) == [["A", "B", "^"], ["^", "1", "2"]]
    assert grid.cells[1][0].row == 0 and grid.cells[0][2].col == 1  # covered cells point at their origin


def test_blank_is_not_covered(tmp_path: Path) -> None:
    doc = read(tmp_path, "<table><tr><td>&nbsp;</td><td>\u3000 </td><td colspan=2>x</td></tr></table>")
    states = [c.state for c in doc.grids[0].cells[0]]
    assert states == [CellState.BLANK, CellState.BLANK, CellState.FILLED, CellState.COVERED]


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ('colspan="2px"', [["a", "^", "b"], ["1", "2", "3"]]),
        ('colspan=" 2"', [["a", "^", "b"], ["1", "2", "3"]]),
        ('colspan="0"', [["a", "b", ""], ["1", "2", "3"]]),
        ('colspan="wide"', [["a", "b", ""], ["1", "2", "3"]]),
        ('colspan=""', [["a", "b", ""], ["1", "2", "3"]]),
    ],
)
def test_junk_colspan_reads_like_a_browser(tmp_path: Path, attrs: str, expected: list[list[str]]) -> None:
    doc = read(tmp_path, f"<table><tr><td {attrs}>a</td><td>b</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>")
    assert texts(doc.grids[0]) == expected


def test_rowspan_zero_reaches_the_last_row(tmp_path: Path) -> None:
    doc = read(tmp_path, "<table><tr><td rowspan=0>a</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></table>")
    assert texts(doc.grids[0]) == [["a", "1"], ["^", "2"], ["^", "3"]]


def test_rowspan_past_the_table_is_clamped(tmp_path: Path) -> None:
    doc = read(tmp_path, "<table><tr><td rowspan=9>a</td><td>1</td></tr><tr><td>2</td></tr></table>")
    assert doc.grids[0].n_rows == 2


def test_cell_paragraphs_and_breaks_become_lines(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<table><tr><td><p>商业</p><p>企业&nbsp;</p></td><td>结果<br/>纠正</td>"
        "<td><p>&nbsp;</p><p><span>58</span></p><p><br></p></td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>",
    )
    assert texts(doc.grids[0])[0] == ["商业\n企业", "结果\n纠正", "58"]


def test_source_positions_are_markup_coordinates(tmp_path: Path) -> None:
    doc = read(tmp_path, "<table><tr><td rowspan=2>a</td><td>b</td></tr><tr><td>c</td></tr></table>")
    cell = doc.grids[0].cells[1][1]
    assert (cell.text, cell.source.row, cell.source.col, cell.source.page) == ("c", 1, 0, None)


def test_thead_tbody_tfoot_rows_in_document_order(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<table><thead><tr><th>h</th><th>i</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody>"
        "<tfoot><tr><td>f</td><td>g</td></tr></tfoot></table>",
    )
    assert texts(doc.grids[0]) == [["h", "i"], ["1", "2"], ["f", "g"]]


def test_layout_table_yields_inner_tables_and_its_text_as_paragraphs(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<table><tr><td><p>二、主动公开政府信息情况</p>"
        "<table><tr><td>规章</td><td>1</td></tr><tr><td>行政规范性文件</td><td>2</td></tr></table>"
        "<p>三、收到和处理</p><table><tr><td>自然人</td><td>3</td></tr><tr><td>x</td><td>4</td></tr></table>"
        "</td></tr></table>",
    )
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Grid", "Paragraph", "Grid"]
    assert [g.index for g in doc.grids] == [0, 1]
    assert texts(doc.grids[1]) == [["自然人", "3"], ["x", "4"]]


def test_single_cell_table_is_a_frame_not_data(tmp_path: Path) -> None:
    doc = read(tmp_path, "<table><tr><td><p>一、总体情况</p><p>正文。</p></td></tr></table>")
    assert doc.grids == [] and paragraphs(doc) == ["一、总体情况", "正文。"]


def test_caption_is_a_paragraph_before_the_grid(tmp_path: Path) -> None:
    doc = read(tmp_path, "<table><caption>表三</caption><tr><td>a</td><td>b</td></tr></table>")
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "表三"
    assert isinstance(doc.blocks[1], Grid)


# -- paragraphs and reading order -------------------------------------------------------


def test_paragraph_text_is_normalised(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<div>　　一、<b>总体情况</b></div><p>统计期限\n  为2022年1月1日至<br>2022年12月31日。 ok\n text</p>"
        "<div>直接文字<p>段落</p>尾巴</div>",
    )
    assert paragraphs(doc) == [
        "一、总体情况",
        "统计期限为2022年1月1日至\n2022年12月31日。 ok text",
        "直接文字",
        "段落",
        "尾巴",
    ]


def test_blocks_keep_reading_order(tmp_path: Path) -> None:
    doc = read(tmp_path, "<p>before</p><table><tr><td>1</td><td>2</td></tr></table><p>after</p>")
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Grid", "Paragraph"]
    assert doc.pages is None and doc.format == "html"


def test_deeply_nested_markup_does_not_exhaust_the_stack(tmp_path: Path) -> None:
    doc = read(tmp_path, "<div>" * 1500 + "<table><tr><td>1</td><td>2</td></tr></table>" + "<font>x" * 1500)
    assert len(doc.grids) == 1


# -- finding the report -----------------------------------------------------------------

REPORT_TABLE = (
    "<table><tr><td>行政复议</td><td>行政诉讼</td></tr><tr><td>1</td><td>2</td></tr></table>"
    "<p>本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。这里是一段足够长的正文内容。</p>"
)


def test_navigation_footer_scripts_and_hidden_are_ignored(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<html><head><style>p{}</style></head><body>"
        '<div class="nav"><a href="/">首页</a><a href="/a">政务公开</a><a href="/b">互动</a></div>'
        '<div class="main"><div style="display:none"><table><tr><td>行政复议</td><td>9</td></tr>'
        "<tr><td>9</td><td>9</td></tr></table></div>"
        f"<p>一、总体情况</p>{REPORT_TABLE}<script>document.write('<table>')</script>"
        '<div class="bdsharebuttonbox"><a>微信</a></div></div>'
        '<div class="footer">版权所有 某某市人民政府</div></body></html>',
    )
    assert len(doc.grids) == 1 and texts(doc.grids[0])[1] == ["1", "2"]
    assert paragraphs(doc)[0] == "一、总体情况"
    joined = "\n".join(paragraphs(doc))
    assert "首页" not in joined and "版权所有" not in joined and "微信" not in joined


def test_known_container_wins_over_surrounding_page(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<body><div><p>网站导航说明文字很长很长很长很长很长很长很长很长很长很长很长</p></div>"
        f'<div class="TRS_Editor"><p>一、总体情况</p>{REPORT_TABLE}</div>'
        "<div><p>页脚说明</p></div></body>",
    )
    assert paragraphs(doc)[0] == "一、总体情况" and "页脚说明" not in paragraphs(doc)


def test_layout_page_picks_the_content_cell(tmp_path: Path) -> None:
    links = "".join(f'<li><a href="/{i}">栏目{i}</a></li>' for i in range(8))
    doc = read(
        tmp_path,
        f"<body><table><tr><td><ul>{links}</ul></td><td><p>一、总体情况</p>{REPORT_TABLE}</td></tr></table>"
        "<p>主办单位：某某局</p></body>",
    )
    assert len(doc.grids) == 1 and paragraphs(doc)[0] == "一、总体情况"
    assert not any("栏目" in p for p in paragraphs(doc))


def test_fragment_without_html_wrapper(tmp_path: Path) -> None:
    doc = read(tmp_path, f"<div class=TRS_Editor><p>一、总体情况</p>{REPORT_TABLE}</div>")
    assert len(doc.grids) == 1 and paragraphs(doc)[0] == "一、总体情况"


def test_malformed_markup_still_yields_tables(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<html><body><div class=x><p>一、总体情况<table border=1><tr><td>行政复议<td>行政诉讼"
        "<tr><td><p>1<td><span>2</font></span><tr><td>3<td>4</table><p>尾",
    )
    assert texts(doc.grids[0]) == [["行政复议", "行政诉讼"], ["1", "2"], ["3", "4"]]


# -- title ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (
            '<meta name="ArticleTitle" content="甲局2022年度政府信息公开工作年度报告">',
            "",
            "甲局2022年度政府信息公开工作年度报告",
        ),
        (
            "<title>乙局2021年政府信息公开工作年度报告_年报_某某市人民政府</title>",
            "",
            "乙局2021年政府信息公开工作年度报告",
        ),
        (
            "<title>首页 | 某某市</title>",
            "<p><b>丙局2020年政府信息公开工作年度报告</b></p>",
            "丙局2020年政府信息公开工作年度报告",
        ),
        ("<title>首页 | 某某市</title>", "<p>正文。</p>", "首页"),
        ("", "<p>正文没有标题。</p>", None),
    ],
)
def test_title_hint(tmp_path: Path, head: str, body: str, expected: str | None) -> None:
    doc = read(tmp_path, f"<html><head>{head}</head><body>{body}{REPORT_TABLE}</body></html>")
    assert doc.title_hint == expected


# -- encodings --------------------------------------------------------------------------

GB_PAGE = "<html><head>{meta}</head><body><p>一、总体情况 珺</p>" + REPORT_TABLE + "</body></html>"


@pytest.mark.parametrize(
    ("meta", "codec"),
    [
        ("<meta charset=gbk>", "gbk"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb18030"),  # 珺 is not GB2312
        ("", "gb18030"),  # no declaration: sniffed
        ('<meta charset="gb2312">', "utf-8"),  # wrong declaration
        ('<meta charset="utf-8">', "utf-8-sig"),  # BOM
    ],
)
def test_encodings(tmp_path: Path, meta: str, codec: str) -> None:
    doc = read(tmp_path, GB_PAGE.format(meta=meta).encode(codec))
    assert paragraphs(doc)[0] == "一、总体情况 珺"
    assert texts(doc.grids[0])[0] == ["行政复议", "行政诉讼"]


def test_utf16_with_bom(tmp_path: Path) -> None:
    doc = read(tmp_path, GB_PAGE.format(meta="").encode("utf-16"))
    assert paragraphs(doc)[0] == "一、总体情况 珺"


def test_a_stray_byte_is_replaced_with_a_warning(tmp_path: Path) -> None:
    doc = read(tmp_path, GB_PAGE.format(meta="<meta charset=utf-8>").encode("utf-8").replace(b"<p>", b"<p>\xff", 1))
    assert paragraphs(doc)[0] == "\ufffd一、总体情况 珺"
    assert doc.warnings and "replaced while reading as utf-8" in doc.warnings[-1].message


def test_wrong_declaration_is_reported_as_warning() -> None:
    text, warnings = decode_html('<meta charset="gb2312"><p>中文</p>'.encode(), Path("x.html"))
    assert "中文" in text and warnings and warnings[0].code == "html_encoding"


# -- unreadable input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"%PDF-1.4\n\x00\x01\x02binary", "binary"),
        ("这是一份纯文本报告，没有任何标签。".encode(), "no HTML tags"),
        (bytes(range(128, 256)) * 50 + b"<p>x</p>", "cannot be decoded"),
        (b"<!-- only a comment -->", "no HTML tags"),
        (b"<!-- <p>commented out</p> -->", "cannot be parsed"),
    ],
)
def test_unreadable_input_names_file_and_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableInput) as info:
        read(tmp_path, data, "bad.html")
    message = str(info.value)
    assert message.startswith(str(tmp_path / "bad.html")) and reason in message and "\n" not in message


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match="cannot be read"):
        read_html(tmp_path / "absent.html")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.binary(max_size=400),
        st.lists(
            st.sampled_from(
                [
                    *("<table>", "<tr>", "<td rowspan=3>", "<td colspan=0>", "</td>", "</table>", "<p>", "<br>", "x"),
                    *("&nbsp;", "一、", "<div class=TRS_Editor>", "</div>", "<!--", "-->", "<td>1", "\x00", "\ufeff"),
                ]
            ),
            max_size=60,
        ).map(lambda parts: "".join(parts).encode("utf-8")),
    )
)
def test_any_input_reads_or_raises_unreadable(tmp_path: Path, data: bytes) -> None:
    try:
        doc = read(tmp_path, data, "fuzz.html")
    except UnreadableInput:
        return
    assert all(len(row) == grid.n_cols for grid in doc.grids for row in grid.cells)


# -- fixture and corpus reports: the truth numbers, row by row, in cell order ------------

_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def number(text: str) -> float | None:
    """A printed value as the truth records it ('' → 0, '251000元' → 251000, '+3' → 3)."""
    cleaned = text.replace("元", "").replace(",", "").strip()
    if cleaned == "":
        return 0.0
    return float(cleaned) if _NUMBER.match(cleaned) else None


def section_grids(doc: Document, start: str, end: str | None) -> list[Grid]:
    """The grids between the paragraph that starts with ``start`` and the one with ``end``."""
    out: list[Grid] = []
    inside = False
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.text.startswith(start):
                inside = True
            elif end and block.text.startswith(end):
                inside = False
        elif inside:
            out.append(block)
    return out


def value_rows(grids: list[Grid], width: int) -> list[list[float]]:
    """Rows whose last ``width`` origin cells are numbers or blank, after only text labels (if any)."""
    rows: list[list[float]] = []
    for grid in grids:
        for i in range(grid.n_rows):
            cells = grid.origins(i)
            tail = [number(c.text) for c in cells[-width:]]
            labels = [number(c.text) for c in cells[:-width]]
            if len(cells) >= width and all(v is not None for v in tail) and all(v is None for v in labels):
                rows.append([v for v in tail if v is not None])
    return rows


def t2_rows(grids: list[Grid], template: str) -> dict[str, list[float]]:
    """Table 二 rows by their printed label, values in cell order."""
    spec = edition(template).tables["active_disclosure"]
    labels = {row.label: (row.key, len(spec.cells[row.key])) for row in spec.rows}
    out: dict[str, list[float]] = {}
    for grid in grids:
        for i in range(grid.n_rows):
            cells = grid.origins(i)
            if cells and cells[0].text in labels:
                key, width = labels[cells[0].text]
                out[key] = [v if v is not None else float("nan") for v in (number(c.text) for c in cells[1:])][:width]
    return out


def check_against_truth(path: Path) -> None:
    truth = json.loads(path.with_name(path.name.replace(".html", ".truth.json")).read_text("utf-8"))
    doc = read_html(path)
    tables = truth["tables"]
    t3 = section_grids(doc, "三、收到和处理", "四、")
    want3 = [list(row.values()) for row in tables["applications"].values()]
    assert value_rows(t3, 7) == want3
    t4 = section_grids(doc, "四、", "五、")
    want4 = [v for row in tables["reviews_litigation"].values() for v in row.values()]
    assert value_rows(t4, 15) == [want4]


FIXTURE_FILES = sorted(FIXTURES.glob("*.html"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.stem for p in FIXTURE_FILES])
def test_fixture_tables_match_truth(path: Path) -> None:
    check_against_truth(path)
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text("utf-8"))
    doc = read_html(path)
    want = {k: list(v.values()) for k, v in truth["tables"]["active_disclosure"].items()}
    assert t2_rows(section_grids(doc, "二、主动公开", "三、"), truth["template"]) == want
    assert doc.title_hint == truth["title"]


def test_fixture_generator_is_in_sync() -> None:
    """The fixtures on disk are exactly what scripts/make_html_fixtures.py writes today."""
    spec = importlib.util.spec_from_file_location("make_html_fixtures", ROOT / "scripts" / "make_html_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script runs
    spec.loader.exec_module(module)
    expected: dict[str, bytes] = module.build_all()
    on_disk = [*FIXTURES.glob("*.html"), *FIXTURES.glob("*.truth.json")]
    assert sorted(expected) == sorted(p.name for p in on_disk)
    assert all((FIXTURES / name).read_bytes() == data for name, data in expected.items())


CORPUS_FILES = sorted(CORPUS.glob("*.html")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_FILES, reason="../shared/corpus is not available")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_corpus_tables_match_truth(path: Path) -> None:
    check_against_truth(path)


@pytest.mark.skipif(not CORPUS_FILES, reason="../shared/corpus is not available")
def test_corpus_page_titles_come_from_meta() -> None:
    doc = read_html(CORPUS / "r016.html")
    assert doc.title_hint == "平潭综合实验区2019年度政府信息公开工作年度报告"
    assert not any("扫一扫" in p or "打印" in p for p in paragraphs(doc))
