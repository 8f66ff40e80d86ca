from collections.abc import Callable, Sequence

import pytest

from gi_extract.checks import run_checks
from gi_extract.grid import Grid
from gi_extract.labels import normalise
from gi_extract.mapping import TableResult, map_active, map_applications, map_reviews, repair
from gi_extract.mapping.repair import split_merged
from gi_extract.mapping.rowlabels import RowState, resolve, shapes
from gi_extract.mapping.rows import lines_of
from gi_extract.template import row_rule

from conftest import edition, grid_from

T3_HEAD = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|申请人情况/|自然人|法人或其他组织|总计"


def test_rows_are_matched_by_label_not_position() -> None:
    grid = grid_from(
        "第二十条第（五）项/信息内容|本年处理决定数量/行政许可|7"
        "/第二十条第（一）项/信息内容|本年制发件数|本年废止件数|现行有效件数/行政规范性文件|1|2|3/规 章|0|0|0"
    )
    result = map_active([grid], None)
    assert result.template == "2021"
    assert result.rows is not None
    assert result.rows["normative_documents"] == {"issued": 1, "repealed": 2, "in_force": 3}
    assert result.rows["licensing"] == {"decisions": 7}
    assert result.rows["punishment"] == {"decisions": None}
    assert {w.key for w in result.warnings if w.code == "row_missing"} == {
        "active_disclosure.punishment",
        "active_disclosure.enforcement",
        "active_disclosure.fees",
    }


def test_header_colspan_mismatch_maps_values_by_printed_order() -> None:
    # corpus r004: header [信息内容|上一年项目数量|本年增/减 (colspan 2)|处理决定数量], data [label|0 (colspan 2)|0|0]
    grid = grid_from("第二十条第（五）项>5/信息内容|上一年项目数量|本年增/减>2|处理决定数量/行政许可|172>2|+207|2208")
    result = map_active([grid], edition("2019"))
    assert result.rows is not None
    assert result.rows["licensing"] == {"items_last_year": 172, "items_change": 207, "decisions": 2208}


def test_a_value_under_the_empty_cell_a_converter_left_of_a_merged_header_is_that_headers() -> None:
    """Corpus r004 through markdownify or pandoc: 本年增/减's merge is split into a header and an empty
    cell, and the row prints its 0 under the empty one: the value is 本年增/减's, not unplaceable."""
    grid = grid_from(
        "第二十条第（五）项||||/信息内容|上一年项目数量|本年增减||处理决定数量/行政许可|3||-1|2"
        "/第二十条第（八）项||||/信息内容|上一年项目数量||本年增减|/行政事业性收费|5||0|"
    )
    result = map_active([grid], edition("2019"))
    assert result.rows is not None
    assert result.rows["licensing"] == {"items_last_year": 3, "items_change": -1, "decisions": 2}
    assert result.rows["fees"] == {"items_last_year": 5, "items_change": 0}


def test_a_row_with_the_wrong_number_of_values_is_null_and_reported() -> None:
    grid = grid_from("第二十条第（一）项/信息内容|本年制发件数|本年废止件数|现行有效件数/规章|1|2")
    grid.aligned = False  # printed order only (text rendering): no header to place values under
    result = map_active([grid], edition("2021"))
    assert result.rows is not None
    assert result.rows["rules"] == {"issued": None, "repealed": None, "in_force": None}
    misaligned = {w.key for w in result.warnings if w.code == "values_misaligned"}
    assert misaligned == {f"active_disclosure.rules.{c}" for c in ("issued", "repealed", "in_force")}


def test_in_a_real_grid_values_stand_under_their_headers() -> None:
    # an extra empty cell (borderless PDF) and a column cut off the page (corpus r004's PDF)
    grid = grid_from(
        "第二十条第（五）项>3/信息内容|本年处理决定数量|/行政许可|1234|"
        "/第二十条第（一）项>4/信息内容|本年制发件数|本年废止件数|现行有效件数/规章|1|2"
    )
    result = map_active([grid], edition("2021"))
    assert result.rows is not None
    assert result.rows["licensing"] == {"decisions": 1234}
    assert result.rows["rules"] == {"issued": 1, "repealed": 2, "in_force": None}
    assert {w.key for w in result.warnings if w.code == "values_by_header"} >= {"active_disclosure.rules.in_force"}
    # 1234 stands under its header and is the row's only value, first: no header is needed to read it, no doubt
    said = {w.key: w.severity for w in result.warnings if w.key and w.key.startswith("active_disclosure.licensing")}
    assert said == {"active_disclosure.licensing": "info"}


def test_typo_label_maps_and_the_group_comes_from_the_merged_cell_above() -> None:
    spec = "/".join(
        [
            T3_HEAD,
            "三、本年度办理结果^4|（三）不予公开^3|1.属于国家秘密|1|0|0|0|0|0|1",
            "2.其他法律行政 止公开|2|0|0|0|0|0|2",
            "3、危及“三安全一稳定”|3|0|0|0|0|0|3",
            "（四）无法提供|1.本机关不掌握相关政府信息|4|0|0|0|0|0|4",
        ]
    )
    result = map_applications([grid_from(spec)], edition("2021"))
    assert result.rows is not None
    assert result.rows["denied.prohibited_by_law"]["natural_person"] == 2
    assert result.rows["denied.security_stability"]["total"] == 3
    assert result.rows["unable.not_held"]["total"] == 4
    cell = result.cell("denied.prohibited_by_law", "total")
    assert cell is not None and cell.label_score is not None and cell.label_score >= 80


def test_single_other_row_is_kept_as_other_in_a_2021_table() -> None:
    spec = "/".join([T3_HEAD, "（六）其他处理|1|0|0|0|0|0|1", "（七）总计|1|0|0|0|0|0|1"])
    result = map_applications([grid_from(spec)], edition("2021"))
    assert result.template == "2019"
    assert result.rows is not None
    assert "other" in result.rows and "other.no_correction" not in result.rows


def test_unmatched_row_is_reported_not_dropped_silently() -> None:
    spec = "/".join([T3_HEAD, "（八）其他情形说明|1|0|0|0|0|0|1"])
    result = map_applications([grid_from(spec)], edition("2021"))
    assert any(w.code == "row_unmatched" and "其他情形说明" in w.message for w in result.warnings)


def test_table_four_takes_the_fifteen_values_in_order() -> None:
    values = "|".join(str(n) for n in range(15))
    result = map_reviews([grid_from(f"行政复议|行政诉讼/结果维持|结果纠正/{values}")], edition("2021"))
    assert result.rows is not None
    assert result.rows["administrative_review"]["upheld"] == 0
    assert result.rows["litigation_direct"]["upheld"] == 5
    assert result.rows["litigation_after_review"]["total"] == 14


def test_group_labels_on_rows_of_their_own_are_structure_not_data() -> None:
    spec = "/".join(
        [
            T3_HEAD,
            "三、本年度办理结果||||||||",
            "（一）予以公开|1|0|0|0|0|0|1",
            "（三）不予公开||||||||",
            "1.属于国家秘密|2|0|0|0|0|0|2",
            "（六）其他处理||||||||",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|3|0|0|0|0|0|3",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|0|0|0|0|0|0|0",
            "3.其他|0|0|0|0|0|0|0",
        ]
    )
    result = map_applications([grid_from(spec)], edition("2021"))
    assert result.rows is not None
    assert result.template == "2021"
    assert "other" not in result.rows
    assert result.rows["denied.state_secret"]["total"] == 2
    assert result.rows["other.no_correction"]["natural_person"] == 3
    assert not [w for w in result.warnings if w.code == "row_unmatched"]


def test_annotated_labels_from_provincial_guidance_still_match() -> None:
    # Hubei 2020 (template.md §6.1): guidance copied into the labels, plus an extra row
    grid = grid_from(
        "第二十条第（一）项/信息内容|本年新制作数量|本年新公开数量|对外公开总数量"
        "/规章(设区的市、自治州人民政府应提供相关数据)|1|1|4"
        "/规范性文件|2|2|9/其他主动公开文件(指除规章、规范性文件外的文件)|7|7|70"
    )
    result = map_active([grid], edition("2019"))
    assert result.rows is not None
    assert result.rows["rules"] == {"made": 1, "published": 1, "total_published": 4}
    assert result.rows["normative_documents"]["total_published"] == 9
    assert any(w.code == "row_unmatched" and "其他主动公开文件" in w.message for w in result.warnings)


def test_table_four_in_three_named_pieces_is_joined_by_their_captions() -> None:
    """A converter's three small tables (r043): each piece named by the heading above it, in any order."""
    head = "结果维持|结果纠正|其他结果|尚未审结|总计"
    grids = [
        grid_from(f"{head}/{vals}", index=i) for i, vals in enumerate(["3|0|0|0|3", "27|10|9|15|61", "8|0|1|1|10"])
    ]
    captions = {0: "行政诉讼（未经复议直接起诉）", 1: "行政复议", 2: "行政诉讼（复议后起诉）"}
    result = map_reviews(grids, edition("2021"), captions)
    assert result.rows == {
        "administrative_review": {"upheld": 27, "corrected": 10, "other": 9, "pending": 15, "total": 61},
        "litigation_direct": {"upheld": 3, "corrected": 0, "other": 0, "pending": 0, "total": 3},
        "litigation_after_review": {"upheld": 8, "corrected": 0, "other": 1, "pending": 1, "total": 10},
    }
    assert result.warnings == []
    unnamed = map_reviews(grids, edition("2021"))
    assert unnamed.rows is not None and unnamed.rows["administrative_review"]["total"] == 3  # template order
    assert {w.code for w in unnamed.warnings} == {"rows_by_order"} and len(unnamed.warnings) == 15


def test_a_blank_piece_of_table_four_counts_only_when_its_caption_names_its_group() -> None:
    """A year without lawsuits after review, its piece printed all blank (r004's publisher leaves 0 blank)."""
    head = "结果维持|结果纠正|其他结果|尚未审结|总计"
    grids = [grid_from(f"{head}/{vals}", index=i) for i, vals in enumerate(["5|||2|7", "8|||1|9", "||||"])]
    captions = {0: "行政复议", 1: "行政诉讼（未经复议直接起诉）", 2: "行政诉讼（复议后起诉）"}
    result = map_reviews(grids, edition("2019"), captions)
    assert result.rows is not None
    assert result.rows["litigation_direct"] == {"upheld": 8, "corrected": 0, "other": 0, "pending": 1, "total": 9}
    assert result.rows["litigation_after_review"] == dict.fromkeys(result.rows["litigation_direct"], 0)
    unnamed = map_reviews(grids, edition("2019"), {0: "行政复议", 1: "行政诉讼（未经复议直接起诉）"})
    assert unnamed.rows is not None and unnamed.rows["administrative_review"]["total"] is None
    assert {w.code for w in unnamed.warnings} == {"values_misaligned"}
    # a converter's empty header row, or an empty row under the data, beside a piece's data row: no piece
    padded = [grid_from(f"||||/{head}/5|||2|7", index=0), grids[1], grid_from(f"{head}/||||/||||", index=2)]
    result = map_reviews(padded, edition("2019"), captions)
    assert result.rows is not None and result.rows["administrative_review"]["total"] == 7
    assert result.rows["litigation_after_review"]["total"] == 0
    # a blank piece keeps its place among pieces a caption leaves unnamed (续表), and one more blank piece
    # naming a group a printed piece names is no piece (helper-28)
    blank_first = [grid_from(f"{head}/{vals}", index=i) for i, vals in enumerate(["||||", "5|||2|7", "8|||1|9"])]
    order = map_reviews(blank_first, edition("2019"), {0: "行政复议", 1: "行政诉讼（未经复议直接起诉）", 2: "续表"})
    assert order.rows is not None and [r["total"] for r in order.rows.values()] == [0, 7, 9]
    extra = [*grids, grid_from(f"{head}/||||", index=3)]
    again = map_reviews(extra, edition("2019"), {**captions, 3: "行政复议"})
    assert again.rows is not None and [r["total"] for r in again.rows.values()] == [7, 9, 0]
    # ... nor beside a data row it could not read (two values run into one cell): nothing is read
    merged = [grid_from(f"||||/{head}/5 0||2|7", index=0), grids[1], grids[2]]
    unread = map_reviews(merged, edition("2019"), captions)
    assert unread.rows is not None and unread.rows["administrative_review"]["upheld"] is None
    assert {w.code for w in unread.warnings} == {"values_misaligned"}


def test_a_lone_row_with_a_generic_label_is_named_by_the_caption_above_its_piece() -> None:
    """An LLM-based converter's cut of table 三 (r043's shape): a small table per row under the row's label
    as a heading, the row itself labelled 数量; a piece of two such rows cannot be named by one heading."""
    head = "类别|数据1|数据2|数据3|数据4|数据5|数据6|总计"
    pieces = ["数量|5|0|0|0|0|1|6", "数量|1|0|0|0|0|0|1", "数量|4|0|0|0|0|1|5", "数据|2|0|0|0|0|0|2"]
    grids = [grid_from(f"{head}/{row}", index=i) for i, row in enumerate(pieces)]
    captions = {0: "一、本年新收政府信息公开申请数量", 1: "二、上年结转政府信息公开申请数量", 2: "（一）予以公开"}
    captions[3] = "四、结转下年度继续办理"
    result = map_applications(grids, edition("2021"), captions)
    assert result.rows is not None
    assert [result.rows[k]["total"] for k in ("new_received", "carried_over", "granted", "carried_forward")] == [
        6,
        1,
        5,
        2,
    ]
    assert not [w for w in result.warnings if w.code in ("row_unmatched", "label_missing", "label_fuzzy")]
    assert next(c for c in result.cells if c.key == "applications.granted.total").label == "（一）予以公开 / 数量"
    # a caption naming no row, a row printing no label or fewer cells (markitdown prints labels as text
    # beside tables holding other rows' values), or a piece of two rows under one heading: left unnamed
    unnamed = map_applications(grids, edition("2021"), {**captions, 1: "表3"})
    assert unnamed.rows is not None and unnamed.rows["carried_over"]["total"] is None
    for row in ("|4|0|0|0|0|1|5", "数量|4|0|0|0|0|5"):
        lone = map_applications([grid_from(f"{head}/{row}")], edition("2021"), {0: "（一）予以公开"})
        assert lone.rows is not None and lone.rows["granted"]["total"] is None
    two = [grid_from(f"{head}/{pieces[0]}/{pieces[1]}", index=0)]
    both = map_applications(two, edition("2021"), {0: "一、本年新收政府信息公开申请数量"})
    assert both.rows is not None and both.rows["new_received"]["total"] is None
    # a heading naming a row whose sub-rows the next pieces are: over the first sub-row's piece it names the group
    subs = ["数量|0|1|0|0|0|0|1", "数量|2|0|0|0|0|2|4", "数量|1|0|0|0|0|9|10"]
    grids = [grid_from(f"{head}/{row}", index=i) for i, row in enumerate(subs)]
    titles = ["（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]
    group = map_applications(grids, edition("2021"), dict(enumerate(titles)))
    assert group.rows is not None and "other" not in group.rows
    assert [group.rows[f"other.{k}"]["total"] for k in ("no_correction", "fee_unpaid", "other")] == [None, 4, 10]
    alone = map_applications(grids[:1], edition("2019"), {0: "（六）其他处理"})
    assert alone.rows is not None and alone.rows["other"]["total"] == 1


def test_a_table_two_row_printing_no_label_takes_the_label_printed_above_its_table() -> None:
    """markitdown prints a label set higher in its cell than the numbers as text over a table of its own
    (``行政处罚`` over ``|  | 2648 | 0 | 430 |``); a number above a table may be another row's: never taken."""
    head = "第二十条第（六）项/信息内容|上一年项目数量|本年增/减|处理决定数量"
    grids = [grid_from(head, index=0), grid_from("|2648|0|430/行政强制|126|0|25", index=1)]
    result = map_active(grids, edition("2019"), {1: "行政处罚"})
    assert result.rows is not None
    assert result.rows["punishment"] == {"items_last_year": 2648, "items_change": 0, "decisions": 430}
    assert result.rows["enforcement"] == {"items_last_year": 126, "items_change": 0, "decisions": 25}
    doubted = {w.key for w in result.warnings if w.code == "label_beside_table"}
    assert doubted == {f"active_disclosure.punishment.{c}" for c in ("items_last_year", "items_change", "decisions")}
    for row, caption in (("||0|430", "行政处罚"), ("|2648|0|430", "2776")):
        other = map_active([grids[0], grid_from(f"{row}/行政强制|126|0|25", index=1)], edition("2019"), {1: caption})
        assert other.rows is not None and other.rows["punishment"]["decisions"] is None
    second = map_active([grid_from(f"{head}/行政强制|126|0|25/|2648|0|430", index=0)], edition("2019"), {0: "行政处罚"})
    assert second.rows is not None and second.rows["punishment"]["decisions"] is None


def test_rows_of_words_only_are_not_data() -> None:
    spec = "/".join(
        [T3_HEAD, "类别|数据1|数据2|数据3|数据4|数据5|数据6|总计", "一、本年新收政府信息公开申请数量|5|0|0|0|0|0|5"]
    )
    result = map_applications([grid_from(spec)], edition("2021"))
    assert result.rows is not None and result.rows["new_received"]["total"] == 5
    assert [w for w in result.warnings if w.code == "row_unmatched"] == []


def test_align_keeps_the_order_and_the_best_total() -> None:
    from gi_extract.mapping.align import align

    scores = [[90.0, 95.0, None], [None, 97.0, 30.0], [61.0, 61.0, 61.0]]
    assert align(scores) == [0, 1, 2]  # row 0 gives way: 90 + 97 + 61 beats 95 + nothing
    assert align([[61.0, 61.0, 61.0]]) == [0]  # a tie goes to the earliest place
    assert align([[59.0, 20.0]]) == [None]  # below the acceptance line nothing is placed


def test_a_group_cell_left_on_the_previous_page_does_not_shift_its_rows() -> None:
    """（四）无法提供 spans its rows on page 3 only; its 2. and 3. open page 4 without it, where the
    lattice makes （五）不予处理's cell reach up over them (issue #17: 2. was read as （五）2.重复申请)."""
    page3 = "/".join(
        [
            T3_HEAD,
            "（三）不予公开^2|7.属于行政执法案卷|1|0|0|0|0|0|1",
            "8.属于行政查询事项|2|0|0|0|0|0|2",
            "（四）无法提供|1.本机关不掌握相关政府信息|3|0|0|0|0|0|3",
        ]
    )
    page4 = "/".join(
        [
            "（五）不予处理^4|2.没有现成信息需要另行制作|4|0|0|0|0|0|4",
            "3.补正后申请内容仍不明确|5|0|0|0|0|0|5",
            "1.信访举报投诉类申请|6|0|0|0|0|0|6",
            "2.重复申请|7|0|0|0|0|0|7",
        ]
    )
    result = map_applications([grid_from(page3, 0), grid_from(page4, 1)], edition("2021"))
    assert result.rows is not None
    totals = {k: v["total"] for k, v in result.rows.items() if v.get("total")}
    assert totals == {
        "denied.enforcement_files": 1,
        "denied.administrative_query": 2,
        "unable.not_held": 3,
        "unable.needs_creation": 4,
        "unable.unclear_after_correction": 5,
        "not_processed.petition_complaint": 6,
        "not_processed.duplicate": 7,
    }
    assert [w for w in result.warnings if w.code == "row_unmatched"] == []


def test_a_row_like_no_template_row_is_reported_not_placed() -> None:
    spec = "/".join([T3_HEAD, "（五）不予处理^2|1.信访举报投诉类申请|6|0|0|0|0|0|6", "2.申请人撤回申请|7|0|0|0|0|0|7"])
    result = map_applications([grid_from(spec)], edition("2021"))
    assert result.rows is not None and result.rows["not_processed.duplicate"]["total"] is None
    assert any(w.code == "row_unmatched" and "申请人撤回申请" in w.message for w in result.warnings)


def test_one_value_printed_for_several_rows_goes_to_the_row_it_is_printed_in() -> None:
    """A publisher merged the value cells of （六）'s three sub-rows into one (issue #17)."""
    spec = "/".join(
        [
            T3_HEAD,
            "（六）其他处理^3|1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|9^3|0^3|0^3|0^3|0^3|0^3|9^3",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
            "（七）总计|9|0|0|0|0|0|9",
        ]
    )
    result = map_applications([grid_from(spec)], edition("2021"))
    assert result.rows is not None
    assert result.rows["other.no_correction"]["total"] == 9
    assert result.rows["other.fee_unpaid"] == dict.fromkeys(result.rows["other.fee_unpaid"])
    merged = {w.key for w in result.warnings if w.code == "value_merged"}
    assert "applications.other.other.total" in merged and "applications.other.fee_unpaid.natural_person" in merged
    assert not [w for w in result.warnings if w.code == "row_missing" and w.key and "other" in w.key]


def test_an_empty_row_of_fifteen_is_table_fours_data_only_when_nothing_below_prints_numbers() -> None:
    """A converter's empty header row reads as 15 blanks; a row below printing a few numbers is no
    data row either, and the table is left null rather than filled with zeros from the empty row."""
    empty = "|".join([""] * 15)
    short = "|".join(["5"] * 3)
    result = map_reviews([grid_from(f"{empty}/行政复议|行政诉讼/结果维持|结果纠正/{short}")], edition("2021"))
    assert result.rows is not None
    assert {v for group in result.rows.values() for v in group.values()} == {None}
    assert {w.code for w in result.warnings} == {"values_misaligned"}
    alone = map_reviews([grid_from(f"行政复议|行政诉讼/结果维持|结果纠正/{empty}")], edition("2021"))
    assert alone.rows is not None
    assert {v for group in alone.rows.values() for v in group.values()} == {0}


def test_numbers_printed_under_a_row_with_blanks_put_that_row_in_doubt() -> None:
    """markitdown's PDF tables: （七）总计 keeps one number on its line, the rest stand on the next
    line without a label. The blanks read as 0 and the sums can still hold, so say so."""
    spec = "/".join([T3_HEAD, "（七）总计||||||0|", "|23|0|0|0|0|0|23", "四、结转下年度继续办理|0|0|0|0|0|0|0"])
    result = map_applications([grid_from(spec)], edition("2021"))
    doubted = {w.key for w in result.warnings if w.code == "row_continued"}
    assert doubted == {f"applications.total_processed.{c}" for c in result.rows["total_processed"]}
    whole = "/".join([T3_HEAD, "（七）总计|23|0|0|0|0|0|23", "|0|0|0|0|0|0|0", "四、结转下年度继续办理|0|0|0|0|0|0|0"])
    assert not any(w.code == "row_continued" for w in map_applications([grid_from(whole)], edition("2021")).warnings)


def layout_grid(rows: list[str]) -> Grid:
    grid = grid_from("/".join([T3_HEAD, *rows]))
    grid.positional = True
    return grid


BALANCED = [
    "一、本年新收政府信息公开申请数量|3|8|0|0|0|0|11",
    "二、上年结转政府信息公开申请数量|0|0|0|0|0|0|0",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）|1|0|0|0|0|0|1",
    "（七）总计|3|8|0|0|0|0|11",
    "四、结转下年度继续办理|0|0|0|0|0|0|0",
]


def test_a_row_placed_by_position_where_the_sums_fail_moves_to_the_one_placement_they_allow() -> None:
    """pdftotext -layout put 予以公开's 8 under 科研机构; only 商业企业 lets every column add up."""
    rows = [*BALANCED[:2], "（一）予以公开|2||8||||10", *BALANCED[2:]]
    result = map_applications([layout_grid(rows)], edition("2021"))
    assert result.rows is not None and list(result.rows["granted"].values()) == [2, 8, 0, 0, 0, 0, 10]
    moved = {w.key for w in result.warnings if w.code == "values_by_sums"}
    assert moved == {f"applications.granted.{c}" for c in result.rows["granted"]}
    cell = next(c for c in result.cells if c.key == "applications.granted.commercial")
    assert (cell.raw, cell.blank) == ("8", False)
    assert run_checks({"applications": result}, {"applications": edition("2021")}) and all(
        c.ok for c in run_checks({"applications": result}, {"applications": edition("2021")})
    )


def test_positions_stand_where_the_sums_allow_them_or_cannot_decide() -> None:
    """Text grids whose columns are real stay as printed; so does a row the sums accept, and two
    rows either of which could take the 8 (the failing check then says so)."""
    wrong = [*BALANCED[:2], "（一）予以公开|2||8||||10", *BALANCED[2:]]
    real = grid_from("/".join([T3_HEAD, *wrong]))
    assert map_applications([real], edition("2021")).rows["granted"]["research"] == 8
    right = [*BALANCED[:2], "（一）予以公开|2|8|||||10", *BALANCED[2:]]
    kept = map_applications([layout_grid(right)], edition("2021"))
    assert not any(w.code == "values_by_sums" for w in kept.warnings)
    both = [
        "一、本年新收政府信息公开申请数量|3|8|8|0|0|0|19",
        BALANCED[1],
        "（一）予以公开|2||8||||10",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）|1||8||||9",
        "（七）总计|3|8|8|0|0|0|19",
        BALANCED[4],
    ]
    undecided = map_applications([layout_grid(both)], edition("2021"))
    assert undecided.rows is not None and undecided.rows["granted"]["research"] == 8
    assert not any(w.code == "values_by_sums" for w in undecided.warnings)


def test_a_row_the_sums_could_place_two_ways_stays_where_its_positions_put_it() -> None:
    """Both 8s must leave 科研机构, one to 商业企业 and one to 社会公益组织, but which goes where the
    sums cannot tell: neither row is moved, and the failing check says so."""
    rows = [
        "一、本年新收政府信息公开申请数量|3|8|0|8|0|0|19",
        "二、上年结转政府信息公开申请数量|0|0|0|0|0|0|0",
        "（一）予以公开|2||8||||10",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）|1||8||||9",
        "（七）总计|3|8|0|8|0|0|19",
        "四、结转下年度继续办理|0|0|0|0|0|0|0",
    ]
    result = map_applications([layout_grid(rows)], edition("2021"))
    assert result.rows is not None
    assert result.rows["granted"]["research"] == 8 and result.rows["partially_granted"]["research"] == 8
    assert not any(w.code == "values_by_sums" for w in result.warnings)


def test_zeros_printed_without_a_label_raise_no_doubt() -> None:
    spec = "/".join([T3_HEAD, "（七）总计||||||0|", "|0|0|0|0|0|0|0", "四、结转下年度继续办理|0|0|0|0|0|0|0"])
    assert not any(w.code == "row_continued" for w in map_applications([grid_from(spec)], edition("2021")).warnings)


def test_a_numbered_row_of_table_three_in_table_fours_grid_is_not_its_data_row() -> None:
    """pymupdf4llm put the end of table 三 and table 四 in one 17-column grid: 四、结转下年度继续办理
    with its blank cells ends in a run of 15 value-like cells, but a numbered label is table 三's."""
    carried = "四、结转下年度继续办理|" + "|".join(
        ["", "", "", "", "", "", "", "0", "", "0", "0", "0", "0", "", "0", "0"]
    )
    data = "|".join(["1", "0", "", "0", "0", "1", "0", "0", "", "0", "0", "0", "0", "0", "1", "0", "1"])
    grid = grid_from(f"{carried}/行政复议|行政诉讼/结果维持|结果纠正/{data}")
    result = map_reviews([grid], edition("2021"))
    assert result.rows is not None
    assert list(result.rows["administrative_review"].values()) == [1, 0, 0, 0, 1]
    assert list(result.rows["litigation_after_review"].values()) == [0, 0, 1, 0, 1]


def test_table_four_numbers_stacked_in_a_merged_cell_are_taken_in_order() -> None:
    """pymupdf4llm merged three cells of the data row into one (``0<br>1<br>0``): 13 cells, 15 numbers."""
    cells = ["0", "0", "1", "0", "1", "1", "0", "0", "0\n1\n0", "0", "1", "0", "1"]
    result = map_reviews([grid_from("行政复议|行政诉讼/结果维持|结果纠正/" + "|".join(cells))], edition("2021"))
    assert result.rows is not None
    assert list(result.rows["litigation_direct"].values()) == [1, 0, 0, 0, 1]
    assert list(result.rows["litigation_after_review"].values()) == [0, 0, 1, 0, 1]
    assert {w.code for w in result.warnings} == {"values_unstacked"}
    two = ["0", "0", "1", "0", "1", "1", "0", "0", "0\n1", "0", "1", "0", "2"]  # 14 numbers: no row of 15
    short = map_reviews([grid_from("行政复议|行政诉讼/结果维持|结果纠正/" + "|".join(two))], edition("2021"))
    assert {w.code for w in short.warnings} == {"values_misaligned"}


def test_a_merged_value_padded_with_an_empty_cell_loses_the_padding_not_a_number() -> None:
    """markdownify writes a value two columns wide as ``0 | |``: eight cells for seven columns, the one
    blank being the surplus. With more blanks than surplus, the last seven would leave 64 out as part
    of the label: a number is never a label, so the row is left null, and says why."""
    padded = "/".join([T3_HEAD, "一、本年新收政府信息公开申请数量|64|0||0|2|0|4|70"])
    result = map_applications([grid_from(padded)], edition("2021"))
    assert result.rows is not None
    assert list(result.rows["new_received"].values()) == [64, 0, 0, 2, 0, 4, 70]
    two = "/".join([T3_HEAD, "一、本年新收政府信息公开申请数量|64|0||0||0|4|68"])
    other = map_applications([grid_from(two)], edition("2021"))
    assert other.rows is not None and list(other.rows["new_received"].values()) == [None] * 7
    assert {w.code for w in other.warnings if w.key == "applications.new_received.total"} == {"values_misaligned"}


def test_partially_granted_printed_without_its_note_is_that_row() -> None:
    """Publishers often leave out （区分处理的，只计这一情形，不计其他情形）: the short label is an alias."""
    spec = "/".join(
        [
            T3_HEAD,
            "三、本年度办理结果^2|（一）予以公开|1|0|0|0|0|0|1",
            "（二）部分公开|2|1|0|0|0|0|3",
        ]
    )
    result = map_applications([grid_from(spec)], edition("2021"))
    assert result.rows is not None
    assert result.rows["partially_granted"]["total"] == 3
    assert result.rows["partially_granted"]["commercial"] == 1
    assert [w for w in result.warnings if w.code == "row_unmatched"] == []


def test_table_two_numbers_a_converter_merged_into_one_cell_or_its_label_are_taken_in_order() -> None:
    """pymupdf4llm prints 第二十条第（一）项's three columns as one cell (``69<br>3<br>665``), or a row's
    first number under its label (``规章<br>0``): split left to right they fill the row, with a doubt."""
    spec = "第二十条第（一）项/信息内容|本年制发件数|本年废止件数|现行有效件数/规章\n0|0|0/行政规范性文件|69\n3\n665"
    result = map_active([grid_from(spec)], edition("2021"))
    assert result.rows is not None
    assert result.rows["rules"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert result.rows["normative_documents"] == {"issued": 69, "repealed": 3, "in_force": 665}
    doubted = {w.key for w in result.warnings if w.code == "values_unstacked"}
    assert doubted == {f"active_disclosure.{r}.{c}" for r in ("rules", "normative_documents") for c in result.rows[r]}


def test_table_two_number_run_into_the_last_line_of_its_label_is_split_off() -> None:
    """pymupdf4llm runs a row's first number into its label's last line, over the other numbers
    (``⾏政规范性`` | ``⽂件16<br>2<br>299``): split off where the row is then exactly full."""
    head = "第二十条第（一）项/信息内容|本年制发件数|本年废止件数|现行有效件数"
    result = map_active([grid_from(f"{head}/⾏政规范性|⽂件16\n2\n299")], edition("2021"))
    assert result.rows is not None
    assert result.rows["normative_documents"] == {"issued": 16, "repealed": 2, "in_force": 299}
    doubted = {w.key for w in result.warnings if w.code == "values_unstacked"}
    assert doubted == {f"active_disclosure.normative_documents.{c}" for c in ("issued", "repealed", "in_force")}
    padded = map_active([grid_from(f"{head}/⾏政规范性|⽂件16\n2\n299|")], edition("2021"))  # an empty cell at its end
    assert padded.rows is not None and padded.rows["normative_documents"]["in_force"] == 299
    for cell in ("⽂件16\n2", "⽂件16\n2\n299\n5"):  # too few or too many numbers: left as printed
        other = map_active([grid_from(f"{head}/⾏政规范性|{cell}")], edition("2021"))
        assert other.rows is not None and other.rows["normative_documents"]["issued"] is None, cell


def _table_three(rows: list[str]) -> TableResult:
    """Table 三 of the 2021 edition mapped from a grid of its header and ``rows`` (cells split by ``|``)."""
    return map_applications([grid_from("/".join([T3_HEAD, *rows]))], edition("2021"))


def test_table_three_numbers_merged_into_one_cell_fill_the_row_only_when_they_make_it_whole() -> None:
    """``1<br>0`` for 商业企业 and 科研机构 (six cells, seven numbers) is split; ``3<br>0`` in a row that
    prints all seven cells is a number wrapped in its cell, not split; ``1 952`` is one number."""
    rows = [
        "一、本年新收政府信息公开申请数量|1 952|0|0|0|0|0|1 952",
        "（一）予以公开|2|0|0|0|0|1|3\n0",
        "（七）总计|80|1\n0|0|0|0|81",
        "四、结转下年度继续办理|0|0 3|0|0|0|3",
    ]
    result = _table_three(rows)
    assert result.rows is not None
    assert list(result.rows["total_processed"].values()) == [80, 1, 0, 0, 0, 0, 81]
    assert list(result.rows["carried_forward"].values()) == [0, 0, 3, 0, 0, 0, 3]
    assert list(result.rows["new_received"].values()) == [1952, 0, 0, 0, 0, 0, 1952]
    # 3 over 0 in a row that prints all seven cells: a number wrapped in a narrow cell, read whole, in doubt
    assert result.rows["granted"]["total"] == 30
    doubted = {w.key.split(".")[1] for w in result.warnings if w.code == "values_unstacked" and w.key}
    assert doubted == {"total_processed", "carried_forward"}
    wrapped = [w.key for w in result.warnings if w.code == "values_unwrapped"]
    assert wrapped == ["applications.granted.total"]


def test_numbers_wrapped_in_narrow_cells_are_read_whole_only_where_the_row_has_its_cells() -> None:
    """``1`` over ``2`` in table 四's data row of fifteen cells is 12, each such cell in doubt; stacks that
    open with 0, or a row whose cells are mostly stacked (rows run together), are not numbers wrapped."""
    data = "1|0|2|0|3|1\n2|0|0|0|1\n2|0|0|0|0|0"
    result = map_reviews([grid_from(f"行政复议|行政诉讼/结果维持|结果纠正/{data}")], edition("2021"))
    assert result.rows is not None
    assert result.rows["litigation_direct"] == {"upheld": 12, "corrected": 0, "other": 0, "pending": 0, "total": 12}
    wrapped = sorted(w.key for w in result.warnings if w.code == "values_unwrapped")
    assert wrapped == ["reviews_litigation.litigation_direct.total", "reviews_litigation.litigation_direct.upheld"]
    zero_led = map_applications([grid_from(f"{T3_HEAD}/（一）予以公开|2|0|0|0|0|1|0\n3")], edition("2021"))
    assert zero_led.rows is not None and zero_led.rows["granted"]["total"] is None
    stacked = "/".join([T3_HEAD, "（一）予以公开\n（二）部分公开|1\n2|3\n1|2\n2|1\n1|4\n2|1\n2|12\n10"])
    run_together = map_applications([grid_from(stacked)], edition("2021"))
    assert not any(w.code == "values_unwrapped" for w in run_together.warnings)


def test_a_wrapped_number_beside_a_group_label_over_its_first_row_is_read_whole() -> None:
    """``三、`` / ``本年`` / ``（一）予以公开`` in one cell is one row under its group's label (each numbered
    line deeper), so its ``3`` over ``0`` is 30; ``1.…`` over ``2.…``, or ``（七）总计`` over ``四、结转…``
    (a line no deeper than the one above it), stays rows run together."""
    row = "三、\n本年\n\n（一）予以公开|27|0|0|2|0|1|3\n0"
    result = map_applications([grid_from(f"{T3_HEAD}/{row}")], edition("2021"))
    assert result.rows is not None
    assert result.rows["granted"] == {
        "natural_person": 27,
        "commercial": 0,
        "research": 0,
        "social_welfare": 2,
        "legal_services": 0,
        "other_org": 1,
        "total": 30,
    }
    assert [w.key for w in result.warnings if w.code == "values_unwrapped"] == ["applications.granted.total"]
    for cell in ("（三）不予公开\n1.属于国家秘密\n2.其他法律行政法规禁止公开", "（七）总计\n四、结转下年度继续办理"):
        two_rows = map_applications([grid_from(f"{T3_HEAD}/{cell}|1|0|0|0|0|0|1\n0")], edition("2021"))
        assert not any(w.code == "values_unwrapped" for w in two_rows.warnings), cell


def test_a_numbered_row_whose_group_label_stands_lower_is_read_by_its_words_not_its_number() -> None:
    """A converter sets （六）其他处理 on its group's second row (a merged cell centred down the side), so
    the group's first row still stands under （五）: its words, a （六） row's with the same number, decide."""
    state = RowState(group="五")
    own = normalise("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    pick, _, why = resolve(own, normalise("（五）不予处理"), shapes(), state)
    assert pick is not None and pick.row.key == "other.no_correction" and why == "words"
    assert state.group == "六"
    # a row of the group in force keeps its place: 1. under （五） with （五）'s words
    pick, _, _ = resolve(normalise("1.信访举报投诉类申请"), "", shapes(), RowState(group="五"))
    assert pick is not None and pick.row.key == "not_processed.petition_complaint"
    # and a number alone, its words like no row, still goes by the group in force
    pick, _, why = resolve(normalise("1.某某某某某某"), "", shapes(), RowState(group="五"))
    assert pick is not None and pick.row.key == "not_processed.petition_complaint" and why == "number"


@pytest.mark.parametrize("group", ["（六）其他处理|", ""])
def test_a_number_printed_with_the_values_and_its_words_on_a_blank_line_below_is_one_row(group: str) -> None:
    """``1.`` beside the values, the label's words on a row of blanks under it (a tall row broken over
    two lines the other way round): one row, with the group cell repeated in each or merged over both."""
    first = "（六）其他处理^4|" if not group else group
    rows = [
        f"{first}1.|0|9|0|0|0|1|10",
        f"{group}申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请||||||||",
        f"{group}2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|9|9|0|0|0|9|27",
        f"{group}3.其他|1|1|0|0|0|9|11",
    ]
    result = _table_three(rows)
    assert result.rows is not None
    assert list(result.rows["other.no_correction"].values()) == [0, 9, 0, 0, 0, 1, 10]
    assert list(result.rows["other.fee_unpaid"].values()) == [9, 9, 0, 0, 0, 9, 27]
    assert "other" not in result.rows


def test_words_of_the_next_row_under_a_number_alone_are_not_joined_to_it() -> None:
    """Under ``1.`` with values, 2.'s words without their number are a row printed blank, not 1.'s label."""
    rows = [
        "（六）其他处理^3|1.|0|9|0|0|0|1|10",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请||||||||",
        "3.其他|1|1|0|0|0|9|11",
    ]
    result = _table_three(rows)
    assert result.rows is not None
    assert list(result.rows["other.fee_unpaid"].values()) == [0] * 7
    # the numbers of the row whose words were lost stay in doubt where they land
    assert result.rows["other"]["total"] == 10
    assert any(w.code == "label_fuzzy" and w.key == "applications.other.total" for w in result.warnings)


def test_a_broken_row_is_joined_beside_a_group_cell_repeated_in_the_publisher_s_wording() -> None:
    """Each row repeats its group cell (here respelled, （四）不能提供): the item cell alone is what a
    broken row goes on with, its number over its words, its words over its values, or over its number."""
    group = "（四）不能提供|"
    variants = {
        "number over words": [f"{group}1.|7|6|0|0|1|2|16", f"{group}本机关不掌握相关政府信息||||||||"],
        "words over values": [f"{group}1.本机关不掌握||||||||", f"{group}相关政府信息|7|6|0|0|1|2|16"],
        "words over number": [f"{group}本机关不掌握相关政府信息||||||||", f"{group}1.|7|6|0|0|1|2|16"],
    }
    rest = [f"{group}2.没有现成信息需要另行制作|3|5|5|5|0|7|25", f"{group}3.补正后申请内容仍不明确|0|0|0|0|0|0|0"]
    for name, broken in variants.items():
        result = _table_three([*broken, *rest])
        assert result.rows is not None, name
        assert list(result.rows["unable.not_held"].values()) == [7, 6, 0, 0, 1, 2, 16], name
        assert list(result.rows["unable.needs_creation"].values()) == [3, 5, 5, 5, 0, 7, 25], name


def test_a_row_whose_label_ends_on_a_line_of_blank_cells_below_its_values_is_one_row() -> None:
    """A page break cuts a tall row after its label's start: the values beside ``1.申请人无正当…不补``,
    the rest of the words (and of the group cell) on a line of blanks on the next page."""
    rows = [
        "（五）不予处理^1|5.要求行政机关确认或重新出具已获取信息|0|0|0|0|0|0|0",
        "（六）其他处|1.申请人无正当理由逾期不补|4068|452|0|0|0|0|4520",
        "理|正、行政机关不再处理其政府信息公开申请||||||||",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|0|0|0|0|0|0|0",
        "3.其他|3390|0|0|0|0|0|3390",
    ]
    result = _table_three(rows)
    assert result.rows is not None
    assert list(result.rows["other.no_correction"].values()) == [4068, 452, 0, 0, 0, 0, 4520]
    assert list(result.rows["other.other"].values()) == [3390, 0, 0, 0, 0, 0, 3390]


def test_a_number_run_across_two_cells_is_joined_where_only_that_join_makes_the_row_add_up() -> None:
    """pymupdf4llm pushed 10286's last digit into the next cell, beside 1295."""
    result = _table_three(["（七）总计|1028|6 1295|37|111|0|0|11729"])
    assert result.rows is not None
    assert list(result.rows["total_processed"].values()) == [10286, 1295, 37, 111, 0, 0, 11729]
    doubts = [w for w in result.warnings if w.code == "values_unwrapped"]
    assert [w.key for w in doubts] == ["applications.total_processed.natural_person"]
    assert "'1028 | 6' printed across two neighbouring cells" in doubts[0].message
    # ``1 952`` reads whole as printed: no join is tried across it, and no doubt is raised
    whole = _table_three(["（七）总计|1 952|0|0|0|0|0|1952"])
    assert whole.rows is not None and whole.rows["total_processed"]["natural_person"] == 1952
    assert not any(w.code == "values_unwrapped" for w in whole.warnings)
    # a row printing its seven values already, one space-grouped (2 345), is never re-joined
    grouped = _table_three(["（七）总计|2 345|2|100|0|0|0|2447"])
    assert grouped.rows is not None
    assert list(grouped.rows["total_processed"].values()) == [2345, 2, 100, 0, 0, 0, 2447]
    assert not any(w.code == "values_unwrapped" for w in grouped.warnings)
    # pushed twice in one row (37403 and 226): two joins, the only pair that adds up
    twice = _table_three(["（七）总计|3740|3 1921|113|0|0|22|6 39663"])
    assert twice.rows is not None
    assert list(twice.rows["total_processed"].values()) == [37403, 1921, 113, 0, 0, 226, 39663]
    keys = [w.key for w in twice.warnings if w.code == "values_unwrapped"]
    assert keys == ["applications.total_processed.natural_person", "applications.total_processed.other_org"]
    # no join makes it add up, or two do: left null
    for row in (
        "（七）总计|1028|6 1295|37|111|0|0|11728",
        "（七）总计|1|1 2|0|0|1|0|14",
        "（七）总计|3|1 1|3|0|2 1|10|48",
    ):
        other = _table_three([row])
        assert other.rows is not None and other.rows["total_processed"]["total"] is None, row


def test_a_row_read_by_its_words_against_its_printed_number_is_in_doubt() -> None:
    """``2.`` with values over 3.'s words printed blank reads as row 3 by its words: said so, not silent."""
    rows = [
        "（三）不予公开^3|1.属于国家秘密|7|5|0|1|0|6|19",
        "2.危及“三安全一稳定”|6|3|0|0|5|4|18",
        "4.保护第三方合法权益|2|6|2|1|0|1|12",
    ]
    result = _table_three(rows)
    assert result.rows is not None
    assert result.rows["denied.security_stability"]["total"] == 18
    keys = {w.key for w in result.warnings if w.code == "label_number"}
    assert keys == {f"applications.denied.security_stability.{c}" for c in result.rows["denied.security_stability"]}


def test_items_numbered_straight_through_the_table_or_off_by_one_raise_no_number_doubt() -> None:
    rows = [
        "（四）无法提供^3|9.本机关不掌握相关政府信息|7|6|0|0|1|2|16",
        "10.没有现成信息需要另行制作|3|5|5|5|0|7|25",
        "11.补正后申请内容仍不明确|1|0|0|0|0|0|1",
        "（五）不予处理^5|2.信访举报投诉类申请|4|0|0|0|0|0|4",
        "3.重复申请|1|0|0|0|0|0|1",
        "4.要求提供公开出版物|0|0|0|0|0|0|0",
        "5.无正当理由大量反复申请|0|0|0|0|0|0|0",
        "6.要求行政机关确认或重新出具已获取信息|2|0|0|0|0|0|2",
    ]
    result = _table_three(rows)
    assert result.rows is not None and result.rows["unable.unclear_after_correction"]["total"] == 1
    assert result.rows["not_processed.duplicate"]["total"] == 1
    assert result.rows["not_processed.confirmation"]["total"] == 2
    assert not any(w.code == "label_number" for w in result.warnings)


def test_numbers_stacked_beside_two_rows_labels_in_one_cell_are_not_a_wrapped_number() -> None:
    """A converter ran two rows together (zeros printed blank): ``9`` over ``5`` is two rows' totals."""
    row = "（三）不予公开|2.其他法律行政法规禁止公开\n3.危及“三安全一稳定”||5||||9|9\n5"
    result = _table_three([row])
    assert not any(w.code == "values_unwrapped" for w in result.warnings)
    assert result.rows is not None
    assert all(result.rows.get(k, {}).get("total") != 95 for k in result.rows)


def test_a_table_two_row_goes_on_below_only_into_its_blank_cells_and_only_as_itself() -> None:
    head = "第二十条第（五）项|||/信息内容|上一年项目数量|本年增/减|处理决定数量"
    split = map_active([grid_from(f"{head}/其他对外管理服务|290||/事项||-6|1091")], edition("2019"))
    assert split.rows is not None and split.rows["other_services"] == {
        "items_last_year": 290,
        "items_change": -6,
        "decisions": 1091,
    }
    assert {w.code for w in split.warnings if w.key and ".other_services." in w.key} == {"row_continued"}
    # a row printing all its numbers goes on with nothing: the words on a row below raise no doubt
    whole = map_active([grid_from(f"{head}/其他对外管理服务|290|-6|1091/事项|||")], edition("2019"))
    assert whole.rows is not None and whole.rows["other_services"]["decisions"] == 1091
    assert not any(w.code == "row_continued" for w in whole.warnings)
    # a first line naming a row plainly is not made another row by the words below
    other = map_active([grid_from(f"{head}/行政许可|290||/其他对外管理服务事项||-6|1091")], edition("2019"))
    assert other.rows is not None and other.rows["licensing"]["items_change"] != -6


def test_a_table_two_amount_broken_over_two_cells_is_joined_where_only_one_join_reads() -> None:
    """pymupdf4llm sets a wrapped amount's lines in cells of their own (``75394432.5`` | ``2元``); a count
    takes no decimal point, so only one join reads. Rows that join several ways stay null."""
    head = "第二十条第（九）项|||/信息内容|采购项目数量|采购总金额|"
    result = map_active([grid_from(f"{head}/政府集中采购|135|75394432.5|2元")], edition("2019"))
    assert result.rows is not None
    assert result.rows["procurement"] == {"projects": 135, "amount_yuan": 75394432.52}
    doubted = [w for w in result.warnings if w.code == "values_unwrapped"]
    assert [w.key for w in doubted] == ["active_disclosure.procurement.amount_yuan"]
    assert "75394432.5 | 2元" in doubted[0].message
    for row in ("135|7539|4432元", "135|75394432.5|元", "1|35|75394432.5|2元"):
        other = map_active([grid_from(f"{head}/政府集中采购|{row}")], edition("2019"))
        assert other.rows is not None and other.rows["procurement"]["amount_yuan"] is None, row
    # counts are never joined: the extra cell may be a mark for none or a value printed twice
    row = "行政事业性收费|35|3|—"
    fees = map_active([grid_from(f"第二十条第（八）项|||/信息内容|上一年项目数量|本年增减|/{row}")], edition("2019"))
    assert fees.rows is not None and fees.rows["fees"] == {"items_last_year": None, "items_change": None}


def test_two_table_four_numbers_printed_as_one_are_split_where_every_group_then_adds_up() -> None:
    """markitdown set two cells of table 四's row in one, 1130 and 113 with no space between, and padded
    the row with an empty cell under a header column: the row prints 14 numbers for 15 columns."""
    printed = "0 0|0 0|0 565|565|0 0 1130113||226|0 0|339"
    result = map_reviews([grid_from(printed)], edition("2019"))
    assert result.rows is not None
    assert [list(v.values()) for v in result.rows.values()] == [
        [0, 0, 0, 0, 0],
        [565, 565, 0, 0, 1130],
        [113, 226, 0, 0, 339],
    ]
    doubts = {w.key: w.message for w in result.warnings if w.code == "segmented_by_sums"}
    assert set(doubts) == {f"reviews_litigation.{g}.{c}" for g, row in result.rows.items() for c in row}
    for key in ("litigation_direct.total", "litigation_after_review.upheld"):
        assert "read from '1130113', split" in doubts[f"reviews_litigation.{key}"]
    assert "follows from the split" in doubts["reviews_litigation.administrative_review.upheld"]
    # a second cut that also adds up (11|30 against 113|0), or none: no split is chosen; the numbers are
    # then taken in order as printed, each in doubt (values_unstacked), and the sums fail in the checks
    for row in ("0 0|0 0|0 565|565|0 0 1130113||226|0 0|338", "1 0|0 0|1|0 0|0 0 0|1130||0|0 0|0"):
        other = map_reviews([grid_from(row)], edition("2019"))
        assert other.rows is not None
        assert other.rows["litigation_direct"]["total"] != 1130, row
        assert not any(w.code == "segmented_by_sums" for w in other.warnings), row
        doubted = {w.key for w in other.warnings if w.code in ("values_unstacked", "values_misaligned")}
        assert doubted >= {f"reviews_litigation.{g}.total" for g in other.rows}, row


def test_a_number_that_can_be_a_cell_is_never_split() -> None:
    """Blanks a publisher printed for 0 vanish inside merged cells (``70 70 9`` for 70, 70, _, 9): the row is
    short of numbers without any two run together. 70 | 70 could make the sums hold; but no number of
    the row exceeds four times another, so none is two run together, and the row is not read so."""
    printed = "0 0|70 70 9||39 6 54|0 0 0|54|54||||||||"
    result = map_reviews([grid_from(printed)], edition("2021"))
    assert not any(w.code == "segmented_by_sums" for w in result.warnings)
    # where a number does exceed four times every other (10 against 0s and 1s), a split is read, and every
    # cell of the row is in doubt, since each one's place follows from it
    small = map_reviews([grid_from("|0 10|0 10||1 0|0 1|0 0 0|0 0||||||||")], edition("2021"))
    assert small.rows is not None
    doubted = {w.key for w in small.warnings if w.code == "segmented_by_sums"}
    assert doubted == {f"reviews_litigation.{g}.{c}" for g, row in small.rows.items() for c in row}


def test_a_row_that_adds_up_as_printed_its_empty_cell_a_0_is_not_split() -> None:
    """The reading as printed counts as one reading: when it holds too, a split is a second, and nothing
    is chosen (the rule stated with a toy sum, since the template's rarely admit both)."""
    line = next(lines_of([grid_from("1||10")]))
    assert split_merged(line, 3, lambda v: v == [1, 1, 0], 2) is not None
    assert split_merged(line, 3, lambda v: v in ([1, 1, 0], [1, 0, 10]), 2) is None


def test_the_row_rule_the_repairs_choose_by_is_the_edition_s_own() -> None:
    columns = ["upheld", "corrected", "other", "pending", "total"]
    holds = row_rule(edition("2021").rules, "reviews_litigation", columns)
    assert holds([1, 2, 0, 0, 3, 0, 0, 0, 0, 0, 5, 0, 0, 1, 6])
    assert not holds([1, 2, 0, 0, 3, 0, 0, 0, 0, 0, 5, 0, 0, 1, 7])  # the third group's 总计 is off
    assert not holds([1, 2, 0, 0, 3, 0])  # not whole rows
    assert not row_rule(edition("2021").rules, "active_disclosure", ["issued"])([1])  # no rule: nothing holds


def test_a_table_two_value_run_into_its_label_s_last_cell_is_split_off_in_doubt() -> None:
    """pymupdf4llm on an A5 print: ``|行政事业性|收费72.81|``, the row's one value run into the label's end."""
    grid = grid_from("第二十条第（八）项/信息内容|本年收费金额（单位：万元）/行政事业性|收费72.81")
    result = map_active([grid], edition("2021"))
    assert result.rows is not None and result.rows["fees"] == {"amount_wan_yuan": 72.81}
    assert {w.code for w in result.warnings if w.key == "active_disclosure.fees.amount_wan_yuan"} == {
        "values_unstacked"
    }


def test_a_number_cut_at_a_cell_border_is_joined_only_where_no_empty_cell_explains_the_extra_cell() -> None:
    """A zoomed print: 3390 printed as ``3 | 390`` in two cells after an empty pad under the label."""
    result = _table_three(["3.其他||3390|0|0|0|0|0|3|390"])
    assert result.rows is not None
    assert list(result.rows["other.other"].values()) == [3390, 0, 0, 0, 0, 0, 3390]
    assert {w.key for w in result.warnings if w.code == "values_unwrapped"} == {"applications.other.other.total"}


def test_table_four_takes_a_number_run_across_two_cells_or_two_numbers_run_together_twice() -> None:
    across = map_reviews([grid_from("185|185|37|0|407|74|37|0|0|11|1 0|0|185|0|185")], edition("2021"))
    assert across.rows is not None and across.rows["litigation_direct"]["total"] == 111
    assert across.rows["litigation_after_review"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 185,
        "pending": 0,
        "total": 185,
    }
    twice = map_reviews([grid_from("226 0|565 226|1017565|226|226 0|10170|226|565|113 904")], edition("2021"))
    assert twice.rows is not None
    assert [list(v.values()) for v in twice.rows.values()] == [
        [226, 0, 565, 226, 1017],
        [565, 226, 226, 0, 1017],
        [0, 226, 565, 113, 904],
    ]
    split = [w.key for w in twice.warnings if w.code == "segmented_by_sums" and "read from" in w.message]
    assert split == [f"reviews_litigation.administrative_review.{c}" for c in ("total",)] + [
        "reviews_litigation.litigation_direct.upheld",
        "reviews_litigation.litigation_direct.total",
        "reviews_litigation.litigation_after_review.upheld",
    ]


def test_a_number_under_its_label_fills_the_empty_cell_that_opens_the_row() -> None:
    """pymupdf4llm on an A5 print of a 2019 report: ``|行政许可<br>98||+5|852|``, and the fee row padded."""
    grid = grid_from(
        "第二十条第（五）项/信息内容|上一年项目数量|本年增/减|处理决定数量"
        "/行政许可\n98||+5|852/第二十条第（八）项/信息内容|上一年项目数量|本年增/减/行政事业性收费\n4||0||"
    )
    result = map_active([grid], edition("2019"))
    assert result.rows is not None
    assert result.rows["licensing"] == {"items_last_year": 98, "items_change": 5, "decisions": 852}
    assert result.rows["fees"] == {"items_last_year": 4, "items_change": 0}
    assert {w.code for w in result.warnings if w.key == "active_disclosure.licensing.items_last_year"} == {
        "values_unstacked"
    }
    # two numbers under the label, the third in a cell of its own (pymupdf4llm on A4)
    stacked = map_active([grid_from("第二十条第（五）项/行政许可\n21\n-6|1912")], edition("2019"))
    assert stacked.rows is not None
    assert stacked.rows["licensing"] == {"items_last_year": 21, "items_change": -6, "decisions": 1912}
    # a row whose cells are all printed keeps a number under its label out of its values
    full = map_active([grid_from("第二十条第（五）项/行政许可\n98|7|+5|852")], edition("2019"))
    assert full.rows is not None and full.rows["licensing"]["items_last_year"] == 7


def test_table_three_numbers_printed_as_one_are_split_where_the_row_adds_up_three_in_one_too() -> None:
    """A converter's Markdown cell holding 17063 and 1243 as ``170631243``, or three neighbours in one
    (``221482260226`` for 22148, 2260, 226): split where the row's 总计 holds, every cell in doubt. A row
    whose numbers are short of its columns but none of which exceeds six times another is left alone: the
    blanks a publisher printed for 0 vanish in a merged cell."""
    rows = [
        "一、本年新收政府信息公开申请数量|170631243|0|0|0|0|18306",
        "二、上年结转政府信息公开申请数量|221482260226|0|113|0|24747",
        "（七）总计|821 35|2|1|859",
    ]
    result = _table_three(rows)
    assert result.rows is not None
    assert list(result.rows["new_received"].values()) == [17063, 1243, 0, 0, 0, 0, 18306]
    assert list(result.rows["carried_over"].values()) == [22148, 2260, 226, 0, 113, 0, 24747]
    doubted = {w.key for w in result.warnings if w.code == "segmented_by_sums"}
    cols = result.rows["new_received"]
    assert doubted == {f"applications.{r}.{c}" for r in ("new_received", "carried_over") for c in cols}
    assert all(v is None for v in result.rows["total_processed"].values())


def test_a_row_of_long_digit_strings_is_weighed_within_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Layout text keeps no size guard on splits, so a hostile row of twelve six-digit strings for table 四's
    fifteen cells has tens of thousands of readings: split_merged stops after MAX_TRIES and leaves it."""
    weighed = 0
    holding = repair._holding

    def counted(values: Sequence[int | None], holds: Callable[[list[int]], bool]) -> bool:
        nonlocal weighed
        weighed += 1
        return holding(values, holds)

    monkeypatch.setattr(repair, "_holding", counted)
    grid = grid_from("|".join(str(123457 + 7919 * k) for k in range(12)))
    grid.positional = True
    assert split_merged(next(lines_of([grid])), 15, lambda v: False, 4) is None
    assert 0 < weighed <= repair.MAX_TRIES


def test_a_row_with_blanks_and_a_mistyped_sum_is_not_mended_by_splitting_its_cells() -> None:
    """A publisher left three cells blank and mistyped the 总计 (4151 for 4152). Split three ways the row
    adds up (1 | 4 | 139 | 1 | 2 | 4 | 151), in layout text, where blanks keep their place, and in
    Markdown, where three numbers split leave only a 0 to compare them with: neither is read so. The row
    stays as printed, and its failing check names the publisher's error."""
    holds = row_rule(edition("2021").rules, "applications", list(edition("2021").tables["applications"].columns))
    for positional in (True, False):
        grid = grid_from("1.信访举报投诉类申请||1||4139|12||4151")
        grid.positional = positional
        assert split_merged(next(lines_of([grid])), 7, holds, 6) is None, positional
    # and in layout text a number as large as one the row keeps whole is a cell: 16 beside 53 and 155
    grid = grid_from("1.信访举报投诉类申请||16|3848|||53|155")
    grid.positional = True
    assert split_merged(next(lines_of([grid])), 7, holds, 6) is None
