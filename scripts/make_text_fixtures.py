"""Generate the text fixtures in fixtures/text/ (seed shape, pasted tab rows, GBK, glued).

Run: ``python scripts/make_text_fixtures.py`` (or ``make fixtures``), then ``make golden``.
Each ``<name>.txt`` gets ``<name>.truth.json`` with the numbers planted; the golden
``<name>.expected.json`` is the tool's own output, reviewed and committed.
"""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from template_view import load

from fixture_reports import Values, report_values, write_truth

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "text"
Cells = list[str]


@dataclass
class Variant:
    """How one fixture prints the same kind of report."""

    name: str
    template: str
    year: int
    agency: str
    seed: int
    zero: str = "0"
    single_other: bool = False
    drift: bool = False
    error: bool = False
    tsv: bool = False
    glued_active: bool = False
    flow: bool = False
    encoding: str = "utf-8"
    yuan_as_wan: bool = False
    notes: list[str] = field(default_factory=list)


DRIFT = {
    "2.其他法律行政法规禁止公开": "2.其他法律行政止公开",
    "4.无正当理由大量反复申请": "4、无正当理由大量反复 申请",
    "（七）总计": "（七）总 计",
    "规章": "规 章",
    "3.危及“三安全一稳定”": '3．危及"三安全一稳定"',
}


def fmt(value: int | float, col: str, v: Variant) -> str:
    """A value as the publisher of this variant prints it."""
    if col == "items_change" and value:
        return f"+{value}" if value > 0 else f"{value}"
    if col == "amount_yuan" and value:
        return f"{value / 10000}万元" if v.yuan_as_wan else f"{value}元"
    if value == 0:
        return v.zero
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


def table_active(values: Values, v: Variant) -> list[Cells]:
    rows: list[Cells] = []
    for block in load().blocks(v.template):
        rows.append([block.caption])
        rows.append(["信息内容", *block.columns.values()])
        for row, label in block.rows.items():
            label = DRIFT.get(label, label) if v.drift else label
            rows.append([label, *(fmt(values["active_disclosure"][row][c], c, v) for c in block.columns)])
    return rows


def table_applications(values: Values, v: Variant) -> list[Cells]:
    tpl = load()
    rows: list[Cells] = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        ["", "自然人", "法人或其他组织", "总计"],
        ["", "", "商业\n企业", "科研\n机构", "社会\n公益\n组织", "法律\n服务\n机构", "其他", ""],
    ]
    apps = values["applications"]
    seen_groups: set[str] = set()
    specs = {r.key: r for t in ("2021", "2019") for r in tpl.application_rows(t)}
    for key, cols in apps.items():
        vals = [fmt(x, c, v) for c, x in cols.items()]
        if key == "other":
            label: Cells = ["", "（六）其他处理"]
        else:
            spec = specs[key]
            text = f"{spec.number}.{spec.leaf}" if spec.number else spec.leaf
            if spec.marker and spec.marker.endswith("、"):
                label = [spec.label]
            elif key == "granted":
                label = ["三、本年度办理结果", "（一）予以公开"]
            elif spec.marker:
                label = ["", f"{spec.marker}{text}"]
            else:
                group = spec.label.split(" ")[0]
                label = ["", "" if spec.group in seen_groups else group, text]
                seen_groups.add(spec.group or "")
        if v.drift:
            label = [DRIFT.get(x, x) for x in label]
        rows.append([*label, *vals])
    return rows


def table_reviews(values: Values, v: Variant) -> list[Cells]:
    heads = ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总\n计"]
    data = [fmt(x, c, v) for g in values["reviews_litigation"].values() for c, x in g.items()]
    return [
        ["行政复议", "行政诉讼"],
        [*heads, "未经复议直接起诉", "复议后起诉"],
        ["", "", "", "", "", *heads, *heads],
        data,
    ]


def render_table(rows: list[Cells], v: Variant) -> str:
    if v.tsv:
        return "\n".join("\t".join(c.replace("\n", "") for c in row) for row in rows) + "\n\n"
    return "\n\n".join("\n".join(f"\t{c}" for c in row) for row in rows) + "\n\n\n"


def glued(rows: list[Cells]) -> str:
    """Table text as a web page's plain-text dump prints it: cells run together."""
    return "\n".join("".join(c.replace("\n", "") for c in row) for row in rows) + "\n"


def lines_of(cells: Cells) -> list[str]:
    """A row's non-empty cells, a line for each line of their text."""
    return [part for c in cells for part in c.split("\n") if part]


def flowed(rows: list[Cells], header: int, width: int, lead: int = 3) -> str:
    """A table as plain ``pdftotext`` (no ``-layout``) prints a LibreOffice page of it: the header's
    words a line each, the labels of the first ``lead`` rows, then every row's numbers one per line
    in row order (``width`` to a row), then the other rows' labels (corpus r016's flow)."""
    body = rows[header:]
    labels = [lines_of(r[:-width]) for r in body]
    numbers = [n for r in body for n in r[-width:]]
    out = [*(p for r in rows[:header] for p in lines_of(r)), *(p for ls in labels[:lead] for p in ls), *numbers]
    out += [p for ls in labels[lead:] for p in ls]
    return "\n".join(out) + "\n"


def render(v: Variant, values: Values) -> str:
    title = f"{v.agency}{v.year}年政府信息公开工作年度报告"
    intro = (
        f"本报告依据《中华人民共和国政府信息公开条例》要求编制。本报告中使用数据统计期限为{v.year}年1月1日至12月31日。"
    )
    active = table_active(values, v)
    if v.flow:
        return render_flow(v, values, title, intro, active)
    parts = [
        f"\n{title}\n\n{intro}\n一、总体情况\n{v.year}年，本机关认真落实政府信息公开各项工作。\n",
        "二、主动公开政府信息情况\n",
        glued(active) if v.glued_active else render_table(active, v),
        "三、收到和处理政府信息公开申请情况\n",
        render_table(table_applications(values, v), v),
        "四、政府信息公开行政复议、行政诉讼情况\n",
        render_table(table_reviews(values, v), v),
        "五、存在的主要问题及改进情况\n政策解读形式还不够丰富。下一步将加强培训。\n",
        "六、其他需要报告的事项\n本年度未收取信息处理费。\n",
    ]
    return "".join(parts)


def render_flow(v: Variant, values: Values, title: str, intro: str, active: list[Cells]) -> str:
    """The report as plain ``pdftotext`` gives it: a line per cell, table 三's numbers apart from its labels."""
    return "".join(
        [
            f"{title}\n{intro}\n一、总体情况\n{v.year}年，本机关认真落实政府信息公开各项工作。\n",
            "二、主动公开政府信息情况\n",
            "\n".join(p for row in active for p in lines_of(row)) + "\n",
            "三、收到和处理政府信息公开申请情况\n",
            flowed(table_applications(values, v), header=3, width=7),
            "四、政府信息公开行政复议、行政诉讼情况\n",
            flowed(table_reviews(values, v), header=3, width=15, lead=0),
            "五、存在的主要问题及改进情况\n政策解读形式还不够丰富。下一步将加强培训。\n",
            "六、其他需要报告的事项\n本年度未收取信息处理费。\n",
        ]
    )


def plant_error(values: Values) -> list[str]:
    """Break 一、本年新收 总计 by one, as a publisher's typo would."""
    cell = values["applications"]["new_received"]
    cell["total"] += 1
    return [
        "applications.new_received.total != sum of the applicant columns (planted: +1)",
        "applications.balance fails for the total column (planted: +1 on 一、本年新收 总计)",
    ]


VARIANTS: list[Variant] = [
    Variant("seed_like_2019", "2019", 2020, "某某县", 11, zero="", notes=["seed shape; zeros printed blank"]),
    Variant("official_2021", "2021", 2022, "某某市某某局", 12, notes=["2021 template; zeros printed 0"]),
    Variant(
        "dashes_2021", "2021", 2023, "某某区人民政府", 13, zero="—", yuan_as_wan=True, notes=["zeros printed as —"]
    ),
    Variant(
        "label_drift_2019",
        "2019",
        2019,
        "某某县某某局",
        14,
        drift=True,
        yuan_as_wan=True,
        notes=["label typos and stray spaces (template.md §6.1); amount printed in 万元"],
    ),
    Variant(
        "mixed_2021",
        "2021",
        2024,
        "某某市人民政府",
        15,
        single_other=True,
        notes=["2021 tables but table 三 prints the single 2019 row （六）其他处理 (key other)"],
    ),
    Variant(
        "arith_error_2021",
        "2021",
        2021,
        "某某县人民政府办公室",
        16,
        error=True,
        notes=["一、本年新收 总计 printed one too high"],
    ),
    Variant(
        "pasted_tsv_2021",
        "2021",
        2022,
        "某某乡人民政府",
        17,
        tsv=True,
        notes=["tables pasted from Word: one row per line, cells separated by tabs"],
    ),
    Variant("gbk_2019", "2019", 2020, "某某街道办事处", 18, encoding="gb18030", notes=["GB18030-encoded text"]),
    Variant(
        "glued_2021",
        "2021",
        2023,
        "某某镇人民政府",
        19,
        glued_active=True,
        notes=[
            "table 二 printed with its cells glued together (规章2208042): a row whose digits split only one way is"
            " read; one that splits several ways (table 二 has no sums) must be null with segmentation_ambiguous"
        ],
    ),
    Variant(
        "flowed_2021",
        "2021",
        2023,
        "某某区某某局",
        20,
        flow=True,
        notes=[
            "plain pdftotext's flow (no -layout): a line per cell; table 三's numbers one per line after the first"
            " three labels, in row order, the other labels after them; table 四's numbers after its header"
        ],
    ),
]


def build(v: Variant) -> None:
    values = report_values(v.template, v.seed, v.single_other)
    truth = copy.deepcopy(values)
    errors = plant_error(values) if v.error else []
    if v.error:
        truth = copy.deepcopy(values)
    text = render(v, values)
    (OUT / f"{v.name}.txt").write_bytes(text.encode(v.encoding))
    title = f"{v.agency}{v.year}年政府信息公开工作年度报告"
    write_truth(OUT / f"{v.name}.truth.json", title, v.agency, v.year, v.template, truth, errors, v.notes)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for v in VARIANTS:
        build(v)
        print(f"wrote {OUT / v.name}.txt")


if __name__ == "__main__":
    main()
