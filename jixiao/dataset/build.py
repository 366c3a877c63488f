"""The dataset's rows, built from a bulk run's records and findings (jixiao.batch).

One `documents` row per document (a file that gave none still has one, with
its status), its indicators with their place in the score tree filled for
reports and forms alike, its funds rows, its findings with their review
decisions. Columns are those of `jixiao.dataset.schema`; every value is typed
here (dates, floats, numbers beside their text) so the writers only convert.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import platform
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rules.model import CHECK_ZH, SEVERITY_ZH

from ..review.fingerprint import document_label, report_id
from . import names
from .regions import find_region
from .schema import SCHEMA_VERSION
from .tree import tree_rows
from .vocabulary import canonical

if TYPE_CHECKING:
    from ..batch import BatchResult, Outcome

Row = dict[str, Any]


@dataclass
class Rows:
    """Every table of the dataset as lists of row dicts, keyed by table name."""

    tables: dict[str, list[Row]]


def build_rows(result: BatchResult, decisions: Mapping[str, Any] | None = None) -> Rows:
    """All tables of the dataset for one bulk run (`decisions`: review decisions by finding id)."""
    builder = RowBuilder(decisions)
    tables: dict[str, list[Row]] = {name: [] for name in STREAMED}
    for outcome in result.outcomes:
        for name, rows in builder.add(outcome).items():
            tables[name] += rows
    return Rows({**tables, **builder.finish(result)})


STREAMED = ("documents", "indicators", "funds", "findings")  # rows made file by file


class RowBuilder:
    """The dataset's rows file by file (`add`), then the tables of the whole run (`finish`).

    Between files it keeps only counts: the rows of one file depend on that file alone,
    run_info on how many rows there were, `unmapped` on how often each unmapped name came.
    """

    def __init__(self, decisions: Mapping[str, Any] | None = None) -> None:
        self.decisions = decisions or {}
        self.counts: Counter[str] = Counter()
        self.unmapped: Counter[tuple[str, Any]] = Counter()

    def add(self, outcome: Outcome) -> dict[str, list[Row]]:
        """The documents, indicators, funds and findings rows of one file."""
        rows = _document_rows(outcome)
        indicators: list[Row] = []
        funds: list[Row] = []
        findings: list[Row] = []
        by_label = {row["document"]: row for row in rows if row["document"] is not None}
        for record, row in zip(outcome.records, rows, strict=False):
            indicators += _indicator_rows(record, row)
            funds += _fund_rows(record, row)
        for finding in outcome.findings:
            row = by_label.get(finding.get("document"), rows[0])
            row[f"finding_{finding['severity']}s"] += 1
            findings.append(_finding_row(finding, row, self.decisions))
        self.counts.update(documents=len(rows), indicators=len(indicators), findings=len(findings))
        self.unmapped.update(
            (r["indicator_name"], r["level2"])
            for r in indicators
            if r["canonical_method"] == "none" and r["indicator_name"]
        )
        return {"documents": rows, "indicators": indicators, "funds": funds, "findings": findings}

    def finish(self, result: BatchResult) -> dict[str, list[Row]]:
        """decisions, run_info and unmapped: the tables of the run as a whole."""
        return {
            "decisions": [_decision_row(d) for _, d in sorted(self.decisions.items())],
            "run_info": [_run_info(result, self.counts)],
            "unmapped": _unmapped(self.unmapped),
        }


def _document_rows(outcome: Outcome) -> list[Row]:
    records = outcome.records or [{}]
    several = len(outcome.records) > 1
    seen: Counter[str] = Counter()
    rows = []
    for rec in records:
        label = document_label(rec) if several else None
        seen[label or ""] += 1
        key = label if seen[label or ""] == 1 else f"{label}#{seen[label or '']}"
        rows.append(
            _document_row(
                outcome,
                rec,
                label,
                report_id(rec.get("sha256") or outcome.sha256, outcome.file, key),
            )
        )
    return rows


def _document_row(outcome: Outcome, rec: Row, label: str | None, doc_id: str) -> Row:
    funds = rec.get("funds") or {}
    survey = rec.get("questionnaire") or {}
    date, precision = names.parse_date(rec.get("report_date"))
    region = find_region(
        [
            ("unit_name", names.unit_key(rec.get("unit"))),
            ("department_name", names.unit_key(rec.get("department"))),
            ("title", rec.get("title")),
            ("project_name", rec.get("project")),
            ("file", outcome.file.rsplit("/", 1)[-1]),
        ]
    )
    return {
        "document_id": doc_id,
        "file": outcome.file,
        "document": label,
        "status": outcome.status,
        "sha256": rec.get("sha256"),
        "file_format": rec.get("format"),
        "kind": rec.get("kind"),
        "title": rec.get("title"),
        "project_name": rec.get("project"),
        "project_key": names.project_key(rec.get("unit"), rec.get("project")),
        "project_type": names.project_type(
            rec.get("project") or rec.get("title"), rec.get("kind"), rec.get("unit")
        ),
        "year": _int(rec.get("year")),
        "unit_name": rec.get("unit"),
        "unit_key": names.unit_key(rec.get("unit")),
        "department_name": rec.get("department"),
        "commissioner_name": rec.get("commissioner"),
        "evaluator_name": rec.get("evaluator"),
        "evaluator_key": names.evaluator_key(rec.get("evaluator")),
        "province": region.province,
        "city": region.city,
        "county": region.county,
        "admin_level": region.level,
        "region_code": region.code,
        "region_source": region.source,
        "report_date": date,
        "report_date_text": _str(rec.get("report_date")),
        "report_date_precision": precision,
        "total_score": _float(rec.get("total_score")),
        "grade": rec.get("grade"),
        "pages": _int(rec.get("pages")),
        "page_start": _int(rec.get("page_start")),
        "page_end": _int(rec.get("page_end")),
        "sheet": _str(rec.get("sheet")),
        **{k: _float(funds.get(k)) for k in _FUNDS},
        **{f"{k}_step": _float(funds.get(f"{k}_step")) for k in _AMOUNTS},
        "questionnaire_issued": _int(survey.get("issued")),
        "questionnaire_recovered": _int(survey.get("recovered")),
        "questionnaire_valid": _int(survey.get("valid")),
        "satisfaction": _float(survey.get("satisfaction")),
        "indicator_count": len(rec.get("indicators") or []) if rec else None,
        "finding_errors": 0,
        "finding_warnings": 0,
        "finding_infos": 0,
    }


_AMOUNTS = ("initial_budget_yuan", "budget_yuan", "received_yuan", "spent_yuan")
_FUNDS = (*_AMOUNTS, "execution_rate", "arrival_rate")
_WHERE = ("document_id", "file", "document")


def _indicator_rows(record: Row, doc: Row) -> list[Row]:
    rows = []
    for i, (ind, place) in enumerate(tree_rows(record.get("indicators") or [])):
        level = place["indicator_level"]
        mapped = canonical(ind.get("name"), place["level2"]) if level in (3, None) else None
        rows.append(
            {
                "indicator_id": f"{doc['document_id']}-{i:04d}",
                **{k: doc[k] for k in _WHERE},
                "position": i,
                **place,
                "indicator_name": ind.get("name"),
                "canonical_name": mapped.canonical if mapped else None,
                "canonical_confidence": mapped.confidence if mapped else None,
                "canonical_method": mapped.method if mapped else None,
                "weight": _float(ind.get("weight")),
                "score": _float(ind.get("score")),
                "score_rate": _float(ind.get("rate")),
                "benchmark": _str(ind.get("benchmark")),
                "operator": ind.get("operator"),
                "target_text": _str(ind.get("target")),
                "target_value": _float(ind.get("target_value")),
                "measure_unit": ind.get("unit"),
                "actual_text": _str(ind.get("actual")),
                "actual_value": _float(ind.get("actual_value")),
                "rubric": _str(ind.get("rubric")),
                "reason": _str(ind.get("reason")),
                "nature": _str(ind.get("nature")),
                "page": _int(ind.get("page")),
                "line": _int(ind.get("line")),
                "quote": _str(ind.get("quote")),
            }
        )
    return rows


def _fund_rows(record: Row, doc: Row) -> list[Row]:
    """A form's funds rows as printed; a report's funds summary as one row ('record')."""
    given = [("form_row", r) for r in record.get("funds_rows") or []]
    summary = record.get("funds") or {}
    if not given and any(v is not None for v in summary.values()):
        given = [
            (
                "record",
                {
                    "label": None,
                    "initial_yuan": summary.get("initial_budget_yuan"),
                    "initial_yuan_step": summary.get("initial_budget_yuan_step"),
                    **summary,
                },
            )
        ]
    return [
        {
            "fund_id": f"{doc['document_id']}-{i:04d}",
            **{k: doc[k] for k in _WHERE},
            "position": i,
            "source": source,
            "label": row.get("label"),
            "initial_budget_yuan": _float(row.get("initial_yuan")),
            "initial_budget_yuan_step": _float(row.get("initial_yuan_step")),
            **{k: _float(row.get(k)) for k in _AMOUNTS[1:]},
            **{f"{k}_step": _float(row.get(f"{k}_step")) for k in _AMOUNTS[1:]},
            "execution_rate": _float(row.get("rate", row.get("execution_rate"))),
            "arrival_rate": _float(row.get("arrival_rate")),
            "weight": _float(row.get("weight")),
            "score": _float(row.get("score")),
        }
        for i, (source, row) in enumerate(given)
    ]


def _finding_row(finding: Row, doc: Row, decisions: Mapping[str, Any]) -> Row:
    evidence = [
        {
            "page": _int(e.get("page")),
            "line": _int(e.get("line")),
            "sheet": _str(e.get("sheet")),
            "quote": _str(e.get("quote")),
        }
        for e in finding.get("evidence") or []
    ]
    first = evidence[0] if evidence else {}
    fid = finding.get("id")
    decision = decisions.get(fid) if fid else None
    return {
        "finding_id": fid,
        "document_id": doc["document_id"],
        "file": finding["file"],
        "document": finding.get("document"),
        "rule": finding["rule"],
        "check": finding["check"],
        "check_zh": CHECK_ZH.get(finding["check"]),
        "severity": finding["severity"],
        "severity_zh": SEVERITY_ZH.get(finding["severity"]),
        "message": finding["message"],
        "expected_text": value_text(finding.get("expected")),
        "expected_value": _number(finding.get("expected")),
        "found_text": value_text(finding.get("found")),
        "found_value": _number(finding.get("found")),
        "page": first.get("page"),
        "line": first.get("line"),
        "quote": first.get("quote"),
        "evidence": evidence,
        **_decision_row(decision, with_id=False),
    }


def _decision_row(decision: Any, *, with_id: bool = True) -> Row:
    """A review decision's columns (all None without one); reads only the interface's attributes."""
    row = {
        "decision": getattr(decision, "decision", None),
        "decision_note": getattr(decision, "note", None),
        "reviewer": getattr(decision, "reviewer", None),
        "decided_at": _time(getattr(decision, "time", None)),
    }
    return {"finding_id": getattr(decision, "finding_id", None), **row} if with_id else row


def _run_info(result: BatchResult, counts: Mapping[str, int]) -> Row:
    from ..cache import code_hash, program_version

    options = dict(getattr(result, "options", None) or {})
    options.pop("password", None)  # never written out
    profile = options.pop("profile", None) or "national"
    return {
        "schema_version": SCHEMA_VERSION,
        "jixiao_version": program_version(),
        "code_hash": code_hash(),
        "profile": profile,
        "options": json.dumps(options, ensure_ascii=False, sort_keys=True),
        "python_version": platform.python_version(),
        "files": len(result.outcomes),
        "files_failed": result.failed,
        "documents": counts.get("documents", 0),
        "indicators": counts.get("indicators", 0),
        "findings": counts.get("findings", 0),
    }


def _unmapped(counts: Counter[tuple[str, Any]]) -> list[Row]:
    rows = []
    for (name, level2), n in sorted(
        counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or "")
    ):
        guess = canonical(name, level2)
        rows.append(
            {
                "indicator_name": name,
                "level2": level2,
                "occurrences": n,
                "best_guess": guess.best_guess,
                "best_confidence": guess.confidence,
            }
        )
    return rows


# ---------------------------------------------------------------- values


def _time(value: Any) -> dt.datetime | None:
    """An ISO time (a decision's) as a datetime; None when absent or unreadable."""
    if value is None or value == "":
        return None
    try:
        when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return _tidy(number) if math.isfinite(number) else None


def _tidy(number: float) -> float:
    """A float without binary noise: 3.8819999999999992 → 3.882 (12 significant digits)."""
    return float(f"{number:.12g}")


def _int(value: Any) -> int | None:
    number = _float(value)
    return int(number) if number is not None and number.is_integer() else None


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value_text(value)


def _number(value: Any) -> float | None:
    """expected/found as one number, when it is one (a list or a name gives None)."""
    return _float(value) if isinstance(value, int | float) else None


def value_text(value: Any) -> str | None:
    """expected/found as text, numbers without float noise: [4.0, 3.8819999999999992] → '[4, 3.882]'."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return str(value)
        number = _tidy(float(value))
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(v) or "null" for v in value) + "]"
    return json.dumps(value, ensure_ascii=False, default=str)
