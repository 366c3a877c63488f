"""Findings and the vocabulary of checks (CONTRACT.md): what every rule produces."""

from __future__ import annotations

from dataclasses import dataclass, field
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
)
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file,
            "rule": self.rule,
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "expected": _plain(self.expected),
            "found": _plain(self.found),
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.document is not None:
            out["document"] = self.document
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 6)
    return value
