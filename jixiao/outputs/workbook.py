"""audit.xlsx for bureau staff: Chinese headers, one sheet per question they ask.

汇总 (one row per report: type, year, status), 问题清单 (every finding, coloured by
severity, with the report's identity, 应为 / 实为, every page, the review columns and
links to its HTML page and source file), 第三方机构 (distinct reports per evaluator),
指标 (every indicator row), 已消失的问题 (findings of an earlier run, or with a decision,
that this run no longer gives), and a hidden sheet of the decisions the workbook was
written with (jixiao.review.decisions reads it to tell what was typed since).

Each sheet has a frozen header and an autofilter; 问题清单 prints landscape, fitted to
the page width, its header repeated on every page. Text from the documents is always
stored as text, never as a formula (`keep_as_text`). Rows are streamed in openpyxl's
write-only mode, so writing takes time linear in the findings; the tables are read in
batches from their Parquet files (`chunks`), the reports alongside the findings and the
hyperlinks spooled to disk (jixiao.outputs.xlsxstream), so memory holds one batch, one
file's reports and a relationship per linked file, not the findings.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from extractor.vocabulary import KIND_ZH
from rules.model import CHECK_ZH, SEVERITY_ZH

from ..batch import STATUS_ZH
from ..review.decisions import (
    DECISIONS,
    ID_COLUMN,
    NOTE_COLUMN,
    REVIEWER_COLUMN,
    SNAPSHOT_SHEET,
    snapshot_rows,
)
from ..review.merge import NEW
from .atomic import atomic_path
from .site import page_href
from .tables import AuditFrames
from .xlsxstream import ReportRows, add_rels, spool_links

if TYPE_CHECKING:
    from ..review.merge import Review

SEVERITY_FILL = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="EDEDED"),
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LINK_FONT = Font(color="0563C1", underline="single")
SHEETS = (".xlsx", ".xls")
NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")  # "0123" (a code) stays text
UNNAMED = "（未注明）"

# (sheet column, frame column, width)
SUMMARY = [
    ("文件", "file", 40),
    ("文档", "document", 20),
    ("类型", "kind", 16),
    ("项目", "project", 40),
    ("单位", "unit", 28),
    ("年度", "year", 6),
    ("评价机构", "evaluator", 28),
    ("总分", "total_score", 8),
    ("等级", "grade", 6),
    ("状态", "status", 10),
    ("错误数", "errors", 8),
    ("警告数", "warnings", 8),
]
# (sheet column, width); the values are made by `_issue_row`, in this order.
ISSUES = [
    ("文件", 28),
    ("类别", 16),
    ("级别", 6),
    ("问题", 48),
    ("应为", 12),
    ("实为", 12),
    ("页码", 10),
    ("原文", 44),
    ("复核", 8),
    (NOTE_COLUMN, 24),
    (REVIEWER_COLUMN, 10),
    ("对比上次", 8),
    ("项目", 28),
    ("单位", 24),
    ("年度", 6),
    ("评价机构", 24),
    ("文档", 20),
    ("规则", 18),
    ("网页", 6),
    ("原文件", 7),
    (ID_COLUMN, 18),
]
WRAPPED = frozenset(
    i for i, (name, _) in enumerate(ISSUES) if name in {"问题", "原文", NOTE_COLUMN}
)
PRINTED = 12  # 问题清单 prints its first columns, 文件 … 对比上次
INDICATORS = [
    ("文件", "file", 32),
    ("文档", "document", 20),
    ("编码", "code", 8),
    ("级次", "level", 6),
    ("指标", "name", 28),
    ("上级指标", "parent", 18),
    ("一级指标", "level1", 12),
    ("二级指标", "level2", 12),
    ("权重", "weight", 7),
    ("得分", "score", 7),
    ("得分率", "rate", 8),
    ("目标值", "target", 16),
    ("实际值", "actual", 16),
    ("偏差原因", "reason", 24),
    ("页码", "page", 6),
    ("原文", "quote", 50),
]
EVALUATORS = [("评价机构", 36), ("报告数", 8), ("错误数", 8), ("警告数", 8), ("平均总分", 10)]
GONE = [
    (ID_COLUMN, 18),
    ("文件", 32),
    ("问题", 60),
    ("说明", 18),
    ("复核", 8),
    (NOTE_COLUMN, 30),
    (REVIEWER_COLUMN, 10),
    ("复核时间", 20),
]


def write_workbook(out: Path, frames: AuditFrames, review: Review | None = None) -> list[Path]:
    """Write audit.xlsx; `review` (jixiao.review.merge) puts the decisions back on their rows."""
    wb = Workbook(write_only=True)  # rows streamed to disk: time and memory linear in rows
    _summary(wb, frames.reports)
    _issues(wb, frames, review, out)
    _evaluators(wb, frames.reports)
    columns = [col for _, col, _ in INDICATORS]
    _sheet(wb, "指标", INDICATORS, chunks(frames.indicators, columns), len(frames.indicators))
    _gone(wb, review)
    _snapshot(wb, review)
    dest = out / "audit.xlsx"
    with atomic_path(dest) as tmp:
        wb.save(tmp)
        add_rels(wb, tmp)  # 问题清单's link relationships, spooled to disk
    return [dest]


def _summary(wb: Workbook, reports: Any) -> None:
    shown = (
        chunk.assign(
            kind=chunk["kind"].map(lambda k: KIND_ZH.get(k, k), na_action="ignore"),
            status=chunk["status"].map(lambda s: STATUS_ZH.get(s, s), na_action="ignore"),
        )
        for chunk in chunks(reports, [col for _, col, _ in SUMMARY])
    )
    _sheet(wb, "汇总", SUMMARY, shown, len(reports))


def chunks(table: Any, columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
    """A table's rows as DataFrames: the frame itself, or a Parquet file's batches
    (jixiao.outputs.tablefiles.OnDisk, so no sheet needs the whole table in memory)."""
    if isinstance(table, pd.DataFrame):
        yield table if columns is None else table[columns]
    else:
        yield from table.chunks(columns)


def _issues(wb: Workbook, frames: AuditFrames, review: Review | None, out: Path) -> None:
    """问题清单: one row per finding, the review columns with a drop-down, print-ready."""
    findings = frames.findings
    ws = _start(wb, "问题清单", ISSUES, len(findings), printed=True)
    at = [name for name, _ in ISSUES].index("复核") + 1
    choice = DataValidation(
        type="list",
        formula1=f'"{",".join(DECISIONS)}"',
        allow_blank=True,
        showErrorMessage=True,
    )
    choice.error = f"请从下拉列表中选择：{'、'.join(DECISIONS)}"
    choice.errorTitle = "复核"
    letter = get_column_letter(at)
    choice.add(f"{letter}2:{letter}{max(len(findings), 1) + 1}")
    ws.data_validations.append(choice)
    _colour_by_severity(ws, len(ISSUES), len(findings))
    reports = ReportRows(_report_rows(frames.reports), lambda: _report_lookup(frames.reports))
    decisions = review.decisions if review else {}
    status = review.status if review else {}
    names = [name for name, _ in ISSUES]
    page_at, source_at = names.index("网页"), names.index("原文件")
    if status:  # with a baseline the list opens on the new findings (clear the filter for all)
        ws.auto_filter.add_filter_column(names.index("对比上次"), [NEW])
    spool_links(ws)  # the links go to disk as the rows do (jixiao.outputs.xlsxstream)
    file, links = None, {}
    rows = (row for chunk in chunks(findings) for row in chunk.itertuples(index=False))
    for at_row, row in enumerate(rows, start=2):
        report = reports.get(row.file, row.report_id)
        hidden = bool(status) and status.get(row.finding_id) != NEW
        if hidden:
            ws.row_dimensions[at_row].hidden = True
        if row.file != file:  # a file's findings are together: its links are made once
            file = row.file
            links = {page_at: page_href(file), source_at: _source_href(file, out)}
        values = _issue_row(row, report, decisions.get(row.finding_id), status)
        _append(ws, values, WRAPPED, links)
        if hidden:  # written: the row's dimension is no longer needed
            del ws.row_dimensions[at_row]


def _issue_row(row: Any, report: dict[str, Any], decision: Any, status: dict) -> list[Any]:
    evidence = json.loads(row.evidence) if isinstance(row.evidence, str) else []
    quotes = [ev.get("quote") or "" for ev in evidence]
    return [
        row.file,
        CHECK_ZH.get(row.check, row.check),
        SEVERITY_ZH.get(row.severity, row.severity),
        row.message,
        _number(row.expected),
        _number(row.found),
        _pages(evidence, report),
        "\n".join(q for q in quotes if q),
        decision.decision if decision else None,
        decision.note if decision else None,
        decision.reviewer if decision else None,
        status.get(row.finding_id),
        report.get("project"),
        report.get("unit"),
        report.get("year"),
        report.get("evaluator"),
        row.document,
        row.rule,
        "网页",
        "原文件",
        row.finding_id,
    ]


def _number(text: Any) -> Any:
    """A plain number shown as a number (sortable, no "stored as text" mark); anything else
    (a name, a list, a range) as the text it is."""
    if not isinstance(text, str) or len(text) > 15 or not NUMBER.fullmatch(text):
        return text  # past 15 digits Excel would round it: kept as text
    value = float(text)
    return int(value) if value.is_integer() else value


def _pages(evidence: list[dict[str, Any]], report: dict[str, Any]) -> str:
    """Every evidence place: pages (3, 5, 9), or sheet and row for a spreadsheet.

    A spreadsheet's line is its row number on the first sheet only (the reader numbers
    rows across sheets), so a later sheet is named by its position.
    """
    spreadsheet = str(report.get("file") or "").lower().endswith(SHEETS)
    places: list[str] = []
    for ev in evidence:
        page, line = ev.get("page"), ev.get("line")
        if page is None:
            continue
        if not spreadsheet:
            place = str(page)
        elif page == 1 and line is not None:
            place = f"{report.get('sheet') or '工作表1'} 第{line}行"
        else:
            place = f"第{page}个工作表"
        if place not in places:
            places.append(place)
    return ", ".join(places)


_REPORT_FIELDS = ["report_id", "file", "project", "unit", "year", "evaluator", "sheet"]


def _report_rows(reports: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(file, report_id, the fields a finding's row repeats) of each report, in table order."""
    for chunk in chunks(reports, _REPORT_FIELDS):
        for rec in chunk.to_dict("records"):
            yield rec["file"], rec["report_id"], {k: _cell(k, v) for k, v in rec.items()}


def _report_lookup(reports: Any) -> dict[str, dict[str, Any]]:
    """Every report's fields by report_id (only if the findings come out of order)."""
    return {report_id: fields for _, report_id, fields in _report_rows(reports)}


def _source_href(file: str, out: Path) -> str:
    """The source file as a link relative to the workbook (both move together), or absolute."""
    target = os.path.abspath(file)
    try:
        href = Path(os.path.relpath(target, os.path.abspath(out))).as_posix()
    except ValueError:  # another drive (Windows)
        href = Path(target).as_uri()
    # A control character (an escape sequence in a file name) cannot stand in XML: %-encoded.
    return ILLEGAL_CHARACTERS_RE.sub(lambda m: quote(m.group()), href)


def _evaluators(wb: Workbook, reports: Any) -> None:
    """第三方机构: reports per evaluator, each report counted once whatever its copies."""
    groups: dict[str, dict[str, Any]] = {}
    for rec in _evaluated(reports):
        name = _cell("evaluator", rec["evaluator"]) or UNNAMED
        group = groups.setdefault(name, {"seen": set(), "errors": 0, "warnings": 0, "scores": []})
        key = _cell("sha256", rec["sha256"]) or rec["file"]
        if key in group["seen"]:
            continue
        group["seen"].add(key)
        group["errors"] += int(rec["errors"] or 0)
        group["warnings"] += int(rec["warnings"] or 0)
        score = _cell("total_score", rec["total_score"])
        if score is not None:
            group["scores"].append(score)
    ws = _start(wb, "第三方机构", EVALUATORS, len(groups))
    for name, g in sorted(groups.items(), key=lambda kv: (kv[0] == UNNAMED, -len(kv[1]["seen"]))):
        mean = round(sum(g["scores"]) / len(g["scores"]), 2) if g["scores"] else None
        _append(ws, [name, len(g["seen"]), g["errors"], g["warnings"], mean])


def _evaluated(reports: Any) -> Iterator[dict[str, Any]]:
    """The reports an evaluator is answerable for: evaluation reports, or naming one."""
    columns = ["file", "kind", "evaluator", "duplicate_of", "sha256", "errors", "warnings"]
    for chunk in chunks(reports, [*columns, "total_score"]):
        evaluated = chunk[
            (chunk["kind"].isin(["project", "department"]) | chunk["evaluator"].notna())
            & chunk["duplicate_of"].isna()  # 重复报送: the earlier copy is counted
        ]
        yield from evaluated.to_dict("records")


def _gone(wb: Workbook, review: Review | None) -> None:
    rows = review.gone if review else []
    ws = _start(wb, "已消失的问题", GONE, len(rows))
    for g in rows:
        d = g.decision
        extra = [d.decision, d.note, d.reviewer, d.time] if d else [None] * 4
        _append(ws, [g.finding_id, g.file, g.message, g.why, *extra])


def _snapshot(wb: Workbook, review: Review | None) -> None:
    """The decisions as written, hidden: what was typed since is what differs from them."""
    ws = wb.create_sheet(SNAPSHOT_SHEET)
    ws.sheet_state = "hidden"
    ws.append([ID_COLUMN, "复核", NOTE_COLUMN, REVIEWER_COLUMN])
    for values in snapshot_rows(review.decisions if review else {}):
        _append(ws, list(values))


def _print_setup(ws: Any, rows: int) -> None:
    """Landscape A4, fitted to the page width, header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{get_column_letter(PRINTED)}{rows + 1}"


def _start(
    wb: Workbook, title: str, spec: Sequence[tuple[str, int]], rows: int, printed: bool = False
) -> Any:
    """A sheet with its widths, frozen bold header and filter, and its print setup when
    `printed` (all set before the first row, as write-only mode requires)."""
    ws = wb.create_sheet(title)
    if printed:
        _print_setup(ws, rows)
    for i, (_, width) in enumerate(spec, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(spec))}{rows + 1}"
    header = []
    for name, _ in spec:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    ws.append(header)
    return ws


_WRAP = Alignment(wrap_text=True, vertical="top")


def _append(
    ws: Any,
    values: Iterable[Any],
    wrap: frozenset[int] = frozenset(),
    links: dict[int, str] | None = None,
) -> None:
    """One row; cells get an object only when they need wrapping, text protection or a
    link (`wrap`: column indexes; `links`: column index → target). Each combination of
    styles is built once and copied (`_styled`): styling cell by cell costs a lookup each."""
    row = []
    for i, raw in enumerate(values):
        value = _cell("", raw)
        link = links.get(i) if links else None
        risky = isinstance(value, str) and value.startswith(FORMULA_START)
        wrapped = i in wrap and isinstance(value, str)
        if not (wrapped or link or risky):
            row.append(value)
            continue
        cell = WriteOnlyCell(ws, value=value)
        cell._style = copy(_styled(ws, wrapped, link is not None, risky))
        if risky:
            cell.data_type = "s"
        if link is not None:
            cell.hyperlink = link
        row.append(cell)
    ws.append(row)


def _styled(ws: Any, wrapped: bool, link: bool, risky: bool) -> Any:
    """The style array of a cell with this wrapping, link font and text protection, built
    once per workbook (style arrays index the workbook's own style tables)."""
    styles = ws.parent.__dict__.setdefault("_jixiao_styles", {})
    key = (wrapped, link, risky)
    if key not in styles:
        cell = WriteOnlyCell(ws, value="=" if risky else "")
        keep_as_text(cell)
        if wrapped:
            cell.alignment = _WRAP
        if link:
            cell.font = LINK_FONT
        styles[key] = cell._style
    return styles[key]


def _colour_by_severity(ws: Any, columns: int, rows: int) -> None:
    """Each finding's row in its severity's colour: one conditional format for the sheet,
    not a fill per cell (which would cost a style lookup for each of a million cells)."""
    at = get_column_letter([name for name, _ in ISSUES].index("级别") + 1)
    area = f"A2:{get_column_letter(columns)}{max(rows, 1) + 1}"
    for severity, fill in SEVERITY_FILL.items():
        rule = FormulaRule(formula=[f'${at}2="{SEVERITY_ZH[severity]}"'], fill=fill)
        ws.conditional_formatting.add(area, rule)


def _sheet(
    wb: Workbook,
    title: str,
    spec: Sequence[tuple[str, str, int]],
    frames: Iterable[pd.DataFrame],
    rows: int,
) -> Any:
    """A sheet whose columns are frame columns, written row by row (`rows` of them)."""
    ws = _start(wb, title, [(name, width) for name, _, width in spec], rows)
    columns = [col for _, col, _ in spec]
    for frame in frames:
        for values in frame[columns].itertuples(index=False, name=None):
            _append(ws, values)
    return ws


# What makes Excel or WPS read typed text as a formula (or a DDE command), full-width forms
# included: a report's quote "=SUM(…)" or "＋5%" must stay the text the report printed.
FORMULA_START = ("=", "＝", "+", "＋", "-", "－", "@", "＠", "\t", "\r")


def keep_as_text(cell: Any) -> None:
    """Store a string that could be read as a formula as a plain string cell, shown as typed.

    openpyxl turns every string beginning with "=" into a formula cell; Excel would also
    evaluate "+…", "-…" and "@…" once the cell is edited. The quote prefix (Excel's leading
    apostrophe) keeps it text there too. The text itself is not altered.
    """
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def _cell(column: str, value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if column == "severity":
        return SEVERITY_ZH.get(value, value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32000]
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value
