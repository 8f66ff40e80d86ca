"""The Markdown shapes of ``shapes.py``: a corpus page as PDF-to-Markdown converters leave it.

Each maker takes a corpus page (HTML) and gives the Markdown a converter of one kind writes of it:
MinerU-like (tables as bare HTML), docling-like (merged cells repeated), and the pieces an LLM-based
converter cuts the tables into (r043's shape). They work from the page's own tables, so the truth of
the page holds for what they write.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import lxml.html


def page_text(path: Path) -> str:
    """A corpus page decoded (some declare no charset, which lxml would then guess wrong)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def page_body(path: Path) -> lxml.html.HtmlElement:
    root = lxml.html.fromstring(re.sub(r"<\?xml[^>]*\?>", "", page_text(path)))
    body = root.find("body")
    return body if body is not None else root


def html_tables_md(split: bool = False) -> Callable[[Path], str]:
    """Markdown as MinerU-like converters leave it: a paragraph per line, headings marked, each table
    as bare HTML with its row and column spans (``split``: the tables with ten rows or more cut in
    two at the middle, as a page break leaves them, the second without a header)."""

    def table(element: lxml.html.HtmlElement) -> str:
        rows = []
        for tr in element.iter("tr"):
            cells = []
            for td in (c for c in tr if c.tag in ("td", "th")):
                spans = "".join(f' {a}="{td.get(a)}"' for a in ("rowspan", "colspan") if td.get(a, "1") != "1")
                cells.append(f"<td{spans}>{' '.join(td.text_content().split())}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        cut = len(rows) // 2 if split and len(rows) >= 10 else len(rows)
        parts = [rows[:cut], rows[cut:]] if cut < len(rows) else [rows]
        return "\n\n".join("<table>" + "".join(part) + "</table>" for part in parts)

    return lambda path: _blocks(path, table, headings=True)


def _blocks(path: Path, table: Callable[[lxml.html.HtmlElement], str], headings: bool) -> str:
    """The page as a Markdown converter lays it out: each outermost table written by ``table``, each
    paragraph a line of its own (a heading marked ``#`` when ``headings``), a blank line between."""
    page = page_body(path)
    out: list[str] = []
    for element in (page.body if page.body is not None else page).iter():
        inside = any(a.tag == "table" for a in element.iterancestors())
        if element.tag == "table" and not inside:
            out.append(table(element))
        elif element.tag in ("p", "h1", "h2", "h3", "h4", "div") and not inside:
            if element.tag == "div" and any(c.tag in ("p", "div", "table") for c in element):
                continue
            text = " ".join(element.text_content().split())
            if text:
                out.append(("# " if headings and element.tag.startswith("h") else "") + text)
    return "\n\n".join(out) + "\n"


def grid(element: lxml.html.HtmlElement) -> list[list[tuple[str, int]]]:
    """A table's cells row by row, a merged cell's text repeated in every position it covers, each with
    the number of the cell it came from (to tell a merged cell's copies from equal neighbours)."""
    rows: list[list[tuple[str, int]]] = []
    pending: dict[tuple[int, int], tuple[str, int]] = {}
    number = 0
    for r, tr in enumerate(element.iter("tr")):
        row: list[tuple[str, int]] = []
        c = 0
        for td in (x for x in tr if x.tag in ("td", "th")):
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            number += 1
            cell = (" ".join(td.text_content().split()).replace("|", "\\|"), number)
            rowspan = int(td.get("rowspan", "1") or 1) if (td.get("rowspan") or "1").isdigit() else 1
            colspan = int(td.get("colspan", "1") or 1) if (td.get("colspan") or "1").isdigit() else 1
            for dc in range(colspan):
                row.append(cell)
                for dr in range(1, rowspan):
                    pending[(r + dr, c + dc)] = cell
            c += colspan
        while (r, c) in pending:
            row.append(pending.pop((r, c)))
            c += 1
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [("", 0)] * (width - len(r)) for r in rows]


def _pipe(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def spans_repeated(path: Path) -> str:
    """Markdown as docling's ``export_to_markdown`` writes it: pipe tables in which a merged cell's text
    is repeated in every row and column it covers (Markdown has no spans; docling issues #238, #3830),
    the first row taken as the header, paragraphs a line each."""

    def table(element: lxml.html.HtmlElement) -> str:
        rows = [[text for text, _ in row] for row in grid(element)]
        return _pipe(rows[0], rows[1:]) if rows else ""

    return _blocks(path, table, headings=False)


_VALUE = re.compile(r"[-+＋]?[\d.,]+\s*(元|万元)?|[—–/无-]*")
"""A cell that holds a value, a mark for none, or nothing."""
_NUMBERED = re.compile(r"^[（(][一二三四五六七][）)]\s*")


def _own(row: list[tuple[str, int]], width: int) -> tuple[list[str], list[str]]:
    """A row's labels (outermost first) and its last ``width`` cells' texts, each merged cell once."""
    cells: list[str] = []
    seen: set[int] = set()
    for text, number in row:
        if number not in seen or not number:
            cells.append(text)
        seen.add(number)
    labels = [text for text in cells[:-width] if text and not _VALUE.fullmatch(text)]
    return labels, cells[-width:]


def pieces_md(bare: bool = False, generic: bool = False) -> Callable[[Path], str]:
    """Markdown as an LLM-based converter cut r043's tables: table 二 a pipe table per 第二十条 block
    under its heading; table 三 a small table per row under the row's own heading (``### （一）予以公开``,
    columns invented: 类别 | 数据1 … 数据6 | 总计), a group's numbered rows in one table under the group's
    heading, the applicant header as tables of ``-``; table 四 three tables of five under the headings
    行政复议, 行政诉讼（未经复议直接起诉）, 行政诉讼（复议后起诉）. ``bare``: table 三's invented header
    written over its first piece only, the later pieces' rows bare under their headings. ``generic``: a
    table 三 row alone in its piece is labelled ``数量``, named only by the heading above the piece."""
    invented = ["类别", *(f"数据{i}" for i in range(1, 7)), "总计"]
    headed: list[bool] = []

    def piece(body: list[list[str]]) -> str:
        if bare and headed:
            return "\n".join("| " + " | ".join(r) + " |" for r in body)
        headed.append(True)
        return _pipe(invented, body)

    def table_two(rows: list[list[tuple[str, int]]]) -> list[str]:
        out: list[str] = []
        header: list[str] = []
        body: list[list[str]] = []
        for row in rows:
            texts, seen = [], set()
            for text, number in row:
                if number not in seen:
                    texts.append(text)
                seen.add(number)
            if len({t for t in texts if t}) == 1 and texts[0].startswith("第二十条"):
                out += [_pipe(header, body)] if body else []
                out.append("### " + texts[0])
                header, body = [], []
            elif "信息内容" in texts:
                out += [_pipe(header, body)] if body else []
                header, body = texts, []
            else:
                body.append(texts + [""] * (len(header) - len(texts)))
        return out + ([_pipe(header, body)] if body else [])

    def table_three(rows: list[list[tuple[str, int]]]) -> list[str]:
        out = [f"### 申请人情况 ({who})\n" + _pipe(["(数据项目)", "数量"], [["-", "-"]]) for who in ("自然人", "总计")]
        group = top = ""
        body: list[list[str]] = []
        for row in rows:
            labels, values = _own(row, 7)
            if not labels or not all(_VALUE.fullmatch(v) for v in values):
                continue
            if len(labels) >= 2 and not labels[-2].startswith("三、"):
                if labels[-2] != group:
                    out += [piece(body)] if body else []
                    group, body = labels[-2], []
                    out.append("### " + group)
                body.append([labels[-1], *values])
                continue
            out += [piece(body)] if body else []
            group, body = "", []
            if len(labels) >= 2 and labels[-2] != top:
                top = labels[-2]
                out.append("### " + top)
            label = "数量" if generic else _NUMBERED.sub("", labels[-1])
            out += ["### " + labels[-1], piece([[label, *values]])]
        return out + ([piece(body)] if body else [])

    def table_four(rows: list[list[tuple[str, int]]]) -> list[str]:
        for row in rows:
            _, values = _own(row, 15)
            if len(values) == 15 and any(values) and all(_VALUE.fullmatch(v) for v in values):
                heads = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
                columns = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
                return [f"### {h}\n" + _pipe(columns, [values[5 * i : 5 * i + 5]]) for i, h in enumerate(heads)]
        return []

    def table(element: lxml.html.HtmlElement) -> str:
        rows = grid(element)
        words = element.text_content()
        if "申请人情况" in words:
            return "\n\n".join(table_three(rows))
        if "行政复议" in words and "行政诉讼" in words:
            return "\n\n".join(table_four(rows))
        if "信息内容" in words:
            return "\n\n".join(table_two(rows))
        return ""

    def shape(path: Path) -> str:
        headed.clear()
        return _blocks(path, table, headings=True)

    return shape
