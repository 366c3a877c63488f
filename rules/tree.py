"""Navigation of the indicator tree as printed: children, totals, lookups by name."""

from __future__ import annotations

from extractor.model import Indicator, Report
from extractor.normalize import name_key

LEVEL_NAMES = {0: "合计", 1: "一级指标", 2: "二级指标", 3: "三级指标"}


def children(tree: list[Indicator], parent: Indicator) -> list[Indicator]:
    """The direct children of an indicator: the next level down, until its siblings resume."""
    try:
        start = next(i for i, ind in enumerate(tree) if ind is parent)
    except StopIteration:
        return []
    out = []
    for ind in tree[start + 1 :]:
        if ind.level <= parent.level:
            break
        if ind.level == parent.level + 1:
            out.append(ind)
    return out


def top_level(tree: list[Indicator]) -> list[Indicator]:
    return [i for i in tree if i.level == 1]


def find(report: Report, name: str, level: int | None = None) -> Indicator | None:
    """The one indicator with that name (loosely compared), at that level if given."""
    key = name_key(name)
    found = [
        i
        for i in report.indicators
        if name_key(i.name) == key and (level is None or i.level == level)
    ]
    if len(found) == 1:
        return found[0]
    if level is not None and not found:
        return None
    return (
        found[0]
        if found and level is None and len({i.level for i in found}) == 1 and len(found) == 1
        else None
    )


def label(ind: Indicator) -> str:
    """How a message names an indicator: its level and name, with its code when printed."""
    code = f"{ind.code} " if ind.code else ""
    return f"{LEVEL_NAMES.get(ind.level, '指标')}“{code}{ind.name}”"
