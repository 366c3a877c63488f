"""Plain text and Markdown: lines numbered into pages, running headers and page numbers dropped.

Text is what PDF-to-text tools and web copies give: pages are recovered from
form feeds, printed page numbers under running headers, or runs of blank
lines. Markdown with HTML tables (as PDF-to-Markdown tools write it) keeps
its tables as grids.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import regex as re

from ..encoding import decode_text
from ..errors import ExtractionError
from ..model import Document, Line
from ..normalize import clean_line, is_page_number
from .base import Backend, LoadOptions

SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})


def sniff(head: bytes) -> bool:
    """Text has no signature: anything may be text."""
    return True


def _looks_binary(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text[:5000] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return bad > max(20, len(text[:5000]) // 50)


def load_text(path: Path, data: bytes, options: LoadOptions | None = None) -> Document:
    """A text or Markdown file: its lines, and the HTML tables a Markdown file carries."""
    text = decode_text(data)
    if _looks_binary(text):
        raise ExtractionError("binary file: not readable as text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = paginate(text.split("\n"))
    tables = []
    if path.suffix.lower() in {".md", ".markdown"} and "<table" in text.lower():
        from ..html import tables_from_markdown_html

        lines, tables = tables_from_markdown_html(lines)
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
    # header text: (line index, page number under it)
    numbers: dict[str, list[tuple[int, int]]] = {}
    for i, text in enumerate(cleaned):
        if len(text) >= 8 and "\t" not in text:
            where.setdefault(text, []).append(i)
            nxt = _next_nonblank(cleaned, i)
            if nxt is not None and is_page_number(cleaned[nxt]):
                number = int(re.search(r"\d+", cleaned[nxt]).group(0))
                numbers.setdefault(text, []).append((i, number))
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


MAX_PAGE_LINES = 120  # a printed page holds at most this many text lines (blank ones included)


def _looks_running(positions: list[int], numbered: list[tuple[int, int]]) -> bool:
    """A running header recurs on pages far apart, and the numbers under it go up, at least
    two of them and at a plausible number of lines a page: a cell repeated in two tables
    with a number under it (a table typed one cell per line) is no page header."""
    if len(positions) < 2 or len(numbered) < 2:
        return False
    apart = all(b - a >= 15 for a, b in itertools.pairwise(positions))
    paged = all(
        n2 > n1 and (p2 - p1) <= MAX_PAGE_LINES * (n2 - n1)
        for (p1, n1), (p2, n2) in itertools.pairwise(numbered)
    )
    return apart and paged


def _next_nonblank(lines: list[str], i: int) -> int | None:
    for j in range(i + 1, min(i + 4, len(lines))):
        if lines[j].strip():
            return j
    return None


BACKEND = Backend("text", SUFFIXES, sniff, load_text)
