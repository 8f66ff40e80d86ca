"""Generate the fixtures of text whose tables lost their cells: Markdown and layout text.

``fixtures/markdown/*.md`` are reports as PDF-to-Markdown converters write them, rendered
here from planted numbers (:func:`fixture_reports.report_values`), each with the truth
beside it:

- ``pipe_2021``, ``pipe_2019``: whole tables as pipe tables, the way docling or pandoc
  flatten a Word table: a merged cell's text in its first position, the positions it
  covered empty (label merges across and down, merged value cells of table 二 too); bold,
  ``<br>`` in header cells, links, an image, an HTML comment and an escaped pipe around.
- ``docling_2021``: pipe tables as docling writes them: a merged cell's text repeated in
  every position it covers (value cells of table 二 merged over three columns too).
- ``mineru_2021``: MinerU's shape: ``#`` headings and each table as one line of HTML with
  ``rowspan``/``colspan``.
- ``pieces_2019``: a converter that cut the tables into small ones under headings, with
  invented column headers (数据1 … 数据6), a placeholder table of dashes, ASCII and
  full-width brackets mixed (corpus r043's shape; its table 四 is kept whole here).
- ``pieces_blank_2021``: the same cut with every 0 printed blank (rows of blanks only) and
  table 四 as r043 prints it: three tables of five under their headings, one all blank.
- ``pieces_generic_2021``: the same cut with a table 三 row alone in its piece labelled
  ``数量``, the row named only by the heading above the piece.

``fixtures/layout/*.txt`` are ``pdftotext -layout`` of the PDF fixtures, made exactly as::

    pdftotext -layout fixtures/pdf/NAME.pdf fixtures/layout/NAME.txt

with NAME.truth.json copied from fixtures/pdf. Without pdftotext (poppler-utils) the
committed layout files are left as they are.

Run: ``python scripts/make_textshape_fixtures.py`` (or ``make fixtures``), then ``make golden``.
Markdown comes out byte for byte the same every run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from template_view import load

from fixture_reports import Values, report_values, write_truth

ROOT = Path(__file__).resolve().parents[1]
MARKDOWN = ROOT / "fixtures" / "markdown"
LAYOUT = ROOT / "fixtures" / "layout"
PDF = ROOT / "fixtures" / "pdf"
LAYOUT_CASES = ("ruled", "borderless", "split", "landscape", "browser")
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
PARTS = {
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
}
Row = list[str]


def fmt(value: int | float, col: str) -> str:
    """A value as publishers print it: signed changes, whole numbers without ``.0``."""
    if col == "items_change" and value:
        return f"{value:+d}" if isinstance(value, int) else f"{value:+}"
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


# -- the tables as rows of cell texts, merged cells written once, covered positions "" ----


def active_rows(values: Values, template: str) -> list[Row]:
    """Table 二 as one 4-column table: per block a caption row, a header row, its data rows."""
    rows: list[Row] = []
    for block in load().blocks(template):
        cols = list(block.columns)
        pad = [""] * (3 - len(cols))
        rows.append([block.caption, "", "", ""])
        rows.append(["信息内容", *block.columns.values(), *pad])
        for key, label in block.rows.items():
            rows.append([label, *(fmt(values["active_disclosure"][key][c], c) for c in cols), *pad])
    return rows


def application_rows(values: Values, template: str, br: str = "") -> list[Row]:
    """Table 三 with its three label columns: result group down the side, （X） group, item."""
    head = [
        [NOTE, "", "", "申请人情况", "", "", "", "", "", ""],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", *(br.join([p[:2], p[2:]]) if br and len(p) > 2 else p for p in PARTS.values()), ""],
    ]
    rows = head
    seen: set[str] = set()
    for spec in load().application_rows(template):
        cells = [fmt(v, c) for c, v in values["applications"][spec.key].items()]
        if spec.group:
            group = "" if spec.group in seen else spec.label.split(" ")[0]
            seen.add(spec.group)
            label = ["", group, f"{spec.number}.{spec.leaf}"]
        elif spec.key == "granted":
            label = ["三、本年度办理结果", f"{spec.marker}{spec.leaf}", ""]
        elif spec.marker and spec.marker.startswith("（"):
            label = ["", f"{spec.marker}{spec.leaf}", ""]
        else:
            label = [spec.label, "", ""]
        rows.append([*label, *cells])
    return rows


def review_rows(values: Values) -> list[Row]:
    """Table 四: the two header levels, the five result columns three times, one row of values."""
    heads = list(load().review_columns.values())
    data = [fmt(v, c) for group in values["reviews_litigation"].values() for c, v in group.items()]
    return [
        ["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""],
        ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        heads * 3,
        data,
    ]


def pipe_table(rows: list[Row]) -> str:
    """A GitHub pipe table (the first row is its header row)."""
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines) + "\n"


# -- MinerU: each table one line of HTML with its spans ---------------------------------


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


def html_table(rows: list[list[Cell]]) -> str:
    def td(c: Cell) -> str:
        span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
            f' colspan="{c.colspan}"' if c.colspan > 1 else ""
        )
        return f"<td{span}>{c.text}</td>"

    body = "".join("<tr>" + "".join(td(c) for c in r) + "</tr>" for r in rows)
    return f"<html><body><table>{body}</table></body></html>\n"


def repeated_table(rows: list[list[Cell]]) -> str:
    """A pipe table the way docling writes one: a merged cell's text in every position it covers."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid[(r + dr, c + dc)] = cell.text
            c += cell.colspan
    width = max(c for _, c in grid) + 1
    return pipe_table([[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))])


def active_html(values: Values, template: str) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for block in load().blocks(template):
        cols = list(block.columns)
        span = 4 - len(cols)  # the last column stretches over what the block does not use
        rows.append([Cell(block.caption, colspan=4)])
        heads = list(block.columns.values())
        rows.append([Cell("信息内容"), *(Cell(h) for h in heads[:-1]), Cell(heads[-1], colspan=span)])
        for key, label in block.rows.items():
            vals = [fmt(values["active_disclosure"][key][c], c) for c in cols]
            rows.append([Cell(label), *(Cell(v) for v in vals[:-1]), Cell(vals[-1], colspan=span)])
    return rows


def applications_html(values: Values, template: str) -> list[list[Cell]]:
    specs = load().application_rows(template)
    rows: list[list[Cell]] = [
        [Cell(NOTE, rowspan=3, colspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(p) for p in PARTS.values()],
    ]
    results = [s for s in specs if s.key not in ("new_received", "carried_over", "carried_forward")]
    groups: dict[str | None, int] = {}
    for s in specs:
        groups[s.group] = groups.get(s.group, 0) + 1
    started: set[str] = set()
    for spec in specs:
        cells = [Cell(fmt(v, c)) for c, v in values["applications"][spec.key].items()]
        label: list[Cell] = []
        if spec.key == "granted":
            label.append(Cell("三、本年度办理结果", rowspan=len(results)))
        if spec.group:
            if spec.group not in started:
                started.add(spec.group)
                label.append(Cell(spec.label.split(" ")[0], rowspan=groups[spec.group]))
            label.append(Cell(f"{spec.number}.{spec.leaf}"))
        elif spec in results:
            label.append(Cell(f"{spec.marker}{spec.leaf}", colspan=2))
        else:
            label.append(Cell(spec.label, colspan=3))
        rows.append([*label, *cells])
    return rows


def reviews_html(values: Values) -> list[list[Cell]]:
    heads = [Cell(h) for h in load().review_columns.values()]
    data = [Cell(fmt(v, c)) for group in values["reviews_litigation"].values() for c, v in group.items()]
    return [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [*(Cell(h.text, rowspan=2) for h in heads), Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        heads * 2,
        data,
    ]


# -- pieces: a converter that cut each table into small ones (corpus r043) ---------------


def pieces(values: Values, template: str, blank_zeros: bool = False, generic: bool = False) -> str:
    """``blank_zeros``: every 0 printed as an empty cell (as publishers who leave them blank), and
    table 四 cut into its three groups, each a table of five under its own heading (as r043).
    ``generic``: a table 三 row alone in its piece labelled ``数量``, named only by its heading."""

    def cell(value: int | float, col: str) -> str:
        return "" if blank_zeros and value == 0 else fmt(value, col)

    out = ["## 二、主动公开政府信息情况\n"]
    for block in load().blocks(template):
        cols = list(block.columns)
        out.append(f"### {block.caption}\n")
        rows = [["信息内容", *block.columns.values()]]
        rows += [
            [label, *(cell(values["active_disclosure"][k][c], c) for c in cols)] for k, label in block.rows.items()
        ]
        out.append(pipe_table(rows))
    out.append("## 三、收到和处理政府信息公开申请情况\n")
    out.append(NOTE.replace("（", "(").replace("）", ")").replace("，", ",") + "\n")
    out.append("### 申请人情况 (自然人)\n")
    out.append(pipe_table([["(数据项目)", "数量"], ["-", "-"]]))
    invented = ["类别", *(f"数据{n}" for n in range(1, 7)), "总计"]
    section: list[Row] = []
    title = ""
    for spec in load().application_rows(template):
        cells = [cell(v, c) for c, v in values["applications"][spec.key].items()]
        heading = spec.label.split(" ")[0] if spec.group else spec.label.replace("三、本年度办理结果", "")
        heading = heading.replace("（", "(", 1).replace("）", ") ", 1)
        if heading != title:
            if section:
                out.append(pipe_table([invented, *section]))
            if spec.key == "granted":
                out.append("### 三、本年度办理结果\n")
            out.append(f"### {heading}\n")
            title, section = heading, []
        if spec.group:
            label = f"{spec.number}. {spec.leaf}"
        elif generic:
            label = "数量"
        elif spec.key in ("new_received", "carried_over", "granted", "partially_granted"):
            label = spec.leaf
        else:
            label = spec.label
        section.append([label, *cells])
    out.append(pipe_table([invented, *section]))
    out.append("## 四、政府信息公开行政复议、行政诉讼情况\n")
    if not blank_zeros:
        out.append(pipe_table(review_rows(values)))
        return "\n".join(out)
    heads = list(load().review_columns.values())
    for cells, title in zip(values["reviews_litigation"].values(), REVIEW_PIECES, strict=True):
        out += [f"### {title}\n", pipe_table([heads, [cell(v, c) for c, v in cells.items()]])]
    return "\n".join(out)


REVIEW_PIECES = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")


# -- shredded: markitdown's PDF reader (a pipe table per printed row, labels as text) ----


def _pairs(cells: Row, odd: bool) -> Row:
    """A row's values with neighbours run into one cell, as a converter that missed a column rule
    writes them (``64 | 0 0 | 2 0 | 4 70``); two pairings, as the rows of one table differ."""
    if odd:
        return [cells[0], f"{cells[1]} {cells[2]}", f"{cells[3]} {cells[4]}", f"{cells[5]} {cells[6]}"]
    return [f"{cells[0]} {cells[1]}", f"{cells[2]} {cells[3]}", cells[4], f"{cells[5]} {cells[6]}"]


def _one_row(row: Row) -> str:
    """A single printed row as its own pipe table: the row is the header, a rule under it."""
    return "| " + " | ".join(row) + " |\n|" + " --- |" * len(row) + "\n"


def shredded(values: Values, template: str) -> str:
    """Tables 三 and 四 as markitdown 0.1 reads a PDF of them: each row a one-row pipe table whose
    cells pair neighbouring values, a wrapped label's lines as text above and below it, the group
    labels down the side a few characters per line; table 四's header one character per cell."""
    out = ["三、收到和处理政府信息公开申请情况", "申请人情况", NOTE[:10], "| | 自然人 | 法人或其他组织 | | |"]
    out += ["| --- | --- | --- | --- | --- |", NOTE[10:20], "商业 科研 社会 法律服务 总计", NOTE[20:], ""]
    side = iter(["三、本", "年度办", "理结果"])
    results = False
    for n, spec in enumerate(load().application_rows(template)):
        results = results or spec.key == "granted"
        cells = [fmt(v, c) for c, v in values["applications"][spec.key].items()]
        label = f"{spec.number}.{spec.leaf}" if spec.group else spec.label.split(" ")[-1]
        head, tail = label[:5], label[5:]
        if n % 3 == 2:  # the label's first words in the table's first cell
            out.append(_one_row([head, *_pairs(cells, odd=False)]))
        else:
            out += [head, _one_row(["", next(side, "") if results else "", *_pairs(cells, odd=n % 2 == 1)])]
        if tail:
            out.append(tail)
        if spec.group and spec.number == 1:
            out.append(spec.label.split(" ")[0][:3])  # （三）不予公开 down the side: （三 / …
    out += ["", "四、政府信息公开行政复议、行政诉讼情况", ""]
    heads = list(load().review_columns.values())
    out.append(_one_row(["行政复议", "", "", "", "", "行政诉讼", "", "", ""]).rstrip("\n"))
    out.append("| " + " | ".join(h[:1] for h in heads[:4]) + " | | | | | |")
    out.append("| " + " | ".join(h[1:2] for h in heads[:4]) + " | | | | | |")
    data = [fmt(v, c) for group in values["reviews_litigation"].values() for c, v in group.items()]
    merged = [f"{data[i]} {data[i + 1]}" if i % 3 == 0 else data[i] for i in range(0, 15) if i % 3 != 1]
    out.append("| " + " | ".join(merged) + " |")
    return "\n".join(out) + "\n"


def render_shredded(case: Case, values: Values) -> str:
    """markitdown's whole report: plain lines for headings, table 二 in one pipe table per block."""
    out = [intro(case, extras=False).replace("## ", "").replace("# ", ""), "二、主动公开政府信息情况\n"]
    for block in load().blocks(case.template):
        cols = list(block.columns)
        out.append(block.caption)
        rows = [["信息内容", *block.columns.values()]]
        rows += [[label, *(fmt(values["active_disclosure"][k][c], c) for c in cols)] for k, label in block.rows.items()]
        out.append(pipe_table(rows))
    out.append(shredded(values, case.template))
    out.append(outro().replace("## ", ""))
    return "\n".join(out)


# -- documents --------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    template: str
    year: int
    agency: str
    seed: int
    render: Callable[[Case, Values], str]
    notes: list[str]
    quiet: tuple[str, ...] = ()
    """Table 四 groups with no case that year: their five cells 0."""

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"


def intro(case: Case, extras: bool) -> str:
    lines = [
        f"# {case.title}\n",
        f"本报告依据《中华人民共和国政府信息公开条例》编制，数据统计期限为{case.year}年1月1日至12月31日。\n",
        "## 一、总体情况\n",
    ]
    if extras:
        lines += [
            "<!-- page 1 -->",
            f"{case.year}年，本机关**认真落实**政府信息公开各项工作，详见[门户网站](https://www.example.gov.cn/)。\n",
            "![二维码](images/qrcode.png)\n",
            "| 渠道 | 发布条数 |",
            "|---|---|",
            "| 网站 \\| 微信 | 120 |\n",
        ]
    else:
        lines.append(f"{case.year}年，本机关认真落实政府信息公开各项工作。\n")
    return "\n".join(lines)


def outro() -> str:
    return "\n".join(
        [
            "## 五、存在的主要问题及改进情况\n",
            "政策解读形式还不够丰富。下一步将加强培训。\n",
            "## 六、其他需要报告的事项\n",
            "本年度未收取信息处理费。\n",
        ]
    )


def render_pipe(case: Case, values: Values) -> str:
    return "\n".join(
        [
            intro(case, extras=True),
            "## 二、主动公开政府信息情况\n",
            pipe_table(active_rows(values, case.template)),
            "## 三、收到和处理政府信息公开申请情况\n",
            pipe_table(application_rows(values, case.template, br="<br>")).replace(
                "| （七）总计 |", "| **（七）总计** |"
            ),
            "## 四、政府信息公开行政复议、行政诉讼情况\n",
            pipe_table(review_rows(values)),
            outro(),
        ]
    )


def render_mineru(case: Case, values: Values) -> str:
    return "\n".join(
        [
            intro(case, extras=False),
            "# 二、主动公开政府信息情况\n",
            html_table(active_html(values, case.template)),
            "# 三、收到和处理政府信息公开申请情况\n",
            html_table(applications_html(values, case.template)),
            "# 四、政府信息公开行政复议、行政诉讼情况\n",
            html_table(reviews_html(values)),
            outro(),
        ]
    )


def render_docling(case: Case, values: Values) -> str:
    return "\n".join(
        [
            intro(case, extras=False),
            "## 二、主动公开政府信息情况\n",
            repeated_table(active_html(values, case.template)),
            "## 三、收到和处理政府信息公开申请情况\n",
            repeated_table(applications_html(values, case.template)),
            "## 四、政府信息公开行政复议、行政诉讼情况\n",
            repeated_table(reviews_html(values)),
            outro(),
        ]
    )


def render_pieces(case: Case, values: Values) -> str:
    return "\n".join([intro(case, extras=False), pieces(values, case.template), outro()])


def render_pieces_blank(case: Case, values: Values) -> str:
    return "\n".join([intro(case, extras=False), pieces(values, case.template, blank_zeros=True), outro()])


def render_pieces_generic(case: Case, values: Values) -> str:
    return "\n".join([intro(case, extras=False), pieces(values, case.template, generic=True), outro()])


CASES = [
    Case("pipe_2021", "2021", 2022, "某某市某某局", 31, render_pipe, ["pipe tables, merged cells printed once"]),
    Case("pipe_2019", "2019", 2020, "某某县某某局", 32, render_pipe, ["pipe tables, 2019 edition"]),
    Case("mineru_2021", "2021", 2023, "某某区人民政府", 33, render_mineru, ["tables as HTML lines with spans"]),
    Case(
        "docling_2021",
        "2021",
        2024,
        "某某街道办事处",
        35,
        render_docling,
        ["pipe tables repeating a merged cell's text in every position it covers"],
    ),
    Case(
        "pieces_2019",
        "2019",
        2019,
        "某某镇人民政府",
        34,
        render_pieces,
        ["tables cut into small ones with invented headers, as corpus r043"],
    ),
    Case(
        "pieces_blank_2021",
        "2021",
        2025,
        "某某县某某局",
        37,
        render_pieces_blank,
        [
            "r043's pieces with every 0 printed blank (as r004's publisher): rows of blanks only, and table 四"
            " as three tables of five under their headings, one of them all blank"
        ],
        quiet=("litigation_after_review",),
    ),
    Case(
        "pieces_generic_2021",
        "2021",
        2023,
        "某某乡人民政府",
        38,
        render_pieces_generic,
        [
            "r043's pieces with each lone table 三 row labelled 数量 by the converter, named only by the"
            " heading above its piece"
        ],
    ),
    Case(
        "shredded_2021",
        "2021",
        2022,
        "某某县某某局",
        36,
        render_shredded,
        [
            "markitdown 0.1's PDF shape: tables 三 and 四 a one-row pipe table per printed row, two values run"
            " into one cell, wrapped labels as text between; read in the order printed, with values_in_order"
        ],
    ),
]


def layout_fixtures() -> None:
    """``pdftotext -layout`` of the PDF fixtures, their truth copied beside them."""
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) not found: layout fixtures left as committed")
        return
    LAYOUT.mkdir(parents=True, exist_ok=True)
    for name in LAYOUT_CASES:
        target = LAYOUT / f"{name}.txt"
        subprocess.run(["pdftotext", "-layout", str(PDF / f"{name}.pdf"), str(target)], check=True)
        truth = json.loads((PDF / f"{name}.truth.json").read_text("utf-8"))
        truth["notes"] = [f"pdftotext -layout fixtures/pdf/{name}.pdf", *truth["notes"]]
        (LAYOUT / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    MARKDOWN.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        values = report_values(case.template, case.seed)
        for group in case.quiet:
            values["reviews_litigation"][group] = dict.fromkeys(values["reviews_litigation"][group], 0)
        (MARKDOWN / f"{case.name}.md").write_text(case.render(case, values), "utf-8")
        write_truth(
            MARKDOWN / f"{case.name}.truth.json",
            case.title,
            case.agency,
            case.year,
            case.template,
            values,
            [],
            case.notes,
        )
        print(f"wrote {(MARKDOWN / case.name).relative_to(ROOT)}.md")
    layout_fixtures()


if __name__ == "__main__":
    main()
