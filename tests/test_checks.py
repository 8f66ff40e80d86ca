from gi_extract.checks import run_checks
from gi_extract.mapping import map_applications, map_reviews

from conftest import edition, grid_from

HEADER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|申请人情况/|自然人|法人或其他组织|总计"


def table3(rows: dict[str, str]) -> str:
    return "/".join([HEADER, *(f"{label}|{vals}" for label, vals in rows.items())])


def test_review_totals_pass_fail_and_incomplete() -> None:
    # 洪泽区 2023 (template.md §5 R4): 复议 10,1,0,0 → 总计 0 is a real publisher error
    grid = grid_from("行政复议|行政诉讼/结果维持|总计/10|1|0|0|0|0|0|0|0|0|1|0|0|0|")
    result = map_reviews([grid], edition("2021"))
    checks = {c.row: c for c in run_checks({"reviews_litigation": result}, {"reviews_litigation": edition("2021")})}
    assert checks["administrative_review"].status == "fail"
    assert checks["administrative_review"].message == (
        "administrative_review: 总计 vs 维持+纠正+其他+尚未审结: 0 but 10+1+0+0 = 11"
    )
    assert checks["administrative_review"].cells[0] == "reviews_litigation.administrative_review.total"
    assert checks["litigation_direct"].status == "pass"
    assert checks["litigation_after_review"].status == "incomplete"  # total printed blank
    assert not checks["litigation_after_review"].ok


def test_balance_names_the_cells_and_values() -> None:
    rows = {
        "一、本年新收政府信息公开申请数量": "12|0|0|0|0|0|12",
        "二、上年结转政府信息公开申请数量": "0|0|0|0|0|0|0",
        "三、本年度办理结果|（一）予以公开": "11|0|0|0|0|0|11",
        "|（七）总计": "11|0|0|0|0|0|11",
        "四、结转下年度继续办理": "0|0|0|0|0|0|0",
    }
    result = map_applications([grid_from(table3(rows))], edition("2019"))
    failed = [c for c in run_checks({"applications": result}, {"applications": edition("2021")}) if not c.ok]
    balance = [c for c in failed if c.id == "applications.balance"]
    assert {c.column for c in balance} == {"natural_person", "total"}
    np = next(c for c in balance if c.column == "natural_person")
    assert np.message.endswith("12+0 = 12 but 11+0 = 11")
    assert np.cells == [
        "applications.new_received.natural_person",
        "applications.carried_over.natural_person",
        "applications.total_processed.natural_person",
        "applications.carried_forward.natural_person",
    ]
    assert all(c.status == "fail" for c in balance)


def test_unreadable_cells_make_a_rule_incomplete_not_pass() -> None:
    rows = {"一、本年新收政府信息公开申请数量": "约3|0|0|0|0|0|3"}
    result = map_applications([grid_from(table3(rows))], edition("2019"))
    row_total = next(
        c
        for c in run_checks({"applications": result}, {"applications": edition("2021")})
        if c.id == "applications.row_total"
    )
    assert row_total.status == "incomplete"
    # 约3 is not a value, so the row prints six values for seven columns: every cell is null
    cols = ["total", "natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"]
    unread = ", ".join(f"applications.new_received.{c}" for c in cols)
    assert row_total.message == f"new_received: 总计 vs 自然人+法人或其他组织: not checked, unreadable cell(s) {unread}"
