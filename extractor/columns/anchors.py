"""Rows found from the column that holds one value a row (权重, 得分): each of its cells is a row
and every other cell joins the row it sits with."""

from __future__ import annotations

from ..normalize import canon
from .blocks import VALUE, cell_blocks
from .cells import Block, Frag, Span


def rows_by_anchor(frags: list[Frag], char: float) -> tuple[list[Span], dict[int, int]] | None:
    """Rows found from a column that holds one value a row (权重, 得分): each of its cells is a
    row, and every other cell joins the row it is centred on (or starts at). A cell of a long
    column that holds two rows' anchors was two cells run together and is cut between them.
    None when the table has no such column."""
    by_col: dict[int, list[Block]] = {}
    for col in {f.col for f in frags}:
        by_col[col] = cell_blocks([f for f in frags if f.col == col], char)
    candidates = []
    for col, blocks in by_col.items():
        values = sum(1 for b in blocks if len(b.frags) == 1 and VALUE.match(canon(b.text)))
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
    rows: list[Span] = []
    for i in range(len(anchors) + shift):
        members = [f for f in frags if row_of[id(f)] == i]
        if members:
            rows.append(Span(min(f.top for f in members), max(f.bottom for f in members)))
        else:
            rows.append(Span(0.0, 0.0))
    return rows, row_of


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
