"""Layout text (``pdftotext -layout``) → paragraphs and grids.

``pdftotext -layout`` keeps a PDF's columns only as runs of spaces: each word is placed at
the character column its x position maps to, pages end with a form feed, and a cell
holding several lines prints them on consecutive lines. What the reader meets and how it
copes (worked out on layout text made from the corpus PDFs and the repo's PDF fixtures):

- Columns are measured in characters, not display width: pdftotext counts a CJK
  character as one column although it is drawn twice as wide as a digit, and pads with
  spaces up to the column of the next word's x position. So a value column starts at the
  same character column on every row of a page, whatever CJK text stands before it, while
  display widths drift with the number of CJK characters. Positions change from page to
  page, hence one grid per page fragment (locate joins the fragments of a table).
- A row is found by its values: a line ending in numbers is an *anchor*
  (:mod:`.layoutlines`); wrapped label lines above and below it, row-group labels written
  down the side and rows printed without values are sorted out in :mod:`.layoutgrid`.
- A table starts at a header (lines with text over the value columns) or right after
  running text; label lines at the top of a page that end the previous page's last row
  are glued back onto it, and a row broken over the page break (its lower cells opening the
  next page, with no label) is joined back.
- Values pdftotext printed as a staircase (a few rows' values one column at a time, each
  column further right) are read back into their rows (:func:`.layoutmend.unstair`), and a
  row split over its label's lines is joined (:func:`.layoutmend.join_split_rows`).
- Page numbers (``- 3 -``, ``第3页``, a bare number as the last line) and running headers or
  footers repeated on several pages are dropped (:mod:`.layoutpages`, which also finds where
  pages end in text joined without form feeds).
- Everything else is running text, its lines joined into paragraphs where they were cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from ..grid import Block, Grid, Paragraph, layout
from ..template.headings import is_title, section_of
from .celltext import is_number
from .layoutgrid import Rows, Segment, item_column, segment_rows
from .layoutlines import ITEM, MARKER, MIN_GAP, Line, Word, cut_line
from .layoutmend import mend_lines
from .layoutpages import drop_furniture, split_pages

PROSE_SHARE = 0.9
"""A line without gaps reaching this share of the text width is running text, never a cell."""
FULL_SHARE = 0.8
"""A line of running text reaching this share of the text width did not end its paragraph."""
PROSE_INDENT = 6
"""Running text starts within this many columns of the page's left edge (a first line is indented)."""
PROSE_CHARS = 20
"""A line without gaps this long, at the margin, is taken as running text when measuring the text width."""
HEAD_CHARS = 4
"""A line holding one phrase of this many CJK characters over the value columns is a header line
(a column title wrapped in its cell, the label column's title printed on a line of its own)."""
LEAD_LINES = 4
"""At most this many lines above a table's first anchor are its label when no header stands above."""

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_UNIT_NOTE = re.compile(r"^[（(]单位[：:]")
"""A column title's unit note (``（单位：万元）``): header text wherever its line centres it."""


# -- pages ------------------------------------------------------------------------------


def text_width(pages: Sequence[Sequence[Line]]) -> int:
    """Where full lines of running text end (80th percentile over long lines without gaps at the margin).

    Lines of :data:`PROSE_CHARS` characters or more that start at the left margin are
    nearly all running text; a table's label lines are shorter or indented. Without any,
    the widest line's end.
    """
    lines = [x for page in pages for x in page if not x.blank]
    ends = sorted(x.end for x in lines if not x.gapped and x.start <= PROSE_INDENT and len(x.text) >= PROSE_CHARS)
    if not ends:  # no running text: only a line as wide as the widest table row could be
        return max((x.end for x in lines), default=0)
    return ends[int(0.8 * (len(ends) - 1))]


def _is_prose(line: Line, width: int) -> bool:
    """Running text: one cell wide, starting at the left margin (or a paragraph's indent), ending at the right."""
    return not line.anchor and not line.gapped and line.start <= PROSE_INDENT and line.end >= PROSE_SHARE * width


# -- paragraphs -------------------------------------------------------------------------


def _glue(a: str, b: str) -> str:
    return a + ("" if _CJK.match(a[-1:]) or _CJK.match(b[:1]) else " ") + b


def paragraphs(lines: Sequence[Line], width: int) -> list[Paragraph]:
    """Running text: a line continues the paragraph above unless a new one plainly starts.

    A new paragraph starts after a blank line, after a line that stopped short of the
    right margin, at an indented, numbered (``三、…``, ``（一）…``) or columned line; two
    short centred lines (a title printed on two lines) stay together. A report's title standing
    well in from the margin on a line of its own ends its paragraph even where it nearly fills a
    narrow page's line (an A5 print): the paragraph under it is no part of the title.
    """
    out: list[Paragraph] = []
    prev: Line | None = None
    margin = min((x.start for x in lines if not x.blank), default=0)
    for line in lines:
        if line.blank:
            prev = None
            continue
        if prev is not None and not _title_line(prev, margin):
            full = prev.end >= FULL_SHARE * width and not prev.gapped
            fresh = line.start > prev.start + 1 or line.marked or line.gapped
            short = max(prev.end, line.end) < FULL_SHARE * width and not (prev.gapped or line.gapped)
            centred = (
                min(prev.start, line.start) > margin + 1 and abs(prev.end + prev.start - line.end - line.start) <= 4
            )
            if (full and not fresh) or (short and centred and not line.marked):
                out[-1].text = _glue(out[-1].text, line.text)
                prev = line
                continue
        out.append(Paragraph(line.text, line.page))
        prev = line
    return out


TITLE_INDENT = 4
"""A centred title starts at least this many columns in from the text's margin (a first line's indent is 2–3)."""


def _title_line(line: Line, margin: int) -> bool:
    return line.start >= margin + TITLE_INDENT and is_title(line.text.strip())


# -- segments ---------------------------------------------------------------------------


def header_span(gap: Sequence[Line], anchor: Line, width: int, inner: int | None) -> tuple[int, int] | None:
    """The header lines (first, last index in ``gap``) of a table whose first anchor follows.

    A header line holds columns and has text over the value columns: at or right of where
    the anchor's values begin, or well right of the anchor's own label and of the page's
    item column ``inner`` (a header centred over a wide column starts left of a
    right-aligned number; a wrapped item label stands in the item column). Unnumbered lines above it
    belong to the header up to running text or a numbered heading (``申请人情况``, the
    table's note, a 第二十条 caption); below it, those standing over the value columns
    (``组织`` under ``社会公益``) before the first row's label begins, and on to the last line
    with words over the value columns (a title wrapped in its cell, ``本年收费金额（单位：万`` and
    ``元）`` with the label column's ``信息内容`` printed between them), or with a title's unit note
    (``（单位：万元）``, which a print can centre left of a wide value's first digit). A line of one phrase
    counts when it has :data:`HEAD_CHARS` CJK characters (a wrapped title, not a unit) and
    reaches into the value columns (a label wrapped in its own column does not); so does a line
    of words one space apart, none a number, all at or right of where the values begin
    (``自然人 商业企业 科研机构``, a narrow print's column titles).
    """
    left = anchor.value_left - 1
    label_end = anchor.words[-1].end + MIN_GAP if anchor.words else left

    def over_values(w: Word) -> bool:
        return w.start >= left or (w.start > label_end and (inner is None or w.start > inner + 1))

    def lone_head(x: Line) -> bool:
        w = x.words[0] if len(x.words) == 1 else None
        return w is not None and not x.marked and len(_CJK.findall(w.text)) >= HEAD_CHARS and w.end > left

    def spaced_heads(x: Line) -> bool:
        return len(x.words) > 1 and not x.marked and all(w.start >= left and not is_number(w.text) for w in x.words)

    heads = [
        i
        for i, x in enumerate(gap)
        if (x.gapped or lone_head(x) or spaced_heads(x)) and any(over_values(w) for w in x.words)
    ]
    if not heads:
        return None
    first, last = heads[0], heads[-1]
    while first > 0 and (gap[first - 1].blank or not (gap[first - 1].marked or _is_prose(gap[first - 1], width))):
        first -= 1
    while gap[first].blank:
        first += 1
    while last + 1 < len(gap) and (gap[last + 1].blank or (not gap[last + 1].marked and gap[last + 1].start >= left)):
        last += 1
    more = [
        i
        for i in range(last + 1, len(gap))
        if any((over_values(w) and not is_number(w.text)) or _UNIT_NOTE.match(w.text) for w in gap[i].words)
    ]
    if more and not any(x.marked or _is_prose(x, width) for x in gap[last + 1 : more[-1] + 1]):
        last = more[-1]
    return first, last


def _label_lines_above(body: Sequence[Line]) -> int:
    """How many label lines stand right above the body's last anchor (its label began there)."""
    n = 0
    for k in range(len(body) - 2, -1, -1):
        x = body[k]
        if x.blank or x.anchor:
            break
        n += 1
        if x.marked:
            break
    return n


def _label_end(line: Line) -> int:
    return line.words[-1].end if line.words else 0


def take_tail(seg: Segment, lines: Sequence[Line], width: int, widest: int) -> list[Line]:
    """The lines after a segment's last anchor that continue its last row's label.

    At most as many as the label had above its values (one at least), unnumbered, inside
    the label columns and no wider than the segment's labels (``widest``: where the
    segment's widest label line ends, kept by the caller as the segment grows, so that a
    long page stays linear); a blank line ends them. An anchor printing no label at all
    (its values centred above a label cell printed lower: ``2 0 … 2`` over ``（七）总计``)
    takes the numbered line right below it, up to its values' column, unless it is a section
    heading (``四、政府信息公开行政复议、行政诉讼情况``). A segment that prints no label yet (a
    value centred over a label printed lower, right under the header: ``0`` over ``行政事业性收费``)
    takes the unnumbered line below it the same way.
    """
    if not lines or lines[0].blank or lines[0].anchor:
        return []
    anchor = next(x for x in reversed(seg.body) if x.anchor)
    bare = _bare(seg.body)
    unlabelled = bare or not any(x.words for x in seg.body)
    limit = max(1, _label_lines_above(seg.body))
    out: list[Line] = []
    for x in lines:
        numbered = x.marked and not (bare and not out and section_of(x.text) is None)
        if x.blank or x.anchor or numbered or _is_prose(x, width) or len(out) >= limit:
            break
        if x.start >= anchor.value_left - 1 or x.end > (anchor.value_left - 1 if unlabelled else widest + 1):
            break
        out.append(x)
    return out


def _bare(body: Sequence[Line]) -> bool:
    """Whether the body's last line, an anchor, is a row with no label printed so far.

    Neither it nor the lines above it back to the anchor before holds a word of two
    characters or more (single characters are a label written down the side, not the
    row's own), and something stands there: an anchor before, or such side characters (a
    table's only row right under its header is no such row).
    """
    if body[-1].worded:
        return False
    for x in reversed(body[:-1]):
        if x.anchor or x.worded:
            return x.anchor
    return any(x.words for x in body[:-1])


def take_lead(lines: Sequence[Line], anchor: Line, width: int) -> list[Line]:
    """The lines above a header-less table's first anchor that begin its label (up to a numbered one).

    A blank line ends the label, unless all it has yet are characters of a side label (a
    tall row's first label line stands well above them, r031 laid out with larger fonts): then
    the label goes on up, over blank lines, to a numbered line that is no section heading, and
    the lines returned run from it to the anchor, blank ones included.
    """
    fragments = anchor.fragments()
    if fragments and MARKER.match(fragments[-1].text):
        return []
    near = list(lines[_lead(lines, anchor, width, over_blanks=False) :])
    if not near or any(x.worded for x in near):
        return near
    far = list(lines[_lead(lines, anchor, width, over_blanks=True) :])
    return far if far[0].marked and section_of(far[0].text) is None else near


def _lead(lines: Sequence[Line], anchor: Line, width: int, over_blanks: bool) -> int:
    """Where the label above the anchor begins in ``lines`` (their length: nowhere)."""
    top, taken, worded = len(lines), 0, False
    for k in range(len(lines) - 1, -1, -1):
        x = lines[k]
        if x.blank and over_blanks and not worded:
            continue
        if x.blank or x.anchor or _is_prose(x, width) or x.start >= anchor.value_left - 1 or taken >= LEAD_LINES:
            break
        top, taken, worded = k, taken + 1, worded or x.worded
        if x.marked:
            break
    return top


def section_item_columns(lines: Sequence[Line]) -> list[int | None]:
    """Each line's item column (:func:`item_column`), found among the lines of its own section.

    Table 三 numbers its items (``1.属于国家秘密``), table 二 does not: where one page holds the
    end of one and the start of the other, or in text whose pages were joined, table 三's
    item column must not stand for table 二's, whose column titles start there.
    """
    cuts = [i for i, x in enumerate(lines) if x.marked and not x.anchor and section_of(x.text) is not None]
    out: list[int | None] = []
    for a, b in pairwise([0, *cuts, len(lines)]):
        out += [item_column(lines[a:b])] * (b - a)
    return out


def page_segments(lines: Sequence[Line], width: int, continued: bool) -> list[Line | Segment]:
    """A page as running-text lines and table segments, in reading order.

    Anchors one after the other are one segment while no header and no running text
    stands between them; a header starts a new segment (table 二 prints one per 第二十条
    block). A page that starts inside a table (``continued``: the page before ended in
    one) takes every line above its first anchor into that first segment.
    """
    out: list[Line | Segment] = []
    seg: Segment | None = None
    widest = 0
    inners = section_item_columns(lines)
    done = 0
    for a in [i for i, x in enumerate(lines) if x.anchor]:
        whole = lines[done:a]
        done = a + 1
        tail = take_tail(seg, whole, width, widest) if seg is not None else []
        gap = whole[len(tail) :]
        prose = [i for i, x in enumerate(gap) if _is_prose(x, width)]
        after = prose[-1] + 1 if prose else 0
        head = header_span(gap[after:], lines[a], width, inners[a])
        if seg is not None and not prose and head is None:
            seg.body += [*whole, lines[a]]
            widest = max([widest, *(_label_end(x) for x in [*whole, lines[a]])])
            continue
        start = after + head[0] if head else after
        if seg is not None:
            seg.body += tail
        out += gap[:start]
        new = Segment(lines[a].page)
        if head is not None:
            new.header = [x for x in gap[start : after + head[1] + 1] if not x.blank]
            lead = list(gap[after + head[1] + 1 :])
        elif seg is None and continued and not prose:
            new.continued = True
            lead = list(gap)
        else:
            lead = take_lead(gap[start:], lines[a], width)
            out += gap[start : len(gap) - len(lead)]
        new.body = [*lead, lines[a]]
        widest = max(_label_end(x) for x in new.body)
        out.append(new)
        seg = new
    if seg is None:
        return list(lines)
    tail = take_tail(seg, lines[done:], width, widest)
    seg.body += tail
    out += lines[done + len(tail) :]
    return out


def opens_inside_table(lines: Sequence[Line], width: int) -> bool:
    """The page starts inside a table: no running text and no header above its first anchor."""
    first = next((i for i, x in enumerate(lines) if x.anchor), None)
    if first is None:
        return False
    gap = lines[:first]
    return (
        not any(_is_prose(x, width) for x in gap) and header_span(gap, lines[first], width, item_column(lines)) is None
    )


def carry_into_table(items: list[Line | Segment], width: int) -> bool:
    """Whether the items so far end inside a table; if so, its trailing label lines join it (in place).

    The lines after the last segment's tail are label lines printed without values (the
    rows at the foot of a page whose zeros were printed blank) when every one of them
    stands in the segment's label columns and none reads as a heading (a lone numbered
    line other than a numbered item ``8.…``).
    """
    last = next((n for n in range(len(items) - 1, -1, -1) if isinstance(items[n], Segment)), None)
    if last is None:
        return False
    seg = items[last]
    assert isinstance(seg, Segment)
    rest = items[last + 1 :]
    anchor = next(x for x in reversed(seg.body) if x.anchor)
    widest = max(_label_end(x) for x in seg.body)
    for x in rest:
        if not isinstance(x, Line) or _is_prose(x, width) or x.anchor:
            return False
        heading = not x.gapped and x.marked and not ITEM.match(x.text)
        if not x.blank and (x.start >= anchor.value_left - 1 or x.end > widest + 1 or heading):
            return False
    seg.body += [x for x in rest if isinstance(x, Line)]
    del items[last + 1 :]
    return True


def join_split_row(before: Rows, after: Rows) -> bool:
    """Join a row broken over a page break back into one, in place; whether it was.

    Word lets a table row break across pages: the cells whose text sits lower (a total
    centred in its cell, a label wrapped over more lines) go to the next page, which then
    opens with a row of values and no label. It is the end of the page's last row when it
    fills exactly the cells that row left blank, so that the two together print every
    value. When that row was the page's only one, its fragment counts only the columns it
    printed: the next page's row then fills exactly the columns right of them. Anything
    else (a value printed twice, a cell still blank) stays as it was.
    """
    k, lead = after.columns, after.rows[0] if after.rows else []
    row, n = (before.rows[-1], before.columns) if before.rows else ([], 0)
    if len(lead) != k or n > k or len(row) <= n:
        return False
    if n < k and (len(before.rows) - before.headed != 1 or not all(c.text for c in row[-n:])):
        return False
    tail = row[len(row) - n :]
    filled = [bool(c.text) for c in tail] + [False] * (k - n)
    if all(filled) or not any(filled) or [bool(c.text) for c in lead] != [not f for f in filled]:
        return False
    before.rows[-1] = row[: len(row) - n] + [
        new if new.text else old for new, old in zip(lead, tail + lead[n:], strict=True)
    ]
    before.columns = k
    del after.rows[0]
    return True


# -- entry point ------------------------------------------------------------------------


def parse_layout(text: str) -> tuple[list[Block], int]:
    """Split layout text into paragraphs and grids; return them with the number of pages."""
    chunks = split_pages(text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    pages = [[cut_line(raw, n + 1, i) for i, raw in enumerate(c.split("\n"))] for n, c in enumerate(chunks)]
    width = text_width(pages)
    drop_furniture(pages)
    mend_lines(pages, PROSE_SHARE * width)
    items: list[Line | Segment] = []
    for lines in pages:
        continued = opens_inside_table(lines, width) and carry_into_table(items, width)
        items += page_segments(lines, width, continued)
    parts: list[Paragraph | Rows] = []
    pending: list[Line] = []
    previous: Rows | None = None
    for item in [*items, None]:
        if isinstance(item, Line):
            pending.append(item)
            continue
        parts += paragraphs(pending, width)
        pending.clear()
        if item is None:
            break
        rows = segment_rows(item, previous.columns if previous is not None else 0)
        if rows.orphans and previous is not None and previous.last_label is not None:
            previous.last_label.text += "\n" + "\n".join(rows.orphans)
        elif rows.orphans:
            parts.append(Paragraph(" ".join(rows.orphans), item.page))
        if item.continued and previous is not None and join_split_row(previous, rows) and not rows.rows:
            continue
        parts.append(rows)
        previous = rows
    blocks: list[Block] = []
    for part in parts:
        if isinstance(part, Rows):
            grid = layout(part.rows, index=sum(isinstance(b, Grid) for b in blocks), default_page=part.page)
            grid.aligned = False
            grid.positional = True
            blocks.append(grid)
        else:
            blocks.append(part)
    return blocks, len(chunks)
