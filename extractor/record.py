"""The JSON record of one document (CONTRACT.md), from the model of `extractor.model`.

Kept apart from the model: what a reader of the record sees (key names, plain numbers, each
amount's printed step) changes for users, what the rules read changes for the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .printed import printed_step, record_number

if TYPE_CHECKING:
    from .model import Report

#: The whole project's amounts the record gives (funds.<kind>_yuan), each with its printed step.
_AMOUNT_KINDS = ("initial_budget", "budget", "received", "spent")


def report_record(report: Report) -> dict[str, Any]:
    """The record of CONTRACT.md (plus extra keys), JSON-ready."""
    evidence: dict[str, list[dict[str, Any]]] = {}
    for claim in report.claims:
        evidence.setdefault(claim.kind, []).append(claim.evidence.to_dict())
    record: dict[str, Any] = {
        "file": report.file,
        "sha256": report.sha256,
        "pages": report.pages,
        "format": report.format,
        "title": report.title,
        "project": report.project,
        "year": report.year,
        "kind": report.kind,
        "unit": report.unit,
        "department": report.department,
        "commissioner": report.commissioner,
        "evaluator": report.evaluator,
        "report_date": report.report_date,
        "total_score": record_number(report.total_score),
        "grade": report.grade,
        "funds": _funds(report),
        "questionnaire": {
            "issued": report.first_value("issued"),
            "recovered": report.first_value("recovered"),
            "valid": report.first_value("valid"),
            "satisfaction": report.first_value("satisfaction"),
            "reliability": report.first_value("reliability"),
        },
        "indicators": [i.to_dict() for i in report.indicators],
        "funds_rows": [r.to_dict() for r in report.funds_rows],
        "summary_tables": [
            {
                "caption": t.caption,
                "kind": t.kind,
                "rows": [
                    {
                        "name": r.name,
                        "level": r.level,
                        "weight": record_number(r.weight),
                        "score": record_number(r.score),
                        "rate": record_number(r.rate),
                    }
                    for r in t.rows
                ],
            }
            for t in report.score_tables
            if t.kind == "summary"
        ],
        "targets": [t.to_dict() for t in report.targets],
        "spending": {
            "items": [{"label": label, "amount_yuan": q.value} for label, q, _ in report.spending],
            "total_yuan": report.spending_total[0].value if report.spending_total else None,
        },
        "survey": [
            {
                "question": q.question,
                "n": q.n,
                "shares": {label: s.value for label, s in q.shares},
            }
            for q in report.survey
        ],
        "claims": [
            {
                "kind": c.kind,
                "subject": c.subject,
                "value": record_number(c.value),
                "text": c.text,
                "page": c.evidence.page,
                "line": c.evidence.line,
                "quote": c.evidence.quote,
            }
            for c in report.claims
        ],
        "evidence": evidence,
        "unread": [{"part": what, **ev.to_dict()} for what, ev in report.unread],
    }
    if report.page_start is not None:
        record["page_start"] = report.page_start
        record["page_end"] = report.page_end
    if report.sheet is not None:
        record["sheet"] = report.sheet
    if report.goal is not None:
        record["goal"] = report.goal
    if report.budget_tables:
        record["budget_tables"] = [t.to_dict() for t in report.budget_tables]
    return record


def _funds(report: Report) -> dict[str, Any]:
    """The whole project's amounts and rates, then each amount's printed step (one claim each)."""
    amounts = {kind: report.whole(kind) for kind in _AMOUNT_KINDS}
    return {
        **{f"{k}_yuan": c.value.value if c and c.value else None for k, c in amounts.items()},
        "execution_rate": report.whole_value("execution_rate"),
        "arrival_rate": report.whole_value("arrival_rate"),
        **{f"{k}_yuan_step": printed_step(c.value) if c else None for k, c in amounts.items()},
    }
