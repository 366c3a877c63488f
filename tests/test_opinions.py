"""The 审核意见 pages, the 第三方机构 summary, the scoring sheet and where a finding points.

Built from hand-made outcomes (no extraction), so each figure below is known in advance;
the browser test (tests/test_browser.py) opens the same pages from a real run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from jixiao.batch import BatchResult, Outcome
from jixiao.outputs import write_outputs
from jixiao.outputs.findingview import places
from jixiao.outputs.opinions import (
    EXAMPLE_SHEET,
    category,
    load_sheet,
    opinion,
    summaries,
    write_opinions,
)
from jixiao.outputs.site import evaluator_href, make_page, opinion_href


@dataclass(frozen=True)
class Decision:
    finding_id: str
    decision: str
    note: str = ""
    reviewer: str = "李四"
    time: str = "2026-01-05T09:00:00"


def finding(file: str, fid: str, check: str, severity: str = "error", page: int = 3) -> dict:
    return {
        "id": fid,
        "file": file,
        "rule": check.upper(),
        "check": check,
        "severity": severity,
        "message": f"问题 {fid}",
        "expected": 3.8819999999999992,
        "found": 4.0,
        "evidence": [{"page": page, "line": 9, "quote": f"原文 {fid}"}],
    }


def report(file: str, evaluator: str, findings: list[dict], sha: str = "ab" * 32) -> Outcome:
    record = {"file": file, "project": f"项目{Path(file).stem}", "year": 2023, "sha256": sha}
    record.update(evaluator=evaluator, unit="某局", total_score=91.5, grade="优", kind="project")
    return Outcome(file=file, records=[record], findings=findings)


AGENCY = "某某评价咨询有限公司"
ONE = report(
    "/in/一号 报告.pdf",
    AGENCY,
    [
        finding("/in/一号 报告.pdf", "a1", "score_sum"),
        finding("/in/一号 报告.pdf", "a2", "restated_value", "warning"),
        finding("/in/一号 报告.pdf", "a3", "grade"),
        finding("/in/一号 报告.pdf", "a4", "foreign_text", "info"),
    ],
)
TWO = report(
    "/in/two.pdf",
    AGENCY,
    [
        finding("/in/two.pdf", "b1", "grade"),
        finding("/in/two.pdf", "b2", "policy", "warning"),
        finding("/in/two.pdf", "b3", "year", "info"),
    ],
)
COPY = report(
    "/in/two.docx", AGENCY, [finding("/in/two.docx", "c1", "duplicate_submission", "warning")]
)
DECISIONS = {
    "a1": Decision("a1", "确认", "请更正合计"),
    "a2": Decision("a2", "确认"),
    "a3": Decision("a3", "不采纳"),
}
RESULT = BatchResult([ONE, TWO, COPY])


def test_checks_fall_into_the_bureau_categories():
    assert [category(c) for c in ("score_sum", "rubric", "weight_total")] == ["计分错误"] * 3
    assert [category(c) for c in ("amount_sum", "questionnaire", "count_claim")] == [
        "数据前后不一致"
    ] * 3
    assert category("grade") == "评分与等级不符"
    assert category("foreign_text") == category("policy") == "其他"


def test_opinion_lists_confirmed_findings_or_a_draft_of_errors_and_warnings():
    decided = opinion(make_page(ONE, DECISIONS))
    assert not decided.draft and decided.title == "审核意见"
    assert [f.id for f in decided.listed] == ["a1", "a2"]
    draft = opinion(make_page(TWO, DECISIONS))
    assert draft.draft and draft.title == "审核意见 草稿（未复核）"
    assert [f.id for f in draft.listed] == ["b1", "b2"]  # the info finding is not listed
    identity = dict(decided.identity)
    assert identity["文件指纹"] == "abababababab" and identity["总分/等级"] == "91.5 / 优"
    assert decided.listed[0].expected == "3.882" and decided.listed[0].found == "4"


def test_an_opinion_with_every_finding_dismissed_says_so(tmp_path):
    dismissed = {f: Decision(f, "不采纳") for f in ("b1", "b2", "b3")}
    write_opinions(tmp_path, BatchResult([TWO]), dismissed)
    text = (tmp_path / opinion_href(TWO.file)).read_text(encoding="utf-8")
    assert "经复核，未发现需要更正的问题。" in text and "问题 b1" not in text
    assert "草稿" not in text and "审核人：" in text


def test_evaluator_summary_counts_by_category_with_deductions_and_counts_a_duplicate_once():
    sheet = load_sheet(EXAMPLE_SHEET)
    [summary] = summaries([opinion(make_page(o, DECISIONS)) for o in RESULT.outcomes], sheet)
    assert summary.name == AGENCY and summary.href == evaluator_href(AGENCY)
    assert [Path(r.opinion.page.file).name for r in summary.rows] == ["一号 报告.pdf", "two.pdf"]
    one, two = summary.rows
    assert one.counts == {"计分错误": 1, "数据前后不一致": 1}  # confirmed only
    assert two.counts == {"评分与等级不符": 1, "其他": 1}  # draft: error and warning
    assert (one.deduction, two.deduction) == (3.0, 3.5)
    assert summary.deduction == 6.5
    assert [p.file for p in summary.left_out] == ["/in/two.docx"]


def test_evaluator_page_shows_counts_and_the_sheet(tmp_path):
    write_opinions(tmp_path, RESULT, DECISIONS, EXAMPLE_SHEET)
    text = (tmp_path / evaluator_href(AGENCY)).read_text(encoding="utf-8")
    assert "中介机构报告质量考核（示例）" in text and "计分错误 每条扣 2 分" in text
    assert '<td class="num">6.5</td>' in text
    assert "重复报送、不重复计数：two.docx" in text


def test_scoring_sheet_reads_toml_and_json_and_refuses_what_it_cannot_use(tmp_path):
    assert load_sheet(EXAMPLE_SHEET).points == {
        "计分错误": 2.0,
        "数据前后不一致": 1.0,
        "评分与等级不符": 3.0,
        "其他": 0.5,
    }
    sheet = tmp_path / "sheet.json"
    sheet.write_text(json.dumps({"deductions": {"计分错误": 5}}), encoding="utf-8")
    assert load_sheet(sheet).deduction({"计分错误": 2, "其他": 4}) == 10.0
    sheet.write_text(json.dumps({"deductions": {"错别字": 1}}), encoding="utf-8")
    with pytest.raises(ValueError, match="未知类别“错别字”"):
        load_sheet(sheet)
    with pytest.raises(ValueError, match="无法读取"):
        load_sheet(tmp_path / "missing.toml")
    sheet.write_text(json.dumps({"deductions": {"其他": -1}}), encoding="utf-8")
    with pytest.raises(ValueError, match="不小于 0"):
        load_sheet(sheet)


def test_places_link_pdf_pages_and_name_sheet_rows():
    pdf = places(finding("/in/一号 报告.pdf", "x", "grade", page=7), "/in/一号 报告.pdf", [], None)
    assert pdf[0].label == "第 7 页"
    assert pdf[0].href == "file:///in/%E4%B8%80%E5%8F%B7%20%E6%8A%A5%E5%91%8A.pdf#page=7"
    xlsx = [{"format": "xlsx", "sheet": "表1"}]
    first = places(finding("/in/a.xlsx", "x", "grade", page=1), "/in/a.xlsx", xlsx, "表1")
    assert (first[0].label, first[0].href) == ("工作表“表1”第 9 行", "file:///in/a.xlsx")
    later = places(finding("/in/a.xlsx", "x", "grade", page=2), "/in/a.xlsx", xlsx, None)
    assert later[0].label == "第 2 个工作表全簿第 9 行"
    text = places(finding("/in/a.txt", "x", "grade", page=2), "/in/a.txt", [], None)
    assert text[0].href == "file:///in/a.txt"  # no page anchor a text editor would ignore


def test_a_rerun_writes_the_same_pages_byte_for_byte(tmp_path):
    pages = {}
    for run in ("first", "second"):
        write_outputs(tmp_path / run, RESULT, decisions=DECISIONS, sheet=EXAMPLE_SHEET)
        root = tmp_path / run
        pages[run] = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.html")}
    assert pages["first"] == pages["second"]
    assert {"index.html", "findings.html", opinion_href(ONE.file)} <= set(pages["first"])
    assert evaluator_href(AGENCY) in pages["first"]


def test_unreadable_and_skipped_files_are_kept_out_of_the_ranking(tmp_path):
    def extraction(file: str, severity: str) -> dict:
        return {**finding(file, file, "extraction", severity), "id": file}

    broken = Outcome(file="/in/broken.pdf", findings=[extraction("/in/broken.pdf", "error")])
    notice = Outcome(file="/in/notice.txt", records=[{"project": None}])
    notice.findings = [extraction("/in/notice.txt", "warning")]
    killed = Outcome(file="/in/big.pdf", status="timeout", reason="超过 300 秒")
    write_outputs(tmp_path, BatchResult([ONE, broken, notice, killed]))
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    ranked, block = index.split('id="unreadable"')
    assert "一号 报告.pdf" in ranked and "broken.pdf" not in ranked and "big.pdf" not in ranked
    cells = [row.split("</td>")[1] for row in block.split('<tr class="unreadable">')[1:]]
    assert cells == ["\n<td>未能读取", "\n<td>已跳过", "\n<td>超时"]
    assert not (tmp_path / opinion_href(broken.file)).exists()
    assert (tmp_path / opinion_href(ONE.file)).exists()


def test_an_opinion_of_several_forms_lists_each_form(tmp_path):
    forms = [
        {"project": "甲项目", "unit": "甲局", "year": 2022, "total_score": 90, "page_start": 2},
        {"project": "乙项目", "unit": "乙局", "year": 2022, "total_score": 85, "page_start": 3},
    ]
    late = {**finding("/in/forms.pdf", "f1", "score_sum"), "document": "乙项目 p.3"}
    op = opinion(make_page(Outcome(file="/in/forms.pdf", records=forms, findings=[late])))
    assert [k for k, _ in op.identity] == ["文件"]  # no one form's project for the whole file
    assert [d["项目"] for d in op.documents] == ["甲项目", "乙项目"]
    assert op.counts(1) == {"计分错误": 1} and op.counts(0) == {}
