"""Read budget performance documents into typed records (file → Document → [Report]).

A file holds one report, or several forms (a workbook, a 决算 publication's
appendix), each its own record; a publication's own text around its forms is
a record too, so that its claims about the forms can be checked. An
evaluation report appended after the forms (a 决算's 附件) is a record of its own.
"""

from __future__ import annotations

from pathlib import Path

import regex as re

from .budget import missing_tables, read_budget_tables
from .errors import ExtractionError
from .forms.find import find_forms, outside, preamble
from .forms.parse import parse_forms
from .load import load
from .model import Document, Line, Report
from .publication import Cover, read_cover
from .report import build_report
from .statements import read_statements
from .unread import FORM_KINDS, mark_unread
from .years import project_year_mentions

MIN_PREAMBLE_LINES = 15
REPORT_TITLE = re.compile(r"绩效(?:评价|自评)报告\s*$")


def extract(
    path: str | Path,
    *,
    password: str | None = None,
    ocr: bool = False,
    data: bytes | None = None,
) -> list[Report]:
    """Every document in a file, as Reports. Raises ExtractionError when the file cannot be read.

    `ocr` reads PDF pages that have no text layer (scans) with the OCR engine; `data` are the
    file's bytes when already read (`extractor.load.load`).
    """
    return split(load(path, password=password, ocr=ocr, data=data))


def split(doc: Document) -> list[Report]:
    """The documents a loaded file holds: one report, or forms (with the publication around them)."""
    return [_finished(r) for r in _documents(doc)]


def _finished(report: Report) -> Report:
    """What is read once a document's kind, project and text are settled: the years its text
    gives this project; for a publication (whether its cover or the forms around it made it
    one), its standard tables, the tables its 目录 lists and it lacks, and its 说明's
    statements."""
    report.year_mentions = [
        (int(m.group(1)), m.start(), m.end())
        for m in project_year_mentions(report.text, report.project)
    ]
    if report.kind in FORM_KINDS:
        mark_unread(report)  # a form's rows (a report's are judged as it is built)
    if report.kind == "publication":
        report.budget_tables = read_budget_tables(report.lines)
        report.missing_tables = missing_tables(report.lines)
        report.statements = read_statements(report)
    return report


def _documents(doc: Document) -> list[Report]:
    segments = find_forms(doc)
    if not segments:
        return [build_report(doc)]
    reports: list[Report] = []
    cover = Cover()
    appended: Report | None = None
    rest = outside(doc, segments)
    if not doc.sheets and sum(1 for ln in rest if ln.text.strip()) >= MIN_PREAMBLE_LINES:
        cover = read_cover(doc.lines)  # a publication around the forms: they take from it
        last = segments[-1].lines[-1].number
        at = _appended_report(rest, last)
        if at is not None:
            appended = _part(doc, rest[at:])
            rest = rest[:at]
        head = _part(doc, rest)
        if not head.indicators and not head.targets:
            head.kind = "publication"
            head.title = cover.title or head.title
            head.year = cover.year or head.year
            head.unit = cover.unit or head.unit
        reports.append(head)
    for seg in segments:
        for form in parse_forms(seg, doc, cover):
            form.declared_empty = _declared_empty(form, cover)
            reports.append(form)
    if head_unit_missing(reports):
        reports[0].unit = next((r.unit for r in reports[1:] if "部门整体" in (r.title or "")), None)
    if appended is not None:
        reports.append(appended)
    return reports


def _declared_empty(form: Report, cover: Cover) -> bool:
    """The publication says this table is empty on purpose: its table list marks it 不涉及,
    or a note says an empty table means the unit has no such items."""
    title = re.sub(r"\s+", "", form.title or "")
    return any(name == "*" or (name and name in title) for name in cover.empty_declared)


def head_unit_missing(reports: list[Report]) -> bool:
    """The publication record names no unit (its cover is a table): its 部门整体 form does."""
    return bool(reports) and reports[0].kind == "publication" and not reports[0].unit


def _appended_report(rest: list[Line], after: int) -> int | None:
    """Where an evaluation report appended after the last form starts (its title line, or the
    line above when the title wraps), if there is one."""
    for i, ln in enumerate(rest):
        if ln.number <= after or not REPORT_TITLE.search(ln.text) or len(ln.text.strip()) > 60:
            continue
        prev = next((j for j in range(i - 1, max(-1, i - 3), -1) if rest[j].text.strip()), None)
        wrapped = (
            prev is not None
            and rest[prev].page == ln.page
            and len(rest[prev].text.strip()) <= 40
            and not re.search(r"[。；：:]$|^附件", rest[prev].text.strip())
        )
        return prev if wrapped else i
    return None


def _part(doc: Document, lines: list[Line]) -> Report:
    """A Report of some of the document's lines (with the tables that start among them)."""
    numbers = {ln.number for ln in lines}
    tables = [t for t in doc.tables if t.rows and (t.rows[0].line or 0) in numbers]
    part = Document(doc.path, doc.format, doc.pages, lines, tables, doc.sha256, doc.sheets)
    report = build_report(part)
    pages = [ln.page for ln in lines if ln.page]
    if pages and not doc.sheets:
        report.page_start, report.page_end = min(pages), max(pages)
    return report


__all__ = ["ExtractionError", "Report", "extract", "load", "preamble", "split"]
