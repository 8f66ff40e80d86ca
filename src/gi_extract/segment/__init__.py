"""Split glued runs of table cells into numbers, with the template's arithmetic as the only judge.

Crawled report pages often lose the table: every cell is glued to the next, so table 三's row
一 reads ``640020470`` for 64 | 0 | 0 | 2 | 0 | 4 | 70. The caller anchors each row by its label
and hands over, per row, the text up to the next label (a :class:`Run`), plus the template's
identities as data (:class:`Identity`: a sum of cells equals another). :func:`segment` finds every
way to cut every run into cells (the token rules are in :mod:`gi_extract.segment.tokens`) such that
all identities hold, solving the whole table at once, and reports a value only where all those
ways agree. It never picks one reading of several by preference.

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
agrees (token rules and the row's own identities) keep a value, and ``conflicts`` names the
identities at fault: those that no reading satisfies even on their own; failing that, those
whose removal alone makes the component consistent; failing that, all of them together.

Masked errors: a wrong printed number is caught only when it breaks an identity under every
reading. In rare cases another cut of the same digits satisfies everything, and the error then
shows as an ordinary reading: 12,0,0,1,0,2 printed with the total mistyped as 24 glues to
``120010224``, which reads as 1|20|0|1|0|2|24 on its own (in a whole table the column identities
usually still catch it: none of several hundred random single-number errors tried went unnoticed).
Determined values are right whenever the printed numbers satisfy the identities: the
publisher's arithmetic is an assumption, not a guarantee.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from .tokens import KINDS, Budget, Constraint, Kind, Number, OutOfBudget, Piece, Tokens, readings, tokenize

__all__ = [
    "DEFAULT_BUDGET",
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
    "segment",
]

DEFAULT_BUDGET = 200_000
"""Search steps allowed per call (a step is a microsecond or two). A real table 三 with a 17-digit
table 四 takes about 2,000; a 33-digit table 四 run about 7,500; a table 三 with two- and
three-digit numbers in every cell of every row up to about 30,000. An adversarial run stops here
within half a second; so can a synthetic table 三 whose every cell is a small nonzero number
(many rows each with several readings that the columns must sort out)."""


@dataclass(frozen=True)
class Run:
    """What stood between a row's label and the next label, and the cells it must be cut into."""

    row: str
    text: str
    columns: tuple[str, ...]
    kinds: tuple[Kind, ...]
    offset: int = 0
    """Where ``text`` starts in the source document: spans are reported from it."""


@dataclass(frozen=True)
class Identity:
    """The sum of the ``left`` cells equals the sum of the ``right`` cells, each ``(row, column)``."""

    id: str
    left: tuple[tuple[str, str], ...]
    right: tuple[tuple[str, str], ...]


class Reason(str, Enum):
    """Why a cell has its value, or has none."""

    DETERMINED = "determined"
    AMBIGUOUS = "ambiguous"
    """Several readings satisfy every identity and disagree here."""
    NO_SEGMENTATION = "no_segmentation"
    """The run has no reading under the token rules at all."""
    CONFLICT = "conflict"
    """The identities cannot all hold, and the row's own readings disagree here (or there are none)."""
    BUDGET = "budget"
    """The step budget ran out before this cell was settled."""


@dataclass(frozen=True)
class Cell:
    """One cell: its value (None unless determined), where it was printed, its unit, and why."""

    value: Number | None
    span: tuple[int, int] | None
    unit: str | None
    reason: Reason


@dataclass(frozen=True)
class Reading:
    """One way to cut a run, for a trace display; ``viable`` when known (a consistent component)."""

    values: tuple[Number, ...]
    spans: tuple[tuple[int, int], ...]
    units: tuple[str | None, ...]
    viable: bool | None


@dataclass(frozen=True)
class RowResult:
    """A row's status, how many readings its own rules allow, and the first few of them."""

    status: Reason
    readings: int | None
    candidates: tuple[Reading, ...]
    note: str | None = None


@dataclass(frozen=True)
class Conflict:
    """An identity at fault, and the rows it spans.

    ``alone``: no reading of its rows satisfies it even on its own. Otherwise it is named because
    dropping it alone makes its component consistent, or, when no single identity does, because
    it is one of the component's identities that cannot all hold together.
    """

    identity: str
    rows: tuple[str, ...]
    alone: bool


@dataclass(frozen=True)
class Segmentation:
    """Everything :func:`segment` found, cell by cell and row by row."""

    cells: Mapping[tuple[str, str], Cell]
    rows: Mapping[str, RowResult]
    consistent: bool | None
    """False when some component's identities cannot all hold; None when the budget ran out first."""
    conflicts: tuple[Conflict, ...]
    unchecked: tuple[str, ...]
    """Identities not applied: a cell outside every run, or in a row that has no reading."""
    steps: int
    exhausted: bool

    def value(self, row: str, column: str) -> Number | None:
        return self.cells[(row, column)].value


@dataclass
class _Row:
    run: Run
    tokens: Tokens
    local: list[int] = field(default_factory=list)
    found: list[tuple[Piece, ...]] | None = None
    """Readings under the token rules and the row's own identities; None until enumerated."""
    readable: bool = True
    viable: set[int] | None = None


@dataclass(frozen=True)
class _Ident:
    source: Identity
    terms: dict[tuple[int, int], int]
    """``(row index, column index)`` → coefficient (left +1, right -1)."""
    rows: tuple[int, ...]

    def within(self, row: int) -> Constraint:
        return [(col, coef) for (r, col), coef in self.terms.items() if r == row]


_Links = list[list[tuple[int, list[Number]]]]
"""Per search variable: ``(identity position, contribution of each reading)``."""


def segment(
    runs: Sequence[Run], identities: Sequence[Identity], budget: int = DEFAULT_BUDGET, trace_limit: int = 5
) -> Segmentation:
    """Cut every run into cells so that every identity holds; values only where all such cuts agree."""
    rows = _prepare(runs)
    idents, unresolved = _resolve(rows, identities)
    for k, ident in enumerate(idents):
        if len(ident.rows) == 1:
            rows[ident.rows[0]].local.append(k)
    allowance = Budget(budget)
    outcome: dict[int, bool] = {}
    conflicts: list[Conflict] = []
    components = _components(len(rows), idents)
    exhausted = False
    try:
        for i in sorted(range(len(rows)), key=lambda i: (rows[i].tokens.slack, i)):
            _enumerate(rows[i], i, idents, allowance)
        for c, members in enumerate(components):
            outcome[c] = _solve(members, rows, idents, allowance)
            if not outcome[c]:
                _diagnose(members, rows, idents, allowance, conflicts)
    except OutOfBudget:
        exhausted = True
    return _result(rows, idents, unresolved, components, outcome, conflicts, allowance.used, exhausted, trace_limit)


def _prepare(runs: Sequence[Run]) -> list[_Row]:
    seen: set[str] = set()
    for run in runs:
        if run.row in seen:
            raise ValueError(f"row {run.row!r} given twice")
        if not run.columns or len(run.kinds) != len(run.columns) or len(set(run.columns)) != len(run.columns):
            raise ValueError(f"row {run.row!r}: columns must be given, distinct, and match kinds one to one")
        if any(kind not in KINDS for kind in run.kinds):
            raise ValueError(f"row {run.row!r}: kinds must be among {KINDS}")
        seen.add(run.row)
    return [_Row(run, tokenize(run.text)) for run in runs]


def _resolve(rows: list[_Row], identities: Sequence[Identity]) -> tuple[list[_Ident], list[str]]:
    """Identities as coefficients on (row, column) indices; those naming a cell no run holds are set aside."""
    where = {(row.run.row, col): (i, j) for i, row in enumerate(rows) for j, col in enumerate(row.run.columns)}
    idents: list[_Ident] = []
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
            idents.append(_Ident(identity, terms, tuple(sorted({r for r, _ in terms}))))
    return idents, unresolved


def _components(n: int, idents: list[_Ident]) -> list[list[int]]:
    """Rows linked by identities, each list ascending, in order of their first row."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for ident in idents:
        for r in ident.rows[1:]:
            parent[root(r)] = root(ident.rows[0])
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _enumerate(row: _Row, i: int, idents: list[_Ident], budget: Budget) -> None:
    kinds = row.run.kinds
    row.found = readings(row.tokens, kinds, [idents[k].within(i) for k in row.local], budget)
    if not row.found:
        row.readable = bool(row.local) and bool(readings(row.tokens, kinds, [], budget, limit=1))


def _links(rows: list[_Row], idents: list[_Ident], members: list[int], chosen: list[int]) -> _Links:
    """Each member row's contribution, reading by reading, to each chosen identity it takes part in."""
    index = {r: v for v, r in enumerate(members)}
    links: _Links = [[] for _ in members]
    for j, k in enumerate(chosen):
        for r in idents[k].rows:
            terms = idents[k].within(r)
            found = rows[r].found or []
            links[index[r]].append(
                (j, [sum((coef * reading[col].value for col, coef in terms), 0) for reading in found])
            )
    return links


def _narrow(links: _Links, domains: list[list[int]], budget: Budget) -> bool:
    """Drop every reading that no choice of the other rows' readings could complete; False if a row is left with none.

    For each identity, the other rows together add at least the sum of their smallest
    contributions and at most the sum of their largest, so a reading whose own contribution
    puts zero outside that range is dropped. Repeated until nothing changes (bounds consistency).
    """
    size = 1 + max((k for link in links for k, _ in link), default=-1)
    fixed: list[Number] = [0] * size
    for link, domain in zip(links, domains, strict=True):
        if len(domain) == 1:
            for k, c in link:
                fixed[k] += c[domain[0]]
    active = [v for v, domain in enumerate(domains) if len(domain) > 1]
    changed = True
    while changed:
        budget.spend()
        changed = False
        low, high = list(fixed), list(fixed)
        extremes: dict[int, list[tuple[Number, Number]]] = {}
        for v in active:
            budget.spend(2 * len(links[v]) * len(domains[v]))
            extremes[v] = [(min(c[r] for r in domains[v]), max(c[r] for r in domains[v])) for _, c in links[v]]
            for (k, _), (lo, hi) in zip(links[v], extremes[v], strict=True):
                low[k] += lo
                high[k] += hi
        if any(not lo <= 0 <= hi for lo, hi in zip(low, high, strict=True)):
            return False
        for v in active:
            rest = [(c, low[k] - lo, high[k] - hi) for (k, c), (lo, hi) in zip(links[v], extremes[v], strict=True)]
            keep = [r for r in domains[v] if all(a + c[r] <= 0 <= b + c[r] for c, a, b in rest)]
            if not keep:
                return False
            changed = changed or len(keep) < len(domains[v])
            domains[v] = keep
    return True


def _find(
    links: _Links, domains: list[list[int]], budget: Budget, seen: list[set[int]] | None = None
) -> list[int] | None:
    """One reading per row (from its domain) satisfying every linked identity, or None.

    Backtracking on the row with the fewest readings left, narrowing every domain after each
    choice (:func:`_narrow`), so a choice that leaves some identity unreachable fails at once.
    Readings not in ``seen`` are tried first, so each solution found covers as many new ones as it can.
    """
    domains = [list(domain) for domain in domains]
    if not _narrow(links, domains, budget):
        return None
    open_rows = [v for v, domain in enumerate(domains) if len(domain) > 1]
    if not open_rows:
        return [domain[0] for domain in domains]
    v = min(open_rows, key=lambda v: (len(domains[v]), v))
    for reading in sorted(domains[v], key=lambda r: seen is not None and r in seen[v]):
        found = _find(links, [*domains[:v], [reading], *domains[v + 1 :]], budget, seen)
        if found is not None:
            return found
    return None


def _feasible(rows: list[_Row], idents: list[_Ident], chosen: list[int], budget: Budget) -> bool:
    """Whether the ``chosen`` identities can all hold together, for some reading of each row they touch."""
    members = sorted({r for k in chosen for r in idents[k].rows})
    domains = [list(range(len(rows[r].found or []))) for r in members]
    return _find(_links(rows, idents, members, chosen), domains, budget) is not None


def _checked(members: list[int], rows: list[_Row], idents: list[_Ident]) -> list[int]:
    """The component's identities spanning rows that all have readings (only those can be searched)."""
    inside = set(members)
    return [
        k
        for k, ident in enumerate(idents)
        if len(ident.rows) > 1 and ident.rows[0] in inside and all(rows[r].found for r in ident.rows)
    ]


def _solve(members: list[int], rows: list[_Row], idents: list[_Ident], budget: Budget) -> bool:
    """Mark each row's viable readings; False when the component's identities cannot all hold."""
    if any(rows[r].readable and not rows[r].found for r in members):
        return False
    checked = _checked(members, rows, idents)
    linked = sorted({r for k in checked for r in idents[k].rows})
    for r in members:
        rows[r].viable = set(range(len(rows[r].found or [])))
    if not checked:
        return True
    links = _links(rows, idents, linked, checked)
    full = [list(range(len(rows[r].found or []))) for r in linked]
    seen: list[set[int]] = [set() for _ in linked]
    if not _narrow(links, full, budget) or (first := _find(links, full, budget, seen)) is None:
        return False
    for v, choice in enumerate(first):
        seen[v].add(choice)
    for v, domain in enumerate(full):
        for reading in domain:
            if reading not in seen[v]:
                solution = _find(links, [*full[:v], [reading], *full[v + 1 :]], budget, seen)
                for u, choice in enumerate(solution or []):
                    seen[u].add(choice)
    for r, viable in zip(linked, seen, strict=True):
        rows[r].viable = viable
    return True


def _diagnose(
    members: list[int], rows: list[_Row], idents: list[_Ident], budget: Budget, conflicts: list[Conflict]
) -> None:
    """Name the identities at fault in an inconsistent component (appending as it goes, in case the budget ends)."""
    names = [row.run.row for row in rows]
    found_any = False
    for r in members:
        row = rows[r]
        if row.readable and not row.found:
            alone = [
                k for k in row.local if not readings(row.tokens, row.run.kinds, [idents[k].within(r)], budget, limit=1)
            ]
            for k in alone or row.local:
                conflicts.append(Conflict(idents[k].source.id, (names[r],), bool(alone)))
            found_any = True
    checked = _checked(members, rows, idents)
    for k in checked:
        if not _feasible(rows, idents, [k], budget):
            conflicts.append(Conflict(idents[k].source.id, tuple(names[r] for r in idents[k].rows), True))
            found_any = True
    if found_any:
        return
    suspects = [k for k in checked if _feasible(rows, idents, [j for j in checked if j != k], budget)]
    for k in suspects or checked:
        conflicts.append(Conflict(idents[k].source.id, tuple(names[r] for r in idents[k].rows), False))


def _agree(pool: list[tuple[Piece, ...]], col: int) -> tuple[Piece | None, bool]:
    """The cell's piece when every reading in ``pool`` gives it one value and unit, and whether spans agree too."""
    first = pool[0][col]
    if any((reading[col].value, reading[col].unit) != (first.value, first.unit) for reading in pool):
        return None, False
    return first, all((reading[col].start, reading[col].end) == (first.start, first.end) for reading in pool)


def _result(
    rows: list[_Row],
    idents: list[_Ident],
    unresolved: list[str],
    components: list[list[int]],
    outcome: dict[int, bool],
    conflicts: list[Conflict],
    steps: int,
    exhausted: bool,
    trace_limit: int,
) -> Segmentation:
    state = {r: outcome.get(c) for c, members in enumerate(components) for r in members}
    cells: dict[tuple[str, str], Cell] = {}
    results: dict[str, RowResult] = {}
    for r, row in enumerate(rows):
        run = row.run
        found = row.found or []
        settled = state[r] is True and row.viable is not None
        viable = sorted(row.viable) if settled and row.viable is not None else list(range(len(found)))
        pool = [found[i] for i in viable]
        why = {True: Reason.AMBIGUOUS, False: Reason.CONFLICT, None: Reason.BUDGET}[state[r]]
        if row.found is None:
            why = Reason.BUDGET
        elif not found:
            why = Reason.CONFLICT if row.readable else Reason.NO_SEGMENTATION
        status = Reason.DETERMINED if pool else why
        for j, col in enumerate(run.columns):
            piece, same_span = _agree(pool, j) if pool else (None, False)
            if piece is None:
                status = why
                cells[(run.row, col)] = Cell(None, None, None, why)
            else:
                span = row.tokens.span(piece) if same_span else None
                at = None if span is None else (span[0] + run.offset, span[1] + run.offset)
                cells[(run.row, col)] = Cell(piece.value, at, piece.unit, Reason.DETERMINED)
        ranked = viable + sorted(set(range(len(found))) - set(viable))
        trace = tuple(_reading(row, found[i], (i in viable) if settled else None) for i in ranked[:trace_limit])
        results[run.row] = RowResult(status, None if row.found is None else len(found), trace, row.tokens.problem)
    unchecked = [
        ident.source.id
        for ident in idents
        if any(rows[r].found == [] and (len(ident.rows) > 1 or not rows[r].readable) for r in ident.rows)
    ]
    consistent = False if False in outcome.values() else None if exhausted else True
    return Segmentation(cells, results, consistent, tuple(conflicts), tuple(unresolved + unchecked), steps, exhausted)


def _reading(row: _Row, reading: tuple[Piece, ...], viable: bool | None) -> Reading:
    offset = row.run.offset
    spans = tuple((a + offset, b + offset) for a, b in map(row.tokens.span, reading))
    return Reading(tuple(p.value for p in reading), spans, tuple(p.unit for p in reading), viable)
