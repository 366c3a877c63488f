"""Read budget performance documents into typed records (file → Document → [Report]).

A file holds one report, or several forms (a workbook, a 决算 publication's
appendix), each its own record; a publication's own text before its forms is
a record too, so that its claims about the forms can be checked.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ExtractionError
from .forms import find_forms, parse_form, preamble
from .load import load
from .model import Document, Report
from .report import build_report

MIN_PREAMBLE_LINES = 15


def extract(path: str | Path, *, password: str | None = None, ocr: bool = False) -> list[Report]:
    """Every document in a file, as Reports. Raises ExtractionError when the file cannot be read.

    `ocr` reads PDF pages that have no text layer (scans) with the OCR engine.
    """
    return split(load(path, password=password, ocr=ocr))


def split(doc: Document) -> list[Report]:
    """The documents a loaded file holds: one report, or forms (with the publication around them)."""
    segments = find_forms(doc)
    if not segments:
        return [build_report(doc)]
    reports: list[Report] = []
    before = preamble(doc, segments)
    if not doc.sheets and sum(1 for ln in before if ln.text.strip()) >= MIN_PREAMBLE_LINES:
        first = segments[0].lines[0].number
        tables = [t for t in doc.tables if t.rows and (t.rows[0].line or 0) < first]
        part = Document(doc.path, doc.format, doc.pages, before, tables, doc.sha256, doc.sheets)
        head = build_report(part)
        if not head.indicators and not head.targets:
            head.kind = "publication"
        pages = [ln.page for ln in before if ln.page]
        if pages and not doc.sheets:
            head.page_start, head.page_end = min(pages), max(pages)
        reports.append(head)
    reports.extend(parse_form(seg, doc) for seg in segments)
    return reports


__all__ = ["ExtractionError", "Report", "extract", "load", "split"]
