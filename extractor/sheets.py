"""Spreadsheets (XLSX, old XLS) into a Document: each sheet's rows as a grid table.

Budget platforms export forms as workbooks with merged cells: the value sits
in the top-left cell and the rest read as empty, as in a PDF table. Each row
also becomes a tab-joined line, so the form parser reads every format alike.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .model import Document, Line, Row, Table
from .normalize import clean_line


def _text(value: object, number_format: str = "") -> str:
    """A cell as a person sees it: integers without .0, percentages with %, dates as dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)):
        value = float(value)
        if "%" in number_format:
            decimals = number_format.split(".")[1].count("0") if "." in number_format else 0
            return f"{value * 100:.{decimals}f}%"
        if "0.00" in number_format:
            return f"{value:.{number_format.split('.')[1].count('0')}f}"
        return str(int(value)) if value.is_integer() else repr(value)
    return clean_line(str(value).replace("\t", " ").replace("\n", ""))


def load_xlsx(path: Path, data: bytes | None = None) -> Document:
    """Every sheet of a workbook; parsed from `data` (the bytes already read) when given."""
    from openpyxl import load_workbook

    from .errors import ExtractionError

    try:
        source = io.BytesIO(data) if data is not None else str(path)
        wb = load_workbook(source, data_only=True, read_only=False)
    except Exception as exc:
        raise ExtractionError(f"not a readable XLSX workbook ({exc.__class__.__name__})") from exc
    sheets = []
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            rows.append([_text(c.value, c.number_format or "") for c in row])
        sheets.append((ws.title, rows))
    return _document(path, "xlsx", sheets)


def load_xls(path: Path, data: bytes | None = None) -> Document:
    """Every sheet of an old workbook; parsed from `data` (the bytes already read) when given."""
    import xlrd

    from .errors import ExtractionError

    try:
        wb = xlrd.open_workbook(str(path), formatting_info=True, file_contents=data)
    except Exception as exc:
        try:
            wb = xlrd.open_workbook(str(path), file_contents=data)
        except Exception:
            raise ExtractionError(
                f"not a readable XLS workbook ({exc.__class__.__name__})"
            ) from exc
    sheets = []
    for sh in wb.sheets():
        rows = []
        for r in range(sh.nrows):
            cells = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                fmt = ""
                if cell.ctype == xlrd.XL_CELL_NUMBER and wb.formatting_info:
                    xf = wb.xf_list[cell.xf_index]
                    fmt = wb.format_map[xf.format_key].format_str
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value: object = xlrd.xldate_as_datetime(cell.value, wb.datemode)
                else:
                    value = cell.value if cell.value != "" else None
                cells.append(_text(value, fmt))
            rows.append(cells)
        # Cells inside a merged range other than its top-left read as empty, as in PDF tables.
        for rlo, rhi, clo, chi in sh.merged_cells:
            for r in range(rlo, rhi):
                for c in range(clo, chi):
                    if (r, c) != (rlo, clo) and r < len(rows) and c < len(rows[r]):
                        rows[r][c] = ""
        sheets.append((sh.name, rows))
    return _document(path, "xls", sheets)


def _document(path: Path, fmt: str, sheets: list[tuple[str, list[list[str]]]]) -> Document:
    lines: list[Line] = []
    tables: list[Table] = []
    number = 0
    for index, (name, rows) in enumerate(sheets, start=1):
        table_rows: list[Row] = []
        for cells in rows:
            number += 1
            while cells and not cells[-1]:
                cells = cells[:-1]
            if not any(cells):
                lines.append(Line("", index, number))
                continue
            table_rows.append(Row(cells, index, number))
            lines.append(Line("\t".join(cells), index, number, cells=cells))
        if table_rows:
            tables.append(Table(table_rows, caption=name, source="grid"))
        lines.append(Line("", index, number))
    return Document(str(path), fmt, len(sheets), lines, tables, sheets=[name for name, _ in sheets])
