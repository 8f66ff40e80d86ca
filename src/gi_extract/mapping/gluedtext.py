"""Where glued text prints each standard table, and its labels and digit runs there.

The first half of reading glued text (:mod:`.glued` solves the runs): :func:`section_spans` finds
each table's section by its heading, :func:`chunks` cuts a section into labels and the digit runs
printed after them. Nothing here knows a template row; that is for the resolvers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..labels import contains_any, normalise
from ..template import registry
from ..values import COUNT_UNITS

_UNIT_CLOSING = "[" + "".join(COUNT_UNITS) + r"](?=[ \t\u3000\xa0\n0-9０-９]|$)"
COUNT_UNIT = re.compile(r"(?<=[0-9０-９])" + _UNIT_CLOSING)
"""A count's unit that closes its cell (``政府集中采购 2笔 984361元``): the run keeps it, and the
segmenter reads it as the cell boundary it is. One followed by words (``125条，涵盖``) ends the run."""
_CELL = rf"[+\-－−＋–]?[0-9０-９][0-9０-９.,，]*+(?:万元|元|{_UNIT_CLOSING})?|(?<=\n)\xa0(?=\n|$)"
_MARKS = r"[—–]++|(?<=[0-9０-９—–/无])[/无]|[/无](?=[0-9０-９—–/无])"
_NUMERIC = re.compile(rf"(?:(?:{_CELL}|{_MARKS})[ \t\u3000\xa0\n]*+)++")
"""A run of printed numbers: digits, signs, decimal points, thousands commas, 元/万元, and the
spaces or line breaks that may separate cells; a line of one no-break space is a blank cell
(:data:`gi_extract.readers.text.BLANK_CELL`); a publisher's mark for none (``—``, ``/``, ``无``)
beside numbers or other marks (a cell worth 0; in table 二 one ending a run may be a filler,
:mod:`.fillers`). Possessive (``*+``, ``++``): the match is the same, but ``re`` then keeps no
backtracking state per number, which on a line of a million numbers was 250 bytes each (500 MB
for 2 MB of text)."""
BLANK_LINE = re.compile(r"(?<=\n)\xa0(?=\n|$)|^\xa0(?=\n|$)")
"""A blank cell's line inside a run: read as 0 by the segmenter, printed blank in the output, unless
the row then has more lines than cells (LibreOffice prints the positions a merged cell covers so too)."""
_YEAR = re.compile(r"(?:19|20)[0-9]{2}$")
"""A year ending a run that 年 follows: the first word of a sentence printed right after the table
(``行政事业性收费02025年，我局…``), never a cell; no row's label starts with 年."""
_NUMBER_DOT = re.compile(r"(\d)[.．]\s*$")
"""A row number (``2.``) that ends a digit run: it opens the next label (``00000002.其他…``). One
digit: no group of the template numbers past 8, and ``…00000002.`` must leave its zeros to the run."""


@dataclass
class Chunk:
    """A label (text) and the digit run printed after it, with their offsets in the text."""

    text: str
    start: int
    run: str = ""
    run_start: int = 0


def chunks(text: str, start: int, end: int) -> list[Chunk]:
    """The region as alternating labels and digit runs; a row number ending a run goes to the next label."""
    out: list[Chunk] = []
    label_start = start
    for m in _NUMERIC.finditer(text, start, end):
        run = m.group()
        following = text[m.end() : m.end() + 1]
        number = _NUMBER_DOT.search(run)
        cut = len(run)
        if number and following and not following.isspace() and not following.isdigit():
            cut = number.start()  # 00000002.其他… : the 2. numbers the next label
        elif following in ("、", ".", "．") and run.rstrip()[-1:].isdigit() and "\n" not in run[len(run.rstrip()) :]:
            # 00000001、申请人… : the 1 numbers the next label; not across a line break, where the 、 is a
            # character of a group label written down the side (``三`` / ``、`` / ``本`` …, pdfplumber's text)
            cut = len(run.rstrip()) - 1
        elif following == "年" and (year := _YEAR.search(run)):
            cut = year.start()  # 办理20000022025年，我局… : the year opens the sentence after the table
        if not has_cells(run[:cut]):
            continue  # only a row number (（四）无法提供1.本机关…): part of the label around it
        label = text[label_start : m.start()]
        if label.strip() or not out:
            out.append(Chunk(label, label_start, run[:cut], m.start()))
        elif out[-1].run_start + len(out[-1].run) == m.start():
            out[-1].run += run[:cut]
        label_start = m.start() + cut
    if text[label_start:end].strip():
        out.append(Chunk(text[label_start:end], label_start))
    return out


TAIL_CONTEXT = 8
"""Characters of a label's end that, with a line after its first number, must stand in a template label."""


def label_tails_rejoined(parts: list[Chunk], labels: Sequence[str]) -> list[Chunk]:
    """Chunks whose label opens with the end of the label before, printed after that row's numbers, joined.

    Plain ``pdftotext`` (no ``-layout``) prints a row in reading order, its first value on the
    middle line of a wrapped label: ``4.保护第三方合法`` / ``1`` / ``权益`` / ``0`` … ``1``. The line
    ``权益`` is no row's label but the end of the one before: where the label's last characters
    and that line together stand in a template label (``labels``, normalised), the line is
    spaced out of the run, which then runs on over it. Only a run of one number is continued so,
    and only with a line of its own: a crawler's one-line text never reaches here.

    pymupdf4llm prints a row it read as a picture's text the same way with all its numbers on the
    middle line (``5. 要求⾏政机关确认或重新`` / ``0 0 0 0 0 0 0`` / ``出具已获取信息``), the next row's
    label after it, every line break a space in the Markdown's paragraph: the label's end, a word
    of its own, is given back to its row where it completes a template label, the run stays whole,
    and the next label keeps the words after it. Only a run of several numbers on one line is so
    closed: plain ``pdftotext`` prints a number a line, and there the words after a run are the next
    label's as often as not.
    """
    out: list[Chunk] = []
    for part in parts:
        prev = out[-1] if out else None
        if prev is None:
            out.append(part)
            continue
        before = normalise(prev.text)[-TAIL_CONTEXT:]
        words = normalise(part.text)
        lines = prev.run.endswith("\n") and part.text.endswith("\n")
        if lines and len(prev.run.split()) == 1 and words and _in_label(before + words, labels):
            spaced = re.sub(r"\S", " ", part.text)  # same length: spans still point into the text
            out[-1] = Chunk(prev.text + part.text, prev.start, prev.run + spaced + part.run, prev.run_start)
            continue
        tail = _FIRST_WORD.match(part.text)
        # several numbers on one line, apart from the words on both sides: not plain pdftotext's column
        apart = prev.text[-1:].isspace() and prev.run[-1:].isspace() and "\n" not in prev.run.strip()
        if tail and apart and len(prev.run.split()) > 1 and _in_label(before + normalise(tail[1]), labels):
            out[-1] = Chunk(prev.text + tail[1], prev.start, prev.run, prev.run_start)
            part = Chunk(part.text[tail.end() :], part.start + tail.end(), part.run, part.run_start)
        out.append(part)
    return out


_FIRST_WORD = re.compile(r"\s*(\S+)\s+(?=\S)")
"""A label's first word, apart from more words after it: a wrapped label's end, if it ends the label before."""


def _in_label(words: str, labels: Sequence[str]) -> bool:
    return any(words in label for label in labels)


def run_halved(part: Chunk, width: int) -> tuple[Chunk, Chunk] | None:
    """A run of two rows' numbers, one a line, cut after the first ``width``: (the row's, the next one's).

    Plain ``pdftotext`` sets a few labels of table 三 apart from their numbers (a group's tall cell
    prints its items' labels in a heap below), so a row's numbers run on into the next row's:
    ``（二）部分公开…`` / ``19`` … ``20`` / ``0`` … ``0``. None unless the run holds exactly two rows
    of numbers on lines of their own. The second chunk has no label; its offsets stay the text's.
    """
    tokens = list(re.finditer(r"\S+", part.run))
    if len(tokens) != 2 * width or "\n" not in part.run:
        return None
    cut = tokens[width].start()
    first = Chunk(part.text, part.start, part.run[:cut], part.run_start)
    return first, Chunk("", part.run_start + cut, part.run[cut:], part.run_start + cut)


def has_cells(run: str) -> bool:
    """Whether a run prints any cell: a number, or a blank cell's line."""
    return bool(run.strip() or BLANK_LINE.search(run))


_WORD_SLASH = r"(?<=[\u4e00-\u9fff])/(?=[\u4e00-\u9fff])(?![一二三四五六七八九十][、.．])"
"""A ``/`` between two words of a heading (``收到/处理``): not a blank cell's mark, which stands
between cells, or before the next heading (``四、结转下年度继续办理/四、政府信息公开行政复议``)."""


def section_spans(text: str) -> dict[str, tuple[int, int]]:
    """Table id → (start, end) of its section in the text: from its heading to the next one.

    A heading is a section numeral and 、 followed by the section's words before any digit or
    mark for none (a ``/`` between two words is one of the words): ``四、结转下年度继续办理``
    (a row of table 三, its cells next) is not section 四 (template.md §1 hazard). A section not
    found under its own numeral is looked for under any other, between the headings found before
    and after it: a report of more parts than the template's six numbers them on
    (``三、主动公开政府信息情况`` after a part of its own).
    """
    sections = registry().skeleton.sections
    at = [_heading(text, re.escape(section.numeral), section.keywords, 0, len(text)) for section in sections]
    for n, section in enumerate(sections):  # in order: each bounded by the headings found around it
        if at[n] is None:
            after = max((a for a in at[:n] if a is not None), default=-1) + 1
            before = min((a for a in at[n + 1 :] if a is not None), default=len(text))
            at[n] = _heading(text, _NUMERAL, section.keywords, after, before)
    found = sorted((a, section.table) for a, section in zip(at, sections, strict=True) if a is not None)
    spans: dict[str, tuple[int, int]] = {}
    for n, (start, table) in enumerate(found):
        if table:
            spans[table] = (start, found[n + 1][0] if n + 1 < len(found) else len(text))
    return spans


_NUMERAL = "[一二三四五六七八九十]"


def _heading(text: str, numeral: str, keywords: Sequence[str], after: int, before: int) -> int | None:
    """Where the first heading of ``numeral`` naming one of ``keywords`` starts, from ``after`` on and
    before ``before``: a section found under another numeral stands between its neighbours, never
    in a later section's prose (``一、依申请公开答复要更规范；二、…`` under 五、存在的主要问题)."""
    pattern = re.compile(numeral + r"\s*[、.．]((?:[^0-9０-９—–/\n]|" + _WORD_SLASH + r"){0,60})")
    for m in pattern.finditer(text, after, before):
        if contains_any(m.group(1), keywords):  # normalised: a heading spaced out (收 到 和处 理) too
            return m.start()
    return None
