"""The search behind :func:`gi_extract.segment.segment`: rows' own readings, then whole components.

See the package docstring for the method. Every step is charged to one :class:`Budget`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Conflict, Identity, Run
from .tokens import Budget, Constraint, Number, Piece, Tokens, readings


@dataclass
class RowState:
    run: Run
    tokens: Tokens
    local: list[int] = field(default_factory=list)
    found: list[tuple[Piece, ...]] | None = None
    """Readings under the token rules and the row's own identities; None until enumerated."""
    readable: bool = True
    printed: tuple[Piece, ...] | None = None
    """The row's one reading under the token rules alone, when its own sums leave it none (a
    publisher's error in a row whose cells stand apart): what it prints, the sum notwithstanding."""
    viable: set[int] | None = None
    ways: int | None = None
    """Readings under the token rules alone, up to 2 (see :class:`~gi_extract.segment.model.RowResult`)."""
    checked_across: bool = False


@dataclass(frozen=True)
class Ident:
    source: Identity
    terms: dict[tuple[int, int], int]
    """``(row index, column index)`` → coefficient (left +1, right -1)."""
    rows: tuple[int, ...]

    def within(self, row: int) -> Constraint:
        return [(col, coef) for (r, col), coef in self.terms.items() if r == row]


Links = list[list[tuple[int, list[Number]]]]
"""Per search variable: ``(identity position, contribution of each reading)``."""


def components(n: int, idents: list[Ident]) -> list[list[int]]:
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


def enumerate_row(row: RowState, i: int, idents: list[Ident], budget: Budget) -> None:
    kinds = row.run.kinds
    row.found = readings(row.tokens, kinds, [idents[k].within(i) for k in row.local], budget)
    alone = readings(row.tokens, kinds, [], budget, limit=2) if row.local and len(row.found) < 2 else row.found
    row.ways = min(len(alone), 2)
    if not row.found:
        row.readable = bool(alone)
        row.printed = alone[0] if len(alone) == 1 else None


def _links(rows: list[RowState], idents: list[Ident], members: list[int], chosen: list[int]) -> Links:
    """Each member row's contribution, reading by reading, to each chosen identity it takes part in."""
    index = {r: v for v, r in enumerate(members)}
    links: Links = [[] for _ in members]
    for j, k in enumerate(chosen):
        for r in idents[k].rows:
            terms = idents[k].within(r)
            found = rows[r].found or []
            links[index[r]].append(
                (j, [sum((coef * reading[col].value for col, coef in terms), 0) for reading in found])
            )
    return links


def _narrow(links: Links, domains: list[list[int]], budget: Budget) -> bool:
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
    links: Links, domains: list[list[int]], budget: Budget, seen: list[set[int]] | None = None
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


def _feasible(rows: list[RowState], idents: list[Ident], chosen: list[int], budget: Budget) -> bool:
    """Whether the ``chosen`` identities can all hold together, for some reading of each row they touch."""
    members = sorted({r for k in chosen for r in idents[k].rows})
    domains = [list(range(len(rows[r].found or []))) for r in members]
    return _find(_links(rows, idents, members, chosen), domains, budget) is not None


def _checked(members: list[int], rows: list[RowState], idents: list[Ident]) -> list[int]:
    """The component's identities spanning rows that all have readings (only those can be searched)."""
    inside = set(members)
    return [
        k
        for k, ident in enumerate(idents)
        if len(ident.rows) > 1 and ident.rows[0] in inside and all(rows[r].found for r in ident.rows)
    ]


def solve(members: list[int], rows: list[RowState], idents: list[Ident], budget: Budget) -> bool:
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
        rows[r].checked_across = True
    return True


def diagnose(
    members: list[int], rows: list[RowState], idents: list[Ident], budget: Budget, conflicts: list[Conflict]
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
