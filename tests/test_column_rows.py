"""Tables without ruling lines read from word positions: rows cut by the line partition, cells
merged over rows, label-only rows, rows of cells on one line, headers, sub-item tables."""

from __future__ import annotations

from extractor.columns import _larger_type
from extractor.columns.anchors import merged_over_rows
from extractor.columns.cells import Frag, Span
from extractor.columns.header import header_at
from extractor.columns.rows import _row_holding, segment_rows
from extractor.model import Line, Row, Table
from extractor.pdf import _edge_items, _tabbed
from extractor.scoreitems import parse_items


def _frag(top: float) -> Frag:
    return Frag(Line("x", 33, 1), 388.0, 462.0, top, top + 9.0, "x", col=8)


def test_the_last_lines_of_a_tall_row_stay_in_it():
    """A 评分过程 a page break continued fills the page down to the next row: its last lines
    are nearer the next (taller) row's centre than their own row's, yet they are its lines."""
    rows = [Span(100.7, 485.2), Span(490.9, 700.0)]
    assert _row_holding(rows, _frag(437.4)) == 0
    assert _row_holding(rows, _frag(476.2)) == 0
    assert _row_holding(rows, _frag(490.9)) == 1


def test_a_line_between_rows_goes_to_the_nearest():
    rows = [Span(100.0, 200.0), Span(300.0, 400.0)]
    assert _row_holding(rows, _frag(205.0)) == 0
    assert _row_holding(rows, _frag(290.0)) == 1


# -- cells merged over sub-item rows, found from where they sit (表 3—6 printed without lines) --

_XS = {0: (76.0, 139.0), 1: (159.0, 165.0), 2: (182.0, 415.0), 3: (442.0, 448.0), 4: (493.0, 499.0)}


def _cell(col: int, top: float, text: str, page: int = 16) -> Frag:
    x0, x1 = _XS[col]
    return Frag(Line(text, page, int(top)), x0, x1, top, top + 10.5, text, col=col)


def _sub_item_table() -> list[Frag]:
    """Two sub-items ("2 2" each) with the indicator's name and weight centred between them,
    then an indicator of one sub-item, all cells vertically centred as LibreOffice prints
    them."""
    return [
        _cell(2, 576.5, "①项目立项是否符合国家法律法规；（2分）"),
        _cell(3, 584.0, "2"),
        _cell(4, 584.0, "2"),
        _cell(0, 592.4, "立项依据充分"),
        _cell(1, 600.0, "4"),
        _cell(0, 607.5, "性"),
        _cell(2, 608.4, "②项目立项是否与部门职责范围相符；（2分）"),
        _cell(3, 615.9, "2"),
        _cell(4, 615.9, "2"),
        _cell(0, 640.0, "预算编制科学性"),
        _cell(1, 640.0, "3"),
        _cell(2, 640.0, "①预算额度测算依据是否充分。（3分）"),
        _cell(3, 640.0, "3"),
        _cell(4, 640.0, "3"),
    ]


def test_a_name_and_weight_centred_between_sub_items_go_to_the_first_of_them():
    assert merged_over_rows(_sub_item_table(), 10.5) == {0, 1}
    rows = [texts for texts, _ in segment_rows(_sub_item_table(), 5, set())]
    assert rows == [
        ["立项依据充分性", "4", "①项目立项是否符合国家法律法规；（2分）", "2", "2"],
        ["", "", "②项目立项是否与部门职责范围相符；（2分）", "2", "2"],
        ["预算编制科学性", "3", "①预算额度测算依据是否充分。（3分）", "3", "3"],
    ]


def test_one_name_a_row_run_together_is_not_merged():
    """ "张三" over "李四", each level with its row's value, read as one block: not a merged cell."""
    frags = [
        _cell(0, 100.0, "张三"),
        _cell(3, 100.0, "5"),
        _cell(0, 117.0, "李四"),
        _cell(3, 117.0, "6"),
        _cell(3, 134.0, "7"),
    ]
    assert merged_over_rows(frags, 10.5) == set()


def test_a_wrapped_value_is_no_row_anchor():
    """ ">=20" over "套": anchors a line apart say nothing about merged cells."""
    frags = [_cell(3, 100.0, ">=20"), _cell(3, 112.0, "套"), _cell(1, 106.0, "5")]
    assert merged_over_rows(frags, 10.5) == set()


def test_the_paragraphs_of_a_tall_cell_stay_in_its_row():
    """A 评分标准 of four paragraphs centred on its row's weight, the next row a short one: the
    fourth paragraph is nearer the next row's weight than its own, yet it is its own row's."""
    lines = [
        (395.0, "①资金是否到位（4分）"),
        (419.0, "①项目是否有绩效"),
        (434.0, "目标；（1分）"),
        (449.0, "②绩效目标与工作"),
        (464.0, "内容相关；（1分）"),
        (479.0, "③预期产出效益符"),
        (494.0, "合正常业绩水平；"),
        (509.0, "（1分）"),
        (524.0, "④是否与预算确定"),
        (539.0, "的资金量相匹配。"),
        (554.0, "（1分）"),
        (571.0, "①是否将绩效目标"),
        (586.0, "细化分解；（3分）"),
    ]
    frags = [_cell(2, top, text) for top, text in lines]
    frags += [_cell(1, 395.0, "4"), _cell(1, 486.0, "4"), _cell(1, 578.5, "3")]
    rows = [texts[2] for texts, _ in segment_rows(frags, 3, set())]
    assert rows == [
        "①资金是否到位（4分）",
        "①项目是否有绩效目标；（1分）②绩效目标与工作内容相关；（1分）"
        "③预期产出效益符合正常业绩水平；（1分）④是否与预算确定的资金量相匹配。（1分）",
        "①是否将绩效目标细化分解；（3分）",
    ]


def test_a_row_cut_mid_sentence_costs_more_than_one_cut_at_a_full_stop():
    """A tall cell holding two rows' anchors is cut after the line that ends a sentence, though
    the next row's weight sits at its top rather than its centre."""
    lines = [
        (213.0, "考察项目预算资金分配"),
        (228.0, "是否有测算依据，与项"),
        (243.0, "目单位或地方实际是否"),
        (258.0, "相适应，用以反映和考"),
        (273.0, "核项目预算资金分配的"),
        (288.0, "科学性、合理性情况。"),
        (305.0, "考察实际到位资金与预"),
        (320.0, "算资金的比率，用以反"),
        (335.0, "映和考核资金落实情况"),
        (350.0, "对项目实施的总体保障"),
        (365.0, "程度。"),
    ]
    frags = [_cell(2, top, text) for top, text in lines]
    for f in frags[:-1]:
        f.x1 = 415.0  # each line fills the column: one wrapped cell to the eye
    frags += [_cell(1, 250.0, "3"), _cell(1, 305.0, "4")]
    rows = [texts[2] for texts, _ in segment_rows(frags, 3, set())]
    assert rows[0].endswith("科学性、合理性情况。")
    assert rows[1].startswith("考察实际到位资金与预")


def test_a_number_alone_inside_a_page_is_a_cell_not_a_page_number():
    """A weight centred on its merged cell stands on a line of its own: only a page's first two
    and last two text lines can be its page number."""
    items = [
        (57.0, "巴州自然资源局", None),
        (100.0, "三级指标\t权重", ["三级指标", "权重"]),
        (592.0, "立项依据充分", None),
        (600.0, "4", None),
        (608.0, "性", None),
        (700.0, "说明", None),
        (800.0, "17", None),
    ]
    assert _edge_items(items) == {0, 2, 5, 6}


def test_a_heading_in_larger_type_ends_a_table():
    heading = Line("（1）立项依据充分性", 17, 1, box=(95.0, 268.8, 208.6, 280.8))
    heading.spans = [(95.0, 208.6, "（1）立项依据充分性")]
    row = Line("资金分配合理", 17, 2, box=(76.3, 234.5, 139.3, 245.0))
    row.spans = [(76.3, 139.3, "资金分配合理")]
    assert _larger_type(heading, 10.5)
    assert not _larger_type(row, 10.5)


def test_sub_items_of_a_table_without_lines_are_summed():
    """表 3—6 read from word positions: its scores are the sums of the sub-items' scores."""
    rows = [
        ["三级指标", "权重", "评分标准", "分值", "实际得分"],
        ["立项依据充分性", "4", "①符合法律法规；（2分）", "2", "2"],
        ["", "", "②与部门职责相符；（2分）", "2", "1"],
        ["预算编制科学性", "3", "①测算依据充分。（3分）", "3", "3"],
    ]
    table = Table([Row(r, 16, k) for k, r in enumerate(rows)], source="columns")
    got = [(i.name, i.weight.value, i.score.value, len(i.sub_items)) for i in parse_items(table)]
    assert got == [("立项依据充分性", 4.0, 3.0, 2), ("预算编制科学性", 3.0, 3.0, 1)]


# -- a form printed without lines: cells at their rows' tops, a label with no row of its own --

_FORM_XS = {1: (139.0, 206.0), 2: (236.0, 292.0), 3: (317.0, 429.0), 6: (633.0, 644.0)}


def _form_cell(col: int, top: float, text: str, width: float | None = None) -> Frag:
    x0, x1 = _FORM_XS[col]
    if width is not None:
        x0, x1 = (x0 + x1 - width) / 2, (x0 + x1 + width) / 2
    return Frag(Line(text, 1, int(top)), x0, x1, top, top + 9.5, text, col=col)


def test_a_level_label_with_no_indicator_of_its_own_gets_its_own_row():
    """ "经济效益指标" (and the 一级 "效益指标" beside it) stand in a gap between two rows twice
    the usual: a row of its own, so each label goes to the rows under it. Labels at the tops of
    consecutive rows, short of the column's width, are one label a row."""
    frags = [
        _form_cell(1, 200.0, "产出指标（50分）"),
        _form_cell(2, 252.0, "成本指标", 32),
        _form_cell(3, 252.0, "项目总成本"),
        _form_cell(6, 252.0, "8"),
        _form_cell(3, 264.0, "单项业务成本"),
        _form_cell(6, 264.0, "10"),
        _form_cell(1, 277.0, "效益指标（30分）"),
        _form_cell(2, 277.0, "经济效益指标", 48),
        _form_cell(2, 290.0, "社会效益指标", 48),
        _form_cell(3, 290.0, "对维护市场公平的影响程度"),
        _form_cell(6, 290.0, "10"),
        _form_cell(2, 303.0, "生态效益指标", 48),
        _form_cell(3, 303.0, "对控制项目成本的影响程度"),
        _form_cell(6, 303.0, "10"),
        _form_cell(2, 316.0, "可持续影响指标", 56),
        _form_cell(3, 316.0, "对推动制度健全"),
        _form_cell(6, 316.0, "10"),
        _form_cell(3, 325.0, "落实的持续影响"),
        _form_cell(1, 334.0, "满意度指标（10分）"),
        _form_cell(2, 334.0, "服务对象满意度指标", 72),
        _form_cell(3, 334.0, "公众满意度"),
        _form_cell(6, 334.0, "10"),
    ]
    rows = [texts[1:4] for texts, _ in segment_rows(frags, 7, {1, 2})]
    assert rows == [
        ["产出指标（50分）", "成本指标", "项目总成本"],
        ["", "", "单项业务成本"],
        ["效益指标（30分）", "经济效益指标", ""],
        ["", "社会效益指标", "对维护市场公平的影响程度"],
        ["", "生态效益指标", "对控制项目成本的影响程度"],
        ["", "可持续影响指标", "对推动制度健全落实的持续影响"],
        ["满意度指标（10分）", "服务对象满意度指标", "公众满意度"],
    ]


def test_a_column_of_dashes_anchors_rows():
    """Funds rows whose 分值 cells say "—": the column still holds one value a row."""
    frags = [
        _form_cell(3, 119.0, "年度资金总额："),
        _form_cell(6, 119.0, "10"),
        _form_cell(3, 128.0, "其中：本年财政拨款"),
        _form_cell(6, 128.0, "—"),
        _form_cell(3, 138.0, "上年结转资金"),
        _form_cell(6, 138.0, "—"),
        _form_cell(3, 150.0, "其他资金"),
        _form_cell(6, 150.0, "—"),
    ]
    rows = [texts[3] for texts, _ in segment_rows(frags, 7, set())]
    assert rows == ["年度资金总额：", "其中：本年财政拨款", "上年结转资金", "其他资金"]


def test_a_row_of_cells_keeps_the_words_of_one_cell_together():
    """ "新增项目□ 延续项目☑" is one cell of the row (a character apart); a gap of one and a half
    characters ("评价年度   2022 年") could be either, and the line stays text."""
    spans = [
        (43.0, 75.0, "项目名称"),
        (180.0, 252.0, "镇域内基础设施建设"),
        (541.0, 573.0, "项目属性"),
        (661.0, 701.0, "新增项目□"),
        (709.0, 748.0, "延续项目☑"),
    ]
    assert _tabbed("x", spans, 8.0) == "项目名称\t镇域内基础设施建设\t项目属性\t新增项目□ 延续项目☑"
    key = [(101.0, 143.0, "项目名称"), (426.0, 468.0, "评价年度"), (484.0, 520.0, "2022 年")]
    assert _tabbed("项目名称 评价年度 2022 年", key, 10.5) == "项目名称 评价年度 2022 年"


def test_a_labelled_value_above_a_header_is_not_part_of_it():
    """ "一级预算单位名称  零陵区林业局" right above the funds header: stacked onto it, the value
    would spoil the label "全年执行数"; the header is the next line alone."""
    row = Line("一级预算单位名称\t零陵区林业局", 1, 1, box=(158.0, 72.0, 590.0, 81.0))
    row.spans = [(158.0, 222.0, "一级预算单位名称"), (542.0, 590.0, "零陵区林业局")]
    names = [("年度预算申请（万元）", 55.0, 135.0), ("年初预算数", 360.0, 400.0)]
    names += [("全年预算数", 450.0, 490.0), ("全年执行数", 541.0, 581.0), ("分值", 616.0, 632.0)]
    head = Line("", 1, 2, box=(55.0, 81.5, 632.0, 90.5))
    head.spans = [(x0, x1, t) for t, x0, x1 in names]
    assert header_at([row, head], 0) is None
    found = header_at([row, head], 1)
    assert found is not None and [t for _, _, t in found.labels] == [t for t, _, _ in names]


def _header_line(n: int, top: float, spans: list[tuple[float, float, str]]) -> Line:
    return Line(
        " ".join(t for _, _, t in spans),
        1,
        n,
        box=(spans[0][0], top, spans[-1][1], top + 8.5),
        spans=spans,
    )


def test_the_wrapped_ends_of_labels_are_part_of_the_header():
    """ "项目资金（万" over "元）", "全年执行数" over "（B）": one header of seven labels."""
    head = _header_line(
        1,
        90.0,
        [
            (55.0, 103.0, "项目资金（万"),
            (289.0, 352.0, "年初预算数（A）"),
            (383.0, 423.0, "全年执行数"),
            (452.0, 505.0, "分值（10分）"),
            (526.0, 582.0, "执行率（B/A）"),
            (635.0, 651.0, "得分"),
            (724.0, 772.0, "得分计算方法"),
        ],
    )
    tails = _header_line(2, 100.0, [(71.0, 87.0, "元）"), (392.0, 414.0, "（B）")])
    found = header_at([head, tails], 0)
    assert found is not None and len(found.lines) == 2
    assert [t for _, _, t in found.labels][:3] == [
        "项目资金（万元）",
        "年初预算数（A）",
        "全年执行数（B）",
    ]


def test_a_goal_block_header_is_a_header():
    """The Beijing form's goal block opens with its own header, which ends the funds table."""
    line = _header_line(
        1,
        153.0,
        [
            (55.0, 103.0, "年度总体目标"),
            (251.0, 299.0, "年初设定目标"),
            (569.0, 665.0, "年度总体目标完成情况综述"),
        ],
    )
    found = header_at([line], 0)
    assert found is not None and len(found.labels) == 3


def test_a_cost_header_with_years_is_a_header_and_form_rows_are_not():
    """ "2020年实际执行数" names a column (its year aside); "项目名称" over "项目类别" are the
    labels of two rows of a form, not one header."""
    cost = _header_line(
        1,
        93.0,
        [
            (62.0, 126.0, "项目预算成本构成"),
            (181.0, 213.0, "成本构成"),
            (291.0, 339.0, "金额（万元）"),
            (418.0, 482.0, "测算（公式）依据"),
            (564.0, 634.0, "2020年实际执行数"),
            (702.0, 772.0, "2021年实际执行数"),
        ],
    )
    found = header_at([cost], 0)
    assert found is not None and len(found.labels) == 6
    name = _header_line(1, 56.0, [(132.0, 164.0, "项目名称"), (492.0, 556.0, "滨湖大楼运行保障")])
    kind = _header_line(
        2,
        65.0,
        [(132.0, 164.0, "项目类别"), (291.0, 339.0, "本级支出项目"), (434.0, 466.0, "项目性质")],
    )
    found = header_at([name, kind], 0)
    assert found is None or found.lines == [name]


# -- a form's funds block and parts printed without lines (零陵, 鄂州 without ruling lines) --


def test_a_label_under_a_header_merged_over_two_columns_gets_the_empty_column():
    """The header cell "年度预算申请（万元）" is printed over the labels and the amounts: the label 年度资金总额
    sits nearer the 年初预算数 column, a wide gap before its amount. It is the row's first cell,
    not part of the amount's."""
    line = Line("年度资金总额 4753.66万元 10", 1, 3)
    frags = [
        Frag(line, 215.9, 263.9, 93.7, 103.7, "年度资金总额", col=1),
        Frag(line, 354.8, 405.5, 93.7, 103.7, "4753.66万元", col=1),
        Frag(line, 619.4, 629.6, 93.7, 103.7, "10", col=2),
    ]
    starts = [55.2, 360.1, 616.5]
    rows = [texts for texts, _ in segment_rows(frags, 3, set(), starts)]
    assert rows == [["年度资金总额", "4753.66万元", "10"]]
    assert [texts for texts, _ in segment_rows(frags, 3, set())] == [
        ["", "年度资金总额4753.66万元", "10"]
    ]


def test_the_forms_without_ruling_lines_read_their_funds_and_their_next_part(tmp_path):
    """End to end on the layout matrix: 零陵's funds total row (label under a merged header)
    and its indicators followed by a "……" placeholder row; 鄂州's 合计 row, which the
    绩效目标 line (a label and a text wider than the columns it runs over) followed."""
    from pathlib import Path

    from extractor.load import load

    root = Path(__file__).resolve().parent.parent / "corpus" / "layouts" / "unruled" / "forms"
    lingling = load(root / "lingling_forestry_dept_2021.pdf")
    rows = [r.cells for t in lingling.tables for r in t.rows]
    assert ["年度资金总额", "4753.66万元", "4753.66万元", "3824.26万元", "10", "100%", "10"] in rows
    assert ["", "", "质量指标", "造林成活率", "85%", "85%", "7", "7", ""] in rows
    ezhou = load(root / "ezhou_binhu_building_targets_2022.pdf")
    rows = [r.cells for t in ezhou.tables for r in t.rows]
    assert ["", "合计", "814", "", "662.98", "794.55"] in rows


def test_a_funds_block_typed_as_paragraphs_keeps_its_wrapped_cell_and_its_rows():
    """海淀's funds block typed as Word paragraphs and printed: the 得分计算方法 cell wraps back
    to the left margin ("…该指标分值，" / "最高不超过分值上限"), and "其他资金" alone on its line
    after a short row is a row of its own, not the rest of the row above."""
    from pathlib import Path

    from extractor.load import load

    path = Path("corpus/layouts/paragraphs/forms/haidian_xueyuanlu_cleaning_2016.pdf")
    table = next(t for t in load(path).tables if t.rows[0].cells[0] == "项目资金（万元）")
    assert [r.cells[0] for r in table.rows[1:]] == [
        "年度资金总额：",
        "其中：本年一般公共预算拨款",
        "其他资金",
    ]
    assert table.rows[1].cells[-1] == "执行率×该指标分值，最高不超过分值上限"
