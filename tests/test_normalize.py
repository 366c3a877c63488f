"""What PDF-to-text does to Chinese, undone."""

from __future__ import annotations

from extractor.load import decode_text, paginate
from extractor.model import Line
from extractor.normalize import canon, clean_line, flow, is_page_number


def test_fullwidth_digits_and_signs():
    assert clean_line("１７０万元，９９．４１％") == "170万元，99.41%"


def test_spaces_inside_words_are_removed():
    assert clean_line("一 级 指 标") == "一级指标"
    assert clean_line("产 出 数 量（10）") == "产出数量（10）"


def test_spaces_between_words_are_kept():
    assert clean_line("二级指标 三级指标 权重") == "二级指标 三级指标 权重"


def test_cid_glyphs_are_dropped():
    assert clean_line("预算(cid:123)执行率") == "预算执行率"


def test_canon_unifies_dashes_and_brackets():
    assert canon("天山南麓 - 阿尔金山") == canon("天山南麓—阿尔金山")
    assert canon("（一）") == "(一)"


def test_page_numbers():
    assert is_page_number("12")
    assert is_page_number("第 3 页")
    assert is_page_number("- 7 -")
    assert not is_page_number("2022 年")


def test_running_header_and_page_number_are_dropped():
    body = [f"第二页第{i}行正文内容" for i in range(20)]
    header = "2022 年某某县林草专项资金项目"
    raw = ["正文第一行", "", header, "", "2", *body, "", header, "", "3", "第三页"]
    lines = paginate(raw)
    texts = [ln.text for ln in lines if ln.text]
    assert texts == ["正文第一行", *body, "第三页"]
    assert [ln.page for ln in lines if ln.text] == [1] + [2] * 20 + [3]


def test_a_repeated_cell_above_a_number_is_not_a_running_header():
    raw = ["公用经费标准", "符合相关文件要求", "符合相关文件要求", "10", "10", "指标2："]
    texts = [ln.text for ln in paginate(raw) if ln.text]
    assert texts == raw


def test_cells_repeated_far_apart_above_numbers_are_no_running_header():
    # A text typed one cell per line prints a score table twice; a cell with a number under it
    # recurs far apart, but two tables are not two pages: 500 lines a page is no page.
    first = ["A101 立项依据充分性", "4", "充分", "C301 完成时间", "5", "5 月 30 日", "5"]
    second = ["A101 立项依据充分性", "(4)", "充分", "C301 完成时间", "(5)", "5 月 30 日", "6"]
    raw = [*first, *["正文。"] * 500, *second, *["正文。"] * 30]
    lines = paginate(raw)
    assert [ln.text for ln in lines[:7]] == first
    assert {ln.page for ln in lines} == {1}


def test_broken_lines_are_rejoined():
    lines = [
        Line("2022 年度焉耆县自然资源局林草专项资金项目预算资金 10", 1, 1),
        Line("", 1, 2),
        Line("万元，其中：自治区财政专项资金 10 万元。", 1, 3),
        Line("（二）评价结论", 1, 4),
    ]
    f = flow(lines)
    assert "预算资金 10万元，其中" in f.text.replace(" 10万元", " 10万元")
    assert f.text.endswith("\n（二）评价结论")
    assert f.lines[f.origin[f.text.index("其中")]].number == 3


def test_encodings_are_detected():
    text = "项目资金执行率 99.41%"
    for encoded in (
        text.encode("utf-8"),
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.encode("gb18030"),
        text.encode("utf-16"),
        text.encode("gbk"),
    ):
        assert decode_text(encoded) == text
