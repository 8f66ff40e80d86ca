"""gi-extract check: findings on real reports and on fixtures with one planted fault each.

Each planted fault is a real edit of a generated report (fixtures/text/official_2021.txt, a
consistent 2021 report) read by the whole pipeline, so every finding here came through
extraction, checks and the review exactly as a reviewer's would.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from gi_extract import extract
from gi_extract.cli import EXIT_TABLE, PlainCommand
from gi_extract.review import Finding, Review, review
from gi_extract.review.command import check
from gi_extract.review.decisions import load, record, sidecar
from gi_extract.review.findings import fingerprint, identity
from gi_extract.review.markdown import to_markdown
from gi_extract.review.text import to_text

from conftest import CORPUS, FIXTURES, corpus_cases, known_error_cells, load_truth, needs_shared

OFFICIAL = FIXTURES / "text" / "official_2021.txt"


def edit_row(text: str, label: str, values: list[str]) -> str:
    """The report text with the values of the row labelled ``label`` replaced (one cell a line)."""
    lines = text.split("\n")
    at = lines.index(f"\t{label}")
    assert len(values) == 7
    lines[at + 1 : at + 8] = [f"\t{v}" for v in values]
    return "\n".join(lines)


def planted(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """official_2021.txt with each (old, new) text edit applied, written to tmp_path/name."""
    text = OFFICIAL.read_text("utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def problems(rev: Review, rule: str | None = None) -> list[Finding]:
    return [f for f in rev.problems if rule is None or f.rule == rule]


@cache
def reviewed(path: Path) -> Review:
    return review(extract(path))


# -- the template's arithmetic -------------------------------------------------------------------------


def test_a_failing_total_names_its_cells_the_printed_and_the_computed_value() -> None:
    rev = reviewed(FIXTURES / "text" / "arith_error_2021.txt")
    (row,) = problems(rev, "applications.row_total")
    assert row.status == "fail"
    assert row.text == (
        "表三 一、本年新收政府信息公开申请数量 总计 printed 112, while 自然人 44 + 商业企业 38 + 科研机构 0 + "
        "社会公益组织 0 + 法律服务机构 0 + 其他 29 = 111 (difference +1)"
    )
    assert (row.printed, row.computed, row.difference) == (112, 111, 1)
    assert row.where == "表三 一、本年新收政府信息公开申请数量 总计"
    columns = ["总计", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert [c.column for c in row.cells] == columns
    (balance,) = problems(rev, "applications.balance")
    assert balance.text.startswith(
        "表三 column 总计: 一、本年新收政府信息公开申请数量 112 + 二、上年结转政府信息公开申请数量 1 = 113"
    )
    assert {f.rule for f in rev.problems} == {"applications.row_total", "applications.balance"}
    rules = {rule: status for rule, _, status, _ in rev.rules()}
    assert rules["applications.row_total"] == "fail" and rules["reviews_litigation.total"] == "pass"


def test_a_consistent_report_has_nothing_to_say() -> None:
    rev = reviewed(OFFICIAL)
    assert rev.problems == [] and rev.failing == []
    assert len(rev.findings) > 40  # every check, as a pass
    assert "Every rule holds." in to_text([rev])


def test_a_blank_total_is_cannot_tell_with_the_sum_it_needs(tmp_path: Path) -> None:
    text = edit_row(OFFICIAL.read_text("utf-8"), "（一）予以公开", ["1", "0", "0", "0", "0", "1", ""])
    path = tmp_path / "blank_total.txt"
    path.write_text(text, "utf-8")
    rev = review(extract(path))
    (row,) = problems(rev, "applications.row_total")
    assert row.status == "cannot_tell" and not rev.failing
    assert row.text.startswith("表三 （一）予以公开 总计 printed blank, while 自然人 1 + ")
    assert [h.code for h in row.hints] == ["blank_total"]
    assert "add up to 2" in row.hints[0].text and "not 0" in row.hints[0].text
    assert row.printed is None and row.computed == 2


def test_a_number_split_across_two_cells_is_diagnosed_as_such(tmp_path: Path) -> None:
    new_received = ["39", "40", "0", "0", "5", "8", "137"]  # 其他 58 printed as 5 | 8 over two cells
    text = edit_row(OFFICIAL.read_text("utf-8"), "一、本年新收政府信息公开申请数量", new_received)
    path = tmp_path / "split.txt"
    path.write_text(text, "utf-8")
    rev = review(extract(path))
    failing = rev.failing
    assert failing, "the planted 拆格 breaks the row and both columns"
    for f in failing:
        assert [h.code for h in f.hints] == ["split_cell"], f.text
    hint = failing[0].hints[0].text
    assert "'5'" in hint and "'8'" in hint and "58" in hint and "其他" in hint


def test_a_request_under_the_wrong_applicant_type_is_diagnosed(tmp_path: Path) -> None:
    text = edit_row(OFFICIAL.read_text("utf-8"), "（一）予以公开", ["0", "1", "0", "0", "0", "1", "2"])
    path = tmp_path / "wrong_applicant.txt"
    path.write_text(text, "utf-8")
    rev = review(extract(path))
    off = problems(rev, "applications.results_total")
    assert sorted(f.anchors[0] for f in off) == [
        "applications.total_processed.commercial",
        "applications.total_processed.natural_person",
    ]
    for f in off:
        assert [h.code for h in f.hints] == ["wrong_applicant"]
        assert "自然人 +1" in f.hints[0].text and "商业企业 -1" in f.hints[0].text


# -- the form ------------------------------------------------------------------------------------------


def test_a_retyped_label_is_a_finding_a_loosely_matched_one_a_doubt() -> None:
    rev = reviewed(FIXTURES / "text" / "label_drift_2019.txt")
    labels = problems(rev, "form.label")
    assert [f.text for f in labels if "行政止" in f.text] == [
        "表三 prints the row （三）不予公开 2.其他法律行政法规禁止公开 as '2.其他法律行政止公开'"
    ]
    assert all(f.status == "fail" for f in labels)
    fuzzy = {c.key.rsplit(".", 1)[0] for d in rev.doubts if d.code == "label_fuzzy" for c in d.cells}
    assert not fuzzy & {f.anchors[0] for f in labels}, "a label the reader doubts is not called a typo"


def test_the_wrong_edition_and_a_stale_statistics_year_are_findings(tmp_path: Path) -> None:
    stale = planted(tmp_path, "stale.txt", ("统计期限为2022年", "统计期限为2021年"))
    (period,) = problems(review(extract(stale)), "form.period_year")
    assert period.status == "fail" and period.text == "the title says 2022 but the 统计期限 sentence says 2021"
    edits = [("某某市某某局2022年", "某某市某某局2020年"), ("统计期限为2022年", "统计期限为2020年")]
    old = planted(tmp_path, "old.txt", *edits)
    editions = problems(review(extract(old)), "form.edition")
    assert {f.table for f in editions} == {"active_disclosure", "applications"}
    assert "reports on 2020 follow the 2019 edition" in editions[0].text


def test_a_missing_table_is_a_failure(tmp_path: Path) -> None:
    text = OFFICIAL.read_text("utf-8")
    cut = text[: text.index("四、政府信息公开行政复议")] + text[text.index("五、存在的主要问题") :]
    path = tmp_path / "no_table_4.txt"
    path.write_text(cut, "utf-8")
    (missing,) = problems(review(extract(path)), "form.table_missing")
    assert missing.status == "fail" and missing.text.startswith("表四 is not in the report")


# -- the prose -----------------------------------------------------------------------------------------


def test_prose_figures_are_compared_with_the_tables(tmp_path: Path) -> None:
    said = "2022年，本机关共收到政府信息公开申请99件，2件结转下年度继续办理。"
    path = planted(tmp_path, "prose.txt", ("2022年，本机关认真落实政府信息公开各项工作。", said))
    rev = review(extract(path))
    (received,) = [f for f in rev.findings if f.rule == "prose.new_received"]
    assert received.status == "fail" and (received.printed, received.computed) == (99, 137)
    assert "「2022年，本机关共收到政府信息公开申请99件，2件结转下年度继续办理」" in received.text
    (forward,) = [f for f in rev.findings if f.rule == "prose.carried_forward"]
    assert forward.status == "pass"


def test_prose_about_a_whole_region_cannot_tell(tmp_path: Path) -> None:
    said = "2022年，全市各级行政机关共收到政府信息公开申请99件。"
    path = planted(tmp_path, "region.txt", ("2022年，本机关认真落实政府信息公开各项工作。", said))
    (received,) = [f for f in review(extract(path)).findings if f.rule == "prose.new_received"]
    assert received.status == "cannot_tell" and "whole region" in received.text


# -- fingerprints and decisions ------------------------------------------------------------------------


def test_fingerprints_depend_on_identity_rule_and_place_only() -> None:
    rev = reviewed(FIXTURES / "text" / "arith_error_2021.txt")
    (row,) = problems(rev, "applications.row_total")
    # pinned: a change here orphans every decision reviewers have recorded
    assert rev.identity == "某某县人民政府办公室|2021|2021"
    assert row.id == fingerprint(rev.identity, "applications.row_total", ("applications.new_received.total",))
    assert row.id == "bd65da3607af"
    again = review(extract(FIXTURES / "text" / "arith_error_2021.txt"))
    assert [f.id for f in again.findings] == [f.id for f in rev.findings]
    assert len({f.id for f in rev.findings}) == len(rev.findings)


def test_a_report_without_agency_is_identified_by_its_bytes() -> None:
    report = extract(FIXTURES / "text" / "arith_error_2021.txt")
    report.report.agency = None
    assert identity(report) == f"sha256:{report.source.sha256}"


def test_decisions_in_the_sidecar_are_applied_on_the_next_run(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes((FIXTURES / "text" / "arith_error_2021.txt").read_bytes())
    first = review(extract(path))
    row, balance = problems(first, "applications.row_total")[0], problems(first, "applications.balance")[0]
    record(sidecar(path), [row], "dismissed", "总计 typed wrong in the draft only")
    record(sidecar(path), [balance], "confirmed", "")
    assert sidecar(path).name == "report.txt.review.json"
    stored = json.loads(sidecar(path).read_text("utf-8"))["decisions"]
    assert stored[row.id]["decision"] == "dismissed" and stored[row.id]["where"] == row.where
    second = review(extract(path), load(sidecar(path)))
    by_id = {f.id: f for f in second.findings}
    assert by_id[row.id].decision is not None and by_id[row.id].decision.note == "总计 typed wrong in the draft only"
    assert [f.id for f in second.failing] == [balance.id]  # a dismissed failure no longer counts
    shown = to_text([second])
    assert "decision: dismissed" in shown and "decision: confirmed" in shown
    corrected = review(extract(OFFICIAL), load(sidecar(path)))
    assert set(corrected.stale) == {row.id, balance.id}


# -- the command -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    """The command registered the way cli.py registers every command."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
    app.command(cls=PlainCommand, epilog=EXIT_TABLE)(check)
    app.command("noop")(lambda: None)  # two commands, so that "check" is a subcommand as in gi-extract
    return app


def test_check_exit_codes_follow_extract(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = FIXTURES / "text" / "arith_error_2021.txt"
    assert runner.invoke(cli, ["check", str(OFFICIAL), "--strict"]).exit_code == 0
    assert runner.invoke(cli, ["check", str(bad)]).exit_code == 0
    strict = runner.invoke(cli, ["check", str(bad), "--strict"])
    assert strict.exit_code == 1 and "printed 112" in strict.stdout
    missing = runner.invoke(cli, ["check", str(tmp_path / "nope.txt"), str(bad)])
    assert missing.exit_code == 3 and "nope.txt" in missing.stderr and "printed 112" in missing.stdout
    assert runner.invoke(cli, ["check", str(bad), "-f", "xlsx"]).exit_code == 2
    assert runner.invoke(cli, ["check", str(bad), "--dismiss", "000000000000"]).exit_code == 2


def test_check_records_decisions_and_strict_ignores_dismissed(cli: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes((FIXTURES / "text" / "arith_error_2021.txt").read_bytes())
    ids = [f.id for f in review(extract(path)).failing]
    runner = CliRunner()
    out = runner.invoke(cli, ["check", str(path), "--dismiss", ids[0], "--dismiss", ids[1], "--note", "draft"])
    assert out.exit_code == 0, out.stderr
    assert out.stdout.count("decision: dismissed") == 2
    assert runner.invoke(cli, ["check", str(path), "--strict"]).exit_code == 0


def test_check_writes_markdown_and_html_files(cli: typer.Typer, tmp_path: Path) -> None:
    bad = str(FIXTURES / "text" / "arith_error_2021.txt")
    runner = CliRunner()
    assert runner.invoke(cli, ["check", bad, str(OFFICIAL), "-f", "md", "-o", str(tmp_path / "r.md")]).exit_code == 0
    md = (tmp_path / "r.md").read_text("utf-8")
    assert md.count("\n## ") == 2 and "**✗ fail**" in md and "`bd65da3607af`" in md
    assert runner.invoke(cli, ["check", bad, "-f", "html", "-o", str(tmp_path / "r.html")]).exit_code == 0
    page = (tmp_path / "r.html").read_text("utf-8")
    assert "<script" not in page and "http" not in page.split("<body>")[0]
    assert 'class="num fail" data-key="applications.new_received.total"' in page


def test_markdown_opens_each_report_with_its_verdict() -> None:
    md = to_markdown([reviewed(FIXTURES / "text" / "arith_error_2021.txt")])
    assert "| findings | 2 fail · 0 cannot tell · 40 pass · 0 extraction doubts |" in md


# -- the workbook and bulk -------------------------------------------------------------------------------


def test_the_workbook_fills_and_comments_the_failing_cells(cli: typer.Typer, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("xlsxwriter")
    target = tmp_path / "review.xlsx"
    args = ["check", str(FIXTURES / "text" / "arith_error_2021.txt"), str(OFFICIAL), "-f", "xlsx", "-o", str(target)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["findings", "某某县人民政府办公室 2021", "某某市某某局 2022"]
    rows = list(wb["findings"].iter_rows(values_only=True))
    assert len(rows) == 3 and rows[1][4] == "bd65da3607af" and rows[1][10:13] == (112, 111, 1)
    sheet = wb["某某县人民政府办公室 2021"]
    marked = [c for row in sheet.iter_rows() for c in row if c.comment is not None]
    total = next(c for c in marked if c.value == 112)
    assert total.fill.fgColor.rgb == "FFFFCDD2"
    assert "总计 = 自然人+法人或其他组织" in total.comment.text and "= 111" in total.comment.text
    assert not any(c.comment for row in wb["某某市某某局 2022"].iter_rows() for c in row)


def test_bulk_findings_are_the_checks_findings(tmp_path: Path) -> None:
    pytest.importorskip("xlsxwriter")
    from gi_extract.bulk import convert_folder
    from gi_extract.review.bulk import write_bulk_findings

    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    bad = inputs / "sub" / "bad.txt"
    bad.write_bytes((FIXTURES / "text" / "arith_error_2021.txt").read_bytes())
    (inputs / "ok.txt").write_bytes(OFFICIAL.read_bytes())
    expected = review(extract(bad))
    record(sidecar(bad), [expected.failing[0]], "dismissed", "known")
    out = tmp_path / "out"
    convert_folder([inputs], out, workers=1)
    reviews = write_bulk_findings(out, {"sub/bad.txt": bad, "ok.txt": inputs / "ok.txt"}, xlsx=True)
    raw = (out / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["id"] for r in rows] == [f.id for f in expected.problems]
    assert {r["report"] for r in rows} == {"sub/bad.txt"}
    assert [r["decision"] for r in rows] == ["dismissed", ""]
    assert sum(len(r.failing) for r in reviews) == 1
    assert (out / "findings.xlsx").stat().st_size > 0


# -- the corpus ----------------------------------------------------------------------------------------

CORPUS_FILES = [p for ext in ("docx", "html", "pdf", "txt") for p in corpus_cases(ext)]


@cache
def corpus_review(path: Path) -> Review:
    return review(extract(path))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_known_error_is_a_finding_naming_its_cells(path: Path) -> None:
    truth = load_truth(path)
    rev = corpus_review(path)
    named = {c.key for f in rev.problems for c in f.cells}
    assert known_error_cells(truth) <= named


TRUTH_NOTED = {"r002.pdf": {"form.edition", "form.label", "prose.new_received"}}
"""Consistent reports with real departures that their truth notes record (not arithmetic, so not known_errors):
r002 prints table 三's （六） as the 2019 single row, types 2.其他法律行政止公开, and says 17 applications
where table 三 says 95."""


@needs_shared
def test_consistent_reports_have_no_failing_finding_but_their_noted_departures() -> None:
    consistent = [p for p in CORPUS_FILES if not load_truth(p)["known_errors"]]
    failing = {p.name: {f.rule for f in corpus_review(p).failing} for p in consistent}
    assert {name: rules for name, rules in failing.items() if rules} == TRUTH_NOTED
    assert len(consistent) == 39


@needs_shared
def test_the_same_report_in_four_formats_has_the_same_finding_ids() -> None:
    ids = {ext: [f.id for f in corpus_review(CORPUS / f"r004.{ext}").problems] for ext in ("docx", "html", "txt")}
    assert ids["docx"] == ids["html"] == ids["txt"] and len(ids["docx"]) == 12
    pdf = {f.id for f in corpus_review(CORPUS / "r004.pdf").problems}
    assert set(ids["docx"]) <= pdf  # the PDF's clipped columns add cannot-tells of their own
