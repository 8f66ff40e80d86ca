"""Bulk mode as a user meets it: folders of real fixture copies, bad files, kills and resumes."""

from __future__ import annotations

import copy
import csv
import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from gi_extract.bulk import convert_folder
from gi_extract.bulk.plan import JOURNAL, BulkUsageError, Outcome, Tally, collect_inputs
from gi_extract.bulk.worker import TimedOut, time_limit

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from make_text_fixtures import Variant, render

from fixture_reports import Values, report_values

CARRIED, IN_FORCE = "cross.carried_over", "cross.in_force"
CLI = [sys.executable, "-m", "gi_extract"]
SOURCES = sorted((FIXTURES / "text").glob("*.txt")) + sorted((FIXTURES / "html").glob("*.html"))
OUTPUTS = (
    "summary.csv",
    "facts.csv",
    "reports.jsonl",
    "cross_checks.csv",
    *(f"{name}.{ext}" for name in ("values", "reports", "checks") for ext in ("csv", "parquet")),
    "codebook.csv",
    "findings.csv",
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def make_reports(root: Path, n: int, sources: list[Path] = SOURCES) -> list[Path]:
    """``n`` copies of the fixtures under nested folders, with varied names and extensions.

    Some HTML pages are saved as ``.txt`` or without extension: bulk mode must recognise them
    by content, as ``gi-extract FILE`` does.
    """
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        folder = root / f"batch{i % 7}" / (f"sub{i % 3}" if i % 2 else "")
        suffix = "" if i % 10 == 3 else ".txt" if i % 11 == 5 else src.suffix
        path = folder / f"{i:03d}-{src.stem}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(src.read_bytes())
        paths.append(path)
    return paths


def truncated_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document>" + "报告" * 5000 + "</w:document>")
    return buf.getvalue()[: len(buf.getvalue()) // 2]


BAD = {
    "bad/empty.txt": (b"", "empty file"),
    "bad/blob.txt": (bytes(range(256)) * 40, "binary"),
    "bad/truncated.docx": (truncated_zip(), "DOCX"),
    "bad/fake.pdf": (b"%PDF-1.4\n garbage", "PDF"),
    "bad/lost.txt": ("本机关2024年政府信息公开工作年度报告。表格从略，详见附件。\n".encode() * 20, "no standard table"),
}


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def visible_files(root: Path) -> dict[str, bytes]:
    """Every output file but the journal and temporary files (hidden), by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


def journal_paths(out: Path) -> list[str]:
    """The inputs a journal records as finished, in order, skipping a line torn by a kill."""
    paths = []
    for line in (out / JOURNAL).read_text("utf-8").splitlines():
        try:
            paths.append(json.loads(line)["path"])
        except ValueError:
            continue
    return paths


def without_seconds(path: Path) -> list[list[str]]:
    return [[v for k, v in row.items() if k != "seconds"] for row in read_csv(path)]


def test_a_folder_of_good_and_bad_reports(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    make_reports(src, 195)
    for rel, (content, _) in BAD.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(content)
    (src / "downloads").mkdir()
    for name in ("data.xlsx", "photo.jpg", "archive.zip"):  # what a download folder also holds
        (src / "downloads" / name).write_bytes(b"not a report")

    done = run("bulk", str(src), "-o", str(out), "--workers", "2")

    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert "3 not reports (skipped)" in done.stderr.splitlines()[-1]
    rows = read_csv(out / "summary.csv")
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows)
    skipped = {r["path"]: r["error"] for r in rows if r["status"] == "skipped"}
    hint = "if such files are reports under another name"
    assert skipped == {
        "downloads/archive.zip": f"not a report format (.zip); --include '*.zip' {hint}",
        "downloads/data.xlsx": f"not a report format (.xlsx); --include '*.xlsx' {hint}",
        "downloads/photo.jpg": f"not a report format (.jpg); --include '*.jpg' {hint}",
    }
    rows = [r for r in rows if r["status"] != "skipped"]
    assert len(rows) == 200
    errors = {r["path"]: r["error"] for r in rows if r["status"] == "error"}
    assert errors.keys() == BAD.keys()
    for rel, (_, reason) in BAD.items():
        assert reason in errors[rel], errors[rel]
        assert not (out / f"{rel}.json").exists()
    good = [r for r in rows if r["status"] != "error"]
    assert len(good) == 195
    assert {r["format"] for r in good} == {"text", "html"}
    assert all(r["agency"] and r["year"] and r["template"] for r in good)
    arith = next(r for r in good if r["path"].endswith("arith_error_2021.txt"))
    assert arith["status"] == "checks_failed"
    assert arith["failed_checks"] == "applications.row_total;applications.balance"
    for row in good:
        report = json.loads((out / f"{row['path']}.json").read_text("utf-8"))
        assert report["source"]["path"] == row["path"]  # relative to the input root
    lines = (out / "reports.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["source"]["path"] for line in lines] == [r["path"] for r in good]
    facts = (out / "facts.csv").read_bytes()
    assert facts.startswith(b"\xef\xbb\xbfpath,agency,year,key,table,row,column,value,raw,blank,page,label,doubts\n")
    assert {r["path"] for r in read_csv(out / "facts.csv")} == {r["path"] for r in good}


KILLER = """
import os, signal, sys
from gi_extract.bulk import convert_folder

def progress(outcome, tally):
    if outcome is not None and tally.done >= 20:  # the 20th journal line is written: SIGKILL everything
        os.killpg(0, signal.SIGKILL)

if __name__ == "__main__":
    convert_folder([sys.argv[1]], sys.argv[2], workers=1, progress=progress)
"""


def test_a_killed_run_resumes_to_the_same_files(tmp_path: Path) -> None:
    src, out, ref = tmp_path / "in", tmp_path / "out", tmp_path / "ref"
    make_reports(src, 200)
    script = tmp_path / "killer.py"
    script.write_text(KILLER, "utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), str(src), str(out)],
        cwd=ROOT,
        capture_output=True,
        start_new_session=True,  # its own process group: the kill takes the workers too, and only them
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL
    finished = journal_paths(out)
    assert len(finished) == 20

    resumed = run("bulk", str(src), "-o", str(out), "--workers", "2", "--resume")
    fresh = run("bulk", str(src), "-o", str(ref), "--workers", "2")

    assert resumed.returncode == fresh.returncode == 0, resumed.stderr + fresh.stderr
    after = journal_paths(out)
    assert after[: len(finished)] == finished  # kept as they were
    redone = after[len(finished) :]
    assert sorted(redone) == sorted(set(journal_paths(ref)) - set(finished))  # nothing finished was redone
    got, want = visible_files(out), visible_files(ref)
    assert got.keys() == want.keys()
    assert len(got) == 200 + len(OUTPUTS)
    for name in want:
        if name != "summary.csv":
            assert got[name] == want[name], name
    assert without_seconds(out / "summary.csv") == without_seconds(ref / "summary.csv")


def test_resume_skips_unchanged_files_and_redoes_changed_ones(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    paths = make_reports(src, 6)
    first = convert_folder([src], out, workers=2)
    assert (first.processed, first.skipped) == (6, 0)
    rel = paths[2].relative_to(src).as_posix()
    before = (out / f"{rel}.json").read_bytes()
    paths[2].write_bytes((FIXTURES / "text" / "arith_error_2021.txt").read_bytes())

    second = convert_folder([src], out, workers=2, resume=True)

    assert (second.processed, second.skipped) == (1, 5)
    assert journal_paths(out)[-1] == rel
    after = json.loads((out / f"{rel}.json").read_text("utf-8"))
    assert (out / f"{rel}.json").read_bytes() != before
    assert after["report"]["agency"] == "某某县人民政府办公室"
    row = next(r for r in read_csv(out / "summary.csv") if r["path"] == rel)
    assert row["status"] == "checks_failed"
    third = convert_folder([src], out, workers=2, resume=True)
    assert (third.processed, third.skipped) == (0, 6)


def test_resume_redoes_a_result_left_damaged(tmp_path: Path) -> None:
    # per-report files are not fsynced: after a power cut one may be empty or cut short
    src, out = tmp_path / "in", tmp_path / "out"
    paths = make_reports(src, 4)
    convert_folder([src], out, workers=1)
    facts_before = (out / "facts.csv").read_bytes()
    cut = out / f"{paths[1].relative_to(src).as_posix()}.json"
    cut.write_bytes(cut.read_bytes()[:100])
    (out / ".gi-extract-parts" / f"{paths[3].relative_to(src).as_posix()}.json.part").write_bytes(b"")

    again = convert_folder([src], out, workers=1, resume=True)

    assert (again.processed, again.skipped) == (2, 2)
    assert (out / "facts.csv").read_bytes() == facts_before
    json.loads(cut.read_text("utf-8"))


def test_a_rerun_without_resume_redoes_everything(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    make_reports(src, 4)
    convert_folder([src], out, workers=1)
    again = convert_folder([src], out, workers=1)
    assert (again.processed, again.skipped) == (4, 0)
    assert len(journal_paths(out)) == 4


def consistent(values: Values) -> Values:
    """Recompute 一、本年新收 and the 总计 column so that table 三's own checks pass again."""
    apps = values["applications"]
    parts = [c for c in apps["new_received"] if c != "total"]
    for col in parts:
        new = apps["total_processed"][col] + apps["carried_forward"][col] - apps["carried_over"][col]
        if new < 0:  # more carried over than handled: handle the rest as 予以公开
            apps["granted"][col] -= new
            apps["total_processed"][col] -= new
            new = 0
        apps["new_received"][col] = new
    for row in apps.values():
        row["total"] = sum(row[c] for c in parts)
    return values


def year_pair(agency: str, year: int, seed: int, carried_error: bool) -> tuple[Values, Values]:
    """Two consistent 2021-format reports of one agency: year−1 and year, chained as they should be.

    With ``carried_error`` the later report's 二、上年结转 自然人 is one more than the earlier
    report's 四、结转下年度继续办理 (each report still adds up on its own).
    """
    prev, cur = report_values("2021", seed), report_values("2021", seed + 1)
    cur["applications"]["carried_over"] = copy.deepcopy(prev["applications"]["carried_forward"])
    if carried_error:
        cur["applications"]["carried_over"]["natural_person"] += 1
    for row in ("rules", "normative_documents"):
        now = cur["active_disclosure"][row]
        now["repealed"] = 0
        now["in_force"] = prev["active_disclosure"][row]["in_force"] + now["issued"]
    return consistent(prev), consistent(cur)


def write_pair(root: Path, agency: str, year: int, seed: int, carried_error: bool) -> None:
    for y, values in zip((year - 1, year), year_pair(agency, year, seed, carried_error), strict=True):
        path = root / agency / f"{y}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(Variant(f"{agency}{y}", "2021", y, agency, seed), values), "utf-8")


def test_cross_checks_between_consecutive_years(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write_pair(src, "甲县人民政府", 2022, 40, carried_error=True)
    write_pair(src, "乙县人民政府", 2023, 50, carried_error=False)

    result = convert_folder([src], out, workers=2)

    assert not result.errors and not result.checks_failed  # each report adds up on its own
    rows = read_csv(out / "cross_checks.csv")
    assert {(r["agency"], r["year"], r["prev_year"]) for r in rows} == {
        ("甲县人民政府", "2022", "2021"),
        ("乙县人民政府", "2023", "2022"),
    }
    failing = [r for r in rows if r["status"] != "pass"]
    assert [(r["id"], r["row"], r["column"]) for r in failing] == [
        (CARRIED, "carried_over", "natural_person"),
        (CARRIED, "carried_over", "total"),  # the 总计 column carries the same one
    ]
    for bad in failing:
        assert (bad["path"], bad["prev_path"]) == ("甲县人民政府/2022.txt", "甲县人民政府/2021.txt")
        assert int(bad["got"]) == int(bad["expected"]) + 1
    for agency in ("甲县人民政府", "乙县人民政府"):
        mine = [r for r in rows if r["agency"] == agency]
        assert sorted((r["id"], r["row"]) for r in mine if r["id"] == IN_FORCE) == [
            (IN_FORCE, "normative_documents"),
            (IN_FORCE, "rules"),
        ]
        assert sum(r["id"] == CARRIED for r in mine) == 7  # one per applicant column
    strict = run("bulk", str(src), "-o", str(tmp_path / "strict"), "--strict")
    assert strict.returncode == 1, strict.stderr
    assert run("bulk", str(src / "乙县人民政府"), "-o", str(tmp_path / "good"), "--strict").returncode == 0


def test_time_limit_interrupts_python_code() -> None:
    start = time.monotonic()
    with pytest.raises(TimedOut), time_limit(0.05):
        while True:
            sum(range(1000))
    assert time.monotonic() - start < 5
    with time_limit(5):  # a block that ends in time leaves no alarm behind
        pass
    time.sleep(0.01)


def test_a_file_over_the_time_limit_is_an_error_row(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    make_reports(src, 3)
    # The same report printed 1500 times: about 5 s of honest work, 5 times the limit; a normal
    # report takes 10-20 ms, the limit 50 times that (0.3 s was too close on a machine busy with
    # other work: a normal report's first run in a fresh worker, its imports included, went over).
    (src / "huge.txt").write_text((FIXTURES / "text" / "official_2021.txt").read_text("utf-8") * 1500, "utf-8")

    result = convert_folder([src], out, workers=2, timeout=1.0)

    by_path = {r["path"]: r for r in result.rows}
    assert by_path["huge.txt"]["status"] == "error"
    assert by_path["huge.txt"]["error"] == "timed out after 1 s"
    assert [r["status"] != "error" for p, r in by_path.items() if p != "huge.txt"] == [True, True, True]


def test_a_killed_worker_loses_nothing(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    make_reports(src, 30)
    killed: list[int] = []

    def kill_a_worker(outcome: Outcome | None, tally: Tally) -> None:
        """As the OOM killer would: SIGKILL a worker process in the middle of the run."""
        if outcome is not None and not killed:
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid, signal.SIGKILL)  # type: ignore[arg-type]
            killed.append(victim.pid)  # type: ignore[arg-type]

    result = convert_folder([src], out, workers=2, progress=kill_a_worker)

    assert killed
    assert len(result.rows) == 30 and not result.errors
    assert len(journal_paths(out)) == 30


def test_hidden_files_and_the_output_folder_are_not_inputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_reports(src, 3)
    (src / ".hidden.txt").write_text("x", "utf-8")
    (src / ".git").mkdir()
    (src / ".git" / "config").write_text("x", "utf-8")
    out = src / "results"
    first = convert_folder([src], out, workers=1)
    second = convert_folder([src], out, workers=1)
    assert len(first.rows) == len(second.rows) == 3
    assert [i.rel for i in collect_inputs([src / "batch0", src / "batch1"], out)[0]] == [
        "batch0/000-arith_error_2021.txt",
        "batch1/sub1/001-dashes_2021.txt",
    ]


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", "utf-8")
    out = run("bulk", str(FIXTURES / "text"), "-o", str(afile))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip().count("\n") == 0 and "must be a folder" in out.stderr
    missing = run("bulk", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert missing.returncode == 3 and missing.stderr.strip().count("\n") == 0
    assert "no such file or folder" in missing.stderr
    twin = tmp_path / "official_2021.txt"
    twin.write_text("x", "utf-8")
    with pytest.raises(BulkUsageError, match="both be named"):
        collect_inputs([FIXTURES / "text" / "official_2021.txt", twin], afile)


def test_a_script_without_a_main_guard_fails_fast_and_whole(tmp_path: Path) -> None:
    """Workers re-import such a script and cannot start: one clear error, no hang, no summary."""
    make_reports(tmp_path / "in", 3)
    script = tmp_path / "unguarded.py"
    script.write_text('from gi_extract.bulk import convert_folder\nconvert_folder(["in"], "out", workers=2)\n')

    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)

    assert run.returncode != 0
    assert "WorkerStartError: worker processes cannot start" in run.stderr
    assert 'if __name__ == "__main__":' in run.stderr
    assert not (tmp_path / "out" / "summary.csv").exists()


def test_resume_after_an_upgrade_redoes_what_it_could_change(tmp_path: Path) -> None:
    """Journal lines of another tool version or template are not trusted: redone, and counted."""
    src, out = tmp_path / "in", tmp_path / "out"
    make_reports(src, 6)
    first = convert_folder([src], out, workers=1)
    assert first.redone == 0 and not first.errors
    journal = out / JOURNAL
    lines = [json.loads(line) for line in journal.read_text("utf-8").splitlines()]
    assert {line["version"] for line in lines} != {""} and {len(line["template"]) for line in lines} == {64}
    lines[0]["version"] = "0.0.1"  # made by an older gi-extract
    lines[1]["template"] = "0" * 64  # made with other template files
    journal.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")

    done = run("bulk", str(src), "-o", str(out), "--resume")

    assert done.returncode == 0, done.stderr
    assert "6 inputs, 4 done before, 2 redone after an upgrade:" in done.stderr
    again = convert_folder([src], out, workers=1, resume=True)
    assert (again.skipped, again.redone) == (6, 0)


def test_bulk_ends_with_the_reviewers_findings(tmp_path: Path) -> None:
    """findings.csv lists every failing finding of the run, as check shows them; --xlsx adds the workbook."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("arith_error_2021.txt", "official_2021.txt"):
        (src / name).write_bytes((FIXTURES / "text" / name).read_bytes())
    done = run("bulk", str(src), "-o", str(out), "--xlsx")
    assert done.returncode == 0, done.stderr
    assert f"findings to review: {out / 'findings.csv'}" in done.stderr
    with (out / "findings.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["report"] for r in rows} == {"arith_error_2021.txt"}
    assert sorted(r["rule"] for r in rows) == ["applications.balance", "applications.row_total"]
    assert all(r["status"] == "fail" for r in rows)
    checked = run("check", str(src / "arith_error_2021.txt"))
    assert all(f"[{r['id']}]" in checked.stdout for r in rows)  # the same ids as check gives
    assert (out / "findings.xlsx").read_bytes()[:2] == b"PK"


def test_a_text_file_that_is_no_report_is_skipped_not_an_error(tmp_path: Path) -> None:
    """A README in a download folder is read (.txt is a report format) and then listed as skipped: the
    run still ends 0; a text that speaks of 信息公开 but lost its tables stays an error (exit 3)."""
    src, out = tmp_path / "dl", tmp_path / "out"
    src.mkdir()
    (src / "report.docx").write_bytes((FIXTURES / "docx" / "official_2021.docx").read_bytes())
    (src / "README.txt").write_text("These files were downloaded on 1 December from the sites in sites.csv.\n")
    done = run("bulk", str(src), "-o", str(out), "--workers", "1")
    assert done.returncode == 0, done.stderr
    rows = {r["path"]: r for r in read_csv(out / "summary.csv")}
    assert rows["README.txt"]["status"] == "skipped"
    assert rows["README.txt"]["error"] == "not a 政府信息公开工作年度报告 (the words 信息公开 appear nowhere in it)"
    assert rows["report.docx"]["status"] == "ok"
    (src / "lost.txt").write_text("本机关2024年政府信息公开工作年度报告。表格从略，详见附件。\n")
    again = run("bulk", str(src), "-o", str(out), "--workers", "1", "--resume")
    assert again.returncode == 3
    assert {r["path"]: r["status"] for r in read_csv(out / "summary.csv")}["lost.txt"] == "error"
