"""One file through the whole chain: extract every document, run the rules, never raise.

This is the unit of work the CLI, the bulk runner and the Python API share:
a file that cannot be read becomes an `extraction` finding with the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import rules
from extractor import ExtractionError, extract
from extractor.backends import SUPPORTED
from extractor.errors import in_chinese
from extractor.model import Evidence, Report
from rules.model import Finding

from .names import printable, shown
from .review.fingerprint import document_label

SUFFIXES = SUPPORTED  # the backends registry decides what a folder walk picks up


@dataclass
class FileResult:
    """What one file gave: its records (as dicts) and its findings."""

    file: str
    records: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    error: str | None = None


def extraction_finding(file: str, reason: str) -> Finding:
    """A file that could not be read or checked: a `warning`, not an `error` (nothing in it
    was shown wrong); the run's exit status 3 says some file was not read (jixiao.intake)."""
    reason = in_chinese(reason)
    return Finding(
        rule="EXTRACTION",
        check="extraction",
        severity="warning",
        message=f"文件无法读取：{reason}",
        evidence=[Evidence(None, None, reason)],
        file=file,
    )


def audit_file(
    path: str | Path,
    *,
    password: str | None = None,
    keep_reports: bool = False,
    ocr: bool = False,
    profile: str | None = None,
    data: bytes | None = None,
) -> FileResult:
    """Extract and check one file; errors become findings, never exceptions.

    `ocr` reads scanned PDF pages (no text layer) with the OCR engine;
    `profile` names the scoring rules forms are judged by (rules/profiles.py);
    `data` are the file's bytes when the caller has read them (parsed, not read again).
    """
    result = _audit(
        path, password=password, keep_reports=keep_reports, ocr=ocr, profile=profile, data=data
    )
    return _with_ids(_shown(result, str(path)), path, data)


def _with_ids(result: FileResult, path: str | Path, data: bytes | None) -> FileResult:
    """Give every finding its content fingerprint `id` (jixiao.review.fingerprint), from the
    sha256 of the bytes parsed: the same in every run, wherever the file lies."""
    from .review.fingerprint import finding_ids

    # The reader hashed the bytes it parsed: hash again only when no record came of them.
    sha256 = next((r["sha256"] for r in result.records if r.get("sha256")), None)
    if sha256 is None:
        try:
            read = data if data is not None else Path(path).read_bytes()
            sha256 = hashlib.sha256(read).hexdigest()
        except OSError:
            sha256 = None
    ids = finding_ids([f.to_dict() for f in result.findings], sha256, result.file)
    for finding, fid in zip(result.findings, ids, strict=True):
        finding.id = fid
    return result


def _shown(result: FileResult, opened: str) -> FileResult:
    """Name the file as users see it (`jixiao.names`): a name that is not UTF-8 (GBK bytes
    from a Windows archive) is shown with its bytes escaped, in records, findings and messages."""
    label = shown(opened)
    if label == opened:
        return result
    result.file = label
    for record in result.records:
        record["file"] = label
    for f in result.findings:
        f.file = label
        f.message = printable(f.message)
        f.evidence = [Evidence(ev.page, ev.line, printable(ev.quote)) for ev in f.evidence]
    if result.error:
        result.error = printable(result.error)
    return result


def _audit(
    path: str | Path,
    *,
    password: str | None,
    keep_reports: bool,
    ocr: bool,
    profile: str | None,
    data: bytes | None,
) -> FileResult:
    settings = rules.Settings.named(profile)  # passed to every rule, never a global
    file = str(path)
    result = FileResult(file)
    try:
        reports = extract(path, password=password, ocr=ocr, data=data)
    except ExtractionError as exc:
        result.error = str(exc)
        result.findings.append(extraction_finding(file, str(exc)))
        return result
    except Exception as exc:  # a parser bug must not stop a batch: report it as this file's problem
        reason = f"internal error while reading ({exc.__class__.__name__}: {exc})"
        result.error = reason
        result.findings.append(extraction_finding(file, reason))
        return result
    for report in reports:
        result.records.append(report.to_dict())
        if keep_reports:
            result.reports.append(report)
        if not looks_like_report(report):
            f = extraction_finding(
                file,
                "not a performance evaluation report (no score table, targets, funds or scores found)",
            )
            f.severity = "warning"
            f.message = "不是预算绩效评价报告或自评表：未找到评分表、绩效目标、资金或得分"
            result.findings.append(f)
            continue
        try:
            findings = rules.run(report, settings)
        except Exception as exc:
            findings = [extraction_finding(file, f"rules failed ({exc.__class__.__name__}: {exc})")]
        if len(reports) > 1:
            label = document_label(
                {"project": report.project, "title": report.title, "page_start": report.page_start}
            )
            for f in findings:
                f.document = label
        result.findings.extend(findings)
    if len(reports) > 1:
        try:
            result.findings.extend(rules.run_file(reports, settings))
        except Exception as exc:
            result.findings.append(
                extraction_finding(file, f"file rules failed ({exc.__class__.__name__}: {exc})")
            )
    return result


def extract_file(
    path: str | Path,
    *,
    password: str | None = None,
    ocr: bool = False,
    data: bytes | None = None,
) -> FileResult:
    """`jixiao extract` as a work function (jixiao.worker): the records of every document,
    or one `extraction` finding with the reason the file could not be read."""
    result = FileResult(str(path))
    try:
        result.records = [r.to_dict() for r in extract(path, password=password, ocr=ocr, data=data)]
    except ExtractionError as exc:
        result.error = str(exc)
    except Exception as exc:  # a parser bug: this file's problem, never a traceback
        result.error = f"cannot read ({exc.__class__.__name__}: {exc})"
    if result.error is not None:
        result.findings.append(extraction_finding(str(path), result.error))
    return _shown(result, str(path))


def looks_like_report(report: Report) -> bool:
    """Whether a document is a performance evaluation report, form or target table at all."""
    if report.kind in {"self_assessment", "targets", "monitoring", "publication"}:
        # A form is one even when left empty (its own rules say so); a 部门预算/决算 is a
        # document the tool reads even when it says nothing of performance.
        return True
    has_structure = bool(report.indicators or report.targets)
    facts = (
        "total_score",
        "budget",
        "spent",
        "execution_rate",
        "targets_projects",
        "selfeval_projects",
    )
    has_facts = any(report.claims_of(k) for k in facts)
    return has_structure or (has_facts and "绩效" in report.text)


def collect(paths: list[str]) -> list[Path]:
    """Every file under the given paths (folders recursively) but lock and system files, in a
    stable order: an unsupported one is audited too, into a finding saying what to convert
    it to (jixiao.intake.walk, which also lists the ignored files)."""
    from .intake import walk

    return walk(paths).files
