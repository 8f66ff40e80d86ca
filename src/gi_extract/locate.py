"""Finding the three standard tables (二, 三, 四) and the six report sections.

A table is recognised by its own words first (its *signature*: the template labels it
contains), and by the section heading above it second. Position alone is never used:
unrelated tables stand before and between the standard ones, and table 三's last row
``四、结转下年度继续办理`` looks like the heading of section 四 (template.md §1 hazard) — only
paragraphs can be headings here, never table cells.

A standard table printed as several grids (split across pages, or table 二 as one grid
per 第二十条 block) comes back as one run of grids: consecutive grids of the same table,
plus signature-less fragments (e.g. a data row alone on the next page) that follow a
grid of that table before any new heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .grid import Document, Grid, Paragraph
from .labels import contains_any, count_in, normalise
from .template import TABLE_NUMERALS, TABLES, load

SIGNATURES: dict[str, tuple[str, ...]] = {
    "active_disclosure": (
        "第二十条",
        "信息内容",
        "规章",
        "规范性文件",
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
        "政府集中采购",
        "本年制发件数",
        "本年新制作数量",
        "处理决定数量",
        "上一年项目数量",
        "现行有效件数",
    ),
    "applications": (
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "本年新收",
        "上年结转",
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
        "结转下年度",
        "国家秘密",
        "三安全一稳定",
        "第三方合法权益",
        "内部事务",
        "过程性信息",
        "行政执法案卷",
        "行政查询",
        "不掌握",
        "另行制作",
        "补正后",
        "信访举报",
        "重复申请",
        "公开出版物",
        "大量反复",
        "重新出具",
    ),
    "reviews_litigation": (
        "行政复议",
        "行政诉讼",
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "未经复议直接起诉",
        "复议后起诉",
    ),
}
"""Words that only the given table prints; a grid belongs to the table whose words it holds most."""

MIN_SIGNATURE = 2
SECTION_TABLE = {numeral: table for table, numeral in TABLE_NUMERALS.items()}
_HEADING = re.compile(r"^(?:第([一二三四五六])部分|([一二三四五六])[、.．])")
"""二、 (the template), 二． or 第二部分 — never （二）, which numbers sub-headings inside section 一."""
MAX_HEADING_CHARS = 40


@dataclass
class Located:
    """One standard table as found: its grids in order, and why they were chosen."""

    table: str
    grids: list[Grid] = field(default_factory=list)
    reason: str = ""
    score: int = 0


@dataclass
class Layout:
    """What locate found in a document: tables, section headings and the doubts met."""

    tables: dict[str, Located]
    headings: dict[str, int]
    warnings: list[tuple[str, str, str | None]]
    paragraphs: list[tuple[str | None, Paragraph]] = field(default_factory=list)
    """Every paragraph that is not a heading, with the canonical heading of the section it stands in."""


def section_of(text: str) -> str | None:
    """The canonical heading a paragraph is, or None (short, numbered, with the section's words)."""
    t = normalise(text)
    m = _HEADING.match(t)
    if not m or len(t) > MAX_HEADING_CHARS:
        return None
    numeral = m.group(1) or m.group(2)
    for heading, spec in load().sections.items():
        if spec["numeral"] == numeral and contains_any(t, spec["keywords"]):
            return heading
    return None


def signature(grid: Grid) -> dict[str, int]:
    """How many of each table's signature words the grid contains."""
    text = normalise(grid.text())
    return {table: count_in(text, words) for table, words in SIGNATURES.items()}


def classify(grid: Grid) -> tuple[str | None, int]:
    """The standard table a grid belongs to by its words, with the score (None below the minimum).

    Tie-break: the higher score wins; on equal scores the earlier table in template order.
    """
    scores = signature(grid)
    best = max(TABLES, key=lambda t: scores[t])
    return (best, scores[best]) if scores[best] >= MIN_SIGNATURE else (None, scores[best])


def locate(doc: Document) -> Layout:
    """Find the standard tables and section headings of a document."""
    headings: dict[str, int] = {}
    runs: list[Located] = []
    warnings: list[tuple[str, str, str | None]] = []
    paragraphs: list[tuple[str | None, Paragraph]] = []
    current: str | None = None
    section: str | None = None
    heading_since_grid = True
    for i, block in doc.iter_blocks():
        if isinstance(block, Paragraph):
            heading = section_of(block.text)
            if heading:
                headings.setdefault(heading, i)
                current, section = heading, heading[0]
                heading_since_grid = True
            else:
                paragraphs.append((current, block))
            continue
        table, score = classify(block)
        reason = "signature"
        if table is None:
            if runs and not heading_since_grid:
                table, reason = runs[-1].table, "continues the grid before it"
            elif section in SECTION_TABLE:
                table, reason = SECTION_TABLE[section], f"under heading {section}、"
            else:
                heading_since_grid = False
                continue
        heading_since_grid = False
        if runs and runs[-1].table == table:
            runs[-1].grids.append(block)
            runs[-1].score += score
        else:
            runs.append(Located(table, [block], reason, score))
    found: dict[str, Located] = {}
    for run in runs:
        if run.table in found:
            if run.score > found[run.table].score:
                kept, dropped = run, found[run.table]
            else:
                kept, dropped = found[run.table], run
            found[run.table] = kept
            warnings.append(
                (
                    "duplicate_table",
                    f"a second copy of table {TABLE_NUMERALS[run.table]} was found (grids {_ids(dropped)} ignored,"
                    f" grids {_ids(kept)} used)",
                    run.table,
                )
            )
        else:
            found[run.table] = run
    return Layout(found, headings, warnings, paragraphs)


def _ids(run: Located) -> str:
    return ",".join(str(g.index) for g in run.grids)
