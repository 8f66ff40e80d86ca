"""Report metadata (title, agency, year) and the text of the six sections.

output.md: ``agency`` is the organisation the title names, without the year and the words
政府信息公开工作年度报告; ``year`` is the year reported on: the title's year, else the
统计期限 sentence. Web pages and body-only copies often print no title of their own, so
fallbacks are tried in a fixed order and every fallback used is reported as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .grid import Document, Paragraph
from .locate import Layout
from .template import registry
from .template.headings import REPORT_WORDS, is_title
from .warnings import GiWarning, warning

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
_REPORT_WORDS = re.compile(
    r"(?:关于)?(?:政府)?信息公开(?:年度)?(?:工作)?(?:年度?)?报告|政务公开工作年度报告|(?:政府)?信息公开年报"
)
_STAT_PERIOD = re.compile(r"统计(?:期限|时限|时间|区间|范围)[^。]{0,30}?((?:19|20)\d{2})\s*年")
_STAT_PERIOD_DATED = re.compile(_STAT_PERIOD.pattern + r"\s*\d{1,2}\s*月")
"""The sentence with its first date's month: what text read across lines or a grid's cells must print
(``统计时间`` heading a table of years, or ending a line over ``2023年收到申请…``, is no period)."""
_INTRO_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?(?:政府)?信息公开(?:工作)?年度?报告")
_DATE_LINE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_ORG_END = re.compile(r"(?:局|委|办|办公室|政府|院|室|中心|会|处|所|站|队|部|厅|署|馆|区|县|市|镇|乡|街道|委员会)$")


@dataclass
class Metadata:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    published: str | None = None
    source_url: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    warnings: list[GiWarning] = field(default_factory=list)


_HEADER_FIELD = re.compile(
    r"^\s*(标题|题目|发布时间|发布日期|成文日期|原文链接|来源链接|原文地址|链接|URL|发布机构|来源|文号|栏目)\s*[:：]\s*(.*)$"
)
"""A field of the header a site crawler writes above the page body (标题: … / 发布时间: … / 原文链接: …)."""
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
HEADER_BLOCKS = 15
"""Crawler headers stand at the very top: only the first blocks are looked at."""


def page_header(doc: Document) -> dict[str, str]:
    """The fields of a crawler's page header (field name → value), empty for any other report."""
    out: dict[str, str] = {}
    for block in doc.blocks[:HEADER_BLOCKS]:
        if isinstance(block, Paragraph):
            m = _HEADER_FIELD.match(block.text)
            if m and m.group(2).strip():
                out.setdefault(m.group(1), m.group(2).strip())
    return out


def _iso_date(text: str | None) -> str | None:
    m = _DATE.search(text or "")
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text)  # \s covers the ideographic space


_PAGE_FIELDS = "来源|发布时间|发布日期|时间|日期|作者"
"""The fields a web page prints with an article's title."""
_ARTICLE_FIELDS = re.compile(
    rf"(?<=报告)(?:[（(][^（）()]{{1,8}}[）)])?(?:{_PAGE_FIELDS}|浏览次数|点击数|字号)[:：].*$"
)
"""What a web page prints after an article's title, read into the title's paragraph by a print of the page."""


_FIELDS_FIRST = re.compile(rf"^\s*(?:(?:{_PAGE_FIELDS})[:：]\s*\S+\s+)+(?=\S)")
"""The same fields printed before the title on its line (``发布时间：2023-01-20 来源：某某局 某某局2022年…``),
each value one word: the spaces still stand between them here."""


def _title_text(text: str) -> str:
    """A paragraph as a title candidate: a crawler header's value, the page's fields around it cut off."""
    text = _FIELDS_FIRST.sub("", text)
    return _ARTICLE_FIELDS.sub("", _clean(_HEADER_FIELD.sub(r"\2", text) if _HEADER_FIELD.match(text) else text))


def find_title(doc: Document, layout: Layout) -> str | None:
    """The report's title: a short paragraph before section 一 naming the report, else the file's own
    where that names the report, without the source and date a web page prints after it
    (``…年度报告来源：平潭县人民政府时间：2020-01-20``).

    A title printed over two lines (``淮安市洪泽区人民政府`` / ``2024年政府信息公开工作年度报告``)
    is joined with the short line above it when the line with the report words lacks an agency.
    """
    first = min(layout.headings.values(), default=len(doc.blocks))
    paras = [(i, _title_text(b.text)) for i, b in doc.iter_blocks() if i < first and isinstance(b, Paragraph)]
    candidates: list[str] = []
    for n, (_, text) in enumerate(paras):
        if not text or not is_title(text):
            continue
        if n > 0 and not agency_from_title(text):
            prev = paras[n - 1][1]
            if prev and len(prev) <= 30 and not REPORT_WORDS.search(prev):
                text = prev + text
        candidates.append(text)
    with_year = [c for c in candidates if _YEAR.search(c) and agency_from_title(c)]
    if with_year:
        return with_year[0]
    hint = _clean(doc.title_hint or "")
    if hint and REPORT_WORDS.search(hint):
        return hint
    return candidates[0] if candidates else None  # a file's title naming no report (r023.html) is no title


def agency_from_title(title: str) -> str | None:
    """The organisation a title names: the words before the year, else those after it.

    ``镇坪县2020年度政府信息公开工作年度报告`` → 镇坪县;
    ``2019年上海市人民政府办公厅政府信息公开工作年度报告`` → 上海市人民政府办公厅.
    """
    t = _clean(title)
    m = _YEAR.search(t)
    if m:
        before, after = t[: m.start()], t[m.end() :]
    else:
        before, after = t, ""
    for part in (before, after):
        name = re.sub(r"关于$", "", _REPORT_WORDS.sub("", part).strip("，,：:、 _-—|"))
        if len(name) >= 2:
            return name
    return None


def prose_lines(doc: Document, layout: Layout) -> list[str]:
    """The document's lines of prose, spaces squeezed out: its paragraphs' lines, and the rows of grids
    that hold no standard table, each row's cells joined.

    A PDF-to-Markdown converter (markitdown) sets a line of prose that the PDF spaced out as a pipe
    table (``| 列数据的统计期限自 |  | 2024 | 年 1 | 月 1 日起至 | 2024 | …``), the signature's date
    too (``| | 2025 | 年 1 月 22 | 日 |``): read back as lines, they name the year and the signer.
    """
    standard = {grid.index for run in layout.tables.values() for grid in run.grids}
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):  # a line break inside (``某某局<br/>2023年1月20日``) ends a line
            lines += [_clean(line) for line in block.text.split("\n")]
        elif block.index not in standard:
            lines += [_clean("".join(c.text for c in block.origins(i))) for i in range(block.n_rows)]
    return [line for line in lines if line]


_CLAUSE = re.compile(r"[，。；：,;:]")
"""Punctuation a name never prints: a line with it is a sentence (``本年度未收取信息处理费。某某街道办事处``
is a closing sentence and the signer run together), not the signer's name."""


def agency_from_signature(paras: Sequence[str]) -> str | None:
    """The signing organisation: the short line just before the closing date line (``paras``: :func:`prose_lines`)."""
    for n in range(len(paras) - 1, max(0, len(paras) - 6), -1):
        if _DATE_LINE.match(paras[n]) and n > 0:
            name = paras[n - 1]
            if 2 <= len(name) <= 30 and _ORG_END.search(name) and not _CLAUSE.search(name):
                return name
    return None


_SELF = re.compile(r"(?:我|本)(局|委|厅|办|署|院|中心|委员会)(?![\u4e00-\u9fff]{0,1}(?:长|员|干部))")
"""How a report calls its own agency (我局, 本委); the word after 我/本 is the end of the agency's name."""
_NAME_RUN = re.compile(r"[\u4e00-\u9fff]+")
MAX_AGENCY_CHARS = 30


def agency_from_text(doc: Document) -> str | None:
    """The agency a report names in its text, when it calls itself 我局/本委… and names itself in full.

    Body-only copies (r023, r034 in the corpus) print neither title nor signature, but call
    themselves 我局 and name the bureau in full somewhere (a contact line, a document's title, a
    WeChat account): ``平潭综合实验区公安局``. A candidate is a run of characters that starts
    with a division's name (the GB/T 2260 table of :mod:`gi_extract.publisher.regions`), has at
    least two characters after it, and ends at the first 局 (the word the report calls itself
    by); the most frequent candidate wins, and only when no other is as frequent: a tie is left
    unknown.
    """
    from .publisher.regions import names_in

    text = "\n".join(_clean(b.text) for b in doc.blocks if isinstance(b, Paragraph))
    ends = set(_SELF.findall(text))
    if not ends:
        return None
    counts: dict[str, int] = {}
    for run in _NAME_RUN.finditer(text):
        for start, end in names_in(run.group()):
            rest = run.group()[start : start + MAX_AGENCY_CHARS]
            # at least two characters between the division and the end word: 平潭…公安局, not 公安县's 公安局
            cut = min((i + len(e) for e in ends if (i := rest.find(e, end - start + 2)) >= 0), default=0)
            if cut:
                counts[rest[:cut]] = counts.get(rest[:cut], 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def period_year(doc: Document, lines: Sequence[str]) -> int | None:
    """The year the 统计期限 sentence names (本报告所列数据的统计期限自2020年1月1日起…), None without one.

    A paragraph prints it; failing that, one of ``lines`` (:func:`prose_lines`), alone or run on to
    the next line, with the month of its first date (``…统计期限自`` / ``2024年1月1日起…``).
    """
    for b in doc.blocks:
        if isinstance(b, Paragraph) and (m := _STAT_PERIOD.search(_clean(b.text))):
            return int(m.group(1))
    for n in range(len(lines)):
        if m := _STAT_PERIOD_DATED.search("".join(lines[n : n + 2])):
            return int(m.group(1))
    return None


def find_year(doc: Document, title: str | None, layout: Layout, period: int | None) -> tuple[int | None, str | None]:
    """The report year and where it came from (None when nothing names it); ``period`` is :func:`period_year`'s."""
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1)), None
    if period is not None:
        return period, "the 统计期限 sentence"
    first = min(layout.headings.values(), default=len(doc.blocks))
    for i, b in doc.iter_blocks():
        if i >= first:
            break
        if isinstance(b, Paragraph):
            m = _INTRO_YEAR.search(_clean(b.text))
            if m:
                return int(m.group(1)), "the introduction naming the report"
    start = layout.headings.get("一、总体情况")
    if start is not None:
        for b in doc.blocks[start + 1 : start + 4]:
            if isinstance(b, Paragraph):
                m = re.match(r"^((?:19|20)\d{2})\s*年", _clean(b.text))
                if m:
                    return int(m.group(1)), "the first sentence of 一、总体情况"
    return None, None


def find_sections(doc: Document, layout: Layout) -> dict[str, str]:
    """The paragraphs under each of the six headings (tables left out), keyed by canonical heading."""
    out: dict[str, list[str]] = {h: [] for h in registry().sections if h in layout.headings}
    for heading, paragraph in layout.paragraphs:
        if heading and paragraph.text.strip():
            out[heading].append(paragraph.text.strip())
    return {h: "\n".join(lines) for h, lines in out.items()}


def extract_metadata(doc: Document, layout: Layout) -> Metadata:
    """Title, agency, year and sections, with a warning for each fallback used."""
    meta = Metadata()
    header = page_header(doc)
    meta.published = _iso_date(header.get("发布时间") or header.get("发布日期") or header.get("成文日期"))
    url = next((header[k] for k in ("原文链接", "来源链接", "原文地址", "链接", "URL") if k in header), "")
    meta.source_url = url if url.startswith(("http://", "https://")) else None
    lines = prose_lines(doc, layout)
    period = period_year(doc, lines)
    meta.title = find_title(doc, layout)
    meta.agency = agency_from_title(meta.title) if meta.title else None
    if meta.agency is None:
        meta.agency = agency_from_signature(lines)
        if meta.agency:
            meta.warnings.append(
                warning("agency_from_signature", f"no title names the agency; taken from the signature {meta.agency!r}")
            )
        elif agency := agency_from_text(doc):
            meta.agency = agency
            meta.warnings.append(
                warning("agency_from_text", f"no title or signature names the agency; {agency!r} taken from the text")
            )
        else:
            meta.warnings.append(warning("agency_unknown", "no title or signature names the agency"))
    meta.year, how = find_year(doc, meta.title, layout, period)
    if period is not None and how is None and period != meta.year:
        meta.warnings.append(
            warning("year_period_differs", f"the title says {meta.year} but the 统计期限 sentence says {period}")
        )
    if how:
        meta.warnings.append(warning("year_inferred", f"the title gives no year; {meta.year} taken from {how}"))
    elif meta.year is None:
        meta.warnings.append(warning("year_unknown", "no title or 统计期限 sentence names the year"))
    meta.sections = find_sections(doc, layout)
    return meta
