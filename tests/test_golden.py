"""Golden files: every fixture's whole output is pinned; `make golden` rewrites them.

Two oracles: the expected JSON (any field, any number) and the planted numbers in
``<name>.truth.json`` (written by the fixture scripts independently of the extractor).
"""

import json
import os
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, assert_checks_match_known_errors, flatten, glued_misses

sys.path.insert(0, str(ROOT / "scripts"))
from update_golden import expected_path, fixture_files, golden_json

CASES = [p for p in fixture_files(FIXTURES) if expected_path(p).exists()]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_there_are_golden_files() -> None:
    assert len([p for p in CASES if p.parent.name == "text"]) >= 9


@pytest.mark.parametrize("fixture", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_output_equals_the_golden_file(fixture: Path) -> None:
    expected = json.loads(expected_path(fixture).read_text("utf-8"))
    got = json.loads(golden_json(fixture))
    assert got == expected, f"output changed; if intended run `make golden` and review git diff ({os.sep}fixtures)"


@pytest.mark.parametrize(
    "fixture",
    [p for p in CASES if p.with_name(p.name.rsplit(".", 1)[0] + ".truth.json").exists()],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_planted_numbers_come_back(fixture: Path) -> None:
    truth = json.loads(fixture.with_name(fixture.name.rsplit(".", 1)[0] + ".truth.json").read_text("utf-8"))
    got = json.loads(golden_json(fixture))
    # glued text: digits that split several ways, or that no split can fit (a publisher's error,
    # blank cells that left no trace) are null, and say so; a bound misleads only where the
    # planted numbers break it, and says so
    assert glued_misses(got, truth) == {}
    assert got["report"]["template"] == truth["template"]
    assert got["report"]["year"] == truth["year"]
    assert_checks_match_known_errors(got["checks"], truth)


def test_golden_test_fails_when_one_number_changes(tmp_path: Path) -> None:
    """Change one printed number in a fixture: its output differs from the golden file in that cell only."""
    fixture = FIXTURES / "text" / "official_2021.txt"
    expected = json.loads(expected_path(fixture).read_text("utf-8"))
    cell = next(c for c in expected["cells"] if c["key"] == "applications.granted.natural_person")
    lines = fixture.read_text("utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.strip() == "（一）予以公开")
    value_line = next(i for i in range(row + 1, len(lines)) if lines[i].strip() == cell["raw"])
    lines[value_line] = lines[value_line].replace(cell["raw"], str(int(cell["raw"]) + 1))
    changed = tmp_path / fixture.name
    changed.write_text("\n".join(lines), encoding="utf-8")
    from gi_extract import extract

    got = extract(changed).to_dict()
    diff = {k for k, v in flatten(got["tables"]).items() if flatten(expected["tables"])[k] != v}
    assert diff == {"applications.granted.natural_person"}
    assert got["tables"] != expected["tables"]
