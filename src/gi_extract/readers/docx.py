"""DOCX reader: ``word/document.xml`` walked in document order into paragraphs and grids.

Why not python-docx's object model: ``row.cells`` repeats a merged cell once per grid
column it spans, so a merged label looks like several labels and a vertical merge looks
like repeated values. Why not even ``docx.Document(path)`` to open the package: it parses
the same XML we need, and loading through it and then walking the tree costs more than the
≤ 1.5× of that load the project allows. So the package is opened with :mod:`zipfile`
(main part found through ``_rels/.rels``, as python-docx does) and parsed once with a
hardened lxml parser (no entities, no network, no DTD). Before the parse, formatting the
walk never reads (run, paragraph and table properties, cell borders and widths) is cut from
the bytes by :func:`_shed`: it is most of a Word file's elements, and parsing it was most of
the reader's time.

Mapping of Word constructs (ECMA-376 Part 1, §17.4 tables, §17.13 revisions):

* ``w:gridSpan`` → ``colspan``; legacy ``w:hMerge`` continuation cells are folded into the
  restart cell's ``colspan``.
* ``w:vMerge`` restart/continue chains → ``rowspan`` on the restart cell; the continuation
  ``w:tc`` elements are *covered* and never emitted, so :func:`~gi_extract.grid.layout`
  marks their positions as taken. A continuation is only chained when it sits at the same
  grid column with the same width in the row directly below; otherwise it stands as its
  own cell (Word's behaviour for an orphan continuation).
* ``w:gridBefore`` → one placeholder per skipped grid column so every cell lands at its true
  grid column; the placeholders are then marked ``pad`` (no source cell reached them).
  ``w:gridAfter`` needs nothing: layout pads short rows at the end.
* Paragraphs in one cell, and ``w:br``/``w:cr``, are joined with ``"\\n"`` (each line stripped,
  blank lines dropped); ``w:tab`` is a space.
* Revisions: inserted text (``w:ins``/``w:moveTo``) is kept; ``w:del``/``w:delText``/
  ``w:moveFrom`` and rows whose ``w:trPr`` carries ``w:del`` are dropped. Field codes
  (``w:instrText``) are dropped, field results kept.
* Content controls (``w:sdt``) and ``w:customXml`` are transparent at block, row and cell level.
* ``mc:AlternateContent``: only the first ``mc:Choice`` is read (``mc:Fallback`` if there is
  none), because both branches hold the same text box and reading both duplicates it.
* Text boxes (``w:txbxContent``): their paragraphs and tables become blocks right after the
  paragraph that anchors them (in a cell they join that cell's text).
* Nested tables: the outer cell's text leaves them out and each nested table is emitted as its
  own grid right after the outer one. Exception: a *layout wrapper* (every row has a single
  cell and some cell holds a table, e.g. a whole report pasted into a one-cell frame) is
  unwrapped, its content spliced in reading order, so headings still precede their tables.
* Pages: DOCX has no fixed pages (they exist only once Word lays the text out), so every
  ``page`` is ``None`` and ``Document.pages`` is ``None`` rather than a guessed count.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from ..errors import UnreadableInput
from ..grid import Block, Document, Grid, Paragraph, RawCell, is_blank_text, layout
from ..warnings import GiWarning, warning

MAX_UNCOMPRESSED = 200 * 1024 * 1024
"""Refuse a package whose members add up to more than this once inflated (zip bomb)."""
MAX_RATIO = 100
"""Refuse a large member that inflates more than this many times its packed size."""
RATIO_MIN_SIZE = 10 * 1024 * 1024
"""Members below this size are never refused for their ratio (XML of zeros packs very well)."""
CONVERT_TIMEOUT = 120
"""Seconds LibreOffice may take to turn one .doc/.wps into .docx."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_STRICT_W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"

W_BODY = _W + "body"
W_P = _W + "p"
W_TBL = _W + "tbl"
W_TR = _W + "tr"
W_TC = _W + "tc"
W_T = _W + "t"
W_SDT = _W + "sdt"
W_SDT_CONTENT = _W + "sdtContent"
W_CUSTOM_XML = _W + "customXml"
W_TXBX = _W + "txbxContent"
W_DEL = _W + "del"
W_MOVE_FROM = _W + "moveFrom"
W_DEL_TEXT = _W + "delText"
W_INSTR_TEXT = _W + "instrText"
W_DEL_INSTR_TEXT = _W + "delInstrText"
W_RT = _W + "rt"
W_DRAWING = _W + "drawing"
W_PICT = _W + "pict"
W_OBJECT = _W + "object"
W_ALT_CHUNK = _W + "altChunk"
W_TR_PR = _W + "trPr"
W_TC_PR = _W + "tcPr"
W_GRID_SPAN = _W + "gridSpan"
W_GRID_BEFORE = _W + "gridBefore"
W_V_MERGE = _W + "vMerge"
W_H_MERGE = _W + "hMerge"
W_VAL = _W + "val"
MC_ALT = _MC + "AlternateContent"
MC_CHOICE = _MC + "Choice"
MC_FALLBACK = _MC + "Fallback"

_CHARS = {
    _W + "tab": " ",
    _W + "ptab": " ",
    _W + "br": "\n",
    _W + "cr": "\n",
    _W + "noBreakHyphen": "-",
}
"""Run content that stands for a character (§17.3.3)."""
_DROPPED = (W_DEL, W_MOVE_FROM, W_DEL_TEXT, W_DEL_INSTR_TEXT, W_INSTR_TEXT, W_RT)
"""Elements whose text is not part of the document as it reads now (deletions, field codes, ruby)."""
_FRAMES = (W_TXBX, W_DRAWING, W_PICT, W_OBJECT, MC_ALT)
"""Paragraph content holding text that is not run text (text boxes, drawing positions, OLE data)."""

_MERGES = (W_GRID_SPAN, W_V_MERGE, W_H_MERGE)
_COMPLEX = (W_TBL, W_SDT, W_CUSTOM_XML, W_ALT_CHUNK)
"""Cell content that is more than paragraphs: such a cell is read child by child."""

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "collect_ids": False,
    "remove_blank_text": True,
}


def read_docx(path: Path) -> Document:
    """Read a .docx (or .docm) file into a :class:`Document`; raise :class:`UnreadableInput` if it cannot be."""
    with _open_package(path) as package:
        main_name, core_name = _part_names(package, path)
        root = _parse(path, main_name, _read_member(package, main_name, path))
        title = _title(package, core_name, path)
    body = root.find(W_BODY)
    if body is None:
        if root.tag.startswith(_STRICT_W):
            raise UnreadableInput(f"{path}: Strict Open XML documents are not supported (re-save as a normal .docx)")
        raise UnreadableInput(f"{path}: {main_name} has no document body (not a Word document)")
    walker = _Walker(body)
    items: list[_Item] = []
    walker.blocks(body, items)
    blocks: list[Block] = []
    _emit(items, blocks, [])
    return Document(
        path=str(path), format="docx", blocks=blocks, pages=None, title_hint=title, warnings=walker.warnings
    )


def read_legacy_word(path: Path) -> Document:
    """Read a .doc/.wps file by converting it to .docx with LibreOffice, which must be on PATH.

    A binary Word file has no table model we can read directly; LibreOffice's converter keeps
    merged cells as ``gridSpan``/``vMerge``, so the DOCX walk then applies unchanged.
    """
    if _is_encrypted_ooxml(path):
        raise UnreadableInput(f"{path}: encrypted (password-protected) Word file")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableInput(f"{path}: .doc/.wps needs LibreOffice (soffice) on PATH to be read")
    with tempfile.TemporaryDirectory(prefix="gi-extract-") as tmp:
        argv = [
            soffice,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(path),
        ]
        try:
            subprocess.run(argv, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise UnreadableInput(f"{path}: LibreOffice did not convert it within {CONVERT_TIMEOUT} s") from None
        except OSError as exc:
            raise UnreadableInput(f"{path}: LibreOffice could not be started ({exc.strerror or exc})") from None
        converted = Path(tmp, path.stem + ".docx")
        if not converted.is_file():
            raise UnreadableInput(f"{path}: LibreOffice could not convert it to .docx")
        doc = read_docx(converted)
    suffix = path.suffix.lower().lstrip(".")
    doc.path = str(path)
    doc.format = suffix if suffix in ("doc", "wps") else "doc"
    return doc


# -- package ---------------------------------------------------------------------------------


def _open_package(path: Path) -> zipfile.ZipFile:
    """Open the zip and refuse it before inflating anything if its sizes say zip bomb."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise UnreadableInput(f"{path}: not a valid DOCX (broken zip archive)") from None
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot be read ({exc.strerror or exc})") from None
    members = package.infolist()
    total = sum(info.file_size for info in members)
    bomb = next(
        (i for i in members if i.file_size > RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(1, i.compress_size)),
        None,
    )
    if total > MAX_UNCOMPRESSED or bomb is not None:
        package.close()
        reason = f"{bomb.filename} inflates {bomb.file_size // max(1, bomb.compress_size)}×" if bomb else ""
        raise UnreadableInput(
            f"{path}: refused as a possible zip bomb ({total // (1024 * 1024)} MB uncompressed{', ' if reason else ''}"
            f"{reason})"
        )
    return package


def _read_member(package: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """Inflate one member, turning every way a damaged zip fails into :class:`UnreadableInput`."""
    try:
        return package.read(name)
    except KeyError:
        raise UnreadableInput(f"{path}: no {name} in the package (not a Word document)") from None
    except RuntimeError:
        raise UnreadableInput(f"{path}: {name} is encrypted in the zip archive") from None
    except NotImplementedError:
        raise UnreadableInput(f"{path}: {name} uses an unsupported zip compression method") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise UnreadableInput(f"{path}: not a valid DOCX (truncated or corrupt zip member {name})") from None


def _parse(path: Path, name: str, data: bytes) -> etree._Element:
    """Parse the main part, shed of unread formatting, without entities, DTDs or network access.

    OPC forbids DTDs in package parts (ECMA-376 Part 2, §8.1.4), so a part that declares one is
    refused: unexpanded entity references would otherwise be expanded by the text serialiser.
    A malformed part is reported from its own bytes (line numbers of the file, not of the cut).
    """
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(_shed(data), parser)
    except etree.XMLSyntaxError:
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise UnreadableInput(f"{path}: malformed XML in {name} (line {exc.lineno})") from None
    if root.getroottree().docinfo.doctype:
        raise UnreadableInput(f"{path}: {name} declares a DTD, which Office Open XML forbids")
    return root


_SHED_NAMES = (
    "rPr",
    "pPr",
    "tcW",
    "tcBorders",
    "vAlign",
    "shd",
    "tcMar",
    "noWrap",
    "tblPr",
    "tblGrid",
    "sectPr",
    "proofErr",
    "bookmarkStart",
    "bookmarkEnd",
    "lastRenderedPageBreak",
)
"""Elements the walk never reads: run, paragraph and table properties, cell borders, widths,
shading and alignment, section properties, proofing and bookmark marks. A cell's ``w:tcPr`` and
a row's ``w:trPr`` stay, because they hold ``gridSpan``, ``vMerge``, ``hMerge``, ``gridBefore``
and deleted-row marks; so does everything holding text."""
_ATTRIBUTES = rb"""(?:\s+[^\s=<>/]+\s*=\s*(?:"[^"]*+"|'[^']*+'))*+\s*+"""
"""The rest of a start tag, attribute by attribute (a quoted ``>`` does not end the tag)."""
_OWN_CONTENT = rb"[^<]*+(?:<(?!/?w:\1[\s/>])[^<]*+)*+"
"""Content with no start or end tag of the element's own name, so the end tag after it is its own."""
_SHED = re.compile(
    rb"<w:(" + "|".join(_SHED_NAMES).encode() + rb")" + _ATTRIBUTES + rb"(?:/>|>" + _OWN_CONTENT + rb"</w:\1>)"
)
_W_DECLARATION = b'xmlns:w="' + _W[1:-1].encode() + b'"'


def _shed(data: bytes) -> bytes:
    """The main part without the elements of :data:`_SHED_NAMES` (formatting), cut from the bytes.

    Why: in a typical report most elements are formatting (every cell repeats its four
    borders, every run its fonts), and libxml2's parse of them was most of the reader's time;
    cutting them first is several times cheaper than parsing them. Each cut is a whole element:
    from its start tag to the first end tag of the same name with no start tag of that name in
    between, which in well-formed XML is its own end tag (a tracked formatting change nests
    ``w:rPr`` in ``w:rPrChange`` in ``w:rPr``: then only the inner one is cut). The cut is only
    made where it is exact: the ``w`` prefix bound to WordprocessingML wherever it is declared
    (some generators repeat the declaration on inner elements), and no comment, CDATA section
    or processing instruction whose text could look like a tag. Otherwise, as for a UTF-16
    part, the bytes are parsed as they are (slower, same result).
    """
    declared = data.count(b"xmlns:w=")
    if _W_DECLARATION not in data[:4096] or data.count(_W_DECLARATION) != declared or _has_markup(data):
        return data
    return _SHED.sub(b"", data)


def _has_markup(data: bytes) -> bool:
    """Whether anything after the XML declaration starts with ``<!`` or ``<?`` (comment, CDATA, PI, DTD).

    The single characters are looked for first: they are rare in Word XML (Chinese text has
    no ASCII bytes), and a one-byte search is several times faster than a two-byte one.
    """
    declaration = data.find(b"<?xml", 0, 8)  # at the very start, after a byte-order mark if any
    start = data.find(b"?>", declaration) + 2 if declaration >= 0 else 0
    return any(data.find(mark[1:], start) >= 0 and data.find(mark, start) >= 0 for mark in (b"<!", b"<?"))


def _part_names(package: zipfile.ZipFile, path: Path) -> tuple[str, str]:
    """The main document part and core-properties part, from ``_rels/.rels`` (Word's defaults if absent)."""
    main, core = "word/document.xml", "docProps/core.xml"
    names = set(package.namelist())
    if "_rels/.rels" not in names:
        return main, core
    try:
        rels = etree.fromstring(_read_member(package, "_rels/.rels", path), etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError:
        return main, core
    for rel in rels.iter(_REL):
        target = str(PurePosixPath("/", rel.get("Target", ""))).lstrip("/")
        if rel.get("Type") == _OFFICE_DOCUMENT and target in names:
            main = target
        elif rel.get("Type") == _CORE_PROPERTIES and target in names:
            core = target
    return main, core


def _title(package: zipfile.ZipFile, core_name: str, path: Path) -> str | None:
    """``dc:title`` from the core properties: a hint only, so a damaged part just gives ``None``."""
    try:
        root = etree.fromstring(_read_member(package, core_name, path), etree.XMLParser(**_PARSER_OPTIONS))
    except (UnreadableInput, etree.XMLSyntaxError):
        return None
    node = root.find(_DC_TITLE)
    text = (node.text or "").strip() if node is not None else ""
    return text or None


def _is_encrypted_ooxml(path: Path) -> bool:
    """True for an OLE file holding an ``EncryptedPackage`` stream (a password-protected .docx)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_UNCOMPRESSED)
    except OSError:
        return False
    return "EncryptedPackage".encode("utf-16-le") in data


# -- body walk -------------------------------------------------------------------------------


@dataclass
class _Table:
    """A table walked but not yet laid out (layout needs its final index in the document)."""

    rows: list[list[RawCell]]
    inner: list[_Item] = field(default_factory=list)


_Item = str | _Table
"""What a container yields in reading order: a paragraph's text or a table."""
_Tc = tuple[int, str | None, str | None, list[_Item]]
"""A ``w:tc`` as read: gridSpan, vMerge value, hMerge value, content."""
_Row = tuple[int, int, list[_Tc]]
"""A ``w:tr`` as read: its index among all ``w:tr`` of the table, gridBefore, cells."""


def _inside(wrapper: etree._Element) -> etree._Element:
    """What a transparent wrapper holds: ``w:sdtContent`` of a content control, else itself."""
    if wrapper.tag == W_SDT:
        content = wrapper.find(W_SDT_CONTENT)
        return content if content is not None else wrapper
    return wrapper


def _structural(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in parent:
        ctag = child.tag
        if ctag == tag:
            yield child
        elif ctag == W_SDT or ctag == W_CUSTOM_XML:
            yield from _structural(_inside(child), tag)


def _branch(alternate: etree._Element) -> etree._Element | None:
    """The one branch of ``mc:AlternateContent`` to read: first Choice, else Fallback."""
    branch = alternate.find(MC_CHOICE)
    return branch if branch is not None else alternate.find(MC_FALLBACK)


def _int_val(el: etree._Element | None, default: int) -> int:
    """An integer ``w:val`` (spans, grid offsets); nonsense values fall back to ``default``."""
    if el is None:
        return default
    raw = el.get(W_VAL, "")
    return int(raw) if raw.isdigit() and len(raw) < 4 else default


@dataclass(slots=True)
class _Merge:
    """A cell's own merge properties: ``gridSpan`` and the ``w:val`` of ``vMerge``/``hMerge``."""

    span: int = 1
    v_merge: str | None = None
    h_merge: str | None = None


_NO_MERGE = _Merge()


class _Walker:
    """Turns containers (body, cell, text box, content control) into items in reading order.

    Speed comes from one C-level pre-pass (:meth:`prepare`) after which a plain cell, the bulk
    of every report, is read with a single call to libxml2's text serialiser; cells holding
    tables, content controls or frames take the general child-by-child path.
    """

    def __init__(self, body: etree._Element) -> None:
        self.warnings: list[GiWarning] = []
        self.careful: set[etree._Element] = set()
        """Paragraphs holding frames: only their run text is read (:func:`_careful_text`)."""
        self.complex: set[etree._Element] = set()
        """Cells holding more than paragraphs: read child by child."""
        self.merges: dict[etree._Element, _Merge] = {}
        """gridSpan, vMerge and hMerge of each ``w:tc`` that has any of them."""
        self.prepare(body)

    def prepare(self, body: etree._Element) -> None:
        """One pass over the elements that matter, so that plain text can be serialised in bulk.

        Character elements (``w:tab``, ``w:br``…) get their character as text; deleted text,
        field codes and ruby annotations are removed (but ``w:del`` in ``w:trPr`` stays: it
        marks a deleted row); merge properties are noted per cell; paragraphs with frames
        (text boxes, drawings, OLE objects, alternate content), whose non-run text must not
        leak, and cells with more than paragraphs are marked.
        """
        doomed: list[etree._Element] = []
        for el in body.iter(*_CHARS, *_MERGES, *_DROPPED, *_FRAMES, *_COMPLEX):
            tag = el.tag
            if tag in _CHARS:
                el.text = _CHARS[tag]
            elif tag in _MERGES:
                self.note_merge(el, tag)
            elif tag in _FRAMES:
                self.careful.update(el.iterancestors(W_P))
                self.complex.update(el.iterancestors(W_TC))
            elif tag in _COMPLEX:
                self.complex.update(el.iterancestors(W_TC))
            elif tag != W_DEL or el.getparent().tag != W_TR_PR:
                doomed.append(el)
        for el in doomed:
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)

    def note_merge(self, el: etree._Element, tag: str) -> None:
        """Record a ``gridSpan``/``vMerge``/``hMerge`` of a cell's own ``w:tcPr`` (not of a tracked change)."""
        tc_pr = el.getparent()
        tc = tc_pr.getparent() if tc_pr is not None and tc_pr.tag == W_TC_PR else None
        if tc is None or tc.tag != W_TC:
            return
        entry = self.merges.get(tc)
        if entry is None:
            entry = self.merges[tc] = _Merge()
        if tag == W_GRID_SPAN:
            entry.span = max(1, _int_val(el, 1))
        elif tag == W_V_MERGE:
            entry.v_merge = el.get(W_VAL, "continue")
        else:
            entry.h_merge = el.get(W_VAL, "continue")

    def blocks(self, container: etree._Element, out: list[_Item]) -> None:
        """Append the paragraphs and tables of ``container`` to ``out``, in reading order."""
        for child in container:
            self.block(child, out)

    def block(self, el: etree._Element, out: list[_Item]) -> None:
        """Append one block-level element; a paragraph's text boxes follow the paragraph."""
        tag = el.tag
        if tag == W_P:
            if el not in self.careful:
                out.append(etree.tostring(el, method="text", encoding=str, with_tail=False))
                return
            parts: list[str] = []
            boxes: list[etree._Element] = []
            _careful_text(el, parts, boxes)
            out.append("".join(parts))
            for box in boxes:
                self.blocks(box, out)
        elif tag == W_TBL:
            self.table(el, out)
        elif tag == W_SDT or tag == W_CUSTOM_XML:
            self.blocks(_inside(el), out)
        elif tag == MC_ALT:
            branch = _branch(el)
            if branch is not None:
                self.blocks(branch, out)
        elif tag == W_ALT_CHUNK:
            self.warnings.append(warning("docx_alt_chunk", "an embedded document (w:altChunk) was not read"))

    def table(self, tbl: etree._Element, out: list[_Item]) -> None:
        """Walk one ``w:tbl`` into a :class:`_Table`, or splice a layout wrapper's content into ``out``."""
        rows: list[_Row] = []
        for tr_index, tr in enumerate(_structural(tbl, W_TR)):
            before, deleted = 0, False
            cells: list[_Tc] = []
            for child in tr:
                tag = child.tag
                if tag == W_TC:
                    cells.append(self.cell(child))
                elif tag == W_TR_PR:
                    for prop in child.iterchildren(W_DEL, W_GRID_BEFORE):
                        deleted = deleted or prop.tag == W_DEL
                        before = _int_val(prop, 0) if prop.tag == W_GRID_BEFORE else before
                elif tag == W_SDT or tag == W_CUSTOM_XML:
                    cells.extend(self.cell(tc) for tc in _structural(_inside(child), W_TC))
            if not deleted:
                rows.append((tr_index, before, cells))
        if rows and all(len(cells) == 1 for _, _, cells in rows):
            content = [item for _, _, cells in rows for item in cells[0][3]]
            if any(isinstance(item, _Table) for item in content):
                out.extend(content)
                return
        out.append(_merge(rows))

    def cell(self, tc: etree._Element) -> _Tc:
        """Read one ``w:tc``: its merge properties and its content.

        A plain cell of one paragraph (most cells) is serialised in one call; anything else
        is read child by child so that paragraphs stay separate lines.
        """
        merge = self.merges.get(tc, _NO_MERGE)
        items: list[_Item] = []
        size = len(tc)
        if tc not in self.complex and (size == 1 or (size == 2 and tc[0].tag == W_TC_PR)):
            items.append(etree.tostring(tc, method="text", encoding=str, with_tail=False))
        else:
            for child in tc:
                if child.tag != W_TC_PR:
                    self.block(child, items)
        return merge.span, merge.v_merge, merge.h_merge, items


def _careful_text(el: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    """Run text only, reading one alternate-content branch; text boxes are collected into ``boxes``."""
    for child in el:
        tag = child.tag
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in _CHARS:
            parts.append(_CHARS[tag])
        elif tag == W_TXBX:
            boxes.append(child)
        elif tag == MC_ALT:
            branch = _branch(child)
            if branch is not None:
                _careful_text(branch, parts, boxes)
        else:
            _careful_text(child, parts, boxes)


def _merge(rows: list[_Row]) -> _Table:
    """Fold ``vMerge``/``hMerge`` into spans and place ``gridBefore`` placeholders.

    Each emitted cell sits at its true grid column (``gridBefore`` + widths of the cells before
    it); a vertical continuation is absorbed only when the cell above at that column has the
    same width and ended in the previous row, which keeps ``layout``'s first-free-column rule
    in step with Word's grid. Cells are built as :class:`RawCell` at once and their spans grown
    in place (one object per cell: this loop is most of the reader's own time).
    """
    raw_rows: list[list[RawCell]] = []
    inner: list[_Item] = []
    chains: dict[int, tuple[RawCell, int]] = {}
    """Grid column → the cell a vertical merge there started with, and the last row it reached."""
    for r, (tr_index, before, cells) in enumerate(rows):
        line = [RawCell("", source_row=tr_index, source_col=c, pad=True) for c in range(before)]
        col = before
        previous: RawCell | None = None
        previous_end = -1
        for tc_index, (span, v_merge, h_merge, items) in enumerate(cells):
            start = col
            col += span
            if h_merge == "continue" and previous is not None and previous_end == start:
                previous.colspan += span
                previous_end += span
                continue
            if v_merge == "continue":
                chain = chains.get(start)
                if chain is not None and chain[0].colspan == span and chain[1] == r - 1:
                    chain[0].rowspan += 1
                    chains[start] = (chain[0], r)
                    continue
            if len(items) == 1 and isinstance(items[0], str):
                text = items[0].strip("\n")
            else:
                inner.extend(item for item in items if isinstance(item, _Table))
                text = "\n".join(item for item in items if isinstance(item, str)).strip("\n")
            if "\n" in text:
                text = "\n".join(part.strip() for part in text.split("\n") if not is_blank_text(part))
            cell = RawCell(text, 1, span, tr_index, tc_index)
            if v_merge is not None:
                chains[start] = (cell, r)
            line.append(cell)
            previous, previous_end = cell, start + span
        raw_rows.append(line)
    return _Table(raw_rows, inner)


def _emit(items: list[_Item], blocks: list[Block], grids: list[Grid]) -> None:
    """Lay tables out in final document order, so a grid's index is its place among the grids."""
    for item in items:
        if isinstance(item, str):
            if not is_blank_text(item):
                blocks.append(Paragraph(item.strip()))
            continue
        grid = layout(item.rows, len(grids))
        grids.append(grid)
        blocks.append(grid)
        _emit(item.inner, blocks, grids)
