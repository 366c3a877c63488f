"""Each column's lines grouped into cells: a line continues the cell above when it wraps there."""

from __future__ import annotations

import regex as re

from ..normalize import canon
from .cells import Block, Frag


def cell_blocks(frags: list[Frag], char: float, *, merged: bool = False) -> list[Block]:
    """One column's fragments grouped into cells: a line continues the cell above when it sits
    one line under it and the line above filled the column (text wraps at the column's edge).

    In a merged column (一级指标) a label wraps into its weight ("A 项目决策" over "(20)").
    """
    blocks: list[Block] = []
    ordered = sorted(frags, key=lambda f: (f.top, f.x0))
    if not ordered:
        return blocks
    width = max(f.x1 for f in ordered) - min(f.x0 for f in ordered)
    for f in ordered:
        if blocks and _continues(blocks[-1].frags[-1], f, width, char, merged=merged):
            blocks[-1].frags.append(f)
        else:
            blocks.append(Block(f.col, [f]))
    return blocks


def _continues(
    above: Frag, below: Frag, width: float, char: float, *, merged: bool = False
) -> bool:
    """Whether `below` is the next line of the cell `above` is in. A value (a number, a
    percentage) never wraps into the line below, except a merged label's weight."""
    if abs(below.top - above.top) < 0.5 * above.height:  # the same line: two spans of one cell
        return True
    if not merged and (VALUE.match(canon(above.text)) or VALUE.match(canon(below.text))):
        return False
    if _ITEM.match(below.text):  # "②…", "(2)…": a new paragraph of the cell, not a wrapped line
        return False
    if below.top - above.bottom > char:
        return False
    if merged:  # a merged label wraps however short its lines: "项目立项" over "（7）"
        return True
    height = max(above.height, 1.0)
    return len(canon(above.text)) >= 3 and above.x1 - above.x0 >= width - 1.6 * height


_ITEM = re.compile(
    r"^\s*(?:[①-⑳]|[（(]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]+、)(?=\s*\S)"
)
VALUE = re.compile(r"^[(（]?[-+≥≤<>=]*\d+(?:\.\d+)?\s*(?:%|分|万元|元)?[)）]?$")
