"""Generate fixtures/glued/: reports as a site crawler saves them, every table cell glued to the next.

Two sources, both with their truth files:

- ``crawl_<name>.txt``: the repo's own HTML fixtures flattened the way a crawler's page.txt is
  (a header of 标题 / 发布时间 / 原文链接 lines, then the page body on one line, whitespace
  between tags dropped, so ``<td>64</td><td>0</td>`` reads ``640``); the truth is the page's own.
- ``gen_<edition>_<n>.txt``: reports built from :func:`fixture_reports.report_values` with table
  三 and 四 scaled so that most cells have two or three digits (the identities are linear, so they
  still hold), long runs of zeros, 2019 and 2021 editions, a cell printed with a space in it as
  some pages do (``230 000023``), and one report with a publisher's error planted.

Run: ``python scripts/make_glued_fixtures.py`` (``make fixtures``), then ``make golden``.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent))

from template_view import load

from fixture_reports import Values, report_values, write_truth

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fixtures" / "glued"
HTML = ROOT / "fixtures" / "html"
CRAWLED = ["official_2019", "official_2021", "arith_error", "nbsp_blanks", "odd_spans"]
HEADER = (
    "标题: {title}\n发布时间: {year}-02-{day:02d} 10:30\n文号: \n发布机构: \n栏目: 政府信息公开年报\n"
    "原文链接: https://www.example.gov.cn/zwgk/nb/{year}/{name}.htm\n"
    "==================== 正文 ====================\n"
)


def flatten(page: bytes | str) -> str:
    """The page body as a crawler's text dump: text only, no whitespace between tags, one line.

    ``page`` as bytes is decoded by lxml (the fixtures declare their charset); as text, it was
    decoded by the caller (``bench/shapes.py``: corpus pages that declare none).
    """
    root = lxml.html.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", page) if isinstance(page, str) else page)
    body = root.find("body")
    body = body if body is not None else root
    for el in body.iter():
        if el.text and not el.text.strip():
            el.text = ""
        if el.tail and not el.tail.strip():
            el.tail = ""
        if el.tag == "br":
            el.tail = " " + (el.tail or "")
    text = body.text_content().replace("\u3000", "")
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def crawled(name: str, n: int) -> None:
    truth = json.loads((HTML / f"{name}.truth.json").read_text("utf-8"))
    body = flatten((HTML / f"{name}.html").read_bytes())
    header = HEADER.format(title=truth["title"], year=truth["year"] + 1, day=n + 1, name=name)
    (OUT / f"crawl_{name}.txt").write_text(header + body + "\n", encoding="utf-8")
    truth["notes"] = [f"fixtures/html/{name}.html as a crawler saves it: header lines, body on one line"]
    (OUT / f"crawl_{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")


def scaled(values: Values, factor: int) -> Values:
    """Tables 三 and 四 times ``factor``: every identity still holds, most cells get more digits."""
    out = json.loads(json.dumps(values))
    for table in ("applications", "reviews_litigation"):
        for row in out[table].values():
            for col in row:
                row[col] *= factor
    return out


def cell(value: int | float) -> str:
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


def generated(edition: str, seed: int, error: bool = False) -> None:
    rnd = random.Random(seed)
    tpl = load()
    values = scaled(report_values(edition, seed), rnd.choice([7, 13, 37]))
    known: list[str] = []
    if error:
        values["reviews_litigation"]["administrative_review"]["total"] += 1
        known = ["reviews_litigation.administrative_review.total != upheld+corrected+other+pending (planted: +1)"]
    year = 2020 if edition == "2019" else 2023
    agency = f"某某县第{seed}局"
    title = f"{agency}{year}年度政府信息公开工作年度报告"
    parts = [
        f"{agency}{year}年政府信息公开工作年度报告 本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    ]
    parts.append(f"一、总体情况{year}年，本局认真落实《条例》。二、主动公开政府信息情况 ")
    for block in tpl.blocks(edition):
        parts.append(block.caption + "信息内容" + "".join(block.columns.values()))
        for row, label in block.rows.items():
            active = values["active_disclosure"][row]
            printed = [cell(active[c]) + ("元" if c == "amount_yuan" and active[c] else "") for c in block.columns]
            parts.append(label + "".join(printed))
    parts.append(
        "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )
    parts.append("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
    seen: set[str | None] = set()
    for row in tpl.application_rows(edition):
        group = row.label.split(" ")[0] if row.group else ""
        own = f"{row.number}.{row.leaf}" if row.number else (row.label if not row.group else row.leaf)
        if row.key == "granted":
            own = "三、本年度办理结果（一）予以公开"
        printed = [cell(v) for v in values["applications"][row.key].values()]
        if rnd.random() < 0.15:  # a cell printed with a space in it, as &nbsp; leaves it
            at = rnd.randrange(len(printed))
            printed[at] += " "
        parts.append(("" if row.group in seen else group) + own + "".join(printed))
        seen.add(row.group)
    parts.append("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计")
    parts.append("未经复议直接起诉复议后起诉" + "结果维持结果纠正其他结果尚未审结总计" * 2)
    parts.append("".join(cell(v) for g in values["reviews_litigation"].values() for v in g.values()))
    parts.append(" 五、存在的主要问题及改进情况无。六、其他需要报告的事项无。")
    name = f"gen_{edition}_{seed}{'_error' if error else ''}"
    header = HEADER.format(title=title, year=year + 1, day=seed % 28 + 1, name=name)
    (OUT / f"{name}.txt").write_text(header + "".join(parts) + "\n", encoding="utf-8")
    notes = ["generated crawler text; tables 三 and 四 scaled to multi-digit values"]
    write_truth(OUT / f"{name}.truth.json", title, agency, year, edition, values, known, notes)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(CRAWLED):
        crawled(name, n)
    for seed in (31, 32, 33):
        generated("2019", seed)
        generated("2021", seed + 10)
    generated("2021", 50, error=True)
    print(f"wrote {len(list(OUT.glob('*.txt')))} glued fixtures in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
