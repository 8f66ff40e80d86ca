from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gi_extract import extract
from gi_extract.values import Kind, parse_value


@pytest.mark.parametrize(
    ("raw", "kind", "value", "blank"),
    [
        ("", Kind.COUNT, 0, True),
        ("\u3000", Kind.COUNT, 0, True),
        ("0", Kind.COUNT, 0, False),
        ("—", Kind.COUNT, 0, False),
        ("－", Kind.COUNT, 0, False),
        ("-", Kind.COUNT, 0, False),
        ("/", Kind.COUNT, 0, False),
        ("无", Kind.COUNT, 0, False),
        ("１２", Kind.COUNT, 12, False),
        ("1,234", Kind.COUNT, 1234, False),
        (" 5 ", Kind.COUNT, 5, False),
        ("11件", Kind.COUNT, 11, False),
        ("11（件）", Kind.COUNT, 11, False),
        ("2笔", Kind.COUNT, 2, False),  # procurement counted in transactions
        ("持平", Kind.SIGNED, 0, False),
        ("+207", Kind.SIGNED, 207, False),
        ("＋207", Kind.SIGNED, 207, False),
        ("增加207", Kind.SIGNED, 207, False),
        ("减少111", Kind.SIGNED, -111, False),
        ("减4", Kind.SIGNED, -4, False),
        ("−111", Kind.SIGNED, -111, False),
        ("-18", Kind.SIGNED, -18, False),
        ("12975800元", Kind.YUAN, 12975800, False),
        ("1297.58万元", Kind.YUAN, 12975800, False),
        ("75394432.52元", Kind.YUAN, 75394432.52, False),
        ("[bookmark: _GoBack]12975800元", Kind.YUAN, 12975800, False),
        ("24252.311082", Kind.WAN_YUAN, 24252.311082, False),
        ("7545", Kind.WAN_YUAN, 7545.0, False),
        ("75450000元", Kind.WAN_YUAN, 7545.0, False),
    ],
)
def test_values_read_as_the_contract_says(raw: str, kind: Kind, value: float, blank: bool) -> None:
    parsed = parse_value(raw, kind)
    assert parsed.problem is None
    assert parsed.value == value
    assert isinstance(parsed.value, type(value))
    assert parsed.blank is blank


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("abc", Kind.COUNT),
        ("5.5", Kind.COUNT),
        ("12万元", Kind.COUNT),
        ("约30", Kind.COUNT),
        ("3件", Kind.YUAN),
        ("2笔", Kind.YUAN),
        ("持平", Kind.COUNT),
        ("0 629", Kind.COUNT),  # two numbers a converter set in one cell: a thousands group never opens with 0
        ("12 34", Kind.COUNT),
    ],
)
def test_text_that_is_no_number_is_none_with_a_reason(raw: str, kind: Kind) -> None:
    parsed = parse_value(raw, kind)
    assert parsed.value is None
    assert parsed.problem and raw in parsed.problem


def test_converted_and_assumed_units_leave_a_note() -> None:
    assert parse_value("1297.58万元", Kind.YUAN).note
    assert parse_value("52.15", Kind.YUAN).note
    assert parse_value("75450000元", Kind.WAN_YUAN).note
    assert parse_value("-3", Kind.COUNT).note
    assert not any(parse_value(raw, kind).negative for raw, kind in [("1297.58万元", Kind.YUAN), ("52.15", Kind.YUAN)])


def test_a_count_printed_negative_is_kept_in_doubt(tmp_path: Path) -> None:
    """No count of the template is below 0: a table 二 count with a minus (a slip, or a dash that was no
    sign) has no sum to catch it, so the value carries a doubt, not just a note."""
    assert parse_value("-3", Kind.COUNT).negative
    assert parse_value("-3", Kind.SIGNED).note is None  # 本年增/减 may be negative
    assert parse_value("-24252.311082", Kind.WAN_YUAN).negative and parse_value("-12975800", Kind.YUAN).negative
    for raw, kind in [("-0", Kind.COUNT), ("减少0", Kind.COUNT), ("-0.0", Kind.WAN_YUAN)]:
        zero = parse_value(raw, kind)
        assert zero.value == 0 and not str(zero.value).startswith("-") and not zero.negative
    path = tmp_path / "report.md"
    path.write_text(
        "## 二、主动公开政府信息情况\n\n| 信息内容 | 本年处理决定数量 |\n|---|---|\n"
        "| 行政许可 | -3 |\n| 行政处罚 | 5 |\n",
        encoding="utf-8",
    )
    report = extract(path).to_dict()
    assert report["tables"]["active_disclosure"]["rows"]["licensing"]["decisions"] == -3
    said = {
        (w["code"], w["severity"]) for w in report["warnings"] if w["key"] == "active_disclosure.licensing.decisions"
    }
    assert said == {("value_negative", "doubt")}


@given(st.integers(min_value=0, max_value=10**9))
def test_any_count_roundtrips_in_every_print_style(n: int) -> None:
    fullwidth = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for raw in (str(n), f"{n:,}", fullwidth, f" {n} "):
        assert parse_value(raw, Kind.COUNT).value == n


@given(st.integers(min_value=1, max_value=10**6))
def test_signed_changes_keep_their_sign(n: int) -> None:
    assert parse_value(f"+{n}", Kind.SIGNED).value == n
    assert parse_value(f"增加{n}", Kind.SIGNED).value == n
    assert parse_value(f"减少{n}", Kind.SIGNED).value == -n
    assert parse_value(f"-{n}", Kind.SIGNED).value == -n


def test_a_count_printed_with_a_plus_sign_is_read_in_doubt() -> None:
    """Only 本年增/减 is signed: ``+9`` under a count may be that column's value, placed in another."""
    count = parse_value("+9", Kind.COUNT)
    assert (count.value, count.plus, count.negative) == (9, True, False) and count.note
    assert parse_value("增加9", Kind.YUAN).plus
    assert not parse_value("+207", Kind.SIGNED).plus and parse_value("+207", Kind.SIGNED).note is None
    assert not parse_value("9", Kind.COUNT).plus and not parse_value("+0", Kind.COUNT).plus
