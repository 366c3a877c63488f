"""Ruled tables drawn one right under another, which the table finder takes for one.

A web page or a PDF-to-Markdown copy often holds a long table as several tables, one per
page of the original, each with its own column widths. Printed again (Chromium prints
consecutive tables with no gap), the bottom rule of one is the top rule of the next, and
pdfplumber joins them into one grid whose columns are the union of both: every row then
gets empty cells between its own, and a score table reads as noise. Where the column rules
ending at a row boundary and those starting there do not line up, the grid is cut, and each
part is found again on its own.
"""

from __future__ import annotations

import itertools
from typing import Any

from .pdffast import find_tables

# Column rules of one table line up to within this (pt); Chromium draws them at exact positions.
SAME_RULE = 0.3
# At a row boundary, rules above and below that line up less than this share belong to two
# tables (a merged cell drops a rule or two, it does not move the others).
MIN_SHARED = 0.5
# Shorter pieces are the corners where borders meet, drawn by both tables.
MIN_RULE = 3.0


def split_stacked(page: Any, found: list[Any], settings: dict | None = None) -> list[Any]:
    """`found` (pdfplumber tables of `page`, found with `settings`), each table made of tables
    stacked with different columns replaced by its parts (found with the same settings)."""
    out: list[Any] = []
    for table in found:
        cuts = _cuts(page, table)
        if not cuts:
            out.append(table)
            continue
        x0, top, x1, bottom = table.bbox
        left, right = max(page.bbox[0], x0 - 1), min(page.bbox[2], x1 + 1)
        for a, b in itertools.pairwise([top, *cuts, bottom]):
            part = page.crop((left, max(page.bbox[1], a - 0.5), right, min(page.bbox[3], b + 0.5)))
            out.extend(find_tables(part, settings))
    return out


def _cuts(page: Any, table: Any) -> list[float]:
    """The row boundaries of `table` where its column rules change."""
    x0, top, x1, bottom = table.bbox
    rules = [
        e
        for e in page.vertical_edges
        if x0 + 1 < e["x0"] < x1 - 1
        and e["bottom"] > top - 1
        and e["top"] < bottom + 1
        and e["bottom"] - e["top"] >= MIN_RULE
    ]
    if not rules:
        return []
    cuts: list[float] = []
    for y in sorted({round(row.bbox[3], 1) for row in table.rows})[:-1]:
        above = {e["x0"] for e in rules if abs(e["bottom"] - y) <= 1}
        below = {e["x0"] for e in rules if abs(e["top"] - y) <= 1}
        if len(above) < 2 or len(below) < 2:
            continue
        shared = sum(1 for x in below if any(abs(x - a) <= SAME_RULE for a in above))
        if shared < MIN_SHARED * min(len(above), len(below)):
            cuts.append(y)
    return cuts
