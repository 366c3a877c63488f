"""Forms as they really come: target, monitoring and self-assessment forms in published
部门预算 / 部门决算 files, read as a person reads them (values checked against the pages).

The shared documents (../shared/corpus/real) are present in CI; the collected ones
(corpus/real/store, see corpus/real/README.md) are not: their tests skip with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.pipeline import audit_file

from .conftest import REAL, ROOT

STORE = ROOT / "corpus" / "real" / "store" / "forms"
WORKBOOK = REAL / "pku_moe_2019_campus_football_project_perf_target_monitor_selfeval_workbook.xls"
WANLI = REAL / "sh_putuo_wanli_street_2023_dept_budget_with_project_perf_target_forms.pdf"


def _stored(name: str) -> Path:
    """A collected document, or a skip saying it is absent (CI has no store)."""
    path = STORE / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} is absent (corpus/real/store is not in git)")
    return path


def _shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/corpus/real is not beside the project)")
    return path


def _forms(result) -> list[dict]:  # type: ignore[no-untyped-def]
    return [r for r in result.records if r["kind"] in {"targets", "self_assessment", "monitoring"}]


def _rules(result, severity: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        f.rule
        for f in result.findings
        if f.severity != "info" and (severity is None or f.severity == severity)
    ]


# -- shared documents (in CI) ---------------------------------------------------------------


def test_workbook_monitor_reads_its_period_columns_and_reasons():
    result = audit_file(_shared(WORKBOOK))
    monitor = next(r for r in result.records if r["kind"] == "monitoring")
    total = monitor["funds_rows"][0]
    assert (total["label"], total["initial_yuan"], total["spent_yuan"], total["rate"]) == (
        "年度资金总额",
        1900000,
        0,
        0,
    )
    first = monitor["indicators"][0]
    assert (first["name"], first["actual"], first["reason"]) == (
        "成本节约率",
        "一般",
        "制作5集样片，下半年会集中出版",
    )


def test_workbook_target_form_year_is_its_year_line_not_the_project_name():
    result = audit_file(_shared(WORKBOOK))
    target = next(r for r in result.records if r["kind"] == "targets")
    # Title "2019年210青少年校园足球扶持资金绩效目标表", year line "(2020年度)".
    assert target["year"] == 2020


def test_workbook_empty_forms_are_one_finding_each():
    result = audit_file(_shared(WORKBOOK))
    empty = [f for f in result.findings if f.rule == "FORM-EMPTY"]
    assert len(empty) == 2  # the 绩效目标表 and the 自评表, headers only
    assert "MON-FORECAST" in _rules(result)  # 全年预计执行数 0.00 of 190.00, every target 100%
    assert "FORM-BLANK" not in _rules(result)


def test_publication_record_names_its_cover():
    result = audit_file(_shared(WANLI))
    head = result.records[0]
    assert head["kind"] == "publication"
    assert head["year"] == 2023
    assert [r["kind"] for r in result.records].count("targets") == 5


# -- collected documents (corpus/real/store) -------------------------------------------------


def test_beijing_project_table_gives_a_record_per_project():
    result = audit_file(_stored("beijing_xinfang_office_2026_budget_tables_targets"))
    forms = _forms(result)
    projects = [f for f in forms if f["project"]]
    assert len(projects) == 9  # 预算表12 lists nine projects in one table
    totals = [
        next(r["budget_yuan"] for r in f["funds_rows"] if r["label"] == "项目总额")
        for f in projects
    ]
    assert totals[:3] == [6891574.6, 293595, 222000]
    # 849's cells were cut by the page break: its name is put together from their pieces.
    assert projects[1]["project"] == "11000021Y000000390849-办公设备购置类项目"
    dept = forms[-1]
    assert [(r["label"], r["budget_yuan"]) for r in dept["funds_rows"]][:4] == [
        ("预算支出总额", 96267775.89),
        ("财政拨款", 96267775.89),
        ("财政拨款 基本支出", 74852245.72),
        ("财政拨款 项目支出", 21415530.17),
    ]
    first = projects[0]["indicators"][1]
    assert (first["name"], first["operator"], first["target"], first["unit"]) == (
        "故障应急响应时间",
        "≤",
        "≤5分钟",
        "分钟",
    )


def test_beijing_findings_are_the_missing_project_money_only():
    result = audit_file(_stored("beijing_xinfang_office_2026_budget_tables_targets"))
    assert _rules(result) == ["FORMS-PROJECT-SUM"]  # 1,704.193817 of 2,141.553017 has targets
    assert "DUP-INDICATOR" not in [f.rule for f in result.findings]  # no "≥", "=", "定性" names


def test_beijing_blank_tables_are_one_finding_each():
    result = audit_file(_stored("beijing_junmin_office_2026_budget_tables_blank_targets"))
    # Besides the two blank forms: 1,905 万元 of 项目支出 that no printed 类 or line carries.
    assert _rules(result) == [
        "PUB-TABLE-SIDE-SUM",
        "PUB-TABLE-FLAT-TOTAL",
        "FORM-EMPTY",
        "FORM-EMPTY",
    ]
    side = next(f for f in result.findings if f.rule == "PUB-TABLE-SIDE-SUM")
    assert "9,151.309668 与所列各项之和 7,246.309668" in side.message


def test_jilin_four_projects_and_the_copied_row():
    result = audit_file(_stored("jilin_changchun_xinfang_2026_dept_budget_targets"))
    forms = _forms(result)
    assert [f["funds_rows"][0]["budget_yuan"] for f in forms] == [300000, 1160000, 3120000, 165600]
    assert {f["unit"] for f in forms} == {"105001长春市信访局"}
    copied = [f for f in result.findings if f.rule == "FORMS-COPIED-ROW"]
    assert len(copied) == 1 and "临聘人员满意度" in copied[0].message


def test_shaanxi_declared_empty_table_is_no_defect():
    result = audit_file(_stored("shaanxi_xian_audit_2026_dept_budget_targets"))
    forms = _forms(result)
    assert len(forms) == 6
    assert forms[-1]["title"] == "专项资金总体绩效目标表" and forms[-1]["indicators"] == []
    assert _rules(result) == []  # 表16 is marked 是 不涉及 in the table list
    total = forms[0]["funds_rows"][0]
    assert (total["label"], total["budget_yuan"], total["weight"]) == (
        "实施期资金总额",
        2858700,
        10,
    )


def test_central_final_accounts_zero_rates_and_restated_score():
    result = audit_file(_stored("central_xinfang_2024_dept_final_selfeval"))
    forms = _forms(result)
    assert [f["total_score"] for f in forms] == [98, 94.7, 98, 90.5]
    zero = [f for f in result.findings if f.rule == "FORM-EXEC-RATE" and f.severity == "warning"]
    assert len(zero) == 4  # one per form, not one per 0.0% row
    restated = [f for f in result.findings if f.rule == "PUB-SCORE-RESTATED"]
    assert len(restated) == 1 and "88.5" in restated[0].message


def test_hunan_form_over_two_pages_is_one_record_with_weights_from_remarks():
    result = audit_file(_stored("hunan_changsha_vocational_base_2026_budget_targets"))
    forms = _forms(result)
    assert [(f["page_start"], f["page_end"]) for f in forms] == [(22, 23), (24, 25)]
    project = forms[0]
    assert project["unit"] == "长沙职业教育基地综合协调办公室"
    assert [i["weight"] for i in project["indicators"]] == [7, 7, 6, 7, 7, 7, 7, 7, 5, 10, 10, 10]
    assert {"FORM-RUBRIC-POINTS", "FORM-RUBRIC-TARGET"} <= set(_rules(result))


def test_fujian_year_is_never_a_date_in_the_goal():
    result = audit_file(_stored("fujian_fuzhou_police_security_2026_unit_budget_targets"))
    # The second form's goal says "按 2024 年 8 月在职在编公安干警人数 66 测算".
    assert [f["year"] for f in _forms(result)] == [2026, 2026]


def test_guangzhou_breakdowns_disagree():
    result = audit_file(_stored("guangdong_guangzhou_ecoenv_2026_dept_targets"))
    form = _forms(result)[0]
    assert form["indicators"][0]["level1"] == "产出指标"  # merged cell printed at its middle row
    hits = [f for f in result.findings if f.rule == "FORM-BREAKDOWNS"]
    assert len(hits) == 1 and "1577.77" in hits[0].message
