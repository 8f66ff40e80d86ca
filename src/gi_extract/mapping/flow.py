"""Tables whose grids left cells unread, read again from the text around them.

Some PDF-to-Markdown converters (markitdown's PDF reader is one) cut a table into one small
pipe table per printed row, put a wrapped label's lines between them as text, and run two
neighbouring cells into one (``| 64 | 0 0 | 2 0 | 4 70 |``). No grid then holds a row's seven
values in its own cells, and the grid reading leaves the table's cells unread. But the pieces
still stand in the order the rows are printed, each row's numbers left to right. So the
document is read once more as it flows (:class:`Flow`: every block in order, a grid's rows a
line each) by the rule for numbers printed apart from their labels (:mod:`.ordered`): only when
the numbers under the table's heading are exactly its cells and keep every sum of the edition,
each cell then doubted ``values_in_order``. That order is the template's, so a printed label
that reads as a template row the grids could not place (out of order, or twice) forbids it. A
cell the grid reading gave with no doubt must come out the same, or nothing is taken and the
cell gets ``order_disagrees``; the cells it left unread or doubted take the numbers.

Rows a converter printed as text beside the grids are read from those paragraphs as glued
text (:func:`rows_beside`); the flow of those paragraphs alone tells each value's place.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..grid import Block, Cell, Document, Paragraph
from ..template import Edition, registry
from ..warnings import GiWarning, warning
from .glued import rows_beside_table
from .gluedtext import section_spans
from .ordered import merged_reading, reread
from .rows import CellValue, TableResult

Source = Cell | int
"""Where a piece of the flow was printed: a grid cell, or the offset of a paragraph in the report's
paragraphs joined by newlines (where glued cells' spans point)."""


@dataclass(frozen=True)
class Flow:
    """A document's blocks in reading order as one text, and where each piece of it was printed.

    A paragraph is its own text; a grid row is a line of its cells' texts (each merged cell once)
    apart by a space, a line break inside a cell read as a space: a cell is one place in its row.
    """

    text: str
    starts: tuple[int, ...]
    sources: tuple[Source, ...]

    @classmethod
    def of(cls, doc: Document, blocks: Sequence[Block] | None = None) -> Flow:
        """The flow of ``doc``, or of some of its blocks (in the order given: the document's)."""
        offsets = doc.paragraph_starts()
        parts: list[str] = []
        starts: list[int] = []
        sources: list[Source] = []
        at = 0

        def put(text: str, source: Source | None) -> None:
            """Add a piece; a separator (``source`` None) is no place a number starts, so it is not recorded."""
            nonlocal at
            parts.append(text)
            if source is not None:
                starts.append(at)
                sources.append(source)
            at += len(text)

        for block in doc.blocks if blocks is None else blocks:
            if parts:
                put("\n", None)
            if isinstance(block, Paragraph):
                put(block.text, offsets[id(block)])
                continue
            for i in range(block.n_rows):
                if i:
                    put("\n", None)
                for j, cell in enumerate(c for c in block.origins(i) if c.text):
                    if j:
                        put(" ", None)
                    put(cell.text.replace("\n", " "), cell)
        return cls("".join(parts), tuple(starts), tuple(sources))

    def place(self, value: CellValue) -> CellValue:
        """A value read from the flow, told where it was printed: its grid cell, or its span in the
        report's paragraphs."""
        if value.span is None:
            return value
        start, end = value.span
        n = bisect_right(self.starts, start) - 1  # the piece it starts in: separators hold no number
        source = self.sources[n]
        if isinstance(source, Cell):
            return replace(value, cell=source, span=None)
        shift = source - self.starts[n]
        return replace(value, span=(start + shift, end + shift))


def reread_shredded(result: TableResult, flow: Flow, fallback: Edition | None) -> tuple[TableResult, list[str]]:
    """Table 三 or 四, whose grids left cells unread, as the flow reads it in order where that holds
    (else as the grids read it); with the lines ``inspect`` shows of how it went."""
    numeral = registry().numeral(result.table)
    span = section_spans(flow.text).get(result.table)
    if span is None:
        return result, []
    ordered, trace = reread(result, result.table, flow.text, *span, fallback)
    head = f"table {numeral} left cells unread in its grids: read again from the document's blocks in order"
    trace = [head, *(f"  {line}" for line in trace)]
    if ordered is None or ordered.rows is None:
        return result, trace
    if result.unplaced:
        label = result.unplaced[0]
        return result, [*trace, f"    but {label!r} reads as a template row printed out of order: not read so"]
    doubted = {w.key for w in result.warnings if w.key}
    trusted = {
        c.key: c.value
        for c in result.cells
        if c.value is not None and c.key not in doubted and c.key.rsplit(".", 1)[0] not in doubted
    }
    mine = {c.key: c for c in ordered.cells}
    differ = [k for k, v in trusted.items() if k not in mine or mine[k].value != v]
    if differ:
        result.warnings += [_disagrees(k, trusted[k], mine.get(k), numeral) for k in differ]
        return result, [
            *trace,
            f"    but {differ[0]} disagrees with the grid, which gave it with no doubt: not read so",
        ]
    merged = merged_reading(result, ordered, set(trusted), flow.place)
    return merged, [*trace, f"    {len(mine) - len(trusted)} cells taken so"]


def _disagrees(key: str, value: int | float, ordered: CellValue | None, numeral: str) -> GiWarning:
    """The doubt on a grid cell the table's numbers, read in the order printed, put otherwise: both
    readings cannot be right, and the sums, which the order keeps, do not side with the grid's."""
    there = f"{ordered.raw!r}" if ordered is not None else "no number"
    message = (
        f"{key}: the grid gives {value}, but table {numeral}'s numbers taken in the order printed, which keep"
        f" every sum of the edition, put {there} here"
    )
    return warning("order_disagrees", message, key)


def rows_beside(result: TableResult, flow: Flow, fallback: Edition | None) -> None:
    """Rows table 二's or 三's grids lack, read from the paragraphs beside them (``flow``, made of those):
    :func:`.glued.rows_beside_table`, each value then told where it was printed."""
    before = len(result.cells)
    rows_beside_table(result, flow.text, fallback)  # appends the cells it reads
    result.cells[before:] = [flow.place(c) for c in result.cells[before:]]
