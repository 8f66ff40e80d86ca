"""The report's section headings (二、主动公开政府信息情况 …): which one a line of text is.

Kept with the template because the headings are its data (numerals, keywords, numbering
patterns), and because readers need the test too: a layout-text reader must not take a
section heading for a table row's label.
"""

from __future__ import annotations

import re
from functools import cache

from ..labels import contains_any, normalise
from . import registry

MAX_HEADING_CHARS = 40
"""A heading is short: a longer numbered paragraph is running text that opens with a numeral."""


@cache
def _section_pattern() -> re.Pattern[str]:
    """二、 (the template), 二． or 第二部分 — never （二）, which numbers sub-headings inside section 一."""
    return re.compile(registry().skeleton.numbering["section"])


def section_of(text: str) -> str | None:
    """The canonical heading a paragraph is, or None (short, numbered, with the section's words)."""
    t = normalise(text)
    m = _section_pattern().match(t)
    if not m or len(t) > MAX_HEADING_CHARS:
        return None
    numeral = m.group(1) or m.group(2)
    for heading, spec in registry().sections.items():
        if spec.numeral == numeral and contains_any(t, spec.keywords):
            return heading
    return None
