"""Steps 2 and 3: text → lxml tree, and the element holding the report (not the site around it)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from ...errors import UnreadableInput
from ...template import registry

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
    return registry().prints_a_table(text)


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
