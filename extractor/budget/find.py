"""Where the standard tables of a publication are: their captions, units and row lines.

Tables are found in the publication's lines (each a row of cells when the table reader
formed one): a caption names the table ("2026年预算单位一般公共预算支出功能分类预算表",
"预算05表 一般公共预算支出表", "收支总表（预算表1）"), a "单位：元 / 万元" line gives its
money unit, then come its header rows and body rows. A table split over pages repeats its
header (and sometimes its caption) on the next page: those rows continue the same table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from ..model import Line
from ..normalize import canon
from . import model as m

CAPTION = re.compile(
    r"(?:收支|收入|支出|财政拨款|功能分类|经济分类|三公|政府性基金|国有资本经营|基本支出)"
    r"[^。,;；:]{0,40}表(?:\([^()]{1,12}\))?$"
)
NOT_CAPTION = re.compile(r"说明|绩效|目标|目录|项目支出表|明细表|采购|资产|^注")
UNIT = re.compile(r"单位:\s*(万元|元)(?![\p{Han}])")
AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
MAX_PROSE = 25  # a line without cells longer than this is prose: the table has ended
MAX_NOTES = 3  # a note and the lines that continue it


@dataclass
class RawTable:
    """A table's caption and unit, then its rows as cells with the line each was read from."""

    caption: str
    kind: str
    final: bool
    scale: float | None = None
    header: list[tuple[Line, list[str]]] = field(default_factory=list)
    body: list[tuple[Line, list[str]]] = field(default_factory=list)
    ended: bool = False
    notes: list[Line] = field(default_factory=list)  # the 注 under it ("…故本表为空表。")
    line: Line | None = None  # the caption's line


def kind_of(caption: str) -> str:
    """The kind of standard table a caption names."""
    c = canon(caption)
    if "三公" in c:
        return m.THREE_PUBLIC
    if "政府性基金" in c:
        return m.GOV_FUND
    if "国有资本经营" in c:
        return m.STATE_CAPITAL
    if "基本支出" in c:
        return m.BASIC_ECONOMIC
    if re.search(r"财政拨款收(?:入)?(?:支出?)?.*总(?:体情况)?表", c):
        return m.APPROPRIATION_SUMMARY
    if re.search(r"收支.*总(?:体情况)?表|收入支出.*总表|财务收支", c):
        return m.SUMMARY
    if "一般公共预算" in c and "支出" in c:
        return m.GENERAL_FUNCTIONAL
    if "收入" in c:
        return m.INCOME
    if "支出" in c:
        return m.SPENDING
    return m.OTHER


def cells_of(line: Line) -> list[str] | None:
    """The line's cells: those the table reader formed, else its tab-separated parts."""
    if line.cells is not None:
        return line.cells
    if "\t" in line.text:
        return line.text.split("\t")
    return None


def caption_of(line: Line, cells: list[str] | None) -> str | None:
    """The table caption this line prints, if it is one (a short line, or one filled cell)."""
    if cells is not None:
        filled = [c for c in cells if c.strip()]
        if len(filled) != 1:
            if len(filled) == 2 and re.fullmatch(r"\d{1,2}|[一二三四五六七八九十]+", filled[0]):
                filled = ["".join(filled)]
            else:
                return None
        text = canon(filled[0])
    else:
        text = canon(line.text)
    if len(text) > 60 or not CAPTION.search(text) or NOT_CAPTION.search(text):
        return None
    return text


def is_amount(cell: str) -> bool:
    return bool(AMOUNT.match(canon(cell)))


def has_amount(cells: list[str]) -> bool:
    return any(is_amount(c) for c in cells)


def find_tables(lines: list[Line]) -> list[RawTable]:
    """Every caption, in document order, with the rows printed under it (none for a caption
    in a table of contents)."""
    tables: list[RawTable] = []
    cur: RawTable | None = None
    for ln in lines:
        cells = cells_of(ln)
        text = canon(ln.text)
        cap = caption_of(ln, cells)
        if cap is not None:
            if cur is not None and cur.body and _same_caption(cur.caption, cap):
                cur.ended = False  # the caption repeated over the next page
                continue
            cur = RawTable(cap, kind_of(cap), "决算" in cap, line=ln)
            tables.append(cur)
            continue
        if cur is None:
            continue
        unit = UNIT.search(text)
        if unit and (cells is None or sum(1 for c in cells if c.strip()) <= 2):
            if not cur.body:
                cur.scale = 1e4 if unit.group(1) == "万元" else 1.0
            continue
        if cells is None:
            if (text.startswith("注") and not cur.ended) or (
                cur.notes and len(cur.notes) < MAX_NOTES
            ):
                cur.notes.append(ln)
            if text.startswith("注") or len(text) > MAX_PROSE:
                cur.ended = True
            continue
        if not cells or cur.ended or not any(c.strip() for c in cells):
            continue
        _add_row(cur, ln, cells)
    return tables


def _same_caption(a: str, b: str) -> bool:
    strip = re.compile(r"^\d{4}年|\(续\)|续表")
    return strip.sub("", a) == strip.sub("", b)


def _add_row(table: RawTable, line: Line, cells: list[str]) -> None:
    """A header row (no amount, before the body) or a body row; a header repeated at the top
    of a later page is left out."""
    if _column_numbers(cells):
        return  # 栏次 1 2 3 …: the columns' numbers, not amounts
    if has_amount(cells) or _coded(cells):
        table.body.append((line, cells))
        return
    key = _key(cells)
    if not table.body:
        table.header.append((line, cells))
        return
    if any(_key(h) == key for _, h in table.header):
        return  # the header repeated over a page break
    table.body.append((line, cells))


def _column_numbers(cells: list[str]) -> bool:
    """A row numbering the columns ("栏次 | 1 | 2 | 3", "** | ** | 1 | 2"): its numbers run
    1, 2, 3 … (or 1 … with the labels' letters) and nothing else is printed but labels."""
    numbers = [canon(c) for c in cells if re.fullmatch(r"\d{1,2}", canon(c))]
    others = [canon(c) for c in cells if canon(c) and not re.fullmatch(r"\d{1,2}", canon(c))]
    if len(numbers) < 3 or any(is_amount(o) for o in others):
        return False
    ints = [int(n) for n in numbers]
    return ints == list(range(ints[0], ints[0] + len(ints)))


def _coded(cells: list[str]) -> bool:
    first = canon(cells[0]) if cells else ""
    return bool(re.match(r"^\d{3}(?:\d{2}){0,2}(?:-|$)", first))


def _key(cells: list[str]) -> str:
    return "|".join(canon(c) for c in cells)


__all__ = [
    "RawTable",
    "caption_of",
    "cells_of",
    "find_tables",
    "has_amount",
    "is_amount",
    "kind_of",
]
