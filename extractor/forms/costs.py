"""Blocks of label | amount columns: a cost or income/expense composition, a list of tasks.

A block starts at its header row (成本构成 | 金额, 任务名称 | 预算金额, the
Guangdong 部门预算支出 | 收入来源 pairs) and lasts while its rows have a label
in a pair's column; each pair of a row is a funds row of its own block.
"""

from __future__ import annotations

import regex as re

from ..model import FundsRow
from .cells import Cell, _row_evidence
from .funds import _exec_weight
from .state import _State
from .values import _amount, _unit_scale
from .words import COST_HEADER, FUND_LABEL

# Label columns of a block of label | amount columns: a cost or income/expense composition, the
# Guangdong 部门预算支出 | 收入来源 | 事业发展性支出 | 按预算级次划分 pairs, a list of tasks with
# the money put in each (任务名称 | 预算金额, 名称 | 拟投入的资金).
PAIR_LABEL = re.compile(r"部门预算支出|收入来源|事业发展性支出|按预算级次划分|任务名称|名称")
PAIR_AMOUNT = re.compile(r"金额|拟投入的资金")
PAIR_SUBHEAD = re.compile(
    r"年度主要任务|总额|合计|财政拨款|其他资金|执行率分值(?:\(\d+(?:\.\d+)?分?\))?"
)


def _cost_pairs(keys: list[str]) -> list[tuple[int, int]]:
    """Columns of a cost or income/expense block: each 构成 (or other label) column with the
    金额 column after it."""
    pairs = []
    for i, k in enumerate(keys):
        if (k.endswith("构成") and len(k) <= 4) or PAIR_LABEL.fullmatch(k):
            amount = next((j for j in range(i + 1, len(keys)) if PAIR_AMOUNT.search(keys[j])), None)
            if amount is not None and not any(p[1] == amount for p in pairs):
                pairs.append((i, amount))
    return pairs


def _shifted_pair(texts: list[str]) -> list[tuple[int, int]]:
    """The label and amount columns of a row of a one-pair block whose table has other
    columns on this page: the first text cell after the first column, the first amount after it."""
    label = next(
        (i for i in range(1, len(texts)) if texts[i].strip() and _amount(texts[i], 1.0) is None),
        None,
    )
    if label is None:
        return []
    amount = next(
        (i for i in range(label + 1, len(texts)) if _amount(texts[i], 1.0) is not None), None
    )
    return [(label, amount)] if amount is not None else []


def _cost_extra(keys: list[str], pairs: list[tuple[int, int]]) -> dict[int, str]:
    """Other amount columns of a cost block (执行数 of past years), when the block has one pair."""
    if len(pairs) != 1:
        return {}
    used = {pairs[0][0], pairs[0][1]}
    return {
        i: k
        for i, k in enumerate(keys)
        if i not in used and i > pairs[0][1] and re.search(r"执行数|金额|实际", k)
    }


def _cost_header(row: list[Cell], texts: list[str], keys: list[str], st: _State) -> bool:
    """A block's header row (a 构成 word, or label | amount pairs in a row with columns): its
    pairs, their label headers, its extra amount columns and its money unit; a new block."""
    if not (
        any(COST_HEADER.search(k) for k in keys)
        or (getattr(row, "structured", False) and _cost_pairs(keys))
    ):
        return False
    st.cost_pairs = _cost_pairs(keys)
    st.cost_groups = [keys[lc] for lc, _ in st.cost_pairs]
    st.cost_extra = _cost_extra(keys, st.cost_pairs)
    st.cost_width, st.cost_section = len(keys), keys[0]
    _exec_weight(texts, st)
    st.unit_scale = _unit_scale(" ".join(texts), st.unit_scale)
    st.block += 1
    return True


def _cost_row(row: list[Cell], texts: list[str], keys: list[str], st: _State) -> bool:
    """A row of the open block, read (True). A first cell with text that is no funds label
    (nor the block's section label repeated) ends the block: the row is read as any other
    (False)."""
    if not st.cost_pairs:
        return False
    _exec_weight(texts, st)
    if all(PAIR_SUBHEAD.fullmatch(k) for k in keys if k):
        return True  # 总额 | 财政拨款 | 其他资金 printed under the amount column's header
    continued = bool(keys[0]) and keys[0] == st.cost_section  # the section label repeated
    if not continued and _section_left_out(texts, st):
        texts, keys = ["", *texts], ["", *keys]
    if texts[0].strip() and not FUND_LABEL.match(keys[0]) and not continued:
        st.cost_pairs = []
        return False
    _pair_rows(row, texts, keys, st)
    return True


def _section_left_out(texts: list[str], st: _State) -> bool:
    """A row typed without the section's merged first cell ("保安服务费 | 191 | 依据招标文件"
    under "项目预算成本构成 | 成本构成 | 金额（万元） | …"): one cell short of the block's
    header, with an amount where the header's amount column falls once it is put back."""
    if len(texts) != st.cost_width - 1 or not st.cost_pairs:
        return False
    label, amount = st.cost_pairs[0]
    shifted = ["", *texts]
    return bool(shifted[label].strip()) and _amount(shifted[amount], 1.0) is not None


def _pair_rows(row: list[Cell], texts: list[str], keys: list[str], st: _State) -> None:
    """A funds row for each pair of the row that has a label, with the block's extra amounts."""
    pairs = st.cost_pairs
    if len(keys) != st.cost_width and len(pairs) == 1:
        pairs = _shifted_pair(texts) or pairs  # a table continued on the next page
    for n, (lc, ac) in enumerate(pairs):
        label = texts[lc].strip() if lc < len(texts) else ""
        if label:
            amount = texts[ac] if ac < len(texts) else ""
            fr = FundsRow(
                label,
                budget=_amount(amount, st.unit_scale),
                evidence=_row_evidence(row),
                block=st.block * 10 + n,
                group=st.cost_groups[n] if n < len(st.cost_groups) else None,
            )
            for col, name in st.cost_extra.items():
                q = _amount(texts[col], st.unit_scale) if col < len(texts) else None
                if q is not None:
                    fr.extra[name] = q
            st.report.funds_rows.append(fr)
