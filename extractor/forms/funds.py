"""The funds block: the money a form says the project has, spent and scored.

Three layouts: a table of funds columns (年初预算数 | 全年预算数 | 全年执行数 |
分值 | 执行率 | 得分) with a labelled row per source of money; label | amount
pairs of a target form ("项目资金总额 | 4,100,000.00 | …"); and labels with
their amounts in the same cell ("一般公共预算：120万元"). Funds printed as
columns under a two-row header (ColumnFunds) and the 执行率分值 beside the
funds are read here too. Blocks of label | amount columns are in costs.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..model import Evidence, FundsRow, Quantity, Report, as_set_value
from ..normalize import canon, clean_line
from ..numbers import quantity
from ..publication import Cover
from ..units import YUAN_ALT
from .cells import Cell, FormRow, _row_evidence
from .find import Segment
from .state import _State
from .values import _amount, _number, _rate, _unit_scale
from .words import EXPENSE_LABELS, FUND_COLUMNS, FUND_FUSED, FUND_LABEL, PLACEHOLDER, _role


def _stated_scale(seg: Segment, cover: Cover | None) -> float:
    """The money unit the form states above its indicators ("资金金额(万元)", "单位：万元"), which
    may be printed a row below its first amount (a merged label cell centred on its rows);
    else the publication's."""
    head = []
    for ln in seg.lines:
        if re.search(r"三级指标|指标名称", ln.text):
            break
        head.append(ln.text)
    text = canon(" ".join(head))
    if re.search(r"\(万元\)|单位:万元", text):
        return 1e4
    if re.search(r"\(元\)|单位:元", text):
        return 1.0
    return (cover.money_scale if cover else None) or 1.0


TOTAL_FUNDS = {
    "年度资金总额",
    "实施期资金总额",
    "年度预算资金总额",
    "资金总额",
    "项目资金总额",
    "金额合计",
    "合计",
    "总额",
}


def _give_exec_weight(rec: Report, weight: Quantity | None) -> None:
    """The 执行率分值 printed beside the funds is the weight of the funds total row."""
    if weight is None or not rec.funds_rows:
        return
    total = next(
        (f for f in rec.funds_rows if canon(f.label).rstrip(":") in TOTAL_FUNDS),
        rec.funds_rows[0],
    )
    if total.weight is None:
        total.weight = weight


COLUMN_FUND_WORDS = {"预算支出总额", "资金总额", "年度资金总额", "财政拨款", "其他资金"}
COLUMN_FUND_SUB = {"合计", "基本支出", "项目支出"}


@dataclass
class ColumnFunds:
    """Funds printed as columns (Beijing 部门整体支出绩效目标表): a row of kinds of money
    (预算支出总额 | 财政拨款 | 其他资金), a row under it splitting each (合计 | 基本支出 | 项目支出),
    and the amounts in the row below (absent or empty when the form was left blank)."""

    labels: dict[int, tuple[str, str | None]]  # column -> (label, the kind it is part of)
    values: int | None  # the row of amounts
    header: int  # the row of kinds


def _column_funds(keys: list[list[str]], r: int) -> ColumnFunds | None:
    """A ColumnFunds block whose kinds row is `r`, if there is one."""
    top, sub = keys[r], keys[r + 1]
    if sum(1 for k in top if k in COLUMN_FUND_WORDS) < 2:
        return None
    subs = [k for k in sub if k]
    if len(subs) < 2 or not set(subs) <= COLUMN_FUND_SUB:
        return None
    labels: dict[int, tuple[str, str | None]] = {}
    kind = None
    for c in range(max(len(top), len(sub))):
        word = top[c] if c < len(top) else ""
        if word in COLUMN_FUND_WORDS:
            kind = word
        elif word:
            kind = None
        below = sub[c] if c < len(sub) else ""
        if kind and below in COLUMN_FUND_SUB and below != "合计":
            labels[c] = (f"{kind} {below}", kind)
        elif kind and (word == kind):
            labels[c] = (kind, None)
    values = r + 2 if r + 2 < len(keys) and any(_number(k) for k in keys[r + 2] if k) else None
    return ColumnFunds(labels, values, r)


def _read_column_funds(block: ColumnFunds, rows: list[FormRow], st: _State) -> None:
    """A ColumnFunds block's rows: each column's amount under its label (None when blank)."""
    head = rows[block.header]
    scale = _unit_scale(" ".join(c.text for c in head), st.unit_scale)
    values = rows[block.values] if block.values is not None else None
    ev = _row_evidence(values if values is not None else head)
    for col, (label, part_of) in sorted(block.labels.items()):
        raw = values[col].text if values is not None and col < len(values) else ""
        st.report.funds_rows.append(
            FundsRow(label, budget=_amount(raw, scale), evidence=ev, parent=part_of)
        )


EXEC_WEIGHT = re.compile(r"执行率分值\s*[(（]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]")


def _exec_weight(texts: list[str], st: _State) -> None:
    """ "执行率分值（10分）" printed beside the funds: the weight of budget execution, given to
    the funds block's total row when the form is finished."""
    for t in texts:
        m = EXEC_WEIGHT.search(clean_line(t))
        if m:
            st.exec_weight = as_set_value(quantity(m.group(1), "分"))


def _funds_header(texts: list[str], keys: list[str], st: _State) -> bool:
    """The header of a table of funds columns (three roles or more): each column's role, the
    money unit, and the weight it prints when it has no 分值 column ("执行率（10分）")."""
    cols = {i: r for i, k in enumerate(keys) if (r := _role(k, FUND_COLUMNS))}
    if len(cols) < 3:
        # 分值 | 得分 alone may be the upper row of a two-row header (Fujian: 预算安排 | 拨付情况 |
        # 结余情况 | 分值 | 得分 over ① | ② | ③ | ④ | ⑤ …): kept for the row below
        st.upper_fund_cols = cols if cols and set(cols.values()) <= {"weight", "score"} else {}
        return False
    for i, role in st.upper_fund_cols.items():
        if i not in cols and role not in cols.values() and not (i < len(keys) and keys[i]):
            cols[i] = role
    st.upper_fund_cols = {}
    cols = dict(sorted(cols.items()))
    st.fund_roles = list(cols.values())
    st.fund_cols = cols
    st.unit_scale = _unit_scale(" ".join(texts), st.unit_scale)
    if "weight" not in st.fund_roles:
        m = re.search(r"(\d+(?:\.\d+)?)\s*分", " ".join(texts))
        st.funds_weight = as_set_value(quantity(m.group(1), "分")) if m else None
    return True


def _money_row(
    row: list[Cell], texts: list[str], keys: list[str], nonempty: list[int], st: _State
) -> None:
    """A row outside the indicators that is no header: its money unit, its 执行率分值, then a
    labelled funds row, or labels with their amounts in the same cell ("一般公共预算：120")."""
    if re.search(r"[（(](?:单位[:：])?\s*万元\s*[)）]|万元", " ".join(texts[:3])):
        st.unit_scale = 1e4 if "万元" in " ".join(texts[:3]) else st.unit_scale
    fused = [
        (i, m.group("label"), m.group("amount"))
        for i, t in enumerate(texts)
        if (m := FUND_FUSED.match(canon(t).replace(":", "：")))
    ]
    if fused and any(a for _, _, a in fused):
        st.fused_mode = True
    label_idx = next(
        (i for i in nonempty if FUND_LABEL.match(keys[i]) or (st.fund_roles and keys[i] == "合计")),
        None,
    )
    _exec_weight(texts, st)
    if label_idx is not None and not (fused and st.fused_mode):
        _funds_row(row, label_idx, st)
        return
    for _col, label, amount in fused:
        block = 101 if label in EXPENSE_LABELS else 100  # a breakdown by expense, or by income
        st.report.funds_rows.append(
            FundsRow(
                label,
                budget=_amount(amount or "", st.unit_scale),
                evidence=_row_evidence(row),
                block=block,
            )
        )


def _funds_row(row: list[Cell], label_idx: int, st: _State) -> None:
    """A funds row labelled at `label_idx`: label / amount pairs when no funds header was
    read, else its amounts under the header's columns."""
    texts = [c.text for c in row]
    label = re.sub(r"^其中[:：]\s*|[:：]$", "", texts[label_idx].strip())
    if not st.fund_roles:
        _pair_funds(row, texts, label_idx, st)
        return
    if getattr(row, "grid", False) and st.fund_cols and label_idx < min(st.fund_cols):
        ordered = sorted(st.fund_cols)
        values = [texts[i] if i < len(texts) else "" for i in ordered]
        _assign_funds(
            label,
            values,
            st,
            _row_evidence(row),
            positional=True,
            roles=[st.fund_cols[i] for i in ordered],
        )
        return
    values = [t for t in texts[label_idx + 1 :]]
    while values and not values[-1]:
        values.pop()
    n = len(st.fund_roles)
    while len(values) > n and values[0] == "":
        values.pop(0)
    _assign_funds(
        label, values[:n] if len(values) >= n else values, st, _row_evidence(row), positional=True
    )


def _pair_funds(row: list[Cell], texts: list[str], label_idx: int, st: _State) -> None:
    """Target forms: label / amount pairs ("项目资金总额 | 4,100,000.00 | 年度资金申请总额 | …"),
    a second label of the row starting a second block; parts the amount's cell names after
    it ("100万元 中央资金60万元 地方资金40万元") are rows under its label."""
    scale = _unit_scale(texts[label_idx], st.unit_scale)
    labels_here = [i for i in range(label_idx, len(texts)) if FUND_LABEL.match(canon(texts[i]))]
    if st.split_col is None and len(labels_here) >= 2:
        st.split_col = labels_here[1]
    for i in range(label_idx, len(texts)):
        if not FUND_LABEL.match(canon(texts[i])):
            continue
        lab = re.sub(rf"^其中[:：]\s*|[:：]$|[(（](?:{YUAN_ALT})[)）]$", "", texts[i].strip())
        value = next((t for t in texts[i + 1 :] if t), "")
        if value and FUND_LABEL.match(canon(value)):
            value = ""
        lead = re.match(rf"\s*(-?[\d,]+(?:\.\d+)?\s*(?:{YUAN_ALT})?)", value)
        if value and not lead and clean_line(value).strip() not in PLACEHOLDER:
            continue
        ev = _row_evidence(row)
        block = 1 if st.split_col is not None and i >= st.split_col else 0
        st.report.funds_rows.append(
            FundsRow(
                lab,
                budget=_amount(lead.group(1) if lead else "", scale),
                evidence=ev,
                block=block,
            )
        )
        for part, num, unit in re.findall(
            rf"([\p{{Han}}]{{2,10}}?)\s*(-?[\d,]+(?:\.\d+)?)\s*({YUAN_ALT})",
            value[lead.end() :] if lead else "",
        ):
            st.report.funds_rows.append(
                FundsRow(
                    part,
                    budget=_amount(num + unit, scale),
                    evidence=ev,
                    block=block,
                    parent=lab,
                )
            )


def _assign_funds(
    label: str,
    values: list[str],
    st: _State,
    ev: Evidence,
    *,
    positional: bool,
    roles: list[str] | None = None,
) -> None:
    roles = roles or st.fund_roles
    if not positional and len(values) < len(roles):
        values = _align_by_type(values, roles)
    fr = FundsRow(label, evidence=ev)
    for role, raw in zip(roles, values, strict=False):
        raw = raw.strip()
        if not raw or raw in PLACEHOLDER:
            continue
        if role in {"initial", "budget", "spent"}:
            setattr(fr, role, _amount(raw, st.unit_scale))
        elif role == "rate":
            fr.rate = _rate(raw)
            fr.rate_raw = raw
        elif role == "weight":
            fr.weight = as_set_value(_number(raw))
        elif role == "forecast" and (q := _amount(raw, st.unit_scale)) is not None:
            fr.extra["全年预计执行数"] = q
        elif role == "score":
            fr.score = _number(raw)
    if (
        fr.weight is None
        and st.funds_weight is not None
        and not st.report.funds_rows
        and fr.score is not None
    ):
        fr.weight = st.funds_weight
    st.report.funds_rows.append(fr)


def _align_by_type(values: list[str], roles: list[str]) -> list[str]:
    """Place values that lost their empty cells: rates where a rate goes, amounts right-aligned."""
    kinds = []
    for v in values:
        t = clean_line(v).strip()
        if t in PLACEHOLDER:
            kinds.append("any")
        elif "%" in t:
            kinds.append("rate")
        else:
            kinds.append("num")
    out = [""] * len(roles)
    vi = len(values) - 1
    for ri in range(len(roles) - 1, -1, -1):
        if vi < 0:
            break
        role = roles[ri]
        kind = kinds[vi]
        fits = (
            kind == "any"
            or (role == "rate") == (kind == "rate")
            or (role == "rate" and kind == "num")
        )
        if role in {"method", "reason"} and kind != "any":
            continue
        if fits:
            out[ri] = values[vi]
            vi -= 1
    return out
