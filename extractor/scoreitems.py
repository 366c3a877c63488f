"""Item score tables: level-3 indicators per section, often scored by sub-items ("①…（2分） 2 2").

Reports restate the level-3 scores of one section in a table of its own, as a grid,
as text rows, or as a stream of tokens where each sub-item's points and score follow
its text. Read as printed, these tables let the rules compare them with the detailed
table and let the tree take the scores and sub-items the detailed table leaves out.
"""

from __future__ import annotations

import regex as re

from .model import Indicator, Quantity, Row, SubItem, Table, as_set_value
from .normalize import canon
from .numbers import parse_number, parse_percent
from .scoregrid import parse_detailed_grid
from .scorewords import NUM_TOKEN, TOTAL_ROW, clean_name, column_roles


def parse_items(table: Table) -> list[Indicator]:
    """Level-3 item tables: grid rows, or text rows with sub-items "①…（2分） 2 2"."""
    roles = column_roles(table.header)
    if table.source == "columns" and roles.count("weight") >= 2 and "rubric" in roles:
        # Printed without lines: the column reader gave each indicator's name and weight,
        # merged over its sub-items, to the first of them, as a ruled table does.
        return _parse_grid_items(table, roles)
    if table.source == "grid":
        if roles.count("weight") >= 2 and "rubric" in roles:
            return _parse_grid_items(table, roles)
        inds, _ = parse_detailed_grid(table)
        return inds
    if "rubric" in roles:
        return _parse_item_stream(table)
    out = []
    for row in table.body:
        cells = row.cells
        if len(cells) < len(roles) or TOTAL_ROW.match(canon(cells[0])):
            continue
        if len(cells) > len(roles):
            cells = [
                " ".join(cells[: len(cells) - len(roles) + 1]),
                *cells[len(cells) - len(roles) + 1 :],
            ]
        values = dict(zip(roles, cells, strict=False))
        ind = Indicator(
            level=3,
            name=clean_name(values.get("l3", "")),
            evidence=row.evidence(),
            table=table.caption,
        )
        ind.weight = as_set_value(parse_number(values.get("weight")))
        ind.score = parse_number(values.get("score"))
        ind.benchmark = values.get("benchmark")
        ind.actual = values.get("actual")
        ind.rate = parse_percent(values.get("rate")) if values.get("rate") else None
        out.append(ind)
    return out


def _parse_grid_items(table: Table, roles: list[str | None]) -> list[Indicator]:
    """Grid item tables (三级指标 权重 评分标准 分值 实际得分): one row per sub-item, names merged down."""
    i_name = roles.index("l3")
    i_weight = roles.index("weight")
    i_points = len(roles) - 1 - roles[::-1].index("weight")
    i_rubric = roles.index("rubric")
    i_score = roles.index("score") if "score" in roles else None
    out: list[Indicator] = []
    for row in table.body:
        cells = row.cells + [""] * (len(roles) - len(row.cells))
        name = clean_name(cells[i_name])
        if name and not TOTAL_ROW.match(canon(name)):
            ind = Indicator(
                level=3,
                name=re.sub(r"[（(][^）)]*[)）]", "", name).strip() or name,
                weight=as_set_value(parse_number(cells[i_weight])),
                evidence=row.evidence(),
                table=table.caption,
            )
            out.append(ind)
        if not out:
            continue
        ind = out[-1]
        score = parse_number(cells[i_score]) if i_score is not None else None
        points = parse_number(cells[i_points])
        if not name and points is None and score is None and ind.sub_items:
            ind.sub_items[-1].text += cells[i_rubric]  # the rest of a cell cut by a page break
        else:
            ind.sub_items.append(SubItem(cells[i_rubric], points, score))
        ind.rubric = (ind.rubric or "") + cells[i_rubric]
    for ind in out:
        _sum_sub_items(ind)
    return out


def _sum_sub_items(ind: Indicator) -> None:
    """An indicator scored by parts: its score is the sum of its parts' scores."""
    if ind.sub_items and all(s.score for s in ind.sub_items):
        total = sum(s.score.value for s in ind.sub_items)
        decimals = max(s.score.decimals for s in ind.sub_items)
        ind.score = Quantity(
            round(total, 6), "+".join(s.score.raw for s in ind.sub_items), decimals, "分"
        )


def _parse_item_stream(table: Table) -> list[Indicator]:
    tokens: list[tuple[str, Row]] = [
        (tok, row) for row in table.body for tok in row.cells if tok.strip()
    ]
    out: list[Indicator] = []
    current: Indicator | None = None
    text_run: list[tuple[str, Row]] = []
    i = 0
    while i < len(tokens):
        tok, row = tokens[i]
        if NUM_TOKEN.match(tok):
            nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if NUM_TOKEN.match(nxt) and current is not None:
                # sub-item: 分值 then 实际得分
                current.sub_items.append(
                    SubItem("".join(t for t, _ in text_run), parse_number(tok), parse_number(nxt))
                )
                current.rubric = (current.rubric or "") + "".join(t for t, _ in text_run)
                text_run = []
                i += 2
                continue
            if text_run:
                name = clean_name("".join(t for t, _ in text_run))
                name = re.sub(r"[（(][^）)]*[)）]", "", name).strip() or name
                current = Indicator(
                    level=3,
                    name=name,
                    weight=as_set_value(parse_number(tok)),
                    evidence=text_run[0][1].evidence(),
                    table=table.caption,
                )
                out.append(current)
                text_run = []
                i += 1
                continue
        text_run.append((tok, row))
        i += 1
    for ind in out:
        _sum_sub_items(ind)
    return out
