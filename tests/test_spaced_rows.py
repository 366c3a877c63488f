"""Tables whose cells only a single space separates, put back in columns (extractor/spacedrows).

Made from the seed reports' own rows, as a table typed with spaces (or an HTML copy that
collapsed its tabs, printed to PDF) gives them."""

from __future__ import annotations

from pathlib import Path

from extractor.load import load
from extractor.model import Line
from extractor.spacedrows import EITHER, read_spaced_rows, words_of

SCORE_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "权重",
    "标杆值",
    "业绩值",
    "实际得分",
    "得分率",
]
TREE_HEADER = ["一级指标", "二级指标", "三级指标", "权重", "指标解释", "标杆值", "评分标准"]


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 1, k) for k, t in enumerate(texts, start=1)]


def _space(above: Line, below: Line) -> str:
    return " "


def test_a_word_that_cannot_stand_alone_goes_on_the_word_before() -> None:
    assert words_of("C101 筛选总金额 5 >=5 亿 5 亿 5 100%") == [
        "C101 筛选总金额",
        "5",
        ">=5 亿",
        "5 亿",
        "5",
        "100%",
    ]
    assert words_of("<=5 月 30 日以前 5 月 30 日") == ["<=5 月 30 日以前", "5 月 30 日"]
    assert words_of("A 项目决策 (20) A1 项目立项 (8)") == ["A 项目决策 (20)", "A1 项目立项 (8)"]


def test_coded_rows_run_together_with_spaces_place_in_their_columns() -> None:
    body = _lines(
        "A 项目决策 (20) A1 项目立项 (8) A101 立项依据充分性 4 充分 充分 4 100%",
        "A102 立项程序规范性 4 规范 规范 4 100%",
        "B202 制度执行有效性 4 执行且有效 较为执行且有效 3 75%",
        "C401 子项目筛选、工程量和资金测算成本费用 5 <=69.12 万元 69.12 万元 5 100%",
    )
    table = read_spaced_rows(SCORE_HEADER, body, _space)
    assert table is not None and table.readable and not table.unplaced
    assert [r.cells for r in table.rows] == [
        [
            "A 项目决策 (20)",
            "A1 项目立项 (8)",
            "A101 立项依据充分性",
            "4",
            "充分",
            "充分",
            "4",
            "100%",
        ],
        ["", "", "A102 立项程序规范性", "4", "规范", "规范", "4", "100%"],
        ["", "", "B202 制度执行有效性", "4", "执行且有效", "较为执行且有效", "3", "75%"],
        [
            "",
            "",
            "C401 子项目筛选、工程量和资金测算成本费用",
            "5",
            "<=69.12 万元",
            "69.12 万元",
            "5",
            "100%",
        ],
    ]


def test_a_coded_row_wrapped_onto_the_next_line_is_one_row() -> None:
    body = _lines(
        "C101 筛选子项目工程量的资金测算总金额 5",
        ">=5 亿 5 亿 5 100%",
        "C102 项目实施方案、图件、数据成果数量 5 >=20 套 20 套 5 100%",
    )
    table = read_spaced_rows(SCORE_HEADER, body, _space)
    assert table is not None
    assert [r.cells[2:] for r in table.rows] == [
        ["C101 筛选子项目工程量的资金测算总金额", "5", ">=5 亿", "5 亿", "5", "100%"],
        ["C102 项目实施方案、图件、数据成果数量", "5", ">=20 套", "20 套", "5", "100%"],
    ]


def test_rows_no_longer_than_the_header_are_left_to_the_other_readers() -> None:
    body = _lines("项目立项 7 7 100%", "绩效目标 7 7 100%", "资金投入 6 6 100%")
    assert read_spaced_rows(["二级指标", "权重", "实际得分", "得分率"], body, _space) is None


def test_rows_apart_on_the_page_are_rows_and_a_cut_word_is_joined() -> None:
    """A PDF row wraps at the margin: the paragraphs' larger gap says where a row ends; a
    line cut between two Chinese characters joins without a space; two columns of free text
    each take one word."""
    texts = [
        ("决策（20分） 项目立项（7） 立项依据充分性 4 考察项目立项是否符", 100.0),
        ("合法律法规。 充分 ①项目立项是否符合法律法规；（2分）", 114.0),
        ("立项程序规范性 3 考察项目申请、设立过程是否符合相关要求。 规范 ①按", 140.0),
        ("规定的程序申请设立；（1分）", 154.0),
        ("绩效目标(7) 绩效目标合理性 4 考察绩效目标是否依据充分。 合理 ①有绩效目标。", 180.0),
    ]
    body = [Line(t, 3, k, box=(40.0, top, 370.0, top + 10)) for k, (t, top) in enumerate(texts)]

    def glue(above: Line, below: Line) -> str:
        return "" if above.text.endswith(("符", "按")) else " "

    table = read_spaced_rows(TREE_HEADER, body, glue)
    assert table is not None and table.readable
    assert [r.cells for r in table.rows] == [
        [
            "决策（20分）",
            "项目立项（7）",
            "立项依据充分性",
            "4",
            "考察项目立项是否符合法律法规。",
            "充分",
            "①项目立项是否符合法律法规；（2分）",
        ],
        [
            "",
            "",
            "立项程序规范性",
            "3",
            "考察项目申请、设立过程是否符合相关要求。",
            "规范",
            "①按规定的程序申请设立；（1分）",
        ],
        [
            "",
            "绩效目标(7)",
            "绩效目标合理性",
            "4",
            "考察绩效目标是否依据充分。",
            "合理",
            "①有绩效目标。",
        ],
    ]


def test_a_break_that_may_have_been_a_space_is_read_both_ways() -> None:
    """Between a character and a digit a line breaks with or without a space: the reading that
    places is kept ("（3" + "分）" is one cell; "万元" + "4.95" are two)."""
    body = _lines(
        "C402 项目实施方案编制费用 5 <=100.88 万元 99.88 万元",
        "4.95 99.01%",
    )
    table = read_spaced_rows(SCORE_HEADER, body, lambda a, b: EITHER)
    assert table is not None
    assert table.rows[0].cells[4:] == ["<=100.88 万元", "99.88 万元", "4.95", "99.01%"]


def test_free_text_split_by_chance_is_not_placed_but_said() -> None:
    """Three columns of free text: where one ends nothing says. The row is not placed."""
    header = [*TREE_HEADER[:4], "指标解释", "评分依据", "评分标准", "得分"]
    body = _lines(
        "A101 立项依据充分性 4 考察 项目 立项 依据 通用 标准 符合 得 分 4",
        "A102 立项程序规范性 4 考察 程序 是否 规范 通用 标准 符合 得 分 4",
    )
    table = read_spaced_rows(header, body, _space)
    assert table is not None and not table.readable
    assert len(table.unplaced) == 2


def test_the_seed_reports_typed_with_spaces_read_their_score_table() -> None:
    """End to end through the loader: the spaced layout's coded score table becomes a grid."""
    doc = load("corpus/layouts/spaced/bazhou_mine_plan_2022.txt")
    table = next(t for t in doc.tables if t.caption and "3-2" in t.caption)
    assert table.source == "grid"
    b102 = next(r.cells for r in table.body if r.cells[2].startswith("B102"))
    assert b102 == ["", "", "B102 预算执行率", "4", "100%", "99.41%", "3.98", "99.41%"]


RUBRIC_HEADER = [*TREE_HEADER[:6], "评分依据", "评价标准", "评分过程", "得分", "得分率"]


def test_several_columns_of_text_end_where_chinese_text_meets_a_space() -> None:
    """Bazhou's 附件1 row typed with spaces: four columns of text. Spaces beside a digit or in a
    title's brackets stay inside a cell; a space between two characters of Chinese text ends
    one."""
    body = _lines(
        "B101 资金到位率 (4) 反映资金到位情况 100% 通用标准 到位率达 100% 则得满分。 评价组核查，"
        "到位率 100%。 4 100%",
        "B102 预算执行率 (4) 反映项目预算资金的实际执行情况；预算执行率=实际支出金额/预算批复"
        "金额×100% 100% 通用标准 预算执行率达100%则得满分，低于则每降低1%扣相应权重的5%，扣完"
        "为止。 评价组依据《财政部办公厅 自然资源部办公厅关于支持开展示范工程的通知》核查，"
        "预算资金支出 169 万元，预算执行率为 99.41%。综上所述，该指标分值 4 分，得 3.98 分。"
        " 3.98 99.41%",
    )
    table = read_spaced_rows(RUBRIC_HEADER, body, _space)
    assert table is not None and table.readable and not table.unplaced
    assert table.rows[1].cells == [
        "",
        "",
        "B102 预算执行率 (4)",
        "",
        "反映项目预算资金的实际执行情况；预算执行率=实际支出金额/预算批复金额×100%",
        "100%",
        "通用标准",
        "预算执行率达100%则得满分，低于则每降低1%扣相应权重的5%，扣完为止。",
        "评价组依据《财政部办公厅 自然资源部办公厅关于支持开展示范工程的通知》核查，预算资金"
        "支出 169 万元，预算执行率为 99.41%。综上所述，该指标分值 4 分，得 3.98 分。",
        "3.98",
        "99.41%",
    ]


def test_a_target_inside_a_sentence_is_not_taken_for_the_next_cell() -> None:
    """Yanqi's 质量指标 row: the rubric quotes the target again ("达标率 <90%，每下降 5%"). A
    cell of text does not start at a number, so the target stays ≥90%."""
    body = _lines(
        "产出（40分） 产出质量（10分） 质量指标 10 草原治理工作质量达标率 ≥90% 根据项目实施情况："
        "草原治理工作质量达标率≥90%，10分；草原治理工作质量达标率 <90%，每下降 5%，扣除权重分的"
        " 5%；依此类推，扣完为止。",
    )
    table = read_spaced_rows(TREE_HEADER, body, _space)
    assert table is not None and not table.unplaced
    assert table.rows[0].cells[3:6] == ["10", "草原治理工作质量达标率", "≥90%"]
    assert table.rows[0].cells[6].endswith("依此类推，扣完为止。")


def test_the_seed_report_typed_with_spaces_reads_its_rubric_table() -> None:
    """End to end: Bazhou typed with spaces gives the rubric findings the text version gives,
    and no extraction warning."""
    from jixiao.pipeline import audit_file

    result = audit_file(Path("corpus/layouts/spaced/bazhou_mine_plan_2022.txt"))
    said = {
        f.rule: f.message
        for f in result.findings
        if f.rule.startswith(("RUBRIC", "EXTRACT")) and f.severity != "info"
    }
    assert said == {
        "RUBRIC-ITEM-COUNT": "B202“制度执行有效性”评分标准列出 4 项，却写“以上两项”",
        "RUBRIC-SCORE": "B102“预算执行率”得分 3.98：评分标准业绩值 99.41% 应得 3.88 分",
    }


def test_a_table_of_text_that_would_not_split_is_said(tmp_path: Path) -> None:
    """Three columns of text where a cell holds a space between two Chinese words: where it
    ends nothing says. No rule reads its rows; the audit says the table was not split."""
    from jixiao.pipeline import audit_file

    rows = [
        f"A10{k} 指标{k} (4) 考察 是否 规范 通用标准 符合 得分 不符合 不得分 评价组 核查 4 100%"
        for k in range(1, 4)
    ]
    path = tmp_path / "report.txt"
    lines = [
        "某某项目支出绩效评价报告",
        "经评价，该项目综合得分 95 分，评价等级为“优”。",
        "附件1 综合评分表",
        " ".join(RUBRIC_HEADER),
        *rows,
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = audit_file(path)
    said = [f.message for f in result.findings if f.rule == "EXTRACT-UNREAD"]
    assert said == [
        "第 1 页的评分表（3 行的单元格之间只有空格，分不出列）未能读成行列，其中的数据未经核对："
        "“A101 指标1 (4) 考察 是否 规范 通用标准 符合 得分 不符合 不得分”"
    ]


def test_a_key_table_typed_as_label_value_lines_is_read_at_its_labels() -> None:
    """The 项目关键信息表 with its grid gone: labels and values a space apart, a label cut at a
    line's end ("评" / "价年度") is joined where the line ran to the margin."""
    from extractor.keypairs import read_key_pairs

    lines = _lines(
        "项目关键信息表",
        "项目名称 某某矿山生态修复方案编制 评",
        "价年度 2022 年",
        "项目主管部门 某某自治州自然资源局 联系人及联系方式 黄某 181****9527",
        "项目资金投入总额 170 项目资金执行数 169 资金执行率 99.41%",
        "一、项目概况",
    )
    table, end = read_key_pairs(lines, 1, lambda a, b: "" if a.text.endswith("评") else " ")
    assert table is not None and end == 5
    assert [r.cells for r in table.rows] == [
        ["项目名称", "某某矿山生态修复方案编制"],
        ["评价年度", "2022 年"],
        ["项目主管部门", "某某自治州自然资源局"],
        ["联系人及联系方式", "黄某 181****9527"],
        ["项目资金投入总额", "170"],
        ["项目资金执行数", "169"],
        ["资金执行率", "99.41%"],
    ]
    assert lines[5].cells is None  # the heading after the table stays prose


def test_label_value_lines_with_no_caption_above_are_left_to_the_form_reader() -> None:
    from extractor.keypairs import read_key_pairs

    lines = _lines("项目支出绩效自评表", "项目名称 某某项目 主管部门 某某局")
    assert read_key_pairs(lines, 1, _space) == (None, 2)


def test_a_numbered_list_typed_with_spaces_gives_its_items_and_total() -> None:
    doc = load("corpus/layouts/spaced/bazhou_mine_plan_2022.txt")
    table = next(t for t in doc.tables if t.header and t.header[0] == "序号")
    assert [r.cells for r in table.rows] == [
        ["序号", "项目内容", "收款单位", "支出金额（万元）"],
        ["1", "工程资金测算资金", "中国地质工程集团有限公司", "69.12"],
        ["2", "方案等成果编制费", "中国地质工程集团有限公司", "99.88"],
        ["合计", "", "", "169"],
    ]


def test_a_header_wrapped_onto_a_second_line_keeps_its_last_columns(tmp_path: Path) -> None:
    """A narrow page prints the header's last name on a line of its own ("得分率"): it is the
    header's, not a row, and the rows keep their rate."""
    path = tmp_path / "table.txt"
    header = " ".join(SCORE_HEADER)
    rows = ["A101 立项依据充分性 4 充分 充分 4 100%", "A102 立项程序规范性 4 规范 规范 3 75%"]
    path.write_text("\n".join([header.removesuffix(" 得分率"), "得分率", *rows]), encoding="utf-8")
    table = next(t for t in load(path).tables if t.rows and t.rows[0].cells[0] == "一级指标")
    assert table.rows[0].cells == SCORE_HEADER
    assert [r.cells[-2:] for r in table.rows[1:]] == [["4", "100%"], ["3", "75%"]]
