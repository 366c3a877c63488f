"""The same report gives the same record whatever the layout its tables were typed in.

`corpus/layouts/` holds the two seed reports with their tables typed one cell per line
(`lines`), as rows of cells joined by " | " (`pipe`) and as one Word paragraph per row
(`paragraphs`: cells apart by runs of spaces in bazhou, by tabs in yanqi). Each must read
as the text version does: the same indicators, scores and findings. The readers behind it
(pipe and padded rows, tables one cell per line) are tested on small inputs below.
"""

from __future__ import annotations

import pytest

from extractor.celllines import split_rows
from extractor.load import paginate
from extractor.model import Line
from extractor.normalize import flow
from extractor.tables import tables_from_lines
from extractor.typedrows import (
    align_pipe_row,
    calibrate_space,
    column_stops,
    is_pipe_rule,
    pipe_cells,
    place_padded,
)
from jixiao.evaluate import compare_record

from .conftest import CORPUS, extracted, gold

BAZHOU = "bazhou_mine_plan_2022"
YANQI = "yanqi_grassland_fund_2022"
LAYOUT_FILES = [
    ("lines", f"{BAZHOU}.txt"),
    ("pipe", f"{BAZHOU}.txt"),
    ("paragraphs", f"{BAZHOU}.docx"),
    ("lines", f"{YANQI}.txt"),
    ("pipe", f"{YANQI}.txt"),
    ("paragraphs", f"{YANQI}.docx"),
]


def _record(path: str) -> dict:
    return extracted(path).records[0]


def _indicator(record: dict, key: str) -> dict:
    return next(i for i in record["indicators"] if key in {i.get("code"), i["name"]})


def _tree(record: dict) -> list[tuple]:
    fields = ("level", "code", "name", "parent", "weight", "score", "benchmark", "actual")
    return [tuple(i.get(f) for f in fields) for i in record["indicators"]]


@pytest.mark.parametrize(("layout", "file"), LAYOUT_FILES)
def test_layout_reads_every_gold_field(layout: str, file: str) -> None:
    name = file.rsplit(".", 1)[0]
    record = _record(str(CORPUS / "layouts" / layout / file))
    score = compare_record(gold(name)["record"], record)
    assert score.misses == []
    assert score.right == score.total == (362 if name == BAZHOU else 341)


@pytest.mark.parametrize(("layout", "file"), LAYOUT_FILES)
def test_layout_gives_the_text_versions_indicators_and_findings(layout: str, file: str) -> None:
    name = file.rsplit(".", 1)[0]
    text = extracted(str(CORPUS / "reports" / f"{name}.txt"))
    typed = extracted(str(CORPUS / "layouts" / layout / file))
    assert _tree(typed.records[0]) == _tree(text.records[0])
    assert len(typed.records[0]["targets"]) == len(text.records[0]["targets"])
    assert sorted((f.rule, f.severity, f.message) for f in typed.findings) == sorted(
        (f.rule, f.severity, f.message) for f in text.findings
    )


@pytest.mark.parametrize("layout", ["lines", "pipe", "paragraphs"])
def test_bazhou_score_table_values_in_each_layout(layout: str) -> None:
    suffix = "docx" if layout == "paragraphs" else "txt"
    record = _record(str(CORPUS / "layouts" / layout / f"{BAZHOU}.{suffix}"))
    assert len(record["indicators"]) == 37
    assert record["total_score"] == 98.93
    assert len(record["targets"]) == 9
    b102 = _indicator(record, "B102")
    assert (b102["weight"], b102["score"], b102["benchmark"], b102["actual"]) == (
        4,
        3.98,
        "100%",
        "99.41%",
    )
    assert b102["parent"] == "资金管理"
    assert _indicator(record, "C402")["score"] == 4.95
    assert [(r["name"], r["score"]) for r in record["summary_tables"][0]["rows"]][-1] == (
        "合计",
        98.93,
    )
    spending = record["spending"]
    assert spending["total_yuan"] == 1690000 and len(spending["items"]) == 2


@pytest.mark.parametrize("layout", ["lines", "pipe", "paragraphs"])
def test_yanqi_score_table_values_in_each_layout(layout: str) -> None:
    suffix = "docx" if layout == "paragraphs" else "txt"
    record = _record(str(CORPUS / "layouts" / layout / f"{YANQI}.{suffix}"))
    assert len(record["indicators"]) == 31
    assert record["total_score"] == 96
    rule = _indicator(record, "制度执行有效性")
    assert (rule["weight"], rule["score"], rule["parent"]) == (4, 2, "组织实施")
    assert _indicator(record, "实施效益")["score"] == 8
    assert _indicator(record, "项目效益")["parent"] == "效益指标"
    summaries = record["summary_tables"]
    assert len(summaries) == 5  # 表 3—1 … 3—5, each its own table though four share a header
    assert [r["score"] for r in summaries[1]["rows"]] == [12, 6, 18]


# -- pipes ------------------------------------------------------------------------------------


def test_pipe_cells_of_plain_and_markdown_rows() -> None:
    assert pipe_cells("合计 |  |  | 169") == ["合计", "", "", "169"]
    assert pipe_cells("| 一级指标 | 权重 |") == ["一级指标", "权重"]
    assert pipe_cells("资金来源 | 本级财政资金拨款") is None  # one separator: prose may hold one
    assert pipe_cells("资金来源 | 本级财政资金拨款", within=True) == [
        "资金来源",
        "本级财政资金拨款",
    ]
    assert pipe_cells("项目主评人（签字） |", within=True) == ["项目主评人（签字）", ""]
    assert is_pipe_rule("|---|:---:|") and not is_pipe_rule("| a | b |")


def test_short_pipe_rows_lost_their_merged_leading_cells() -> None:
    row = ["A102 立项程序规范性", "4", "规范", "规范", "4", "100%"]
    assert align_pipe_row(row, 8) == ["", "", *row]
    total = ["总分", "100", "", "", "98.93", "98.93%"]
    assert align_pipe_row(total, 8) == ["总分", "", "", "100", "", "", "98.93", "98.93%"]


def test_markdown_pipe_table_is_read_as_a_grid() -> None:
    text = "一级指标 | 权重分 | 得分\n|---|---|---|\n项目决策 | 20 | 19.5\n合计 | 100 | 96"
    lines = paginate(text.split("\n"))
    (table,) = tables_from_lines(lines)
    assert [r.cells for r in table.rows] == [
        ["一级指标", "权重分", "得分"],
        ["项目决策", "20", "19.5"],
        ["合计", "100", "96"],
    ]
    assert table.rows[1].evidence().quote == "项目决策 | 20 | 19.5"  # quoted as printed
    assert "\n项目决策\t20\t19.5\n" in flow(lines).text  # a row to prose readers, not a sentence


# -- padded spaces ----------------------------------------------------------------------------

TARGET_HEADER = (
    "一级指标          二级指标               三级指标"
    "                                                           年度指标值"
)
SCORE_HEADER = (
    "一级指标        二级指标            三级指标                   权重    标杆值"
    "            业绩值           实际得分    得分率"
)


def test_padded_row_cells_go_to_the_columns_their_padding_reaches() -> None:
    merged = (
        "                          数量指标               项目实施方案、图件、数据成果数量"
        "           ≥20 套"
    )
    space = calibrate_space(TARGET_HEADER, [merged])
    assert space == 0.25  # Noto's space is a quarter of an ideograph
    stops = column_stops(TARGET_HEADER, space)
    assert place_padded(merged, stops, space) == [
        "",
        "数量指标",
        "项目实施方案、图件、数据成果数量",
        "≥20 套",
    ]


def test_padded_total_row_keeps_its_empty_cells() -> None:
    total = (
        "总分" + " " * 79 + "100" + " " * 52 + "98.93" + " " * 10 + "98.93%"
    )  # 总分 spans three columns; 标杆值 and 业绩值 are empty
    stops = column_stops(SCORE_HEADER, 0.25)
    assert place_padded(total, stops, 0.25) == [
        "总分",
        "",
        "",
        "100",
        "",
        "",
        "98.93",
        "98.93%",
    ]


def test_padded_table_in_lines_keeps_single_spaces_inside_cells() -> None:
    lines = [
        Line(SCORE_HEADER, None, 1),
        Line(
            "B 项目过程 (20)   B1 资金管理(12)   B101 资金到位率   4   100%         100%"
            "             4                  100%",
            None,
            2,
        ),
    ]
    (table,) = tables_from_lines(lines)
    assert table.rows[1].cells[:4] == ["B 项目过程 (20)", "B1 资金管理(12)", "B101 资金到位率", "4"]
    assert lines[1].cells == table.rows[1].cells  # the line is marked as a row


# -- one cell per line ------------------------------------------------------------------------


def _stream(text: str) -> list[str]:
    """Cells as a text typed one cell per line gives them."""
    return [line.strip() for line in text.strip().splitlines()]


def test_coded_cells_one_per_line_are_split_into_rows() -> None:
    names = ["一级指标", "二级指标", "三级指标", "权重", "标杆值", "业绩值", "实际得分", "得分率"]
    cells = _stream(
        """
        A 项目决策 (20)
        A1 项目立项 (8)
        A101 立项依据充分性
        4
        充分
        充分
        4
        100%
        A102 立项程序规范性
        4
        规范
        规范
        4
        100%
        总分
        100
        98.93
        98.93%
        """
    )
    rows = [r for _, r in split_rows(cells, names)]
    assert rows == [
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
        ["总分", "", "", "100", "", "", "98.93", "98.93%"],
    ]


def test_uncoded_cells_one_per_line_placed_by_type() -> None:
    names = ["三级指标", "权重", "评分标准", "分值", "实际得分"]
    cells = _stream(
        """
        立项依据充分性
        4
        ①项目立项是否符合国家法律法规；（2分）
        2
        2
        ②项目立项是否与部门职责范围相符；（2分）
        2
        1.5
        立项程序规范性
        3
        ①项目是否按照规定的程序申请设立；（3分）
        3
        3
        """
    )
    rows = [r for _, r in split_rows(cells, names)]
    assert [r[0] for r in rows] == ["立项依据充分性", "", "立项程序规范性"]
    assert rows[1] == ["", "", "②项目立项是否与部门职责范围相符；（2分）", "2", "1.5"]


def test_level_heads_and_level_two_names_take_their_columns() -> None:
    names = ["一级指标", "二级指标", "三级指标", "权重", "指标解释", "标杆值", "评分标准"]
    cells = _stream(
        """
        产出（40分）
        产出数量（10）
        数量指标
        10
        专项工作种类
        ≥2种
        根据项目实施情况打分
        产出质量（10分）
        质量指标
        10
        达标率
        ≥90%
        达到目标值得满分
        合计：
        100
        """
    )
    rows = [r for _, r in split_rows(cells, names)]
    assert [r[:4] for r in rows] == [
        ["产出（40分）", "产出数量（10）", "数量指标", "10"],
        ["", "产出质量（10分）", "质量指标", "10"],
        ["合计：", "", "", "100"],
    ]
    targets = ["一级指标", "二级指标", "三级指标", "年度指标值"]
    cells = _stream(
        """
        产出指标
        数量指标
        成果数量
        ≥20 套
        成本指标
        编制费用
        ≤100.88 万元
        """
    )
    assert [r for _, r in split_rows(cells, targets)] == [
        ["产出指标", "数量指标", "成果数量", "≥20 套"],
        ["", "成本指标", "编制费用", "≤100.88 万元"],
    ]


def test_table_one_cell_per_line_becomes_a_grid_and_its_lines_rows() -> None:
    text = "表 1-1 支出明细表\n\n序号\n项目内容\n支出金额（万元）\n1\n测算费\n69.12\n2\n编制费\n99.88\n合计\n169\n\n正文继续。"
    lines = paginate(text.split("\n"))
    (table,) = tables_from_lines(lines)
    assert table.caption == "表 1-1 支出明细表"
    assert [r.cells for r in table.body] == [
        ["1", "测算费", "69.12"],
        ["2", "编制费", "99.88"],
        ["合计", "", "169"],
    ]
    prose = flow(lines).text
    assert "1\t测算费\t69.12" in prose and "测算费69.12" not in prose


def test_column_words_listed_over_prose_make_no_table() -> None:
    text = "一级指标\n二级指标\n三级指标\n评价指标体系分为三级，详见附件 1 的综合评分表。\n\n正文。"
    lines = paginate(text.split("\n"))
    assert tables_from_lines(lines) == []
    assert all(ln.cells is None for ln in lines)
