"""Reading one printed cell as a number, and saying how it was read.

output.md: blank, ``0``, ``—``, ``－``, ``-``, ``/``, ``无`` are 0 (blank flagged);
``items_change`` is signed (``+207``, ``增加207``, ``减少111``, ``−111``); ``amount_yuan`` is
in 元 (``1297.58万元`` → 12975800); ``amount_wan_yuan`` in 万元; full-width digits,
thousands separators, stray spaces and units are normalised. Text that is not a number is
``None`` with a reason, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Kind(StrEnum):
    """What a column holds, which decides the units and signs it accepts (a column's ``unit``
    in the template: ``Kind(column.unit)``)."""

    COUNT = "count"
    SIGNED = "signed"
    YUAN = "yuan"
    WAN_YUAN = "wan_yuan"


@dataclass(frozen=True)
class Parsed:
    """A cell read as a number: ``value`` (None when unreadable), how, and any doubt."""

    value: int | float | None
    blank: bool
    how: str
    problem: str | None = None
    note: str | None = None
    negative: bool = False
    """A count or amount printed below 0, which none of the template's is (only 本年增/减 is
    signed): ``note`` then says so, and is a doubt."""
    plus: bool = False
    """A count or amount printed with a plus sign (``+9``, ``增加9``), as only 本年增/减 is: it may be that
    column's value, placed in another (``note`` says so; a doubt)."""


ZERO_MARKERS = frozenset({"0", "—", "——", "－", "-", "--", "–", "−", "/", "／", "无", "\\", "0.00", "0.0"})
_ARTEFACTS = re.compile(r"\[bookmark:[^\]]*\]|&nbsp;?")
_PLUS = ("+", "增加", "新增", "增")
_MINUS = ("-", "−", "减少", "减", "–")
_NUMBER = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
COUNT_UNITS = ("件", "项", "个", "条", "次", "宗", "起", "笔")


_UNIT_IN_PARENS = re.compile(r"\((" + "|".join((*COUNT_UNITS, "万元", "元")) + r")\)$")
NO_CHANGE = frozenset({"持平", "不变", "无变化", "无增减"})
"""Words a publisher writes in 本年增/减 for a change of zero."""


def _shown(raw: str) -> str:
    """The text as printed: artefacts gone, NFKC width."""
    return unicodedata.normalize("NFKC", _ARTEFACTS.sub("", raw))


def _squeezed(shown: str) -> str:
    return _UNIT_IN_PARENS.sub(r"\1", re.sub(r"\s+", "", shown))  # 10(件) → 10件


_APART = re.compile(r"\d\s+\d")
"""Digits with space between them: one number only as ``1 952`` (a space before groups of three, the
first group no 0: ``0 629`` is two numbers a converter set in one cell, as ``0 74`` is)."""
_SPACED_THOUSANDS = re.compile(r"^[^\d]*[1-9]\d{0,2}(?: \d{3})+(?:\.\d+)?[^\d]*$")


@lru_cache(maxsize=8192)
def parse_value(raw: str, kind: Kind) -> Parsed:
    """Read ``raw`` (the cell text as printed) as a number of the given kind (cached: pure).

    Two numbers in one cell (``4`` and ``299`` on two lines, ``23 0``: merged cells, or a
    converter's) are not one number: only a single space before groups of three digits
    (``1 952``) joins digits.
    """
    shown = _shown(raw).strip()
    if _APART.search(shown) and not _SPACED_THOUSANDS.match(shown):
        return Parsed(None, False, "text", f"several numbers in one cell: {raw.strip()!r}")
    t = _squeezed(shown)
    if not t:
        return Parsed(0, True, "blank")
    if t in ZERO_MARKERS:
        return Parsed(0, False, "zero" if t.startswith("0") else "dash")
    if kind is Kind.SIGNED and t in NO_CHANGE:
        return Parsed(0, False, "no change")
    sign, plus = 1, False
    for prefix in _PLUS:
        if t.startswith(prefix):
            t, plus = t[len(prefix) :], kind is not Kind.SIGNED
            break
    else:
        for prefix in _MINUS:
            if t.startswith(prefix):
                t, sign = t[len(prefix) :], -1
                break
    unit = ""
    for suffix in ("万元", "元", *COUNT_UNITS):
        if t.endswith(suffix):
            t, unit = t[: -len(suffix)], suffix
            break
    m = _NUMBER.match(t)
    if not m:
        return Parsed(None, False, "text", f"not a number: {raw.strip()!r}")
    number = float(m.group(1).replace(",", "") + (m.group(2) or ""))
    value = sign * number if number else 0.0  # ``-0`` is 0, not -0.0
    note = None
    negative = value < 0 and kind is not Kind.SIGNED
    plus = plus and value != 0
    signed = None  # a sign where only 本年增/减 takes one: a doubt, said before any unit note
    if negative:
        signed = f"negative {'count' if kind is Kind.COUNT else 'amount'} {raw.strip()!r}"
    elif plus:
        signed = f"{raw.strip()!r} printed with a plus sign, as only 本年增/减 is"
    if kind is Kind.YUAN:
        if unit == "万元":
            value = round(value * 10000, 2)
            note = f"{raw.strip()!r} converted from 万元 to 元"
        elif unit in COUNT_UNITS:
            return Parsed(None, False, "text", f"a count unit in an amount cell: {raw.strip()!r}")
        elif unit == "" and value != 0:
            note = f"{raw.strip()!r} has no unit printed; read as 元"
        return Parsed(_tidy(value), False, "number", None, signed or note, negative, plus)
    if kind is Kind.WAN_YUAN:
        if unit == "元":
            value = value / 10000
            note = f"{raw.strip()!r} printed in 元, converted to 万元"
        elif unit in COUNT_UNITS:
            return Parsed(None, False, "text", f"a count unit in an amount cell: {raw.strip()!r}")
        return Parsed(float(value), False, "number", None, signed or note, negative, plus)
    if unit in ("万元", "元"):
        return Parsed(None, False, "text", f"a money amount in a count cell: {raw.strip()!r}")
    if value != int(value):
        return Parsed(None, False, "text", f"not a whole number: {raw.strip()!r}")
    return Parsed(int(value), False, "number", None, signed, negative, plus)


def is_count_digits(digits: str) -> bool:
    """Digits as a count is printed: no leading 0 but in 0 itself (``000023`` is digits run together, not a count)."""
    return digits == "0" or (digits.isdecimal() and not digits.startswith("0"))


def _tidy(value: float) -> int | float:
    """Whole amounts print as integers (12975800, not 12975800.0)."""
    return int(value) if value == int(value) else value
