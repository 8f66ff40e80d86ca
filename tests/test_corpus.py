"""Real reports from ../shared/corpus (skipped when ../shared is absent): cells against truth."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gi_extract import extract

from conftest import (
    CORPUS,
    ROOT,
    SEED,
    SHARED,
    assert_checks_match_known_errors,
    corpus_cases,
    flatten,
    load_truth,
    needs_shared,
)


@needs_shared
def test_seed_is_exact() -> None:
    report = extract(SEED)
    truth = load_truth(CORPUS / SEED.name)
    assert flatten(report.to_dict()["tables"]) == flatten(truth["tables"])
    assert (report.report.template, report.report.year, report.report.agency) == ("2019", 2020, "镇坪县")
    assert all(c.ok for c in report.checks)


@pytest.mark.parametrize("path", corpus_cases("txt"), ids=lambda p: p.name)
def test_text_reports_match_truth(path: Path) -> None:
    """Every cell right; in glued text (crawled pages) a cell may instead be null because its digits
    split several ways that every sum allows (table 二 has no sums), and then it says so."""
    report = extract(path)
    truth = load_truth(path)
    got = flatten(report.to_dict()["tables"])
    want = flatten(truth["tables"])
    ambiguous = {w.key for w in report.warnings if w.code == "segmentation_ambiguous"}
    assert {k: got.get(k) for k in want if got.get(k) != want[k] and not (got.get(k) is None and k in ambiguous)} == {}
    assert len(ambiguous) <= 0.1 * len(want)
    assert report.report.template == truth["template"]
    assert report.report.year == truth["year"]
    assert_checks_match_known_errors(report.checks, truth)


@needs_shared
def test_score_tool_on_text_reports(tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("gi-extract")
    cmd = f"{cli} {{file}}" if cli.exists() else f"{sys.executable} -m gi_extract {{file}}"
    out = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(CORPUS), "--formats", "txt", "--cmd", cmd],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=True,
    )
    summary = out.stdout.strip().splitlines()[-1]
    assert summary.startswith("SUMMARY")
    fields = dict(part.split("=", 1) for part in summary.split()[1:])
    assert fields["failed"] == "0"
    assert float(fields["cell_accuracy"].rstrip("%")) >= 99.0  # 99.06 %: table 二 of crawled pages has no sums
    assert fields["silent_wrong"].startswith("0/")
    json.dumps(fields)


@pytest.mark.parametrize(
    "path",
    [p for ext in ("docx", "html", "pdf", "txt") for p in corpus_cases(ext)],
    ids=lambda p: p.name,
)
def test_no_wrong_number_goes_unflagged(path: Path) -> None:
    """Every cell that differs from the truth is null, or named by a warning or a check that did not pass."""
    report = extract(path)
    got = flatten(report.to_dict()["tables"])
    want = flatten(load_truth(path)["tables"])
    doubted = {w.key for w in report.warnings} | {k for c in report.checks if not c.ok for k in c.cells}
    silent = {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v and got.get(k) is not None}
    assert {k: v for k, v in silent.items() if k not in doubted} == {}
