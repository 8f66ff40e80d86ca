"""Label normalisation and fuzzy matching (rapidfuzz), with the score always kept.

Publishers retype the template: full/half-width punctuation, spaces inside words
(``总 计``), ``1.``/``1、``/``1．`` numbering, quote styles, dropped characters
(``其他法律行政止公开``, template.md §6.1). Both sides are normalised the same way and
then compared, so one canonical label covers all of these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_THRESHOLD = 80.0
"""Lowest similarity (0–100) at which a printed label is accepted as a template label."""

_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")
_NUMBERING = re.compile(r"(?<!\d)(\d++)[.、．,，]")
"""A number and the mark after it. Possessive and anchored at the start of the digits: a run of
a million digits (a table whose cells a page glued together) is scanned once, not once per digit."""
_SPACE = re.compile(r"\s+")
CACHED_CHARS = 256
"""Labels and template words (short, compared many times per report) are cached; a whole table's
text is not, or one large page would fill the cache with megabytes of strings."""


def normalise(text: str) -> str:
    """Fold a label to its comparable form: NFKC width, no spaces or quotes, ``1.`` numbering."""
    return _normalise_cached(text) if len(text) <= CACHED_CHARS else _normalise(text)


@lru_cache(maxsize=16384)
def _normalise_cached(text: str) -> str:
    return _normalise(text)


def _normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = t.translate(_QUOTES)  # NFKC has made the ideographic space an ASCII one
    t = _SPACE.sub("", t)
    t = _NUMBERING.sub(r"\1.", t)
    return t.replace("(", "（").replace(")", "）")


@dataclass(frozen=True)
class Match:
    """The best template label for a printed label: key, the label it matched, similarity."""

    key: str
    label: str
    score: float


def best_match(text: str, candidates: Mapping[str, Sequence[str]]) -> Match | None:
    """The candidate whose label (or alias) is most similar to ``text``; None if none given.

    Ties go to the first candidate in template order, so the result is deterministic. A label
    equal to the text once normalised (most labels of most reports) is found without
    rapidfuzz, which is then not even imported.
    """
    exact = exact_match(text, candidates)
    if exact is not None:
        return exact
    from rapidfuzz import fuzz

    probe = normalise(text)
    best: Match | None = None
    for key, labels in candidates.items():
        for label in labels:
            score = float(fuzz.ratio(probe, normalise(label)))
            if best is None or score > best.score:
                best = Match(key, label, score)
    return best


def exact_match(text: str, candidates: Mapping[str, Sequence[str]]) -> Match | None:
    """The first candidate whose label (or alias) equals ``text`` once both are normalised."""
    probe = normalise(text)
    for key, labels in candidates.items():
        for label in labels:
            if normalise(label) == probe:
                return Match(key, label, 100.0)
    return None


def similarity(printed: str, label: str) -> float:
    """How alike a printed label and a template label are (0–100), both normalised."""
    a, b = normalise(printed), normalise(label)
    if a == b:
        return 100.0
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def contains_any(text: str, words: Sequence[str]) -> bool:
    """True when the normalised text contains one of the normalised words."""
    probe = normalise(text)
    return any(normalise(w) in probe for w in words)


def count_in(text: str, words: Sequence[str]) -> int:
    """How many of the normalised words the normalised text contains."""
    probe = normalise(text)
    return sum(1 for w in words if normalise(w) in probe)
