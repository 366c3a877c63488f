"""Find tables in lines of text and stitch tables that a page break cut in two.

The layouts that reach us: grids (PDF/DOCX cells, or TSV lines); rows whose cells
are joined by " | " (web copies, Markdown); rows padded to column stops with runs
of spaces (a table typed as paragraphs, `typedrows`); "spaced" rows where a
PDF-to-text tool ran cells together with single spaces; "stacked" cells one per
line under a header wrapped over lines; and tables typed one cell per line under
a header of one column name per line (`celllines`). Every reader but the last two
gives each cell its column, so the table reads as a grid. Tables are found here;
what a table *is* (score table, targets, funds) is decided by its header words.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import regex as re

from .celllines import cell_header_at, read_cell_lines, roles_of
from .columns import right_margin, wrapped_at_margin
from .keypairs import read_key_pairs
from .model import Document, Line, Row, Table
from .normalize import canon
from .scorewords import COLUMN_ROLES
from .spacedrows import EITHER, SpacedTable, read_spaced_rows
from .typedrows import (
    align_pipe_row,
    calibrate_space,
    column_stops,
    is_column_header,
    is_padded,
    is_pipe_rule,
    padded_spans,
    pipe_cells,
    place_padded,
)

HEADER_WORDS = {
    "一级指标",
    "二级指标",
    "三级指标",
    "权重",
    "权重分",
    "分值",
    "得分",
    "实际得分",
    "得分率",
    "评分标准",
    "评价标准",
    "标杆值",
    "业绩值",
    "完成情况",
    "评价指标",
    "评级分值",
    "第三方绩效评价得分",
    "指标解释",
    "年度指标值",
    "指标值",
    "实际完成值",
    "序号",
    "评分依据",
    "评分过程",
}
# Every word a column of a typed table may be named by: the header words and those the score
# table's column roles are read from (评分依据, 指标名称, 评价得分 …).
COLUMN_WORDS = frozenset(canon(w) for w in HEADER_WORDS | {w for w, _ in COLUMN_ROLES})
CAPTION = re.compile(
    r"^\s*(?:表\s*[\d一二三四五六七八九十]+(?:\s*[-—－.]+\s*\d+)?|附件\s*\d+|附表\s*\d+)"
)
STOP = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[）)]\s*\S|\d+\s*[.、．](?!\d)|[一二三四五六七八九十]+、|原因分析|表\s*\d|附件|注[：:])"
)
SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|表\s*\d|附件)")


def _trim(cells: list[str]) -> list[str]:
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def same_header(a: list[str], b: list[str]) -> bool:
    """Two header rows are the same when their non-empty cells read the same."""
    ka = [canon(c) for c in _trim(a)]
    kb = [canon(c) for c in _trim(b)]
    return bool(ka) and ka == kb


def is_header_line(text: str) -> bool:
    """A line made only of header words (space or tab separated), at least three of them."""
    tokens = [canon(t) for t in re.split(r"[\t ]+", text.strip()) if t.strip()]
    return len(tokens) >= 3 and sum(t in HEADER_WORDS for t in tokens) >= max(3, len(tokens) - 1)


def rows_to_tables(rows: list[Row], source: str = "grid") -> list[Table]:
    """Group grid rows into one table, dropping header rows repeated after page breaks."""
    if not rows:
        return []
    header = rows[0]
    kept = [header]
    for row in rows[1:]:
        if same_header(row.cells, header.cells):
            continue
        kept.append(row)
    return [Table(kept, source=source)]


def _caption_before(lines: list[Line], index: int) -> str | None:
    for j in range(index - 1, max(-1, index - 4), -1):
        text = lines[j].text.strip()
        if not text:
            continue
        if CAPTION.match(text):
            return text
        return None
    return None


def tables_from_lines(lines: list[Line]) -> list[Table]:
    """Tables typed as text: TSV and pipe runs, padded or spaced rows under a header line,
    stacked cells, and tables typed one cell per line.

    Lines that are rows of a grid the format itself drew (`Line.cells`) are not
    read again: they end a run. Rows read from pipe, padded and one-cell lines are
    marked the same way (their `cells` set), so prose readers take them as rows.
    """
    tables: list[Table] = []
    glue = _joiner(lines)
    i = 0
    n = len(lines)
    while i < n:
        text = lines[i].text
        if lines[i].cells is not None:
            i += 1
            continue
        if "\t" in text and len(_trim(text.split("\t"))) >= 2:
            i = _read_tsv(lines, i, tables)
            continue
        if pipe_cells(text) is not None:
            i = _read_pipe(lines, i, tables)
            continue
        if _padded_header(text):
            i = _read_padded(lines, i, tables)
            continue
        if cell_header_at(lines, i, COLUMN_WORDS):
            table, end = read_cell_lines(lines, i, COLUMN_WORDS, _ends_cell_table)
            if table is not None:
                table.caption = _caption_before(lines, i)
                tables.append(table)
            i = end
            continue
        if canon(text).startswith("项目名称") and " " in text.strip():
            key, end = read_key_pairs(lines, i, glue)
            if key is not None:
                tables.append(key)
                i = end
                continue
        if is_header_line(text) or _stacked_header_at(lines, i):
            i = _read_spaced(lines, i, tables, glue)
            continue
        if _list_header(text):
            i = _read_spaced_list(lines, i, tables, glue)
            continue
        i += 1
    _assign_orphan_captions(lines, tables)
    return tables


def _read_tsv(lines: list[Line], i: int, tables: list[Table]) -> int:
    """A run of tab-separated rows (blank lines inside are page breaks); returns where it ends."""
    start, n = i, len(lines)
    rows: list[Row] = []
    while i < n and lines[i].cells is None and ("\t" in lines[i].text or not lines[i].text.strip()):
        if lines[i].text.strip():
            rows.append(Row(lines[i].text.split("\t"), lines[i].page, lines[i].number))
        i += 1
    for table in rows_to_tables(rows):
        table.caption = _caption_before(lines, start)
        _append_or_merge(tables, table)
    return i


def _read_pipe(lines: list[Line], i: int, tables: list[Table]) -> int:
    """A run of rows whose cells are joined by " | " (or a Markdown pipe table).

    Under a header of column words, a short row is aligned to the header (`align_pipe_row`);
    each row keeps its line as printed for evidence, and its line is marked as a row.
    """
    start, n = i, len(lines)
    rows: list[Row] = []
    while i < n and lines[i].cells is None:
        text = lines[i].text
        if not text.strip() or is_pipe_rule(text):
            i += 1
            continue
        cells = pipe_cells(text, within=bool(rows))
        if cells is None:
            break
        rows.append(Row(cells, lines[i].page, lines[i].number, printed=text.strip()))
        lines[i].cells = cells
        i += 1
    if rows and is_column_header(rows[0].cells, COLUMN_WORDS):
        width = len(rows[0].cells)
        for row in rows[1:]:
            row.cells = align_pipe_row(row.cells, width)
    for table in rows_to_tables(rows):
        table.caption = _caption_before(lines, start)
        _append_or_merge(tables, table)
    return i


def _padded_header(text: str) -> bool:
    """A header line whose column words are padded apart with runs of spaces."""
    spans = padded_spans(text)
    return (
        len(spans) >= 3
        and spans[0][0] == 0
        and is_column_header([t for _, _, t in spans], COLUMN_WORDS)
    )


def _read_padded(lines: list[Line], i: int, tables: list[Table]) -> int:
    """A header of column words padded with spaces, then the rows padded the same way.

    The rows go on while lines are padded (an indented row, whose first cells are merged
    from above, is padded too); a repeat of the header is skipped. Each cell goes to its
    column by where the padding puts it (`place_padded`).
    """
    start, n = i, len(lines)
    header = lines[i]
    body: list[Line] = []
    i += 1
    while i < n and lines[i].cells is None:
        text = lines[i].text
        if not text.strip() or not is_padded(text) or CAPTION.match(text):
            break
        if _padded_header(text) and canon(text) != canon(header.text):
            break
        if canon(text) != canon(header.text):
            body.append(lines[i])
        i += 1
    if not body:
        return i
    space = calibrate_space(header.text, [ln.text for ln in body])
    stops = column_stops(header.text, space)
    head_cells = [t.strip() for _, _, t in padded_spans(header.text)]
    rows = [Row(head_cells, header.page, header.number, printed=header.text.strip())]
    for ln in body:
        rows.append(Row(place_padded(ln.text, stops, space), ln.page, ln.number, ln.text.strip()))
    for ln in lines[start:i]:
        ln.cells = []  # the header and its repeats; rows get their cells below
    for ln, row in zip([header, *body], rows, strict=True):
        ln.cells = row.cells
    tables.append(Table(rows, caption=_caption_before(lines, start), source="grid"))
    return i


def _read_spaced(
    lines: list[Line], i: int, tables: list[Table], glue: Callable[[Line, Line], str]
) -> int:
    """Rows run together with single spaces under a header line, or stacked cells under a
    header wrapped over lines ("一级指" / "标" / …); returns where the table ends."""
    n = len(lines)
    start = i
    header_line = next((j for j in range(i, min(i + 6, n)) if is_header_line(lines[j].text)), None)
    if header_line is None:
        return i + 1
    rows = [
        Row(
            re.split(r"\s+", lines[header_line].text.strip()),
            lines[header_line].page,
            lines[header_line].number,
        )
    ]
    i = header_line + 1
    if i < n and _header_rest(lines[i].text):
        rows[0].cells += lines[i].text.split()  # the header wrapped: "… 得分" / "得分率"
        i += 1
    head = canon(rows[0].text)
    stacked = ("一级指标" in head and "三级指标" in head) or _stacked_header_at(lines, start)
    body: list[Line] = []
    while i < n:
        t = lines[i].text.strip()
        if lines[i].cells is not None:
            break
        if not t:
            i += 1
            continue
        stop = SECTION if stacked else STOP
        if stop.match(t) or (is_header_line(t) and not _is_repeat(t, rows[0])):
            break
        if _is_repeat(t, rows[0]) or t in {"一级指", "标", "一级指标"}:
            i += 1
            continue
        rows.append(Row(t.split(), lines[i].page, lines[i].number))
        body.append(lines[i])
        i += 1
        if re.match(r"^\s*(?:合\s*计|综合绩效|总\s*分)", t):
            break
    placed = read_spaced_rows(rows[0].cells, body, glue) if body else None
    if placed is not None and placed.readable:
        tables.append(_placed_table(lines[header_line], rows[0], placed, lines, start))
        return i
    if placed is not None:  # rows of words that would not place: no reader can trust them
        for ln in body:
            ln.cells = None
        unread = Table([rows[0]], caption=_caption_before(lines, start), source="spaced")
        unread.unplaced = body
        tables.append(unread)
        return i
    if len(rows) > 1:
        source = "stacked" if stacked else "spaced"
        tables.append(Table(rows, caption=_caption_before(lines, start), source=source))
    return i


def _header_rest(text: str) -> bool:
    """A line that is the rest of a wrapped header: one or two names of known columns, as a
    narrow page prints the last ones ("得分率")."""
    words = text.split()
    return 0 < len(words) <= 2 and all(roles_of(words))


def _joiner(lines: list[Line]) -> Callable[[Line, Line], str]:
    """What joins two lines of one wrapped row (`spacedrows.Glue`): where a PDF line ran to the
    right margin, nothing between two Chinese characters or marks (a line breaks anywhere
    there), a space inside a run of digits and Latin letters (it breaks only at one), and either
    between a character and a digit; a space where the line ended short of the margin."""
    margin = functools.cache(lambda: right_margin(lines))  # only once a table needs it

    def glue(above: Line, below: Line) -> str:
        end, start = above.text.rstrip()[-1:], below.text.lstrip()[:1]
        if not end or not start or not wrapped_at_margin(above, below, margin()):
            return " "
        latin = [bool(_UNBREAKABLE.match(c)) for c in (end, start)]
        return " " if all(latin) else "" if not any(latin) else EITHER

    return glue


_UNBREAKABLE = re.compile(r"[A-Za-z0-9<>=≥≤.,%+\-]")


def _list_header(text: str) -> bool:
    """The header of a numbered list with an amount column, its names a space apart ("序号 项目
    内容 收款单位 支出金额（万元）")."""
    words = text.split()
    return (
        len(words) >= 3
        and canon(words[0]) == "序号"
        and any("金额" in w or "元" in w for w in words)
        and is_column_header(words, COLUMN_WORDS)
    )


_LIST_ROW = re.compile(r"^\s*(?:\d{1,3}\s|合\s*计|总\s*计)")
_TOTAL_ROW = re.compile(r"^\s*(?:合\s*计|总\s*计)")


def _read_spaced_list(
    lines: list[Line], i: int, tables: list[Table], glue: Callable[[Line, Line], str]
) -> int:
    """A numbered list under a header of names a space apart: its rows (each starting with its
    number, or 合计) placed in the columns by `spacedrows`; said when they would not place."""
    header = Row(lines[i].text.split(), lines[i].page, lines[i].number)
    k = i + 1
    body: list[Line] = []
    while k < len(lines) and lines[k].cells is None:
        text = lines[k].text
        if not text.strip():
            if body:
                break
        elif _LIST_ROW.match(text) and not (body and _TOTAL_ROW.match(body[-1].text)):
            body.append(lines[k])
        elif body and glue(body[-1], lines[k]) != " ":
            body.append(lines[k])  # the rest of a row that ran to the margin
        else:
            break
        k += 1
    placed = read_spaced_rows(header.cells, body, glue, sure=True) if body else None
    if placed is None:
        return i + 1
    tables.append(_placed_table(lines[i], header, placed, lines, i))
    return k


def _placed_table(
    header_line: Line, header: Row, placed: SpacedTable, lines: list[Line], start: int
) -> Table:
    """The grid a table of rows of words makes once placed, with the lines that did not place
    (said by an extraction warning); its header line is marked a row."""
    header_line.cells = header.cells
    table = Table([header, *placed.rows], caption=_caption_before(lines, start), source="grid")
    table.unplaced = placed.unplaced
    return table


def _ends_cell_table(text: str) -> bool:
    """A caption or a numbered heading ends a table typed one cell per line."""
    return bool(CAPTION.match(text) or SECTION.match(text))


def _is_repeat(text: str, header: Row) -> bool:
    return canon(text) == canon("".join(header.cells))


def _stacked_header_at(lines: list[Line], i: int) -> bool:
    """A header wrapped over lines ("一级指" / "标" / "二级指标 三级指标 …")."""
    if not lines[i].text.strip() or "\t" in lines[i].text:
        return False
    joined = canon("".join(lines[j].text for j in range(i, min(i + 4, len(lines)))))
    return joined.startswith("一级指") and "二级指标三级指标" in joined


def _append_or_merge(tables: list[Table], table: Table) -> None:
    """A TSV block whose first row repeats the previous table's header continues that table,
    unless a caption of its own stands above it (then it is the next table of a series)."""
    if (
        tables
        and tables[-1].source == "grid"
        and table.rows
        and not table.caption
        and same_header(table.rows[0].cells, tables[-1].header)
    ):
        tables[-1].rows.extend(table.rows[1:])
        return
    tables.append(table)


def _assign_orphan_captions(lines: list[Line], tables: list[Table]) -> None:
    """A caption with no table under it belongs to the next table that has no caption."""
    used = {t.caption for t in tables if t.caption}
    captions = [
        (ln.number, ln.text.strip())
        for ln in lines
        if CAPTION.match(ln.text) and "表" in ln.text[:6]
    ]
    for table in tables:
        if table.caption or not table.rows:
            continue
        line_no = table.rows[0].line or 0
        orphans = [c for n, c in captions if n < line_no and c not in used]
        if orphans:
            table.caption = orphans[-1] if len(orphans) == 1 else orphans[0]
            used.add(table.caption)


def assign_captions(tables: list[Table], lines: list[Line]) -> None:
    """A table's caption is the caption-like line (possibly wrapped) just above its first row."""
    position = {ln.number: i for i, ln in enumerate(lines)}
    for table in tables:
        first = table.rows[0].line if table.rows else None
        if table.caption or first is None or first not in position:
            continue
        i = position[first]
        seen: list[str] = []
        for j in range(i - 1, max(-1, i - 6), -1):
            text = lines[j].text.strip()
            if not text:
                continue
            if "\t" in text:
                break
            seen.insert(0, text)
            if CAPTION.match(text):
                table.caption = "".join(seen)
                break
            if len(seen) >= 3:
                break


def merge_page_tables(tables: list[Table]) -> list[Table]:
    """Join grid tables split over pages: a table whose header repeats the previous one's.

    Also joins a table with no header row when it has the previous table's width
    and starts on the same page or the next (a header that is not repeated).
    """
    merged: list[Table] = []
    for table in tables:
        if merged and table.rows and not table.caption:
            prev = merged[-1]
            # on the next page, or on the same one: a table printed in pieces (a copy that
            # kept the original's pages as separate tables, each with its header)
            follows = 0 <= (table.page or 0) - (prev.rows[-1].page or 0) <= 1
            if follows and same_header(table.header, prev.header):
                prev.rows.extend(table.rows[1:])
                continue
            if (
                follows
                and prev.page is not None
                and len(table.header) == len(prev.header)
                and not is_header_line("\t".join(table.header))
                and not table.caption
            ):
                prev.rows.extend(table.rows)
                continue
        merged.append(table)
    return merged


def read_line_tables(doc: Document) -> None:
    """Add the tables typed as lines (TSV, spaced, stacked) to the grid tables a format drew.

    Runs on every Document, so a score table typed as paragraphs in a Word file
    or printed without ruling lines is found as it is in a text file. The two
    readers see disjoint lines (grid rows are marked), so no table is found twice.
    """
    found = tables_from_lines(doc.lines)
    if not found:
        return
    if not doc.tables:
        doc.tables = found
        return
    order = {ln.number: i for i, ln in enumerate(doc.lines)}

    def position(table: Table) -> int:
        first = table.rows[0].line if table.rows else None
        return order.get(first, len(order)) if first is not None else len(order)

    doc.tables = sorted(doc.tables + found, key=position)
