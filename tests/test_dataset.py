"""The research tables: long and wide, codebook, codes, regions, agency ids, as a researcher meets them."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from gi_extract import extract
from gi_extract.bulk import convert_folder
from gi_extract.bulk.plan import SECTIONS, split_fragment
from gi_extract.crosscheck import Facts, cross_check
from gi_extract.dataset import write
from gi_extract.dataset.codes import CODES_FILE, _load, codes
from gi_extract.dataset.rows import ZERO_IN_WIDE, ReportData, build
from gi_extract.errors import ConfigurationError
from gi_extract.publisher.agencies import agency_id, agency_key
from gi_extract.publisher.regions import region_of

from conftest import CORPUS, FIXTURES, flatten, needs_shared

pd = pytest.importorskip("pandas", reason="the dataset extra (pandas, pyarrow) is not installed")
pytest.importorskip("pyarrow", reason="the dataset extra (pandas, pyarrow) is not installed")

HERE = Path(__file__).resolve().parent
INPUTS = [*sorted((FIXTURES / "text").glob("*.txt")), *sorted((FIXTURES / "docx").glob("*.docx"))]
STATA_RESERVED = {"_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n", "_N"}
STATA_RESERVED |= {"_pi", "_pred", "_rc", "_skip", "str", "strL", "using", "with"}


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no BOM (Excel and WPS need it)"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def bulk_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src, out = tmp_path_factory.mktemp("in"), tmp_path_factory.mktemp("out")
    for path in INPUTS:
        shutil.copyfile(path, src / path.name)
    (src / "blank_total_2021.txt").write_text(blank_total_text(), "utf-8")
    result = convert_folder([src], out, workers=2)
    assert not result.errors and not result.notes
    return out


def blank_total_text() -> str:
    """official_2021.txt with 一、本年新收's 总计 printed blank (beside 39+40+58) and its 科研机构 0 blank too."""
    text = (FIXTURES / "text" / "official_2021.txt").read_text("utf-8")
    row = "\t一、本年新收政府信息公开申请数量\n\t39\n\t40\n\t0\n\t0\n\t0\n\t58\n\t137\n"
    assert row in text
    return text.replace(row, "\t一、本年新收政府信息公开申请数量\n\t39\n\t40\n\t\n\t0\n\t0\n\t58\n\t\n")


def test_every_code_is_pinned() -> None:
    """A renamed, dropped or reordered code fails here: researchers' scripts name these columns."""
    pinned = [line.split("\t") for line in (HERE / "dataset_codes.tsv").read_text("utf-8").splitlines()[1:]]
    assert [[v.code, v.kind, v.key] for v in codes().all] == pinned


def test_codes_are_stata_and_r_names() -> None:
    for v in codes().all:
        assert re.fullmatch(r"[a-z][a-z0-9_]{0,31}", v.code), v.code
        assert v.code not in STATA_RESERVED
    assert len({v.code for v in codes().all}) == len(codes().all)
    report = json.loads(extract(FIXTURES / "text" / "official_2021.txt").to_json())
    assert {v.key for v in codes().cells} >= set(flatten(report["tables"]))


def test_a_broken_codes_file_is_refused_naming_the_entry() -> None:
    raw = json.loads(CODES_FILE.read_text("utf-8"))
    raw["rates"][0]["numerator"] = ["app_grant_totl"]
    with pytest.raises(
        ConfigurationError, match=r"codes.json: rates\[0\]: r_app_disclosed: unknown code 'app_grant_totl'"
    ):
        _load(raw)
    raw = json.loads(CODES_FILE.read_text("utf-8"))
    del raw["rows"]["applications"]["granted"]
    with pytest.raises(ConfigurationError, match="no abbreviation for 'granted'"):
        _load(raw)


def test_the_long_table_agrees_with_every_report_json(bulk_out: Path) -> None:
    rows = read_csv(bulk_out / "values.csv")
    by_path: dict[str, dict[str, dict[str, str]]] = {}
    for row in rows:
        by_path.setdefault(row["path"], {})[row["key"]] = row
    reports = [json.loads(line) for line in (bulk_out / "reports.jsonl").read_text("utf-8").splitlines()]
    assert by_path.keys() == {r["source"]["path"] for r in reports}
    for report in reports:
        path = report["source"]["path"]
        on_disk = json.loads((bulk_out / f"{path}.json").read_text("utf-8"))
        assert on_disk == report
        cells = {c["key"]: c for c in report["cells"]}
        want = {k: v for k, v in flatten(report["tables"]).items()}
        got = by_path[path]
        assert set(got) >= set(want), path
        for key, value in want.items():
            row = got[key]
            assert row["value"] == ("" if value is None else str(value)), (path, key)
            assert row["raw"] == (cells[key]["raw"] if key in cells else ""), (path, key)
            assert row["sha256"] == report["source"]["sha256"]
            assert row["agency"] == (report["report"]["agency"] or "")
            assert row["year"] == str(report["report"]["year"])
            assert row["edition"] == report["tables"][key.split(".")[0]]["template"]
            assert row["status"] in ("printed", "dash", "blank_zero", "blank", "missing")
            assert (row["status"] == "missing") == (value is None)
        # keys the JSON lists but does not print (a row the report lacks) come out missing, never a zero
        assert all(got[k]["status"] == "missing" for k in set(got) - set(want))


def test_parquet_holds_what_the_csv_holds(bulk_out: Path) -> None:
    for name in ("values", "reports", "checks"):
        frame = pd.read_parquet(bulk_out / f"{name}.parquet")
        rows = read_csv(bulk_out / f"{name}.csv")
        assert list(frame.columns) == list(rows[0])
        assert len(frame) == len(rows)
        for column in frame.columns:
            got = ["" if pd.isna(v) else f"{v:g}" if isinstance(v, float) else str(v) for v in frame[column]]
            want = [
                f"{float(r[column]):g}" if isinstance(frame[column].iloc[0], float) and r[column] else r[column]
                for r in rows
            ]
            assert got == want, (name, column)


def test_the_wide_table_keeps_values_and_leaves_blanks_empty(bulk_out: Path) -> None:
    long = read_csv(bulk_out / "values.csv")
    wide = {r["path"]: r for r in read_csv(bulk_out / "reports.csv")}
    codebook = {r["code"]: r for r in read_csv(bulk_out / "codebook.csv")}
    assert list(codebook) == list(next(iter(wide.values())))  # one codebook line per wide column, in order
    for row in long:
        expected = row["value"] if row["status"] in ZERO_IN_WIDE else ""
        assert wide[row["path"]][row["code"]] == expected, (row["path"], row["code"], row["status"])
    # the blank 总计 beside 39 + 40 + 58 is not a zero; the blank 科研机构, which the sums allow, is
    blank = {r["code"]: r for r in long if r["path"] == "blank_total_2021.txt"}
    assert blank["app_new_total"]["status"] == "blank" and blank["app_new_total"]["value"] == "0"
    assert wide["blank_total_2021.txt"]["app_new_total"] == ""
    assert blank["app_new_research"]["status"] == "blank_zero"
    assert wide["blank_total_2021.txt"]["app_new_research"] == "0"
    assert wide["blank_total_2021.txt"]["r_app_person"] == ""  # its denominator is that blank 总计
    assert "printed blank where an identity" in codebook["app_new_total"]["empty_when"]


def test_harmonised_and_derived_variables(bulk_out: Path) -> None:
    wide = {r["path"]: r for r in read_csv(bulk_out / "reports.csv")}
    y2021 = wide["official_2021.docx"]
    parts = ["app_oth_nocorrect_total", "app_oth_unpaid_total", "app_oth_other_total"]
    assert int(y2021["h_app_oth_total"]) == sum(int(y2021[c]) for c in parts)
    y2019 = wide["official_2019.docx"]
    assert y2019["h_app_oth_total"] == y2019["app_oth_total"] != ""
    assert y2019["app_oth_nocorrect_total"] == "" and y2021["app_oth_total"] == ""
    assert float(y2019["h_act_proc_amt_wan"]) == pytest.approx(float(y2019["act_proc_amt_yuan"]) / 10000)
    done = int(y2021["app_done_total"])
    assert float(y2021["r_app_disclosed"]) == pytest.approx(
        (int(y2021["app_grant_total"]) + int(y2021["app_part_total"])) / done
    )
    codebook = {r["code"]: r for r in read_csv(bulk_out / "codebook.csv")}
    assert codebook["r_app_disclosed"]["formula"] == "(app_grant_total + app_part_total) / app_done_total"
    assert codebook["h_app_oth_total"]["editions"] == "2019;2021"
    assert "Not comparable" in codebook["act_rule_made"]["note"] and codebook["act_rule_made"]["editions"] == "2019"
    assert codebook["app_grant_total"]["comparable"] == "same in every edition"
    assert codebook["app_grant_total"]["label"] == "三、本年度办理结果 （一）予以公开 / 总计"


def test_dataset_from_reports_equals_the_bulk_files(bulk_out: Path) -> None:
    from gi_extract import dataset

    reports = [extract(FIXTURES / "text" / "official_2021.txt"), extract(FIXTURES / "docx" / "official_2019.docx")]
    built = dataset(reports)
    assert list(built.wide["edition"]) == ["2021", "2019"]
    assert built.wide["app_new_total"].dtype.name == "Int64" and built.wide["r_app_granted"].dtype.name == "Float64"
    from_folder = dataset(bulk_out)
    parquet = pd.read_parquet(bulk_out / "reports.parquet")
    assert from_folder.wide.shape == parquet.shape
    row = from_folder.wide.set_index("path").loc["blank_total_2021.txt"]
    assert pd.isna(row["app_new_total"]) and row["app_new_research"] == 0
    assert set(from_folder.checks["scope"]) <= {"report", "cross"}
    assert len(from_folder.long) == len(pd.read_parquet(bulk_out / "values.parquet"))
    one = dataset(bulk_out / "official_2021.txt.json")
    assert one.long["value"].sum() == from_folder.long[from_folder.long.path == "official_2021.txt"]["value"].sum()


def test_a_pyarrow_that_cannot_be_imported_is_a_note_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(name: str) -> object:
        raise ImportError(f"{name}: undefined symbol")

    monkeypatch.setattr(write, "import_module", broken)
    (tmp_path / "in").mkdir()
    shutil.copyfile(FIXTURES / "text" / "official_2021.txt", tmp_path / "in" / "a.txt")
    result = convert_folder([tmp_path / "in"], tmp_path / "out", workers=1)
    assert result.notes == [write.NO_PARQUET]
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if "parquet" in p.name) == []


def test_parquet_is_written_in_row_groups_while_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.parquet as pq

    monkeypatch.setattr(write, "CHUNK_BYTES", 20_000)  # about one report's cells per chunk
    (tmp_path / "in").mkdir()
    for n in range(4):
        shutil.copyfile(FIXTURES / "text" / "official_2021.txt", tmp_path / "in" / f"{n}.txt")
    convert_folder([tmp_path / "in"], tmp_path / "out", workers=2)
    values = pq.ParquetFile(tmp_path / "out" / "values.parquet")
    assert values.num_row_groups >= 4
    assert values.read().num_rows == len(read_csv(tmp_path / "out" / "values.csv")) == 4 * 200


def test_fragments_hold_every_section_and_a_cut_one_is_refused(bulk_out: Path) -> None:
    part = next((bulk_out / ".gi-extract-parts").rglob("*.part")).read_bytes()
    line, *sections = split_fragment(part)
    assert len(sections) == SECTIONS and json.loads(line)["schema_version"] == "1"
    with pytest.raises(ValueError):
        split_fragment(part[:-1])
    with pytest.raises(ValueError):  # the layout of earlier versions: the JSON line, then facts rows
        split_fragment(line + sections[0])


def test_without_pyarrow_the_csvs_are_written_and_the_run_says_how_to_get_parquet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "find_spec", lambda name: None)
    (tmp_path / "in").mkdir()
    shutil.copyfile(FIXTURES / "text" / "official_2021.txt", tmp_path / "in" / "a.txt")
    result = convert_folder([tmp_path / "in"], tmp_path / "out", workers=1)
    assert result.notes == [
        "values, reports and checks written as CSV only: Parquet needs pyarrow (pip install 'gi-extract[dataset]')"
    ]
    assert (tmp_path / "out" / "values.csv").exists() and not (tmp_path / "out" / "values.parquet").exists()


def test_regions_of_real_agency_names() -> None:
    got = {
        name: (r.province, r.city, r.county, r.region_code, r.level, r.kind)
        for name in (
            "淮安市洪泽区人民政府",
            "镇坪县",
            "上海市人民政府办公厅",
            "平潭综合实验区",
            "平潭综合实验区公安局",
            "北京市朝阳区人民政府",
            "浙江省杭州市余杭区仁和街道办事处",
            "国务院办公厅",
            "国家税务总局淮安市洪泽区税务局",
            "邢台县人民政府",
        )
        if (r := region_of(name))
    }
    assert got == {
        "淮安市洪泽区人民政府": ("江苏省", "淮安市", "洪泽区", "320813", "county", "government"),
        "镇坪县": ("陕西省", "安康市", "镇坪县", "610927", "county", "government"),
        "上海市人民政府办公厅": ("上海市", "", "", "310000", "province", "department"),
        "平潭综合实验区": ("福建省", "福州市", "平潭县", "350128", "county", "government"),
        "平潭综合实验区公安局": ("福建省", "福州市", "平潭县", "350128", "county", "department"),
        "北京市朝阳区人民政府": ("北京市", "", "朝阳区", "110105", "county", "government"),
        "浙江省杭州市余杭区仁和街道办事处": ("浙江省", "杭州市", "余杭区", "330110", "township", "government"),
        "国务院办公厅": ("", "", "", "", "national", "department"),
        "国家税务总局淮安市洪泽区税务局": ("江苏省", "淮安市", "洪泽区", "320813", "county", "department"),
        "邢台县人民政府": ("河北省", "邢台市", "邢台县", "130521", "county", "government"),  # its code until 2020
    }
    empty = region_of("nothing")
    assert empty.region_code == empty.level == ""
    # unknown, misspelt (沐阳 for 沭阳), ambiguous (朝阳区: Beijing's or Changchun's?), or a short name
    # that is not a zone's (中山大学): empty, never a guess
    for name in ("某某县人民政府办公室", "沐阳县人民政府", "朝阳区人民政府", "中山大学", "江北新区管委会", ""):
        assert region_of(name) == empty, name


@needs_shared
def test_regions_of_the_corpus_agencies() -> None:
    agencies = {json.loads(p.read_text("utf-8"))["agency"] for p in CORPUS.glob("*.truth.json")}
    codes_found = {a: region_of(a).region_code for a in agencies}
    assert codes_found["淮安市洪泽区人民政府"] == "320813"
    assert codes_found["沐阳县人民政府"] == ""  # the report's own misspelling of 沭阳县
    assert {c for a, c in codes_found.items() if a.startswith("平潭综合实验区")} == {"350128"}


def test_agency_ids_pair_name_variants_and_nothing_else() -> None:
    assert agency_key("平潭综合实验区管委会") == agency_key("平潭综合实验区") == "平潭综合实验区"
    assert agency_id("某某县人民政府") == agency_id("某某县政府") == agency_id("某某县") == agency_id("某某 县")
    assert agency_id("某某县人民政府办公室") == agency_id("某某县政府办公室") != agency_id("某某县")
    assert agency_id("平潭综合区行政审批局") != agency_id("平潭综合实验区行政审批局")  # unsure: left apart
    assert re.fullmatch(r"a[0-9a-f]{12}", agency_id("镇坪县")) and agency_id(None) == agency_id("") == ""


def test_cross_year_checks_pair_by_agency_id() -> None:
    rows = {"applications": {"carried_over": {"total": 3}, "carried_forward": {"total": 3}}}
    first = Facts("a/2020.txt", "平潭综合实验区管委会", 2020, {"applications": "2019"}, rows)
    second = Facts("b/2021.txt", "平潭综合实验区", 2021, {"applications": "2021"}, rows)
    other = Facts("c/2021.txt", "平潭综合实验区办公室", 2021, {"applications": "2021"}, rows)
    checks = cross_check([first, second, other])
    assert {(c.path, c.prev_path, c.status) for c in checks} == {("b/2021.txt", "a/2020.txt", "pass")}


def test_row_builder_reads_reports_and_their_json_alike() -> None:
    report = extract(FIXTURES / "docx" / "blanks_dashes.docx")
    a = build(ReportData.from_report(report))
    b = build(ReportData.from_dict(json.loads(report.to_json())))
    assert a == b
    statuses = {row[-2] for row in a.long}
    assert {"printed", "dash", "blank_zero"} <= statuses


def visible(root: Path) -> dict[str, bytes]:
    """Every output but the hidden journal and parts; summary.csv without its measured seconds."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            data = p.read_bytes()
            if rel.name == "summary.csv":
                data = b"\n".join(line.rsplit(b",", 1)[0] for line in data.splitlines())
            out[rel.as_posix()] = data
    return out


def test_dask_gives_the_files_the_local_pool_gives(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'gi-extract[dask]')")
    src = tmp_path / "in"
    src.mkdir()
    for path in sorted((FIXTURES / "text").glob("*.txt"))[:5]:
        shutil.copyfile(path, src / path.name)
    (src / "empty.txt").write_bytes(b"")
    local = convert_folder([src], tmp_path / "local", workers=2)
    dask = convert_folder([src], tmp_path / "dask", workers=2, engine="dask")
    assert [r["status"] for r in dask.rows] == [r["status"] for r in local.rows]
    assert [r["error"] for r in dask.rows if r["status"] == "error"] == ["empty file"]
    assert visible(tmp_path / "dask") == visible(tmp_path / "local")
    again = convert_folder([src], tmp_path / "dask", workers=2, engine="dask", resume=True)
    assert (again.processed, again.skipped) == (0, 6)
    timed = convert_folder([src], tmp_path / "timed", workers=1, engine="dask", timeout=0.0001)
    assert {r["error"] for r in timed.rows if r["path"] != "empty.txt"} == {"timed out after 0.0001 s"}


def test_dask_converter_processes_that_die_or_hang_cost_only_their_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the local pool does for a dead or stuck worker, a Dask worker thread does for its converter."""
    import os
    import signal

    from gi_extract.bulk import engine_dask
    from gi_extract.bulk.plan import Input

    (tmp_path / ".gi-extract-tmp").mkdir()
    shutil.copyfile(FIXTURES / "text" / "official_2021.txt", tmp_path / "a.txt")
    item = Input(tmp_path / "a.txt", "a.txt")
    converter = engine_dask._Converter(tmp_path, 5.0)
    try:
        outcome, reason = converter.convert(item)
        assert outcome is not None and outcome.status == "ok" and reason is None
        converter.process.kill()
        converter.process.wait()
        assert converter.convert(item) == (None, None)  # first death: worth a second try
        assert converter.convert(Input(item.path, item.rel, attempts=1))[1] == (
            "worker process died while reading it (killed by signal 9; out of memory?)"
        )
    finally:
        converter.stop()
    monkeypatch.setattr(engine_dask, "HARD_LIMIT_GRACE", 0.2)
    stuck = engine_dask._Converter(tmp_path, 0.5)
    try:
        os.kill(stuck.process.pid, signal.SIGSTOP)  # deaf to its own time limit, like a hung C library
        assert stuck.convert(item) == (None, "timed out after 0.5 s (stuck, worker killed)")
    finally:
        stuck.stop()
    assert engine_dask.convert_remote(item, tmp_path, 5.0).status == "ok"
    assert engine_dask.stop_converters() == 1


def test_bulk_engine_options_are_checked(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "gi_extract", "bulk", str(FIXTURES / "text"), "-o", str(tmp_path / "o"), *args]
        return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)

    bad = run("--engine", "spark")
    assert bad.returncode == 2 and "engine must be one of local, dask, not 'spark'" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    alone = run("--scheduler", "tcp://127.0.0.1:8786")
    assert alone.returncode == 2 and "--scheduler is for --engine dask" in alone.stderr
