"""The files a bulk run writes, read back with the tools their users have."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from jixiao import audit_paths
from jixiao.batch import BatchResult, Outcome, run_batch
from jixiao.outputs import write_outputs
from jixiao.outputs.site import page_href, write_site
from jixiao.outputs.tables import FINDING_COLUMNS, INDICATOR_COLUMNS, REPORT_COLUMNS
from jixiao.pipeline import collect
from rules.model import CHECK_ZH

from .conftest import CORPUS
from .test_batch import small_folder

MULTI = CORPUS / "forms" / "pdf" / "appendix_project_self_assessment_forms.pdf"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("outputs")
    folder = small_folder(tmp, n_forms=4)
    shutil.copy(MULTI, folder / MULTI.name)  # one file, several documents
    result = run_batch(collect([str(folder)]), workers=2)
    out = tmp / "out"
    write_outputs(out, result)
    return out, result


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_has_one_contract_object_a_line(run):
    out, result = run
    findings = jsonl(out / "findings.jsonl")
    records = jsonl(out / "reports.jsonl")
    assert findings == result.findings
    assert records == result.records
    assert len(records) == 4 + 4 + len(result.outcomes[0].records)  # seeds, forms, the appendix
    for f in findings:
        assert {"file", "rule", "check", "severity", "message", "evidence"} <= set(f)
    bazhou = next(r for r in records if r["file"].endswith("bazhou_mine_plan_2022.txt"))
    assert bazhou["total_score"] == 98.93
    assert bazhou["grade"] == "优"


def test_parquet_tables_have_the_documented_columns_and_rows(run):
    out, result = run
    reports = pd.read_parquet(out / "reports.parquet")
    indicators = pd.read_parquet(out / "indicators.parquet")
    findings = pd.read_parquet(out / "findings.parquet")
    assert list(reports.columns) == list(REPORT_COLUMNS)
    assert list(indicators.columns) == list(INDICATOR_COLUMNS)
    assert list(findings.columns) == list(FINDING_COLUMNS)
    assert len(reports) == len(result.records)
    assert len(findings) == len(result.findings)
    assert len(indicators) == sum(len(r["indicators"]) for r in result.records)
    yanqi = reports[reports.file.str.endswith("yanqi_grassland_fund_2022.txt")].iloc[0]
    assert yanqi.total_score == 96
    assert yanqi.year == 2022
    assert yanqi.budget_yuan == 100000
    # the per-report counts add up to the findings, and every finding points at a report row
    assert reports[["errors", "warnings", "infos"]].to_numpy().sum() == len(findings)
    assert set(findings.report_id) <= set(reports.report_id)
    per_file = findings.groupby("file").size()
    assert per_file[yanqi.file] == yanqi.errors + yanqi.warnings + yanqi.infos


def test_a_multi_document_file_gets_a_row_per_document(run):
    out, _ = run
    reports = pd.read_parquet(out / "reports.parquet")
    findings = pd.read_parquet(out / "findings.parquet")
    multi = reports[reports.file.str.endswith(MULTI.name)]
    assert len(multi) > 1
    assert multi.document.notna().all()
    joined = findings[findings.document.notna()].merge(
        reports[["report_id", "document"]], on="report_id", suffixes=("", "_report")
    )
    assert len(joined) > 0
    assert (joined.document == joined.document_report).all()


def test_duckdb_has_the_tables_and_views(run):
    out, result = run
    con = duckdb.connect(str(out / "audit.duckdb"), read_only=True)
    try:
        count = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("reports", "findings")
        }
        assert count == {"reports": len(result.records), "findings": len(result.findings)}
        per_check = con.execute('SELECT "check", sum(findings) FROM findings_per_check GROUP BY 1')
        expected = pd.Series([f["check"] for f in result.findings]).value_counts().to_dict()
        assert dict(per_check.fetchall()) == expected
        years = dict(con.execute("SELECT year, reports FROM findings_per_year").fetchall())
        assert years[2022] >= 4
        evaluators = dict(
            con.execute("SELECT evaluator, reports FROM findings_per_evaluator").fetchall()
        )
        assert evaluators["新疆财讯睿智信息咨询有限公司"] == 2  # bazhou, txt and docx
        parquet_rows = con.execute(
            f"SELECT count(*) FROM read_parquet('{out / 'indicators.parquet'}')"
        ).fetchone()[0]
        assert parquet_rows == con.execute("SELECT count(*) FROM indicators").fetchone()[0]
    finally:
        con.close()


def test_workbook_sheets_for_bureau_staff(run):
    out, result = run
    wb = load_workbook(out / "audit.xlsx")
    assert wb.sheetnames == ["汇总", "问题清单", "第三方机构", "指标", "已消失的问题", "复核原值"]
    summary, issues, indicators = wb["汇总"], wb["问题清单"], wb["指标"]
    header = [c.value for c in summary[1]]
    assert header == [
        "文件",
        "文档",
        "类型",
        "项目",
        "单位",
        "年度",
        "评价机构",
        "总分",
        "等级",
        "状态",
        "错误数",
        "警告数",
    ]
    assert summary.max_row - 1 == len(result.records)
    assert [c.value for c in issues[1]][:8] == [
        "文件",
        "类别",
        "级别",
        "问题",
        "应为",
        "实为",
        "页码",
        "原文",
    ]
    assert issues.max_row - 1 == len(result.findings)
    assert indicators.max_row - 1 == sum(len(r["indicators"]) for r in result.records)
    for ws in (summary, issues, indicators):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
    rows = {r[0]: r for r in summary.iter_rows(min_row=2, values_only=True) if r[0]}
    bazhou = next(r for f, r in rows.items() if f.endswith("bazhou_mine_plan_2022.txt"))
    assert bazhou[2:10] == (
        "项目支出绩效评价报告",
        bazhou[3],
        bazhou[4],
        2022,
        "新疆财讯睿智信息咨询有限公司",
        98.93,
        "优",
        "已审核",
    )
    levels = {c.value for c in issues["C"][1:]}
    assert levels <= {"错误", "警告", "提示"} and "错误" in levels
    assert {c.value for c in issues["B"][1:]} <= set(CHECK_ZH.values())
    # each row in its severity's colour, by one conditional format over the whole list
    colours = {
        rule.formula[0]: rule.dxf.fill.fgColor.rgb
        for cf in issues.conditional_formatting
        for rule in cf.rules
    }
    assert colours['$C2="错误"'].endswith("FFC7CE")
    evaluators = {r[0]: r for r in wb["第三方机构"].iter_rows(min_row=2, values_only=True)}
    # bazhou as txt and docx: one document submitted twice (重复报送), counted once
    assert evaluators["新疆财讯睿智信息咨询有限公司"][1] == 1


def test_site_index_ranks_by_errors_and_links_every_page(run):
    out, result = run
    index = (out / "index.html").read_text(encoding="utf-8")
    hrefs = [page_href(o.file) for o in result.outcomes]
    for href in hrefs:
        assert f'href="{href}"' in index
        page = (out / href).read_text(encoding="utf-8")
        assert 'href="../index.html"' in page
        assert "http://" not in page and "https://" not in page  # no external assets
    ranked = [h for h in index.split('href="')[1:] if h.startswith("reports/")]
    errors = {
        page_href(o.file): sum(f["severity"] == "error" for f in o.findings)
        for o in result.outcomes
    }
    order = [errors[h.split('"')[0]] for h in ranked]
    assert order == sorted(order, reverse=True)


def test_report_text_is_escaped(tmp_path):
    evil = '<script>alert("xss")</script>'
    outcome = Outcome(
        file=f"in/evil{'<b>'}.txt",
        records=[{"file": "in/evil<b>.txt", "project": evil, "indicators": [{"name": evil}]}],
        findings=[
            {
                "file": "in/evil<b>.txt",
                "rule": "X",
                "check": "foreign_text",
                "severity": "warning",
                "message": f"出现 {evil}",
                "evidence": [
                    {"page": 3, "line": 9, "quote": f"原文 {evil} <img src=x onerror=alert(1)>"}
                ],
            }
        ],
    )
    write_site(tmp_path, BatchResult([outcome]))
    for html in (tmp_path / "index.html", tmp_path / page_href(outcome.file)):
        text = html.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>" not in text
        assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in text


def test_audit_paths_returns_the_three_frames_and_writes_out(tmp_path):
    folder = small_folder(tmp_path, n_forms=1)
    reports, indicators, findings = audit_paths(folder, workers=2)
    assert list(reports.columns) == list(REPORT_COLUMNS)
    assert len(reports) == 5
    assert findings.severity.isin(["error", "warning", "info"]).all()
    assert (indicators.report_id.isin(reports.report_id)).all()
    frames = audit_paths([str(folder)], tmp_path / "out", workers=2)
    pd.testing.assert_frame_equal(frames.findings, findings)
    assert (tmp_path / "out" / "audit.xlsx").exists()
    assert len(list((tmp_path / "out" / ".cache").glob("*.json"))) == 5


def test_a_finding_with_two_quotes_shows_them_side_by_side_with_their_pages(tmp_path):
    def finding(evidence):
        return {
            "file": "in/pub.pdf",
            "rule": "PUB-TEXT-SUBJECT",
            "check": "restated_value",
            "severity": "error",
            "message": "说明与表不符",
            "evidence": evidence,
        }

    two = finding(
        [
            {"page": 9, "line": 3, "quote": "2026年预算安排201.50万元"},
            {"page": 14, "line": 40, "quote": "221 02 01 住房公积金 2,087,959.00"},
        ]
    )
    one = finding([{"page": 9, "line": 5, "quote": "比2026年预算增加"}])
    outcome = Outcome(file="in/pub.pdf", records=[{"file": "in/pub.pdf"}], findings=[two, one])
    write_site(tmp_path, BatchResult([outcome]))
    text = (tmp_path / page_href(outcome.file)).read_text(encoding="utf-8")
    assert text.count('class="quotes side-by-side"') == 1
    assert '<span class="where">第 9 页</span>2026年预算安排201.50万元' in text
    assert '<span class="where">第 14 页</span>221 02 01 住房公积金' in text
    assert '<div class="quotes"><div class="quote">比2026年预算增加</div>' in text
