"""Word documents (.docx): paragraphs as lines, Word tables as grids, merged cells read once.

Word has no pages until it renders, so lines carry no page number; evidence
points to the paragraph or table row instead.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import ExtractionError
from ..model import Document, Line, Row, Table
from ..normalize import clean_line
from ..tables import assign_captions, rows_to_tables
from .base import Backend, LoadOptions

SUFFIXES = frozenset({".docx"})


def sniff(head: bytes) -> bool:
    """A DOCX is a zip archive (so is an XLSX: the suffix decides between them)."""
    return head.startswith(b"PK\x03\x04")


def load_docx(path: Path, data: bytes, options: LoadOptions | None = None) -> Document:
    """Paragraphs and tables in document order; a table row is also a tab-joined line."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExtractionError("not a DOCX file: not a zip archive")
    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise ExtractionError(f"python-docx missing: {exc}") from exc
    try:
        document = docx.Document(io.BytesIO(data))  # the bytes already read, not the path again
    except Exception as exc:
        raise ExtractionError(f"not a readable DOCX file: {exc.__class__.__name__}") from exc

    lines: list[Line] = []
    tables: list[Table] = []
    # Word tables one right under another, with no paragraph between, of the same width: one
    # table (a copy that kept each page's part of a long table apart, or its header apart).
    group: list[Row] = []
    number = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            number += 1
            tables.extend(rows_to_tables(group, source="grid"))
            group = []
            for part in Paragraph(child, document).text.split("\n"):
                lines.append(Line(clean_line(part), None, number))
        elif tag == "tbl":
            rows: list[Row] = []
            table = DocxTable(child, document)
            above: list[object] = []
            for tr in table.rows:
                number += 1
                cells, previous, current = [], None, []
                for col, c in enumerate(tr.cells):
                    # A merged cell comes back once per grid column and row it spans: keep it once,
                    # as PDF tables do (the rest of a merged cell reads as empty).
                    repeated = c._tc is previous or (col < len(above) and c._tc is above[col])
                    cells.append("" if repeated else clean_line(c.text.replace("\n", "")))
                    previous = c._tc
                    current.append(c._tc)
                above = current
                rows.append(Row(cells, None, number))
                lines.append(Line("\t".join(cells), None, number, cells=cells))
            if group and rows and len(rows[0].cells) != len(group[0].cells):
                tables.extend(rows_to_tables(group, source="grid"))
                group = []
            group.extend(rows)
    tables.extend(rows_to_tables(group, source="grid"))
    assign_captions(tables, lines)
    return Document(str(path), "docx", 1, lines, tables)


BACKEND = Backend("docx", SUFFIXES, sniff, load_docx)
