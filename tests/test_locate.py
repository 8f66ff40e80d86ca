from gi_extract.grid import Document, Paragraph
from gi_extract.locate import classify, locate, section_of

from conftest import grid_from


def test_row_four_of_table_three_is_not_a_heading() -> None:
    assert section_of("四、结转下年度继续办理") is None
    assert section_of("四、政府信息公开行政复议、行政诉讼情况") == "四、政府信息公开行政复议、行政诉讼情况"
    assert section_of("五、政府信息公开工作存在的主要问题及改进情况") == "五、存在的主要问题及改进情况"
    assert section_of("一、总体情况。2020年，我县认真贯彻落实条例，" + "很长" * 30) is None


def test_tables_are_found_by_their_words_not_their_place() -> None:
    t2 = grid_from("第二十条第（一）项/信息内容|本年制发件数|本年废止件数|现行有效件数/规章|0|0|0", 1)
    t3 = grid_from("申请人情况/自然人|总计/一、本年新收政府信息公开申请数量|1|1/（一）予以公开|1|1", 2)
    t4 = grid_from("行政复议|行政诉讼/结果维持|结果纠正/0|0", 3)
    unrelated = grid_from("项目|数量/网站访问|100", 0)
    doc = Document("x", "text", [unrelated, Paragraph("某标题"), t4, t2, t3])
    found = locate(doc)
    assert {k: [g.index for g in v.grids] for k, v in found.tables.items()} == {
        "reviews_litigation": [3],
        "active_disclosure": [1],
        "applications": [2],
    }
    assert classify(unrelated) == (None, 0)


def test_a_fragment_without_words_continues_the_table_before_it() -> None:
    head = grid_from("行政复议|行政诉讼/结果维持|结果纠正", 0)
    data = grid_from("0|1|2", 1)
    doc = Document("x", "pdf", [Paragraph("四、政府信息公开行政复议、行政诉讼情况"), head, Paragraph("- 3 -"), data])
    assert [g.index for g in locate(doc).tables["reviews_litigation"].grids] == [0, 1]


def test_a_grid_opening_with_the_last_rows_of_table_three_ends_it_and_starts_table_four() -> None:
    """A converter joined table 三's last rows (one of its words: 结转下年度) to table 四's header: the
    grid is both tables', taken by 四 for its words and by 三 as its end, with no heading between."""
    t3 = grid_from("申请人情况/自然人|总计/一、本年新收政府信息公开申请数量|1|1/（一）予以公开|1|1", 0)
    joined = grid_from("3.其他|0|0/（七）总计|1|1/四、结转下年度继续办理|0|0/行政复议|行政诉讼/结果维持|结果纠正", 1)
    found = locate(Document("x", "text", [t3, joined]))
    assert [g.index for g in found.tables["applications"].grids] == [0, 1]
    assert [g.index for g in found.tables["reviews_litigation"].grids] == [1]
    apart = locate(Document("x", "text", [t3, Paragraph("四、政府信息公开行政复议、行政诉讼情况"), joined]))
    assert [g.index for g in apart.tables["applications"].grids] == [0]


def test_a_second_copy_of_a_table_is_reported() -> None:
    t4a = grid_from("行政复议|行政诉讼/结果维持|结果纠正", 0)
    t3 = grid_from("申请人情况/自然人|总计/一、本年新收政府信息公开申请数量|1|1", 1)
    t4b = grid_from("行政复议|行政诉讼/结果维持|结果纠正", 2)
    found = locate(Document("x", "text", [t4a, t3, t4b]))
    assert [w.code for w in found.warnings] == ["duplicate_table"]


def test_heading_numbering_variants_but_not_sub_headings() -> None:
    assert section_of("二．主动公开政府信息情况") == "二、主动公开政府信息情况"
    assert section_of("第三部分 收到和处理政府信息公开申请情况") == "三、收到和处理政府信息公开申请情况"
    assert section_of("（二）依申请公开") is None  # a sub-heading of 一、总体情况
    assert section_of("二、改进措施") is None  # numbered point inside section 五
