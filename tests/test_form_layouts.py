"""Small forms built for one reading each (tests/fixtures/forms): placeholder rows, a blank
form, a year quoted from a policy, a table listing projects, cells read as names."""

from __future__ import annotations

from extractor.model import Evidence, Indicator, Report
from jixiao.pipeline import audit_file
from rules.text import duplicate_indicator

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "forms"


def _form(name: str) -> dict:
    result = audit_file(FIXTURES / name)
    forms = [r for r in result.records if r["kind"] in {"targets", "self_assessment"}]
    assert len(forms) == 1
    return forms[0]


def test_placeholder_rows_are_not_indicators():
    form = _form("placeholder_rows.txt")
    # 不适用, /, 无 and — rows under 质量指标, 时效指标, 生态效益指标, 可持续影响指标 are left out.
    assert [i["name"] for i in form["indicators"]] == [
        "养护农村公路里程",
        "群众出行条件改善",
        "沿线群众满意度",
    ]


def test_blank_form_is_one_policy_finding():
    result = audit_file(FIXTURES / "blank_form.txt")
    warnings = [(f.rule, f.check) for f in result.findings if f.severity != "info"]
    assert warnings == [("FORM-EMPTY", "policy")]
    quotes = " ".join(e.quote for e in result.findings[0].evidence)
    assert "完成年度工作" in quotes  # the goal line is quoted
    form = result.records[0]
    assert form["unit"] == "临溪县交通运输局"
    assert [f["label"] for f in form["funds_rows"]][:2] == ["预算支出总额", "财政拨款"]


def test_year_quoted_from_a_policy_is_not_the_forms_year():
    # 《…管理办法（2021年修订）》（临政发〔2021〕12号） comes before "2024年完成…".
    assert _form("policy_year.txt")["year"] == 2024


def test_table_listing_projects_gives_a_record_each():
    result = audit_file(FIXTURES / "project_list.txt")
    forms = [r for r in result.records if r["kind"] == "targets"]
    assert [(f["project"], f["funds_rows"][0]["budget_yuan"]) for f in forms] == [
        ("信访专项经费", 300000),
        ("接待中心运行费", 1160000),
    ]
    assert {f["unit"] for f in forms} == {"临溪县信访局"}
    assert [len(f["indicators"]) for f in forms] == [2, 2]
    assert forms[1]["indicators"][1]["operator"] == "≤"


def _indicator(name: str) -> Indicator:
    ind = Indicator(level=3, name=name, evidence=Evidence(1, 1, name))
    ind.level1 = "产出指标"
    return ind


def test_operator_and_nature_cells_are_no_duplicate_names():
    report = Report(file="x", sha256="", pages=1, format="pdf", kind="targets")
    report.indicators = [_indicator(n) for n in ("≥", "≥", "=", "=", "定性", "定性", "85%", "85%")]
    assert list(duplicate_indicator(report)) == []
    report.indicators += [_indicator("使用人员满意度"), _indicator("使用人员满意度")]
    assert len(list(duplicate_indicator(report))) == 1


def test_a_number_in_the_reason_column_does_not_lose_the_row() -> None:
    """A form typed as text whose 偏差原因 column holds "0" ("指标1安全率 100 100 10 10 0"): the
    row keeps its values, with the extra number as its reason. Before, the rows of the whole
    group went missing and the form's sums raised two false errors (廊坊, typed with spaces)."""
    from extractor.forms.flat import align

    roles = ("target", "actual", "weight", "score", "reason")
    assert align(("100", "100", "10", "10", "0"), roles)[1] == {
        "target": "100",
        "actual": "100",
        "weight": "10",
        "score": "10",
        "reason": "0",
    }
    assert align(("100", "95", "10", "9"), roles)[1] == {
        "target": "100",
        "actual": "95",
        "weight": "10",
        "score": "9",
    }


def test_a_header_ending_in_指标值_gives_the_target_column() -> None:
    """ "一级指标 二级指标 三级指标 指标值": 指标值 is the target column itself, not the second
    header row of a 年度指标值 split into 指标性质 / 指标值 / 度量单位 (广水 typed with spaces
    read 62/121 gold fields, 林业有害生物 one cell a line 126/158; both now whole)."""
    from extractor.forms.flat import value_roles

    assert value_roles(["一级指标", "二级指标", "三级指标", "指标值"]) == ["target"]
    assert value_roles(["一级指标", "二级指标", "三级指标", "指标值", "度量单位"]) == [
        "target",
        "unit",
    ]
    assert value_roles(["三级指标", "年度指标值", "指标性质", "指标值", "度量单位"]) == [
        "nature",
        "target",
        "unit",
    ]


def test_cost_rows_typed_without_the_section_cell_stay_in_the_block() -> None:
    """鄂州's cost block typed with pipes: the header starts with its section label
    ("项目预算成本构成 | 成本构成 | 金额（万元） | …"), its rows do not ("保安服务费 | 191 | …").
    The rows are the block's, one cell to the right, and the 2020 column's sum is checked."""
    from jixiao.pipeline import audit_file

    path = ROOT / "corpus" / "forms" / "txt" / "ezhou_binhu_building_targets_2022_pipe.txt"
    result = audit_file(path)
    labels = [r["label"] for r in result.records[0]["funds_rows"]]
    assert labels == ["保安服务费", "保洁服务费", "水电气、维修维护费", "合计"]
    assert [f.message for f in result.findings if f.rule == "FORM-FUNDS-SUM"] == [
        "“合计”与其中各项之和不一致：2020年实际执行数 662.98，各项 191＋99＋372.88 = 662.88"
    ]


def test_rows_typed_as_text_keep_their_targets_and_end_at_the_forms_next_part() -> None:
    """鄂州 typed with spaces and one cell a line: a row without its target does not win over
    the split that gives every row one ("成本控制率 反映支出控制情况 不超预算 水电气消耗下降率 …"
    had made 不超预算 a name), and 保障绩效目标实现措施 / 主管部门审核意见 / 单位公章 end the
    indicators instead of becoming two more."""
    from jixiao.pipeline import audit_file

    for style in ("spaces", "lines"):
        path = ROOT / "corpus" / "forms" / "txt" / f"ezhou_binhu_building_targets_2022_{style}.txt"
        rows = [(i["name"], i["target"]) for i in audit_file(path).records[0]["indicators"]]
        assert rows[5:] == [
            ("成本控制率", "不超预算"),
            ("水电气消耗下降率", "≥2%"),
            ("机关办公秩序", "安全有序"),
            ("入驻单位满意度", "≥90%"),
        ], style


def test_a_qualitative_row_of_a_form_without_levels_has_the_forms_fields() -> None:
    """A 部门整体 form with no 一级/二级 columns: its 定性 rows (no operator, no unit) carry
    the form's fields like its 定量 rows, their target among them."""
    from jixiao.pipeline import audit_file

    path = ROOT / "corpus" / "forms" / "xlsx" / "xikexuecheng_media_dept_2021.xlsx"
    rows = {i["name"]: i for i in audit_file(path).records[0]["indicators"]}
    assert (rows["管理制度健全性"]["target"], rows["管理制度健全性"]["nature"]) == (
        "高",
        "定性指标",
    )
    assert rows["管理制度健全性"].keys() == rows["财政供养人员控制率"].keys()


def test_a_target_stated_in_a_sentence_gives_its_measure() -> None:
    """Targets written as sentences (上海普陀's target forms): the number right after an
    operator, or a percentage ending a short phrase, is the measure; a number that only
    describes, or a change, is not."""
    from extractor.forms.values import parse_measure

    def measure(text: str) -> tuple:
        m = parse_measure(text)
        return (m.operator, m.value.value if m.value else None, m.unit)

    assert measure("开展至少1次团体心理治疗") == ("≥", 1, "次")
    assert measure("不低于50人次的个体心理咨询辅导") == ("≥", 50, "人次")
    assert measure("补贴对象生活改善度不低于80%") == ("≥", 80, "%")
    assert measure("可控性100%") == (None, 100, "%")
    assert measure("建立3个台账的长效工作机制") == (None, None, None)
    assert measure("较上年提高10%") == (None, None, None)
