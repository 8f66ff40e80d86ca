"""Split glued runs of table cells into numbers, with the template's arithmetic as the only judge.

Crawled report pages often lose the table: every cell is glued to the next, so table 三's row
一 reads ``640020470`` for 64 | 0 | 0 | 2 | 0 | 4 | 70. The caller anchors each row by its label
and hands over, per row, the text up to the next label (a :class:`Run`), plus the template's
identities as data (:class:`Identity`: a sum of cells equals another). :func:`segment` finds every
way to cut every run into cells (the token rules are in :mod:`gi_extract.segment.tokens`) such that
all identities hold, solving the whole table at once, and reports a value only where all those
ways agree. It never picks one reading of several by preference. A caller may add bounds
(:class:`Bound`: one cell of a row is at least another), a plausibility rather than an identity:
they settle a cell only where the agreeing ways all keep them, and say so (reason ``bounded``).

How: each run is first cut on its own, keeping only readings that satisfy the identities lying
wholly in its row (a row total, table 四's group totals). That cut is a depth-first walk over
cell boundaries, pruned by a small dynamic programme saying what the cells still to cut can add
up to, at least and at most; a total printed last is cut first (from the right), so it bounds
its parts. Rows linked by identities (table 三's columns) form components; in each, a
backtracking search picks one reading per row, the row with the fewest readings left first,
and after every choice drops each reading that the other rows can no longer complete, judged by
the sums of their smallest and largest contributions (bounds consistency). A reading is
*viable* when some full solution uses it (one search per reading not yet seen in a solution),
and a cell is determined when all viable readings of its row agree on it. Every step of every
phase is charged to one step budget, so the same input always stops at the same place; when it
runs out, cells not already settled by their row alone get reason ``budget``.

When no choice satisfies every identity (a publisher's arithmetic error, or a run that is not
what it seems), the component is inconsistent: only cells on which every reading of their row
agrees (token rules and the row's own identities) keep a value, or, for a row its own identities
leave without a reading, the values of its one reading under the token rules alone, when it has
just one (cells printed apart, ``24 0 0 0 0 0 23``: the numbers printed, whose sum then fails
its check); and ``conflicts`` names the
identities at fault: those that no reading satisfies even on their own; failing that, those
whose removal alone makes the component consistent; failing that, all of them together.

Masked errors: a wrong printed number is caught only when it breaks an identity under every
reading. In rare cases another cut of the same digits satisfies everything, and the error then
shows as an ordinary reading: 12,0,0,1,0,2 printed with the total mistyped as 24 glues to
``120010224``, which reads as 1|20|0|1|0|2|24 on its own (in a whole table the column identities
usually still catch it: none of several hundred random single-number errors tried went unnoticed).
Determined values are right whenever the printed numbers satisfy the identities: the
publisher's arithmetic is an assumption, not a guarantee. So each row says how far its reading
was checked: ``ways`` (whether its digits split one way only under the token rules) and
``checked_across`` (whether identities spanning other rows held it too); a caller puts a row that
only its own sums chose in doubt (table 四's groups have no identity across rows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Bound, Cell, Conflict, Identity, Reading, Reason, RowResult, Run, Segmentation
from .search import Ident, RowState, components, diagnose, enumerate_row, solve
from .tokens import KINDS, Budget, Kind, Number, OutOfBudget, Piece, tokenize

__all__ = [
    "DEFAULT_BUDGET",
    "Bound",
    "Cell",
    "Conflict",
    "Identity",
    "Kind",
    "Number",
    "Reading",
    "Reason",
    "RowResult",
    "Run",
    "Segmentation",
    "choose",
    "segment",
]

DEFAULT_BUDGET = 200_000
"""Search steps allowed per call (a step is a microsecond or two). A real table 三 with a 17-digit
table 四 takes about 2,000 (about twice that since each row with one reading also counts its readings
under the token rules alone, to say whether its sums chose it); a 33-digit table 四 run about 7,500;
a table 三 with two- and three-digit numbers in every cell of every row up to about 30,000. An
adversarial run stops here within half a second; so can a synthetic table 三 whose every cell is a
small nonzero number (many rows each with several readings that the columns must sort out)."""


def segment(
    runs: Sequence[Run],
    identities: Sequence[Identity],
    budget: int = DEFAULT_BUDGET,
    trace_limit: int = 5,
    bounds: Sequence[Bound] = (),
) -> Segmentation:
    """Cut every run into cells so that every identity holds; values only where all such cuts agree.

    ``bounds`` then settle, with reason ``bounded``, cells the viable cuts disagree on but those
    keeping every bound of their row do not.
    """
    rows = _prepare(runs)
    limits = _limits(rows, bounds)
    idents, unresolved = _resolve(rows, identities)
    for k, ident in enumerate(idents):
        if len(ident.rows) == 1:
            rows[ident.rows[0]].local.append(k)
    allowance = Budget(budget)
    outcome: dict[int, bool] = {}
    conflicts: list[Conflict] = []
    parts = components(len(rows), idents)
    exhausted = False
    try:
        for i in sorted(range(len(rows)), key=lambda i: (rows[i].tokens.slack, i)):
            enumerate_row(rows[i], i, idents, allowance)
        for c, members in enumerate(parts):
            outcome[c] = solve(members, rows, idents, allowance)
            if not outcome[c]:
                diagnose(members, rows, idents, allowance, conflicts)
    except OutOfBudget:
        exhausted = True
    found = _Found(parts, outcome, conflicts, allowance.used, exhausted)
    return _result(rows, idents, unresolved, found, limits, trace_limit)


def choose(
    options: Mapping[str, Sequence[tuple[Number, ...]]],
    columns: Mapping[str, tuple[str, ...]],
    identities: Sequence[Identity],
    budget: int = DEFAULT_BUDGET,
) -> dict[str, list[int]] | None:
    """Which of each row's candidate values some way of satisfying every identity uses.

    The same search as :func:`segment`, for rows whose candidates are known already rather than
    cut from a run (a row of text whose values could stand in several columns). Returns, per
    row, the indices of its viable candidates; None when no choice satisfies the identities, or
    the budget runs out first.
    """
    rows: list[RowState] = []
    for name, candidates in options.items():
        count: Kind = "count"
        row = RowState(Run(name, "", columns[name], (count,) * len(columns[name])), tokenize(""))
        row.found = [tuple(Piece(0, 0, v, None) for v in values) for values in candidates]
        rows.append(row)
    idents, _ = _resolve(rows, identities)
    kept = [list(range(len(row.found or []))) for row in rows]
    for ident in (ident for ident in idents if len(ident.rows) == 1):
        i = ident.rows[0]
        found, terms = rows[i].found or [], ident.within(i)
        kept[i] = [n for n in kept[i] if sum(c * found[n][col].value for col, c in terms) == 0]
    for row, keep in zip(rows, kept, strict=True):
        row.found = [(row.found or [])[n] for n in keep]
    allowance = Budget(budget)
    try:
        for members in components(len(rows), idents):
            if not solve(members, rows, idents, allowance):
                return None
    except OutOfBudget:
        return None
    return {row.run.row: [keep[n] for n in sorted(row.viable or ())] for row, keep in zip(rows, kept, strict=True)}


def _prepare(runs: Sequence[Run]) -> list[RowState]:
    seen: set[str] = set()
    for run in runs:
        if run.row in seen:
            raise ValueError(f"row {run.row!r} given twice")
        if not run.columns or len(run.kinds) != len(run.columns) or len(set(run.columns)) != len(run.columns):
            raise ValueError(f"row {run.row!r}: columns must be given, distinct, and match kinds one to one")
        if any(kind not in KINDS for kind in run.kinds):
            raise ValueError(f"row {run.row!r}: kinds must be among {KINDS}")
        seen.add(run.row)
    return [RowState(run, tokenize(run.text)) for run in runs]


def _resolve(rows: list[RowState], identities: Sequence[Identity]) -> tuple[list[Ident], list[str]]:
    """Identities as coefficients on (row, column) indices; those naming a cell no run holds are set aside."""
    where = {(row.run.row, col): (i, j) for i, row in enumerate(rows) for j, col in enumerate(row.run.columns)}
    idents: list[Ident] = []
    unresolved: list[str] = []
    for identity in identities:
        cells = [(cell, 1) for cell in identity.left] + [(cell, -1) for cell in identity.right]
        if any(cell not in where for cell, _ in cells):
            unresolved.append(identity.id)
            continue
        terms: dict[tuple[int, int], int] = {}
        for cell, coef in cells:
            terms[where[cell]] = terms.get(where[cell], 0) + coef
        terms = {key: coef for key, coef in terms.items() if coef}
        if terms:
            idents.append(Ident(identity, terms, tuple(sorted({r for r, _ in terms}))))
    return idents, unresolved


def _agree(pool: list[tuple[Piece, ...]], col: int) -> tuple[Piece | None, bool]:
    """The cell's piece when every reading in ``pool`` gives it one value and unit, and whether spans agree too."""
    first = pool[0][col]
    if any((reading[col].value, reading[col].unit) != (first.value, first.unit) for reading in pool):
        return None, False
    return first, all((reading[col].start, reading[col].end) == (first.start, first.end) for reading in pool)


@dataclass(frozen=True)
class _Found:
    """What the search left: its components, whether each is consistent, and what it spent."""

    parts: list[list[int]]
    outcome: dict[int, bool]
    conflicts: list[Conflict]
    steps: int
    exhausted: bool


_Limits = dict[int, list[tuple[int, tuple[int, ...]]]]
"""Row index → its bounds as ``(column index, indices of the columns it is at least)``."""


def _limits(rows: list[RowState], bounds: Sequence[Bound]) -> _Limits:
    """Bounds on column indices; a bound on a row no run holds is set aside."""
    index = {row.run.row: i for i, row in enumerate(rows)}
    out: _Limits = {}
    for bound in bounds:
        if bound.row not in index:
            continue
        columns = rows[index[bound.row]].run.columns
        unknown = [c for c in (bound.column, *bound.at_least) if c not in columns]
        if unknown:
            raise ValueError(f"bound on row {bound.row!r} names columns it lacks: {', '.join(unknown)}")
        lesser = tuple(columns.index(c) for c in bound.at_least)
        out.setdefault(index[bound.row], []).append((columns.index(bound.column), lesser))
    return out


def _keeps(reading: tuple[Piece, ...], limits: list[tuple[int, tuple[int, ...]]]) -> bool:
    return all(reading[big].value >= reading[small].value for big, smalls in limits for small in smalls)


def _result(
    rows: list[RowState],
    idents: list[Ident],
    unresolved: list[str],
    found_by: _Found,
    limits: _Limits,
    trace_limit: int,
) -> Segmentation:
    state = {r: found_by.outcome.get(c) for c, members in enumerate(found_by.parts) for r in members}
    cells: dict[tuple[str, str], Cell] = {}
    results: dict[str, RowResult] = {}
    for r, row in enumerate(rows):
        run = row.run
        found = row.found or []
        settled = state[r] is True and row.viable is not None
        viable = sorted(row.viable) if settled and row.viable is not None else list(range(len(found)))
        pool = [found[i] for i in viable] if found or row.printed is None else [row.printed]
        kept = [reading for reading in pool if _keeps(reading, limits[r])] if settled and r in limits else []
        why = {True: Reason.AMBIGUOUS, False: Reason.CONFLICT, None: Reason.BUDGET}[state[r]]
        if row.found is None:
            why = Reason.BUDGET
        elif not found:
            why = Reason.CONFLICT if row.readable else Reason.NO_SEGMENTATION
        status = Reason.DETERMINED if pool else why
        for j, col in enumerate(run.columns):
            piece, same_span = _agree(pool, j) if pool else (None, False)
            reason = Reason.DETERMINED
            if piece is None and kept:
                piece, same_span = _agree(kept, j)
                reason = Reason.BOUNDED
            if piece is None:
                status = why
                cells[(run.row, col)] = Cell(None, None, None, why)
            else:
                if reason is Reason.BOUNDED and status is Reason.DETERMINED:
                    status = reason
                span = row.tokens.span(piece) if same_span else None
                at = None if span is None else (span[0] + run.offset, span[1] + run.offset)
                cells[(run.row, col)] = Cell(piece.value, at, piece.unit, reason)
        keeps = {i: _keeps(found[i], limits.get(r, [])) for i in range(len(found))}
        ranked = sorted(viable, key=lambda i: not keeps[i]) + sorted(set(range(len(found))) - set(viable))
        trace = tuple(
            _reading(row, found[i], (i in viable) if settled else None, keeps[i]) for i in ranked[:trace_limit]
        )
        if not found and row.printed is not None:
            trace = (_reading(row, row.printed, None, True),)
        note = "one split only; its own sum fails" if row.printed is not None and not found else row.tokens.problem
        count = None if row.found is None else len(found) or int(row.printed is not None)
        results[run.row] = RowResult(status, count, trace, note, row.ways, settled and row.checked_across)
    unchecked = [
        ident.source.id
        for ident in idents
        if any(rows[r].found == [] and (len(ident.rows) > 1 or not rows[r].readable) for r in ident.rows)
    ]
    outcome = found_by.outcome.values()
    consistent = False if False in outcome else None if found_by.exhausted else True
    conflicts = tuple(found_by.conflicts)
    return Segmentation(
        cells, results, consistent, conflicts, tuple(unresolved + unchecked), found_by.steps, found_by.exhausted
    )


def _reading(row: RowState, reading: tuple[Piece, ...], viable: bool | None, in_bounds: bool) -> Reading:
    offset = row.run.offset
    spans = tuple((a + offset, b + offset) for a, b in map(row.tokens.span, reading))
    return Reading(tuple(p.value for p in reading), spans, tuple(p.unit for p in reading), viable, in_bounds)
