"""Findings and the vocabulary of checks (CONTRACT.md): what every rule produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from extractor.model import Evidence

CHECKS = (
    "score_sum",
    "weight_total",
    "score_over_weight",
    "score_rate",
    "grade",
    "rubric",
    "target_vs_actual",
    "execution_rate",
    "amount_sum",
    "restated_value",
    "questionnaire",
    "statistic_range",
    "self_assessment",
    "count_claim",
    "year",
    "date_order",
    "duplicate_indicator",
    "foreign_text",
    "policy",
    "extraction",
    "duplicate_submission",
)
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

# What an auditor reads where a script reads `check` and `severity`: the terminal,
# the workbook and the HTML pages label every finding with these, never the English word.
CHECK_ZH = {
    "score_sum": "得分合计不符",
    "weight_total": "权重合计不符",
    "score_over_weight": "得分超出分值",
    "score_rate": "得分率不符",
    "grade": "评价等级与得分不符",
    "rubric": "评分与评分标准不符",
    "target_vs_actual": "完成情况与得分矛盾",
    "execution_rate": "执行率计算错误",
    "amount_sum": "金额合计不符",
    "restated_value": "数据前后不一致",
    "questionnaire": "问卷数据矛盾",
    "statistic_range": "数值超出合理范围",
    "self_assessment": "自评与核实不符",
    "count_claim": "所述条数与列表不符",
    "year": "年度错误",
    "date_order": "日期矛盾",
    "duplicate_indicator": "指标重复",
    "foreign_text": "疑似他处遗留文字",
    "policy": "不符合编报规范",
    "extraction": "未能读取",
    "duplicate_submission": "重复报送",
}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}

# The same vocabularies as enums, built from the tuples above so that a check added there is
# a member here: Check.SCORE_SUM == "score_sum", and JSON, Parquet and SQL see the plain string.
Check = StrEnum("Check", {c.upper(): c for c in CHECKS}, module=__name__)  # type: ignore[misc]
Severity = StrEnum("Severity", {s.upper(): s for s in SEVERITIES}, module=__name__)  # type: ignore[misc]


@dataclass
class Finding:
    """One inconsistency, explained in Chinese, with the evidence that proves it."""

    rule: str
    check: str
    severity: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    expected: Any = None
    found: Any = None
    file: str = ""
    document: str | None = None
    id: str | None = None  # content fingerprint, given by jixiao.review.fingerprint after rules run

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file,
            "rule": self.rule,
            "check": str(self.check),
            "severity": str(self.severity),
            "message": self.message,
            "expected": _plain(self.expected),
            "found": _plain(self.found),
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.document is not None:
            out["document"] = self.document
        if self.id is not None:
            out["id"] = self.id
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 6)
    return value
