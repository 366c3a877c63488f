"""PDF pages into lines and tables with pdfplumber, the way the text loader sees a TSV file.

Text outside tables becomes lines; each table row becomes one tab-joined line
at its place on the page, and the table itself is kept with its cells, so
prose parsers and table parsers see the same thing whatever the format.
Running headers and page numbers are dropped; tables split over pages are
joined.
"""

from __future__ import annotations

import io
import itertools
import logging
from collections import Counter
from pathlib import Path

import regex as re

from .errors import ExtractionError
from .gridsplit import split_stacked
from .model import Document, Line, Row, Table
from .normalize import canon, clean_line, is_page_number
from .overflow import overflow_texts
from .pdffast import cell_text, find_tables, prime, table_rows, text_lines
from .tables import assign_captions, merge_page_tables
from .vocabulary import FORM_TITLE

_WRAP = re.compile(r"\s*\n\s*")


def _cell(text: str | None) -> str:
    """A table cell's text: lines re-joined (CJK wraps have no space), spaces normalised."""
    if not text:
        return ""
    return clean_line(_WRAP.sub("", text))


def load_pdf(
    path: Path, data: bytes, *, password: str | None = None, ocr: bool = False
) -> Document:
    """Read a PDF: text lines, tables (joined over pages), page numbers.

    Pages with no text layer are read with OCR when `ocr` is set; a PDF made
    only of such pages is otherwise an ExtractionError that says to use --ocr.
    """
    try:
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise ExtractionError(f"pdfplumber missing: {exc}") from exc
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError("not a PDF file: no %PDF header")
    # pdfminer and pdfplumber log every odd font or object they work around: not the user's business.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    logging.getLogger("pdfplumber").setLevel(logging.ERROR)
    try:
        # From memory, and never closed: pdfplumber's close() walks the page tree again, which
        # raises a second time on a damaged one. Each page is closed once read instead.
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
    except Exception as exc:
        raise ExtractionError(_open_error(exc, password)) from exc
    try:
        pages = list(pdf.pages)
    except Exception as exc:
        raise ExtractionError(f"damaged PDF: page tree unreadable ({_why(exc)})") from exc
    if not pages:
        raise ExtractionError("damaged PDF: no pages")
    if any(page.rotation % 360 for page in pages):
        upright = _unrotated(data, password)
        if upright is not None:
            pdf = pdfplumber.open(io.BytesIO(upright))
            pages = list(pdf.pages)
    raw_pages: list[list[tuple[float, str, list[str] | None]]] = []
    page_tables: list[list[Table]] = []
    pictures: list[bool] = []
    for number, page in enumerate(pages, start=1):
        try:
            items, tables = _read_page(page, number)
            pictures.append(bool(page.images))
        except Exception as exc:
            raise ExtractionError(f"damaged PDF: page {number} unreadable ({_why(exc)})") from exc
        finally:
            page.close()  # memory stays bounded by one page, however long the PDF
        raw_pages.append(items)
        page_tables.append(tables)
    blank = [i for i, items in enumerate(raw_pages) if not any(it[1].strip() for it in items)]
    unmapped = [i for i, items in enumerate(raw_pages) if _glyph_codes_only(items)]
    if unmapped and len(blank) + len(unmapped) == len(raw_pages):
        if not ocr:
            raise ExtractionError(
                f"PDF text unmapped: the fonts of {len(unmapped)} page(s) have no Unicode map, "
                "only glyph codes (cid); run with --ocr"
            )
        blank = sorted(blank + unmapped)  # read as the scans they might as well be
    if blank and ocr:
        from .ocr import PdfPages

        with PdfPages(path, password) as scans:
            for i in blank:
                raw_pages[i], page_tables[i] = scans.read(i)
        if all(not any(it[1].strip() for it in items) for items in raw_pages):
            raise ExtractionError("scanned PDF: OCR found no text on any page")
    elif len(blank) == len(raw_pages):
        if any(pictures):
            raise ExtractionError("scanned PDF: no text layer; run with --ocr")
        raise ExtractionError("PDF has no text: every page is blank")
    lines = _lines(raw_pages)
    tables = [t for ts in page_tables for t in ts]
    cell_rows_with_lines(tables, lines)
    assign_captions(tables, lines)
    return Document(str(path), "pdf", len(raw_pages), lines, merge_page_tables(tables))


def _why(exc: BaseException) -> str:
    """A library exception as a short phrase, unwrapping pdfplumber's PdfminerException."""
    if exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    message = " ".join(str(exc).split())[:120]
    return f"{exc.__class__.__name__}: {message}" if message else exc.__class__.__name__


def _unrotated(data: bytes, password: str | None) -> bytes | None:
    """The PDF with each page's /Rotate applied to its content and box (pypdf), or None when
    pypdf cannot rewrite it (the PDF is then read as it is). pdfplumber turns a rotated page's
    characters but not its ruling lines: its tables come apart (the seed report with its
    content turned and /Rotate 90 read 217/341 gold fields and gave ten false errors)."""
    try:
        from pypdf import PdfReader, PdfWriter

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt(password or "")
        writer = PdfWriter(clone_from=reader)
        for page in writer.pages:
            if page.rotation % 360:
                page.transfer_rotation_to_content()
        out = io.BytesIO()
        writer.write(out)
    except Exception:  # any failure of the rewrite: read the PDF as it is
        return None
    return out.getvalue()


_GLYPH_CODE = re.compile(r"\(cid:\d+\)")


def _glyph_codes_only(items: list) -> bool:  # type: ignore[type-arg]
    """A page whose text is mostly glyph codes ("(cid:12)(cid:7)…"): its fonts carry no Unicode
    map, so pdfplumber cannot tell which characters it shows."""
    text = "".join(it[1] for it in items)
    if "(cid:" not in text:  # every page of every PDF comes here: the common case first
        return False
    codes = len(_GLYPH_CODE.findall(text))
    rest = len(re.sub(r"\s", "", _GLYPH_CODE.sub("", text)))
    return codes > 0 and codes > rest


def _open_error(exc: BaseException, password: str | None) -> str:
    """Why pdfplumber could not open a PDF, in words a user can act on."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = inner.__class__.__name__
    if "PasswordIncorrect" in name:
        if password:
            return "encrypted PDF: the password given is not correct"
        return "encrypted PDF: a user password is needed (use --password)"
    if "Encryption" in name:
        return f"encrypted PDF: unsupported encryption ({_why(exc)})"
    if name == "PSEOF":
        return "damaged PDF: the file ends too early (truncated?)"
    if "No /Root" in str(inner):
        return "damaged PDF: no document catalog (/Root) found"
    return f"damaged PDF: {_why(exc)}"


def _drop_offpage_chars(page) -> None:  # type: ignore[no-untyped-def]
    """Forget text drawn above the page's top edge: a word processor that overflows a text
    box repeats its lines there on the next page, where no reader sees them (pdftotext
    drops them too); read, they would print the overflowing passage twice. A table whose
    rules also run past the edge keeps its text, and so does text cut off at the bottom
    (a cell's last word), which is not repeated anywhere."""
    chars = page.objects.get("char")
    if not chars or any(o["top"] < -1 for k in ("line", "rect") for o in page.objects.get(k, [])):
        return
    kept = [c for c in chars if c["top"] + c["bottom"] > -2]
    if len(kept) != len(chars):
        page.objects["char"] = kept


def _read_page(page, number: int) -> tuple[list[tuple[float, str, list[str] | None]], list[Table]]:  # type: ignore[no-untyped-def]
    """One page: (top, text, cells) items in reading order, and the page's tables."""
    prime(page)  # the page's chars and lines read ~3x faster; pdfplumber reads it when it cannot
    _drop_offpage_chars(page)
    found = find_tables(page)  # page.find_tables(), its cells found faster
    closing = _open_row_edges(page, [ft.bbox for ft in found])
    settings = {"explicit_horizontal_lines": closing} if closing else None
    if settings:
        found = find_tables(page, settings)
    found = split_stacked(page, found, settings)  # tables drawn one under another, found as one
    items: list[tuple[float, str, list[str] | None]] = []
    tables: list[Table] = []
    all_cells = [(ft.bbox, _bands(ft.cells)) for ft in found]
    rest = [c for c in page.chars if _outside(c, all_cells)] if all_cells else page.chars
    placed: set[int] = set()  # ids of loose characters put back into a table's cell
    for ft in found:
        rows: list[Row] = []
        pairs = table_rows(ft)  # zip(ft.rows, ft.extract()), computed faster
        strays = _unformed_cells(ft, pairs, rest, placed)
        overflow = overflow_texts(ft, pairs)  # clipped runs past a cell's border, put back
        for r, (row_obj, cells) in enumerate(pairs):
            texts = [_cell(c) for c in cells]
            for j, text in [*overflow.get(r, {}).items(), *strays.get(r, {}).items()]:
                texts[j] = _cell(text)
            if not any(texts):
                continue
            top = row_obj.bbox[1]
            rows.append(Row(texts, number, None))
            items.append((top, "\t".join(texts), texts))
        if rows:
            tables.append(Table(rows, source="grid"))
    if placed:
        rest = [c for c in rest if id(c) not in placed]
    for line in _text_lines(page, rest):
        items.append((line["top"], line["text"], None, _geometry(line)))
    items.sort(key=lambda it: it[0])
    return items, tables


def _open_row_edges(page, tables: list[tuple]) -> list[float]:  # type: ignore[no-untyped-def]
    """Where a table's rows run off the page without a closing rule: the y to close them at.

    A row that a page break cuts is drawn by Chromium (and some WPS exports) with its
    column rules running to the page's edge but no horizontal rule under (or over)
    it, so no cell can be formed there and its text would fall out of the table. Three
    or more column rules ending (or starting) at the same height with no horizontal
    rule across them mark such a row. Heights inside a table already found are not
    looked at: a merged cell's border drawn in pieces is no open row.
    """
    edges = page.edges
    verticals = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= 8]
    if len(verticals) < 3:
        return []
    horizontals = [e for e in edges if e["orientation"] == "h"]
    out: list[float] = []
    for key in ("bottom", "top"):
        groups: dict[int, list[dict]] = {}
        for e in verticals:
            groups.setdefault(round(e[key]), []).append(e)
        for y, group in groups.items():
            xs = sorted({round(e["x0"]) for e in group})
            distinct = [x for i, x in enumerate(xs) if i == 0 or x - xs[i - 1] > 3]
            if len(distinct) < 3:
                continue
            left, right = xs[0], xs[-1]
            covered = sum(
                max(0.0, min(e["x1"], right) - max(e["x0"], left))
                for e in horizontals
                if abs(e["top"] - y) <= 1.5
            )
            inside = any(t[1] + 1 < y < t[3] - 1 and t[0] - 1 < left for t in tables)
            if covered < 0.5 * (right - left) and not inside:
                out.append(float(y))
    return sorted(out)


def _unformed_cells(ft, pairs, loose: list[dict], placed: set[int]) -> dict[int, dict[int, str]]:  # type: ignore[no-untyped-def]
    """Text inside a table's frame that lies in no cell pdfplumber could form: {row: {col: text}}.

    A merged cell that a page break cuts has no bottom edge on its page (Chromium
    and WPS draw it so), and pdfplumber then gives its position as None: its text
    would be lost from the table. It is put back in the row and column it lies in;
    the characters' ids go into `placed`, so they are not read again as prose.
    """
    x0, top, x1, bottom = ft.bbox
    inside = [
        c
        for c in loose
        if c.get("object_type") == "char"
        and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
        and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    if not inside:
        return {}
    columns = [col.bbox for col in ft.columns]
    found: dict[tuple[int, int], list[dict]] = {}
    for char in inside:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        r = next((i for i, (row, _) in enumerate(pairs) if row.bbox[1] <= y < row.bbox[3]), None)
        j = next((i for i, b in enumerate(columns) if b[0] <= x < b[2]), None)
        if r is None or j is None or pairs[r][1][j] is not None:
            continue
        found.setdefault((r, j), []).append(char)
        placed.add(id(char))
    out: dict[int, dict[int, str]] = {}
    for (r, j), chars in found.items():
        out.setdefault(r, {})[j] = cell_text(chars)
    return out


_LATIN_ONLY = re.compile(r"^[\d\s.,:;%“”\"'()\-]+$")


def _text_lines(page, chars: list[dict]) -> list[dict]:  # type: ignore[no-untyped-def]
    """Text lines of the page's `chars`; re-read with a looser baseline when digits in another
    font sit a few points off. (pdfplumber's extract_text_lines, computed by pdffast.text_lines.)

    Some publications set Chinese in one font and digits in another whose
    baseline is shifted: read strictly, the digits form lines of their own.
    """
    lines = text_lines(page, chars, return_chars=True)
    orphans = [ln for ln in lines if _LATIN_ONLY.match(ln["text"])]
    if len(orphans) >= 3 and len(orphans) * 4 >= len(lines):
        return text_lines(page, chars, y_tolerance=7, return_chars=True)
    for digits in orphans:
        host = next((ln for ln in lines if ln is not digits and _beside(digits, ln)), None)
        if host is not None:
            _join_line(host, digits)
            lines.remove(digits)
    return lines


def _beside(digits: dict, line: dict) -> bool:
    """Digits off another line's baseline but beside it, end to end ("2024" + "年度部门决算"
    on a cover, the digits in a larger font): one line set in two fonts."""
    overlap = min(digits["bottom"], line["bottom"]) - max(digits["top"], line["top"])
    smaller = min(digits["bottom"] - digits["top"], line["bottom"] - line["top"])
    touching = -2 <= line["x0"] - digits["x1"] <= 6 or -2 <= digits["x0"] - line["x1"] <= 6
    return smaller > 0 and overlap >= 0.5 * smaller and touching


def _join_line(host: dict, digits: dict) -> None:
    """Put the digits into the line they stand beside, in reading order."""
    first, second = (digits, host) if digits["x0"] < host["x0"] else (host, digits)
    host["text"] = first["text"] + second["text"]
    host["chars"] = list(first.get("chars") or []) + list(second.get("chars") or [])
    for key, pick in (("x0", min), ("top", min), ("x1", max), ("bottom", max)):
        host[key] = pick(host[key], digits[key])


def _geometry(
    line: dict,
) -> tuple[tuple[float, float, float, float], list[tuple[float, float, str]]]:
    """A text line's box, and its spans: runs of characters split where the gap is wider than
    a word space (about half a character), as cells of a table without ruling lines are."""
    box = (line["x0"], line["top"], line["x1"], line["bottom"])
    chars = sorted(line.get("chars") or [], key=lambda c: c["x0"])
    spans: list[tuple[float, float, str]] = []
    start = end = None
    text: list[str] = []
    spaced = False
    for char in chars:
        if not char["text"].strip():
            spaced = True
            continue
        size = char.get("size") or (char["bottom"] - char["top"]) or 10.0
        if end is not None and char["x0"] - end > max(4.0, 0.45 * size):
            spans.append((start, end, "".join(text)))
            start, text = None, []
        elif end is not None and (spaced or char["x0"] - end > 0.25 * size):
            text.append(" ")
        if start is None:
            start = char["x0"]
        text.append(char["text"])
        end = char["x1"]
        spaced = False
    if start is not None and end is not None:
        spans.append((start, end, "".join(text)))
    return box, spans


def _outside(obj: dict, tables: list[tuple[tuple, list[tuple]]]) -> bool:
    """A character that lies in no table cell: text around and between tables, notes under them.

    `tables` holds each table's bounding box and its cells grouped by their top and
    bottom (`_bands`): only a band the character's height falls in is looked at.
    """
    if obj.get("object_type") != "char":
        return True
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    for box, bands in tables:
        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            for top, bottom, spans in bands:
                if top <= y <= bottom and any(x0 <= x <= x1 for x0, x1 in spans):
                    return False
    return True


def _bands(cells: list[tuple[float, float, float, float]]) -> list[tuple]:
    """Cells (x0, top, x1, bottom) as (top, bottom, [(x0, x1), ...]) for `_outside`."""
    bands: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for x0, top, x1, bottom in cells:
        bands.setdefault((top, bottom), []).append((x0, x1))
    return [(top, bottom, spans) for (top, bottom), spans in bands.items()]


def _lines(raw_pages: list[list[tuple[float, str, list[str] | None]]]) -> list[Line]:
    """Number the lines; drop running headers/footers (short lines on most pages) and page numbers."""
    edge_counts: Counter[str] = Counter()
    for items in raw_pages:
        texts = [clean_line(it[1]).strip() for it in items if it[2] is None]
        for t in set(texts[:2] + texts[-2:]):
            edge_counts[t] += 1
    threshold = max(3, len(raw_pages) // 3)
    running = {t for t, n in edge_counts.items() if n >= threshold and len(t) <= 80}
    running = {
        t for t in running if not FORM_TITLE.search(canon(t))
    }  # a form's title repeats but opens each form

    lines: list[Line] = []
    number = 0
    for page_no, items in enumerate(raw_pages, start=1):
        edges = _edge_items(items)
        for k, item in enumerate(items):
            text, cells = item[1], item[2]
            box, spans = item[3] if len(item) > 3 else (None, None)
            number += 1
            t = clean_line(text).strip()
            if cells is None and (
                t in running
                or (k in edges and is_page_number(t))
                or re.fullmatch(r"第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?", t)
            ):
                continue
            if cells is None and spans and box is not None:
                text = _tabbed(text, spans, box[3] - box[1])
            lines.append(
                Line(
                    clean_line(text) if cells is None else text,
                    page_no,
                    number,
                    cells=cells,
                    box=box,
                    spans=[(x0, x1, clean_line(t)) for x0, x1, t in spans] if spans else None,
                )
            )
        lines.append(Line("", page_no, number))
    return lines


def _edge_items(items: list[tuple]) -> set[int]:
    """The indexes of a page's first two and last two text lines: where a page number stands.
    A number alone on a line elsewhere is a table cell printed without lines (a weight centred
    on its merged cell), not a page number."""
    texts = [k for k, it in enumerate(items) if it[2] is None and it[1].strip()]
    return set(texts[:2] + texts[-2:])


def _tabbed(text: str, spans: list[tuple[float, float, str]], height: float) -> str:
    """A line whose spans stand two characters or more apart is a row of cells drawn without
    lines ("项目名称        委托业务项目"): its cells are joined by tabs, as a text file's
    table row is, so the line-table readers see the cells. Spans about a character apart or less
    are words of one cell; a gap in between the two says nothing, and the line stays text."""
    if len(spans) < 2:
        return text
    char = max(height, 1.0)
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(spans)]
    if any(1.2 * char <= g < 2 * char for g in gaps):
        return text  # a gap neither a word space nor a column's: no telling the cells
    cells = [spans[0][2]]
    for gap, (_, _, word) in zip(gaps, spans[1:], strict=True):
        if gap < 1.2 * char:  # one cell's words ("新增项目□ 延续项目☑")
            cells[-1] += " " + word
        else:
            cells.append(word)
    return "\t".join(cells) if len(cells) > 1 else text


def cell_rows_with_lines(tables: list[Table], lines: list[Line]) -> None:
    """Give each table row the line number of its tab-joined line (for evidence)."""
    index: dict[tuple[int | None, str], list[int]] = {}
    for ln in lines:
        if "\t" in ln.text:
            index.setdefault((ln.page, ln.text), []).append(ln.number)
    for table in tables:
        for row in table.rows:
            numbers = index.get((row.page, row.text))
            if numbers:
                row.line = numbers.pop(0)
