"""The agency of a report that prints neither title nor signature, from its own text."""

from __future__ import annotations

import pytest

from gi_extract import extract
from gi_extract.grid import Document, Paragraph
from gi_extract.locate import locate
from gi_extract.metadata import agency_from_text, extract_metadata

from conftest import CORPUS, grid_from, load_truth, needs_shared


def doc(*texts: str) -> Document:
    table = grid_from("申请人情况/自然人|总计/一、本年新收政府信息公开申请数量|1|1")
    return Document("x.txt", "text", [*(Paragraph(t) for t in texts), table])


def test_the_full_name_the_report_calls_itself_by() -> None:
    d = doc(
        "根据《条例》要求，结合我局实际，编制本报告。如有疑问，请与平潭综合区行政审批局办公室联系。",
        "一、总体情况",
        "区行政审批局坚持……“平潭综合实验区行政审批局”微信公众号共发布信息435条，“平潭综合实验区行政审批局”网站……",
    )
    meta = extract_metadata(d, locate(d))
    assert meta.agency == "平潭综合实验区行政审批局"  # twice, against the misspelt contact line's once
    assert [(w.code, w.severity) for w in meta.warnings if w.code.startswith("agency")] == [
        ("agency_from_text", "doubt")
    ]


def test_no_self_reference_or_a_tie_is_unknown() -> None:
    assert agency_from_text(doc("淮安市公安局与淮安市交通运输局联合……", "一、总体情况")) is None  # no 我局
    assert agency_from_text(doc("我局会同淮安市公安局、镇坪县公安局……", "一、总体情况")) is None  # a tie
    # 公安 is 公安县's short name: a division followed directly by the end word is not a name
    assert agency_from_text(doc("我局推进公安局政务公开……公安局……", "一、总体情况")) is None


@needs_shared
@pytest.mark.parametrize("name", ["r023", "r034"])
def test_corpus_reports_without_title_or_signature(name: str) -> None:
    truth = load_truth(CORPUS / f"{name}.txt")
    for path in sorted(CORPUS.glob(f"{name}.*")):
        if path.suffix != ".json":
            assert extract(path).report.agency == truth["agency"], path.name
