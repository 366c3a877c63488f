"""A finding as a page shows it: Chinese labels, where it is (a link to the source) and its decision.

Shared by the site (jixiao.outputs.site) and the 审核意见 (jixiao.outputs.opinions), so
a finding reads the same in both. Decisions come from the review step as objects with
`decision`, `note`, `reviewer` and `time` attributes, keyed by the finding's `id`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rules.model import CHECK_ZH, SEVERITY_ZH

from ..review.fingerprint import document_label

UNDECIDED = "未复核"
DECISIONS = ("确认", "不采纳", "待核", UNDECIDED)
SHEET_FORMATS = ("xlsx", "xls")


@dataclass(frozen=True)
class Place:
    """One piece of evidence: where it is (as a person says it), a link there, and the quote."""

    label: str
    href: str | None
    quote: str


@dataclass
class FindingView:
    """One finding with everything a row of a page shows."""

    finding: dict[str, Any]
    file: str
    page_href: str
    places: list[Place]
    record: dict[str, Any] = field(default_factory=dict)  # the document it is about, or the first
    decision: str = UNDECIDED
    note: str = ""
    reviewer: str = ""

    def __getattr__(self, name: str) -> Any:  # f.message, f.rule … as in the finding dict
        try:
            return self.__dict__["finding"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def id(self) -> str:
        return self.finding.get("id") or ""

    @property
    def check_zh(self) -> str:
        return CHECK_ZH.get(self.finding["check"], self.finding["check"])

    @property
    def severity_zh(self) -> str:
        return SEVERITY_ZH.get(self.finding["severity"], self.finding["severity"])

    @property
    def expected(self) -> str:
        return shown_value(self.finding.get("expected"))

    @property
    def found(self) -> str:
        return shown_value(self.finding.get("found"))

    @property
    def pages_text(self) -> str:
        """The places as one line of text (the search box and printed pages read it)."""
        return "、".join(p.label for p in self.places if p.label != "–")


def shown_value(value: Any) -> str:
    """expected/found as a person reads them: numbers without a trailing .0, lists joined."""
    if value is None:
        return ""
    if isinstance(value, float):  # 3.8819999999999992 (a computed value) reads 3.882
        return f"{value:.10g}"
    if isinstance(value, list | tuple):
        return "、".join(shown_value(v) for v in value)
    return str(value)


def source_uri(file: str) -> str:
    """The source file as a file:// address (Chinese letters and spaces escaped by pathlib)."""
    return Path(os.path.abspath(file)).as_uri()


def page_uri(file: str, page: int) -> str:
    """The source at a page: `file#page=N` for a PDF (its viewer opens there), else the file."""
    uri = source_uri(file)
    return f"{uri}#page={page}" if Path(file).suffix.lower() == ".pdf" else uri


def is_sheet_file(file: str, records: list[dict[str, Any]]) -> bool:
    fmt = records[0].get("format") if records else None
    return fmt in SHEET_FORMATS or Path(file).suffix.lower().lstrip(".") in SHEET_FORMATS


def places(
    finding: dict[str, Any], file: str, records: list[dict[str, Any]], sheet: str | None
) -> list[Place]:
    """Each evidence of `finding` as a Place: page N linked to `file#page=N` for a PDF; for a
    workbook the sheet and row (a row number counts through the workbook from its first sheet,
    as the reader numbers them, so it is the sheet's own row on the first sheet)."""
    uri = source_uri(file)
    sheets = is_sheet_file(file, records)
    out = []
    for ev in finding.get("evidence") or []:
        page, line, quote = ev.get("page"), ev.get("line"), ev.get("quote") or ""
        if sheets and page is not None:
            name = f"工作表“{sheet}”" if sheet else f"第 {page} 个工作表"
            row = "" if line is None else (f"第 {line} 行" if page == 1 else f"全簿第 {line} 行")
            out.append(Place(f"{name}{row}", uri, quote))
        elif page is not None:
            out.append(Place(f"第 {page} 页", page_uri(file, page), quote))
        else:
            out.append(Place("–", None, quote))
    return out


def record_of(finding: dict[str, Any], records: list[dict[str, Any]]) -> int | None:
    """The index of the record a finding is about (its `document`), None for the whole file."""
    if len(records) == 1:
        return 0
    label = finding.get("document")
    for i, rec in enumerate(records):
        if label is not None and document_label(rec) == label:
            return i
    return None


def view(
    finding: dict[str, Any],
    file: str,
    page_href: str,
    records: list[dict[str, Any]],
    decisions: Mapping[str, Any] | None,
) -> FindingView:
    """A FindingView of one finding of `file`, with its decision when one was recorded."""
    index = record_of(finding, records)
    sheet = records[index].get("sheet") if index is not None else None
    record = records[index] if index is not None else (records[0] if records else {})
    fv = FindingView(finding, file, page_href, places(finding, file, records, sheet), record)
    decision = (decisions or {}).get(finding.get("id") or "")
    if decision is not None:
        fv.decision = decision.decision or UNDECIDED
        fv.note = decision.note or ""
        fv.reviewer = decision.reviewer or ""
    return fv
