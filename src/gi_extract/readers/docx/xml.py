"""The main part's XML: WordprocessingML names, and a hardened parse of the part shed of formatting."""

from __future__ import annotations

import re

from lxml import etree

from ...errors import UnreadableInput

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
STRICT_W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"

W_BODY = W + "body"
W_P = W + "p"
W_TBL = W + "tbl"
W_TR = W + "tr"
W_TC = W + "tc"
W_T = W + "t"
W_SDT = W + "sdt"
W_SDT_CONTENT = W + "sdtContent"
W_CUSTOM_XML = W + "customXml"
W_TXBX = W + "txbxContent"
W_DEL = W + "del"
W_MOVE_FROM = W + "moveFrom"
W_DEL_TEXT = W + "delText"
W_INSTR_TEXT = W + "instrText"
W_DEL_INSTR_TEXT = W + "delInstrText"
W_RT = W + "rt"
W_DRAWING = W + "drawing"
W_PICT = W + "pict"
W_OBJECT = W + "object"
W_ALT_CHUNK = W + "altChunk"
W_TR_PR = W + "trPr"
W_TC_PR = W + "tcPr"
W_GRID_SPAN = W + "gridSpan"
W_GRID_BEFORE = W + "gridBefore"
W_V_MERGE = W + "vMerge"
W_H_MERGE = W + "hMerge"
W_VAL = W + "val"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MC_ALT = _MC + "AlternateContent"
MC_CHOICE = _MC + "Choice"
MC_FALLBACK = _MC + "Fallback"

PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "collect_ids": False,
    "remove_blank_text": True,
}


def parse_part(path: str, name: str, data: bytes) -> etree._Element:
    """Parse the main part, shed of unread formatting, without entities, DTDs or network access.

    OPC forbids DTDs in package parts (ECMA-376 Part 2, §8.1.4), so a part that declares one is
    refused: unexpanded entity references would otherwise be expanded by the text serialiser.
    A malformed part is reported from its own bytes (line numbers of the file, not of the cut).
    """
    parser = etree.XMLParser(**PARSER_OPTIONS)
    try:
        root = etree.fromstring(shed(data), parser)
    except etree.XMLSyntaxError:
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise UnreadableInput(f"{path}: malformed XML in {name} (line {exc.lineno})") from None
    if root.getroottree().docinfo.doctype:
        raise UnreadableInput(f"{path}: {name} declares a DTD, which Office Open XML forbids")
    return root


SHED_NAMES = (
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
    rb"<w:(" + "|".join(SHED_NAMES).encode() + rb")" + _ATTRIBUTES + rb"(?:/>|>" + _OWN_CONTENT + rb"</w:\1>)"
)
_W_DECLARATION = b'xmlns:w="' + W[1:-1].encode() + b'"'


def shed(data: bytes) -> bytes:
    """The main part without the elements of :data:`SHED_NAMES` (formatting), cut from the bytes.

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
