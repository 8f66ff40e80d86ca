"""The one warning type, and the registry of every warning code a stage may raise.

Why a registry: a consumer filters warnings by code (a researcher drops cells with a
``missing`` or ``doubt`` warning; a reviewer reads the ``doubt`` ones), so every code must
mean one thing, everywhere, and be documented. :func:`warning` refuses a code that is not
registered (the entries are in :mod:`gi_extract.warningcodes`), the README's warnings table is
generated from :data:`CODES` (``scripts/gen_docs.py``), and a test fails when the two disagree.

Severity says what a warning does to the numbers:

- ``info``: how something was read; the value is as printed (a unit converted, a year taken
  from a sentence instead of the title).
- ``doubt``: a value is given but may be wrong; check it against the document.
- ``missing``: a value, row or table could not be read and is ``null``; nothing was guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .warningcodes import REGISTRY, Scope, Severity, WarningCode

__all__ = ["CODES", "PER_CODE", "GiWarning", "Scope", "Severity", "WarningCode", "capped", "warning"]


@dataclass(frozen=True, slots=True)
class GiWarning:
    """A warning as every stage raises it and the output carries it (``warnings`` in the JSON).

    ``key`` names the cell (``table.row.column``), row (``table.row``) or table it concerns;
    ``None`` for the report as a whole.
    """

    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid", "use_attribute_docstrings": True}

    code: str
    """A code of the warning registry (README, "Warnings")."""
    severity: Severity
    """info: noted, the value is as printed; doubt: a value is given but may be wrong; missing: null."""
    message: str
    """What was met, in words, naming the printed text where it helps."""
    key: str | None = None
    """The cell (table.row.column), row (table.row) or table the warning concerns; null for the report."""


CODES: dict[str, WarningCode] = {c.code: c for c in REGISTRY}
"""Every warning code, in the order the README lists them."""


def warning(code: str, message: str, key: str | None = None) -> GiWarning:
    """A warning of a registered code (an unregistered code is a bug: it raises ``KeyError``)."""
    return GiWarning(code, CODES[code].severity, " ".join(message.split()), key)


PER_CODE = 500
"""Warnings listed per code: more than a report has cells (about 200), so no cell's doubt is ever cut."""


def capped(warnings: list[GiWarning]) -> list[GiWarning]:
    """The first ``PER_CODE`` warnings of each code, then one ``warnings_capped`` per code cut.

    Why: a hostile or mis-read input (a page of ten thousand repeated rows) must not turn the
    output into megabytes of one warning; the count keeps the doubt visible.
    """
    seen: dict[str, int] = {}
    kept = []
    for w in warnings:
        seen[w.code] = seen.get(w.code, 0) + 1
        if seen[w.code] <= PER_CODE:
            kept.append(w)
    for code, n in seen.items():
        if n > PER_CODE:
            kept.append(warning("warnings_capped", f"{code}: {n - PER_CODE} more not listed ({n} in all)"))
    return kept
