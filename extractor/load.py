"""Read a file of any supported format into a Document: lines and tables with provenance.

The loader is the only place that knows file formats. Everything after it sees
normalised lines (with page and line numbers) and tables (rows of cells).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import zipfile
from pathlib import Path

from .model import Document, Line, Row, Table
from .normalize import clean_line, is_page_number
from .tables import assign_captions, rows_to_tables, tables_from_lines


class ExtractionError(Exception):
    """The file cannot be read as a document; the message says why, in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(" ".join(str(reason).split()))  # one line, whatever a library said


SUPPORTED = {".pdf", ".txt", ".text", ".docx", ".md", ".markdown", ".html", ".htm", ".xlsx", ".xls"}


def load(path: str | Path, *, password: str | None = None, ocr: bool = False) -> Document:
    """Read PDF, TXT (any common Chinese encoding), DOCX, Markdown or HTML into a Document."""
    path = Path(path)
    if not path.exists():
        raise ExtractionError(f"file not found: {path}")
    data = path.read_bytes()
    if not data:
        raise ExtractionError("empty file")
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        from .pdf import load_pdf

        doc = load_pdf(path, data, password=password, ocr=ocr)
    elif suffix == ".docx":
        doc = _load_docx(path, data)
    elif suffix == ".xlsx":
        from .sheets import load_xlsx

        doc = load_xlsx(path)
    elif suffix == ".xls":
        from .sheets import load_xls

        doc = load_xls(path)
    elif suffix in {".txt", ".text", ".md", ".markdown"}:
        doc = _load_text(path, data)
    elif suffix in {".html", ".htm"}:
        from .html import load_html

        doc = load_html(path, decode_text(data))
    else:
        raise ExtractionError(f"unsupported file type: {suffix or 'no extension'}")
    doc.sha256 = digest
    return doc


# -- text -------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode bytes whose encoding is unknown: BOMs first, then UTF-8, UTF-16, GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A damaged pair (a lone surrogate) must not lose the document: it reads as U+FFFD.
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:4000]
    if sample.count(b"\x00") > len(sample) // 4:
        even_zero = sample[1::2].count(b"\x00") > sample[0::2].count(b"\x00")
        try:
            return data.decode("utf-16-le" if even_zero else "utf-16-be")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractionError("binary file: no text encoding fits")
    return str(best)


def _looks_binary(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text[:5000] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return bad > max(20, len(text[:5000]) // 50)


def _load_text(path: Path, data: bytes) -> Document:
    text = decode_text(data)
    if _looks_binary(text):
        raise ExtractionError("binary file: not readable as text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = paginate(text.split("\n"))
    if path.suffix.lower() in {".md", ".markdown"} and "<table" in text.lower():
        from .html import tables_from_markdown_html

        lines, tables = tables_from_markdown_html(lines)
    else:
        tables = tables_from_lines(lines)
    pages = max((ln.page or 1 for ln in lines), default=1)
    return Document(str(path), "txt", pages, lines, tables)


def paginate(raw_lines: list[str]) -> list[Line]:
    """Number lines and pages; drop running headers and page numbers; clean each line.

    A running header is a line of eight or more characters printed on several
    pages, at least once right above a bare page number; both are dropped and
    the printed page number becomes the page. Without printed numbers, a page
    ends at a form feed or a run of three or more blank lines.
    """
    cleaned = [clean_line(raw.replace("\f", "")).strip() for raw in raw_lines]
    where: dict[str, list[int]] = {}
    numbers: dict[str, list[int]] = {}
    for i, text in enumerate(cleaned):
        if len(text) >= 8 and "\t" not in text:
            where.setdefault(text, []).append(i)
            nxt = _next_nonblank(cleaned, i)
            if nxt is not None and is_page_number(cleaned[nxt]):
                numbers.setdefault(text, []).append(int(re.search(r"\d+", cleaned[nxt]).group(0)))
    headers = {t for t, nums in numbers.items() if _looks_running(where[t], nums)}
    printed_numbers = bool(headers)

    out: list[Line] = []
    page, blank_run, after_header = 1, 0, False
    for i, raw in enumerate(raw_lines, start=1):
        if "\f" in raw:
            page += raw.count("\f")
        text = cleaned[i - 1]
        if not text:
            blank_run += 1
            if blank_run == 3 and not printed_numbers:
                page += 1
            out.append(Line("", page, i))
            continue
        blank_run = 0
        if text in headers:
            after_header = True
            out.append(Line("", page, i))
            continue
        if after_header and is_page_number(text):
            number = int(re.search(r"\d+", text).group(0))
            page = number  # a running header and its number open a new page
            out.append(Line("", page, i))
            after_header = False
            continue
        after_header = False
        out.append(Line(clean_line(raw.replace("\f", "")), page, i, raw.replace("\f", "").strip()))
    return out


def _looks_running(positions: list[int], page_numbers: list[int]) -> bool:
    """A running header recurs on pages far apart, and the numbers under it go up."""
    if len(positions) < 2:
        return False
    apart = all(b - a >= 15 for a, b in itertools.pairwise(positions))
    rising = all(b > a for a, b in itertools.pairwise(page_numbers))
    return apart and rising


def _next_nonblank(lines: list[str], i: int) -> int | None:
    for j in range(i + 1, min(i + 4, len(lines))):
        if lines[j].strip():
            return j
    return None


# -- docx -------------------------------------------------------------------


def _load_docx(path: Path, data: bytes) -> Document:
    if not zipfile.is_zipfile(path):
        raise ExtractionError("not a DOCX file: not a zip archive")
    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise ExtractionError(f"python-docx missing: {exc}") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise ExtractionError(f"not a readable DOCX file: {exc.__class__.__name__}") from exc

    lines: list[Line] = []
    tables: list[Table] = []
    number = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            number += 1
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
                lines.append(Line("\t".join(cells), None, number))
            tables.extend(rows_to_tables(rows, source="grid"))
    assign_captions(tables, lines)
    return Document(str(path), "docx", 1, lines, tables)
