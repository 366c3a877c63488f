"""One page's part of a table without ruling lines as rows of cell texts."""

from __future__ import annotations

import itertools

from ..model import Line
from .anchors import merged_over_rows, rows_by_anchor
from .blocks import cell_blocks
from .cells import Frag, Span, join_lines, line_height
from .merged import place_spanning, split_at_rows
from .partition import partition


def segment_rows(
    frags: list[Frag], ncols: int, spanning: set[int], starts: list[float] | None = None
) -> list[tuple[list[str], Line]]:
    """One page's part of a table as rows of cell texts, each with the line it starts on; where
    the column labels start (`starts`) is known, a row's label left of its column's is moved
    to the empty column before it."""
    if not frags:
        return []
    char = line_height(frags)
    # Columns merged over rows by their label wrap however short their lines ("项目立项" over
    # "（7）"); those found from where they sit are names that wrap at the column's edge.
    found = merged_over_rows([f for f in frags if f.col not in spanning], char)
    labelled = spanning
    spanning = spanning | found
    row_cols = set(range(ncols)) - spanning
    row_frags = [f for f in frags if f.col in row_cols]
    anchored = rows_by_anchor(row_frags, char)
    if anchored is not None:
        rows, row_of = anchored
    else:
        rows = partition(row_frags, char)
        row_of = {id(f): _row_holding(rows, f) for f in row_frags}
    if not rows:
        return []
    rows, row_of = _label_rows(rows, row_of, [f for f in frags if f.col in spanning])
    cells: list[list[list[Frag]]] = [[[] for _ in range(ncols)] for _ in rows]
    for f in row_frags:
        cells[row_of[id(f)]][f.col].append(f)
    for col in spanning:
        blocks = cell_blocks([f for f in frags if f.col == col], char, merged=col in labelled)
        own = [f for f in frags if f.col == col]
        width = max(f.x1 for f in own) - min(f.x0 for f in own) if own else None
        blocks = [part for b in blocks for part in split_at_rows(b, rows, char, width)]
        for start, block in place_spanning(blocks, rows).items():
            cells[start][col].extend(block.frags)
    out: list[tuple[list[str], Line]] = []
    for row in cells:
        if starts is not None:
            _label_to_its_column(row, starts)
        texts = [
            join_lines(f.text for f in sorted(col, key=lambda f: (f.top, f.x0))) for col in row
        ]
        firsts = [f for col in row for f in col]
        if not any(texts) or not firsts:
            continue
        first = min(firsts, key=lambda f: (f.top, f.x0))
        out.append((texts, first.line))
    return out


def _label_to_its_column(row: list[list[Frag]], starts: list[float]) -> None:
    """Give a row's label back its own column where the header has none for it: a header cell
    merged over two columns ("年度预算申请（万元）" over the labels and the amounts) leaves the
    label ("年度资金总额") nearer the next column, a wide gap before that column's value. A
    line's first piece in a column that ends before the column's label begins, with a piece
    under the label after it on the same line, goes to the column on its left where that is
    empty in this row."""
    for col in range(1, len(row)):
        if row[col - 1]:
            continue
        pieces = sorted(row[col], key=lambda f: (f.top, f.x0))
        for first, second in itertools.pairwise(pieces):
            same_line = first.line is second.line
            if same_line and first.x1 < starts[col] <= second.x0 + first.height:
                row[col - 1].append(first)
                row[col].remove(first)
                break


def _label_rows(
    rows: list[Span], row_of: dict[int, int], labels: list[Frag]
) -> tuple[list[Span], dict[int, int]]:
    """Rows that hold only a level's label ("经济效益指标", no indicator of its own): lines of
    the merged columns that touch no row, in a gap between two rows wider than the others by
    their height. The rows found from the other columns have no place for them."""
    real = [r for r in rows if r.bottom > r.top]
    gaps = sorted(b.top - a.bottom for a, b in itertools.pairwise(real))
    if not gaps:
        return rows, row_of
    usual = gaps[len(gaps) // 2]
    loose = [
        f for f in labels if not any(r.top - 1 < f.bottom and f.top < r.bottom + 1 for r in real)
    ]
    extra: list[Span] = []
    for f in sorted(loose, key=lambda f: f.top):
        if extra and f.top < extra[-1].bottom:
            extra[-1] = Span(extra[-1].top, max(extra[-1].bottom, f.bottom))
            continue
        above = [r for r in real if r.bottom <= f.top]
        below = [r for r in real if r.top >= f.bottom]
        if not above or not below:
            continue
        gap = min(r.top for r in below) - max(r.bottom for r in above)
        if gap >= usual + (f.bottom - f.top):
            extra.append(Span(f.top, f.bottom))
    if not extra:
        return rows, row_of
    merged = sorted([*rows, *extra], key=lambda r: (r.top, r.bottom))
    index = {id(r): k for k, r in enumerate(merged)}
    moved = {k: index[id(r)] for k, r in enumerate(rows)}
    return merged, {f: moved[k] for f, k in row_of.items()}


def _row_holding(rows: list[Span], frag: Frag) -> int:
    """The row whose lines hold the fragment (the partition cut the lines, so its rows hold
    them all), or the nearest by centre. The nearest centre alone would give the last lines of
    a tall row (a 评分过程 a page break continued) to a taller row below it."""
    middle = (frag.top + frag.bottom) / 2
    for i, row in enumerate(rows):
        if row.top <= middle <= row.bottom:
            return i
    return min(range(len(rows)), key=lambda i: abs(rows[i].center - middle))
