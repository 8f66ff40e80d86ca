"""Golden files: every fixture's whole output is pinned; `make golden` rewrites them.

Two oracles: the expected JSON (any field, any number) and the planted numbers in
``<name>.truth.json`` (written by the fixture scripts independently of the extractor).
"""

import json
import os
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, flatten

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
    want = flatten(truth["tables"])
    have = flatten(got["tables"])
    wrong = {k: (v, have.get(k)) for k, v in want.items() if have.get(k) != v}
    assert not wrong
    assert got["report"]["template"] == truth["template"]
    assert got["report"]["year"] == truth["year"]
    failed = [c for c in got["checks"] if not c["ok"]]
    assert bool(failed) == bool(truth["known_errors"])


def test_golden_test_fails_when_one_number_changes() -> None:
    fixture = FIXTURES / "text" / "official_2021.txt"
    expected = json.loads(expected_path(fixture).read_text("utf-8"))
    expected["tables"]["applications"]["rows"]["granted"]["natural_person"] += 1
    assert json.loads(golden_json(fixture)) != expected
