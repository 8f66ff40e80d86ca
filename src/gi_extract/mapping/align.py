"""Printed rows aligned to the template's rows in order: one decision for the whole table.

Matching each printed row on its own lets one bad decision shift everything after it: a group
cell left on the previous page (（四）无法提供 on page 3, its 2. and 3. on page 4) once made
``2.没有现成信息需要另行制作`` read as （五）'s ``2.重复申请`` by its number alone, similarity 15.
Here every printed row is scored against every template row, and the rows are matched in order
(printed row i before i' ⇒ template row j before j') so that the total similarity is greatest,
and no pair below :data:`ACCEPT` is ever matched: such a row is reported, not placed.
"""

from __future__ import annotations

from collections.abc import Sequence

ACCEPT = 60.0
"""Lowest label similarity (0-100) a printed row may be matched at. On every fixture and corpus
report the lowest correct match is 73.2 (a PDF label cut mid-word: （二）部分公开（区分处理的，只计这一本);
a wrong one scores 45 or less (2.没有现成信息需要另行制作 against 2.重复申请: 15)."""


def align(scores: Sequence[Sequence[float | None]], accept: float = ACCEPT) -> list[int | None]:
    """For each printed row, the template row it is matched to (or None), in order, best total.

    ``scores[i][j]`` is printed row i's similarity to template row j (None: not a candidate).
    Ties go to the earliest template rows, so a row with no label takes the first free place.
    """
    n = len(scores)
    m = len(scores[0]) if n else 0
    # best[i][j]: the greatest total for printed rows i.. and template rows j..
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = -1.0
            s = scores[i][j]
            if s is not None and s >= accept:
                take = s + best[i + 1][j + 1]
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
        best[i][m] = best[i + 1][m]
    out: list[int | None] = [None] * n
    i = j = 0
    while i < n and j < m:
        s = scores[i][j]
        if s is not None and s >= accept and best[i][j] == s + best[i + 1][j + 1]:
            out[i] = j
            i, j = i + 1, j + 1
        elif best[i][j] == best[i][j + 1]:
            j += 1
        else:
            i += 1
    return out
