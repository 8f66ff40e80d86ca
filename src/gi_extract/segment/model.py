"""What :func:`gi_extract.segment.segment` takes and gives: runs, identities, bounds, and its verdict cell by cell."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from .tokens import Kind, Number


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


@dataclass(frozen=True)
class Bound:
    """In row ``row``, cell ``column`` is at least each of the ``at_least`` cells.

    Not an identity but a plausibility: 现行有效件数 ≥ 本年制发件数 follows from what the columns
    count (what was issued this year is in force at its end); ≥ 本年废止件数 is weaker (a year that
    clears out old documents could repeal more than stay in force). Bounds never make a table
    inconsistent and never drop a reading
    the identities keep; they settle a cell only when the viable readings disagree on it and
    those that keep every bound all give it one value (reason ``bounded``).
    """

    row: str
    column: str
    at_least: tuple[str, ...]


class Reason(StrEnum):
    """Why a cell has its value, or has none."""

    DETERMINED = "determined"
    AMBIGUOUS = "ambiguous"
    """Several readings satisfy every identity and disagree here."""
    BOUNDED = "bounded"
    """Several readings satisfy every identity; those that also keep the row's bounds agree here."""
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
    in_bounds: bool = True
    """False when the reading breaks one of its row's bounds."""


@dataclass(frozen=True)
class RowResult:
    """A row's status, how many readings its own rules allow, and the first few of them."""

    status: Reason
    readings: int | None
    candidates: tuple[Reading, ...]
    note: str | None = None
    ways: int | None = None
    """Readings under the token rules alone, counted up to 2: 1 when the digits split only one way,
    whatever the sums; 2 when the row's own sums (or more) had to choose."""
    checked_across: bool = False
    """Whether identities spanning other rows (table 三's columns) held the row's reading too: a
    publisher's error that another cut of the row's digits hides from its own sum would then still
    have to satisfy those."""


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
