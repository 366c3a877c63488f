"""The whole project's funds from the 合计 row of a funds table broken down by item.

Reports that evaluate a fund made of several items print a table such as
项目支出情况表 (序号 | 项目名称 | 预算批复 | 预算到位 | 实际执行 | 执行率 | 指标结余, in
万元): one row per item and sub-item and a 合计 row. The 合计 row states the
project's budget, money received, money spent and execution rate once more; each
becomes a Claim so that the rules compare it with the prose. Item rows are left
alone: they are parts, not restatements of the whole.
"""

from __future__ import annotations

import regex as re

from .itemfunds import FundsItem, ItemFunds
from .model import Claim, Document, Line, Quantity, Table
from .normalize import canon
from .numbers import AMOUNT_SCALE, parse_amount, parse_percent
from .units import YUAN_ALT

# Column roles by header words, first match wins; a table qualifies only with a budget, a
# spent and a rate column, which forms' funds blocks (年度资金总额 rows) and publications'
# tables (决算数) do not have together.
ROLES = (
    ("execution_rate", re.compile(r"执行率")),
    ("balance", re.compile(r"结余(?:数|资金|金额)?$")),
    ("received", re.compile(r"预算到位|到位资金|到位数")),
    ("budget", re.compile(r"预算批复|批复预算|调整后预算|全年预算|预算数|预算金额")),
    ("spent", re.compile(r"实际执行|执行数|实际支出")),
)
TOTAL = re.compile(r"^(?:合计|总计)$")
CLAIMED = ("budget", "received", "spent", "execution_rate")  # the 合计 row's restatements
DASH = re.compile(r"^[-—–－/／\\]+$")  # a dash in an amount column: nothing, zero
# 序号 and the depth it gives: 一 / (一) / 1 / (1)
NUMBERS = (
    (re.compile(r"^[一二三四五六七八九十]+[、.．]?$"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[）)]$"), 2),
    (re.compile(r"^\d{1,2}[、.．]?$"), 2),
    (re.compile(r"^[（(]\d{1,2}[）)]$"), 3),
)


def funds_table_claims(table: ItemFunds | None) -> list[Claim]:
    """budget / received / spent / execution_rate claims from the table's 合计 row (a dash
    there states nothing)."""
    if table is None or table.total is None:
        return []
    total = table.total
    return [
        Claim(role, q, total.evidence)
        for role, q in total.values.items()
        if role in CLAIMED and not q.exact
    ]


def read_item_funds(doc: Document) -> ItemFunds | None:
    """The funds table by item (a table with a budget, a spent and a rate column and its money
    unit printed), as data: the first with a 合计 row, else the first with rows."""
    found: list[ItemFunds] = []
    for table in doc.tables:
        roles = _roles(table.header)
        if not {"budget", "spent", "execution_rate"} <= set(roles.values()):
            continue
        unit = _unit(table, doc.lines)
        if unit is None:
            continue
        out = ItemFunds({r: canon(table.header[i]) for i, r in roles.items()}, None)
        for row in table.body:
            item = _item(row, roles, unit)
            if item is None:
                continue
            if TOTAL.match(canon(item.name)) or TOTAL.match(canon(item.number)):
                out.total = out.total or item
            else:
                out.items.append(item)
        if out.total is not None:
            return out
        found.append(out)
    return next((t for t in found if t.items), None)


def _item(row, roles: dict[int, str], unit: str) -> FundsItem | None:  # type: ignore[no-untyped-def]
    """A row as a FundsItem: its 序号 (first cell) and name (first text cell after it)."""
    cells = [canon(c) for c in row.cells]
    first_value = min(roles)
    labels = [c for c in cells[:first_value] if c]
    if not labels:
        return None
    level = next((d for pat, d in NUMBERS if pat.match(labels[0])), None)
    number, name = (labels[0], "".join(labels[1:])) if level else ("", "".join(labels))
    values = {}
    for i, role in roles.items():
        cell = cells[i] if i < len(cells) else ""
        if role == "execution_rate":
            q = parse_percent(cell) if "%" in cell else None
        elif DASH.match(cell):
            q = Quantity(0.0, "0", 0, "元", AMOUNT_SCALE.get(unit, 1.0), exact=True)
        else:
            q = parse_amount(cell, default_unit=unit)
        if q is not None:
            values[role] = q
    return FundsItem(number, name, level or 1, values, row.evidence())


def _roles(header: list[str]) -> dict[int, str]:
    """Column index → role, each role taken by its first column."""
    out: dict[int, str] = {}
    for i, cell in enumerate(header):
        text = canon(cell)
        role = next((r for r, pat in ROLES if pat.search(text)), None)
        if role and role not in out.values():
            out[i] = role
    return out


def _unit(table: Table, lines: list[Line]) -> str | None:
    """The money unit: in the header ("预算数（万元）") or a 单位 line just above the table."""
    for cell in table.header:
        m = re.search(rf"[（(]\s*({YUAN_ALT})\s*[)）]", cell)
        if m:
            return m.group(1)
    first = table.rows[0]
    above = [
        ln
        for ln in lines
        if ln.page == first.page and first.line is not None and ln.number < first.line
    ]
    for ln in reversed(above[-3:]):
        m = re.search(rf"单位\s*[:：]\s*({YUAN_ALT})", ln.text)
        if m:
            return m.group(1)
    return None
