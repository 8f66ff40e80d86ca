"""The report title as the page states it (``<meta name="ArticleTitle">``, ``<title>``, a heading)."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ...grid import Block, Paragraph

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
