"""The DOCX reader: merged-cell grids, Word's wrappers and revisions, broken packages, real reports.

Small cases are tiny packages written from inline ``w:body`` XML, so each test shows exactly
the Word construct it is about. The fixture and corpus tests use the truth files as the
oracle: the seven values of every table 三 data row, read in grid order, must equal the truth
rows, which checks the reader without the label pipeline.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from gi_extract import extract
from gi_extract.errors import UnreadableInput
from gi_extract.grid import CellState, Document, Grid, Paragraph
from gi_extract.readers.docx import legacy, ole, read_docx, walk
from gi_extract.readers.docx import package as docx_package
from gi_extract.readers.docx import xml as docx_xml
from gi_extract.readers.docx.legacy import read_legacy_word

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "docx"
CORPUS = ROOT.parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
PKG = "http://schemas.openxmlformats.org/package/2006"
RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{PKG}/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)
CORE = (
    '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></cp:coreProperties>'
)
DASHES = {"", "—", "－", "/", "无", "-"}


def package(body: str, title: str = "", document: str | None = None) -> bytes:
    """A minimal DOCX whose ``w:body`` is ``body`` (``document`` replaces the whole part when given)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("docProps/core.xml", CORE.format(title=title))
        if document is None:
            document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>'
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def read(tmp_path: Path, body: str, **kw: str) -> Document:
    path = tmp_path / "report.docx"
    path.write_bytes(package(body, **kw))
    return read_docx(path)


def p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def tc(text: str = "", props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(text) if text else '<w:p/>'}</w:tc>"


def tbl(*rows: str) -> str:
    return "<w:tbl><w:tblPr/>" + "".join(rows) + "</w:tbl>"


def tr(*cells: str, props: str = "") -> str:
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def span(n: int) -> str:
    return f'<w:gridSpan w:val="{n}"/>'


RESTART = '<w:vMerge w:val="restart"/>'
CONTINUE = "<w:vMerge/>"


def texts(grid: Grid) -> list[list[str]]:
    """The grid as text: ``^`` covered, ``·`` padding, the text otherwise (``""`` blank)."""
    return [["^" if c.is_covered else "·" if c.pad else c.text for c in row] for row in grid.cells]


# -- grids ------------------------------------------------------------------------------------


def test_gridspan_and_vmerge_become_spans_with_covered_positions(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        tbl(
            tr(tc("note", span(2) + RESTART), tc("申请人情况", span(2))),
            tr(tc("", span(2) + CONTINUE), tc("自然人"), tc("")),
            tr(tc("一、本年新收", span(2)), tc("11"), tc("　")),
        ),
    )
    (grid,) = doc.grids
    assert texts(grid) == [["note", "^", "申请人情况", "^"], ["^", "^", "自然人", ""], ["一、本年新收", "^", "11", ""]]
    origin = grid.cells[0][0]
    assert (origin.rowspan, origin.colspan) == (2, 2)
    assert grid.cells[1][0].state is CellState.COVERED and grid.cells[1][0].row == 0
    assert grid.cells[2][3].state is CellState.BLANK  # an ideographic space is blank, not covered


def test_vertical_merge_down_a_label_column_keeps_values_aligned(tmp_path: Path) -> None:
    rows = [tr(tc("三、本年度办理结果", RESTART), tc("（一）予以公开"), tc("3"))]
    rows += [tr(tc("", CONTINUE), tc(f"（{n}）"), tc(str(i))) for i, n in enumerate("二三四", 4)]
    (grid,) = read(tmp_path, tbl(*rows)).grids
    assert grid.cells[0][0].rowspan == 4
    assert [row[1:] for row in texts(grid)] == [
        ["（一）予以公开", "3"],
        ["（二）", "4"],
        ["（三）", "5"],
        ["（四）", "6"],
    ]
    assert [grid.origins(i)[-1].source.col for i in range(4)] == [2, 2, 2, 2]  # w:tc index, not grid column


def test_grid_before_pads_leading_columns_instead_of_shifting_the_row(tmp_path: Path) -> None:
    body = tbl(
        tr(tc("类别"), tc("维持"), tc("纠正")),
        tr(tc("1"), tc("2"), props='<w:gridBefore w:val="1"/>'),
    )
    (grid,) = read(tmp_path, body).grids
    assert texts(grid) == [["类别", "维持", "纠正"], ["·", "1", "2"]]
    assert grid.cells[1][0].pad and grid.origins(1) == [grid.cells[1][1], grid.cells[1][2]]


def test_grid_before_below_a_vertical_merge(tmp_path: Path) -> None:
    body = tbl(
        tr(tc("a"), tc("b", RESTART), tc("c")),
        tr(tc("", CONTINUE), tc("d"), props='<w:gridBefore w:val="1"/>'),
    )
    (grid,) = read(tmp_path, body).grids
    assert texts(grid) == [["a", "b", "c"], ["·", "^", "d"]]


def test_legacy_hmerge_folds_into_colspan(tmp_path: Path) -> None:
    body = tbl(
        tr(tc("行政复议", '<w:hMerge w:val="restart"/>'), tc("x", "<w:hMerge/>"), tc("行政诉讼")),
        tr(tc("1"), tc("2"), tc("3")),
    )
    (grid,) = read(tmp_path, body).grids
    assert texts(grid) == [["行政复议", "^", "行政诉讼"], ["1", "2", "3"]]
    assert grid.cells[0][0].colspan == 2


def test_continuation_without_a_matching_restart_stands_alone(tmp_path: Path) -> None:
    body = tbl(tr(tc("a"), tc("b", span(2) + RESTART)), tr(tc("c", CONTINUE), tc("d", CONTINUE), tc("e")))
    (grid,) = read(tmp_path, body).grids
    assert texts(grid) == [["a", "b", "^"], ["c", "d", "e"]]  # widths differ: Word shows separate cells


def test_paragraphs_breaks_and_tabs_in_a_cell(tmp_path: Path) -> None:
    cell = (
        "<w:tc><w:p><w:r><w:t>商业</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>企业</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>本年新</w:t><w:br/><w:t>制作</w:t><w:tab/><w:t>数量</w:t></w:r></w:p></w:tc>"
    )
    (grid,) = read(tmp_path, tbl(tr(cell))).grids
    assert grid.cells[0][0].text == "商业\n企业\n本年新\n制作 数量"


# -- wrappers, frames, revisions -------------------------------------------------------------


def test_nested_table_is_its_own_grid_after_the_outer_one(tmp_path: Path) -> None:
    inner = tbl(tr(tc("内1"), tc("内2")))
    outer = tbl(tr(tc("外"), f"<w:tc>{p('说明')}{inner}<w:p/></w:tc>"), tr(tc("1"), tc("2")))
    doc = read(tmp_path, p("前") + outer + tbl(tr(tc("后"))))
    assert [texts(g) for g in doc.grids] == [[["外", "说明"], ["1", "2"]], [["内1", "内2"]], [["后"]]]
    assert [g.index for g in doc.grids] == [0, 1, 2]
    assert doc.grids[1].cells[0][0].source.table == 1


def test_one_column_layout_table_is_unwrapped_in_reading_order(tmp_path: Path) -> None:
    frame = tbl(tr(f"<w:tc>{p('三、收到和处理政府信息公开申请情况')}{tbl(tr(tc('7')))}{p('四、')}</w:tc>"))
    doc = read(tmp_path, frame)
    kinds = [b.text if isinstance(b, Paragraph) else texts(b) for b in doc.blocks]
    assert kinds == ["三、收到和处理政府信息公开申请情况", [["7"]], "四、"]


def test_content_controls_are_transparent_at_every_level(tmp_path: Path) -> None:
    def sdt(inner: str) -> str:
        return f'<w:sdt><w:sdtPr><w:alias w:val="表"/></w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>'

    body = sdt(p("标题")) + sdt(tbl(sdt(tr(tc("a"), sdt(tc("b")))), tr(tc("c"), tc("d"))))
    doc = read(tmp_path, body)
    assert doc.blocks[0] == Paragraph("标题")
    assert texts(doc.grids[0]) == [["a", "b"], ["c", "d"]]


def test_text_box_is_read_once_and_drawing_numbers_do_not_leak(tmp_path: Path) -> None:
    box = f"<w:txbxContent>{p('某某县2021年政府信息公开工作年度报告')}</w:txbxContent>"
    body = (
        '<w:p><w:r><w:t>锚</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        f'<wp:positionH><wp:posOffset>123825</wp:posOffset></wp:positionH><wps:txbx xmlns:wps="urn:x">{box}'
        f"</wps:txbx></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    doc = read(tmp_path, body)
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["锚", "某某县2021年政府信息公开工作年度报告"]


def test_tracked_changes_keep_insertions_and_drop_deletions(tmp_path: Path) -> None:
    attrs = 'w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"'
    cell = (
        f"<w:tc><w:p><w:del {attrs}><w:r><w:delText>9</w:delText></w:r></w:del>"
        f"<w:ins {attrs}><w:r><w:t>7</w:t></w:r></w:ins></w:p></w:tc>"
    )
    field = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    body = field + tbl(tr(cell), tr(tc("已删除行"), props=f"<w:del {attrs}/>"), tr(tc("8")))
    doc = read(tmp_path, body)
    assert doc.blocks[0] == Paragraph("3")
    assert texts(doc.grids[0]) == [["7"], ["8"]]
    assert doc.grids[0].cells[1][0].source.row == 2  # provenance counts the deleted w:tr


def test_document_facts(tmp_path: Path) -> None:
    doc = read(tmp_path, p("一、总体情况") + p("　　") + tbl(tr(tc("1"))), title="某某县2021年报告")
    assert (doc.format, doc.pages, doc.title_hint) == ("docx", None, "某某县2021年报告")
    assert doc.blocks[0] == Paragraph("一、总体情况") and len(doc.blocks) == 2  # the blank paragraph is dropped
    assert doc.grids[0].cells[0][0].source.page is None


def test_fast_text_path_agrees_with_the_careful_one() -> None:
    """Plain paragraphs are serialised by libxml2; the result must equal reading run text only."""
    files = sorted(FIXTURES.glob("*.docx")) + (sorted(CORPUS.glob("r0*.docx")) if CORPUS.is_dir() else [])
    assert files
    for path in files:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/document.xml"), etree.XMLParser(**docx_xml.PARSER_OPTIONS))
        walker = walk.Walker(root.find(docx_xml.W_BODY))
        for para in root.iter(docx_xml.W_P):
            if para in walker.careful:
                continue
            parts: list[str] = []
            walk._careful_text(para, parts, [])
            fast = etree.tostring(para, method="text", encoding=str, with_tail=False)
            assert fast == "".join(parts), path.name


# -- broken input -----------------------------------------------------------------------------


def assert_unreadable(path: Path, reason: str) -> None:
    with pytest.raises(UnreadableInput) as err:
        read_docx(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message and reason in message


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert_unreadable(path, "broken zip")


def test_truncated_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(package(p("x") * 200)[:300])
    assert_unreadable(path, "DOCX")


def test_missing_document_part(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("_rels/.rels", RELS)
    assert_unreadable(path, "no word/document.xml")


def test_malformed_xml(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(package("", document=f"<w:document {NS}><w:body><w:p></w:body>"))
    assert_unreadable(path, "malformed XML in word/document.xml")


def test_a_dtd_is_refused(tmp_path: Path) -> None:
    evil = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<w:document {NS}><w:body>{p('&b;')}</w:body></w:document>"
    )
    path = tmp_path / "x.docx"
    path.write_bytes(package("", document=evil))
    assert_unreadable(path, "declares a DTD")


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", b"<" + b" " * (docx_package.RATIO_MIN_SIZE + 1) + b"/>")
    assert_unreadable(path, "zip bomb")


def test_no_body(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(package("", document=f"<w:document {NS}/>"))
    assert_unreadable(path, "no document body")


def test_damaged_packages_never_raise_anything_else(tmp_path: Path) -> None:
    """Byte flips and cuts of a real fixture: a Document or UnreadableInput, never a traceback."""
    data = (FIXTURES / "official_2021.docx").read_bytes()
    rnd = random.Random(7)
    path = tmp_path / "x.docx"
    for _ in range(120):
        blob = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            blob[rnd.randrange(len(blob))] = rnd.randrange(256)
        if rnd.random() < 0.3:
            blob = blob[: rnd.randrange(len(blob))]
        path.write_bytes(bytes(blob))
        try:
            read_docx(path)
        except UnreadableInput as exc:
            assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)


def ole_file(name: str, stream: bytes = b"\xec\xa5" + bytes(4094)) -> bytes:
    """A minimal OLE compound file: a 512-byte header, one directory sector, then one stream.

    Only the facts :mod:`ole` checks are real (sector shift, first directory sector, the entry's
    name, start sector and length); enough to stand for a .doc without LibreOffice.
    """
    header = bytearray(512)
    header[:8] = ole.OLE_MAGIC
    header[0x1E:0x20] = (9).to_bytes(2, "little")  # 512-byte sectors
    header[0x30:0x34] = (0).to_bytes(4, "little")  # the directory is sector 0, right after the header
    entry = bytearray(128)
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    entry[: len(encoded)] = encoded
    entry[64:66] = len(encoded).to_bytes(2, "little")
    entry[0x74:0x78] = (1).to_bytes(4, "little")  # the stream starts at sector 1
    entry[0x78:0x7C] = len(stream).to_bytes(4, "little")
    return bytes(header) + bytes(entry) + bytes(384) + stream


def test_legacy_word_needs_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy.shutil, "which", lambda _name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(ole_file("WordDocument"))
    with pytest.raises(UnreadableInput, match=r"old\.doc: \.doc/\.wps needs LibreOffice \(soffice\) on PATH"):
        read_legacy_word(path)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (ole_file("WordDocument")[:900], "truncated (its Word text lies past the end of the file)"),
        (ole_file("WordDocument")[:600], "truncated (its directory lies past the end of the file)"),
        (ole_file("WordDocument")[:300], "truncated (shorter than its own header)"),
        (ole_file("WordDocument", b"PK" + bytes(4094)), "damaged (its Word stream does not begin as Word writes it)"),
        (ole_file("WordDocument")[:0x1E] + b"\x07\x00" + ole_file("WordDocument")[0x20:], "impossible sector size"),
        (ole_file("Workbook"), "an OLE file with no Word document in it"),
    ],
)
def test_a_damaged_doc_is_named_before_any_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, reason: str
) -> None:
    """The shape of a Word 97 file is checked in microseconds; LibreOffice is never started for these."""

    def no_libreoffice(_name: str) -> None:
        raise AssertionError("LibreOffice was looked for before the file was checked")

    monkeypatch.setattr(legacy.shutil, "which", no_libreoffice)
    path = tmp_path / "report.doc"
    path.write_bytes(data)
    with pytest.raises(UnreadableInput) as caught:
        read_legacy_word(path)
    assert str(caught.value).startswith(f"{path}: not a readable .doc: ")
    assert reason in str(caught.value)


def test_a_works_file_without_a_word_stream_goes_on_to_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Works (.wps) files are OLE files with other streams: LibreOffice reads them, so they are not refused."""
    monkeypatch.setattr(legacy.shutil, "which", lambda _name: None)
    path = tmp_path / "old.wps"
    path.write_bytes(ole_file("MatOST"))
    with pytest.raises(UnreadableInput, match="needs LibreOffice"):
        read_legacy_word(path)


def test_small_word_streams_are_not_judged(tmp_path: Path) -> None:
    """A stream under 4096 bytes lives in the mini stream, where its start is no plain sector: no verdict."""
    assert ole.word_problem(ole_file("WordDocument", b"PK" + bytes(100))) is None
    assert ole.has_word_stream(ole_file("WordDocument")) and not ole.has_word_stream(ole_file("Workbook"))
    assert ole.word_problem(b"not ole at all" + bytes(600)) is not None


def test_password_protected_docx_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(UnreadableInput, match="encrypted"):
        read_legacy_word(path)


# -- fixtures and real reports ----------------------------------------------------------------


def value(text: str) -> int | None:
    """A printed table 三 value as the truth stores it (blank and dashes are 0); None if not a count."""
    text = text.strip()
    if text in DASHES:
        return 0
    return int(text) if text.isdigit() else None


def table3_rows(doc: Document) -> list[list[int]]:
    """The seven values of every data row of table 三 (all its grids), in reading order.

    Table 三 grids are the ≥10-column grids; a data row is one whose last seven origin cells
    are counts and that carries a label (so header rows and table 四 are not taken).
    """
    out = []
    for grid in doc.grids:
        if grid.n_cols < 10 or grid.n_cols > 12:
            continue
        for i in range(grid.n_rows):
            cells = grid.origins(i)
            values = [value(c.text) for c in cells[-7:]]
            if len(cells) > 7 and all(v is not None for v in values) and any(c.text for c in cells[:-7]):
                out.append([v for v in values if v is not None])
            elif len(cells) == 8 and grid.covering(i) and all(v is not None for v in values):
                out.append([v for v in values if v is not None])
    return out


def truth_rows(truth_file: Path) -> list[list[int]]:
    truth = json.loads(truth_file.read_text("utf-8"))
    return [[int(v) for v in row.values()] for row in truth["tables"]["applications"].values()]


FIXTURE_FILES = sorted(FIXTURES.glob("*.docx"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_table3_values_in_grid_order(path: Path) -> None:
    assert table3_rows(read_docx(path)) == truth_rows(path.with_suffix(".truth.json"))


def test_fixture_table3_structure() -> None:
    (grid,) = [g for g in read_docx(FIXTURES / "official_2021.docx").grids if "申请人情况" in g.text()]
    assert (grid.n_rows, grid.n_cols) == (28, 10)
    assert (grid.cells[0][0].rowspan, grid.cells[0][0].colspan) == (3, 3)
    assert grid.cells[5][0].text == "三、本年度办理结果" and grid.cells[5][0].rowspan == 22
    assert [grid.cells[r][1].rowspan for r in (7, 15, 18, 23)] == [8, 3, 5, 3]


def test_fixture_grid_before_keeps_table4_aligned() -> None:
    grid = read_docx(FIXTURES / "grid_before.docx").grids[-1]
    truth = json.loads((FIXTURES / "grid_before.truth.json").read_text("utf-8"))
    expected = [str(v) for group in truth["tables"]["reviews_litigation"].values() for v in group.values()]
    assert grid.cells[3][0].pad and [c.text for c in grid.cells[3][1:]] == expected
    assert grid.cells[2][6].text == "结果维持"  # the header row lines up with the data row


def test_fixture_text_box_title_appears_once() -> None:
    doc = read_docx(FIXTURES / "textbox_title.docx")
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraphs.count("长乐区2025年政府信息公开工作年度报告") == 1 and doc.title_hint is None


CORPUS_FILES = sorted(CORPUS.glob("r0*.docx")) if CORPUS.is_dir() else []


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_corpus_table3(path: Path) -> None:
    doc = read_docx(path)
    (grid,) = [g for g in doc.grids if "申请人情况" in g.text()]
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text("utf-8"))
    n_rows = len(truth["tables"]["applications"])
    assert grid.n_rows == 3 + n_rows
    column = [grid.cells[r][0] for r in range(grid.n_rows)]
    groups = [c for c in column if not c.is_covered and "".join(c.text.split()).startswith("三、本年度办理结果")]
    assert sum(c.rowspan for c in groups) == n_rows - 3  # covers （一）…（七）, once or repeated (r016)
    assert table3_rows(doc) == truth_rows(path.with_name(path.stem + ".truth.json"))


def soffice_convert(source: Path, to: str, out: Path) -> Path:
    """``source`` saved by LibreOffice as ``to`` (doc, rtf) in ``out``: a real legacy file to read."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", to, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{source.stem}.{to}"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_word_97_doc_is_read_through_libreoffice(tmp_path: Path) -> None:
    source = FIXTURES / "official_2021.docx"
    doc_file = soffice_convert(source, "doc", tmp_path)
    assert doc_file.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # an OLE2 file, not a renamed DOCX
    want = extract(source).tables
    got = extract(doc_file)
    assert got.source.format == "doc"
    assert {k: t.rows for k, t in got.tables.items()} == {k: t.rows for k, t in want.items()}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_rtf_saved_as_doc_is_read_through_libreoffice(tmp_path: Path) -> None:
    """Sites serve RTF under a .doc name; sniffing the content sends it to LibreOffice, not to the text reader."""
    source = FIXTURES / "official_2021.docx"
    doc_file = soffice_convert(source, "rtf", tmp_path).rename(tmp_path / "report.doc")
    assert doc_file.read_bytes().startswith(b"{\\rtf")
    got = extract(doc_file)
    assert got.source.format == "doc"
    assert {k: t.rows for k, t in got.tables.items()} == {k: t.rows for k, t in extract(source).tables.items()}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_real_doc_cut_in_half_is_refused_in_one_line_without_conversion(tmp_path: Path) -> None:
    source = FIXTURES / "official_2021.docx"
    whole = soffice_convert(source, "doc", tmp_path).read_bytes()
    assert ole.word_problem(whole) is None and ole.has_word_stream(whole)
    cut = tmp_path / "cut.doc"
    cut.write_bytes(whole[: len(whole) // 2])
    result = subprocess.run([sys.executable, "-m", "gi_extract", str(cut)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [
        f"gi-extract: error: {cut}: not a readable .doc: truncated (its directory lies past the end of the file)"
    ]


# -- formatting shed before the parse ----------------------------------------------------------


def shed_text(xml: str) -> str:
    """What :func:`docx_xml.shed` leaves of ``xml`` (a whole ``w:document``) as text."""
    return docx_xml.shed(xml.encode()).decode()


def document(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>'


def test_shed_cuts_whole_formatting_elements_and_keeps_merges() -> None:
    cell = (
        '<w:tc><w:tcPr><w:tcW w:w="2478" w:type="dxa"/><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>'
        '<w:tcBorders><w:top w:val="single" w:sz="6"/></w:tcBorders><w:vAlign w:val="center"/></w:tcPr>'
        '<w:p><w:pPr><w:jc w:val="left"/><w:rPr></w:rPr></w:pPr>'
        "<w:r><w:rPr><w:b/></w:rPr><w:t>12</w:t></w:r></w:p></w:tc>"
    )
    out = shed_text(document(f'<w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr><w:tr>{cell}</w:tr></w:tbl>'))
    assert '<w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr>' in out
    assert "<w:p><w:r><w:t>12</w:t></w:r></w:p>" in out


def test_shed_cuts_only_the_inner_of_nested_formatting_changes() -> None:
    """A tracked formatting change nests rPr in rPrChange in rPr: the cut must stay well formed."""
    run = '<w:r><w:rPr><w:b/><w:rPrChange w:id="1"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>7</w:t></w:r>'
    para = f'<w:p><w:pPr><w:pPrChange w:id="2"><w:pPr><w:jc w:val="left"/></w:pPr></w:pPrChange></w:pPr>{run}</w:p>'
    out = shed_text(document(para))
    etree.fromstring(out.encode())
    assert "<w:rPrChange" in out and "<w:i/>" not in out and "<w:t>7</w:t>" in out


def test_shed_allows_the_same_w_declaration_repeated() -> None:
    repeated = document(f'<w:p xmlns:w="{W}"><w:r><w:rPr><w:b/></w:rPr><w:t>1</w:t></w:r></w:p>')
    assert "<w:rPr>" not in shed_text(repeated) and "<w:t>1</w:t>" in shed_text(repeated)


def test_shed_looks_past_a_byte_order_mark() -> None:
    xml = "\ufeff" + document("<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>1</w:t></w:r></w:p>")
    assert "<w:rPr>" not in shed_text(xml)


def test_shed_reads_attributes_whole() -> None:
    """A quoted ``>`` or ``/>`` in an attribute does not end the tag (no stray text is left)."""
    runs = "<w:r><w:rPr w:x='/>'/><w:t>a</w:t></w:r><w:r><w:rPr w:y=\">\"><w:b/></w:rPr></w:r>"
    out = shed_text(document(f"<w:p>{runs}</w:p>"))
    assert out.endswith("<w:body><w:p><w:r><w:t>a</w:t></w:r><w:r></w:r></w:p></w:body></w:document>")


@pytest.mark.parametrize(
    "xml",
    [
        document("<!-- <w:rPr> --><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>1</w:t></w:r></w:p>"),
        document("<w:p><w:r><w:rPr><w:b/></w:rPr><w:t><![CDATA[<w:rPr>]]></w:t></w:r></w:p>"),
        document("<?pi <w:rPr>?><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>1</w:t></w:r></w:p>"),
        document('<w:p><x:y xmlns:x="urn:x" xmlns:w="urn:other"><w:rPr>text</w:rPr></x:y></w:p>'),
        document("<w:p/>").replace(f'xmlns:w="{W}"', 'xmlns:w="urn:other"'),
    ],
    ids=["comment", "cdata", "processing-instruction", "w-rebound", "w-not-wordml"],
)
def test_shed_leaves_parts_it_cannot_cut_exactly(xml: str) -> None:
    assert shed_text(xml) == xml


def test_a_part_shed_or_not_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fixture and corpus DOCX gives the same document with the formatting cut as without."""
    files = sorted(FIXTURES.glob("*.docx")) + (sorted(CORPUS.glob("*.docx")) if CORPUS.is_dir() else [])
    shed = [read_docx(path) for path in files]
    monkeypatch.setattr(docx_xml, "shed", lambda data: data)
    for path, doc in zip(files, shed, strict=True):
        whole = read_docx(path)
        assert doc.blocks == whole.blocks and doc.warnings == whole.warnings, path.name


def test_a_malformed_part_is_reported_with_its_own_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    body = "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>1</w:t></w:r></w:p>\n\n\n<w:p>"
    path.write_bytes(package("", document=document(body)))
    assert_unreadable(path, "malformed XML in word/document.xml (line 4)")


_ATTR_TEXT = st.sampled_from(["1", "single", "/>", ">", "a>b", "x/", "宋体", "&gt;"])
_FORMAT = st.sampled_from(list(docx_xml.SHED_NAMES))


@st.composite
def formatting(draw: st.DrawFn, depth: int = 0) -> str:
    """One formatting element: empty, self-closing or with children, maybe a tracked change nesting its own kind."""
    name = draw(_FORMAT)
    quote = draw(st.sampled_from(['"', "'"]))
    attrs = "".join(f" w:a{i}={quote}{draw(_ATTR_TEXT)}{quote}" for i in range(draw(st.integers(0, 2))))
    shape = draw(st.integers(0, 3 if depth < 2 else 2))
    if shape == 0:
        return f"<w:{name}{attrs}/>"
    if shape == 1:
        return f"<w:{name}{attrs}></w:{name}>"
    if shape == 2:
        return f"<w:{name}{attrs}><w:b/><w:sz w:val='2'/></w:{name}>"
    inner = draw(formatting(depth + 1))
    return f"<w:{name}{attrs}><w:{name}Change w:id='1'><w:{name}>{inner}</w:{name}></w:{name}Change></w:{name}>"


@st.composite
def bodies(draw: st.DrawFn) -> str:
    """Paragraphs and a table whose runs and cells carry random formatting around known text."""

    def run(text: str) -> str:
        return f"<w:r>{draw(formatting()) if draw(st.booleans()) else ''}<w:t>{text}</w:t></w:r>"

    def para(text: str) -> str:
        return f"<w:p>{draw(formatting()) if draw(st.booleans()) else ''}{run(text)}{run('')}</w:p>"

    cells = [
        f"<w:tc><w:tcPr>{draw(formatting())}{span(2) if i == 0 else ''}</w:tcPr>{para(str(i))}</w:tc>"
        for i in range(draw(st.integers(1, 3)))
    ]
    return para("一、总体情况") + tbl(tr(*cells), tr(tc("x"), tc("y"))) + para("结束")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies())
def test_shed_never_changes_what_is_read(tmp_path: Path, body: str) -> None:
    path = tmp_path / "gen.docx"
    path.write_bytes(package(body))
    with zipfile.ZipFile(path) as z:
        data = z.read("word/document.xml")
    assert len(docx_xml.shed(data)) < len(data)  # every cell has formatting: the cut happens
    shed = read_docx(path)
    original = docx_xml.shed
    try:
        docx_xml.shed = lambda data: data  # type: ignore[assignment]
        whole = read_docx(path)
    finally:
        docx_xml.shed = original
    assert shed.blocks == whole.blocks


def with_alt_chunk(path: Path, chunk: bytes, partname: str, content_type: str) -> None:
    """A DOCX whose body is a heading, then a document embedded with w:altChunk (as CMS exports do)."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    part = Part(PackURI(partname), content_type, chunk, document.part.package)
    rid = document.part.relate_to(part, RT.A_F_CHUNK)
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":  # the chunk between the two headings
                data = data.replace(b"</w:p>", f'</w:p><w:altChunk r:id="{rid}"/>'.encode(), 1)
            out.writestr(info, data)


def test_an_embedded_html_page_is_read_in_place(tmp_path: Path) -> None:
    html = (
        "<html><body><p>前言</p><table><tr><td>一、本年新收政府信息公开申请数量</td><td>7</td></tr>"
        "<tr><td rowspan='2'>（三）不予公开</td><td>1.属于国家秘密</td></tr><tr><td>2</td></tr></table></body></html>"
    ).encode()
    path = tmp_path / "chunk.docx"
    with_alt_chunk(path, html, "/word/afchunk1.htm", "text/html")
    doc = read_docx(path)
    texts = [b.text if isinstance(b, Paragraph) else "GRID" for b in doc.blocks]
    assert texts == ["三、收到和处理政府信息公开申请情况", "前言", "GRID", "四、政府信息公开行政复议、行政诉讼情况"]
    grid = doc.grids[0]
    assert grid.index == 0 and grid.cells[1][0].rowspan == 2 and grid.cells[0][1].text == "7"
    assert doc.warnings == []


def test_an_embedded_rtf_is_reported_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "rtf.docx"
    with_alt_chunk(path, rb"{\rtf1\ansi hello}", "/word/afchunk1.rtf", "application/rtf")
    doc = read_docx(path)
    assert [(w.code, w.severity) for w in doc.warnings] == [("docx_alt_chunk", "missing")]
    assert "RTF" in doc.warnings[0].message
