"""The real published documents in ../shared/corpus/real: read without error, records as a person reads them.

No one here wrote these files; what the tool says about them is checked
against what a careful reader finds in them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.pipeline import audit_file
from jixiao.scoring import matches

from .conftest import REAL

pytestmark = pytest.mark.skipif(
    not REAL.exists(), reason="../shared/corpus/real is not beside the project"
)

WANLI = REAL / "sh_putuo_wanli_street_2023_dept_budget_with_project_perf_target_forms.pdf"
ROOT = Path(__file__).resolve().parent.parent
HENAN = REAL / "henan_vocational_skills_contest_funds_2021_2024_perf_eval_report.md"
WORKBOOK = REAL / "pku_moe_2019_campus_football_project_perf_target_monitor_selfeval_workbook.xls"


@pytest.mark.parametrize(
    "path", sorted(p for p in REAL.glob("*") if p.name != "README.md"), ids=lambda p: p.name[:40]
)
def test_every_real_document_is_read(path):
    result = audit_file(path)
    assert result.error is None
    assert result.records
    assert not [f for f in result.findings if f.check == "extraction" and f.severity == "error"]


def test_budget_publication_yields_its_five_target_forms():
    result = audit_file(WANLI)
    forms = [r for r in result.records if r["kind"] == "targets"]
    assert [r["project"] for r in forms] == [
        "新建万里街道社区公共服务中心",
        "就业援助基地补贴",
        "社区环境整治和建设经费",
        "各类工作经费",
        "公共服务设施运行经费",
    ]
    assert [r["page_start"] for r in forms] == [31, 32, 33, 34, 35]
    annual = [
        next(f["budget_yuan"] for f in r["funds_rows"] if f["label"] == "年度资金申请总额")
        for r in forms
    ]
    assert annual == [4100000, 6351000, 4563800, 7595500, 10903043]
    first = forms[0]["indicators"][0]
    assert (first["name"], first["operator"], first["target_value"], first["unit"]) == (
        "规划建筑面积",
        "≥",
        13459,
        "平方米",
    )


def test_budget_publication_defects_are_found():
    result = audit_file(WANLI)
    messages = {(f.rule, f.severity): f.message for f in result.findings if f.severity == "error"}
    # 其中：当年财政拨款 11,419,043 exceeds its own 年度资金申请总额 10,903,043.
    assert "11419043" in messages[("FORM-FUNDS-SUM", "error")]
    # "编报绩效目标的项目5个，涉及项目预算资金3328.13万元" but the five forms add up to 3351.33万元.
    assert (
        "3328.13" in messages[("PUB-FORMS", "error")]
        and "3351.33" in messages[("PUB-FORMS", "error")]
    )
    # The 说明's own arithmetic (gold: a 0 fund "increased by 1421.25", +314.82% that is
    # +289.12%) and against the tables (item 16 restates item 15's "2023年预算安排441.25万元"
    # for 职业年金, 220.63 万元 in the tables).
    assert "441.25" in messages[("PUB-TEXT-SUBJECT", "error")]
    assert sorted(f.rule for f in result.findings if f.severity == "error") == [
        "FORM-FUNDS-SUM",
        "PUB-CHANGE-EXCEEDS",
        "PUB-CHANGE-RATE",
        "PUB-FORMS",
        "PUB-TEXT-SUBJECT",
    ]


def test_markdown_report_yields_its_score_tree_total_grade_and_funds():
    record = audit_file(HENAN).records[0]
    assert (record["total_score"], record["grade"]) == (65, "中")
    assert (
        record["funds"]["budget_yuan"],
        record["funds"]["spent_yuan"],
        record["funds"]["execution_rate"],
    ) == (135347000, 126347000, 93.35)
    tops = [(i["code"], i["name"], i["weight"]) for i in record["indicators"] if i["level"] == 1]
    assert tops == [("A", "决策", 15), ("B", "过程", 25), ("C", "产出", 25), ("D", "效益", 35)]
    assert len([i for i in record["indicators"] if i["level"] == 3]) == 28
    b201 = next(i for i in record["indicators"] if i["code"] == "B201")
    assert (b201["name"], b201["weight"], b201["score"]) == ("预算执行率", 5, 3.34)
    assert (b201["level1"], b201["level2"]) == ("过程", "资金管理")


def test_markdown_report_takes_group_scores_from_its_summary_tables():
    """附件1 prints no level-1 or level-2 score; 表2-1 (sideways) and 附表3-3…3-6 do."""
    record = audit_file(HENAN).records[0]
    scores = {i["code"]: i["score"] for i in record["indicators"] if i["level"] < 3}
    assert [scores[c] for c in "ABCD"] == [10.4, 11.47, 19.88, 23.25]
    assert (scores["A1"], scores["B2"], scores["C1"], scores["D4"]) == (2, 7.34, 11.94, 8)
    summary = next(t for t in record["summary_tables"] if "表2-1" in (t["caption"] or ""))
    assert [(r["name"], r["score"]) for r in summary["rows"]][-1] == ("合计", 65)


def test_markdown_report_has_no_false_alarm():
    """Every error and warning is a defect the hand-read gold lists; the two errors are the
    效益 section that calls itself 产出 and 附表3-2's 合计 over a missing row."""
    result = audit_file(HENAN)
    gold = json.loads(
        (
            ROOT
            / "corpus"
            / "real"
            / "gold"
            / "henan_vocational_skills_contest_funds_2021_2024.json"
        ).read_text(encoding="utf-8")
    )["findings"]
    raised = [f for f in result.findings if f.severity in {"error", "warning"}]
    assert [f for f in raised if not any(matches(f, g) for g in gold)] == []
    assert [f.message for f in raised if f.severity == "error"] == [
        "一级指标“C 产出”满分：评分表为 25，正文写作 35；得分：评分表为 19.88，正文写作 23.25"
        "（与“效益”的满分、得分相同）",
        "“资金”列各行之和 5650 与合计行 5815 不一致",
    ]


@pytest.mark.parametrize(
    ("name", "projects", "amount", "average"),
    [
        ("sh_putuo_finance_bureau_2024_dept_final.pdf", 4, 5984200, 99.43),
        ("sh_putuo_party_social_work_dept_2024_dept_final.pdf", 1, 1755200, 100.0),
        ("sh_putuo_planning_resources_bureau_2024_dept_final.pdf", 39, 44154800, 99.33),
    ],
)
def test_final_accounts_performance_paragraph(name, projects, amount, average):
    result = audit_file(REAL / name, keep_reports=True)
    report = result.reports[0]
    assert report.kind == "publication"
    assert report.first_value("selfeval_projects") == projects
    assert report.first_value("selfeval_amount") == amount
    assert report.first_value("selfeval_average") == average
    assert sum(c.value.value for c in report.claims_of("grade_count")) == projects


def test_platform_workbook_sheets_become_forms():
    result = audit_file(WORKBOOK)
    kinds = [r["kind"] for r in result.records]
    assert kinds.count("monitoring") == 1 and kinds.count("self_assessment") == 1
    monitor = next(r for r in result.records if r["kind"] == "monitoring")
    assert monitor["project"] == "2019年210青少年校园足球扶持资金"
    assert len(monitor["indicators"]) == 14
