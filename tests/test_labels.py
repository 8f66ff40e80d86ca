import pytest

from gi_extract.labels import best_match, normalise


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("（三） 不予公开", "（三）不予公开"),
        ("(三)不予公开", "（三）不予公开"),
        ("总 计", "总计"),
        ("1、属于国家秘密", "1.属于国家秘密"),
        ("1．属于国家秘密", "1.属于国家秘密"),
        ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
        ("商业\n企业", "商业企业"),
        ("第二十条 第（一）项", "第二十条第(一)项"),
    ],
)
def test_printed_variants_normalise_to_the_official_label(printed: str, canonical: str) -> None:
    assert normalise(printed) == normalise(canonical)


def test_typo_still_matches_with_its_score_kept() -> None:
    m = best_match("2.其他法律行政止公开", {"a": ["2.其他法律行政法规禁止公开"], "b": ["1.属于国家秘密"]})
    assert m is not None and m.key == "a"
    assert 80 <= m.score < 100


def test_no_candidates_is_none() -> None:
    assert best_match("规章", {}) is None
