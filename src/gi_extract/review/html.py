"""The review as one self-contained HTML page: inline CSS, no script, no web font, nothing fetched.

A reviewing office opens it offline, mails it, or archives it with the report. Chinese is set in
the system's CJK fonts (Noto Sans CJK, Source Han Sans, PingFang, Microsoft YaHei: whichever the
machine has). Each table is laid out as printed, its failing cells filled and titled with the rule
and the numbers (hover), and each finding links to its cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .findings import STATUS_TEXT, Finding, Review
from .view import MARK, Grid, counts, decision_text, doubt_groups, grids, header, sections

CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "WenQuanYi Micro Hei", "Noto Serif CJK SC", sans-serif; margin: 1.5em auto; max-width: 76em;
       padding: 0 1em; color: #1b1b1b; background: #fff; line-height: 1.55; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
h2 { font-size: 1.3em; border-bottom: 2px solid #444; padding-bottom: .2em; margin-top: 2em; }
h3 { font-size: 1.1em; margin-top: 1.5em; }
table { border-collapse: collapse; margin: .5em 0; }
td, th { border: 1px solid #bbb; padding: .2em .5em; vertical-align: top; }
table.meta td:first-child, table.rules td.rule { color: #555; white-space: nowrap; }
.verdict { font-weight: bold; }
ul.findings { list-style: none; padding-left: 0; }
ul.findings > li { border-left: 6px solid #999; margin: .6em 0; padding: .3em .8em; background: #fafafa; }
li.fail { border-left-color: #c62828 !important; }
li.cannot_tell { border-left-color: #f9a825 !important; }
.status { font-weight: bold; margin-right: .5em; }
.fail .status, td.fail .mark { color: #c62828; }
.cannot_tell .status { color: #9a6700; }
.pass .status { color: #2e7d32; }
.fid { color: #777; font-size: .85em; font-family: monospace; }
.hint { color: #0b5394; }
.doubt { color: #7b1fa2; }
.decision { color: #1a237e; font-weight: bold; }
table.grid td.num { text-align: right; min-width: 3.5em; font-variant-numeric: tabular-nums; }
table.grid td.fail { background: #ffcdd2; font-weight: bold; }
table.grid td.cannot_tell { background: #fff3c4; }
table.grid td.doubted { outline: 2px dashed #7b1fa2; outline-offset: -3px; }
table.grid th { background: #eee; font-weight: normal; }
table.grid td.label { max-width: 26em; }
table.grid td.label.fail { background: #ffcdd2; }
.printed { color: #777; font-size: .85em; }
details { margin: .3em 0; }
summary { cursor: pointer; }
nav li { margin: .2em 0; }
"""


def _finding(f: Finding) -> str:
    parts = [
        f'<li class="{f.status}" id="f-{f.id}"><span class="status">{MARK[f.status]} {STATUS_TEXT[f.status]}</span>',
        f'<b>{escape(f.title)}</b> <span class="fid">{f.id}</span><br>{escape(f.text)}',
    ]
    if f.hints:
        parts.append('<ul class="hints">' + "".join(f'<li class="hint">→ {escape(h.text)}</li>' for h in f.hints))
        parts.append("</ul>")
    if f.doubts:
        codes = ", ".join(f.doubts)
        parts.append(f'<div class="doubt">⚠ extraction doubt on these cells ({escape(codes)}): this may be how the')
        parts.append(" file was read, not the publisher's error</div>")
    if f.decision:
        parts.append(f'<div class="decision">decision: {escape(decision_text(f))}</div>')
    return "".join(parts) + "</li>"


def _grid(grid: Grid) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in grid.columns)
    rows = []
    for row in grid.rows:
        label_class = f"label {row.status}" if row.status else "label"
        printed = ""
        if row.status and row.printed_label.strip():
            printed = f'<div class="printed">printed: {escape(row.printed_label)}</div>'
        title = f' title="{escape(chr(10).join(row.notes))}"' if row.notes else ""
        cells = [f'<td class="{label_class}"{title}>{escape(row.name)}{printed}</td>']
        for cell in row.cells:
            classes = " ".join(c for c in ("num", cell.status or "", "doubted" if cell.doubted else "") if c)
            title = f' title="{escape(chr(10).join(cell.notes))}"' if cell.notes else ""
            cells.append(f'<td class="{classes}" data-key="{escape(cell.key)}"{title}>{escape(cell.shown)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<h4>{escape(grid.title)}</h4><table class="grid" data-table="{grid.table}">'
        f"<tr><th></th>{head}</tr>{''.join(rows)}</table>"
    )


def review_html(review: Review, anchor: str) -> str:
    """One report's section of the page (``anchor``: its id, for the contents list)."""
    r = review.report
    name = f"{r.report.agency or r.source.path} {r.report.year or ''}"
    out = [f'<section class="report" id="{anchor}"><h2>{escape(name)}</h2>']
    out.append('<table class="meta">')
    out += [f"<tr><td>{label}</td><td>{escape(value)}</td></tr>" for label, value in header(review)]
    out.append(f'</table><p class="verdict">{escape(counts(review))}</p>')
    out.append('<table class="rules"><tr><th></th><th>rule</th><th>wording</th><th>results</th></tr>')
    for rule, title, status, by in review.rules():
        tally = ", ".join(f"{n} {STATUS_TEXT[s]}" for s, n in sorted(by.items()))
        out.append(
            f'<tr class="{status}"><td class="status">{MARK[status]}</td><td class="rule">{rule}</td>'
            f"<td>{escape(title)}</td><td>{tally}</td></tr>"
        )
    out.append("</table>")
    for title, findings in sections(review):
        out.append(f'<h3>{escape(title)}</h3><ul class="findings">{"".join(_finding(f) for f in findings)}</ul>')
    if not review.problems:
        out.append('<p class="pass">Every rule holds.</p>')
    tables = grids(review)
    if tables:
        out.append("<h3>The tables as printed (failing cells filled; hover for the rule and the numbers)</h3>")
        out += [_grid(g) for g in tables]
    groups = doubt_groups(review)
    if groups:
        out.append("<h3>Extraction doubts (how values were read; not the publisher's errors)</h3>")
        for g in groups:
            places = "".join(f"<li>{escape(p)}</li>" for p in g.places)
            out.append(
                f'<details><summary class="doubt">{g.code} ({g.severity}) × {len(g.doubts)}: {escape(g.meaning)}'
                f"</summary><p>What to do: {escape(g.action)}</p><ul>{places}</ul></details>"
            )
    if review.notes:
        out.append(f"<p>Notes: {escape('; '.join(review.notes))}</p>")
    if review.stale:
        gone = ", ".join(f"{fid} ({d.decision})" for fid, d in review.stale.items())
        out.append(f"<p>Decisions whose finding is gone (corrected?): {escape(gone)}</p>")
    return "".join(out) + "</section>"


def to_html(reviews: Sequence[Review]) -> str:
    """The whole page: a contents list when there are several reports, then each report's section."""
    body = []
    if len(reviews) > 1:
        items = "".join(
            f'<li><a href="#r{n}">{escape(r.report.report.agency or r.report.source.path)} '
            f"{r.report.report.year or ''}</a> — {escape(counts(r))}</li>"
            for n, r in enumerate(reviews, 1)
        )
        body.append(f"<nav><ul>{items}</ul></nav>")
    body += [review_html(r, f"r{n}") for n, r in enumerate(reviews, 1)]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>gi-extract check</title><style>{CSS}</style></head>"
        f"<body><h1>gi-extract check</h1>{''.join(body)}</body></html>\n"
    )
