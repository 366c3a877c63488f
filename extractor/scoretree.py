"""The indicator tree of a report: the detailed table, completed from the tables that restate it.

Which printed table is the tree, and how the others fill what it leaves out (level-3
scores and sub-items from item tables, by name, code or the order of weights; level-1
and level-2 scores from summaries), is decided here and only here, once every table
has been read as printed.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Indicator, ScoreTable
from .normalize import canon, name_key
from .scorewords import L2_CODE


def build_tree(score_tables: list[ScoreTable]) -> list[Indicator]:
    """The detailed tree (the first detailed table with the most rows), completed from the others."""
    detailed = [t for t in score_tables if t.kind == "detailed"]
    if not detailed:
        items = [r for t in score_tables if t.kind == "items" for r in t.rows]
        if items:
            return [_copy(r) for r in items]
        # a report that publishes its level-1 (or level-2) scores only: they are its tree
        summary = next((t for t in score_tables if t.kind == "summary"), None)
        return [_copy(r) for r in summary.rows if r.level] if summary else []
    primary = max(
        detailed, key=lambda t: (sum(1 for r in t.rows if r.score is not None), len(t.rows))
    )
    tree = [_copy(r) for r in primary.rows]
    by_code = {i.code: i for i in tree if i.code}
    for table in detailed:
        if table is primary:
            continue
        for row in table.rows:
            target = by_code.get(row.code) if row.code else _find(tree, row.name, row.level)
            if target is None:
                continue
            for attr in ("rubric", "explanation", "process", "benchmark", "actual"):
                if getattr(target, attr) is None and getattr(row, attr):
                    setattr(target, attr, getattr(row, attr))
            if target.score is None and row.score is not None:
                target.score = row.score
            if target.weight is None and row.weight is not None:
                target.weight = row.weight
    # Level-3 scores from item tables, by name or, failing that, by order within a level-1 group.
    for table in score_tables:
        if table.kind != "items":
            continue
        unmatched = []
        for row in table.rows:
            group = _coded_group(tree, row)
            if group is not None:
                _complete_group(group, row)
                continue
            target = _find(tree, row.name, 3)
            if target is None:
                unmatched.append(row)
                continue
            _complete(target, row)
        if unmatched and len(unmatched) == len(table.rows):
            group = _group_by_weights(
                tree, [r.weight.value if r.weight else None for r in table.rows]
            )
            if group:
                for target, row in zip(group, table.rows, strict=True):
                    _complete(target, row)
    # Level-1/2 scores from summaries, by name at the same level.
    for table in score_tables:
        if table.kind != "summary":
            continue
        for row in table.rows:
            if row.level == 0:
                continue
            target = _find(tree, row.name, row.level)
            if target is not None:
                if target.score is None and row.score is not None:
                    target.score = row.score
                    target.score_from_summary = True
                if target.weight is None:
                    target.weight = row.weight
    name_ancestors(tree)
    return tree


def name_ancestors(tree: list[Indicator]) -> None:
    """Give every row of the tree the names of its level-1 and level-2 ancestors (level1, level2).

    The record states them for reports as forms do, so that a row can be read without the
    rows above it. Codes decide when printed (A101 is under A1 and A, wherever the row
    stands); otherwise the order of the rows does, as in the printed table.
    """
    by_code = {i.code: i for i in tree if i.code and i.level in (1, 2)}
    l1: Indicator | None = None
    l2: Indicator | None = None
    for ind in tree:
        ind.in_tree = True
        if ind.level == 1:
            l1, l2 = ind, None
        elif ind.level == 2:
            l2 = ind
        up1, up2 = (l1, l2) if ind.level == 3 else (l1, None)
        if ind.code and ind.level in (2, 3):
            up1 = by_code.get(ind.code[0]) or up1
            if ind.level == 3:
                up2 = by_code.get(ind.code[:2]) or up2
        ind.level1 = up1.name if up1 is not None and ind.level > 1 else None
        ind.level2 = up2.name if up2 is not None and ind.level == 3 else None


def _coded_group(tree: list[Indicator], row: Indicator) -> Indicator | None:
    """The level-2 indicator an item-table row restates ("B1组织实施 13.00 4.13"), by its code.

    Per-section tables often list each level-2 indicator above its level-3 items; its
    code and name must both agree with the tree's, or the row is not taken for it.
    """
    m = L2_CODE.match(canon(row.name))
    if not m:
        return None
    code, rest = m.group(1), m.group(2) or ""
    found = [i for i in tree if i.level == 2 and i.code == code]
    if len(found) != 1 or (rest and name_key(rest) != name_key(found[0].name)):
        return None
    return found[0]


def _complete_group(target: Indicator, row: Indicator) -> None:
    """A level-2 score the detailed table left out, taken from a table that prints it."""
    if target.score is None and row.score is not None:
        target.score = row.score
        target.score_from_summary = True
    if target.weight is None and row.weight is not None:
        target.weight = row.weight


def _complete(target: Indicator, row: Indicator) -> None:
    if target.score is None:
        target.score = row.score
    if target.actual is None and row.actual:
        target.actual = row.actual
    if not target.sub_items and row.sub_items:
        target.sub_items = row.sub_items
    if target.rate is None and row.rate is not None:
        target.rate = row.rate


def _copy(ind: Indicator) -> Indicator:
    return replace(ind, sub_items=list(ind.sub_items))


def _find(tree: list[Indicator], name: str, level: int) -> Indicator | None:
    key = name_key(name)
    if not key:
        return None
    same = [i for i in tree if i.level == level and name_key(i.name) == key]
    if len(same) == 1:
        return same[0]
    return None


def _group_by_weights(tree: list[Indicator], weights: list[float | None]) -> list[Indicator] | None:
    """The one level-1 group whose level-3 weights, in order, are the given ones."""
    groups: dict[str, list[Indicator]] = {}
    l1_of: dict[str, str] = {}
    for ind in tree:
        if ind.level == 2:
            l1_of[ind.name] = ind.parent or ""
    for ind in tree:
        if ind.level == 3:
            top = l1_of.get(ind.parent or "", ind.parent or "")
            groups.setdefault(top, []).append(ind)
    found = [
        g for g in groups.values() if [i.weight.value if i.weight else None for i in g] == weights
    ]
    return found[0] if len(found) == 1 else None
