"""Render the hand-written performance forms into the file formats real copies arrive in.

What: every ``corpus/forms/src/<name>.json`` describes one published 项目支出绩效自评表,
部门整体支出绩效自评表 or 绩效目标表 (written by hand from a form a budget unit put on its
website, see ``corpus/forms/SOURCES.md``).  This script lays each source out as a grid of
merged cells, the way the budget platform exports it, and writes that grid as

* XLSX (merged cells, some with numbers stored as numbers and a display format),
* DOCX (a real Word table with merged cells),
* HTML (a web page holding a ``<table>`` with rowspan/colspan),
* Markdown with HTML tables (as PDF-to-Markdown converters write them),
* TXT in three styles (cells joined by "|", one cell per line, cells run together with
  spaces), some of them in GB18030 or UTF-16,
* PDF (LibreOffice's export of the XLSX or DOCX),

plus two documents that hold many forms (a workbook with several forms down one sheet, and a
PDF appendix with a preface page and one form per page), and the gold files in
``corpus/gold/forms/``: one per source form, one per multi-form document.

Why: jixiao must give the same record for the same form whatever the file type, and must find
the real defects such forms carry (rates that are not spent/budget, totals that do not add up,
full marks on a missed target, template text left in).  The sources hold the form's cells as
printed and, written by hand next to them, the values a careful reader takes from them and
the findings an auditor would raise; this script only copies those into the gold files, adding
the list of rendered files and the yuan amounts of the funds rows (printed amount x unit).

Deterministic: same sources, same bytes (zip entries and PDF dates/IDs are normalised).
Needs python-docx, openpyxl and, for the PDFs, LibreOffice (``soffice``) with CJK fonts.

Usage: python corpus/tools/build_forms.py [--no-pdf]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[2]
SRC_DIR = ROOT / "corpus" / "forms" / "src"
OUT_DIR = ROOT / "corpus" / "forms"
GOLD_DIR = ROOT / "corpus" / "gold" / "forms"

FIXED_TIME = datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FONT = "宋体"

APPENDIX_NAME = "appendix_project_self_assessment_forms"
WORKBOOK_NAME = "sichuan_forms_one_sheet"

MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
EMPTY_MARKS = {"", "—", "-", "－", "/", "——", "／"}


# --------------------------------------------------------------------------- grid model


@dataclass
class Cell:
    """One cell of the form grid, anchored at (row, col) and covering rowspan x colspan."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False


@dataclass
class Grid:
    """A rectangular table of merged cells; positions covered by a merge hold no cell."""

    ncols: int
    cells: list[Cell] = field(default_factory=list)
    nrows: int = 0
    _taken: set[tuple[int, int]] = field(default_factory=set)

    def put(self, cell: Cell) -> None:
        """Add a cell, refusing overlaps and cells outside the grid's width."""
        if cell.col < 0 or cell.col + cell.colspan > self.ncols:
            raise ValueError(f"cell {cell.text!r} at col {cell.col} overflows {self.ncols} cols")
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                if (r, c) in self._taken:
                    raise ValueError(f"cell {cell.text!r} overlaps at ({r}, {c})")
                self._taken.add((r, c))
        self.cells.append(cell)
        self.nrows = max(self.nrows, cell.row + cell.rowspan)

    def free_cols(self, row: int) -> list[int]:
        """Columns of ``row`` not yet covered by a cell (e.g. by a rowspan from above)."""
        return [c for c in range(self.ncols) if (row, c) not in self._taken]

    def rows(self) -> list[list[Cell]]:
        """Cells anchored in each row, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.nrows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        for row in out:
            row.sort(key=lambda c: c.col)
        return out

    def fill_gaps(self) -> None:
        """Give every uncovered position an empty cell so writers see a full rectangle."""
        for r in range(self.nrows):
            for c in self.free_cols(r):
                self.put(Cell(r, c, ""))


@dataclass
class FormDoc:
    """A rendered form: heading lines above the grid, the grid, note lines below it."""

    name: str
    heading: list[str]
    title: str
    grid: Grid
    notes: list[str]


def spread(n: int, start: int, end: int) -> list[tuple[int, int]]:
    """Split columns [start, end) into n adjacent (col, span) parts; the last parts get extra."""
    width = end - start
    if n <= 0 or width < n:
        raise ValueError(f"cannot spread {n} items over {width} columns")
    base, extra = divmod(width, n)
    spans = [base + (1 if i >= n - extra else 0) for i in range(n)]
    out, col = [], start
    for span in spans:
        out.append((col, span))
        col += span
    return out


def place_row(grid: Grid, row: int, items: Sequence[Any]) -> None:
    """Place a row of a ``table`` block: strings share the free columns, [text, cs, rs] are fixed."""
    free = grid.free_cols(row)
    fixed = sum(item[1] for item in items if isinstance(item, list))
    auto = [item for item in items if not isinstance(item, list)]
    auto_spans = [s for _, s in spread(len(auto), 0, len(free) - fixed)] if auto else []
    if not auto and fixed != len(free):
        raise ValueError(f"row {row}: spans {fixed} do not fill {len(free)} free columns")
    pos = 0
    for item in items:
        if isinstance(item, list):
            text, span, rowspan = item[0], item[1], item[2] if len(item) > 2 else 1
        else:
            text, span, rowspan = item, auto_spans.pop(0), 1
        grid.put(Cell(row, free[pos], text, rowspan=rowspan, colspan=span))
        pos += span


# --------------------------------------------------------------------------- numbers


def fmt(value: float | int | None) -> str:
    """Print a weight or score the way forms do: no trailing zeros, empty for None."""
    if value is None:
        return ""
    text = f"{Decimal(str(value)).normalize():f}"
    return text


def parse_number(text: str) -> Decimal | None:
    """The first number in a printed cell ("4,753.66万元" -> 4753.66), or None."""
    if text is None or text.strip() in EMPTY_MARKS:
        return None
    match = re.search(r"-?\d[\d,]*(?:\.\d+)?", text)
    if not match:
        return None
    return Decimal(match.group(0).replace(",", ""))


def to_json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as an int when whole, else a float; None stays None."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def yuan(text: str, default_unit: str) -> int | float | None:
    """A printed amount in yuan, using the unit written in the cell or the form's money unit."""
    number = parse_number(text)
    if number is None:
        return None
    unit = default_unit
    for name in ("亿元", "万元", "元"):
        if name in text:
            unit = name
            break
    return to_json_number(number * MONEY_UNITS[unit])


# --------------------------------------------------------------------------- layout


def level_runs(values: Sequence[str]) -> list[tuple[int, int]]:
    """(start, length) of each run of equal consecutive values."""
    runs: list[tuple[int, int]] = []
    for i, value in enumerate(values):
        if runs and values[runs[-1][0]] == value:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


def indicator_cell(ind: dict[str, Any], key: str) -> str:
    """The printed text of one indicator cell."""
    if key in ("op", "value", "unit_cell"):
        return ind["cells"][("op", "value", "unit_cell").index(key)]
    if key == "target":
        return ind.get("target_print", ind.get("target")) or ""
    if key in ("weight", "score"):
        printed = ind.get(f"{key}_print")
        return printed if printed is not None else fmt(ind.get(key))
    value = ind.get(key)
    return "" if value is None else str(value)


def indicator_columns(src: dict[str, Any], block: dict[str, Any]) -> list[tuple[int, int]]:
    """Grid positions (col, span) of an indicators block's own columns."""
    start = 1 + (2 if block.get("levels", True) else 0)
    return spread(len(block["cols"]), start, src["_ncols"])


def add_indicators(grid: Grid, src: dict[str, Any], block: dict[str, Any]) -> None:
    """The indicator grid: section label, 一级/二级 merged runs, one row per indicator."""
    levels = block.get("levels", True)
    cols = block["cols"]
    positions = indicator_columns(src, block)
    rows = src[block.get("source", "indicators")]
    grouped = any(len(col) > 2 for col in cols)
    head_rows = 2 if grouped else 1
    top = grid.nrows
    grid.put(Cell(top, 0, block.get("label", "绩效指标"), rowspan=head_rows + len(rows), bold=True))
    if levels:
        for i, head in enumerate(block.get("level_heads", ["一级指标", "二级指标"])):
            grid.put(Cell(top, 1 + i, head, rowspan=head_rows, bold=True))
    done_groups: set[str] = set()
    for (_key, head, *group), (col, span) in zip(cols, positions, strict=True):
        if group:
            name = group[0]
            members = [
                p for c, p in zip(cols, positions, strict=True) if len(c) > 2 and c[2] == name
            ]
            if name not in done_groups:
                grid.put(
                    Cell(top, members[0][0], name, colspan=sum(s for _, s in members), bold=True)
                )
                done_groups.add(name)
            grid.put(Cell(top + 1, col, head, colspan=span, bold=True))
        else:
            grid.put(Cell(top, col, head, rowspan=head_rows, colspan=span, bold=True))
    first = top + head_rows
    if levels:
        labels = block.get("level1_labels", {})
        l1s = [ind["level1"] or "" for ind in rows]
        for start, length in level_runs(l1s):
            text = labels.get(l1s[start], l1s[start])
            grid.put(Cell(first + start, 1, text, rowspan=length))
        l2s = [f"{ind['level1']}\x00{ind['level2'] or ''}" for ind in rows]
        for start, length in level_runs(l2s):
            grid.put(Cell(first + start, 2, rows[start]["level2"] or "", rowspan=length))
    for i, ind in enumerate(rows):
        for (key, *_), (col, span) in zip(cols, positions, strict=True):
            grid.put(Cell(first + i, col, indicator_cell(ind, key), colspan=span))


def add_funds(grid: Grid, src: dict[str, Any], block: dict[str, Any]) -> None:
    """The funds block: label column, a header row, one row per funds line."""
    ncols = src["_ncols"]
    label_width = block.get("label_width", 2 if ncols >= 9 else 1)
    n_values = len(block["headers"]) + (1 if "note" in block else 0)
    positions = spread(n_values, 1 + label_width, ncols)
    top = grid.nrows
    rows = block["rows"]
    grid.put(Cell(top, 0, block["label"], rowspan=1 + len(rows), bold=True))
    grid.put(Cell(top, 1, block.get("corner", ""), colspan=label_width, bold=True))
    heads = [*block["headers"], *([block["note"]["header"]] if "note" in block else [])]
    for head, (col, span) in zip(heads, positions, strict=True):
        grid.put(Cell(top, col, head, colspan=span, bold=True))
    for i, row in enumerate(rows):
        r = top + 1 + i
        grid.put(Cell(r, 1, row["label"], colspan=label_width))
        for text, (col, span) in zip(row["cells"], positions, strict=False):
            grid.put(Cell(r, col, text, colspan=span))
    if "note" in block:
        col, span = positions[-1]
        grid.put(Cell(top + 1, col, block["note"]["text"], rowspan=len(rows), colspan=span))


def add_total(grid: Grid, src: dict[str, Any], block: dict[str, Any]) -> None:
    """The 总分 / 合计 row, its numbers under the indicator grid's 分值 and 得分 columns."""
    ind_block = next(b for b in src["blocks"] if b["type"] == "indicators")
    positions = dict(
        zip((c[0] for c in ind_block["cols"]), indicator_columns(src, ind_block), strict=True)
    )
    fixed = sorted(
        (positions[key], block.get(key, ""))
        for key in ("weight", "score")
        if key in positions and key in block
    )
    r = grid.nrows
    first_col = fixed[0][0][0]
    grid.put(Cell(r, 0, block.get("label", "总分"), colspan=first_col, bold=True))
    col = first_col
    for (fcol, span), text in fixed:
        if fcol > col:
            grid.put(Cell(r, col, "", colspan=fcol - col))
        grid.put(Cell(r, fcol, text, colspan=span))
        col = fcol + span
    if col < src["_ncols"]:
        grid.put(Cell(r, col, block.get("rest", ""), colspan=src["_ncols"] - col))


def add_table(grid: Grid, block: dict[str, Any]) -> None:
    """Free rows of label/text cells, as written in the source."""
    top = grid.nrows
    for i, items in enumerate(block["rows"]):
        place_row(grid, top + i, items)
        grid.nrows = max(grid.nrows, top + i + 1)


def form_ncols(src: dict[str, Any]) -> int:
    """Grid width: section label + 一级/二级 + the first indicator block's columns."""
    block = next(b for b in src["blocks"] if b["type"] == "indicators")
    own = 1 + (2 if block.get("levels", True) else 0) + len(block["cols"])
    return max(own, src.get("ncols", 0))


def build_form(src: dict[str, Any]) -> FormDoc:
    """Lay a source out as heading lines, a merged-cell grid and note lines."""
    src["_ncols"] = form_ncols(src)
    grid = Grid(src["_ncols"])
    try:
        add_blocks(grid, src)
    except ValueError as error:
        raise ValueError(f"{src['name']}: {error}") from error
    grid.fill_gaps()
    return FormDoc(
        src["name"], list(src["heading"]), src["title"], grid, list(src.get("notes", []))
    )


def add_blocks(grid: Grid, src: dict[str, Any]) -> None:
    """Append each block of the source to the grid, top to bottom."""
    for block in src["blocks"]:
        kind = block["type"]
        if kind == "table":
            add_table(grid, block)
        elif kind == "funds":
            add_funds(grid, src, block)
        elif kind == "indicators":
            add_indicators(grid, src, block)
        elif kind == "total":
            add_total(grid, src, block)
        else:
            raise ValueError(f"unknown block type {kind}")


# --------------------------------------------------------------------------- plain text writers


def flat(text: str) -> str:
    """Cell text on one line."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def txt_pipe(doc: FormDoc) -> str:
    """Each grid row's cells joined by " | ", as copied from a web page."""
    lines = [*doc.heading]
    for row in doc.grid.rows():
        lines.append(" | ".join(flat(c.text) for c in row))
    lines.extend(doc.notes)
    return "\n".join(lines) + "\n"


def txt_lines(doc: FormDoc) -> str:
    """One non-empty cell per line, as a PDF or web page text dump gives it."""
    lines = [*doc.heading]
    for row in doc.grid.rows():
        lines.extend(c.text for c in row if c.text.strip())
    lines.extend(doc.notes)
    return "\n".join(lines) + "\n"


def txt_spaces(doc: FormDoc, width: int = 100) -> str:
    """Cells run together with single spaces, lines broken only between cells."""
    words = [flat(c.text) for row in doc.grid.rows() for c in row if c.text.strip()]
    lines = [" ".join(doc.heading)]
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    lines.extend(doc.notes)
    return "\n".join(lines) + "\n"


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write text in the given encoding; GB18030 copies get Windows line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    newline = "\r\n" if encoding == "gb18030" else "\n"
    path.write_bytes(text.replace("\n", newline).encode(encoding))


# --------------------------------------------------------------------------- html / markdown


def html_table(grid: Grid, attrs: str = ' border="1" cellspacing="0" cellpadding="4"') -> str:
    """The grid as an HTML table with rowspan/colspan."""
    out = [f"<table{attrs}>"]
    for row in grid.rows():
        tds = []
        for c in row:
            span = ""
            if c.rowspan > 1:
                span += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                span += f' colspan="{c.colspan}"'
            text = html.escape(c.text).replace("\n", "<br>")
            tds.append(f"<td{span}>{text}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_page(doc: FormDoc, meta: Sequence[str]) -> str:
    """A government-site style page: index box, title, the table, notes."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(doc.title)}</title>",
        "<style>body{font-family:SimSun,serif;font-size:14px}"
        "table{border-collapse:collapse;margin:8px auto}"
        "td{border:1px solid #333;padding:3px 5px;text-align:center}"
        ".meta td{border:none;text-align:left;color:#555}"
        "h2{text-align:center}</style>",
        "</head>",
        "<body>",
        '<div class="nav">首页 &gt; 政务公开 &gt; 财政预决算 &gt; 绩效管理</div>',
    ]
    if meta:
        parts.append('<table class="meta">')
        parts.extend(f"<tr><td>{esc(line)}</td></tr>" for line in meta)
        parts.append("</table>")
    parts.append('<div class="article">')
    for line in doc.heading:
        tag = "h2" if line == doc.title else "p"
        parts.append(f'<{tag} style="text-align:center">{esc(line)}</{tag}>')
    parts.append(html_table(doc.grid))
    parts.extend(f"<p>{esc(line)}</p>" for line in doc.notes)
    parts += ["</div>", '<div class="footer">主办单位：本站　　技术支持：信息中心</div>']
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def markdown(doc: FormDoc) -> str:
    """Markdown as a PDF-to-Markdown tool writes it: headings, then the table in HTML."""
    lines = []
    for line in doc.heading:
        lines.append(f"# {line}" if line == doc.title else line)
        lines.append("")
    lines.append(html_table(doc.grid, attrs="").replace("\n", ""))
    lines.append("")
    for line in doc.notes:
        lines += [line, ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- xlsx

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUM_RE = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
PCT_RE = re.compile(r"^-?\d+(?:\.\d+)?%$")


def xlsx_value(text: str, numeric: bool) -> tuple[Any, str | None]:
    """The cell value and number format: numbers as numbers when ``numeric``, else text."""
    if not numeric:
        return text, None
    if NUM_RE.match(text):
        decimals = len(text.split(".")[1]) if "." in text else 0
        grouping = "#,##0" if "," in text else "0"
        number_format = grouping + ("." + "0" * decimals if decimals else "")
        value = Decimal(text.replace(",", ""))
        return (int(value) if decimals == 0 else float(value)), number_format
    if PCT_RE.match(text):
        body = text[:-1]
        decimals = len(body.split(".")[1]) if "." in body else 0
        value = Decimal(body) / 100
        return float(value), "0" + ("." + "0" * decimals if decimals else "") + "%"
    return text, None


def column_widths(doc: FormDoc) -> list[float]:
    """Column widths from the longest single-column text, kept between 6 and 28."""
    widths = [6.0] * doc.grid.ncols
    for cell in doc.grid.cells:
        if cell.colspan == 1:
            longest = max((len(part) for part in cell.text.splitlines()), default=0)
            widths[cell.col] = max(widths[cell.col], min(28.0, longest * 1.9 + 2))
    return widths


def write_form_rows(ws: Any, doc: FormDoc, top: int, numeric: bool) -> int:
    """Write heading, grid and notes from sheet row ``top`` (1-based); return the last row."""
    ncols = doc.grid.ncols
    row = top
    for line in doc.heading:
        ws.cell(row=row, column=1, value=line)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        big = line == doc.title
        ws.cell(row=row, column=1).font = Font(name=FONT, size=16 if big else 10, bold=big)
        ws.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[row].height = 26 if big else 15
        row += 1
    base = row
    for cell in doc.grid.cells:
        r, c = base + cell.row, 1 + cell.col
        value, number_format = xlsx_value(cell.text, numeric)
        target = ws.cell(row=r, column=c, value=value)
        if number_format:
            target.number_format = number_format
        target.font = Font(name=FONT, size=10, bold=cell.bold)
        target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for rr in range(r, r + cell.rowspan):
            for cc in range(c, c + cell.colspan):
                ws.cell(row=rr, column=cc).border = BOX
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=r,
                start_column=c,
                end_row=r + cell.rowspan - 1,
                end_column=c + cell.colspan - 1,
            )
    set_row_heights(ws, doc, base)
    row = base + doc.grid.nrows
    for line in doc.notes:
        ws.cell(row=row, column=1, value=line).font = Font(name=FONT, size=9)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 * (1 + len(line) // (ncols * 9))
        row += 1
    return row - 1


def set_row_heights(ws: Any, doc: FormDoc, base: int) -> None:
    """Row heights tall enough for wrapped text (LibreOffice does not grow them on its own)."""
    widths = column_widths(doc)
    lines = [1] * doc.grid.nrows
    for cell in doc.grid.cells:
        width = sum(widths[cell.col : cell.col + cell.colspan])
        per_line = max(1, int(width / 1.9))
        need = sum(-(-max(1, len(part)) // per_line) for part in (cell.text or " ").splitlines())
        share = -(-need // cell.rowspan)
        for r in range(cell.row, cell.row + cell.rowspan):
            lines[r] = max(lines[r], share)
    for i, count in enumerate(lines):
        ws.row_dimensions[base + i].height = 14 * count + 2


def setup_sheet(ws: Any, widths: Sequence[float]) -> None:
    """Landscape A4, fit to one page wide, column widths."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def new_workbook() -> Any:
    """A workbook with fixed document properties."""
    wb = openpyxl.Workbook()
    wb.properties.creator = "jixiao corpus"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def write_xlsx(path: Path, doc: FormDoc, numeric: bool, sheet: str = "Sheet1") -> None:
    """One form on one sheet."""
    wb = new_workbook()
    ws = wb.active
    ws.title = sheet
    write_form_rows(ws, doc, 1, numeric)
    setup_sheet(ws, column_widths(doc))
    save_zip(wb.save, path)


def write_workbook_many(path: Path, docs: Sequence[FormDoc], sheet: str) -> list[tuple[int, int]]:
    """Several forms down one sheet, two empty rows apart; returns each form's row range."""
    wb = new_workbook()
    ws = wb.active
    ws.title = sheet
    ranges = []
    row = 1
    widths = [6.0] * max(d.grid.ncols for d in docs)
    for doc in docs:
        last = write_form_rows(ws, doc, row, numeric=True)
        ranges.append((row, last))
        widths = [max(a, b) for a, b in zip(widths, column_widths(doc) + [6.0] * 20, strict=False)]
        row = last + 3
    setup_sheet(ws, widths)
    save_zip(wb.save, path)
    return ranges


# --------------------------------------------------------------------------- docx


def set_run_font(run: Any, size: float, bold: bool = False) -> None:
    """宋体 for Latin and East Asian text."""
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def landscape(document: Any) -> None:
    """A4 landscape with narrow margins."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.2))


def add_paragraph(
    document: Any, text: str, size: float = 10.5, bold: bool = False, center: bool = False
) -> Any:
    """A paragraph with one run."""
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(2)
    set_run_font(paragraph.add_run(text), size, bold)
    return paragraph


def add_docx_table(document: Any, doc: FormDoc, size: float = 8) -> None:
    """The grid as a Word table with merged cells, columns as wide as their text needs."""
    grid = doc.grid
    table = document.add_table(rows=grid.nrows, cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = column_widths(doc)
    scale = 26.5 / sum(widths)
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width * scale)
        for row in table.rows:
            row.cells[i].width = Cm(width * scale)
    for cell in grid.cells:
        target = table.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(
                table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
            )
        paragraph = target.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(paragraph.add_run(cell.text), size, cell.bold)


def add_form_to_docx(document: Any, doc: FormDoc, heading: Sequence[str] | None = None) -> None:
    """Heading lines, the table and the notes of one form."""
    for line in heading if heading is not None else doc.heading:
        big = line == doc.title or line.endswith("自评表")
        add_paragraph(document, line, size=15 if big else 10.5, bold=big, center=True)
    add_docx_table(document, doc)
    for line in doc.notes:
        add_paragraph(document, line, size=8)


def new_docx() -> Any:
    """A landscape document with fixed core properties."""
    document = Document()
    landscape(document)
    props = document.core_properties
    props.author = "jixiao corpus"
    props.created = props.modified = FIXED_TIME
    props.last_modified_by = "jixiao corpus"
    props.revision = 1
    return document


def write_docx(path: Path, doc: FormDoc) -> None:
    """One form as a Word document."""
    document = new_docx()
    add_form_to_docx(document, doc)
    save_zip(document.save, path)


def page_break(document: Any) -> None:
    """Start a new page."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def write_appendix_docx(
    path: Path, docs: Sequence[FormDoc], srcs: Sequence[dict[str, Any]]
) -> None:
    """A 决算 publication's appendix: a preface page, then one form per page."""
    document = new_docx()
    add_paragraph(document, "附件", size=14, bold=True)
    add_paragraph(document, "项目支出绩效自评表汇编", size=20, bold=True, center=True)
    add_paragraph(
        document,
        "本附件按项目逐一收录各预算单位填报的项目支出绩效自评表，每张表单独成页。"
        "表中数据以单位填报为准，金额单位以各表标注为准。",
    )
    for i, src in enumerate(srcs, start=1):
        add_paragraph(document, f"{i}. {src['project']}", size=10)
    for doc, src in zip(docs, srcs, strict=True):
        page_break(document)
        heading = [f"{src['year']}年度项目支出绩效自评表", f"项目名称：{src['project']}"]
        add_form_to_docx(document, doc, heading)
    save_zip(document.save, path)


# --------------------------------------------------------------------------- files, zips, pdf


CORE_DATE_RE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def save_zip(save: Any, path: Path) -> None:
    """Save an OOXML package, then rewrite it with fixed entry times so bytes are stable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    save(str(tmp))
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = CORE_DATE_RE.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", data)
            dst.writestr(fixed, data)
    tmp.unlink()


PDF_DATE_RE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:[^)]*\)")
PDF_ID_RE = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
PDF_SUM_RE = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
XMP_DATE_RE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(</xmp:)")


def normalise_pdf(path: Path) -> None:
    """Replace dates, document IDs and checksum by fixed values of the same length (offsets stay valid)."""
    data = path.read_bytes()

    def date(match: re.Match[bytes]) -> bytes:
        whole = match.group(0)
        stamp = b"D:20240101000000"
        head = whole[: whole.index(b"(D:")]
        body_len = len(whole) - len(head) - 2
        return head + b"(" + stamp[:body_len].ljust(body_len, b"0") + b")"

    def ident(match: re.Match[bytes]) -> bytes:
        first, second = match.group(1), match.group(2)
        return match.group(0).replace(first, b"0" * len(first)).replace(second, b"0" * len(second))

    def xmp(match: re.Match[bytes]) -> bytes:
        value = match.group(2)
        fixed = b"2024-01-01T00:00:00Z"[: len(value)].ljust(len(value), b" ")
        return match.group(1) + fixed + match.group(3)

    data = PDF_DATE_RE.sub(date, data)
    data = PDF_ID_RE.sub(ident, data)
    data = PDF_SUM_RE.sub(lambda m: m.group(0).replace(m.group(1), b"0" * len(m.group(1))), data)
    data = XMP_DATE_RE.sub(xmp, data)
    path.write_bytes(data)


def to_pdf(source: Path, target: Path) -> None:
    """Convert an XLSX or DOCX with LibreOffice into ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        done = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        produced = Path(tmp) / (source.stem + ".pdf")
        if not produced.exists():  # soffice exits 0 even when it cannot load the file
            message = done.stderr.decode("utf-8", "replace").strip()
            raise RuntimeError(f"LibreOffice did not convert {source.name}: {message}")
        shutil.move(produced, target)
    normalise_pdf(target)


def pdf_pages(path: Path) -> list[str]:
    """Each page's text without white space (pdfplumber is one of jixiao's own dependencies)."""
    import pdfplumber  # only the appendix needs it

    with pdfplumber.open(path) as pdf:
        return [re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages]


def appendix_page_ranges(
    pages: Sequence[str], srcs: Sequence[dict[str, Any]]
) -> list[tuple[int, int]]:
    """(first, last) page of each form: a form starts on the page that opens with its heading."""
    starts = []
    page = 1  # page 1 is the preface
    for src in srcs:
        heading = f"{src['year']}年度项目支出绩效自评表项目名称：{src['project']}"
        page += 1
        while page <= len(pages) and not pages[page - 1].startswith(re.sub(r"\s+", "", heading)):
            page += 1
        if page > len(pages):
            raise RuntimeError(f"appendix: no page starts with the heading of {src['name']}")
        starts.append(page)
    ends = [start - 1 for start in starts[1:]] + [len(pages)]
    return list(zip(starts, ends, strict=True))


# --------------------------------------------------------------------------- gold


def clean_label(label: str) -> str:
    """A funds row's label without "其中：" and trailing colons."""
    label = re.sub(r"^\s*其中[：:]\s*", "", label)
    return label.strip().rstrip("：:").strip()


def funds_rows_gold(src: dict[str, Any]) -> list[dict[str, Any]]:
    """The funds rows as numbers: written by hand in the source, or read from its funds block."""
    if "funds_rows" in src:
        return src["funds_rows"]
    rows = []
    for block in src["blocks"]:
        if block["type"] != "funds" or not block.get("gold", True):
            continue
        keys = block["keys"]
        for row in block["rows"]:
            printed = dict(zip(keys, row["cells"], strict=False))
            entry: dict[str, Any] = {"label": clean_label(row["label"])}
            for key in ("initial", "budget", "spent"):
                entry[f"{key}_yuan"] = yuan(printed.get(key, ""), src["money_unit"])
            if "weight" in printed:
                entry["weight"] = to_json_number(parse_number(printed["weight"]))
            else:  # a weight printed in the block's label, e.g. 预算执行情况（20分）
                entry["weight"] = row.get("gold_weight")
            entry["rate"] = to_json_number(parse_number(printed.get("rate", "")))
            entry["score"] = to_json_number(parse_number(printed.get("score", "")))
            rows.append(entry)
    return rows


INDICATOR_KEYS = (
    "level1",
    "level2",
    "name",
    "operator",
    "target",
    "target_value",
    "unit",
    "actual",
    "actual_value",
    "weight",
    "score",
    "reason",
)


def indicators_gold(src: dict[str, Any]) -> list[dict[str, Any]]:
    """The indicator rows the form really gives (placeholders and non-gold blocks left out)."""
    out = []
    for block in src["blocks"]:
        if block["type"] != "indicators" or not block.get("gold", True):
            continue
        for ind in src[block.get("source", "indicators")]:
            if ind.get("placeholder"):
                continue
            out.append({key: ind.get(key) for key in INDICATOR_KEYS})
    return out


def record_gold(src: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    """The record a careful reader takes from the form."""
    return {
        "kind": src["kind"],
        "title": title or src["title"],
        "project": src.get("project"),
        "year": src.get("year"),
        "unit": src.get("unit"),
        "department": src.get("department"),
        "total_score": src.get("total_score"),
        "grade": src.get("grade"),
        "funds_rows": funds_rows_gold(src),
        "indicators": indicators_gold(src),
    }


def write_json(path: Path, data: Any) -> None:
    """Pretty JSON, UTF-8, stable key order as given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- driver

FORMAT_PATHS = {
    "xlsx": "xlsx/{name}.xlsx",
    "docx": "docx/{name}.docx",
    "html": "html/{name}.html",
    "md": "md/{name}.md",
    "txt_pipe": "txt/{name}_pipe.txt",
    "txt_lines": "txt/{name}_lines.txt",
    "txt_spaces": "txt/{name}_spaces.txt",
    "pdf_xlsx": "pdf/{name}.pdf",
    "pdf_docx": "pdf/{name}.pdf",
}
TEXT_WRITERS = {"txt_pipe": txt_pipe, "txt_lines": txt_lines, "txt_spaces": txt_spaces}


def load_sources() -> list[dict[str, Any]]:
    """All sources, sorted by name."""
    srcs = []
    for path in sorted(SRC_DIR.glob("*.json")):
        src = json.loads(path.read_text(encoding="utf-8"))
        if src["name"] != path.stem:
            raise ValueError(f"{path}: name {src['name']!r} differs from the file name")
        srcs.append(src)
    return srcs


def render_one(src: dict[str, Any], doc: FormDoc, pdf: bool, tmp: Path) -> list[str]:
    """Write every single-form format the source asks for; return the written paths."""
    written = []
    numeric = bool(src.get("xlsx_numeric"))
    encodings = src.get("encodings", {})
    for fmt_name in src["formats"]:
        rel = "corpus/forms/" + FORMAT_PATHS[fmt_name].format(name=src["name"])
        path = ROOT / rel
        if fmt_name == "xlsx":
            write_xlsx(path, doc, numeric)
        elif fmt_name == "docx":
            write_docx(path, doc)
        elif fmt_name == "html":
            write_text(path, html_page(doc, src.get("html_meta", [])))
        elif fmt_name == "md":
            write_text(path, markdown(doc))
        elif fmt_name in TEXT_WRITERS:
            write_text(path, TEXT_WRITERS[fmt_name](doc), encodings.get(fmt_name, "utf-8"))
        elif fmt_name in ("pdf_xlsx", "pdf_docx"):
            if not pdf:
                continue
            interim = tmp / f"{src['name']}.{fmt_name[4:]}"
            if fmt_name == "pdf_xlsx":
                write_xlsx(interim, doc, numeric)
            else:
                write_docx(interim, doc)
            to_pdf(interim, path)
        written.append(rel)
    return written


def build_appendix(srcs: Sequence[dict[str, Any]], docs: Sequence[FormDoc], tmp: Path) -> None:
    """The multi-form PDF and its gold file."""
    rel = f"corpus/forms/pdf/{APPENDIX_NAME}.pdf"
    interim = tmp / f"{APPENDIX_NAME}.docx"
    write_appendix_docx(interim, docs, srcs)
    to_pdf(interim, ROOT / rel)
    ranges = appendix_page_ranges(pdf_pages(ROOT / rel), srcs)
    records: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    negatives: list[dict[str, Any]] = []
    for src, (first, last) in zip(srcs, ranges, strict=True):
        title = f"{src['year']}年度项目支出绩效自评表"
        records.append(
            {
                "page_start": first,
                "page_end": last,
                "source": src["name"],
                "record": record_gold(src, title),
            }
        )
        document = {"project": src["project"], "page": first}
        findings += [{**finding, "document": document} for finding in src.get("findings", [])]
        negatives += [{**finding, "document": document} for finding in src.get("traps", [])]
    write_json(
        GOLD_DIR / f"{APPENDIX_NAME}.json",
        {
            "name": APPENDIX_NAME,
            "files": [rel],
            "records": records,
            "findings": findings,
            "negative_findings": negatives,
        },
    )


def build_workbook(srcs: Sequence[dict[str, Any]], docs: Sequence[FormDoc]) -> None:
    """The workbook with several forms down one sheet and its gold file."""
    rel = f"corpus/forms/xlsx/{WORKBOOK_NAME}.xlsx"
    sheet = "部门预算项目支出绩效自评表"
    ranges = write_workbook_many(ROOT / rel, docs, sheet)
    records: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    negatives: list[dict[str, Any]] = []
    for src, (first, last) in zip(srcs, ranges, strict=True):
        records.append(
            {
                "sheet": sheet,
                "row_start": first,
                "row_end": last,
                "source": src["name"],
                "record": record_gold(src),
            }
        )
        document = {"project": src["project"], "sheet": sheet, "row": first}
        findings += [{**finding, "document": document} for finding in src.get("findings", [])]
        negatives += [{**finding, "document": document} for finding in src.get("traps", [])]
    write_json(
        GOLD_DIR / f"{WORKBOOK_NAME}.json",
        {
            "name": WORKBOOK_NAME,
            "files": [rel],
            "records": records,
            "findings": findings,
            "negative_findings": negatives,
        },
    )


def main(argv: Iterable[str] | None = None) -> int:
    """Render every source, the two multi-form documents and all gold files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="skip LibreOffice conversions")
    args = parser.parse_args(list(argv) if argv is not None else None)
    pdf = not args.no_pdf and shutil.which("soffice") is not None
    if not args.no_pdf and not pdf:
        print("soffice not found: PDFs are skipped", file=sys.stderr)
    srcs = load_sources()
    docs = {src["name"]: build_form(src) for src in srcs}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for src in srcs:
            files = render_one(src, docs[src["name"]], pdf, tmp)
            write_json(
                GOLD_DIR / f"{src['name']}.json",
                {
                    "name": src["name"],
                    "files": files,
                    "record": record_gold(src),
                    "findings": src.get("findings", []),
                    "negative_findings": src.get("traps", []),
                },
            )
            print(f"{src['name']}: {len(files)} files")
        in_book = [s for s in srcs if s.get("workbook")]
        if in_book:
            build_workbook(in_book, [docs[s["name"]] for s in in_book])
        if pdf and any(s.get("appendix") for s in srcs):
            in_appendix = [s for s in srcs if s.get("appendix")]
            build_appendix(in_appendix, [docs[s["name"]] for s in in_appendix], tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
