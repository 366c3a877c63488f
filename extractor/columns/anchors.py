"""Rows found from the column that holds one value a row (权重, 得分): each of its cells is a row
and every other cell joins the row it sits with."""

from __future__ import annotations

import itertools

import regex as re

from ..normalize import canon
from .blocks import VALUE, cell_blocks
from .cells import Block, Frag, Span


def rows_by_anchor(frags: list[Frag], char: float) -> tuple[list[Span], dict[int, int]] | None:
    """Rows found from a column that holds one value a row (权重, 得分): each of its cells is a
    row, and every other cell joins the row it is centred on (or starts at). A cell of a long
    column that holds two rows' anchors was two cells run together and is cut between them.
    None when the table has no such column."""
    by_col = _blocks_by_column(frags, char)
    anchor_col = _anchor_column(by_col)
    if anchor_col is None:
        return None
    anchors = sorted(by_col[anchor_col], key=lambda b: b.top)
    centers = [a.center for a in anchors]
    tops = [a.top for a in anchors]
    tall = [b for col, bs in by_col.items() if col != anchor_col for b in bs if len(b.frags) > 1]
    err_mid = sum(min(abs(b.center - c) for c in centers) for b in tall)
    err_top = sum(min(abs(b.top - t) for t in tops) for b in tall)
    mode = "top" if tall and err_top < err_mid else "middle"

    row_of: dict[int, int] = {}
    orphans = False
    for col, blocks in by_col.items():
        parts = [
            part
            for block in sorted(blocks, key=lambda b: b.top)
            for part in _split_at_anchors(block, centers, tops, mode)
        ]
        placed = [_row_of_part(part, centers, tops, mode, char) for part in parts]
        if mode == "middle" and col != anchor_col:
            placed = _centre_runs(parts, placed, centers, tops, char)
        for part, r in zip(parts, placed, strict=True):
            orphans = orphans or r == -1
            for f in part:
                row_of[id(f)] = r
    shift = 1 if orphans else 0
    row_of = {k: v + shift for k, v in row_of.items()}
    rows: list[Span] = []
    for i in range(len(anchors) + shift):
        members = [f for f in frags if row_of[id(f)] == i]
        if members:
            rows.append(Span(min(f.top for f in members), max(f.bottom for f in members)))
        else:
            rows.append(Span(0.0, 0.0))
    return rows, row_of


def _row_of_part(
    part: list[Frag], centers: list[float], tops: list[float], mode: str, char: float
) -> int:
    """The row a part of a cell joins on its own: the anchor it starts under (mode 'top') or is
    centred nearest (mode 'middle'); -1 for text above the first row."""
    top = min(f.top for f in part)
    bottom = max(f.bottom for f in part)
    center = (top + bottom) / 2
    if mode == "top":
        before = [i for i, t in enumerate(tops) if t <= top + 0.4 * char]
        return before[-1] if before else -1
    r = min(range(len(centers)), key=lambda i: abs(centers[i] - center))
    if (
        r == 0
        and bottom < tops[0] - 0.5 * char
        and (centers[0] - center > (bottom - top) / 2 + char)
    ):
        return -1  # text above the first row: the end of a row the page cut
    return r


def _centre_runs(
    parts: list[list[Frag]],
    placed: list[int],
    centers: list[float],
    anchor_tops: list[float],
    char: float,
) -> list[int]:
    """Paragraphs of a column that follow each other line after line (the ①②③④ of a 评分标准
    cell, then the next row's ①②) given to rows so that each row's paragraphs together are
    centred on its anchor: one by one, the last paragraph of a tall cell is nearer the next
    row's anchor than its own."""
    out = list(placed)
    start = 0
    for k in range(1, len(parts) + 1):
        gap = (
            min(f.top for f in parts[k]) - max(f.bottom for f in parts[k - 1])
            if k < len(parts)
            else float("inf")
        )
        if gap < 0.8 * char:
            continue
        run = [i for i in range(start, k) if placed[i] != -1]
        rows = (
            _monotone_centres([parts[i] for i in run], centers, anchor_tops)
            if len(run) >= 2
            else None
        )
        for i, r in zip(run, rows or [], strict=False):
            out[i] = r
        start = k
    return out


def _monotone_centres(
    parts: list[list[Frag]], centers: list[float], anchor_tops: list[float]
) -> list[int] | None:
    """Consecutive parts grouped, in order, one group per anchor (rows may get none), so that
    the sum of the distances between each group's centre and its anchor's is least, no group
    reaching past the anchors of the rows beside its own. None when no grouping fits."""
    m, n = len(parts), len(centers)
    tops = [min(f.top for f in p) for p in parts]
    bottoms = [max(f.bottom for f in p) for p in parts]
    inf = float("inf")
    best = [[inf] * n for _ in range(m + 1)]  # best[j][a]: parts[:j], last group at anchor a
    back: list[list[tuple[int, int]]] = [[(-1, -1)] * n for _ in range(m + 1)]
    for j in range(1, m + 1):
        for i in range(j):
            middle = (tops[i] + bottoms[j - 1]) / 2
            prev, arg = (0.0, -1) if i == 0 else (inf, -1)
            for a in range(n):
                if i > 0 and a > 0 and best[i][a - 1] < prev:
                    prev, arg = best[i][a - 1], a - 1
                if prev == inf or not _within(tops[i], bottoms[j - 1], centers, a):
                    continue
                c = prev + abs(middle - centers[a])
                if a in (0, n - 1):  # a row the page cut: its cells start at its top
                    c = min(c, prev + abs(tops[i] - anchor_tops[a]))
                if c < best[j][a]:
                    best[j][a], back[j][a] = c, (i, arg)
    a = min(range(n), key=lambda k: best[m][k])
    if best[m][a] == inf:
        return None
    out = [0] * m
    j = m
    while j > 0:
        i, prev_a = back[j][a]
        for k in range(i, j):
            out[k] = a
        j, a = i, prev_a
    return out


def _within(top: float, bottom: float, centers: list[float], a: int) -> bool:
    """A row's cell lies between the anchors of the rows above and below it."""
    return (a == 0 or top > centers[a - 1]) and (a == len(centers) - 1 or bottom < centers[a + 1])


def _blocks_by_column(frags: list[Frag], char: float) -> dict[int, list[Block]]:
    return {
        col: cell_blocks([f for f in frags if f.col == col], char) for col in {f.col for f in frags}
    }


def _anchor_column(by_col: dict[int, list[Block]]) -> int | None:
    """The column of one-line values with the most cells (the leftmost on a tie), or None."""
    candidates = []
    for col, blocks in by_col.items():
        values = sum(1 for b in blocks if len(b.frags) == 1 and _value(b.text))
        if (
            len(blocks) >= 2
            and all(len(b.frags) == 1 for b in blocks)
            and 2 * values >= len(blocks)
        ):
            candidates.append((len(blocks), -col, col))
    return max(candidates)[2] if candidates else None


# A cell that says it has no value ("—", "/"): in a column of values, as good as one.
_PLACEHOLDER = re.compile(r"^[—–―\-/／]+$")


def _value(text: str) -> bool:
    key = canon(text)
    return bool(VALUE.match(key) or _PLACEHOLDER.match(key))


def merged_over_rows(frags: list[Frag], char: float) -> set[int]:
    """Columns whose cells are merged over several rows, found from where they sit: a cell
    centred half-way between two rows' anchors (a weight "4" between the points "2" and "2" of
    its two sub-items, a name "立项依据充分性" wrapped across them). A cell of one row sits at
    its row's anchor, level with it or at its top, never half-way to the next; a column with
    as many cells as the anchors is one cell a row."""
    by_col = _blocks_by_column(frags, char)
    anchor_col = _anchor_column(by_col)
    if anchor_col is None:
        return set()
    anchors = sorted(by_col[anchor_col], key=lambda b: b.top)
    if any(b.center - a.center < 1.5 * char for a, b in itertools.pairwise(anchors)):
        return set()  # anchors a line apart: one value wrapped, or no rows to speak of
    out: set[int] = set()
    for col, blocks in by_col.items():
        if col == anchor_col or len(blocks) >= len(anchors):
            continue
        if any(_between(b, anchors, char) for b in blocks):
            out.add(col)
    return out


def _between(block: Block, anchors: list[Block], char: float) -> bool:
    """A cell centred half-way between two consecutive anchors and, if it has several lines,
    reaching both without holding both: lines that each sit level with an anchor are one cell
    a row run together ("张三" over "李四"), and text from above the one anchor to below the
    other is two tall cells run together."""
    for upper, lower in itertools.pairwise(anchors):
        if abs(block.center - (upper.center + lower.center) / 2) > 0.35 * char:
            continue
        if len(block.frags) == 1:
            return True
        level = all(
            any(abs((f.top + f.bottom) / 2 - a.center) <= 0.35 * char for a in anchors)
            for f in block.frags
        )
        holds = block.top <= upper.top and block.bottom >= lower.bottom
        if block.top < upper.bottom and block.bottom > lower.top and not level and not holds:
            return True
    return False


_SENTENCE_END = re.compile(r"[。；;！？!?）)]\s*$")


def _split_at_anchors(
    block: Block, centers: list[float], tops: list[float], mode: str
) -> list[list[Frag]]:
    """A long cell that holds the anchors of several rows, cut into one part per row."""
    frags = sorted(block.frags, key=lambda f: f.top)
    if len(frags) < 2:
        return [frags]
    if mode == "top":
        cuts = [t for t in tops if block.top + 1 < t <= block.bottom]
        if not cuts:
            return [frags]
        parts: list[list[Frag]] = [[]]
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

    # A cut after a line that ends no sentence costs more: a cell's text most often ends one
    # ("…合理性情况。"), and a row's anchor is not always at its centre.
    mid_sentence = 1.5 * (block.frags[0].height or 10.0)

    def miss(i: int, j: int, c: float) -> float:
        cut = 0.0 if i == 0 or _SENTENCE_END.search(frags[i - 1].text) else mid_sentence
        return abs((frags[i].top + frags[j].bottom) / 2 - c) + cut

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
