"""HTML reader: a web page (or a copied fragment of one) → :class:`~gi_extract.grid.Document`.

Reports are published as CMS pages (``div.TRS_Editor`` inside site navigation), as bare
body fragments, and as Word "save as web page" exports. The reader works in five steps,
each a small function named for what it converts:

1. :func:`decode_html` — bytes → text. Declarations are often wrong (a ``gb2312`` meta on
   a page re-saved as UTF-8), so valid UTF-8 wins over a declaration (see there).
2. :func:`parse_html` — text → lxml tree (libxml2's forgiving HTML parser, which repairs
   unclosed tags the way browsers do).
3. :func:`find_body` — tree → the element holding the report (not the navigation).
4. :func:`body_to_blocks` — element → paragraphs and grids in reading order. Tables whose
   cells hold tables are page layout: their text flows as paragraphs and only the inner
   data tables become grids.
5. :func:`table_to_rows` — ``<table>`` → rows of :class:`~gi_extract.grid.RawCell`, laid
   out by :func:`gi_extract.grid.layout` (the one place that does span arithmetic).

Nothing here interprets the report's words beyond recognising which tables and which
container belong to it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import lxml.html
from charset_normalizer import from_bytes
from lxml import etree
from lxml.html import HtmlElement

from ..errors import UnreadableInput
from ..grid import Block, Document, Paragraph, RawCell, layout
from ..template import registry
from ..warnings import GiWarning, warning

# -- decoding ---------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Every label Chinese sites use for GB2312/GBK. GB18030 is a strict superset of both, so
# characters outside GB2312 that editors paste in anyway (e.g. 珺, 堃) still decode.
_GB_NAMES = frozenset(
    {"gb2312", "gb_2312", "gb_2312-80", "csgb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936"}
    | {"euc-cn", "x-euc-cn", "chinese", "iso-ir-58", "gb18030", "gb-18030"}
)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
_DECLARATION_WINDOW = 16384
"""Bytes searched for a charset declaration (spec says 1024; real pages put long comments first)."""
_LOSSY_SHARE = 1000
"""A decode may replace at most one character in this many (a truncated download, a stray byte)."""


def _codec_name(label: bytes | str) -> str | None:
    """Map a declared charset label to a Python codec, the way browsers interpret it."""
    name = (label.decode("ascii", "ignore") if isinstance(label, bytes) else label).strip().lower()
    if name in _GB_NAMES:
        return "gb18030"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"  # WHATWG: a UTF-16 label inside an 8-bit byte stream means UTF-8
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"  # WHATWG: these labels mean windows-1252
    return codec


def declared_charset(data: bytes) -> tuple[str, str] | None:
    """(label, codec) named by ``<meta charset>``, ``http-equiv content-type`` or ``<?xml encoding>``."""
    head = data[:_DECLARATION_WINDOW]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match:
            codec = _codec_name(match.group(1))
            if codec:
                return match.group(1).decode("ascii"), codec
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(data: bytes, path: Path) -> tuple[str, list[GiWarning]]:
    """Decode page bytes; return the text and any warnings about the encoding.

    Order: a BOM decides. Otherwise bytes that are valid UTF-8 are UTF-8 whatever the page
    declares: multi-byte GBK text is practically never valid UTF-8 by accident, while the
    opposite mistake (a ``gb2312`` meta left in a template re-saved as UTF-8) is common and
    would still decode "successfully" as GB18030 into mojibake. Then the declared charset
    (strict), then charset_normalizer's guess, then GB18030. A file that decodes only with
    more than one replaced character per :data:`_LOSSY_SHARE` is unreadable.
    """
    warnings: list[GiWarning] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec)
            if text is not None:
                return text, warnings
            warnings.append(
                warning("html_encoding", f"byte-order mark says {codec} but the bytes are not; sniffed instead")
            )
            break
    if b"\x00" in data[:8192]:
        raise UnreadableInput(f"{path}: binary data (NUL bytes), not an HTML page")
    declaration = declared_charset(data)
    label, declared = declaration if declaration else ("", None)
    text = _strict(data, "utf-8")
    if text is not None:
        if declared not in (None, "utf-8", "cp1252") or (declared == "cp1252" and not data.isascii()):
            warnings.append(warning("html_encoding", f"page declares charset {label} but is UTF-8; read as UTF-8"))
        return text, warnings
    if declared:
        text = _strict(data, declared)
        if text is not None:
            return text, warnings
        warnings.append(
            warning("html_encoding", f"page declares charset {label} but the bytes are not; sniffed instead")
        )
    guess = from_bytes(data).best()
    guessed = _codec_name(guess.encoding) if guess is not None else None
    for candidate in (guessed, "gb18030"):
        sniffed = _strict(data, candidate) if candidate else None
        if sniffed is not None:
            return sniffed, warnings
    attempts = [
        (data.decode(c, errors="replace"), c) for c in dict.fromkeys(c for c in (declared, "utf-8", "gb18030") if c)
    ]
    lossy, codec = min(attempts, key=lambda attempt: attempt[0].count("\ufffd"))
    bad = lossy.count("\ufffd")
    if bad > max(1, len(lossy) // _LOSSY_SHARE):
        raise UnreadableInput(f"{path}: cannot be decoded as UTF-8, GB18030 or its declared charset")
    warnings.append(warning("html_encoding", f"{bad} undecodable byte sequence(s) replaced while reading as {codec}"))
    return lossy, warnings


# -- parsing ----------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_ANY_TAG = re.compile(
    r"<\s*/?\s*(?:html|head|body|meta|title|p|div|span|table|tr|td|th|br|font|h[1-6]|center|section|article|ul|li)\b",
    re.I,
)


def parse_html(text: str, path: Path) -> HtmlElement:
    """Parse page text into an ``<html>`` tree; fragments get an implied ``<html><body>``.

    The text goes to libxml2 as UTF-8 bytes with the encoding stated, so a stale
    ``<meta charset>`` or ``<?xml encoding?>`` in the text cannot make it decode twice.
    ``huge_tree`` lifts libxml2's nesting limit of 256, past which it silently drops the
    rest of the page (sloppy pages nest unclosed ``<font>`` tags that deep).
    """
    if not _ANY_TAG.search(text):
        raise UnreadableInput(f"{path}: no HTML tags found, not an HTML page")
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = lxml.html.document_fromstring(_CONTROL.sub("", text).encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableInput(f"{path}: HTML cannot be parsed ({exc})") from None
    return root


# -- finding the report inside the page -------------------------------------------------

_JUNK_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "map"}
    | {"audio", "video", "select", "option", "button", "textarea", "input", "title", "meta", "link"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_BOILERPLATE_TAGS = frozenset({"nav", "footer", "aside"})
# Class/id words (whole, or one ``_``/``-`` part) that mark page furniture on CMS sites.
_BOILERPLATE_WORDS = frozenset(
    {"nav", "navbar", "menu", "footer", "foot", "breadcrumb", "crumb", "crumbs", "copyright", "sidebar"}
    | {"share", "bdsharebuttonbox", "qrcode", "toolbar", "pagination", "pager", "dqwz", "friendlink"}
)
# Class/id names of the article containers of common Chinese CMSs (TRS WCM, Hanweb, Word exports).
_CONTENT_NAMES = frozenset(
    {"trs_editor", "trs_ueditor", "article_content", "article-content", "articlecontent", "article_con"}
    | {"zoom", "article", "content", "contents", "con", "main_content", "main-content", "maincontent"}
    | {"news_content", "newscontent", "detail", "details", "detail_content", "zw", "zwnr", "zw_con"}
    | {"view", "custom_unionstyle", "wordsection1", "section1", "pages_content", "bodylabel", "info_content"}
)
_CONTENT_TAGS = frozenset({"article", "main"})
_MIN_SIGNATURE = 2
"""A data table printing this many of one standard table's own words (template/report.json) is a report table."""
_LINK_DENSE_SHARE = 0.6
_LINK_DENSE_MIN_LINKS = 3


def _names(el: HtmlElement) -> set[str]:
    """The element's class and id words, lower-cased, whole and split on ``_``/``-``."""
    words = (el.get("class") or "").split() + (el.get("id") or "").split()
    out: set[str] = set()
    for word in words:
        word = word.lower()
        out.add(word)
        out.update(part for part in re.split(r"[-_]", word) if part)
    return out


def _is_hidden(el: HtmlElement) -> bool:
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden", "").lower() == "true"
        or el.get("type", "").lower() == "hidden"
        or bool(_HIDDEN_STYLE.search(el.get("style", "")))
    )


def _drop(elements: Iterable[HtmlElement]) -> None:
    """Remove elements with their content but keep the text that follows each (its tail)."""
    for el in list(elements):
        if el.getparent() is not None:
            el.drop_tree()


def drop_junk(root: HtmlElement) -> None:
    """Remove what a reader never sees: scripts, styles, form controls, hidden elements."""
    _drop(
        el
        for el in root.iter()
        if isinstance(el.tag, str) and el.tag not in ("html", "body") and (el.tag in _JUNK_TAGS or _is_hidden(el))
    )


def table_kind(table: HtmlElement) -> str:
    """``"data"``, ``"layout"`` or ``"empty"``.

    A table whose cells hold tables only arranges the page; so does a single-cell table
    (a frame drawn around the text). Their text is body text; the inner tables are the data.
    """
    cells = table_cells(table)
    if not cells:
        return "empty"
    if table.get("role", "").lower() == "presentation" or len(cells) == 1:
        return "layout"
    if any(True for _ in table.iterdescendants("table")):
        return "layout"
    return "data"


def table_cells(table: HtmlElement) -> list[HtmlElement]:
    """The table's own cells (not those of tables nested inside it), in document order."""
    return [cell for row in table_row_elements(table) for cell in row_cell_elements(row)]


def table_row_elements(table: HtmlElement) -> list[HtmlElement]:
    """The table's own rows, in document order, whether or not they sit in a row group."""
    rows: list[HtmlElement] = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    return rows


def row_cell_elements(row: HtmlElement) -> list[HtmlElement]:
    cells: list[HtmlElement] = row.xpath("./td | ./th")
    return cells


def _text_len(el: HtmlElement) -> int:
    """Non-space characters of the element's text."""
    return len("".join(el.text_content().split()))


def _prose_len(el: HtmlElement) -> int:
    """Non-space characters of the element's text that are not link text (links are menus)."""
    return _text_len(el) - sum(_text_len(a) for a in el.iter("a"))


def _chain(el: HtmlElement, top: HtmlElement) -> list[HtmlElement]:
    """``el`` and its ancestors up to and including ``top``, innermost first."""
    out = [el]
    while out[-1] is not top and out[-1].getparent() is not None:
        out.append(out[-1].getparent())
    return out


def _common_ancestor(elements: list[HtmlElement], top: HtmlElement) -> HtmlElement:
    chains = [_chain(el, top) for el in elements]
    shared = set.intersection(*(set(map(id, c)) for c in chains))
    return next(el for el in chains[0] if id(el) in shared)


def _is_container(el: HtmlElement) -> bool:
    return el.tag in _CONTENT_TAGS or bool(_names(el) & _CONTENT_NAMES)


def find_body(root: HtmlElement) -> HtmlElement:
    """The element that holds the report, so that navigation and footers stay out.

    With report tables on the page (data tables printing the standard tables' words; any
    data tables if none does), the innermost known article container that holds all of
    them wins, moving out to an enclosing container only when the section heading
    一、总体情况 sits there instead. Without such a container, start at the tables' common
    ancestor and move outwards to the ancestor that adds the most non-link text: the
    prose around the tables is long and link-free, menus are links, footers are short.
    A page without tables gets the known container with the most text, else ``<body>``.
    """
    body = root.find("body")
    if body is None:
        body = root
    tables = [t for t in body.iter("table") if table_kind(t) == "data"]
    report = [t for t in tables if _is_report_table(t)] or tables
    if not report:
        containers = [el for el in body.iter() if isinstance(el.tag, str) and _is_container(el)]
        return max(containers, key=_prose_len, default=body)
    lowest = _common_ancestor(report, body)
    parent = lowest.getparent()
    if lowest in report and parent is not None:  # a single table: start at what holds it
        lowest = parent
    chain = _chain(lowest, body)
    holders = [el for el in chain if _is_container(el)]
    if holders:
        overview = registry().skeleton.sections[0].keywords[0]  # 一、总体情况
        with_heading = [el for el in holders if overview in el.text_content()]
        return with_heading[0] if with_heading else holders[0]
    prose = [_prose_len(el) for el in chain]
    gains = [prose[0]] + [prose[i] - prose[i - 1] for i in range(1, len(chain))]
    return chain[max(range(len(chain)), key=lambda i: (gains[i], -i))]


def _is_report_table(table: HtmlElement) -> bool:
    """Whether a table prints enough of one standard table's signature words to be part of the report."""
    text = "".join(table.text_content().split())
    return any(sum(w in text for w in words) >= _MIN_SIGNATURE for words in registry().signatures.values())


def _is_link_dense(el: HtmlElement) -> bool:
    """A menu or link list: several links that make up most of the element's text."""
    links = list(el.iter("a"))
    if len(links) < _LINK_DENSE_MIN_LINKS:
        return False
    total = _text_len(el)
    linked = sum(_text_len(a) for a in links)
    return total == 0 or linked >= _LINK_DENSE_SHARE * total


def drop_boilerplate(body: HtmlElement) -> None:
    """Remove page furniture inside the chosen body (menus, share bars, footers).

    Elements that hold a data table are kept whatever they are called: losing a
    standard table to a badly named wrapper would be worse than a stray menu line.
    """
    # the proxies are held in a list: lxml frees an element proxy nobody holds, and its id()
    # may then be reused by another element, which would be kept by mistake
    holders = [el for table in body.iter("table") if table_kind(table) == "data" for el in _chain(table, body)]
    keep = {id(el) for el in holders}
    _drop(
        el
        for el in body.iterdescendants()
        if isinstance(el.tag, str)
        and id(el) not in keep
        and (
            el.tag in _BOILERPLATE_TAGS
            or bool(_names(el) & _BOILERPLATE_WORDS)
            or (el.tag in ("div", "ul", "ol", "dl", "td", "table", "p", "span") and _is_link_dense(el))
        )
    )


# -- blocks -----------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre"}
    | {"section", "article", "header", "footer", "main", "aside", "nav", "center", "address", "figure"}
    | {"figcaption", "hr", "form", "fieldset", "legend", "details", "summary", "caption", "body", "html"}
    | {"table", "thead", "tbody", "tfoot", "tr", "td", "th"}
)
_BR = "\x00"
"""Marks a ``<br>`` among collected text; NUL cannot occur in the text (parse_html strips it)."""
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_LINE_BREAK_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \t\r\n]*\n[ \t\r\n]*(?=[{_CJK}])")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def normalize_text(parts: Iterable[str]) -> str:
    """Join collected text as a browser shows it: one line per ``<br>``, spaces collapsed.

    A source line break between two Chinese characters vanishes (Word exports wrap lines
    mid-sentence; a browser would show a stray space there); every other whitespace run,
    ``&nbsp;`` and U+3000 included, becomes one space. Blank lines are dropped.
    """
    text = _INVISIBLE.sub("", "".join(parts))
    lines = (" ".join(_LINE_BREAK_BETWEEN_CJK.sub("", piece).split()) for piece in text.split(_BR))
    return "\n".join(line for line in lines if line)


def flow(root: HtmlElement, on_table: Callable[[HtmlElement], list[Block]] | None) -> list[Block]:
    """Walk ``root`` in document order, cutting its text into paragraphs at block edges.

    ``on_table`` turns a data table into blocks (caption paragraph + grid); with ``None``
    data tables are skipped (used for cell text, where they cannot occur). Layout tables
    are walked into: each of their cells is a block. The walk is iterative (lxml's
    ``iterwalk``), so deeply nested broken markup cannot exhaust Python's stack.
    """
    blocks: list[Block] = []
    parts: list[str] = []

    def flush() -> None:
        if not parts:  # most block edges have no text between them; skip the regex work
            return
        text = normalize_text(parts)
        parts.clear()
        if text:
            blocks.append(Paragraph(text))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "table" and el is not root:
                kind = table_kind(el)
                if kind != "layout":
                    flush()
                    if kind == "data" and on_table is not None:
                        blocks.extend(on_table(el))
                    walker.skip_subtree()
                    continue
            if tag == "br":
                parts.append(_BR)
            elif tag in _BLOCK_TAGS:
                flush()
            if el.text and tag:
                parts.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if el is not root and el.tail:
                parts.append(el.tail)
    flush()
    return blocks


def cell_text(cell: HtmlElement) -> str:
    """A cell's text with one line per paragraph or ``<br>`` (``商业<p>企业`` → ``商业\\n企业``)."""
    return "\n".join(b.text for b in flow(cell, None) if isinstance(b, Paragraph))


_SPAN_NUMBER = re.compile(r"\s*\+?(\d+)")
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534  # the limits browsers apply (HTML Living Standard, "processing model")


def _span(value: str | None, limit: int) -> int:
    """An HTML span attribute as browsers read it: leading digits (``"2px"`` → 2), else 1.

    Returns 0 for an explicit zero (meaning "to the end" for rowspan) and caps at ``limit``.
    """
    match = _SPAN_NUMBER.match(value or "")
    return min(int(match.group(1)), limit) if match else 1


def table_to_rows(table: HtmlElement) -> list[list[RawCell]]:
    """A data ``<table>`` as rows of raw cells with their spans and markup coordinates.

    ``rowspan="0"`` spans to the last row (the cap, which :func:`~gi_extract.grid.layout` cuts
    at the last row); ``colspan="0"`` and junk values count as 1 (layout treats a span below 1
    as 1).
    """
    out: list[list[RawCell]] = []
    for r, tr in enumerate(table_row_elements(table)):
        line: list[RawCell] = []
        for c, td in enumerate(row_cell_elements(tr)):
            rowspan = _span(td.get("rowspan"), _MAX_ROWSPAN) or _MAX_ROWSPAN
            colspan = _span(td.get("colspan"), _MAX_COLSPAN)
            line.append(RawCell(cell_text(td), rowspan, colspan, source_row=r, source_col=c))
        out.append(line)
    return out


def body_to_blocks(body: HtmlElement) -> list[Block]:
    """The report's paragraphs and data tables in reading order; grids numbered from 0."""
    grids = 0

    def on_table(table: HtmlElement) -> list[Block]:
        nonlocal grids
        out: list[Block] = []
        caption = table.find("caption")
        if caption is not None:
            out.extend(b for b in flow(caption, None) if isinstance(b, Paragraph))
        out.append(layout(table_to_rows(table), grids))
        grids += 1
        return out

    return flow(body, on_table)


# -- title ------------------------------------------------------------------------------

_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|——| - | — )\s*")
_REPORT_WORD = "报告"
_MAX_TITLE_LEN = 80
_TITLE_SEARCH_BLOCKS = 8


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def page_titles(root: HtmlElement) -> tuple[str | None, list[str]]:
    """``<meta name="ArticleTitle">`` and the parts of ``<title>`` split at site-name separators.

    Read before :func:`drop_junk` removes ``<head>`` furniture.
    """
    article_title = None
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and _clean(meta.get("content")):
            article_title = _clean(meta.get("content"))
            break
    title = root.find(".//title")
    head_title = _clean(title.text_content()) if title is not None else ""
    return article_title, [p for p in _TITLE_SEPARATORS.split(head_title) if p]


def title_hint(article_title: str | None, title_parts: list[str], blocks: list[Block]) -> str | None:
    """The report title as the page states it, for metadata when the body has no heading.

    ``<meta name="ArticleTitle">`` (TRS CMS) is exact. ``<title>`` carries the site and
    column names after ``_`` (``…年度报告_政府信息公开年报_平潭综合实验区党工委管委会``),
    so its first part that mentions 报告 is used. Then the first short paragraph that
    mentions 报告 and is not a sentence; last the bare first part of ``<title>``.
    """
    if article_title:
        return article_title
    for part in title_parts:
        if _REPORT_WORD in part:
            return part
    for block in blocks[:_TITLE_SEARCH_BLOCKS]:
        if isinstance(block, Paragraph):
            text = _clean(block.text)
            if _REPORT_WORD in text and len(text) <= _MAX_TITLE_LEN and not text.endswith(("。", "：", ":")):
                return text
    return title_parts[0] if title_parts else None


# -- entry point ------------------------------------------------------------------------


def read_html(path: Path) -> Document:
    """Read an HTML page or fragment into a Document (``pages`` is ``None``: HTML has no pages)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise UnreadableInput(f"{path}: empty file")
    text, warnings = decode_html(data, path)
    root = parse_html(text, path)
    article_title, title_parts = page_titles(root)
    drop_junk(root)
    body = find_body(root)
    drop_boilerplate(body)
    blocks = body_to_blocks(body)
    title = title_hint(article_title, title_parts, blocks)
    return Document(path=str(path), format="html", blocks=blocks, pages=None, title_hint=title, warnings=warnings)
