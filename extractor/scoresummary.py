"""Summary score tables: the scores by level 1 or 2, as printed, 合计 included; also sideways.

A summary restates the level-1 or level-2 weights and scores, sometimes with the names
across the header and 分值 / 得分 / 得分率 as rows. Read as printed, it lets the rules
compare it with the detailed table and the tree take the group scores it leaves out.
"""

from __future__ import annotations

from .model import Indicator, Row, Table, as_set_value
from .normalize import canon
from .numbers import parse_number, parse_percent
from .scorewords import TOTAL_ROW, clean_name, column_roles

_SIDEWAYS_WEIGHT = ("分值", "权重", "权重分")
_SIDEWAYS_SCORE = ("得分", "实际得分")


def transposed_labels(table: Table) -> dict[str, Row] | None:
    """The rows of a summary printed sideways, by their first cell (分值 / 得分 / 得分率), or None.

    The header names level-1 (or level-2) indicators across ("一级指标 决策 过程 产出 效益
    合计"), so its own words give no score column: the first cells of the rows do.
    """
    roles = column_roles(table.header)
    if not roles or roles[0] not in ("l1", "l2") or any(roles[1:]):
        return None
    labels = {canon(r.cells[0]): r for r in table.body if r.cells}
    if not set(_SIDEWAYS_WEIGHT) & set(labels) or not set(_SIDEWAYS_SCORE) & set(labels):
        return None
    return labels


def _transposed(table: Table) -> list[Indicator] | None:
    """A summary printed sideways: names across the header, rows 分值 / 得分 / 得分率."""
    labels = {canon(r.cells[0]): r for r in table.body if r.cells}
    if not set(_SIDEWAYS_WEIGHT) & set(labels) or not set(_SIDEWAYS_SCORE) & set(labels):
        return None
    weight_row = next(labels[k] for k in _SIDEWAYS_WEIGHT if k in labels)
    score_row = next(labels[k] for k in _SIDEWAYS_SCORE if k in labels)
    rate_row = labels.get("得分率")
    level = 2 if column_roles(table.header[:1])[0] == "l2" else 1
    out = []
    for i, name in enumerate(table.header[1:], start=1):
        name = clean_name(name)
        if not name:
            continue
        is_total = bool(TOTAL_ROW.match(canon(name)))
        out.append(
            Indicator(
                level=0 if is_total else level,
                name="合计" if is_total else name,
                weight=as_set_value(parse_number(weight_row.cells[i]))
                if i < len(weight_row.cells)
                else None,
                score=parse_number(score_row.cells[i]) if i < len(score_row.cells) else None,
                rate=parse_percent(rate_row.cells[i])
                if rate_row and i < len(rate_row.cells)
                else None,
                evidence=score_row.evidence(),
                table=table.caption,
            )
        )
    return out


def parse_summary(table: Table) -> list[Indicator]:
    """A summary table (by level 1 or 2) as printed, 合计 row included (named "合计")."""
    sideways = _transposed(table)
    if sideways is not None:
        return sideways
    roles = column_roles(table.header)
    level = 2 if "l2" in roles else 1
    out = []
    for row in table.body:
        cells = [c for c in row.cells]
        if table.source != "grid":
            if len(cells) < len(roles):
                continue
            if len(cells) > len(roles):
                cells = [
                    "".join(cells[: len(cells) - len(roles) + 1]),
                    *cells[len(cells) - len(roles) + 1 :],
                ]
        values = {}
        for role, cell in zip(roles, cells, strict=False):
            if role and role not in values:
                values[role] = cell
        name = clean_name(values.get("l1") or values.get("l2") or (cells[0] if cells else ""))
        if not name:
            continue
        is_total = bool(TOTAL_ROW.match(canon(name)))
        weight_text = values.get("points") or values.get("weight")
        ind = Indicator(
            level=0 if is_total else level,
            name="合计" if is_total else name,
            weight=as_set_value(parse_number(weight_text))
            if (weight_text and "%" not in weight_text) or values.get("points") is None
            else parse_number(values.get("points")),
            score=parse_number(values.get("score")),
            rate=parse_percent(values.get("rate")) if values.get("rate") else None,
            evidence=row.evidence(),
            table=table.caption,
        )
        out.append(ind)
    return out
