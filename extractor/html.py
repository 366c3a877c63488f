"""HTML pages and Markdown with HTML tables (as PDF-to-Markdown tools write them) into a Document.

Web copies of forms and reports put the tables in <table> elements with
rowspan/colspan; a spanned position reads as empty, as in a PDF table, so
every later parser sees the same grid whatever the source.
"""

from __future__ import annotations

from pathlib import Path

import regex as re

from .model import Document, Line, Row, Table
from .normalize import clean_line
from .tables import assign_captions, merge_page_tables, same_header

_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "br",
    "tr",
    "caption",
    "title",
    "section",
    "article",
}


def table_rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """A <table>'s cells as a grid: spans expanded, the spanned positions left empty."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], bool] = {}
    for r, tr in enumerate(table.find_all("tr")):
        row: list[str] = []
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while pending.pop((r, c), False):
                row.append("")
                c += 1
            text = clean_line(
                re.sub(r"\s*\n\s*", "", cell.get_text(" ", strip=True)).replace("\t", " ")
            )
            rowspan = _span(cell.get("rowspan"))
            colspan = _span(cell.get("colspan"))
            row.append(text)
            row.extend([""] * (colspan - 1))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    pending[(r + dr, c + dc)] = True
            c += colspan
        while pending.pop((r, c), False):
            row.append("")
            c += 1
        grid.append(row)
    return grid


def _span(value: object) -> int:
    try:
        return max(1, min(int(str(value)), 200))
    except (TypeError, ValueError):
        return 1


def load_html(path: Path, text: str) -> Document:
    """An HTML page: its text blocks as lines and its tables as grids, in document order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    lines: list[Line] = []
    tables: list[Table] = []
    body = soup.body or soup
    _walk(body, lines, tables)
    assign_captions(tables, lines)
    return Document(str(path), "html", 1, lines, merge_page_tables(tables))


def _walk(node, lines: list[Line], tables: list[Table]) -> None:  # type: ignore[no-untyped-def]
    from bs4 import NavigableString, Tag

    buffer: list[str] = []

    def flush() -> None:
        text = clean_line(_flowed("".join(buffer)))
        buffer.clear()
        for part in text.split("\n"):
            if part.strip():
                lines.append(Line(part.strip(), 1, len(lines) + 1))

    for child in node.children:
        if isinstance(child, NavigableString):
            buffer.append(str(child))  # inline runs join as printed: no space between them
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "table":
            flush()
            _add_table(child, lines, tables)
        elif child.name in _BLOCKS or child.find("table") is not None:
            flush()
            _walk(child, lines, tables)
            flush()
        else:
            buffer.append(child.get_text())
    flush()


def _flowed(text: str) -> str:
    """Text of a block as a browser lays it out: every run of white space, a line break in the
    source included, is one space (only a block or <br> ends a line; LibreOffice's HTML breaks
    its source lines mid-paragraph and pads with spaces where the document had tabs)."""
    return re.sub(r"\s+", " ", text).strip()


def _add_table(table, lines: list[Line], tables: list[Table]) -> None:  # type: ignore[no-untyped-def]
    rows: list[Row] = []
    for cells in table_rows(table):
        if not any(cells):
            continue
        number = len(lines) + 1
        lines.append(Line("\t".join(cells), 1, number, cells=cells))
        rows.append(Row(cells, 1, number))
    if rows:
        tables.append(Table(rows, source="grid"))


_TABLE_BLOCK = re.compile(r"<table\b.*?</table>", re.S | re.I)


def tables_from_markdown_html(lines: list[Line]) -> tuple[list[Line], list[Table]]:
    """Markdown whose tables are HTML: text lines stay, each <table> becomes grid rows in place."""
    from bs4 import BeautifulSoup

    out: list[Line] = []
    tables: list[Table] = []
    text_since_table = True
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<table" not in line.text.lower():
            out.append(Line(_markdown_text(line.text), line.page, line.number))
            text_since_table = text_since_table or bool(line.text.strip())
            i += 1
            continue
        # Gather the lines until the table closes.
        j = i
        chunk = []
        while j < len(lines):
            chunk.append(lines[j].text)
            if "</table>" in lines[j].text.lower():
                break
            j += 1
        html = "\n".join(chunk)
        before, _, _ = html.partition("<table")
        if before.strip():
            out.append(Line(_markdown_text(before), line.page, line.number))
        soup = BeautifulSoup(html, "html.parser")
        for table in soup.find_all("table"):
            rows: list[Row] = []
            for cells in table_rows(table):
                if any(cells):
                    rows.append(Row(cells, line.page, line.number))
                    out.append(Line("\t".join(cells), line.page, line.number, cells=cells))
            if not rows:
                continue
            if tables and not text_since_table:
                # A table cut where a PDF page ended: the next piece continues it (header repeated or not).
                previous = tables[-1]
                start = 1 if same_header(rows[0].cells, previous.header) else 0
                previous.rows.extend(rows[start:])
            else:
                tables.append(Table(rows, source="grid"))
            text_since_table = False
        i = j + 1
    assign_captions(tables, out)
    return out, tables


def _markdown_text(text: str) -> str:
    """Markdown markup that is not content: heading marks, emphasis, LaTeX-wrapped percentages."""
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    return clean_line(text)
