"""Whether a piece of printed text reads as a table value: the one judgement text readers make.

Text renderings that lost their cells (Markdown pipe tables, ``pdftotext -layout``) must
tell the label part of a row from its values to rebuild merges and columns. Readers know
nothing about the report's meaning, so the test is the shape of the text alone: a number
(optionally signed, with thousands separators, decimals and a unit) or a printed zero
marker. It deliberately mirrors what :mod:`gi_extract.values` accepts, without importing
the downstream stages into a reader.
"""

from __future__ import annotations

import re
import unicodedata

ZERO_MARKS = frozenset({"-", "—", "——", "–", "−", "/", "\\", "无"})
"""Marks publishers print for zero (NFKC folds the full-width ``－``/``／`` into these)."""

_NUMBER = re.compile(
    r"^(?:[+\-−–]|增加|减少|新增)?"
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    r"(?:万元|元|件|项|个|条|次|宗|起|%|\((?:万元|元|件|项|个|条|次|宗|起)\))?$"
)

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―]\s*\d+\s*[-—–－―]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$"
)


def normal(text: str) -> str:
    """``text`` in NFKC (full-width digits and punctuation folded) without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def is_number(text: str) -> bool:
    """True for printed numbers (``12``, ``1,234``, ``-3``, ``增加5``, ``12.5万元``), not zero marks."""
    return bool(_NUMBER.match(normal(text)))


def is_value(text: str) -> bool:
    """True for a number or a zero mark; False for blank text and for words."""
    t = normal(text)
    return bool(t) and (t in ZERO_MARKS or bool(_NUMBER.match(t)))


def is_page_number(text: str) -> bool:
    """True for a page number in a form printed nowhere else (``- 3 -``, ``第3页``, ``3/12``, ``Page 3``):
    a footer a text rendering of a PDF keeps between a table's rows. A bare number is none (it may be a cell)."""
    return bool(_PAGE_NUMBER.match("".join(text.split())))
