"""The report's title and section headings (二、主动公开政府信息情况 …): which one a line of text is.

Kept with the template because the headings are its data (numerals, keywords, numbering
patterns), and because readers need the test too: a layout-text reader must not take a
section heading for a table row's label.
"""

from __future__ import annotations

import re
from functools import cache

from ..labels import contains_any, normalise
from . import registry

REPORT_WORDS = re.compile(r"政府信息公开(?:年度)?(?:工作)?(?:年度?)?报告|政务公开.{0,4}年度报告|信息公开年报")
"""The words by which a line names the report (the title's own, or a sentence's)."""
MAX_TITLE_CHARS = 70
_PROSE = re.compile(r"[，。；][^，。；\s]|[《‹〈<]|根据|依据|印发|通知")
"""A title is a name, never a clause: a line with a comma or full stop inside it, a cited
document (《…》) or the words that cite one is prose (layout text breaks the opening sentence,
``…关于明确政府信息公开工作年度报告格式的要求，以及…``, into lines that name the report)."""

MAX_HEADING_CHARS = 40
"""A heading is short: a longer numbered paragraph is running text that opens with a numeral."""


@cache
def _section_pattern() -> re.Pattern[str]:
    """二、 (the template), 二． or 第二部分 — never （二）, which numbers sub-headings inside section 一."""
    return re.compile(registry().skeleton.numbering["section"])


def is_title(text: str) -> bool:
    """Whether a line of text can be the report's title: short, naming the report, no clause."""
    return len(text) <= MAX_TITLE_CHARS and bool(REPORT_WORDS.search(text)) and not _PROSE.search(text)


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
