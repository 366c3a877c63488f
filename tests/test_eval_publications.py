"""`make eval`'s publications view: a publication's own defects and rules only, every gold
defect (its forms' too) still claiming the finding that matches it."""

from __future__ import annotations

from extractor.model import Evidence
from jixiao.evaluate_real import PublicationScore, _score_publication
from rules.model import Finding


def _finding(rule: str, check: str, quote: str) -> Finding:
    return Finding(
        rule=rule,
        check=check,
        severity="error",
        message=quote,
        evidence=[Evidence(1, 1, quote)],
        file="pub.pdf",
    )


def test_only_publication_level_defects_and_rules_are_scored() -> None:
    gold = {
        "name": "pub",
        "findings": [
            {"check": "amount_sum", "quote": "增加17.66%", "anchor": "17.66%"},
            {"check": "year", "quote": "比2026年预算", "anchor": "2026年预算"},
            {"check": "amount_sum", "quote": "表1 合计 90", "anchor": "合计 90", "document": 2},
        ],
    }
    found = [
        _finding("PUB-CHANGE-RATE", "amount_sum", "比上年增加17.66%"),
        _finding("FORM-FUNDS-SUM", "amount_sum", "表1 合计 90"),  # a form's defect, matched
        _finding("FORM-SCORE-SUM", "score_sum", "得分合计 88"),  # a form rule: not blamed here
        _finding("PUB-SHARE", "amount_sum", "占71.73%"),  # a publication rule's false alarm
    ]
    score = PublicationScore()
    _score_publication(gold, found, score)
    assert score.names == ["pub"]
    assert dict(score.findings.tp) == {"amount_sum": 1}
    assert dict(score.findings.fn) == {"year": 1}
    assert dict(score.findings.fp) == {"amount_sum": 1}
    assert score.findings.false_alarms == ["pub: error PUB-SHARE: 占71.73%"]
