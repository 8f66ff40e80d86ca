"""CJK radicals written where a report prints ordinary ideographs (Chromium's PDFs) read as the ideographs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gi_extract import extract
from gi_extract.readers.radicals import SUPPLEMENT, fold_radicals

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RADICAL_OF = {ideograph: radical for radical, ideograph in zip(SUPPLEMENT[::2], SUPPLEMENT[1::2], strict=True)} | {
    "一": "⼀",
    "二": "⼆",
    "人": "⼈",
    "行": "⾏",
    "文": "⽂",
    "用": "⽤",
    "工": "⼯",
    "方": "⽅",
}
"""Ideographs and the radical a PDF producer may write for each (a few Kangxi, every Supplement one)."""


def in_radicals(text: str) -> str:
    return "".join(RADICAL_OF.get(ch, ch) for ch in text)


def has_radicals(text: str) -> bool:
    return any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text)


def test_fold_maps_kangxi_and_supplement_radicals_one_character_each() -> None:
    printed = "⾏政规范性⽂件 ⼈⺠政府 ⻓⻘⻰"
    folded = fold_radicals(printed)
    assert folded == "行政规范性文件 人民政府 长青龙"
    assert len(folded) == len(printed)  # source positions stay right
    assert fold_radicals("⺀ 𠂉 人民 12") == "⺀ 𠂉 人民 12"  # a radical no ideograph draws, and plain text, are left


@pytest.mark.parametrize(
    "fixture", ["layout/browser.txt", "text/official_2021.txt", "html/official_2021.html"], ids=lambda f: f
)
def test_a_report_written_in_radicals_reads_as_the_report(fixture: str, tmp_path: Path) -> None:
    """The layout reader finds headings and labels by their words before anything else sees
    them, so the text is folded as it is read, not only the cells at the end."""
    source = FIXTURES / fixture
    text = source.read_text(encoding="utf-8")
    copy = tmp_path / source.name
    copy.write_text(in_radicals(text), encoding="utf-8")
    assert has_radicals(copy.read_text(encoding="utf-8"))
    want = extract(source).to_dict()
    got = extract(copy).to_dict()
    for report in (want, got):
        report.pop("source")
    assert got == want
    assert not has_radicals(json.dumps(got, ensure_ascii=False))


def test_chromium_pdf_names_its_agency_and_rows_in_plain_characters() -> None:
    """browser.pdf's text layer writes 行 as ⾏ and 人 as ⼈ (pdfplumber gives what the PDF says)."""
    import pdfplumber

    with pdfplumber.open(FIXTURES / "pdf" / "browser.pdf") as pdf:
        assert any(has_radicals(p.extract_text() or "") for p in pdf.pages)
    report = extract(FIXTURES / "pdf" / "browser.pdf")
    truth = json.loads((FIXTURES / "pdf" / "browser.truth.json").read_text(encoding="utf-8"))
    assert (report.report.title, report.report.agency) == (truth["title"], truth["agency"])
    assert not has_radicals(report.to_json())
    assert not [w for w in report.warnings if w.code == "label_fuzzy"]
