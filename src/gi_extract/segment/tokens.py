"""One glued run of table cells: its tokens, and every way to cut it into cells.

Half of :mod:`gi_extract.segment`, split off so each half stays readable. This half knows the
token rules (what a printed count, signed change or amount looks like) and enumerates the
readings of ONE run that satisfy the constraints lying wholly inside that run. It knows nothing
of rows, tables or identities by name; :mod:`gi_extract.segment` feeds it constraints as cell
indices with coefficients.

Token rules (the product's promise; a run that breaks them has no reading, never a repaired one):

* The text is NFKC-normalised character by character, so full-width digits and signs read as
  ASCII while every position still maps back to the original text.
* Whitespace (ASCII, U+3000, NBSP, newline) is a forced cell boundary; leading and trailing
  whitespace is ignored.
* ``count``: ``0`` or digits without a leading zero. ``signed``: a count, optionally after ``+``,
  ``-``, ``−`` or ``–`` (full-width forms normalise to these), so a sign inside a run starts a new cell.
  ``amount``: a count, optionally with one decimal point (digits on both sides), optionally
  followed by the unit ``元`` or ``万元``, which ends the cell. The unit is reported, never applied.
* A comma is accepted only as a thousands separator inside one number (a 1–3 digit lead, then
  groups of exactly three digits): crawled amounts do carry them, and accepting them nowhere else
  keeps them from ever acting as a cell boundary (``1,2`` has no reading).
* A zero mark (``—`` or ``——``, ``–``, ``/``, ``无``, written in a cell for none) is a cell of its
  own, worth 0: a run of marks is one cell or several (``——`` may be one cell's mark or two cells';
  the row's other cells and its sums decide), never part of a count (``–7`` in a signed cell is −7
  or a mark and 7: the sums decide there too). The caller puts marks into runs only for tables of
  counts (:mod:`gi_extract.mapping.glued`).
* Any other character (``件``, a stray letter) leaves the run without a reading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeAlias

Kind: TypeAlias = Literal["count", "signed", "amount"]
Number: TypeAlias = int | Decimal
Constraint: TypeAlias = Sequence[tuple[int, int]]
"""``(cell index, coefficient)`` terms whose weighted sum must be zero."""
_Range: TypeAlias = tuple[list[Number], list[Number]]
"""Per constraint, the least and the greatest its cells still to cut can add up to."""

KINDS: tuple[Kind, ...] = ("count", "signed", "amount")
_INT = r"(?:0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:,[0-9]{3})+)"
_PATTERNS: dict[str, re.Pattern[str]] = {
    "count": re.compile(_INT),
    "signed": re.compile(rf"[+\-−–]?{_INT}"),
    "amount": re.compile(rf"({_INT}(?:\.[0-9]+)?)(元|万元)?"),
}
_SIGNS = "+-−–"
ZERO_MARKS = "—–/无"
"""Characters a publisher writes in a cell for none, read as 0 (values.py's zero markers, less the
hyphens, the usual minus)."""
_ZERO = re.compile("—{1,2}|[–/无]")
"""One cell's zero mark: a dash (``——``, the Chinese dash, is one), a slash, 无."""
_EXACT = 3
"""Within this many cells of a run's end, the walk checks the exact sums the rest can make, not just
their bounds: few enough to list, and it spares trying every cut of the last parts of a long row."""
_ALLOWED = frozenset("0123456789.,元万" + _SIGNS + ZERO_MARKS)


class OutOfBudget(Exception):
    """The step allowance is spent; :func:`gi_extract.segment.segment` stops where it stands."""


class Budget:
    """A deterministic allowance of search steps shared by every phase of one segmentation.

    Steps, not seconds, so the same input always stops at the same place.
    """

    def __init__(self, steps: int) -> None:
        self.limit = steps
        self.used = 0

    def spend(self, steps: int = 1) -> None:
        self.used += steps
        if self.used > self.limit:
            raise OutOfBudget


@dataclass(frozen=True)
class Piece:
    """One cell cut from a run; ``start:end`` index the run's normalised text."""

    start: int
    end: int
    value: Number
    unit: str | None


@dataclass(frozen=True)
class Tokens:
    """A run's normalised text and the whitespace-free segments that cells must not straddle."""

    norm: str
    origin: tuple[int, ...]
    """``origin[i]`` is the index in the original text of ``norm[i]``."""
    segments: tuple[tuple[int, int], ...]
    problem: str | None
    """Why no reading can exist, when that shows before any search (an unexpected character)."""

    def span(self, piece: Piece) -> tuple[int, int]:
        """Where ``piece`` lies in the original text (end exclusive)."""
        return self.origin[piece.start], self.origin[piece.end - 1] + 1

    @property
    def slack(self) -> int:
        """Characters beyond one per segment: a cheap measure of how many readings may exist."""
        return sum(end - start - 1 for start, end in self.segments)


def tokenize(text: str) -> Tokens:
    """Normalise ``text`` one character at a time (so positions map back) and find its segments."""
    norm: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch):
            norm.append(out)
            origin.append(i)
    flat = "".join(norm)
    segments = tuple((m.start(), m.end()) for m in re.finditer(r"\S+", flat))
    bad = next((i for i, ch in enumerate(flat) if not ch.isspace() and ch not in _ALLOWED), None)
    problem = None if bad is None else f"unexpected {text[origin[bad]]!r} at {origin[bad]}"
    if not segments:
        problem = "nothing but whitespace"
    return Tokens(flat, tuple(origin), segments, problem)


def _value(match: re.Match[str], kind: str) -> Number:
    if kind == "amount":
        return Decimal(match.group(1).replace(",", ""))
    return int(match.group(0).replace(",", "").replace("−", "-").replace("–", "-"))


def _pieces(norm: str, bound: int, reach: int, kind: str, forward: bool, budget: Budget) -> list[Piece]:
    """Every cell of ``kind`` with one end at ``bound`` and the other up to ``reach``, shortest first.

    Forward the cell starts at ``bound``; backward it ends there. Once a sign or unit would sit
    inside the cell, or an unexpected character is reached, no longer cell can be valid.
    """
    pattern = _PATTERNS[kind]
    out: list[Piece] = []
    step = 1 if forward else -1
    for far in range(bound + step, reach + step, step):
        budget.spend()
        start, end = (bound, far) if forward else (far, bound)
        new = far - 1 if forward else far
        ch = norm[new]
        inside = end - start > 1
        if forward:
            fatal = inside and (ch in _SIGNS or norm[new - 1] == "元")
        else:
            fatal = inside and (ch == "元" or norm[new + 1] in _SIGNS)
        if fatal or ch not in _ALLOWED:
            break
        if _ZERO.fullmatch(norm, start, end):
            out.append(Piece(start, end, Decimal(0) if kind == "amount" else 0, None))
            continue
        match = pattern.fullmatch(norm, start, end)
        if match:
            out.append(Piece(start, end, _value(match, kind), match.group(2) if kind == "amount" else None))
    return out


def _room(segment: tuple[int, int], bound: int, forward: bool) -> int:
    """Characters of ``segment`` still to cut from ``bound`` on, in the cutting direction."""
    return segment[1] - bound if forward else bound - segment[0]


def _weights(constraints: Sequence[Constraint]) -> list[dict[int, int]]:
    """Each constraint's net coefficient per cell, cells whose coefficients cancel left out."""
    out: list[dict[int, int]] = []
    for terms in constraints:
        coef: dict[int, int] = {}
        for cell, weight in terms:
            coef[cell] = coef.get(cell, 0) + weight
        out.append({cell: weight for cell, weight in coef.items() if weight})
    return out


def _pruning(order: Sequence[int], weights: list[dict[int, int]]) -> int:
    """How often, cutting in ``order``, a constraint's cells still to cut all pull one way.

    The bound that prunes the walk is a range over the cells still to cut; it is tight when they
    all pull one way (the parts, once their total is cut) and loose when they pull both ways.
    """
    score = 0
    for coef in weights:
        for i in range(len(order)):
            rest = [coef[c] for c in order[i:] if c in coef]
            score += bool(rest) and (all(w > 0 for w in rest) or all(w < 0 for w in rest))
    return score


def _stops(order: Sequence[int], i: int, kinds: Sequence[Kind], weights: list[dict[int, int]]) -> list[tuple[int, int]]:
    """The constraints a too-long ``i``-th cut can overshoot for good: ``(constraint, weight)``.

    A longer count is a larger value. When the constraint's cells still to cut can only push its
    sum further the same way (same sign, never negative), a cut that already pushes the sum past
    zero stays past it however much longer it gets, so the walk stops lengthening that cell.
    """
    cell = order[i]
    if kinds[cell] != "count":
        return []
    out = []
    for k, coef in enumerate(weights):
        if cell in coef:
            rest = [c for c in order[i + 1 :] if c in coef]
            if all(kinds[c] != "signed" and coef[c] * coef[cell] > 0 for c in rest):
                out.append((k, coef[cell]))
    return out


def readings(
    tokens: Tokens,
    kinds: Sequence[Kind],
    constraints: Sequence[Constraint],
    budget: Budget,
    limit: int | None = None,
) -> list[tuple[Piece, ...]]:
    """Every reading of the run into ``len(kinds)`` cells that satisfies ``constraints``, sorted by position.

    A depth-first walk over cell boundaries. Before descending it asks a memoised table what each
    constraint's cells still to cut can add up to, at least and at most, over every valid way of
    cutting the rest of the run (a dynamic programme over (cell, position), cheap because runs are
    short; near the end, every sum exactly), and descends only if the sum so far can still reach
    zero. It cuts from whichever end makes that range tighter: a row whose total is printed last
    is cut from the right, so the total is known first and the parts left must add up to what
    remains of it. Stops after ``limit`` readings when given (``limit=1`` asks only whether one
    exists).
    """
    n = len(kinds)
    if tokens.problem:
        return []
    weights = _weights(constraints)
    forward = _pruning(range(n), weights) >= _pruning(range(n - 1, -1, -1), weights)
    order = list(range(n)) if forward else list(range(n - 1, -1, -1))
    segs = tokens.segments if forward else tokens.segments[::-1]
    terms = [[(k, coef[c]) for k, coef in enumerate(weights) if c in coef] for c in range(n)]
    stops = [_stops(order, i, kinds, weights) for i in range(n)]
    left = [0] * (len(segs) + 1)
    for g in range(len(segs) - 1, -1, -1):
        left[g] = left[g + 1] + segs[g][1] - segs[g][0]
    pieces: dict[tuple[str, int], list[Piece]] = {}
    table: dict[tuple[int, int, int], _Range | None] = {}
    exact: dict[tuple[int, int, int], set[tuple[Number, ...]]] = {}

    def cuts(i: int, g: int, bound: int) -> list[Piece]:
        """The cells ``order[i]`` could be, starting (forward) or ending (backward) at ``bound``."""
        kind = kinds[order[i]]
        if (kind, bound) not in pieces:
            lo, hi = segs[g]
            pieces[(kind, bound)] = _pieces(tokens.norm, bound, hi if forward else lo, kind, forward, budget)
        return pieces[(kind, bound)]

    def advance(g: int, piece: Piece) -> tuple[int, int]:
        """Where the next cell begins once ``piece`` is cut from segment ``g``."""
        lo, hi = segs[g]
        edge = piece.end if forward else piece.start
        if edge != (hi if forward else lo):
            return g, edge
        return g + 1, (segs[g + 1][0 if forward else 1] if g + 1 < len(segs) else 0)

    def reach(i: int, g: int, bound: int) -> _Range | None:
        """The least and greatest sum, per constraint, of cells ``order[i:]`` over every cut of the rest.

        None when the rest cannot be cut into those cells at all.
        """
        if (i, g, bound) in table:
            return table[(i, g, bound)]
        out: _Range | None = None
        if i == n:
            out = ([0] * len(weights), [0] * len(weights)) if g == len(segs) else None
        elif g < len(segs) and len(segs) - g <= n - i <= left[g + 1] + _room(segs[g], bound, forward):
            for piece in cuts(i, g, bound):
                budget.spend()
                rest = reach(i + 1, *advance(g, piece))
                if rest is None:
                    continue
                low, high = rest[0].copy(), rest[1].copy()
                for k, weight in terms[order[i]]:
                    low[k] += weight * piece.value
                    high[k] += weight * piece.value
                if out is None:
                    out = (low, high)
                else:
                    out = (
                        [min(a, b) for a, b in zip(out[0], low, strict=True)],
                        [max(a, b) for a, b in zip(out[1], high, strict=True)],
                    )
        table[(i, g, bound)] = out
        return out

    partial: list[Number] = [0] * len(weights)
    chosen: list[Piece] = []
    found: list[tuple[Piece, ...]] = []

    def sums(i: int, g: int, bound: int) -> set[tuple[Number, ...]]:
        """Every sum, per constraint, that cells ``order[i:]`` can add up to: asked only near the run's end."""
        if (i, g, bound) not in exact:
            out: set[tuple[Number, ...]] = {(0,) * len(weights)} if i == n else set()
            for piece in [] if i == n else cuts(i, g, bound):
                if reach(i + 1, *advance(g, piece)) is not None:
                    rest = sums(i + 1, *advance(g, piece))
                    budget.spend(len(rest))
                    shift: list[Number] = [0] * len(weights)
                    for k, weight in terms[order[i]]:
                        shift[k] = weight * piece.value
                    out.update(tuple(a + b for a, b in zip(v, shift, strict=True)) for v in rest)
            exact[(i, g, bound)] = out
        return exact[(i, g, bound)]

    def feasible(i: int, g: int, bound: int) -> bool:
        rest = reach(i, g, bound)
        if rest is None or not all(lo + p <= 0 <= hi + p for lo, hi, p in zip(*rest, partial, strict=True)):
            return False
        return n - i > _EXACT or tuple(-p for p in partial) in sums(i, g, bound)

    def walk(i: int, g: int, bound: int) -> bool:
        """Cut the ``i``-th cell in cut order at ``bound`` in segment ``g``; True once ``limit`` is reached."""
        if i == n:
            found.append(tuple(sorted(chosen, key=lambda piece: piece.start)))
            return limit is not None and len(found) >= limit
        for piece in cuts(i, g, bound):
            budget.spend()
            for k, weight in terms[order[i]]:
                partial[k] += weight * piece.value
            overshot = any(partial[k] > 0 if weight > 0 else partial[k] < 0 for k, weight in stops[i])
            done = False
            if not overshot and feasible(i + 1, *advance(g, piece)):
                chosen.append(piece)
                done = walk(i + 1, *advance(g, piece))
                chosen.pop()
            for k, weight in terms[order[i]]:
                partial[k] -= weight * piece.value
            if done:
                return True
            if overshot:
                break
        return False

    start = segs[0][0 if forward else 1]
    if feasible(0, 0, start):
        walk(0, 0, start)
    return sorted(found, key=lambda reading: [(piece.start, piece.end) for piece in reading])
