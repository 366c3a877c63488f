"""Grid detailed score tables (一级/二级/三级 in columns, or coded A/A1/A101) into indicators.

The detailed table is the one the tree is built from, and grid tables are where page
breaks and merged cells do most harm: rows cut in two, group cells merged down, cells
shifted by the merge. The rules for putting such rows back (codes over positions,
continuation rows appended to the row above) are this module's one job.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .model import Indicator, Quantity, Row, Table, as_set_value
from .normalize import canon
from .numbers import parse_number, parse_percent
from .scorewords import L1_CODE, L2_CODE, L3_CODE, TOTAL_ROW, clean_name, column_roles, split_weight


@dataclass
class _Cursor:
    l1: Indicator | None = None
    l2: Indicator | None = None
    last: Indicator | None = None


def parse_detailed_grid(table: Table) -> tuple[list[Indicator], Row | None]:
    """A grid score table (coded like A101 or by merged columns) into indicators, and its total row.

    Rows cut by a page break continue the row above: their text is appended and
    their numbers fill what the row above left empty. In coded tables the codes,
    not the column positions, decide the tree, because merged cells shift columns.
    """
    roles = column_roles(table.header)
    idx = {r: i for i, r in reversed(list(enumerate(roles))) if r}
    out: list[Indicator] = []
    by_code: dict[str, Indicator] = {}
    cur = _Cursor()
    total: Row | None = None
    caption = table.caption
    for row in table.body:
        cells = [c.strip() if c else "" for c in row.cells]
        if not any(cells):
            continue
        if _is_total(cells, idx):
            total = row
            continue
        k3 = next((i for i, c in enumerate(cells) if L3_CODE.match(c)), None)
        if k3 is not None:
            offset = k3 - idx.get("l3", k3)
            for i in range(k3):
                _open_group(cells[i], row, out, by_code, cur, caption, coded=True)
            code, rest = L3_CODE.match(cells[k3]).groups()
            ind = Indicator(
                level=3, name=clean_name(rest), code=code, evidence=row.evidence(), table=caption
            )
            _fill(ind, cells, idx, offset, after=k3)
            out.append(ind)
            cur.last = ind
            continue
        name3 = _cell(cells, idx, "l3", 0)
        numbers = [_pure_number(_cell(cells, idx, role, 0)) for role in ("weight", "score")]
        if any(numbers) and name3 and not by_code:
            for role in ("l1", "l2"):
                if _cell(cells, idx, role, 0):
                    level = 1 if role == "l1" else 2
                    _open_group(
                        _cell(cells, idx, role, 0),
                        row,
                        out,
                        by_code,
                        cur,
                        caption,
                        coded=False,
                        level=level,
                    )
            ind = Indicator(level=3, name=clean_name(name3), evidence=row.evidence(), table=caption)
            _fill(ind, cells, idx, 0)
            ind.parent = cur.l2.name if cur.l2 else (cur.l1.name if cur.l1 else None)
            out.append(ind)
            cur.last = ind
        else:
            _continue_groups(cells, idx, cur)
            if cur.last is not None:
                _continue(cur.last, cells, idx)
    if by_code:
        _parents_from_codes(out, by_code)
    return out, total


def _is_total(cells: list[str], idx: dict[str, int]) -> bool:
    """The 合计/总分 row: its label is the first text of the row, in one of the name columns.
    A table without ruling lines puts a label merged over the name columns in the column its
    centre falls in (the 三级指标's), not the first."""
    first = next(i for i, c in enumerate(cells) if c)
    return first <= idx.get("l3", 0) and bool(TOTAL_ROW.match(canon(cells[first])))


def _parents_from_codes(out: list[Indicator], by_code: dict[str, Indicator]) -> None:
    """Parents of a coded tree: A101's parent is A1, A1's is A (names are known only at the end)."""
    for ind in out:
        if not ind.code:
            continue
        parent = (
            by_code.get(ind.code[:2])
            if ind.level == 3
            else by_code.get(ind.code[0])
            if ind.level == 2
            else None
        )
        ind.parent = parent.name if parent else ind.parent


_PURE_NUMBER = re.compile(r"^[（(]?\s*\d+(?:\.\d+)?\s*分?\s*[)）]?$")


def _pure_number(text: str) -> Quantity | None:
    """A cell that is only a number ("4", "(4)", "3.98 分"): text around it means it is not one."""
    return parse_number(text) if text and _PURE_NUMBER.match(text.strip()) else None


def _cell(cells: list[str], idx: dict[str, int], role: str, offset: int) -> str:
    i = idx.get(role)
    if i is None:
        return ""
    j = i + offset
    return cells[j].strip() if 0 <= j < len(cells) else ""


def _open_group(
    text: str,
    row: Row,
    out: list[Indicator],
    by_code: dict[str, Indicator],
    cur: _Cursor,
    caption: str | None,
    *,
    coded: bool,
    level: int | None = None,
) -> None:
    text = text.strip()
    if not text:
        return
    code = None
    if coded:
        m2 = L2_CODE.match(text)
        m1 = L1_CODE.match(text)
        if m2:
            code, text, level = m2.group(1), m2.group(2) or "", 2
        elif m1:
            code, text, level = m1.group(1), m1.group(2), 1
        else:
            return
    name, weight = split_weight(text)
    name = clean_name(name)
    if code and code in by_code:
        ind = by_code[code]
    else:
        key = (level, canon(name))
        existing = next((i for i in out if (i.level, canon(i.name)) == key and i.level < 3), None)
        if existing and not coded:
            ind = existing
        else:
            ind = Indicator(
                level=level or 1,
                name=name,
                code=code,
                weight=weight,
                evidence=row.evidence(),
                table=caption,
            )
            out.append(ind)
            if code:
                by_code[code] = ind
    if ind.level == 1:
        cur.l1, cur.l2 = ind, None
    else:
        cur.l2 = ind
        if ind.parent is None:
            parent = by_code.get(code[0]) if code else cur.l1
            ind.parent = parent.name if parent else None


def _continue_groups(cells: list[str], idx: dict[str, int], cur: _Cursor) -> None:
    """Level-1/2 cells cut by a page break: "D1经济效益" + "8分", "D4" + "社会公众…满意度8分"."""
    for role, group in (("l1", cur.l1), ("l2", cur.l2)):
        extra = _cell(cells, idx, role, 0)
        if not extra or group is None:
            continue
        if group.weight is not None and not group.name:
            group.name = clean_name(extra)
            continue
        if group.weight is None:
            name, weight = split_weight(group.name + extra)
            group.name, group.weight = clean_name(name), weight


def _fill(
    ind: Indicator, cells: list[str], idx: dict[str, int], offset: int, after: int | None = None
) -> None:
    ind.weight = as_set_value(_pure_number(_cell(cells, idx, "weight", offset))) or ind.weight
    ind.score = _pure_number(_cell(cells, idx, "score", offset))
    if ind.score is None and ind.weight is None and after is not None:
        # Cells dropped from a cut row shift the rest left: the score is the last plain number with decimals.
        tail = [_pure_number(c) for c in cells[after + 1 :]]
        decimals = [q for q in tail if q is not None and q.decimals >= 1]
        ind.score = decimals[-1] if decimals else None
    ind.rate = parse_percent(_cell(cells, idx, "rate", offset))
    ind.benchmark = _cell(cells, idx, "benchmark", offset) or None
    ind.actual = _cell(cells, idx, "actual", offset) or None
    ind.rubric = _cell(cells, idx, "rubric", offset) or None
    ind.explanation = _cell(cells, idx, "explanation", offset) or None
    ind.process = _cell(cells, idx, "process", offset) or None


_TEXT_ROLES = {"l3": "name", "rubric": "rubric", "explanation": "explanation", "process": "process"}


def _continue(ind: Indicator, cells: list[str], idx: dict[str, int]) -> None:
    """A row holding only the rest of wrapped cells (after a page break): append to the last row."""
    for role in ("weight", "score"):
        if getattr(ind, role) is None:
            value = _pure_number(_cell(cells, idx, role, 0))
            setattr(ind, role, as_set_value(value) if role == "weight" else value)
    for role, attr in _TEXT_ROLES.items():
        extra = _cell(cells, idx, role, 0)
        if extra:
            old = getattr(ind, attr) or ""
            setattr(ind, attr, clean_name(old + extra) if attr == "name" else old + extra)
