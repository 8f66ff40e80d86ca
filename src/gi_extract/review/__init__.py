"""The reviewer's view of a report: findings a checking office can act on, without reading JSON.

:func:`review` (in :mod:`.build`) turns an extracted :class:`~gi_extract.model.Report` into a
:class:`~gi_extract.review.findings.Review`: the template's arithmetic as sentences naming their
cells (:mod:`.arithmetic`), departures from the form (:mod:`.form`), figures stated in the prose
against the tables (:mod:`.prose`), and the reader's doubts kept apart. The renderers
(:mod:`.text`, :mod:`.markdown`, :mod:`.html`, :mod:`.xlsx`) only lay a review out;
:mod:`.decisions` keeps a reviewer's decisions beside the report. Data flows one way: nothing
here reads a report file except through :func:`gi_extract.api.extract`.

The names below load on first use: the CLI registers ``check`` (:mod:`.command`) on every run,
and that must not cost the other commands the review's imports.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["Decision", "Doubt", "Finding", "Hint", "Review", "review"]

if TYPE_CHECKING:
    from .build import review
    from .findings import Decision, Doubt, Finding, Hint, Review

_LAZY = {
    "review": "build",
    "Decision": "findings",
    "Doubt": "findings",
    "Finding": "findings",
    "Hint": "findings",
    "Review": "findings",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
