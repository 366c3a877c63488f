"""Score tables into indicator trees, including the messy rows real reports have."""

from __future__ import annotations

from extractor.indicators import (
    build_tree,
    kind_of,
    parse_detailed_grid,
    parse_detailed_stacked,
    parse_items,
    parse_summary,
)
from extractor.load import paginate
from extractor.model import Indicator, Row, ScoreTable, Table
from extractor.tables import tables_from_lines

HEADER = ["一级指标", "二级指标", "三级指标", "权重", "标杆值", "业绩值", "实际得分", "得分率"]


def grid(rows: list[list[str]], caption: str = "表 3-2 项目指标得分表") -> Table:
    return Table([Row(r, 1, i) for i, r in enumerate([HEADER, *rows], start=1)], caption=caption)


def test_coded_rows_with_a_row_continued_after_a_page_break():
    table = grid(
        [
            [
                "B 项目过程 (20)",
                "B1 资金管理(12)",
                "B101 资金到位率",
                "4",
                "100%",
                "100%",
                "4",
                "100%",
            ],
            ["", "", "B103 资金使用", "4", "合规", "合规", "4", "100%"],
            ["", "", "合规性", "", "", "", "", ""],
        ]
    )
    inds, _ = parse_detailed_grid(table)
    names = [(i.level, i.code, i.name) for i in inds]
    assert names == [
        (1, "B", "项目过程"),
        (2, "B1", "资金管理"),
        (3, "B101", "资金到位率"),
        (3, "B103", "资金使用合规性"),
    ]
    assert inds[1].parent == "项目过程" and inds[1].weight.value == 12


def test_columns_shifted_by_a_merged_cell_are_read_by_their_codes():
    table = grid(
        [
            [
                "",
                "D 项目效益(20)",
                "D1 实施效益(15)",
                "D101 方案编制是否入库",
                "10",
                "是",
                "是",
                "10",
                "100%",
            ],
            ["D2 满意度(5)", "", "D201 单位人员满意度", "5", ">=95%", "100%", "5", "100%"],
        ]
    )
    inds, _ = parse_detailed_grid(table)
    d101 = next(i for i in inds if i.code == "D101")
    d201 = next(i for i in inds if i.code == "D201")
    assert (d101.parent, d101.weight.value, d101.benchmark, d101.score.value) == (
        "实施效益",
        10,
        "是",
        10,
    )
    assert (d201.parent, d201.benchmark, d201.actual) == ("满意度", ">=95%", "100%")
    assert [i.code for i in inds if i.level == 2] == ["D1", "D2"]


def test_total_row_is_returned_apart():
    table = grid(
        [
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
            ["总分", "", "", "100", "", "", "98.93", "98.93%"],
        ]
    )
    _, total = parse_detailed_grid(table)
    assert total.cells[6] == "98.93"


def test_uncoded_grid_with_merged_cells_left_empty():
    header = ["一级指标", "二级指标", "三级指标", "权重", "指标解释", "标杆值", "评分标准"]
    rows = [
        [
            "决策（20分）",
            "项目立项（7）",
            "立项依据充分性",
            "4",
            "考察…",
            "充分",
            "①…（2分）②…（2分）",
        ],
        ["", "", "立项程序规范性", "3", "考察…", "规范", "①…（1分）"],
        ["", "绩效目标(7)", "绩效目标合理性", "4", "考察…", "合理", "①…（1分）"],
    ]
    table = Table([Row(r, 1, i) for i, r in enumerate([header, *rows])])
    inds, _ = parse_detailed_grid(table)
    assert [(i.level, i.name, i.parent) for i in inds] == [
        (1, "决策", None),
        (2, "项目立项", "决策"),
        (3, "立项依据充分性", "项目立项"),
        (3, "立项程序规范性", "项目立项"),
        (2, "绩效目标", "决策"),
        (3, "绩效目标合理性", "绩效目标"),
    ]


STACKED = """一 级 指

标
二级指标 三级指标 权重 指标解释 标杆值 评分标准

决策（20

分）

项 目 立 项

（7）

立项依据

充分性
4

考察项目立项是否符合法

律法规。

充分

①项目立项是否符合

国家法律法规；（2分）

②是否属于部门履职所需；（2分）

产出（40

分）

产 出 数 量

（10）

数量指标 10 专项工作种类 ≥2种

根据项目实施情况：专项工作种类≥2种，10分；专项工作种类=1种，5分。

合计： 100
"""


def test_one_cell_per_line_table_yields_the_tree():
    lines = paginate(STACKED.split("\n"))
    tables = tables_from_lines(lines)
    assert tables[0].source == "stacked"
    inds = parse_detailed_stacked(tables[0])
    assert [(i.level, i.name, i.weight.value if i.weight else None) for i in inds] == [
        (1, "决策", 20),
        (2, "项目立项", 7),
        (3, "立项依据充分性", 4),
        (1, "产出", 40),
        (2, "产出数量", 10),
        (3, "数量指标", 10),
    ]
    first = inds[2]
    assert first.benchmark == "充分"
    assert first.explanation == "考察项目立项是否符合法律法规。"
    assert first.rubric.startswith("①项目立项是否符合国家法律法规；（2分）")
    assert inds[5].benchmark == "≥2种"


def test_item_table_with_sub_items_sums_the_parts():
    text = """表 3—6：项目决策三级指标得分表
三级指标 权重 评分标准 分值 实际得分
立项依据充分性 4
①项目立项是否符合国家法律法规、国民经济发展规划和相关政
策；（2分）
2 2
②项目立项是否与部门职责范围相符；（2分） 2 1.5
预算编制科学性 3 ①预算额度测算依据是否充分。（3分） 3 3
（1）立项依据充分性"""
    tables = tables_from_lines(paginate(text.split("\n")))
    inds = parse_items(tables[0])
    assert [(i.name, i.weight.value, i.score.value) for i in inds] == [
        ("立项依据充分性", 4, 3.5),
        ("预算编制科学性", 3, 3),
    ]
    assert [s.score.value for s in inds[0].sub_items] == [2, 1.5]


def test_summary_table_keeps_its_total_row_and_uses_points_for_weight():
    header = ["评价指标", "权重", "评级分值", "第三方绩效评价得分"]
    rows = [["项目决策", "20%", "20", "20"], ["综合绩效", "100%", "100", "96"]]
    table = Table([Row(r, 1, i) for i, r in enumerate([header, *rows])], caption="表 3—5")
    out = parse_summary(table)
    assert [(r.level, r.name, r.weight.value, r.score.value) for r in out] == [
        (1, "项目决策", 20, 20),
        (0, "合计", 100, 96),
    ]


DETAILED_NO_GROUP_SCORES = [
    ["A 决策 (15)", "A1 项目立项 (5)", "A101 立项依据充分性", "2", "充分", "充分", "2.00", ""],
    ["", "", "A102 立项程序规范性", "3", "规范", "不规范", "0.00", ""],
    ["", "A2 资金投入 (10)", "A201 预算编制科学性", "10", "科学", "科学", "8.40", ""],
    ["B 过程 (85)", "B1 组织实施 (85)", "B101 管理制度健全性", "85", "健全", "健全", "54.60", ""],
]


def test_report_tree_rows_name_their_ancestors_in_the_record():
    inds, _ = parse_detailed_grid(grid(DETAILED_NO_GROUP_SCORES))
    tree = build_tree([ScoreTable("表 3-2", "detailed", inds)])
    rows = {i.code: i.to_dict() for i in tree}
    assert (rows["A"]["level1"], rows["A"]["level2"]) == (None, None)
    assert (rows["A1"]["level1"], rows["A1"]["level2"]) == ("决策", None)
    assert (rows["A102"]["level1"], rows["A102"]["level2"]) == ("决策", "项目立项")
    assert (rows["B101"]["level1"], rows["B101"]["level2"]) == ("过程", "组织实施")
    # A report's row carries its ancestors only, not a form's columns.
    assert "operator" not in rows["A102"] and "target_value" not in rows["A102"]


def test_form_rows_keep_writing_their_own_columns():
    form_row = Indicator(level=3, name="垃圾转运量", level1="产出指标", level2="数量指标")
    form_row.operator, form_row.benchmark = "≥", "≥9000吨"
    out = form_row.to_dict()
    assert (out["level1"], out["level2"], out["operator"], out["target"]) == (
        "产出指标",
        "数量指标",
        "≥",
        "≥9000吨",
    )
    assert "level1" not in Indicator(level=3, name="垃圾转运量").to_dict()


def test_sideways_summary_gives_level1_scores_the_detailed_table_leaves_out():
    header = ["一级指标", "决策", "过程", "合计"]
    rows = [
        ["分值", "15.00", "85.00", "100.00"],
        ["得分", "10.40", "54.60", "65.00"],
        ["得分率", "69.33%", "64.24%", "65.00%"],
    ]
    sideways = Table(
        [Row(r, 1, i) for i, r in enumerate([header, *rows], start=40)],
        caption="表2-1：绩效评价得分情况表",
    )
    assert kind_of(sideways) == "summary"
    summary = parse_summary(sideways)
    assert [(r.level, r.name, r.weight.value, r.score.raw, r.rate.value) for r in summary] == [
        (1, "决策", 15, "10.40", 69.33),
        (1, "过程", 85, "54.60", 64.24),
        (0, "合计", 100, "65.00", 65),
    ]
    inds, _ = parse_detailed_grid(grid(DETAILED_NO_GROUP_SCORES))
    tree = build_tree(
        [ScoreTable("表 3-2", "detailed", inds), ScoreTable(sideways.caption, "summary", summary)]
    )
    tops = [(i.name, i.score.raw, i.score_from_summary) for i in tree if i.level == 1]
    assert tops == [("决策", "10.40", True), ("过程", "54.60", True)]


def test_level2_scores_from_a_section_table_that_lists_them_above_their_items():
    section = Table(
        [
            Row(r, 1, i)
            for i, r in enumerate(
                [
                    ["指标名称", "权重", "指标得分", "得分率"],
                    ["A1项目立项", "5.00", "2.00", "40.00%"],
                    ["A101立项依据充分性", "2.00", "2.00", "100.00%"],
                    ["A102立项程序规范性", "3.00", "0.00", "0.00%"],
                    ["A2资金投入", "10.00", "8.40", "84.00%"],
                    ["A201预算编制科学性", "10.00", "8.40", "84.00%"],
                    ["合计", "15.00", "10.40", "69.33%"],
                ],
                start=70,
            )
        ],
        caption="附表3-3：决策指标得分情况表",
    )
    assert kind_of(section) == "items"
    inds, _ = parse_detailed_grid(grid(DETAILED_NO_GROUP_SCORES))
    tree = build_tree(
        [
            ScoreTable("表 3-2", "detailed", inds),
            ScoreTable(section.caption, "items", parse_items(section)),
        ]
    )
    groups = {i.code: i.score.raw if i.score else None for i in tree if i.level == 2}
    assert groups == {"A1": "2.00", "A2": "8.40", "B1": None}


def test_total_row_whose_label_sits_in_the_third_column_is_no_indicator_text():
    """A table without ruling lines puts 总分, merged over the three name columns, in the column
    its centre falls in: it is the total row, not the rest of the last indicator's name."""
    table = grid(
        [
            [
                "D 项目效益(20)",
                "D2 满意度(5)",
                "D201 单位人员满意度",
                "5",
                ">=95%",
                "100%",
                "5",
                "100%",
            ],
            ["", "", "总分", "100", "", "", "98.93", "98.93%"],
        ]
    )
    indicators, total = parse_detailed_grid(table)
    assert [i.name for i in indicators if i.level == 3] == ["单位人员满意度"]
    assert total is not None and total.cells[6] == "98.93"
