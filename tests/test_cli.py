"""The command line as a user meets it: real processes, exit codes, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES, ROOT

CLI = [sys.executable, "-m", "gi_extract"]  # the console script's own entry (entry.main)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def schema() -> dict:
    out = run("schema")
    assert out.returncode == 0
    return json.loads(out.stdout)


def test_every_fixture_output_validates_against_the_schema(schema: dict) -> None:
    for path in sorted((FIXTURES / "text").glob("*.txt")):
        out = run(str(path))
        assert out.returncode == 0, out.stderr
        jsonschema.validate(json.loads(out.stdout), schema)


def test_the_schema_refuses_what_the_contract_does_not_allow(schema: dict) -> None:
    report = json.loads(run(str(FIXTURES / "text" / "official_2021.txt")).stdout)
    jsonschema.validate(report, schema)
    for path, value in [
        (("report", "template"), "2020"),  # not an edition the registry knows
        (("warnings", 0), {"code": "x", "message": "y"}),  # severity missing
        (("source", "extra_field"), 1),
        (("checks", 0, "status"), "maybe"),
    ]:
        bad = json.loads(json.dumps(report))
        target = bad
        for part in path[:-1]:
            target = target[part]
        if isinstance(target, list) and not target:
            target.append({})
        target[path[-1]] = value
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
    assert set(schema["x-canonical-keys"]) == {"2019", "2021"}
    assert "other.no_correction" in schema["x-canonical-keys"]["2021"]["applications"]
    described = [name for name, prop in schema["$defs"]["CellOut"]["properties"].items() if not prop.get("description")]
    assert described == []


def test_inspect_names_an_internal_error_in_one_line_too(tmp_path: Path) -> None:
    """``inspect`` is run on the files that went wrong: a bug met there is the same one line, exit 4."""
    fixture = str(FIXTURES / "text" / "official_2021.txt")
    script = tmp_path / "boom.py"
    script.write_text(
        "import gi_extract.readers.text as text\n"
        "def boom(*a, **k):\n    raise KeyError((-1, 0))\n"
        "text._parse = boom\n"
        "from gi_extract.entry import main\nmain()\n"
    )
    out = subprocess.run([sys.executable, str(script), "inspect", fixture], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 4
    assert out.stderr.strip().splitlines() == [
        f"gi-extract: error: internal error while reading {fixture}: KeyError: (-1, 0) (please report)"
    ]
    debug = subprocess.run([sys.executable, str(script), "inspect", fixture, "--debug"], capture_output=True, text=True)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_an_internal_error_is_one_line_exit_4_and_a_traceback_only_when_asked(tmp_path: Path) -> None:
    fixture = str(FIXTURES / "text" / "official_2021.txt")
    code = (
        "import sys, gi_extract.api as api\n"
        "def boom(*a, **k):\n    raise ZeroDivisionError('planted')\n"
        "api.build_report = boom\n"
        "from gi_extract.entry import main\nmain()\n"
    )
    script = tmp_path / "boom.py"
    script.write_text(code)
    out = subprocess.run([sys.executable, str(script), fixture], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 4
    assert out.stderr.strip().splitlines() == [
        f"gi-extract: error: internal error while reading {fixture}: ZeroDivisionError: planted (please report)"
    ]
    debug = subprocess.run([sys.executable, str(script), fixture, "--debug"], capture_output=True, text=True, cwd=ROOT)
    assert debug.returncode != 0 and "Traceback" in debug.stderr and "ZeroDivisionError: planted" in debug.stderr
    env = subprocess.run(
        [sys.executable, str(script), fixture],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**__import__("os").environ, "GI_EXTRACT_DEBUG": "1"},
    )
    assert "Traceback" in env.stderr


@pytest.mark.parametrize("command", ["", "extract", "bulk", "inspect", "schema"])
def test_help_is_plain_text_a_person_reads(command: str) -> None:
    args = [command, "-h"] if command else ["-h"]
    out = run(*[a for a in args if a])
    assert out.returncode == 0 and out.stdout.startswith("Usage: gi-extract")
    for internal in ("<bool>", "<list[", "<float range", "<int range", "{file}", "{inputs}", ":func:", "``", "<path>"):
        assert internal not in out.stdout, internal
    assert "Exit codes:" in out.stdout and "4  configuration or internal error" in out.stdout


def test_version() -> None:
    import gi_extract

    out = run("--version")
    assert out.returncode == 0 and out.stdout == f"gi-extract {gi_extract.__version__}\n"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blob.bin", bytes(range(256)) * 40, "binary"),
        (
            "novel.txt",
            "第一章\n很久很久以前，有一座山。\n山里有座庙。\n".encode() * 50,
            "the words 信息公开 appear nowhere",
        ),
        ("lost.txt", "本机关2024年政府信息公开工作年度报告。表格从略，详见附件。\n".encode() * 20, "no standard table"),
        ("fake.docx", b"PK\x03\x04 this is not really a zip", "DOCX"),
        ("fake.pdf", b"%PDF-1.4\n garbage", "fake.pdf"),
    ],
)
def test_bad_input_exits_3_with_one_line(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = run(str(path))
    assert out.returncode == 3
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in out.stderr


def test_missing_path_exits_3(tmp_path: Path) -> None:
    out = run(str(tmp_path / "nope.docx"))
    assert out.returncode == 3
    assert out.stderr.strip().count("\n") == 0 and "no such file" in out.stderr


def test_usage_error_exits_2() -> None:
    assert run("extract").returncode == 2
    assert run(str(FIXTURES / "text" / "official_2021.txt"), "--format", "xml").returncode == 2


def test_strict_exits_1_on_a_failed_check_and_0_otherwise() -> None:
    bad = FIXTURES / "text" / "arith_error_2021.txt"
    good = FIXTURES / "text" / "official_2021.txt"
    assert run(str(bad)).returncode == 0
    out = run(str(bad), "--strict")
    assert out.returncode == 1
    failed = [c for c in json.loads(out.stdout)["checks"] if not c["ok"]]
    assert {c["id"] for c in failed} == {"applications.row_total", "applications.balance"}
    assert all("applications.new_received.total" in c["cells"] for c in failed)
    assert run(str(good), "--strict").returncode == 0


def test_csv_long_format(tmp_path: Path) -> None:
    out = run(str(FIXTURES / "text" / "official_2021.txt"), "--format", "csv")
    lines = out.stdout.splitlines()
    assert lines[0] == "\ufeffpath,agency,year,key,table,row,column,value,raw,blank,page,label,doubts"
    prefix = (
        f"{FIXTURES / 'text' / 'official_2021.txt'},某某市某某局,2022,"
        "applications.denied.state_secret.natural_person,applications,denied.state_secret,natural_person,"
    )
    assert any(line.startswith(prefix) for line in lines)
    fuzzy = run(str(FIXTURES / "text" / "label_drift_2019.txt"), "--format", "csv").stdout.splitlines()
    assert any(line.endswith(",value_note") and "amount_yuan" in line for line in fuzzy)
    assert len(lines) == 1 + 10 + 25 * 7 + 15


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    out = run(str(FIXTURES / "text" / "official_2021.txt"), "-o", str(target))
    assert out.returncode == 0 and out.stdout == ""
    assert json.loads(target.read_text("utf-8"))["report"]["year"] == 2022
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]
    missing = tmp_path / "no" / "such" / "out.json"
    out = run(str(FIXTURES / "text" / "official_2021.txt"), "-o", str(missing))
    assert out.returncode == 4 and not missing.parent.exists()
    assert out.stderr.count("\n") == 1 and "does not exist" in out.stderr


def test_text_input_does_not_import_pdfplumber() -> None:
    code = (
        "import sys; from gi_extract import extract; "
        f"extract({str(FIXTURES / 'text' / 'official_2021.txt')!r}); "
        "print('pdfplumber' in sys.modules, 'docx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_inspect_explains_grids_and_matches() -> None:
    out = run("inspect", str(FIXTURES / "text" / "mixed_2021.txt"))
    assert out.returncode == 0
    assert "→ table 三 (signature)" in out.stdout
    assert "applications.other ← '（六）其他处理' [100]" in out.stdout
    assert "template_mixed" in out.stdout
    assert run("inspect", str(FIXTURES / "nope.txt")).returncode == 3


def test_inspect_shows_what_was_read_when_no_table_is_found(tmp_path: Path) -> None:
    """The case inspect is for: the grids the reader made are printed, then why none was taken (exit 3)."""
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n\n项目\t数量\t金额\n甲\t1\t2\n乙\t3\t4\n", "utf-8")
    out = run("inspect", str(path))
    assert out.returncode == 3
    assert "grid 0 (3 rows × 3 columns)" in out.stdout
    assert "r1: 甲 | 1 | 2" in out.stdout
    assert "the best grid holds 0 of a table's signature words; 2 are needed" in out.stdout
    assert out.stderr.count("\n") == 1 and "no standard table found" in out.stderr


@pytest.mark.parametrize(
    ("data", "args", "reason"),
    [
        (b"", [], "empty file"),
        ((FIXTURES / "docx" / "arith_error.docx").read_bytes(), ["--format-in", "pdf"], "broken PDF"),
    ],
)
def test_stdin_errors_name_stdin_not_a_temporary_copy(data: bytes, args: list[str], reason: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gi_extract", "-", *args], input=data, capture_output=True, timeout=120
    )
    assert result.returncode == 3
    line = result.stderr.decode()
    assert line.startswith(f"gi-extract: error: <stdin>: {reason}") and line.count("\n") == 1


def test_library_errors_name_bytes_as_the_caller_does() -> None:
    from gi_extract import extract
    from gi_extract.errors import NoStandardTable

    with pytest.raises(NoStandardTable, match=r"^report\.txt: no standard table found"):
        extract(b"no tables here", name="report.txt")
    with pytest.raises(TypeError, match="path, bytes or a binary file object, not int"):
        extract(123)  # type: ignore[arg-type]


def test_check_reads_a_report_from_stdin_alone() -> None:
    piped = subprocess.run(
        [sys.executable, "-m", "gi_extract", "check", "-", "-f", "md"],
        input=(FIXTURES / "docx" / "arith_error.docx").read_bytes(),
        capture_output=True,
        timeout=120,
    )
    assert piped.returncode == 0, piped.stderr
    report = FIXTURES / "docx" / "arith_error.docx"
    direct = subprocess.run(
        [sys.executable, "-m", "gi_extract", "check", str(report), "-f", "md"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.stdout.decode().replace("<stdin>", str(report)) == direct.stdout
    with_decision = subprocess.run(
        [sys.executable, "-m", "gi_extract", "check", "-", "--dismiss", "abc"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert with_decision.returncode == 2
    assert "reviewed alone" in with_decision.stderr


def test_inspect_reads_a_report_from_stdin() -> None:
    """The same account as for the file, naming <stdin>; a piped file without tables ends with exit 3."""
    report = FIXTURES / "docx" / "arith_error.docx"
    piped = subprocess.run(
        [sys.executable, "-m", "gi_extract", "inspect", "-"],
        input=report.read_bytes(),
        capture_output=True,
        timeout=120,
    )
    assert piped.returncode == 0, piped.stderr
    direct = run("inspect", str(report))
    assert piped.stdout.decode().replace("<stdin>", str(report)) == direct.stdout
    empty = subprocess.run(
        [sys.executable, "-m", "gi_extract", "inspect", "-"], input=b"", capture_output=True, timeout=120
    )
    assert empty.returncode == 3 and empty.stderr.decode() == "gi-extract: error: <stdin>: empty file\n"
    plain = subprocess.run(
        [sys.executable, "-m", "gi_extract", "inspect", "-"],
        input="某某县 信息公开 一段没有表格的文字。".encode(),
        capture_output=True,
        timeout=120,
    )
    assert plain.returncode == 3 and plain.stderr.decode().startswith("gi-extract: error: <stdin>: no standard table")
