"""The body walk: paragraphs and tables of the main part, in document order, into rows of RawCell."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from ...grid import Block, Grid, Paragraph, RawCell, is_blank_text, layout
from .xml import (
    MC_ALT,
    MC_CHOICE,
    MC_FALLBACK,
    R_ID,
    W_ALT_CHUNK,
    W_CUSTOM_XML,
    W_DEL,
    W_DEL_INSTR_TEXT,
    W_DEL_TEXT,
    W_DRAWING,
    W_GRID_BEFORE,
    W_GRID_SPAN,
    W_H_MERGE,
    W_INSTR_TEXT,
    W_MOVE_FROM,
    W_OBJECT,
    W_P,
    W_PICT,
    W_RT,
    W_SDT,
    W_SDT_CONTENT,
    W_T,
    W_TBL,
    W_TC,
    W_TC_PR,
    W_TR,
    W_TR_PR,
    W_TXBX,
    W_V_MERGE,
    W_VAL,
    W,
)

_CHARS = {
    W + "tab": " ",
    W + "ptab": " ",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
}
"""Run content that stands for a character (§17.3.3)."""
_DROPPED = (W_DEL, W_MOVE_FROM, W_DEL_TEXT, W_DEL_INSTR_TEXT, W_INSTR_TEXT, W_RT)
"""Elements whose text is not part of the document as it reads now (deletions, field codes, ruby)."""
_FRAMES = (W_TXBX, W_DRAWING, W_PICT, W_OBJECT, MC_ALT)
"""Paragraph content holding text that is not run text (text boxes, drawing positions, OLE data)."""

_MERGES = (W_GRID_SPAN, W_V_MERGE, W_H_MERGE)
_COMPLEX = (W_TBL, W_SDT, W_CUSTOM_XML, W_ALT_CHUNK)
"""Cell content that is more than paragraphs: such a cell is read child by child."""

# -- body walk -------------------------------------------------------------------------------


@dataclass
class _Table:
    """A table walked but not yet laid out (layout needs its final index in the document)."""

    rows: list[list[RawCell]]
    inner: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Chunk:
    """A ``w:altChunk``: another document (HTML, DOCX, text) embedded at this place, by relationship id."""

    rid: str


Item = str | _Table | Chunk
"""What a container yields in reading order: a paragraph's text, a table or an embedded document."""
_Tc = tuple[int, str | None, str | None, list[Item]]
"""A ``w:tc`` as read: gridSpan, vMerge value, hMerge value, content."""
_Row = tuple[int, int, list[_Tc]]
"""A ``w:tr`` as read: its index among all ``w:tr`` of the table, gridBefore, cells."""


def _inside(wrapper: etree._Element) -> etree._Element:
    """What a transparent wrapper holds: ``w:sdtContent`` of a content control, else itself."""
    if wrapper.tag == W_SDT:
        content = wrapper.find(W_SDT_CONTENT)
        return content if content is not None else wrapper
    return wrapper


def _structural(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in parent:
        ctag = child.tag
        if ctag == tag:
            yield child
        elif ctag == W_SDT or ctag == W_CUSTOM_XML:
            yield from _structural(_inside(child), tag)


def _branch(alternate: etree._Element) -> etree._Element | None:
    """The one branch of ``mc:AlternateContent`` to read: first Choice, else Fallback."""
    branch = alternate.find(MC_CHOICE)
    return branch if branch is not None else alternate.find(MC_FALLBACK)


def _int_val(el: etree._Element | None, default: int) -> int:
    """An integer ``w:val`` (spans, grid offsets); nonsense values fall back to ``default``."""
    if el is None:
        return default
    raw = el.get(W_VAL, "")
    return int(raw) if raw.isdigit() and len(raw) < 4 else default


@dataclass(slots=True)
class _Merge:
    """A cell's own merge properties: ``gridSpan`` and the ``w:val`` of ``vMerge``/``hMerge``."""

    span: int = 1
    v_merge: str | None = None
    h_merge: str | None = None


_NO_MERGE = _Merge()


class Walker:
    """Turns containers (body, cell, text box, content control) into items in reading order.

    Speed comes from one C-level pre-pass (:meth:`prepare`) after which a plain cell, the bulk
    of every report, is read with a single call to libxml2's text serialiser; cells holding
    tables, content controls or frames take the general child-by-child path.
    """

    def __init__(self, body: etree._Element) -> None:
        self.careful: set[etree._Element] = set()
        """Paragraphs holding frames: only their run text is read (:func:`_careful_text`)."""
        self.complex: set[etree._Element] = set()
        """Cells holding more than paragraphs: read child by child."""
        self.merges: dict[etree._Element, _Merge] = {}
        """gridSpan, vMerge and hMerge of each ``w:tc`` that has any of them."""
        self.prepare(body)

    def prepare(self, body: etree._Element) -> None:
        """One pass over the elements that matter, so that plain text can be serialised in bulk.

        Character elements (``w:tab``, ``w:br``…) get their character as text; deleted text,
        field codes and ruby annotations are removed (but ``w:del`` in ``w:trPr`` stays: it
        marks a deleted row); merge properties are noted per cell; paragraphs with frames
        (text boxes, drawings, OLE objects, alternate content), whose non-run text must not
        leak, and cells with more than paragraphs are marked.
        """
        doomed: list[etree._Element] = []
        for el in body.iter(*_CHARS, *_MERGES, *_DROPPED, *_FRAMES, *_COMPLEX):
            tag = el.tag
            if tag in _CHARS:
                el.text = _CHARS[tag]
            elif tag in _MERGES:
                self.note_merge(el, tag)
            elif tag in _FRAMES:
                self.careful.update(el.iterancestors(W_P))
                self.complex.update(el.iterancestors(W_TC))
            elif tag in _COMPLEX:
                self.complex.update(el.iterancestors(W_TC))
            elif tag != W_DEL or el.getparent().tag != W_TR_PR:
                doomed.append(el)
        for el in doomed:
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)

    def note_merge(self, el: etree._Element, tag: str) -> None:
        """Record a ``gridSpan``/``vMerge``/``hMerge`` of a cell's own ``w:tcPr`` (not of a tracked change)."""
        tc_pr = el.getparent()
        tc = tc_pr.getparent() if tc_pr is not None and tc_pr.tag == W_TC_PR else None
        if tc is None or tc.tag != W_TC:
            return
        entry = self.merges.get(tc)
        if entry is None:
            entry = self.merges[tc] = _Merge()
        if tag == W_GRID_SPAN:
            entry.span = max(1, _int_val(el, 1))
        elif tag == W_V_MERGE:
            entry.v_merge = el.get(W_VAL, "continue")
        else:
            entry.h_merge = el.get(W_VAL, "continue")

    def blocks(self, container: etree._Element, out: list[Item]) -> None:
        """Append the paragraphs and tables of ``container`` to ``out``, in reading order."""
        for child in container:
            self.block(child, out)

    def block(self, el: etree._Element, out: list[Item]) -> None:
        """Append one block-level element; a paragraph's text boxes follow the paragraph."""
        tag = el.tag
        if tag == W_P:
            if el not in self.careful:
                out.append(etree.tostring(el, method="text", encoding=str, with_tail=False))
                return
            parts: list[str] = []
            boxes: list[etree._Element] = []
            _careful_text(el, parts, boxes)
            out.append("".join(parts))
            for box in boxes:
                self.blocks(box, out)
        elif tag == W_TBL:
            self.table(el, out)
        elif tag == W_SDT or tag == W_CUSTOM_XML:
            self.blocks(_inside(el), out)
        elif tag == MC_ALT:
            branch = _branch(el)
            if branch is not None:
                self.blocks(branch, out)
        elif tag == W_ALT_CHUNK:
            out.append(Chunk(el.get(R_ID, "")))

    def table(self, tbl: etree._Element, out: list[Item]) -> None:
        """Walk one ``w:tbl`` into a :class:`_Table`, or splice a layout wrapper's content into ``out``."""
        rows: list[_Row] = []
        for tr_index, tr in enumerate(_structural(tbl, W_TR)):
            before, deleted = 0, False
            cells: list[_Tc] = []
            for child in tr:
                tag = child.tag
                if tag == W_TC:
                    cells.append(self.cell(child))
                elif tag == W_TR_PR:
                    for prop in child.iterchildren(W_DEL, W_GRID_BEFORE):
                        deleted = deleted or prop.tag == W_DEL
                        before = _int_val(prop, 0) if prop.tag == W_GRID_BEFORE else before
                elif tag == W_SDT or tag == W_CUSTOM_XML:
                    cells.extend(self.cell(tc) for tc in _structural(_inside(child), W_TC))
            if not deleted:
                rows.append((tr_index, before, cells))
        if rows and all(len(cells) == 1 for _, _, cells in rows):
            content = [item for _, _, cells in rows for item in cells[0][3]]
            if any(isinstance(item, _Table) for item in content):
                out.extend(content)
                return
        out.append(_merge(rows))

    def cell(self, tc: etree._Element) -> _Tc:
        """Read one ``w:tc``: its merge properties and its content.

        A plain cell of one paragraph (most cells) is serialised in one call; anything else
        is read child by child so that paragraphs stay separate lines.
        """
        merge = self.merges.get(tc, _NO_MERGE)
        items: list[Item] = []
        size = len(tc)
        if tc not in self.complex and (size == 1 or (size == 2 and tc[0].tag == W_TC_PR)):
            items.append(etree.tostring(tc, method="text", encoding=str, with_tail=False))
        else:
            for child in tc:
                if child.tag != W_TC_PR:
                    self.block(child, items)
        return merge.span, merge.v_merge, merge.h_merge, items


def _careful_text(el: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    """Run text only, reading one alternate-content branch; text boxes are collected into ``boxes``."""
    for child in el:
        tag = child.tag
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in _CHARS:
            parts.append(_CHARS[tag])
        elif tag == W_TXBX:
            boxes.append(child)
        elif tag == MC_ALT:
            branch = _branch(child)
            if branch is not None:
                _careful_text(branch, parts, boxes)
        else:
            _careful_text(child, parts, boxes)


def _merge(rows: list[_Row]) -> _Table:
    """Fold ``vMerge``/``hMerge`` into spans and place ``gridBefore`` placeholders.

    Each emitted cell sits at its true grid column (``gridBefore`` + widths of the cells before
    it); a vertical continuation is absorbed only when the cell above at that column has the
    same width and ended in the previous row, which keeps ``layout``'s first-free-column rule
    in step with Word's grid. Cells are built as :class:`RawCell` at once and their spans grown
    in place (one object per cell: this loop is most of the reader's own time).
    """
    raw_rows: list[list[RawCell]] = []
    inner: list[Item] = []
    chains: dict[int, tuple[RawCell, int]] = {}
    """Grid column → the cell a vertical merge there started with, and the last row it reached."""
    for r, (tr_index, before, cells) in enumerate(rows):
        line = [RawCell("", source_row=tr_index, source_col=c, pad=True) for c in range(before)]
        col = before
        previous: RawCell | None = None
        previous_end = -1
        for tc_index, (span, v_merge, h_merge, items) in enumerate(cells):
            start = col
            col += span
            if h_merge == "continue" and previous is not None and previous_end == start:
                previous.colspan += span
                previous_end += span
                continue
            if v_merge == "continue":
                chain = chains.get(start)
                if chain is not None and chain[0].colspan == span and chain[1] == r - 1:
                    chain[0].rowspan += 1
                    chains[start] = (chain[0], r)
                    continue
            if len(items) == 1 and isinstance(items[0], str):
                text = items[0].strip("\n")
            else:
                inner.extend(item for item in items if isinstance(item, _Table))
                text = "\n".join(item for item in items if isinstance(item, str)).strip("\n")
            if "\n" in text:
                text = "\n".join(part.strip() for part in text.split("\n") if not is_blank_text(part))
            cell = RawCell(text, 1, span, tr_index, tc_index)
            if v_merge is not None:
                chains[start] = (cell, r)
            line.append(cell)
            previous, previous_end = cell, start + span
        raw_rows.append(line)
    return _Table(raw_rows, inner)


Resolver = Callable[[Chunk, int], list[Block]]
"""Turns an embedded document into blocks whose grids are numbered from the given index."""


def emit(items: list[Item], resolve: Resolver, first_grid: int = 0) -> list[Block]:
    """Lay tables out in final document order, so a grid's index is its place among the grids."""
    blocks: list[Block] = []
    count = first_grid

    def walk(items: list[Item]) -> None:
        nonlocal count
        for item in items:
            if isinstance(item, str):
                if not is_blank_text(item):
                    blocks.append(Paragraph(item.strip()))
            elif isinstance(item, Chunk):
                inner = resolve(item, count)
                count += sum(isinstance(b, Grid) for b in inner)
                blocks.extend(inner)
            else:
                blocks.append(layout(item.rows, count))
                count += 1
                walk(item.inner)

    walk(items)
    return blocks
