"""Fujian's 部门整体绩效自评表 as its platform exports it (WPS 表格): a funds block under a
two-row header (预算安排 | 拨付情况 | 结余情况 | 分值 | 得分 over ① … ⑦), 指标分值 / 自评得分
columns, one number for 总分值、评价总分 (S), a 评价等级 row, and cells whose clipped text
runs past their border in the PDF.

The workbook is built here; the collected 宁德 form (corpus/real/store, not in git) is
tested when present.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from extractor.overflow import overflow_texts
from jixiao.pipeline import audit_file

ROOT = Path(__file__).resolve().parents[1]
NINGDE = ROOT / "corpus/real/store/forms/fujian_ningde_govoffice_2024_dept_selfeval.pdf"

ROWS = [
    ["部门整体绩效自评表"],
    ["（2024年度）"],
    ["专项名称", "127部门整体"],
    ["部门（单位）名称", "临溪县人民政府办公室", "部门预算编码", "127"],
    [
        "财政资金安排和使用情况",
        None,
        None,
        "预算安排",
        None,
        None,
        "拨付情况",
        None,
        "结余情况",
        None,
        None,
        "分值",
        "得分",
    ],
    [
        None,
        None,
        None,
        "年初部门预算安排金额（含历年结余结转）①",
        "年中调整金额②",
        "小计 ③ = ①+②",
        "年度拨付金额 ④",
        "支出实现率(%) ⑤=④/③",
        "本年度结余金额⑥=③-④",
        None,
        "资金结余率(%) ⑦=⑥/③",
    ],
    [
        None,
        "合计",
        None,
        "900.00",
        "100.00",
        "1000.00",
        "950.00",
        "95.00",
        "50.00",
        None,
        "5.00",
        "10",
        "10",
    ],
    [
        None,
        "财政资金小计",
        None,
        "900.00",
        "100.00",
        "1000.00",
        "950.00",
        "95.00",
        "50.00",
        None,
        "5.00",
    ],
    [
        None,
        "③地方财政资金",
        None,
        "900.00",
        "100.00",
        "1000.00",
        "950.00",
        "95.00",
        "50.00",
        None,
        "5.00",
    ],
    [None, "其他资金小计", None, "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", None, "0.00"],
    [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        None,
        "年度指标值",
        None,
        "实际完成值",
        "指标分值",
        "自评得分",
        "偏差原因分析及改进措施",
    ],
    [None, "产出指标", "数量指标", "市政府常务会议场次", None, "≥30次", None, "30", "40", "40"],
    [
        None,
        "效益指标",
        "社会效益指标",
        "每日实现热线服务小时数",
        None,
        "=24小时",
        None,
        "24",
        "40",
        "40",
    ],
    [
        None,
        "满意度指标",
        "服务对象满意度",
        "12345平台座席满意率",
        None,
        "≥95%",
        None,
        "99.14",
        "10",
        "8",
        "部分来电等待时间过长",
    ],
    ["总分值、评价总分 (S)", None, None, None, None, None, None, None, "98"],
    ["评价等级", "优（S≧90）"],
]


@pytest.fixture
def fujian_form(tmp_path):
    wb = openpyxl.Workbook()
    for row in ROWS:
        wb.active.append(row)
    path = tmp_path / "fujian_dept_selfeval.xlsx"
    wb.save(path)
    result = audit_file(path)
    assert len(result.records) == 1
    return result


def test_funds_under_a_two_row_header_are_read_by_column(fujian_form):
    funds = fujian_form.records[0]["funds_rows"]
    assert [f["label"] for f in funds] == ["合计", "财政资金小计", "③地方财政资金", "其他资金小计"]
    total = funds[0]
    assert (total["initial_yuan"], total["budget_yuan"], total["spent_yuan"]) == (900, 1000, 950)
    assert (total["rate"], total["weight"], total["score"]) == (95, 10, 10)
    assert funds[1]["weight"] is None  # only the 合计 row is scored


def test_indicator_weights_and_scores_total_and_grade(fujian_form):
    record = fujian_form.records[0]
    assert [(i["weight"], i["score"]) for i in record["indicators"]] == [
        (40, 40),
        (40, 40),
        (10, 8),
    ]
    assert record["indicators"][2]["reason"] == "部分来电等待时间过长"
    # "总分值、评价总分 (S) | 98" under the 指标分值 column is the score, not the weight total
    assert (record["total_score"], record["grade"]) == (98, "优")
    assert not [f for f in fujian_form.findings if f.severity in {"error", "warning"}]


def _char(text: str, x0: float, x1: float, top: float = 10.0) -> dict:
    return {
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "doctop": top,
        "bottom": top + 7.2,
        "upright": True,
        "height": 7.2,
        "width": x1 - x0,
        "direction": "ltr",
    }


def test_a_clipped_run_past_its_cells_border_goes_back_to_its_cell():
    # "支出情况" in a cell [0, 30): 况 abuts 情 and lies past the border; the next cell's own
    # text "三公" starts a padding to the right of the border.
    chars = [
        _char("支", 8.0, 15.2),
        _char("出", 15.2, 22.4),
        _char("情", 22.4, 29.6),
        _char("况", 29.7, 36.9),  # abuts 情, its centre past the border at 30
        _char("三", 38.0, 45.2),
        _char("公", 45.2, 52.4),
    ]
    row = SimpleNamespace(cells=[(0.0, 5.0, 30.0, 20.0), (30.0, 5.0, 60.0, 20.0)])
    ft = SimpleNamespace(bbox=(0.0, 5.0, 60.0, 20.0), page=SimpleNamespace(chars=chars))
    assert overflow_texts(ft, [(row, ["支出情", "况三公"])]) == {0: {0: "支出情况", 1: "三公"}}


def test_cells_whose_texts_do_not_touch_are_left_alone():
    chars = [_char("合", 20.0, 27.2), _char("计", 27.2, 29.0), _char("9", 32.0, 36.0)]
    row = SimpleNamespace(cells=[(0.0, 5.0, 30.0, 20.0), (30.0, 5.0, 60.0, 20.0)])
    ft = SimpleNamespace(bbox=(0.0, 5.0, 60.0, 20.0), page=SimpleNamespace(chars=chars))
    assert overflow_texts(ft, [(row, ["合计", "9"])]) == {}


def test_ningde_form_reads_its_levels_weights_and_total():
    if not NINGDE.exists():
        pytest.skip(f"{NINGDE.relative_to(ROOT)} is absent (corpus/real/store is not in git)")
    result = audit_file(NINGDE)
    record = result.records[0]
    first = record["indicators"][0]
    assert (first["level1"], first["level2"], first["name"]) == (
        "一般性支出情况",
        "一般性支出情况",
        "“三公”经费控制率",
    )
    assert record["indicators"][6]["level2"] == "服务对象满意度"
    assert sum(i["weight"] for i in record["indicators"]) == 90
    assert (record["total_score"], record["grade"]) == (92.33, "优")
    assert record["funds_rows"][0]["score"] == 7
    rules = sorted(f.rule for f in result.findings if f.severity in {"error", "warning"})
    # The funds row's 7 for 88.75% is Fujian's banded scoring, not the national 分值 × 执行率;
    # the 财政资金小计 row left at the template's zeros over ③地方财政资金 9209.55 is a defect.
    assert rules == ["FORM-DEVIATION", "FORM-FUNDS-SUM"]
    (subtotal,) = [f for f in result.findings if f.rule == "FORM-FUNDS-SUM"]
    assert subtotal.message.startswith("“财政资金小计”与其中各项之和不一致：年初预算数 0.00，")
