"""The standard tables of a 部门预算 / 部门决算 publication, read as typed data.

`read_budget_tables(lines)` finds each standard table by its caption (find.py) and reads
its columns and rows (read.py) into BudgetTables (model.py). Only publications are read
(extractor/report.py calls it for kind "publication"), so other documents pay nothing.

A table's money unit is its own "单位：元 / 万元" line. PDF readers often drop that line
as a running header; then the unit is inferred from the 说明, which restates the tables
in 万元: the unit under which more of the tables' amounts reappear in the text wins
(a document's most stated unit is no guide: the 三公 table alone may say 万元).
"""

from __future__ import annotations

import regex as re

from ..model import Line
from ..normalize import canon
from .find import RawTable, find_tables, is_amount
from .model import BudgetRow, BudgetTable, Column
from .read import read_table

WAN = re.compile(r"(\d[\d,]*\.\d{2})\s*万元")
MIN_VOTES = 3
MIN_LISTED = 5


def read_budget_tables(lines: list[Line]) -> list[BudgetTable]:
    """Every standard table the publication prints, with its rows as typed data."""
    raws = [t for t in find_tables(lines) if t.body or t.header]  # an empty table has a header
    if not raws:
        return []
    default = infer_scale(raws, lines)
    return [read_table(raw, default) for raw in raws]


def missing_tables(lines: list[Line]) -> list[tuple[Line, str]]:
    """Tables the publication's table of contents lists (a run of captions with no rows)
    that it never prints: no caption with rows or header of that name follows. Said only
    when most listed tables are found, so that the list and the captions match at all."""
    captions = find_tables(lines)
    listed: list[tuple[Line, str]] = []
    run: list[tuple[Line, str]] = []
    for raw in captions:
        if raw.body or raw.header or raw.line is None:
            if len(run) >= MIN_LISTED:
                listed = run
                break
            run = []
            continue
        run.append((raw.line, bare_caption(raw.caption)))
    if not listed:
        return []
    after = listed[-1][0].number
    printed = {
        bare_caption(r.caption)
        for r in captions
        if (r.body or r.header) and r.line and r.line.number > after
    }
    found = [name for _, name in listed if name in printed]
    if len(found) < len(listed) - 1 or len(found) < MIN_LISTED:
        return []
    return [(line, name) for line, name in listed if name not in printed]


def bare_caption(caption: str) -> str:
    """A caption without its numbering and year ("三、支出决算表" → "支出决算表")."""
    text = canon(caption)
    text = re.sub(r"^(?:[一二三四五六七八九十]+|\d{1,2})[、.．]", "", text)
    text = re.sub(r"^(?:19|20)\d{2}年度?", "", text)
    return text


def infer_scale(raws: list[RawTable], lines: list[Line]) -> float | None:
    """元 (1) or 万元 (1e4) for the tables that do not state their unit, from the amounts the
    text restates in 万元; None when the text does not decide."""
    stated = {
        round(float(m.group(1).replace(",", "")), 2)
        for ln in lines
        if ln.cells is None
        for m in WAN.finditer(canon(ln.text))
    }
    if not stated:
        return None
    values: set[float] = set()
    for raw in raws:
        if raw.scale is not None:
            continue
        for _, cells in raw.body:
            for c in cells:
                text = canon(c)
                if is_amount(text):
                    v = float(text.replace(",", ""))
                    if v >= 100:
                        values.add(v)
    as_yuan = sum(1 for v in values if round(v / 1e4, 2) in stated)
    as_wan = sum(1 for v in values if round(v, 2) in stated)
    if as_yuan >= MIN_VOTES and as_yuan >= 2 * as_wan:
        return 1.0
    if as_wan >= MIN_VOTES and as_wan >= 2 * as_yuan:
        return 1e4
    return None


__all__ = [
    "BudgetRow",
    "BudgetTable",
    "Column",
    "bare_caption",
    "infer_scale",
    "missing_tables",
    "read_budget_tables",
]
