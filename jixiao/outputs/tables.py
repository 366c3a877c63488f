"""Flatten a bulk run into three tables with stable columns: reports, indicators, findings.

Every other output (Parquet, DuckDB, the workbook, the Python API) is built from
these frames, so the column names and types listed here are the public shape
(documented in README.md). Columns never depend on the data: a column no report
fills is still there, all null, with its type.

`report_id` joins the three: one reports row per document of a file (a file that
gave no document still gets one row, so failures are visible); a finding belongs
to the document it names, or to its file's first row. Both ids are content
fingerprints (jixiao.review.fingerprint), not row numbers: `finding_id` is the
finding's `id`, `report_id` a hash of the file's sha256 and the document label, so
neither changes when files are added or the folder is moved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..batch import BatchResult, Outcome
from ..review.fingerprint import document_label, report_id

STR, INT, FLOAT = "string", "Int64", "float64"

REPORT_COLUMNS: dict[str, str] = {
    "report_id": STR,
    "file": STR,
    "document": STR,
    "status": STR,
    "duplicate_of": STR,  # the earlier file of the same document: counted once (重复报送)
    "sha256": STR,
    "format": STR,
    "kind": STR,
    "title": STR,
    "project": STR,
    "year": INT,
    "unit": STR,
    "department": STR,
    "commissioner": STR,
    "evaluator": STR,
    "report_date": STR,
    "total_score": FLOAT,
    "grade": STR,
    "pages": INT,
    "page_start": INT,
    "page_end": INT,
    "sheet": STR,
    "budget_yuan": FLOAT,
    "received_yuan": FLOAT,
    "spent_yuan": FLOAT,
    "execution_rate": FLOAT,
    "arrival_rate": FLOAT,
    "questionnaire_issued": INT,
    "questionnaire_recovered": INT,
    "questionnaire_valid": INT,
    "satisfaction": FLOAT,
    "indicators": INT,
    "errors": INT,
    "warnings": INT,
    "infos": INT,
}

INDICATOR_COLUMNS: dict[str, str] = {
    "report_id": STR,
    "file": STR,
    "document": STR,
    "code": STR,
    "level": INT,
    "name": STR,
    "parent": STR,
    "level1": STR,
    "level2": STR,
    "weight": FLOAT,
    "score": FLOAT,
    "rate": FLOAT,
    "benchmark": STR,
    "operator": STR,
    "target": STR,
    "target_value": FLOAT,
    "unit": STR,
    "actual": STR,
    "actual_value": FLOAT,
    "rubric": STR,
    "reason": STR,
    "page": INT,
    "line": INT,
    "quote": STR,
}

FINDING_COLUMNS: dict[str, str] = {
    "finding_id": STR,
    "report_id": STR,
    "file": STR,
    "document": STR,
    "rule": STR,
    "check": STR,
    "severity": STR,
    "message": STR,
    "expected": STR,
    "found": STR,
    "page": INT,
    "line": INT,
    "quote": STR,
    "evidence": STR,
}


@dataclass
class AuditFrames:
    """The three tables of a run; unpacks as `reports, indicators, findings = frames`."""

    reports: pd.DataFrame
    indicators: pd.DataFrame
    findings: pd.DataFrame

    def __iter__(self):
        return iter((self.reports, self.indicators, self.findings))


def build_frames(result: BatchResult) -> AuditFrames:
    """The reports, indicators and findings tables of a bulk run, in input order."""
    reports: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for outcome in result.outcomes:
        rows = _report_rows(outcome)
        by_label = {row["document"]: row for row in rows if row["document"] is not None}
        for record, row in zip(outcome.records, rows, strict=False):
            for ind in record.get("indicators") or []:
                indicators.append(_indicator_row(ind, row))
        for finding in outcome.findings:
            row = by_label.get(finding.get("document"), rows[0])
            key = {"error": "errors", "warning": "warnings"}.get(finding["severity"], "infos")
            row[key] += 1
            findings.append(_finding_row(finding, row))
        reports.extend(rows)
    return AuditFrames(
        _frame(reports, REPORT_COLUMNS),
        _frame(indicators, INDICATOR_COLUMNS),
        _frame(findings, FINDING_COLUMNS),
    )


def _report_rows(outcome: Outcome) -> list[dict[str, Any]]:
    records = outcome.records or [{}]
    several = len(outcome.records) > 1
    rows = []
    for rec in records:
        funds = rec.get("funds") or {}
        survey = rec.get("questionnaire") or {}
        label = document_label(rec) if several else None
        sha256 = rec.get("sha256") or outcome.sha256
        rows.append(
            {
                "report_id": report_id(sha256, outcome.file, label),
                "file": outcome.file,
                "document": label,
                "status": outcome.status,
                "duplicate_of": outcome.duplicate_of,
                **{k: rec.get(k) for k in _RECORD_FIELDS},
                **{k: funds.get(k) for k in _FUND_FIELDS},
                "questionnaire_issued": survey.get("issued"),
                "questionnaire_recovered": survey.get("recovered"),
                "questionnaire_valid": survey.get("valid"),
                "satisfaction": survey.get("satisfaction"),
                "indicators": len(rec.get("indicators") or []) if rec else None,
                "errors": 0,
                "warnings": 0,
                "infos": 0,
            }
        )
    return rows


_RECORD_FIELDS = (
    "sha256",
    "format",
    "kind",
    "title",
    "project",
    "year",
    "unit",
    "department",
    "commissioner",
    "evaluator",
    "report_date",
    "total_score",
    "grade",
    "pages",
    "page_start",
    "page_end",
    "sheet",
)
_FUND_FIELDS = ("budget_yuan", "received_yuan", "spent_yuan", "execution_rate", "arrival_rate")


def _indicator_row(ind: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    row = {k: ind.get(k) for k in INDICATOR_COLUMNS}
    row.update(report_id=report["report_id"], file=report["file"], document=report["document"])
    return row


def _finding_row(finding: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    evidence = finding.get("evidence") or []
    first = evidence[0] if evidence else {}
    return {
        "finding_id": finding.get("id"),
        "report_id": report["report_id"],
        "file": finding["file"],
        "document": finding.get("document"),
        "rule": finding["rule"],
        "check": finding["check"],
        "severity": finding["severity"],
        "message": finding["message"],
        "expected": _text(finding.get("expected")),
        "found": _text(finding.get("found")),
        "page": first.get("page"),
        "line": first.get("line"),
        "quote": first.get("quote"),
        "evidence": json.dumps(evidence, ensure_ascii=False),
    }


def _text(value: Any) -> str | None:
    """expected/found may be a number, a text or a list: one string column holds them all."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _frame(rows: Iterable[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """A frame with exactly these columns and types, whatever the rows hold."""
    frame = pd.DataFrame(list(rows), columns=list(columns))
    for name, dtype in columns.items():
        col = frame[name]
        if dtype == STR:
            frame[name] = col.map(_as_text, na_action="ignore").astype(STR)
        else:
            numbers = pd.to_numeric(col, errors="coerce")
            if dtype == INT:
                numbers = numbers.where(numbers.isna() | (numbers == numbers.round()))
            frame[name] = numbers.astype(dtype)
    return frame


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
