"""Rows of a table without ruling lines found by cutting its lines, when no column holds one
value a row to anchor them (`anchors.py`)."""

from __future__ import annotations

import statistics

from ..normalize import canon
from .blocks import VALUE, cell_blocks
from .cells import Frag, Span, line_height

# Costs of the row partition: a cell's lines not together or not placed as its row's other
# cells are; a wrapped line cut from its cell; every row found (negative: finer is better).
_MISPLACED, _CUT, _ROW = 10.0, 5.0, -1.0
MAX_ROW_LINES = 80


def partition(frags: list[Frag], char: float) -> list[Span]:
    """Rows of one page's part of a table: the finest cut of its lines into rows in which each
    column holds at most one cell, and every cell sits as the row's other cells do (all at
    the row's top, or all centred on it), never cutting a wrapped cell in two."""
    ys: list[list[Frag]] = []
    for f in sorted(frags, key=lambda f: f.top):
        if ys and f.top - ys[-1][0].top < 0.35 * max(f.height, 1.0):
            ys[-1].append(f)
        else:
            ys.append([f])
    m = len(ys)
    height = line_height(frags)  # of these rows' own lines, for placing cells in a row
    line_of = {id(f): i for i, group in enumerate(ys) for f in group}
    cell_of: dict[int, int] = {}
    cut_cost = [0.0] * m  # a row boundary between line i and line i + 1 cuts a wrapped cell
    # Columns of one-line cells (weights, scores, short names): two cells of one such column
    # never share a row. A column of long text may hold several paragraphs in one cell.
    short: set[int] = set()
    for col in {f.col for f in frags}:
        blocks = cell_blocks([f for f in frags if f.col == col], char)
        if statistics.median([len(b.frags) for b in blocks]) <= 1:
            short.add(col)
        for block in blocks:
            for f in block.frags:
                cell_of[id(f)] = id(block) if col in short or VALUE.match(canon(f.text)) else col
            for i in range(line_of[id(block.frags[0])], line_of[id(block.frags[-1])]):
                cut_cost[i] += _CUT
    best: list[tuple[float, list[Span]]] = []
    for mode in ("middle", "top"):
        cost = [0.0] + [float("inf")] * m
        back = [0] * (m + 1)
        for b in range(1, m + 1):
            for a in range(max(0, b - MAX_ROW_LINES), b):
                if cost[a] == float("inf"):
                    continue
                c = cost[a] + _row_cost(ys[a:b], cell_of, mode, height) + _ROW
                if b < m:
                    c += cut_cost[b - 1]
                if c < cost[b]:
                    cost[b], back[b] = c, a
        rows: list[Span] = []
        b = m
        while b > 0:
            a = back[b]
            members = [f for group in ys[a:b] for f in group]
            rows.append(Span(min(f.top for f in members), max(f.bottom for f in members)))
            b = a
        best.append((cost[m], rows[::-1]))
    return min(best, key=lambda pair: pair[0])[1]


def _row_cost(groups: list[list[Frag]], cell_of: dict[int, int], mode: str, char: float) -> float:
    """How badly a run of lines makes one row: a column with two cells in it, or a cell not
    placed as the others (top-aligned or centred)."""
    members = [f for group in groups for f in group]
    top = min(f.top for f in members)
    bottom = max(f.bottom for f in members)
    center = (top + bottom) / 2
    by_col: dict[int, list[Frag]] = {}
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
