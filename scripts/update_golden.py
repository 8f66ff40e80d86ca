"""Regenerate the golden ``<name>.expected.json`` beside every fixture (``make golden``).

Run it after an intended change, read ``git diff fixtures/`` and commit what is right:
tests/test_golden.py fails whenever one number (or any other field) of an output changes.
Paths are written relative to the repository root, so the files don't depend on the clone.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gi_extract import GiExtractError, extract  # noqa: E402

OCR_FIXTURES = ("scan/", "pdf/scanned.pdf")
"""Scans, read by the optional OCR extra: pinned by their truth files in tests/test_reader_ocr.py, not by golden
files (the engine's output may differ in a digit's confidence from one onnxruntime build to the next)."""


def fixture_files(root: Path = ROOT / "fixtures") -> list[Path]:
    """Every fixture input: the files under fixtures/ that are not JSON (scans left out)."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not p.name.endswith(".json")
        and not p.name.startswith(".")
        and not p.relative_to(root).as_posix().startswith(OCR_FIXTURES)
    )


def expected_path(fixture: Path) -> Path:
    return fixture.with_name(fixture.name.rsplit(".", 1)[0] + ".expected.json")


def golden_json(fixture: Path) -> str:
    """The output for a fixture as the golden file stores it (path relative to the repo root)."""
    rel = fixture.resolve().relative_to(ROOT)
    return extract(rel).to_json() + "\n"


def main() -> None:
    import os

    os.chdir(ROOT)
    for fixture in fixture_files():
        try:
            text = golden_json(fixture)
        except GiExtractError as exc:
            print(f"skip {fixture.relative_to(ROOT)}: {exc}")
            continue
        target = expected_path(fixture)
        old = target.read_text("utf-8") if target.exists() else None
        if old != text:
            target.write_text(text, encoding="utf-8")
            print(f"{'updated' if old else 'created'} {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
