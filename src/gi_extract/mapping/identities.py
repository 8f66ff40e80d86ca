"""The template's arithmetic as :class:`~gi_extract.segment.Identity` objects, for the solvers.

The in-report checks (:mod:`gi_extract.checks`) judge printed numbers by the edition's rules;
the solvers use the same rules to decide what the numbers are: how glued digits split
(:mod:`.glued`), in which columns a row of text puts the values it prints (:mod:`.placement`), and
where a number printed apart from its row belongs (:mod:`.ordered`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..segment import Identity, Number
from ..template import Column, Rule


def table_identities(
    table: str, rules: Sequence[Rule], printed: list[str], columns: dict[str, tuple[Column, ...]]
) -> list[Identity]:
    """The edition's rules as identities over the rows printed (as the in-report checks apply them).

    ``columns`` gives each printed row's columns. A per-column rule is set aside when a row it
    names is not printed; a per-row rule applies to every printed row that has all its columns.
    """
    out: list[Identity] = []
    for rule in (r for r in rules if r.table == table):
        if rule.each == "row":
            for row in printed:
                keys = {c.key for c in columns[row]}
                names = [*rule.left, *(rule.right or ())]
                if all(n in keys for n in names):
                    out.append(
                        Identity(rule.id, tuple((row, c) for c in rule.left), tuple((row, c) for c in rule.right or ()))
                    )
            continue
        right = list(rule.right) if rule.right else [r for r in printed if r not in (rule.right_all_but or ())]
        if not all(r in printed for r in (*rule.left, *right)):
            continue
        for column in {c.key for row in printed for c in columns[row]}:
            out.append(Identity(rule.id, tuple((r, column) for r in rule.left), tuple((r, column) for r in right)))
    return out


def solver_number(value: int | float | None) -> Number:
    """A count as the solvers take it: an int, or a decimal (the callers pass only values read)."""
    assert value is not None
    return value if isinstance(value, int) else Decimal(str(value))
