"""Cells merged over several rows (一级指标, 二级指标): each given to the first row of the run of rows
it is centred on (or starts at), as a ruled table gives a merged cell's text to its first row."""

from __future__ import annotations

import itertools

import regex as re

from .cells import Block, Frag, Span


def place_spanning(blocks: list[Block], rows: list[Span]) -> dict[int, Block]:
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
        out: dict[int, Block] = {}
        for block in blocks:
            r = max([i for i, row in enumerate(rows) if row.top <= block.top + 1] or [0])
            out.setdefault(r, block)
        return out
    return {start: block for start, block in zip(best[1], blocks, strict=False)}


def _tile(blocks: list[Block], rows: list[Span], mode: str) -> tuple[float, list[int] | None]:
    """Dynamic programme: contiguous runs, one per block, in order; the cost of a run is how
    far its block sits from the run's top (mode 'top') or centre (mode 'middle')."""
    n, k = len(rows), len(blocks)
    inf = float("inf")

    def cost(b: Block, s: int, e: int) -> float:
        top, bottom = rows[s].top, rows[e].bottom
        if b.bottom < top - 1 or b.top > bottom + 1:
            return inf  # a block lies inside its run
        at_top = abs(b.top - top)
        centred = abs(b.center - (top + bottom) / 2)
        if mode == "middle" and e == n - 1:
            # A run the page ends may go on over the next page: a centred cell cut so is
            # printed at the top of its part on this page.
            return min(at_top, centred)
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


# A label that ends with its weight ("A1 项目立项 (8)", "产出（40分）"): a line above without one
# is the label's first line, however it sits.
_WEIGHTED = re.compile(r"[（(]?\s*\d+(?:\.\d+)?\s*分?\s*[)）]\s*$|^\s*分\s*[)）]\s*$")


def split_at_rows(
    block: Block, rows: list[Span], char: float, width: float | None = None
) -> list[Block]:
    """A merged column's block whose lines each sit at the centre of a different row was one
    label a row ("产出数量" over "产出质量" in a summary table), not one wrapped label. So was
    one whose lines each sit at the top of a different row, when the upper line is short of
    the column's `width` (a label that wraps fills its column first)."""
    parts = [Block(block.col, [block.frags[0]])]
    for above, below in itertools.pairwise(block.frags):
        ra, rb = _centred_row(above, rows, char), _centred_row(below, rows, char)
        if (ra is None or rb is None) and width and above.x1 - above.x0 < width - 1.6 * char:
            ra, rb = _top_row(above, rows, char), _top_row(below, rows, char)
        wrapped = not _WEIGHTED.search(above.text) and _WEIGHTED.search(below.text)
        if ra is not None and rb is not None and ra != rb and not wrapped:
            parts.append(Block(block.col, [below]))
        else:
            parts[-1].frags.append(below)
    return parts


def _centred_row(frag: Frag, rows: list[Span], char: float) -> int | None:
    center = (frag.top + frag.bottom) / 2
    for i, row in enumerate(rows):
        if row.bottom > row.top and abs(row.center - center) <= 0.45 * char:
            return i
    return None


def _top_row(frag: Frag, rows: list[Span], char: float) -> int | None:
    """The row a line sits at the top of (a table whose cells are printed at their tops)."""
    for i, row in enumerate(rows):
        if row.bottom > row.top and abs(row.top - frag.top) <= 0.45 * char:
            return i
    return None
