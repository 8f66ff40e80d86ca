"""Figures the prose states (本年新收, 上年结转, 结转下年度, 行政复议 and 行政诉讼 totals) against the tables.

Reports restate their tables in 一、总体情况 (全年共收到政府信息公开申请81件 … 1件结转下年度继续办理;
行政复议2件、行政诉讼7件); a figure that differs from the table is a slip a reviewer catches. The
prose sometimes speaks of a whole region (全市各级行政机关共受理…) while the tables are the
agency's own: then a difference is ``cannot_tell``, not ``fail``. A region word names the agency
itself only when the agency is that region (平潭综合实验区 saying 全区), not its government or
one of its offices (上海市人民政府办公厅 saying 全市).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Number, Report
from .findings import Cells, Finding, Status, fingerprint, number

_N = r"(\d+)\s*"
_GAP = r"[^，。；：\d]{0,%d}?"
_NEXT_YEAR = r"(?:至|到)?(?:下一?年度?|\d{4}\s*年度?)"


@dataclass(frozen=True)
class Figure:
    """One kind of figure the prose states, where it is said, and the table cells it must equal."""

    id: str
    what: str
    patterns: tuple[re.Pattern[str], ...]
    cells: tuple[str, ...]
    """Summed: the figure must equal their sum."""
    also: tuple[str, ...] = ()
    """A second reading the figure may mean (受理 N 件 counting 一 + 二), accepted as agreeing."""


FIGURES = (
    Figure(
        "prose.new_received",
        "本年新收",
        (
            re.compile(r"(新收|收到|受理|接收|接到)(?!上年|结转)" + _GAP % 20 + r"申请" + _GAP % 6 + _N + "件"),
            re.compile(r"(新收|收到|受理|接收|接到)" + _GAP % 6 + _N + r"件" + _GAP % 12 + "申请"),
        ),
        ("applications.new_received.total",),
        ("applications.new_received.total", "applications.carried_over.total"),
    ),
    Figure(
        "prose.carried_over",
        "上年结转",
        (
            re.compile(r"(上一?年度?)结转" + _GAP % 10 + _N + "件"),
            re.compile(r"结转(上一?年度?)" + _GAP % 16 + _N + "件"),
        ),
        ("applications.carried_over.total",),
    ),
    Figure(
        "prose.carried_forward",
        "结转下年度",
        (
            re.compile(r"(结转)" + _NEXT_YEAR + r"(?:继续)?(?:办理|答复)?\s*" + _N + "件"),
            re.compile(_N + r"件" + _GAP % 12 + r"(结转|顺延)" + _NEXT_YEAR),
        ),
        ("applications.carried_forward.total",),
    ),
    Figure(
        "prose.administrative_review",
        "行政复议",
        (re.compile(r"(行政复议)(?:案件)?\s*(?:共)?\s*" + _N + "[件起宗个]"),),
        ("reviews_litigation.administrative_review.total",),
    ),
    Figure(
        "prose.litigation",
        "行政诉讼",
        (re.compile(r"(?<![应起])((?:行政)?诉讼)(?:案件)?\s*(?:共)?\s*" + _N + "[件起宗个]"),),
        ("reviews_litigation.litigation_direct.total", "reviews_litigation.litigation_after_review.total"),
    ),
)
_REGION = re.compile(r"全(省|市|区|县|州|盟|旗|镇|乡)|各级|各部门|各单位|所属部门|全系统")
_GOVERNMENT = re.compile(r"政府|局|委|办|厅|院|中心|署|室|处|所|站|队|部|会")


@dataclass(frozen=True)
class Statement:
    """A figure as the prose states it."""

    figure: Figure
    value: int
    section: str
    sentence: str
    quote: str
    """The sentence, or the part of a long one around the figure."""


def _sentences(text: str) -> Iterator[str]:
    for part in re.split(r"[。；;\n]", text):
        if part.strip():
            yield part.strip()


def _quote(sentence: str, start: int, end: int, room: int = 30) -> str:
    """A long sentence cut to the figure and some words either side."""
    if len(sentence) <= 2 * room + (end - start):
        return sentence
    left, right = max(0, start - room), min(len(sentence), end + room)
    return ("…" if left else "") + sentence[left:right] + ("…" if right < len(sentence) else "")


def statements(report: Report) -> list[Statement]:
    """Every figure the sections state, in reading order (only the first of each kind is compared)."""
    out = []
    for section, text in report.sections.items():
        for sentence in _sentences(text):
            for figure in FIGURES:
                for pattern in figure.patterns:
                    m = pattern.search(sentence)
                    if m:
                        digits = next(g for g in m.groups() if g and g.isdigit())
                        quote = _quote(sentence, m.start(), m.end())
                        out.append(Statement(figure, int(digits), section, sentence, quote))
                        break
    return out


def speaks_of_region(sentence: str, agency: str | None) -> bool:
    """Whether the sentence counts a whole region rather than the agency (see the module docstring)."""
    m = _REGION.search(sentence)
    if m is None:
        return False
    if agency and m.group(1) and agency.endswith(m.group(1)) and not _GOVERNMENT.search(agency):
        return False
    return True


def _sum(cells: Cells, keys: tuple[str, ...]) -> Number:
    values = [cells.value(k) for k in keys]
    if not keys or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def prose_findings(report: Report, cells: Cells, identity: str) -> list[Finding]:
    """One finding per kind of figure the prose states: its first statement against the table."""
    out = []
    done: set[str] = set()
    for st in statements(report):
        fig = st.figure
        if fig.id in done:
            continue
        done.add(fig.id)
        table = fig.cells[0].split(".")[0]
        refs = tuple(cells.ref(k) for k in fig.cells if k in cells.by_key)
        printed = _sum(cells, fig.cells) if len(refs) == len(fig.cells) else None
        alternative = _sum(cells, fig.also) if fig.also and all(k in cells.by_key for k in fig.also) else None
        region = speaks_of_region(st.sentence, report.report.agency)
        status: Status
        if printed is not None and st.value in (printed, alternative):
            status = "pass"
        elif printed is None or region:
            status = "cannot_tell"
        else:
            status = "fail"
        where = " + ".join(f"{r.row} {r.column}" for r in refs) or "the table"
        table_says = f"{refs[0].table} {where} = {number(printed)}" if refs else "the table is not there"
        if status == "pass" and st.value != printed:
            table_says += f" (the prose counts 一 + 二 = {number(alternative)})"
        text = f"{st.section} says {fig.what} {st.value}: 「{st.quote}」; {table_says}"
        if status == "cannot_tell" and region and printed is not None:
            text += " — the sentence speaks of the whole region, the table of the agency"
        out.append(
            Finding(
                id=fingerprint(identity, fig.id, fig.cells),
                anchors=fig.cells,
                rule=fig.id,
                kind="prose",
                status=status,
                table=table,
                title=f"the prose's {fig.what} figure equals the table's",
                text=text,
                cells=refs,
                printed=st.value,
                computed=printed,
            )
        )
    return out
