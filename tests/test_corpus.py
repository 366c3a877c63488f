"""The corpus against its hand-checked gold: every format gives the gold record and findings."""

from __future__ import annotations

import pytest

from jixiao.evaluate import FindingScore, compare_findings, compare_record

from .conftest import REPORTS, extracted, gold

CASES = [
    (name, fmt)
    for name in ("bazhou_mine_plan_2022", "yanqi_grassland_fund_2022")
    for fmt in ("txt", "pdf", "docx")
]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_record_matches_gold(name, fmt):
    result = extracted(str(REPORTS / f"{name}.{fmt}"))
    score = compare_record(gold(name)["record"], result.records[0])
    assert score.accuracy >= 0.98, score.misses[:10]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_findings_match_gold(name, fmt):
    result = extracted(str(REPORTS / f"{name}.{fmt}"))
    score = FindingScore()
    compare_findings(gold(name)["findings"], result.findings, score, name)
    assert score.missed == []
    assert score.false_alarms == []


def _comparable(record: dict) -> dict:
    """A record without what legitimately differs between formats (file, pages, lines, quotes)."""
    skip = {
        "file",
        "sha256",
        "pages",
        "format",
        "claims",
        "evidence",
        "page",
        "line",
        "quote",
        "problems",
    }
    if isinstance(record, dict):
        return {k: _comparable(v) for k, v in record.items() if k not in skip}
    if isinstance(record, list):
        return [_comparable(v) for v in record]
    return record


@pytest.mark.parametrize("name", ["bazhou_mine_plan_2022", "yanqi_grassland_fund_2022"])
def test_same_record_from_every_format(name):
    records = {
        fmt: _comparable(extracted(str(REPORTS / f"{name}.{fmt}")).records[0])
        for fmt in ("txt", "pdf", "docx")
    }
    keys = ("project", "year", "unit", "total_score", "grade", "funds", "questionnaire", "targets")
    for key in keys:
        assert records["pdf"][key] == records["txt"][key], key
        assert records["docx"][key] == records["txt"][key], key
    ind = {
        fmt: [(i["level"], i["code"], i["name"], i["weight"], i["score"]) for i in r["indicators"]]
        for fmt, r in records.items()
    }
    assert ind["pdf"] == ind["txt"]
    assert ind["docx"] == ind["txt"]


def test_mine_report_key_values():
    report = extracted(str(REPORTS / "bazhou_mine_plan_2022.txt")).reports[0]
    assert report.total_score.value == 98.93
    assert report.first_value("execution_rate") == 99.41
    b102 = next(i for i in report.indicators if i.code == "B102")
    assert (b102.weight.value, b102.score.value, b102.actual) == (4, 3.98, "99.41%")
    assert "每降低1%扣相应权重的5%" in b102.rubric.replace(" ", "")
