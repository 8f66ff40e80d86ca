"""Generate the HTML test reports in ``fixtures/html/`` with a truth file beside each.

Why generated rather than collected: each fixture plants one difficulty the HTML reader
must survive (a split table, a GBK page, a layout table around the content, a colspan
that does not match its header …) on top of numbers we know exactly, so the truth files
are right by construction. The tables follow the official layouts with the rowspan and
colspan of ../shared/spec/template.md §2–4; the variants copy quirks seen in the corpus
(§6, r004's table 二 colspans, r018's 自然人 colspan=2).

Run: ``python scripts/make_html_fixtures.py`` (deterministic: same bytes every run).
The truth format is the corpus one: title, agency, year, template,
tables{table:{row:{col:value}}}, known_errors, notes.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from template_view import load

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "html"
KEYS = load().keys_json()

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
LEGAL_COLS = APPLICANT_COLS[1:6]
REVIEW_ROWS = ["administrative_review", "litigation_direct", "litigation_after_review"]
REVIEW_COLS = ["upheld", "corrected", "other", "pending", "total"]
RESULT_HEAD = "三、本年度办理结果"

# Table 三 data rows below the header: (key, group label or None, own label). The group
# label is the vertically merged cell in column 2 (（三）…（六）); rows without a group
# span columns 2–3.
DENIED = [
    ("denied.state_secret", "1.属于国家秘密"),
    ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("denied.security_stability", "3.危及“三安全一稳定”"),
    ("denied.third_party_rights", "4.保护第三方合法权益"),
    ("denied.internal_affairs", "5.属于三类内部事务信息"),
    ("denied.process_info", "6.属于四类过程性信息"),
    ("denied.enforcement_files", "7.属于行政执法案卷"),
    ("denied.administrative_query", "8.属于行政查询事项"),
]
UNABLE = [
    ("unable.not_held", "1.本机关不掌握相关政府信息"),
    ("unable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unable.unclear_after_correction", "3.补正后申请内容仍不明确"),
]
NOT_PROCESSED = [
    ("not_processed.petition_complaint", "1.信访举报投诉类申请"),
    ("not_processed.duplicate", "2.重复申请"),
    ("not_processed.publication", "3.要求提供公开出版物"),
    ("not_processed.abusive", "4.无正当理由大量反复申请"),
    ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
]
OTHER_2021 = [
    ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "3.其他"),
]


def result_rows(single_other: bool) -> list[tuple[str, str | None, str]]:
    """The result rows of table 三, （一） to （七）, as (key, group, label)."""
    rows: list[tuple[str, str | None, str]] = [
        ("granted", None, "（一）予以公开"),
        ("partially_granted", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ]
    rows += [(k, "（三）不予公开", label) for k, label in DENIED]
    rows += [(k, "（四）无法提供", label) for k, label in UNABLE]
    rows += [(k, "（五）不予处理", label) for k, label in NOT_PROCESSED]
    if single_other:
        rows.append(("other", None, "（六）其他处理"))
    else:
        rows += [(k, "（六）其他处理", label) for k, label in OTHER_2021]
    rows.append(("total_processed", None, "（七）总计"))
    return rows


Values = dict[str, dict[str, float]]


@dataclass
class Report:
    """Planted numbers plus the printed form of the cells that are not plain integers."""

    template: str
    active: Values
    applications: Values
    reviews: Values
    printed: dict[str, str] = field(default_factory=dict)
    """``table.row.col`` → text printed instead of the number (``+3``, ``251000元``, ``&nbsp;``)."""
    known_errors: list[str] = field(default_factory=list)

    def text(self, table: str, row: str, col: str) -> str:
        key = f"{table}.{row}.{col}"
        if key in self.printed:
            return self.printed[key]
        value = {"active_disclosure": self.active, "applications": self.applications}.get(table, self.reviews)[row][col]
        return f"{value:g}" if isinstance(value, float) else str(value)


def make_report(seed: int, template: str, single_other: bool = False) -> Report:
    """Consistent tables: every arithmetic rule of template.md §5 holds.

    ``single_other`` keeps the 2019 single （六）其他处理 row in a 2021 report (a mixed one).
    """
    rng = random.Random(seed)
    single_other = single_other or template == "2019"
    result_keys = [k for k, _, _ in result_rows(single_other) if k != "total_processed"]
    apps: Values = {}
    for key in result_keys:
        row = {c: 0 for c in APPLICANT_COLS}
        if rng.random() < 0.6:
            row["natural_person"] = rng.randint(1, 40)
        if rng.random() < 0.25:
            row["commercial"] = rng.randint(1, 6)
        if rng.random() < 0.1:
            row[rng.choice(LEGAL_COLS[1:])] = rng.randint(1, 3)
        row["total"] = sum(row[c] for c in APPLICANT_COLS[:6])
        apps[key] = row
    processed = {c: sum(apps[k][c] for k in result_keys) for c in APPLICANT_COLS}
    forward = {c: 0 for c in APPLICANT_COLS}
    forward["natural_person"] = rng.randint(0, 5)
    forward["total"] = forward["natural_person"]
    over = {c: 0 for c in APPLICANT_COLS}
    over["natural_person"] = rng.randint(0, min(3, processed["natural_person"]))
    over["total"] = over["natural_person"]
    new = {c: processed[c] + forward[c] - over[c] for c in APPLICANT_COLS}
    applications: Values = {"new_received": new, "carried_over": over, **apps}
    applications["total_processed"] = processed
    applications["carried_forward"] = forward

    reviews: Values = {}
    for row_key in REVIEW_ROWS:
        parts = [rng.choice([0, 0, 1, 2, 5]) for _ in range(4)]
        reviews[row_key] = dict(zip(REVIEW_COLS, [*parts, sum(parts)], strict=True))

    printed: dict[str, str] = {}
    if template == "2019":
        active: Values = {
            "rules": {"made": 0, "published": 0, "total_published": rng.randint(0, 5)},
            "normative_documents": {
                "made": (m := rng.randint(1, 20)),
                "published": m,
                "total_published": rng.randint(20, 200),
            },
        }
        for row_key in ("licensing", "other_services", "punishment", "enforcement"):
            change = rng.randint(-8, 8)
            active[row_key] = {
                "items_last_year": rng.randint(10, 300),
                "items_change": change,
                "decisions": rng.randint(0, 3000),
            }
            printed[f"active_disclosure.{row_key}.items_change"] = f"+{change}" if change > 0 else str(change)
        active["fees"] = {"items_last_year": rng.randint(0, 9), "items_change": 0}
        yuan = rng.randint(10, 900) * 1000
        active["procurement"] = {"projects": rng.randint(1, 30), "amount_yuan": yuan}
        printed["active_disclosure.procurement.amount_yuan"] = f"{yuan}元"
    else:
        active = {
            "rules": {"issued": 0, "repealed": 0, "in_force": rng.randint(0, 6)},
            "normative_documents": {
                "issued": rng.randint(1, 20),
                "repealed": rng.randint(0, 5),
                "in_force": rng.randint(20, 300),
            },
            "licensing": {"decisions": rng.randint(0, 5000)},
            "punishment": {"decisions": rng.randint(0, 2000)},
            "enforcement": {"decisions": rng.randint(0, 50)},
            "fees": {"amount_wan_yuan": rng.randint(0, 99999) / 100},
        }
    return Report(template, active, applications, reviews, printed)


# -- rendering --------------------------------------------------------------------------


def td(text: str, rowspan: int = 1, colspan: int = 1, extra: str = "") -> str:
    """One cell, spans only when they differ from 1 (as Word and TRS export them)."""
    attrs = (f' rowspan="{rowspan}"' if rowspan != 1 else "") + (f' colspan="{colspan}"' if colspan != 1 else "")
    return f"<td{attrs}{extra}><p>{text}</p></td>"


def tr(cells: list[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>\n"


def table(rows: list[str], attrs: str = ' border="1" cellspacing="0"') -> str:
    return f"<table{attrs}><tbody>\n" + "".join(rows) + "</tbody></table>\n"


@dataclass
class Style:
    """Which quirks a fixture plants; defaults print the official layout."""

    t2_per_block: bool = False
    split_t3: bool = False
    odd_spans: bool = False
    blank_legal_zeros: bool = False


def blocks_2019() -> list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]]:
    """Table 二 blocks from keys.json: (caption, [(col key, header)], [(row key, label)])."""
    return [
        (g["label"], list(g["columns"].items()), list(g["rows"].items()))
        for g in KEYS["tables"]["active_disclosure"]["groups"]["2019"]
    ]


def blocks_2021() -> list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]]:
    return [
        (g["label"], list(g["columns"].items()), list(g["rows"].items()))
        for g in KEYS["tables"]["active_disclosure"]["groups"]["2021"]
    ]


def render_t2(rep: Report, style: Style) -> str:
    """Table 二: 4 grid columns (label + 3); a block with fewer value columns widens its last.

    With ``odd_spans`` the 2019 （五）（六） blocks copy r004: the header is
    [信息内容 | 上一年项目数量 | 本年增/减 (colspan 2) | 处理决定数量] while each data row
    is [label | value (colspan 2) | value | value] — values line up by order, not by column.
    """
    blocks = blocks_2019() if rep.template == "2019" else blocks_2021()
    width = 5 if style.odd_spans else 4
    tables: list[list[str]] = [[]]
    for caption, cols, rows in blocks:
        if style.t2_per_block and tables[-1]:
            tables.append([])
        out = tables[-1]
        out.append(tr([td(caption, colspan=width)]))
        skew = style.odd_spans and len(cols) == 3 and caption.endswith(("（五）项", "（六）项"))
        if skew:
            out.append(tr([td("信息内容"), td(cols[0][1]), td(cols[1][1], colspan=2), td(cols[2][1])]))
        else:
            spans = _spread(len(cols), width - 1)
            out.append(tr([td("信息内容")] + [td(h, colspan=s) for (_, h), s in zip(cols, spans, strict=True)]))
        for row_key, label in rows:
            texts = [rep.text("active_disclosure", row_key, c) for c, _ in cols]
            if skew:
                out.append(tr([td(label), td(texts[0], colspan=2), td(texts[1]), td(texts[2])]))
            else:
                spans = _spread(len(cols), width - 1)
                out.append(tr([td(label)] + [td(t, colspan=s) for t, s in zip(texts, spans, strict=True)]))
    return "".join(table(rows) for rows in tables)


def _spread(n: int, width: int) -> list[int]:
    """Colspans for ``n`` cells over ``width`` columns: all 1 except a wider last cell."""
    return [1] * (n - 1) + [width - n + 1]


def render_t3(rep: Report, style: Style) -> str:
    """Table 三 with the official spans; ``split_t3`` ends the first table after （三）.

    The second part repeats the group label 三、本年度办理结果 (template.md §6.1, Pingtan).
    ``odd_spans`` copies r018: 自然人 is a colspan=2 header over an empty sub-header cell,
    and in data rows 商业企业 takes colspan=2.
    """
    results = result_rows("other" in rep.applications)
    head_width = 8 if style.odd_spans else 7
    header = [
        tr([td(NOTE, rowspan=3, colspan=3), td("申请人情况", colspan=head_width)]),
    ]
    if style.odd_spans:
        header.append(tr([td("自然人", colspan=2), td("法人或其他组织", colspan=5), td("总计", rowspan=2)]))
        header.append(
            tr(
                [td("&nbsp;"), td("商业企业", colspan=2)]
                + [td(h) for h in ("科研机构", "社会公益组织", "法律服务机构", "其他")]
            )
        )
    else:
        header.append(tr([td("自然人", rowspan=2), td("法人或其他组织", colspan=5), td("总计", rowspan=2)]))
        header.append(tr([td(h) for h in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]))

    def values(row_key: str) -> list[str]:
        out = []
        for c in APPLICANT_COLS:
            text = rep.text("applications", row_key, c)
            if style.blank_legal_zeros and c in LEGAL_COLS and text == "0":
                text = "&nbsp;"
            out.append(td(text, colspan=2 if (style.odd_spans and c == "commercial") else 1))
        return out

    split_at = next(i for i, (_, g, _) in enumerate(results) if g == "（四）无法提供") if style.split_t3 else None
    parts: list[list[tuple[str, str | None, str]]] = (
        [results[:split_at], results[split_at:]] if split_at is not None else [results]
    )
    tables: list[list[str]] = []
    for n, part in enumerate(parts):
        rows: list[str] = list(header) if n == 0 else []
        if n == 0:
            rows.append(tr([td("一、本年新收政府信息公开申请数量", colspan=3), *values("new_received")]))
            rows.append(tr([td("二、上年结转政府信息公开申请数量", colspan=3), *values("carried_over")]))
        seen_group: set[str] = set()
        for i, (row_key, group, label) in enumerate(part):
            cells: list[str] = []
            if i == 0:
                cells.append(td(RESULT_HEAD, rowspan=len(part)))
            if group is None:
                cells.append(td(label, colspan=2))
            else:
                if group not in seen_group:
                    seen_group.add(group)
                    cells.append(td(group, rowspan=sum(1 for _, g, _ in part if g == group)))
                cells.append(td(label))
            rows.append(tr(cells + values(row_key)))
        if n == len(parts) - 1:
            rows.append(tr([td("四、结转下年度继续办理", colspan=3), *values("carried_forward")]))
        tables.append(rows)
    return "".join(table(rows) for rows in tables)


def render_t4(rep: Report) -> str:
    """Table 四: two header rows over fifteen unlabeled values (template.md §4)."""
    rows = [
        tr([td("行政复议", colspan=5), td("行政诉讼", colspan=10)]),
        tr(
            [td(h, rowspan=2) for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
            + [td("未经复议直接起诉", colspan=5), td("复议后起诉", colspan=5)]
        ),
        tr([td(h) for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2]),
        tr([td(rep.text("reviews_litigation", r, c)) for r in REVIEW_ROWS for c in REVIEW_COLS]),
    ]
    return table(rows)


def title_of(year: int) -> tuple[str, str]:
    agency = "某某市某某局"
    return f"{agency}{year}年政府信息公开工作年度报告", agency


def body_html(rep: Report, style: Style, year: int, with_title: bool = True) -> str:
    """The report: title, intro with the 统计期限 sentence, the six sections, tables under 二/三/四."""
    title, agency = title_of(year)
    fee = "本年度未收取信息处理费。" if rep.template == "2021" else "无其他需要报告的事项。"
    parts = [
        f'<p style="text-align:center"><strong>{title}</strong></p>\n' if with_title else "",
        "<p>　　根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，编制本报告。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        "如对本报告有疑问，请与本机关政府信息公开工作机构联系。</p>\n",
        "<p>　　<strong>一、总体情况</strong></p>\n",
        f"<p>　　{year}年，我局认真贯彻落实《条例》，\n持续深化政务公开，"
        "主动公开各类政府信息，<br/>依法规范办理依申请公开。</p>\n",
        "<p>　　<strong>二、主动公开政府信息情况</strong></p>\n",
        render_t2(rep, style),
        "<p>　　<strong>三、收到和处理政府信息公开申请情况</strong></p>\n",
        render_t3(rep, style),
        "<p>　　<strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>\n",
        render_t4(rep),
        "<p>　　<strong>五、存在的主要问题及改进情况</strong></p>\n",
        "<p>　　一是政策解读形式还不够丰富；二是公开内容的及时性有待提高。下一步，我局将加强培训，完善机制。</p>\n",
        "<p>　　<strong>六、其他需要报告的事项</strong></p>\n",
        f"<p>　　{fee}</p>\n",
        f'<p style="text-align:right">{agency}<br/>{year + 1}年1月20日</p>\n',
    ]
    return "".join(parts)


def page(title: str, body: str, head_extra: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f"{head_extra}<title>{title}_政府信息公开年报_某某市人民政府</title>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


META_UTF8 = '<meta charset="utf-8">\n'


# -- fixtures ---------------------------------------------------------------------------


@dataclass
class Fixture:
    name: str
    report: Report
    year: int
    data: bytes
    notes: list[str]


def truth(fx: Fixture) -> dict[str, object]:
    title, agency = title_of(fx.year)
    return {
        "title": title,
        "agency": agency,
        "year": fx.year,
        "template": fx.report.template,
        "tables": {
            "active_disclosure": fx.report.active,
            "applications": fx.report.applications,
            "reviews_litigation": fx.report.reviews,
        },
        "known_errors": fx.report.known_errors,
        "notes": fx.notes,
    }


def fx_official(name: str, seed: int, template: str, year: int) -> Fixture:
    rep = make_report(seed, template)
    title, _ = title_of(year)
    html = page(title, '<div class="TRS_Editor">\n' + body_html(rep, Style(), year) + "</div>\n", META_UTF8)
    note = f"Official {template} layout, UTF-8 page with <meta charset>; body in div.TRS_Editor; all rules hold."
    extra = ["2019 本年增/减 printed signed (+n/-n); 采购总金额 printed with 元."] if template == "2019" else []
    return Fixture(name, rep, year, html.encode("utf-8"), [note, *extra])


def fx_split(seed: int) -> Fixture:
    rep = make_report(seed, "2021")
    year = 2022
    title, _ = title_of(year)
    style = Style(t2_per_block=True, split_t3=True)
    html = page(title, '<div class="TRS_Editor">\n' + body_html(rep, style, year) + "</div>\n", META_UTF8)
    notes = [
        "Table 二 printed as four <table>s, one per 第二十条 block (caption row first in each).",
        "Table 三 split in two <table>s after （三）不予公开: the second has no header rows and repeats the "
        "group label 三、本年度办理结果 (rowspan over its own rows); 四、结转下年度继续办理 ends the second.",
    ]
    return Fixture("split_tables", rep, year, html.encode("utf-8"), notes)


def fx_odd_spans(seed: int) -> Fixture:
    rep = make_report(seed, "2019")
    year = 2020
    title, _ = title_of(year)
    body = body_html(rep, Style(odd_spans=True), year)
    # junk span values a browser reads as 1 or by their leading digits
    body = body.replace('<td colspan="3"><p>一、本年新收', '<td colspan="3px"><p>一、本年新收', 1)
    body = body.replace('<td colspan="3"><p>二、上年结转', '<td colspan=" 3"><p>二、上年结转', 1)
    html = page(title, "<div class=TRS_Editor>\n" + body + "</div>\n", META_UTF8)
    notes = [
        "Table 二 is 5 grid columns wide (r004 style). In the 第（五）项 and 第（六）项 blocks the header is "
        "[信息内容 | 上一年项目数量 | 本年增/减 (colspan 2) | 处理决定数量] but each data row is "
        "[label | value (colspan 2) | value | value]: map values by cell order (1st items_last_year, "
        "2nd items_change, 3rd decisions), as in r004's truth.",
        "Table 三 header misaligned as in r018: 自然人 colspan=2 over an empty sub-header cell; in data rows the "
        "自然人 value is one column and 商业企业 takes colspan=2 (11 grid columns). Map by value-cell order.",
        'Junk spans: colspan="3px" on 一、本年新收 and colspan=" 3" on 二、上年结转 (both read as 3).',
    ]
    return Fixture("odd_spans", rep, year, html.encode("utf-8"), notes)


def fx_gbk(seed: int) -> Fixture:
    rep = make_report(seed, "2021")
    year = 2022
    title, _ = title_of(year)
    html = page(title, '<div id="zoom">\n' + body_html(rep, Style(), year) + "</div>\n", "<meta charset=gbk>\n")
    notes = ["Encoded in GBK with <meta charset=gbk>; content in div#zoom. Official 2021 layout."]
    return Fixture("gbk_page", rep, year, html.encode("gbk"), notes)


def fx_fragment(seed: int) -> Fixture:
    rep = make_report(seed, "2021")
    year = 2022
    html = "<div class=TRS_Editor>" + body_html(rep, Style(), year) + "</div>"
    notes = ["Bare fragment: no <!DOCTYPE>, <html>, <head> or charset; starts with <div class=TRS_Editor>."]
    return Fixture("fragment", rep, year, html.encode("utf-8"), notes)


NAV = (
    '<div class="top-nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hdjl">互动交流</a> | '
    '<a href="/bsfw">办事服务</a></div>\n'
    '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政府信息公开</a> &gt; 年报</div>\n'
)
SIDEBAR = (
    '<ul><li><a href="/a">2021年政府信息公开工作年度报告</a></li><li><a href="/b">2020年政府信息公开工作年度报告'
    '</a></li><li><a href="/c">2019年政府信息公开工作年度报告</a></li><li><a href="/d">政府信息公开指南</a></li></ul>'
)
FOOTER = (
    '<div class="footer"><p>主办单位：某某市某某局　版权所有</p><p>备案号：某ICP备00000000号　'
    "网站标识码：0000000000</p></div>\n"
)
HIDDEN_DECOY = (
    '<div style="display: none"><table><tr><td>行政复议</td><td>行政诉讼</td></tr>'
    "<tr><td>99</td><td>99</td></tr></table></div>\n"
)


def fx_nav_layout(seed: int) -> Fixture:
    rep = make_report(seed, "2021")
    year = 2022
    title, _ = title_of(year)
    body = (
        NAV
        + '<table width="100%" border="0"><tr><td width="200" valign="top">'
        + SIDEBAR
        + '</td><td valign="top">\n'
        + f"<h1>{title}</h1>\n<div class=info>发布时间：{year + 1}-01-20　来源：某某市某某局</div>\n"
        + HIDDEN_DECOY
        + body_html(rep, Style(), year, with_title=False)
        + '<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>\n'
        + "</td></tr></table>\n"
        + FOOTER
        + "<script>var tables = '<table><tr><td>1</td></tr></table>';</script>\n"
        + "<style>td { border: 1px solid #000 }</style>\n"
    )
    html = page(title, body, META_UTF8)
    notes = [
        "Whole page: navigation bar and breadcrumb (links), a two-cell layout <table> wrapping a link sidebar "
        "and the content cell, footer with 版权所有/备案号, a <script> and <style> with table-like text.",
        "A hidden (display: none) decoy table with 行政复议/行政诉讼 and 99s sits in the content cell before "
        "the report; it must be ignored. The data tables are nested inside the layout table's content cell.",
        "Title is an <h1> inside the content cell; no <meta name=ArticleTitle>.",
    ]
    return Fixture("nav_layout", rep, year, html.encode("utf-8"), notes)


def fx_nbsp_blanks(seed: int) -> Fixture:
    rep = make_report(seed, "2021")
    year = 2022
    title, _ = title_of(year)
    html = page(
        title,
        '<div class="article_content">\n' + body_html(rep, Style(blank_legal_zeros=True), year) + "</div>\n",
        META_UTF8,
    )
    blanks = sum(1 for row in rep.applications.values() for c in LEGAL_COLS if row[c] == 0)
    notes = [
        f"Table 三: every 0 in the five 法人或其他组织 columns is printed as &nbsp; ({blanks} blank cells, value 0). "
        "Natural-person and 总计 cells are always printed, so every rule still holds.",
    ]
    return Fixture("nbsp_blanks", rep, year, html.encode("utf-8"), notes)


def fx_mixed(seed: int) -> Fixture:
    rep = make_report(seed, "2021", single_other=True)
    year = 2022
    title, _ = title_of(year)
    html = page(title, '<div class="TRS_Editor">\n' + body_html(rep, Style(), year) + "</div>\n", META_UTF8)
    notes = [
        "Mixed template: 2021 table 二 (本年制发件数 …, 本年收费金额（单位：万元）) but table 三 keeps the 2019 single "
        "row （六）其他处理 (colspan 2, no sub-items) as 洪泽 2023/2024 do; row key 'other'. Template '2021'.",
    ]
    return Fixture("mixed_template", rep, year, html.encode("utf-8"), notes)


def fx_arith_error(seed: int) -> Fixture:
    rep = make_report(seed, "2021")
    year = 2022
    review = rep.reviews["administrative_review"]
    parts = [review[c] for c in REVIEW_COLS[:4]]
    review["total"] = sum(parts) + 2
    new = rep.applications["new_received"]
    new["total"] = sum(new[c] for c in APPLICANT_COLS[:6]) + 1
    rep.known_errors = [
        "reviews_litigation.administrative_review.total != upheld+corrected+other+pending "
        f"({'+'.join(map(str, parts))} vs {review['total']}); planted",
        "applications.new_received.total != natural_person+commercial+research+social_welfare+legal_services+"
        f"other_org ({'+'.join(str(new[c]) for c in APPLICANT_COLS[:6])} vs {new['total']}); planted, which also "
        "breaks applications.balance for the total column",
    ]
    title, _ = title_of(year)
    html = page(title, '<div class="TRS_Editor">\n' + body_html(rep, Style(), year) + "</div>\n", META_UTF8)
    notes = ["Official 2021 layout with two planted arithmetic errors (see known_errors); values are as printed."]
    return Fixture("arith_error", rep, year, html.encode("utf-8"), notes)


def fx_malformed(seed: int) -> Fixture:
    rep = make_report(seed, "2021")
    year = 2022
    title, _ = title_of(year)
    body = body_html(rep, Style(), year)
    # Tag soup: drop closing tags a sloppy CMS drops; keep the table structure recoverable.
    for closing in ("</p>", "</td>", "</tr>", "</tbody>"):
        body = body.replace(closing, "")
    body = body.replace('style="text-align:center"', "style=text-align:center")
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"<title>{title}</title>"
        f"<body><div class=TRS_Editor><font face=仿宋_GB2312><span>{body}</span></font></span>"
    )
    notes = [
        "Malformed: no </head>, </p>, </td>, </tr>, </tbody>, </div>, </body> or </html>; a stray </span>; "
        "unquoted attributes.",
        "Wrong charset declaration: http-equiv says gb2312 but the bytes are UTF-8.",
    ]
    return Fixture("malformed_wrong_charset", rep, year, html.encode("utf-8"), notes)


BUILDERS: list[Callable[[], Fixture]] = [
    lambda: fx_official("official_2019", 2019, "2019", 2020),
    lambda: fx_official("official_2021", 2021, "2021", 2022),
    lambda: fx_split(3),
    lambda: fx_odd_spans(4),
    lambda: fx_gbk(5),
    lambda: fx_fragment(6),
    lambda: fx_nav_layout(7),
    lambda: fx_nbsp_blanks(8),
    lambda: fx_mixed(9),
    lambda: fx_arith_error(10),
    lambda: fx_malformed(11),
]


def check_keys(fx: Fixture) -> None:
    """Fail loudly if a truth file's row keys drift from keys.json (typos, missing rows)."""
    spec = KEYS["tables"]["applications"]["rows"][fx.report.template]
    want = list(spec)
    if "other" in fx.report.applications and fx.report.template == "2021":
        at = want.index("other.no_correction")
        want = [*want[:at], "other", *want[at + 3 :]]
    got = list(fx.report.applications)
    if got != want:
        raise SystemExit(f"{fx.name}: applications rows {got} != keys.json {want}")


def build_all() -> dict[str, bytes]:
    """Every fixture file name → its bytes (the page and its truth), without writing anything."""
    files: dict[str, bytes] = {}
    for build in BUILDERS:
        fx = build()
        check_keys(fx)
        files[f"{fx.name}.html"] = fx.data
        files[f"{fx.name}.truth.json"] = (json.dumps(truth(fx), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in build_all().items():
        (OUT / name).write_bytes(data)
        print(f"wrote fixtures/html/{name}")


if __name__ == "__main__":
    main()
