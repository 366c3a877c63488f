"""Table rows typed as one line of text with visible separators: pipes and padded spaces.

Web copies of tables join a row's cells with " | " (Markdown tables add outer pipes and a
"|---|" rule); a table typed in a word processor without a table pads its cells to the
column stops with runs of spaces. Both keep a row on one line, so the row is known; what
must be rebuilt is which column each cell belongs to, because merged and empty cells leave
no field (pipes) or only a wider gap (spaces). Pipes: a short row lost its leading cells
(merged from above), except a 合计 label, which spans the first columns. Spaces: each cell
is placed where the typist's padding puts it, estimated from glyph widths.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex as re

from .normalize import canon

# Words that name a table's columns, besides the score-table words (tables.HEADER_WORDS):
# a 序号 column and the label and amount columns of funds and spending tables.
TABLE_LABEL = re.compile(
    r"^(?:序号|数量|备注|分类|用途|\p{Han}{0,6}(?:金额|内容|名称|单位)(?:[（(][^）)]{1,6}[)）])?)$"
)
TOTAL_LABEL = re.compile(r"^(?:合\s*计|总\s*分|总\s*计|综合绩效)\s*[:：]?$")
MAX_LABEL = 20  # a column name is short

_PIPE_SEP = re.compile(r"(?<=\s)\|(?=\s|$)")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


def is_column_header(cells: list[str], words: set[str]) -> bool:
    """Cells that name columns: all short, at least two known column words among them (score
    table words, or 序号 / 金额 / 内容 … labels), at least half of them."""
    cells = [c.strip() for c in cells if c.strip()]
    if len(cells) < 2 or any(len(c) > MAX_LABEL for c in cells):
        return False
    known = sum(1 for c in cells if canon(c) in words or TABLE_LABEL.match(canon(c)))
    return known >= 2 and 2 * known >= len(cells)


# -- pipes --------------------------------------------------------------------------------------


def is_pipe_rule(text: str) -> bool:
    """A Markdown table's rule row ("|---|:---:|")."""
    t = text.strip()
    return "-" in t and "|" in t and bool(_MD_RULE.match(t))


def pipe_cells(text: str, *, within: bool = False) -> list[str] | None:
    """The cells of a row whose cells are joined by " | " (at least two separators, or one
    inside a run of such rows), or of a Markdown row "| a | b |"; None for any other line."""
    t = text.strip()
    markdown = t.startswith("|") and t.endswith("|") and len(t) > 2
    if markdown:
        core = t[1:-1]
        cells = [c.strip() for c in core.split("|")]
        return cells if len(cells) >= 2 else None
    separators = len(_PIPE_SEP.findall(" " + t))
    if separators < (1 if within else 2):
        return None
    return [c.strip() for c in _PIPE_SEP.split(" " + t)]


def align_pipe_row(cells: list[str], width: int) -> list[str]:
    """A pipe row with fewer cells than its header: a web copy leaves out the cells a merge
    covers, which in a score table are the leading ones (一级/二级 merged down); a 合计 label
    spans the first columns instead, so it keeps the first column."""
    if len(cells) >= width:
        return cells
    pad = [""] * (width - len(cells))
    if cells and TOTAL_LABEL.match(canon(cells[0])):
        return [cells[0], *pad, *cells[1:]]
    return [*pad, *cells]


# -- padded spaces ------------------------------------------------------------------------------

MIN_GAP = 3  # spaces between two typed cells, at least (one space may sit inside a cell)
_GAP = re.compile(rf" {{{MIN_GAP},}}")
SPACE_WIDTHS = (0.25, 1 / 3, 0.5)  # a space's advance in em, by font (Noto/宋体/monospace)


def padded_spans(text: str) -> list[tuple[int, int, str]]:
    """Cells of a line padded with runs of three or more spaces: (start, end, text) offsets."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for m in _GAP.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start(), text[pos : m.start()]))
        pos = m.end()
    if pos < len(text.rstrip()):
        out.append((pos, len(text.rstrip()), text[pos:].rstrip()))
    return [(a, b, t) for a, b, t in out if t.strip()]


def is_padded(text: str) -> bool:
    """A line holding a run of at least three spaces between or before its text."""
    return bool(_GAP.search(text.rstrip()))


def _advance(ch: str, space: float) -> float:
    """Estimated advance of one character in em: ideographs and full-width signs 1, a space
    `space`, other Latin about half."""
    if ch == " ":
        return space
    if unicodedata.east_asian_width(ch) in "WFA":
        return 1.0
    return 0.55


@lru_cache(maxsize=8192)
def _ems(text: str, space: float) -> tuple[float, ...]:
    """The x position (em) of every character boundary of a line: ems[k] is where char k starts."""
    xs = [0.0]
    for ch in text:
        xs.append(xs[-1] + _advance(ch, space))
    return tuple(xs)


def column_stops(header: str, space: float) -> list[float]:
    """Where each column starts (em), from the header line's cells."""
    xs = _ems(header, space)
    return [xs[a] for a, _, _ in padded_spans(header)]


def calibrate_space(header: str, rows: list[str]) -> float:
    """The space width that best puts the first cell of indented rows on a column stop (the
    padding before it is all spaces, so it measures the font's space against the header)."""
    best, best_cost = SPACE_WIDTHS[0], float("inf")
    for space in SPACE_WIDTHS:
        stops = column_stops(header, space)
        cost = 0.0
        for text in rows:
            spans = padded_spans(text)
            if not spans or spans[0][0] == 0:
                continue
            x = _ems(text, space)[spans[0][0]]
            cost += min(abs(x - s) for s in stops)
        if cost < best_cost:
            best, best_cost = space, cost
    return best


def place_padded(text: str, stops: list[float], space: float) -> list[str]:
    """The cells of a padded line, each in its column.

    The typist's rule is replayed: from the end of a cell, each column boundary passed adds a
    separator of at least three spaces, padded up to that column's stop; so an empty cell
    shows as a wider gap and a cell after an overflowing one starts past its stop. The
    placement (cells in order, columns in order) is the one whose replayed starts are nearest
    to where the cells do start.
    """
    spans = padded_spans(text)
    n = len(stops)
    if not spans or not n:
        return []
    xs = _ems(text, space)
    cells = [(xs[a], xs[b], t.strip()) for a, b, t in spans]
    while len(cells) > n:  # more cells than columns: join across the narrowest gap
        k = min(range(len(cells) - 1), key=lambda i: cells[i + 1][0] - cells[i][1])
        a, b = cells[k], cells[k + 1]
        cells[k : k + 2] = [(a[0], b[1], f"{a[2]} {b[2]}")]
    gap = MIN_GAP * space

    def expected(end: float, frm: int, to: int) -> float:
        x = end
        for b in range(frm + 1, to + 1):
            x = max(x + gap, stops[b])
        return x

    inf = float("inf")
    k = len(cells)
    cost = [[inf] * n for _ in range(k)]
    back = [[-1] * n for _ in range(k)]
    for j in range(n):
        cost[0][j] = abs(cells[0][0] - (0.0 if j == 0 else expected(0.0, 0, j)))
    for i in range(1, k):
        for j in range(i, n):
            for p in range(i - 1, j):
                if cost[i - 1][p] == inf:
                    continue
                c = cost[i - 1][p] + abs(cells[i][0] - expected(cells[i - 1][1], p, j))
                if c < cost[i][j]:
                    cost[i][j], back[i][j] = c, p
    j = min(range(n), key=lambda c: cost[k - 1][c])
    out = [""] * n
    for i in range(k - 1, -1, -1):
        out[j] = cells[i][2]
        j = back[i][j]
    return out
