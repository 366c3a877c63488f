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
from dataclasses import dataclass, field

import regex as re

from .model import Document, Line, Row, Table
from .normalize import canon

# Words that name a column: a label starts or ends with one. A header needs two such labels, one
# of them strong (words that only a table's header says), or three weak ones.
STRONG_WORDS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标名称",
    "指标内容",
    "权重",
    "分值",
    "得分",
    "得分率",
    "标杆值",
    "业绩值",
    "指标值",
    "完成值",
    "目标值",
    "评分标准",
    "评价标准",
    "评分依据",
    "评分过程",
    "指标解释",
    "指标说明",
    "完成情况",
    "序号",
    "金额",
    "姓名",
    "职责",
    "偏差原因",
    "计量单位",
    "指标性质",
    "预算数",
    "执行数",
    "执行率",
)
WEAK_WORDS = (
    "指标",
    "项目",
    "内容",
    "单位",
    "名称",
    "角色",
    "备注",
    "说明",
    "预算",
    "资金",
    "年度",
    "原因",
    "性质",
    "等级",
    "数量",
    "比例",
    "占比",
    "科目",
    "类别",
)
_NOT_LABEL = re.compile(r"[，。；：:、！？,;!?]|\d")
_CAPTION = re.compile(r"^\s*(?:表\s*[\d一二三四五六七八九十]|附件|附表)")
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
MAX_HEADER_LINES = 3
# Columns whose cells are merged over several rows: the levels of an indicator tree.
_MERGED_LABEL = re.compile(r"^(?:一级|二级|评价维度|项目类别|类别|一级指标|二级指标)")


@dataclass
class _Frag:
    """One span of one line: a piece of one cell."""

    line: Line
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    col: int = -1

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class _Block:
    """Consecutive fragments of one column that belong to one cell."""

    col: int
    frags: list[_Frag] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.frags[0].top

    @property
    def bottom(self) -> float:
        return max(f.bottom for f in self.frags)

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return _join(f.text for f in sorted(self.frags, key=lambda f: (f.top, f.x0)))


@dataclass
class _Span:
    """A row's vertical extent on its page."""

    top: float
    bottom: float

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2


def _join(parts) -> str:  # type: ignore[no-untyped-def]
    """Lines of one cell joined as a ruled table's cell is: a wrapped line adds no space."""
    out = ""
    for part in parts:
        part = part.strip()
        if out and part and out[-1].isascii() and part[0].isascii() and out[-1].isalnum():
            out += " "
        out += part
    return out


def _is_label(text: str) -> bool:
    """Text that can name a column: short, no sentence punctuation, no digits but a weight or
    unit in brackets ("绩效指标（90分）")."""
    key = canon(text)
    bare = _UNIT_NOTE.sub("", key)
    return 0 < len(key) <= 14 and bool(bare) and not _NOT_LABEL.search(bare)


_UNIT_NOTE = re.compile(r"[(（][^)）]*[)）]")


def _strength(text: str) -> int:
    """2 for a label only a header says ("权重", "支出金额（万元）"), 1 for a weak one ("项目内容"),
    0 for text that names no column."""
    key = _UNIT_NOTE.sub("", canon(text))
    if len(key) > 10:
        return 0
    if any(key.startswith(w) or key.endswith(w) for w in STRONG_WORDS):
        return 2
    if any(key.startswith(w) or key.endswith(w) for w in WEAK_WORDS):
        return 1
    return 0


# -- header -----------------------------------------------------------------------------


@dataclass
class _Header:
    lines: list[Line]
    labels: list[tuple[float, float, str]]  # (x0, x1, text), left to right

    @property
    def left(self) -> float:
        return self.labels[0][0]

    @property
    def right(self) -> float:
        return self.labels[-1][1]


def _header_at(lines: list[Line], i: int) -> _Header | None:
    """The best header starting at line i: one line, or up to three tight lines whose spans
    stack into column labels ("一级" over "指标", a wrapped "实际" over "得分")."""
    best: _Header | None = None
    best_known = 0
    band: list[Line] = []
    for j in range(i, min(i + MAX_HEADER_LINES, len(lines))):
        line = lines[j]
        if not line.spans or line.box is None or line.cells is not None:
            break
        if band:
            prev = band[-1].box
            assert prev is not None
            if line.box[1] - prev[3] > 0.8 * (prev[3] - prev[1]):
                break
        band.append(line)
        labels = _stack([s for ln in band for s in (ln.spans or [])])
        if not all(_is_label(t) for _, _, t in labels):
            break
        strengths = [_strength(t) for _, _, t in labels]
        known = sum(1 for x in strengths if x)
        strong = sum(1 for x in strengths if x == 2)
        enough = (known >= 2 and strong >= 1) or known >= 3
        if len(labels) >= 3 and enough and 2 * known >= len(labels) and known > best_known:
            best, best_known = _Header(list(band), labels), known
    return best


def _stack(spans: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Spans of a header band as labels: spans that overlap horizontally are one label."""
    labels: list[list] = []
    for x0, x1, text in sorted(spans, key=lambda s: s[0]):
        if labels and x0 < labels[-1][1] - 1:
            labels[-1][1] = max(labels[-1][1], x1)
            labels[-1][2].append(text)
        else:
            labels.append([x0, x1, [text]])
    return [(x0, x1, _join(parts)) for x0, x1, parts in labels]


# -- columns ---------------------------------------------------------------------------


def _boundaries(labels: list[tuple[float, float, str]], frags: list[_Frag]) -> list[float]:
    """Between each two labels, the x where the fewest body fragments cross (widest gap first)."""
    out: list[float] = []
    for (a0, a1, _), (b0, b1, _) in itertools.pairwise(labels):
        lo, hi = (a0 + a1) / 2, (b0 + b1) / 2
        points = sorted(
            {lo, hi, *(f.x0 for f in frags if lo < f.x0 < hi)}
            | {f.x1 for f in frags if lo < f.x1 < hi}
        )
        best = None
        for p, q in itertools.pairwise(points):
            crossing = sum(1 for f in frags if f.x0 < p + 0.5 and f.x1 > q - 0.5)
            key = (crossing, -(q - p))
            if best is None or key < best[0]:
                best = (key, (p + q) / 2)
        out.append(best[1] if best else (a1 + b0) / 2)
    return out


def _column(frag: _Frag, bounds: list[float]) -> int:
    """The column holding most of a fragment's width."""
    edges = [float("-inf"), *bounds, float("inf")]
    best, share = 0, -1.0
    for j in range(len(edges) - 1):
        overlap = min(frag.x1, edges[j + 1]) - max(frag.x0, edges[j])
        if overlap > share:
            best, share = j, overlap
    return best


# -- rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pitch:
    """How far below a line of a cell its next line can sit (top to top)."""

    height: float

    def wraps(self, above: _Frag, below: _Frag) -> bool:
        return below.top - above.bottom <= self.height


def _pitch(frags: list[_Frag]) -> _Pitch:
    return _Pitch(statistics.median([f.height for f in frags]) if frags else 10.0)


def _blocks(frags: list[_Frag], pitch: _Pitch, *, merged: bool = False) -> list[_Block]:
    """One column's fragments grouped into cells: a line continues the cell above when it sits
    one line pitch under it and, unless rows are set visibly apart, the line above filled
    the column (text wraps at the column's edge).

    In a merged column (一级指标) a label wraps into its weight ("A 项目决策" over "(20)").
    """
    blocks: list[_Block] = []
    ordered = sorted(frags, key=lambda f: (f.top, f.x0))
    if not ordered:
        return blocks
    width = max(f.x1 for f in ordered) - min(f.x0 for f in ordered)
    for f in ordered:
        if blocks and _continues(blocks[-1].frags[-1], f, width, pitch, merged=merged):
            blocks[-1].frags.append(f)
        else:
            blocks.append(_Block(f.col, [f]))
    return blocks


def _continues(
    above: _Frag, below: _Frag, width: float, pitch: _Pitch, *, merged: bool = False
) -> bool:
    """Whether `below` is the next line of the cell `above` is in. A value (a number, a
    percentage) never wraps into the line below, except a merged label's weight."""
    if abs(below.top - above.top) < 0.5 * above.height:  # the same line: two spans of one cell
        return True
    if not merged and (_VALUE.match(canon(above.text)) or _VALUE.match(canon(below.text))):
        return False
    if _ITEM.match(below.text):  # "②…", "(2)…": a new paragraph of the cell, not a wrapped line
        return False
    if not pitch.wraps(above, below):
        return False
    if merged:  # a merged label wraps however short its lines: "项目立项" over "（7）"
        return True
    char = max(above.height, 1.0)
    return len(canon(above.text)) >= 3 and above.x1 - above.x0 >= width - 1.6 * char


_ITEM = re.compile(
    r"^\s*(?:[①-⑳]|[（(]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]+、)(?=\s*\S)"
)
_VALUE = re.compile(r"^[(（]?[-+≥≤<>=]*\d+(?:\.\d+)?\s*(?:%|分|万元|元)?[)）]?$")


# Costs of the row partition: a cell's lines not together or not placed as its row's other
# cells are; a wrapped line cut from its cell; every row found (negative: finer is better).
_MISPLACED, _CUT, _ROW = 10.0, 5.0, -1.0
MAX_ROW_LINES = 80


def _partition(frags: list[_Frag], pitch: _Pitch) -> list[_Span]:
    """Rows of one page's part of a table: the finest cut of its lines into rows in which each
    column holds at most one cell, and every cell sits as the row's other cells do (all at
    the row's top, or all centred on it), never cutting a wrapped cell in two."""
    ys: list[list[_Frag]] = []
    for f in sorted(frags, key=lambda f: f.top):
        if ys and f.top - ys[-1][0].top < 0.35 * max(f.height, 1.0):
            ys[-1].append(f)
        else:
            ys.append([f])
    m = len(ys)
    char = statistics.median([f.height for f in frags]) if frags else 10.0
    line_of = {id(f): i for i, group in enumerate(ys) for f in group}
    cell_of: dict[int, int] = {}
    cut_cost = [0.0] * m  # a row boundary between line i and line i + 1 cuts a wrapped cell
    # Columns of one-line cells (weights, scores, short names): two cells of one such column
    # never share a row. A column of long text may hold several paragraphs in one cell.
    short: set[int] = set()
    for col in {f.col for f in frags}:
        blocks = _blocks([f for f in frags if f.col == col], pitch)
        if statistics.median([len(b.frags) for b in blocks]) <= 1:
            short.add(col)
        for block in blocks:
            for f in block.frags:
                cell_of[id(f)] = id(block) if col in short or _VALUE.match(canon(f.text)) else col
            for i in range(line_of[id(block.frags[0])], line_of[id(block.frags[-1])]):
                cut_cost[i] += _CUT
    best: list[tuple[float, list[_Span]]] = []
    for mode in ("middle", "top"):
        cost = [0.0] + [float("inf")] * m
        back = [0] * (m + 1)
        for b in range(1, m + 1):
            for a in range(max(0, b - MAX_ROW_LINES), b):
                if cost[a] == float("inf"):
                    continue
                c = cost[a] + _row_cost(ys[a:b], cell_of, mode, char) + _ROW
                if b < m:
                    c += cut_cost[b - 1]
                if c < cost[b]:
                    cost[b], back[b] = c, a
        rows: list[_Span] = []
        b = m
        while b > 0:
            a = back[b]
            members = [f for group in ys[a:b] for f in group]
            rows.append(_Span(min(f.top for f in members), max(f.bottom for f in members)))
            b = a
        best.append((cost[m], rows[::-1]))
    return min(best, key=lambda pair: pair[0])[1]


def _row_cost(groups: list[list[_Frag]], cell_of: dict[int, int], mode: str, char: float) -> float:
    """How badly a run of lines makes one row: a column with two cells in it, or a cell not
    placed as the others (top-aligned or centred)."""
    members = [f for group in groups for f in group]
    top = min(f.top for f in members)
    bottom = max(f.bottom for f in members)
    center = (top + bottom) / 2
    by_col: dict[int, list[_Frag]] = {}
    for f in members:
        by_col.setdefault(f.col, []).append(f)
    cost = 0.0
    for col in by_col.values():
        if len({cell_of[id(f)] for f in col}) > 1:
            cost += _MISPLACED
            continue
        c_top, c_bottom = min(f.top for f in col), max(f.bottom for f in col)
        if mode == "top":
            placed = c_top - top <= 0.4 * char
        else:
            placed = abs((c_top + c_bottom) / 2 - center) <= 0.45 * char
        if not placed:
            cost += _MISPLACED
    return cost


def _place_spanning(blocks: list[_Block], rows: list[_Span]) -> dict[int, _Block]:
    """Give each block of a merged column the first row of the run of rows it belongs to.

    The runs tile the rows in order; the blocks sit at the top of their runs or in their
    middle, whichever fits the page better. Rows above the first run belong to a run
    begun on the previous page.
    """
    n, k = len(rows), len(blocks)
    if not n or not k:
        return {}
    best: tuple[float, list[int]] | None = None
    for mode in ("top", "middle"):
        cost, starts = _tile(blocks, rows, mode)
        if starts is not None and (best is None or cost < best[0]):
            best = (cost, starts)
    if best is None:  # no tiling fits: each block goes to the row it starts in
        out: dict[int, _Block] = {}
        for block in blocks:
            r = max([i for i, row in enumerate(rows) if row.top <= block.top + 1] or [0])
            out.setdefault(r, block)
        return out
    return {start: block for start, block in zip(best[1], blocks, strict=False)}


def _tile(blocks: list[_Block], rows: list[_Span], mode: str) -> tuple[float, list[int] | None]:
    """Dynamic programme: contiguous runs, one per block, in order; the cost of a run is how
    far its block sits from the run's top (mode 'top') or centre (mode 'middle')."""
    n, k = len(rows), len(blocks)
    inf = float("inf")

    def cost(b: _Block, s: int, e: int) -> float:
        top, bottom = rows[s].top, rows[e].bottom
        if b.bottom < top - 1 or b.top > bottom + 1:
            return inf  # a block lies inside its run
        at_top = abs(b.top - top)
        centred = abs(b.center - (top + bottom) / 2)
        return {"top": at_top, "middle": centred}.get(mode, min(at_top, centred))

    # best[i][e]: least cost of placing blocks[0..i] with block i's run ending at row e. A row
    # left out before the first run or after the last costs a little: it must belong to a run
    # of another page, which is rarer than a run that covers it.
    spare = 2.0
    best = [[inf] * n for _ in range(k)]
    back: list[list[int]] = [[-1] * n for _ in range(k)]
    for e in range(n):
        for s in range(e + 1):
            c = cost(blocks[0], s, e) + spare * s
            if c < best[0][e]:
                best[0][e], back[0][e] = c, s
    for i in range(1, k):
        for e in range(n):
            for s in range(1, e + 1):
                if best[i - 1][s - 1] == inf:
                    continue
                c = best[i - 1][s - 1] + cost(blocks[i], s, e)
                if c < best[i][e]:
                    best[i][e], back[i][e] = c, s
    total = [best[k - 1][e] + spare * (n - 1 - e) for e in range(n)]
    end = min(range(n), key=lambda e: total[e])
    if total[end] == inf:
        return inf, None
    least = total[end]
    starts = [0] * k
    for i in range(k - 1, -1, -1):
        starts[i] = back[i][end]
        end = starts[i] - 1
    return least, starts


# -- the reader ------------------------------------------------------------------------


def _page_segment_rows(
    frags: list[_Frag], ncols: int, spanning: set[int]
) -> list[tuple[list[str], Line]]:
    """One page's part of a table as rows of cell texts, each with the line it starts on."""
    if not frags:
        return []
    row_cols = set(range(ncols)) - spanning
    pitch = _pitch(frags)
    row_frags = [f for f in frags if f.col in row_cols]
    anchored = _rows_by_anchor(row_frags, pitch)
    if anchored is not None:
        rows, row_of = anchored
    else:
        rows = _partition(row_frags, pitch)
        row_of = {
            id(f): min(range(len(rows)), key=lambda i: abs(rows[i].center - (f.top + f.bottom) / 2))
            for f in row_frags
        }
    if not rows:
        return []
    cells: list[list[list[_Frag]]] = [[[] for _ in range(ncols)] for _ in rows]
    for f in row_frags:
        cells[row_of[id(f)]][f.col].append(f)
    for col in spanning:
        blocks = _blocks([f for f in frags if f.col == col], pitch, merged=True)
        blocks = [part for b in blocks for part in _split_at_rows(b, rows, pitch.height)]
        for start, block in _place_spanning(blocks, rows).items():
            cells[start][col].extend(block.frags)
    out: list[tuple[list[str], Line]] = []
    for row in cells:
        texts = [_join(f.text for f in sorted(col, key=lambda f: (f.top, f.x0))) for col in row]
        firsts = [f for col in row for f in col]
        if not any(texts) or not firsts:
            continue
        first = min(firsts, key=lambda f: (f.top, f.x0))
        out.append((texts, first.line))
    return out


# A label that ends with its weight ("A1 项目立项 (8)", "产出（40分）"): a line above without one
# is the label's first line, however it sits.
_WEIGHTED = re.compile(r"[（(]?\s*\d+(?:\.\d+)?\s*分?\s*[)）]\s*$|^\s*分\s*[)）]\s*$")


def _split_at_rows(block: _Block, rows: list[_Span], char: float) -> list[_Block]:
    """A merged column's block whose lines each sit at the centre of a different row was one
    label a row ("产出数量" over "产出质量" in a summary table), not one wrapped label."""
    parts = [_Block(block.col, [block.frags[0]])]
    for above, below in itertools.pairwise(block.frags):
        ra, rb = _centred_row(above, rows, char), _centred_row(below, rows, char)
        wrapped = not _WEIGHTED.search(above.text) and _WEIGHTED.search(below.text)
        if ra is not None and rb is not None and ra != rb and not wrapped:
            parts.append(_Block(block.col, [below]))
        else:
            parts[-1].frags.append(below)
    return parts


def _centred_row(frag: _Frag, rows: list[_Span], char: float) -> int | None:
    center = (frag.top + frag.bottom) / 2
    for i, row in enumerate(rows):
        if row.bottom > row.top and abs(row.center - center) <= 0.45 * char:
            return i
    return None


def _rows_by_anchor(frags: list[_Frag], pitch: _Pitch) -> tuple[list[_Span], dict[int, int]] | None:
    """Rows found from a column that holds one value a row (权重, 得分): each of its cells is a
    row, and every other cell joins the row it is centred on (or starts at). A cell of a long
    column that holds two rows' anchors was two cells run together and is cut between them.
    None when the table has no such column."""
    by_col: dict[int, list[_Block]] = {}
    for col in {f.col for f in frags}:
        by_col[col] = _blocks([f for f in frags if f.col == col], pitch)
    candidates = []
    for col, blocks in by_col.items():
        values = sum(1 for b in blocks if len(b.frags) == 1 and _VALUE.match(canon(b.text)))
        if (
            len(blocks) >= 2
            and all(len(b.frags) == 1 for b in blocks)
            and 2 * values >= len(blocks)
        ):
            candidates.append((len(blocks), -col, col))
    if not candidates:
        return None
    anchor_col = max(candidates)[2]
    anchors = sorted(by_col[anchor_col], key=lambda b: b.top)
    centers = [a.center for a in anchors]
    tops = [a.top for a in anchors]
    char = pitch.height
    tall = [b for col, bs in by_col.items() if col != anchor_col for b in bs if len(b.frags) > 1]
    err_mid = sum(min(abs(b.center - c) for c in centers) for b in tall)
    err_top = sum(min(abs(b.top - t) for t in tops) for b in tall)
    mode = "top" if tall and err_top < err_mid else "middle"

    row_of: dict[int, int] = {}
    orphans = False
    for blocks in by_col.values():
        for block in blocks:
            for part in _split_at_anchors(block, centers, tops, mode):
                top = min(f.top for f in part)
                bottom = max(f.bottom for f in part)
                center = (top + bottom) / 2
                if mode == "top":
                    before = [i for i, t in enumerate(tops) if t <= top + 0.4 * char]
                    r = before[-1] if before else -1
                else:
                    r = min(range(len(centers)), key=lambda i: abs(centers[i] - center))
                    if (
                        r == 0
                        and bottom < tops[0] - 0.5 * char
                        and (centers[0] - center > (bottom - top) / 2 + char)
                    ):
                        r = -1  # text above the first row: the end of a row the page cut
                orphans = orphans or r == -1
                for f in part:
                    row_of[id(f)] = r
    shift = 1 if orphans else 0
    row_of = {k: v + shift for k, v in row_of.items()}
    rows: list[_Span] = []
    for i in range(len(anchors) + shift):
        members = [f for f in frags if row_of[id(f)] == i]
        if members:
            rows.append(_Span(min(f.top for f in members), max(f.bottom for f in members)))
        else:
            rows.append(_Span(0.0, 0.0))
    return rows, row_of


def _split_at_anchors(
    block: _Block, centers: list[float], tops: list[float], mode: str
) -> list[list[_Frag]]:
    """A long cell that holds the anchors of several rows, cut into one part per row."""
    frags = sorted(block.frags, key=lambda f: f.top)
    if len(frags) < 2:
        return [frags]
    if mode == "top":
        cuts = [t for t in tops if block.top + 1 < t <= block.bottom]
        if not cuts:
            return [frags]
        parts: list[list[_Frag]] = [[]]
        for f in frags:
            if cuts and f.top >= cuts[0] - 1:
                while cuts and f.top >= cuts[0] - 1:
                    cuts.pop(0)
                parts.append([])
            parts[-1].append(f)
        return [p for p in parts if p]
    inside = [c for c in centers if block.top < c < block.bottom]
    if not inside:
        return [frags]
    # Cut the lines into a leading run (the end of the row above, which the page or a
    # continued line ran in) and one run per anchor, each centred as near its anchor as it
    # can be. A line left to the leading run costs a little, so a cell centred as a whole
    # stays whole.
    n, k = len(frags), len(inside)
    inf = float("inf")
    lead_cost = 0.05 * (block.frags[0].height or 10.0)

    def miss(i: int, j: int, c: float) -> float:
        return abs((frags[i].top + frags[j].bottom) / 2 - c)

    best = [[inf] * n for _ in range(k)]
    back = [[0] * n for _ in range(k)]
    for i in range(n):  # frags[:i] lead, frags[i..j] belong to the first anchor
        for j in range(i, n):
            c = i * lead_cost + miss(i, j, inside[0])
            if c < best[0][j]:
                best[0][j], back[0][j] = c, i
    for a in range(1, k):
        for j in range(a, n):
            for i in range(a, j + 1):
                if best[a - 1][i - 1] == inf:
                    continue
                c = best[a - 1][i - 1] + miss(i, j, inside[a])
                if c < best[a][j]:
                    best[a][j], back[a][j] = c, i
    if best[k - 1][n - 1] == inf:
        return [frags]
    parts = []
    j = n - 1
    for a in range(k - 1, -1, -1):
        i = back[a][j]
        parts.append(frags[i : j + 1])
        j = i - 1
    if j >= 0:
        parts.append(frags[: j + 1])
    return parts[::-1]


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
    return False


def _prose_below(line: Line, body: list[Line], left: float, char: float) -> bool:
    """A sentence starting left of every row so far ("各项指标得分情况见下表 3-2:"): the text
    after the table, however close under it."""
    assert line.spans is not None and line.box is not None
    if len(line.spans) != 1 or not body:
        return False
    edge = min([left] + [ln.box[0] for ln in body if ln.box])
    text = line.spans[0][2]
    return line.box[0] < edge - 0.5 * char and (not _is_label(text) or len(canon(text)) > 8)


def read_column_tables(doc: Document) -> None:
    """Find the tables without ruling lines in a Document with positioned lines, add them to
    its tables and put their rows in place of their lines."""
    if not any(ln.spans for ln in doc.lines):
        return
    lines = doc.lines
    found: list[tuple[Table, list[Line], list[tuple[int, Line]]]] = []
    i = 0
    while i < len(lines):
        header = _header_at(lines, i) if lines[i].cells is None and lines[i].spans else None
        if header is None:
            i += 1
            continue
        table, consumed, rows_at, i = _read_from(lines, i, header)
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
    lines: list[Line], i: int, header: _Header
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
            repeat = _header_at(lines, k)
            if repeat and _same_labels(repeat, header):
                consumed.extend(repeat.lines)
                k += len(repeat.lines)
                page, last_bottom = line.page, repeat.lines[-1].box[3]  # type: ignore[index]
                continue
            if _ends_table(line, left, right, bounds) or line.box[0] < left - 20:
                break
            page, last_bottom = line.page, line.box[1]
        elif line.box[1] - last_bottom > 2.5 * pitch:
            break
        if _ends_table(line, left, right, bounds) or _prose_below(line, body, left, pitch):
            break
        other = _header_at(lines, k)
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
        _Frag(ln, x0, x1, ln.box[1], ln.box[3], text)  # type: ignore[index]
        for ln in body
        for x0, x1, text in ln.spans or []
    ]
    bounds = _boundaries(header.labels, frags)
    for f in frags:
        f.col = _column(f, bounds)
    ncols = len(header.labels)
    head_line = header.lines[0]
    head_cells = [t for _, _, t in header.labels]
    rows_at: list[tuple[int, Line]] = [(index[id(head_line)], _row_line(head_cells, head_line))]
    table_rows = [Row(head_cells, head_line.page, head_line.number)]
    spanning = {j for j, (_, _, t) in enumerate(header.labels) if _MERGED_LABEL.match(canon(t))}
    by_page: dict[int | None, list[_Frag]] = {}
    for f in frags:
        by_page.setdefault(f.line.page, []).append(f)
    for page_frags in by_page.values():
        for texts, first in _page_segment_rows(page_frags, ncols, spanning):
            table_rows.append(Row(texts, first.page, first.number))
            rows_at.append((index[id(first)], _row_line(texts, first)))
    table = Table(table_rows, source="columns")
    return table, consumed + body, rows_at, k


def _row_line(cells: list[str], at: Line) -> Line:
    return Line("\t".join(cells), at.page, at.number, cells=cells)


def _same_labels(a: _Header, b: _Header) -> bool:
    return [canon(t) for _, _, t in a.labels] == [canon(t) for _, _, t in b.labels]
