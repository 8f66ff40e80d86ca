"""The template registry: shipped editions validate, broken files stop the run (exit 4), new editions are data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gi_extract.errors import ConfigurationError
from gi_extract.template import HERE, LOCK, load, registry, template_files

from conftest import FIXTURES, ROOT, SHARED, needs_shared


def copy_template(tmp_path: Path) -> Path:
    root = tmp_path / "template"
    shutil.copytree(HERE, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (root / LOCK).unlink()
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_files_validate_and_the_lock_names_exactly_them() -> None:
    reg = load(validate=True)
    assert list(reg.names) == sorted(reg.names, key=lambda n: reg.editions[n].first_year)
    lock = json.loads((HERE / LOCK).read_text("utf-8"))["files"]
    assert sorted(lock) == sorted(p.relative_to(HERE).as_posix() for p in template_files())
    fresh = copy_template(Path(os.environ.get("TMPDIR", "/tmp")) / f"gi-lock-{os.getpid()}")
    try:
        from gi_extract.template import write_lock

        write_lock(fresh)
        assert json.loads((fresh / LOCK).read_text("utf-8"))["files"] == lock, "run scripts/validate_template.py"
    finally:
        shutil.rmtree(fresh.parent)


@needs_shared
def test_editions_carry_the_spec_keys_and_labels() -> None:
    """Every canonical key and official label of ../shared/spec/keys.json is in the editions."""
    spec = json.loads((SHARED / "spec" / "keys.json").read_text("utf-8"))["tables"]
    reg = registry()
    for name in ("2019", "2021"):
        active = reg.editions[name].tables["active_disclosure"]
        want = {(r, label) for g in spec["active_disclosure"]["groups"][name] for r, label in g["rows"].items()}
        assert {(r.key, r.label) for r in active.rows} == want
        apps = reg.editions[name].tables["applications"]
        assert [r.key for r in apps.rows] == list(spec["applications"]["rows"][name])
        for row in apps.rows:
            official = spec["applications"]["rows"][name][row.key]
            assert row.label.replace(" ", "") in official.replace(" ", ""), (row.key, official)
        assert {c.key: c.label for c in apps.columns.values()} == spec["applications"]["columns"]
    reviews = reg.latest.tables["reviews_litigation"]
    assert [r.key for r in reviews.rows] == list(spec["reviews_litigation"]["rows"])


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        ("editions/2021.json", '"edition": "2021",', '"edition": "2021"', ["line 4", "invalid JSON"]),
        ("editions/2021.json", '"unit": "count"', '"unit": "pieces"', ["line", "unit", "pieces"]),
        ("editions/2021.json", '"notice":', '"notise":', ["notise"]),
        (
            "editions/2019.json",
            '"right": ["total_processed", "carried_forward"]',
            '"right": ["total_processd"]',
            ["applications.balance", "total_processd"],
        ),
        ("editions/2019.json", '"label": "2.重复申请"', '"label": "1.信访举报投诉类申请"', ["share the label"]),
        ("editions/2019.json", '"group": "unable"', '"group": "unabel"', ["undefined group", "unabel"]),
        ("editions/2021.json", '"years": [2021, null]', '"years": [2020, null]', ["both cover 2020"]),
        ("report.json", '"id": "reviews_litigation"', '"id": "reviews"', ["undefined table"]),
        (
            "editions/2021.json",
            '"at_least": ["issued", "repealed"]',
            '"at_least": ["issue"]',
            ["in_force_floor", "issue"],
        ),
    ],
)
def test_a_broken_template_file_is_named_with_the_problem(
    tmp_path: Path, file: str, old: str, new: str, words: list[str]
) -> None:
    root = copy_template(tmp_path)
    edit(root / file, old, new)
    with pytest.raises(ConfigurationError) as err:
        load(root)
    message = str(err.value)
    assert message.startswith(str(root / file)) or "editions" in message
    for word in words:
        assert word in message


def test_unchanged_files_are_not_revalidated_but_changed_ones_are(tmp_path: Path) -> None:
    from gi_extract.template import write_lock

    root = copy_template(tmp_path)
    write_lock(root)
    code = (
        "import sys; from pathlib import Path; from gi_extract.template import load; "
        f"load(Path({str(root)!r})); print('pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    edit(root / "editions/2021.json", '"label": "规章"', '"label": "规章 "')
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_a_new_edition_is_a_new_file(tmp_path: Path) -> None:
    """A revision for 2026 on: a copy of 2021 with one more table-二 row; no code changes."""
    root = copy_template(tmp_path)
    edit(root / "editions/2021.json", '"years": [2021, null]', '"years": [2021, 2025]')
    data = json.loads((root / "editions/2021.json").read_text("utf-8"))
    data["edition"], data["years"], data["notice"] = "2026", [2026, None], "国办公开办函〔2026〕1号"
    data["tables"]["active_disclosure"]["blocks"][0]["rows"].append({"key": "plans", "label": "规划计划"})
    (root / "editions/2026.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    reg = load(root)
    assert reg.names == ("2019", "2021", "2026")
    assert reg.for_year(2027) is reg.editions["2026"] and reg.for_year(2024) is reg.editions["2021"]
    assert "plans" in reg.editions["2026"].tables["active_disclosure"].cells


def package_copy(tmp_path: Path) -> Path:
    """A copy of the installed package to break, run with PYTHONPATH pointing at it."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "gi_extract", src / "gi_extract", ignore=shutil.ignore_patterns("__pycache__"))
    return src


def test_the_cli_exits_4_naming_the_file_and_line(tmp_path: Path) -> None:
    src = package_copy(tmp_path)
    broken = src / "gi_extract" / "template" / "editions" / "2019.json"
    edit(broken, '"key": "granted"', '"key": "granted",')
    fixture = FIXTURES / "text" / "official_2021.txt"
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-m", "gi_extract", str(fixture)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 4
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(broken) in lines[0] and "line" in lines[0] and "Traceback" not in done.stderr
