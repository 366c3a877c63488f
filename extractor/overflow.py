"""Text that runs past its cell's right border, put back in its cell.

Spreadsheets exported to PDF (WPS 表格, Excel) print a cell's text in one run and
clip what does not fit: "一般性支出情况" in a narrow merged cell prints as 一般性支出情,
and its 况 lies over the next column, where placing characters by their centre puts
it (the next cell then reads "况一般性支出情", the one after "况“三公”经费…"). Such a
run is recognisable: its characters touch (each starts where the one before ends)
across a column's border, which the padding of two cells' own texts never allows.
The characters of the run past the border are given back to the cell it started in.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import pairwise
from typing import Any

from .pdffast import cell_text

TOUCH = 0.5  # points: glyphs of one run abut; two cells' texts are a padding apart or overlap


def overflow_texts(ft: Any, pairs: list[tuple[Any, list[str | None]]]) -> dict[int, dict[int, str]]:
    """{row: {col: text}} for the cells whose text changes when overflowing runs go home."""
    cells = [
        (r, j, bbox)
        for r, (row, _) in enumerate(pairs)
        for j, bbox in enumerate(row.cells)
        if bbox is not None
    ]
    x0, top, x1, bottom = ft.bbox
    inside = [
        c
        for c in ft.page.chars
        if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom
    ]
    if not cells or not _any_crossing(inside, sorted({b[0] for _, _, b in cells})):
        return {}  # the common case, decided without placing every character
    owner: dict[int, tuple[int, int]] = {}
    chars = []
    for c in inside:
        h, v = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        cell = next(((r, j, b) for r, j, b in cells if b[0] <= h < b[2] and b[1] <= v < b[3]), None)
        if cell is not None:
            owner[id(c)] = (cell[0], cell[1])
            chars.append((c, cell[2]))
    moved = _moved(chars, owner)
    if not moved:
        return {}
    touched = {owner[i] for i in moved} | set(moved.values())
    members: dict[tuple[int, int], list[dict]] = {key: [] for key in touched}
    for c, _ in chars:
        key = moved.get(id(c), owner[id(c)])
        if key in members:
            members[key].append(c)
    out: dict[int, dict[int, str]] = {}
    for (r, j), cs in members.items():
        out.setdefault(r, {})[j] = cell_text(cs) if cs else ""
    return out


def _any_crossing(chars: list[dict], borders: list[float]) -> bool:
    """Whether two abutting characters of one line straddle a cell's left border."""
    lines: dict[int, list[dict]] = {}
    for c in chars:
        lines.setdefault(round(c["bottom"]), []).append(c)
    for line in lines.values():
        line.sort(key=lambda c: c["x0"])
        for a, b in pairwise(line):
            if abs(b["x0"] - a["x1"]) <= TOUCH:
                i = bisect_left(borders, a["x0"])
                if i < len(borders) and borders[i] <= b["x1"]:
                    return True
    return False


def _moved(
    chars: list[tuple[dict, tuple]], owner: dict[int, tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    """id(char) → the cell it belongs to, for the characters of runs that cross a border."""
    lines: dict[int, list[tuple[dict, tuple]]] = {}
    for c, bbox in chars:
        lines.setdefault(round(c["bottom"]), []).append((c, bbox))
    moved: dict[int, tuple[int, int]] = {}
    for line in lines.values():
        line.sort(key=lambda cb: cb[0]["x0"])
        for (a, _), (b, b_box) in pairwise(line):
            home = moved.get(id(a), owner[id(a)])
            if abs(b["x0"] - a["x1"]) > TOUCH or home == owner[id(b)]:
                continue
            crosses = a["x0"] <= b_box[0] <= b["x1"]  # the border lies inside the run
            if crosses or id(a) in moved:
                moved[id(b)] = home
    return moved
