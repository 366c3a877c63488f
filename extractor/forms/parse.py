"""parse_forms: a form segment into its records, one or one per project of a table listing them.

The segment's rows are read by rows (cells with column positions) or by flat
(a stream of cells placed by type); then each record gets its lines, pages,
levels, totals and derived claims.
"""

from __future__ import annotations

import regex as re

from ..model import Document, Report
from ..publication import Cover
from .cells import _flat_tokens, _rows
from .find import Segment
from .flat import read_flat
from .funds import ColumnFunds, _give_exec_weight, _read_column_funds, _stated_scale
from .headers import _headers
from .identity import _kind, form_year
from .levels import _backfill_levels, _stray_levels
from .lists import settle
from .rows import _read_row
from .state import _State
from .totals import _derive_claims, _fused_total


def parse_forms(seg: Segment, doc: Document, cover: Cover | None = None) -> list[Report]:
    """The records of one form segment: one form, or one per project of a table listing several."""
    report = Report(file=doc.path, sha256=doc.sha256, pages=doc.pages, format=doc.format)
    report.title = seg.title
    report.kind = _kind(seg.title)
    report.year = form_year(seg, cover)
    if doc.sheets:
        report.sheet = seg.sheet
    rows, structured = _rows(seg)
    state = _State(report, unit_scale=_stated_scale(seg, cover))
    state.first_line[id(report)] = seg.lines[0].number
    if structured:
        heads = _headers(rows)
        for i, row in enumerate(rows):
            state.line = row[0].line or 0 if row else 0
            head = heads.get(i, ())
            if isinstance(head, ColumnFunds):
                _read_column_funds(head, rows, state)
                continue
            _read_row(row, state, head)
    else:
        read_flat(_flat_tokens(rows), state)
    if state.stray:
        _stray_levels(state)
    if state.entity:
        settle(state)
    records = [*state.records, state.report]
    for rec in records:
        _backfill_levels(rec, state)
        _finish(rec, seg, state, doc, records)
        _give_exec_weight(rec, state.exec_weight)
    return records


def parse_form(seg: Segment, doc: Document, cover: Cover | None = None) -> Report:
    """One form into a Report of kind self_assessment or targets (the first, for a table
    listing several projects)."""
    return parse_forms(seg, doc, cover)[0]


def _finish(rec: Report, seg: Segment, st: _State, doc: Document, records: list[Report]) -> None:
    """A record's lines, text, pages and derived facts, once all its rows are read."""
    if len(records) == 1:
        rec.lines = seg.lines
    else:
        # The title and header lines, then the record's own rows.
        start = st.first_line[id(rec)]
        k = records.index(rec)
        end = st.first_line[id(records[k + 1])] if k + 1 < len(records) else None
        head_end = st.first_line[id(records[0])] if k else start
        rec.lines = [
            ln
            for ln in seg.lines
            if ln.number < head_end or (ln.number >= start and (end is None or ln.number < end))
        ]
    rec.text = "\n".join(ln.text for ln in rec.lines)
    pages = [ln.page for ln in rec.lines if ln.page is not None]
    if not doc.sheets and pages:
        own = [
            ln.page
            for ln in rec.lines
            if ln.page is not None and ln.number >= st.first_line[id(rec)]
        ]
        rec.page_start, rec.page_end = min(own or pages), max(own or pages)
    _fused_total(rec)
    title = rec.title or ""
    if "部门整体" in title or ("部门" in title and not re.search(r"项目|专项", title)):
        rec.unit = rec.unit or rec.department
        rec.department = rec.department or rec.unit
    _derive_claims(rec)
