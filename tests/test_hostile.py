"""Hostile and broken input, at small scale (issue #18).

Each class of scripts/make_hostile.py is built in a temporary folder and given to the CLI in a
child process with a memory ceiling and a time limit: the run must end with the documented exit
code, one line on stderr naming the file, no traceback and no partial output. Then bulk over the
same folder: the bad files must not stop or spoil the good ones. Last, bytes of real fixtures
are mutated at random and read in-process: the library may refuse them (``GiExtractError``),
never crash with anything else. Full-scale figures (time and peak memory) are measured by
bench/bench_hostile.py, not here.
"""

from __future__ import annotations

import csv
import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gi_extract import extract
from gi_extract.errors import GiExtractError

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import make_hostile

CLI = [sys.executable, "-m", "gi_extract"]
SCALE = 0.02
"""Two per cent of the full-size classes: tens of kilobytes to a few megabytes each."""
MEMORY = 2 * 1024**3
"""Address-space ceiling for the child (bytes): a reader that held a bomb whole would hit it."""
SECONDS = 120

EXPECTED: dict[str, tuple[int, str | None]] = {
    # class: (exit code, a warning code the output must carry, or a word the error line must say)
    "html_huge_spans": (0, "table_truncated"),
    "html_huge_table": (3, "table cells"),
    "text_rows": (3, "no standard table"),
    "text_tabs": (3, "no standard table"),
    "text_one_line": (0, "row_missing"),
    "text_numbers_line": (3, "no standard table"),
    "text_boxes": (3, "drawn table cells"),
    "text_layout": (0, "table_truncated"),
    "text_markdown": (0, "table_truncated"),
    "text_bad_bytes": (0, "text_encoding"),
    "text_big5": (3, "Big5"),
    "docx_lying_zip": (3, "DOCX"),
    "pdf_truncated": (3, "broken PDF"),
    "pdf_corrupt_stream": (3, "PDF"),
    "pdf_many_pages": (3, "no standard table"),
    "binary_noise": (3, "binary"),
    "name_not_utf8": (0, None),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_hostile.build(tmp_path_factory.mktemp("hostile"), SCALE)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, cwd=cwd, timeout=SECONDS, preexec_fn=_limit)


def test_every_class_is_built(hostile: dict[str, Path]) -> None:
    assert set(hostile) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_input_ends_with_the_documented_exit_and_one_line(
    hostile: dict[str, Path], name: str, tmp_path: Path
) -> None:
    code, sign = EXPECTED[name]
    out = tmp_path / "out.json"
    done = run(hostile[name], "-o", out)
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    assert done.returncode == code, stderr
    if code == 0:
        report = json.loads(out.read_text("utf-8"))
        assert len(out.read_bytes()) < 2 * 1024**2  # warnings are capped per code
        codes = {w["code"] for w in report["warnings"]}
        if sign:
            assert sign in codes
        assert report["source"]["path"].isprintable()
    else:
        assert not out.exists()  # no partial file
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, stderr
        assert lines[0].startswith("gi-extract: error: ")
        assert hostile[name].name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") in lines[0]
        assert sign and sign in lines[0]


def test_a_name_that_is_not_utf8_is_printed_escaped(hostile: dict[str, Path]) -> None:
    done = run(hostile["name_not_utf8"])
    assert done.returncode == 0
    assert json.loads(done.stdout)["source"]["path"].endswith("name-\\xff\\xfe.txt")


def test_bulk_over_hostile_files_converts_the_good_and_reports_the_bad(
    hostile: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = run("bulk", next(iter(hostile.values())).parent, "-o", out, "--workers", "2")
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    assert done.returncode == 3, stderr  # some inputs were unreadable
    with (out / "summary.csv").open(encoding="utf-8-sig") as fh:
        rows = {row["path"]: row for row in csv.DictReader(fh)}
    assert len(rows) == len(EXPECTED)
    for name, path in hostile.items():
        rel = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        row = rows[rel]
        if EXPECTED[name][0] == 0:
            assert row["status"] in {"ok", "checks_failed"}, row
            written = json.loads((out / f"{path.name}.json").read_text("utf-8"))
            assert written["source"]["path"] == rel
        else:
            assert row["status"] == "error" and row["error"], row
            assert not (out / f"{path.name}.json").exists()


FORMATS = {
    "docx": FIXTURES / "docx" / "official_2021.docx",
    "pdf": FIXTURES / "pdf" / "ruled.pdf",
    "html": FIXTURES / "html" / "official_2021.html",
    "txt": FIXTURES / "text" / "official_2021.txt",
}


@pytest.mark.parametrize("ext", sorted(FORMATS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_fixtures_are_read_or_refused_never_crash(ext: str, data: st.DataObject) -> None:
    raw = bytearray(FORMATS[ext].read_bytes())
    for _ in range(data.draw(st.integers(1, 40), label="edits")):
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        kind = data.draw(st.sampled_from(["set", "cut", "repeat"]), label="kind")
        if kind == "set":
            raw[at] = data.draw(st.integers(0, 255), label="byte")
        elif kind == "cut":
            del raw[at : at + data.draw(st.integers(1, 4096), label="length")]
        else:
            raw[at:at] = raw[at : at + 512] * data.draw(st.integers(1, 20), label="times")
        if not raw:
            raw = bytearray(b"x")
    try:
        report = extract(bytes(raw), name=f"mutated.{ext}")
    except GiExtractError as exc:
        assert "\n" not in str(exc)
        assert exc.exit_code in {3, 4}
        assert "internal error" not in str(exc)  # a bug would say so: none may be hit
    else:
        assert json.loads(report.to_json())["source"]["path"] == f"mutated.{ext}"  # a whole, valid output
