"""Tables printed without ruling lines, read from where their words sit on the page.

A table whose borders were switched off (or never drawn) reaches the reader as
loose lines of text: a header whose words stand apart, then rows whose cells
wrap over several lines, merged cells (一级指标, 二级指标) printed once beside
several rows, often centred vertically, and rows cut by page breaks. This
module turns such lines back into the grid a ruled table would have given, so
everything after it reads one kind of table:

1. a header line (or two or three tight lines) whose spans are column labels;
2. column boundaries where no text of the rows below crosses;
3. each column's text in blocks (lines of one cell);
4. rows where the blocks of the columns that hold one cell a row overlap;
5. each block of a column that spans rows (merged cells) given to the first row
   of the run of rows it is centred on (or starts at), as a ruled table gives a
   merged cell's text to its first row.

It works on any Document whose lines carry positions (`Line.spans`), so OCR'd
pages can use it too. Lines it reads become grid rows (`Line.cells`), so prose
parsers never see a table's cells as sentences.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter

import regex as re

from ..model import Document, Line, Row, Table
from ..normalize import canon
from .cells import Frag
from .header import Header, boundaries, column_of, header_at, is_label
from .paragraphs import paragraph_rows, typed_as_paragraphs, wrapped_at_margin
from .rows import segment_rows

_CAPTION = re.compile(r"^\s*(?:表\s*[\d一二三四五六七八九十]|附件|附表)")
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
# Columns whose cells are merged over several rows: the levels of an indicator tree.
# A row that only says more rows were left out ("……" under the last 三级指标): not a cell of the
# row above it, and no row of its own.
_ELLIPSIS_ROW = re.compile(r"^\s*[…⋯.。·]{2,}\s*$")
# The label of a form's part after a table (its goal, its measures, the review): a line that
# starts with one is the next part, not a row.
_FORM_PART = re.compile(
    r"^(?:(?:年度|整体|当年|项目)?(?:绩效|总体)目标|年度目标|部门职能概述|保障绩效目标实现措施|"
    r"主管部门审核意见|项目概况)[:：]?$"
)
_MERGED_LABEL = re.compile(r"^(?:一级|二级|评价维度|项目类别|类别|一级指标|二级指标)")


def _ends_table(line: Line, left: float, right: float, bounds: list[float]) -> bool:
    """A line that is not a row: a caption, a heading, or prose running across the columns."""
    assert line.spans is not None and line.box is not None
    text = line.text.strip()
    if len(line.spans) == 1 and _CAPTION.match(text):
        return True
    if line.box[0] <= left + 6 and _SECTION.match(text) and len(line.spans) == 1:
        return True
    if len(line.spans) == 1:
        x0, x1, _ = line.spans[0]
        crossed = sum(1 for b in bounds if x0 < b - 2 and x1 > b + 2)
        starts_first = not bounds or x0 < bounds[0]  # cell text of a later column starts right
        if crossed >= 2 and x1 - x0 > 0.5 * (right - left) and starts_first:
            return True
    if len(line.spans) == 2 and _FORM_PART.match(canon(line.spans[0][2])):
        # a form's next part, its label and its text ("绩效目标  保障滨湖办公大楼安全…") over
        # most of two columns or more: not a row of the table above (a score table's 二级指标
        # "绩效目标" has its cells in their columns)
        x0, x1, _ = line.spans[1]
        edges = [left, *bounds, right]
        spread = sum(
            1 for a, b in itertools.pairwise(edges) if min(x1, b) - max(x0, a) >= 0.4 * (b - a)
        )  # a cell's text runs into the next column by a little, if at all
        if spread >= 2:
            return True
    return False


def _prose_below(line: Line, body: list[Line], left: float, char: float) -> bool:
    """A sentence starting left of every row so far ("各项指标得分情况见下表 3-2:"): the text
    after the table, however close under it."""
    assert line.spans is not None and line.box is not None
    if len(line.spans) != 1 or not body:
        return False
    edge = min([left] + [ln.box[0] for ln in body if ln.box])
    text = line.spans[0][2]
    return line.box[0] < edge - 0.5 * char and (not is_label(text) or len(canon(text)) > 8)


def right_margin(lines: list[Line]) -> float | None:
    """Where the text column ends: among the lines that end within 20 pt of the rightmost, the
    edge most of them reach (the lines of justified prose all end there; a line whose last
    character hangs past it does not move it)."""
    ends = [round(ln.box[2]) for ln in lines if ln.box and len(ln.text.strip()) >= 10]
    if not ends:
        return None
    far = max(ends)
    near = Counter(e for e in ends if e >= far - 20)
    return float(near.most_common(1)[0][0])


def _wrapped_onto(above: Line, line: Line, left: float, pitch: float, margin: float | None) -> bool:
    """A line that goes on with the row above it: that row came within a few characters of
    the right margin (a row typed as a paragraph wrapped there, inside a cell or at the
    separator before the next), and this line starts at the table's left edge right under it,
    in the table's type size."""
    if above.box is None or line.box is None or margin is None:
        return False
    height = line.box[3] - line.box[1]
    near = above.box[2] > margin - 3 * (above.box[3] - above.box[1])
    return (
        (near or wrapped_at_margin(above, line, margin))
        and abs(line.box[0] - left) <= 0.5 * pitch
        and (above.page != line.page or 0 <= line.box[1] - above.box[3] < pitch)
        and abs(height - pitch) <= 0.1 * pitch
    )


def _wrapped_rows(body: list[Line], header: Header, margin: float | None) -> int:
    """How many lines go on with a row that wrapped at the right margin: they start at the
    table's left edge and their first text runs past the start of the next column's label. A
    table with columns wraps a cell inside its column; only a row typed as a paragraph wraps so."""
    count = 0
    for above, line in itertools.pairwise(body):
        if not line.spans or line.box is None or line.page != above.page:
            continue
        x0, x1, _ = line.spans[0]
        crosses = any(x0 < b - 2 and x1 > b + 2 for b, _, _ in header.labels[1:])
        at_left = abs(x0 - header.left) <= 0.5 * (line.box[3] - line.box[1])
        if (
            (crosses or _outdented(line, body))
            and at_left
            and wrapped_at_margin(above, line, margin)
        ):
            count += 1
    return count


def _outdented(line: Line, body: list[Line]) -> bool:
    """A line that starts well left of every other line of the table (its rows start under a
    column after the first, which a merged label fills in the header only): the rest of the
    row above, wrapped back to the margin."""
    assert line.box is not None
    starts = [ln.box[0] for ln in body if ln is not line and ln.box is not None]
    return bool(starts) and line.box[0] < min(starts) - 2 * (line.box[3] - line.box[1])


def _larger_type(line: Line, pitch: float) -> bool:
    """A line of one text set in larger type than the table's header: the heading or prose after
    the table ("（1）立项依据充分性" at 12 pt under a table set at 10.5 pt), however close."""
    assert line.spans is not None and line.box is not None
    return len(line.spans) == 1 and line.box[3] - line.box[1] > 1.1 * pitch


def read_column_tables(doc: Document) -> None:
    """Find the tables without ruling lines in a Document with positioned lines, add them to
    its tables and put their rows in place of their lines."""
    if not any(ln.spans for ln in doc.lines):
        return
    lines = doc.lines
    margin = right_margin(lines)
    found: list[tuple[Table, list[Line], list[tuple[int, Line]]]] = []
    i = 0
    while i < len(lines):
        header = header_at(lines, i, margin) if lines[i].cells is None and lines[i].spans else None
        if header is None:
            i += 1
            continue
        table, consumed, rows_at, i = _read_from(lines, i, header, margin)
        if table is not None:
            found.append((table, consumed, rows_at))
    if not found:
        return
    drop = {id(ln) for _, consumed, _ in found for ln in consumed}
    inserts: dict[int, list[Line]] = {}
    for _, _, rows_at in found:
        for pos, row_line in rows_at:
            inserts.setdefault(pos, []).append(row_line)
    out: list[Line] = []
    for k, ln in enumerate(lines):
        out.extend(inserts.get(k, []))
        if id(ln) not in drop:
            out.append(ln)
    doc.lines = out
    doc.tables.extend(t for t, _, _ in found)


def _read_from(
    lines: list[Line], i: int, header: Header, margin: float | None
) -> tuple[Table | None, list[Line], list[tuple[int, Line]], int]:
    """Read the table whose header starts at line i, over pages while its columns go on."""
    index = {id(ln): k for k, ln in enumerate(lines)}
    consumed = list(header.lines)
    k = i + len(header.lines)
    page = header.lines[0].page
    left, right = header.left, header.right
    bounds = [(a[1] + b[0]) / 2 for a, b in zip(header.labels, header.labels[1:], strict=False)]
    body: list[Line] = []
    pitch = statistics.median([(ln.box[3] - ln.box[1]) for ln in header.lines if ln.box])
    last_bottom = header.lines[-1].box[3] if header.lines[-1].box else 0.0
    while k < len(lines):
        line = lines[k]
        if not line.text.strip():
            k += 1
            continue
        if line.cells is not None or not line.spans or line.box is None:
            break
        if line.page != page:
            repeat = header_at(lines, k, margin)
            if repeat and _same_labels(repeat, header):
                consumed.extend(repeat.lines)
                k += len(repeat.lines)
                page, last_bottom = line.page, repeat.lines[-1].box[3]  # type: ignore[index]
                continue
            wraps = bool(body) and _wrapped_onto(body[-1], line, left, pitch, margin)
            if not wraps and (_ends_table(line, left, right, bounds) or line.box[0] < left - 20):
                break
            page, last_bottom = line.page, line.box[1]
        elif line.box[1] - last_bottom > 2.5 * pitch:
            break
        wraps = bool(body) and _wrapped_onto(body[-1], line, left, pitch, margin)
        if not wraps and (
            _ends_table(line, left, right, bounds) or _prose_below(line, body, left, pitch)
        ):
            break
        if _larger_type(line, pitch):
            break
        other = header_at(lines, k, margin)
        if other is not None:
            if _same_labels(other, header):
                consumed.extend(other.lines)
                k += len(other.lines)
                continue
            break
        body.append(line)
        last_bottom = line.box[3]
        k += 1
    if len(body) < 2:
        return None, [], [], i + 1
    frags = [
        Frag(ln, x0, x1, ln.box[1], ln.box[3], text)  # type: ignore[index]
        for ln in body
        if not _ELLIPSIS_ROW.match(ln.text)
        for x0, x1, text in ln.spans or []
    ]
    bounds = boundaries(header.labels, frags)
    for f in frags:
        f.col = column_of(f, bounds)
    head_line = header.lines[0]
    head_cells = [t for _, _, t in header.labels]
    rows_at: list[tuple[int, Line]] = [(index[id(head_line)], _row_line(head_cells, head_line))]
    table_rows = [Row(head_cells, head_line.page, head_line.number)]
    spanning = {j for j, (_, _, t) in enumerate(header.labels) if _MERGED_LABEL.match(canon(t))}
    for texts, first in _rows(body, frags, header, bounds, spanning, margin):
        table_rows.append(Row(texts, first.page, first.number))
        rows_at.append((index[id(first)], _row_line(texts, first)))
    table = Table(table_rows, source="columns")
    return table, consumed + body, rows_at, k


def _rows(
    body: list[Line],
    frags: list[Frag],
    header: Header,
    bounds: list[float],
    spanning: set[int],
    margin: float | None,
) -> list[tuple[list[str], Line]]:
    """The body's rows: in sequence when it was typed as paragraphs, else page by page from
    where its cells sit."""
    if typed_as_paragraphs(frags, bounds) or _wrapped_rows(body, header, margin) >= 1:
        return paragraph_rows(body, header.labels, margin)
    by_page: dict[int | None, list[Frag]] = {}
    for f in frags:
        by_page.setdefault(f.line.page, []).append(f)
    out: list[tuple[list[str], Line]] = []
    for page_frags in by_page.values():
        starts = [x0 for x0, _, _ in header.labels]
        out.extend(segment_rows(page_frags, len(starts), spanning, starts))
    return out


def _row_line(cells: list[str], at: Line) -> Line:
    """A row read from positions, at the line it starts on. It keeps that line's box: it was
    read from text on the page, not from a grid the PDF drew (a form's reader takes the lines
    around a drawn grid for text, and the rows around these for rows)."""
    return Line("\t".join(cells), at.page, at.number, cells=cells, box=at.box)


def _same_labels(a: Header, b: Header) -> bool:
    return [canon(t) for _, _, t in a.labels] == [canon(t) for _, _, t in b.labels]
