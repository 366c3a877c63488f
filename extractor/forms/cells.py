"""A form segment's lines as rows of cells, and a row's evidence.

Two readings of the same lines: rows whose cells keep their column positions
(a grid row of a PDF, DOCX, sheet or HTML table, a text copy's "|" row), and a
flat stream of every cell in reading order for copies that lost them (see
flat). Every record's evidence points back to the row it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..model import Evidence, Line
from ..normalize import clean_line
from .find import Segment


@dataclass
class Cell:
    text: str
    page: int | None
    line: int | None


# -- rows -----------------------------------------------------------------------------------


class FormRow(list):
    """A row of cells; `grid` when its cells keep their column positions (PDF, DOCX, sheets, HTML)."""

    grid: bool = False
    structured: bool = False  # cells in their columns: a grid row or a text copy's "|" row
    source: Line | None = None  # the line it was read from


def _rows(seg: Segment) -> tuple[list[FormRow], bool]:
    """The segment's cells by row, and whether rows keep their column positions."""
    rows: list[FormRow] = []
    structured = 0
    nonempty = 0
    ruled = any(ln.cells and ln.box is None for ln in seg.lines)
    for ln in seg.lines:
        text = ln.text
        if not text.strip():
            continue
        nonempty += 1
        if ruled and ln.cells is None and ln.box is not None and "\t" in text:
            # A line of text between the rows of a ruled table whose pieces stand apart (a
            # merged cell's text a page break cut out: "标\t标"): text, not a row.
            text = text.replace("\t", " ")
        grid = "\t" in text
        if grid:
            cells = text.split("\t")
            structured += 1
        elif "|" in text:
            cells = [c.strip() for c in text.split("|")]
            structured += 1
        else:
            cells = [(ln.raw or text).strip()]
        row = FormRow(
            Cell(clean_line(c).strip() if grid or "|" in text else c, ln.page, ln.number)
            for c in cells
        )
        row.grid = grid
        row.structured = grid or "|" in text
        row.source = ln
        rows.append(row)
    return rows, structured >= max(3, nonempty // 3)


def _flat_tokens(rows: list[list[Cell]]) -> list[Cell]:
    """A flat stream: every non-empty cell, spaces splitting cells run together."""
    out: list[Cell] = []
    for row in rows:
        for cell in row:
            for part in re.split(r"\s+", cell.text.strip()):
                part = clean_line(part).strip()
                if part:
                    out.append(Cell(part, cell.page, cell.line))
    return out


def _row_evidence(row: list[Cell]) -> Evidence:
    text = " | ".join(c.text for c in row if c.text)
    first = row[0] if row else Cell("", None, None)
    return Evidence(first.page, first.line, text)
