"""Forms whose cells lost their positions: one cell per line, or cells run together with spaces.

Web copies drop empty and merged cells, so a row's values cannot be placed by
column. They are placed by type instead: an operator goes where 指标性质 goes,
plain numbers where 分值 and 得分 go, "%" where a unit goes. Rows themselves
are found the same way: a chunk of cells between level cells is split into
the rows that type best (every row a name followed by values).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import regex as re

from ..model import Evidence, FundsRow
from ..normalize import canon
from ..units import UNITS as UNIT_TOKENS
from ..units import YUAN_ALT
from .cells import Cell
from .funds import _assign_funds
from .indicators import _add_indicator
from .levels import LEVEL1, LEVEL2, _level_name
from .state import _State
from .totals import _total
from .values import _amount, _number, _unit_scale
from .words import (
    COST_HEADER,
    END,
    EXPENSE_LABELS,
    FUND_COLUMNS,
    FUND_FUSED,
    FUND_LABEL,
    GRADES,
    IDENTITY,
    INDICATOR_COLUMNS,
    PLACEHOLDER,
    TOTAL,
    _role,
)

OPERATORS = {"≥", "≤", "=", ">", "<", "≧", "≦", "═", "﹦", "＞", "＜", ">=", "<="}
NATURES = {"正向", "反向", "定性", "定量", "定性指标", "定量指标", "正向指标", "反向指标"}
# A unit cell: any unit of the vocabulary, or a dash for none.
UNITS = {*UNIT_TOKENS, "—", "-", "/"}
SUBHEADER = {"指标性质", "指标值", "度量单位", "计量单位"}


def _is_num(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(?:\.\d+)?", text.replace(",", "")))


def _fit(role: str | None, token: str) -> int:
    """How well a token fits a role: 3 sure, 1 possible, -99 impossible."""
    t = token.strip()
    if role == "nature":
        return 3 if t in OPERATORS or t in NATURES else -99
    if role == "unit":
        return 3 if t in UNITS else -99
    if role in {"weight", "score", "coef"}:
        return 3 if _is_num(t) else -99
    if role == "core":
        return 3 if t in {"是", "否"} else -99
    if role in {"target", "adjusted", "actual"}:
        if t in OPERATORS or t in NATURES or PLACEHOLDER_NAME.match(t):
            return -99
        fit = 2 if re.search(r"\d", t) else 1
        return fit - 1 if role == "adjusted" else fit  # 调整指标值 is usually left empty
    if role in {"reason", "method", "note", "explanation"}:
        if PLACEHOLDER_NAME.match(t):
            return -99
        return 0 if _is_num(t) else 1  # a number only where the numeric columns are full ("0")
    return -99


PLACEHOLDER_NAME = re.compile(r"^指标\s*\d+\s*[:：]?$")


MULTI_TOKEN_ROLES = {"reason", "method", "target", "actual", "note", "explanation"}


def _can_take(role: str | None, tokens: tuple[str, ...]) -> bool:
    """Several tokens for one role: free text, or a value split from its unit by a space ("100 %")."""
    if len(tokens) == 1:
        return True
    if role not in MULTI_TOKEN_ROLES:
        return False
    return role not in {"target", "actual"} or all(t in UNITS for t in tokens[1:])


def place(
    tokens: tuple[str, ...],
    roles: tuple[str | None, ...],
    fit: Callable[[str | None, str], int],
    can_take: Callable[[str | None, tuple[str, ...]], bool] = _can_take,
) -> tuple[int, dict[str, str]]:
    """The best placement of tokens (in order) on roles (in order, any role may stay empty).

    Dynamic programming over (tokens placed, roles used); a role takes one
    token, or several when `can_take` allows; each token must fit its role.
    """
    n, m = len(tokens), len(roles)
    neg = -(10**6)
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {(0, j): (0, j - 1) for j in range(1, m + 1)}
    best[0] = [0] * (m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cand, arg = best[i][j - 1], (i, j - 1)  # role j-1 left empty
            role = roles[j - 1]
            for k in range(max(0, i - 3), i):  # role j-1 takes tokens[k:i]
                if best[k][j - 1] <= neg or not can_take(role, tokens[k:i]):
                    continue
                fits = [fit(role, t) for t in tokens[k:i]]
                if min(fits) < 0:
                    continue
                score = best[k][j - 1] + sum(fits) - (i - k - 1)
                if score > cand:
                    cand, arg = score, (k, j - 1)
            best[i][j], back[(i, j)] = cand, arg
    if best[n][m] <= neg:
        return neg, {}
    values: dict[str, str] = {}
    i, j = n, m
    while j > 0:
        pi, pj = back[(i, j)]
        if pi < i and roles[pj]:
            sep = " " if roles[pj] in {"reason", "method"} else ""
            values[roles[pj]] = sep.join(tokens[pi:i])
        i, j = pi, pj
    return best[n][m], values


@lru_cache(maxsize=4096)
def align(tokens: tuple[str, ...], roles: tuple[str | None, ...]) -> tuple[int, dict[str, str]]:
    """An indicator row's values placed on the header's roles."""
    return place(tokens, roles, _fit)


def read_flat(tokens: list[Cell], st: _State) -> None:
    """Rebuild a form from its cells in reading order."""
    keys = [canon(t.text) for t in tokens]
    n = len(tokens)
    i = 0
    while i < n and not st.done:
        key = keys[i]
        if "万元" in key and not st.in_indicators:
            st.unit_scale = 1e4
        attr = IDENTITY.get(key.strip("*").rstrip(":："))
        if attr is not None:
            nxt = canon(tokens[i + 1].text).rstrip(":：") if i + 1 < n else ""
            if nxt and nxt not in IDENTITY and getattr(st.report, attr) is None:
                setattr(st.report, attr, tokens[i + 1].text)
            i += 2
            continue
        if key.startswith("自评总分") and i + 1 < n:
            st.report.total_score = _number(tokens[i + 1].text)
            i += 2
            continue
        if st.in_indicators:
            i = _indicator_chunk(tokens, keys, i, st)
        else:
            i = _outside_indicators(tokens, keys, i, st)


def _outside_indicators(tokens: list[Cell], keys: list[str], i: int, st: _State) -> int:
    """From i, before the indicators: a funds header, a cost block, a label with its amount
    fused in, a funds row or the indicator header; the cell after what was read."""
    key = keys[i]
    n = len(tokens)
    run = 0
    while i + run < n and _role(keys[i + run], FUND_COLUMNS):
        run += 1
    if run >= 3:
        st.fund_roles = [_role(keys[j], FUND_COLUMNS) for j in range(i, i + run)]  # type: ignore[misc]
        st.unit_scale = _unit_scale(
            " ".join(t.text for t in tokens[max(0, i - 3) : i + run]), st.unit_scale
        )
        return i + run
    if COST_HEADER.search(key):
        return _cost_block(tokens, keys, i, st)
    fused = FUND_FUSED.match(key.replace(":", "："))
    if fused and (fused.group("amount") or key.startswith("其中")):
        label = fused.group("label")
        block = 101 if label in EXPENSE_LABELS else 100
        ev = Evidence(tokens[i].page, tokens[i].line, tokens[i].text)
        st.report.funds_rows.append(
            FundsRow(
                label,
                budget=_amount(fused.group("amount") or "", st.unit_scale),
                evidence=ev,
                block=block,
            )
        )
        return i + 1
    if FUND_LABEL.match(key):
        return _funds(tokens, keys, i, st)
    if key in {"一级指标", "二级指标", "三级指标", "指标名称", "指标内容"}:
        j = i
        header: list[str] = []
        while j < n and (_role(keys[j], INDICATOR_COLUMNS) or keys[j] in SUBHEADER):
            header.append(keys[j])
            j += 1
        if any(h in {"三级指标", "指标名称", "指标内容"} for h in header):
            st.ind_roles = value_roles(header)
            st.in_indicators = True
            return j
    return i + 1


def _cost_block(tokens: list[Cell], keys: list[str], i: int, st: _State) -> int:
    """A cost (or income/expense) block: its header words, then label + amounts per row, up to its 合计."""
    j = i
    header: list[str] = []
    while j < len(tokens) and (
        COST_HEADER.search(keys[j]) or re.search(r"金额|依据|执行数|占比|构成", keys[j])
    ):
        header.append(keys[j])
        j += 1
    st.unit_scale = _unit_scale(" ".join(t.text for t in tokens[max(0, i - 2) : j]), st.unit_scale)
    per_label = [
        h for h in header[header.index(next(h for h in header if COST_HEADER.search(h))) + 1 :]
    ]
    # columns after each 构成: amounts (金额/执行数) and shares (占比) are numbers, 依据 is text
    extra_names = [h for h in per_label if re.search(r"执行数", h)]
    st.block += 1
    totals_seen = 0
    while j < len(tokens):
        key = keys[j]
        if _number(tokens[j].text) is not None or key in PLACEHOLDER:
            j += 1
            continue
        if (
            IDENTITY.get(key)
            or key.startswith(("绩效", "部门职能", "年度总体目标", "项目绩效", "保障"))
            or COST_HEADER.search(key)
        ):
            break
        label = tokens[j].text.strip()
        if canon(label) == "合计":
            block = 100 if totals_seen == 0 else 101
            totals_seen += 1
        else:
            block = (
                101 if label in EXPENSE_LABELS else 100 if label in INCOME_LABELS else st.block * 10
            )
        j = _cost_entry(tokens, keys, j, block, extra_names, st)
        if canon(label) == "合计" and (
            totals_seen >= 2 or not any(COST_HEADER.search(h) for h in header[1:])
        ):
            break
    return j


def _cost_entry(
    tokens: list[Cell], keys: list[str], j: int, block: int, extra_names: list[str], st: _State
) -> int:
    """The label at j with the values after it, a funds row of `block`: its first amount is
    the budget, the last amounts (not shares) the 执行数 columns. The cell after its values."""
    label = tokens[j].text.strip()
    values: list[str] = []
    k = j + 1
    while k < len(tokens) and (
        _number(tokens[k].text) is not None
        or _is_value(tokens[k].text)
        or (not _can_label(keys[k]) and len(values) < 4)
    ):
        values.append(tokens[k].text)
        k += 1
    numbers = [v for v in values if _number(v) is not None or _is_value(v)]
    ev = Evidence(tokens[j].page, tokens[j].line, " ".join([label, *values]))
    fr = FundsRow(
        label,
        budget=_amount(numbers[0], st.unit_scale) if numbers else None,
        evidence=ev,
        block=block,
    )
    for name, raw in zip(
        extra_names,
        [v for v in numbers[1:] if "%" not in v][-len(extra_names) :] if extra_names else [],
        strict=False,
    ):
        q = _amount(raw, st.unit_scale)
        if q is not None:
            fr.extra[name] = q
    st.report.funds_rows.append(fr)
    return k


INCOME_LABELS = {
    "财政拨款",
    "其他资金",
    "一般公共预算",
    "政府性基金拨款",
    "纳入专户管理的非税收入拨款",
}


def _can_label(key: str) -> bool:
    return (
        bool(FUND_LABEL.match(key))
        or key == "合计"
        or bool(re.fullmatch(r"[\p{Han}、（）()]{2,16}", key))
    )


def _funds(tokens: list[Cell], keys: list[str], i: int, st: _State) -> int:
    label = re.sub(r"^其中[:：]\s*|[:：]$", "", tokens[i].text)
    j = i + 1
    values: list[str] = []
    limit = len(st.fund_roles) if st.fund_roles else 1
    while (
        j < len(tokens)
        and len(values) < limit
        and _is_value(tokens[j].text)
        and not FUND_LABEL.match(keys[j])
    ):
        values.append(tokens[j].text)
        j += 1
    ev = Evidence(tokens[i].page, tokens[i].line, " ".join([tokens[i].text, *values]))
    if st.fund_roles:
        roles = tuple(st.fund_roles)
        _, placed = _align_funds(tuple(values), roles)
        ordered = [placed.get(r, "") for r in roles]
        _assign_funds(label, ordered, st, ev, positional=True)
    else:
        st.report.funds_rows.append(
            FundsRow(
                label, budget=_amount(values[0], st.unit_scale) if values else None, evidence=ev
            )
        )
    return j


def _fund_fit(role: str | None, token: str) -> int:
    t = token.strip()
    if t in PLACEHOLDER:
        return 0
    if role in {"initial", "budget", "spent"}:
        if not _is_num(t.rstrip("万元")):
            return -99
        fit = (
            2 if "." in t or float(t.rstrip("万元")) > 100 else 1
        )  # amounts carry decimals or are large
        return fit - 1 if role == "initial" else fit  # 年初预算数 is the one most often left blank
    if role == "rate":
        return 3 if t.endswith("%") else (1 if _is_num(t) else -99)
    if role == "weight":
        return (
            2
            if _is_num(t) and float(t) <= 30 and "." not in t
            else (1 if _is_num(t) and float(t) <= 100 else -99)
        )
    if role == "score":
        return 1 if _is_num(t) and float(t) <= 100 else -99
    return 0 if role in {"reason", "method"} else -99


@lru_cache(maxsize=1024)
def _align_funds(tokens: tuple[str, ...], roles: tuple[str, ...]) -> tuple[int, dict[str, str]]:
    """Values of a funds row that lost its empty cells, placed by type (amounts before rates before scores)."""
    return place(tokens, roles, _fund_fit, lambda _role, toks: len(toks) == 1)


def _is_value(text: str) -> bool:
    t = text.strip()
    return t in PLACEHOLDER or bool(re.fullmatch(rf"-?[\d,]+(?:\.\d+)?\s*(?:%|{YUAN_ALT})?", t))


def value_roles(header: list[str]) -> list[str | None]:
    """The roles of a row's values in order, level and name columns left out.

    A 年度指标值 column split into 指标性质 / 指标值 / 度量单位 in a second header
    row: the three take its place.
    """
    trailing = 0
    while trailing < len(header) and header[len(header) - 1 - trailing] in SUBHEADER:
        trailing += 1
    main, sub_words = header[: len(header) - trailing], header[len(header) - trailing :]
    roles = [_role(h, INDICATOR_COLUMNS) for h in main]
    sub = [_SUB_ROLES[h] for h in sub_words]
    if trailing >= 2 and "target" in roles:
        at = roles.index("target")
        roles = roles[:at] + sub + roles[at + 1 :]
    elif "target" not in roles:
        roles += sub  # a header of its own words ("一级指标 二级指标 三级指标 指标值")
    return [r for r in roles if r not in {"l1", "l2", "name"}]


_SUB_ROLES = {"指标性质": "nature", "指标值": "target", "度量单位": "unit", "计量单位": "unit"}


def _indicator_chunk(tokens: list[Cell], keys: list[str], i: int, st: _State) -> int:
    """From i: level cells, then the rows up to the next level cell, total or end."""
    key = keys[i]
    if TOTAL.match(key) or key.startswith("总分"):
        j = i + 1
        nums = []
        while j < len(tokens) and (
            _number(tokens[j].text) is not None or tokens[j].text.strip() in GRADES
        ):
            nums.append(tokens[j])
            j += 1
        roles = [None, *[r for r in st.ind_roles if r in {"weight", "score"}]]
        row = [tokens[i], *nums]
        _total(row, _State(st.report, ind_roles=roles if len(row) == len(roles) else []))
        st.in_indicators = False
        return j
    if END.match(key):
        st.done = True
        return len(tokens)
    level = _level_name(tokens[i].text)
    if LEVEL2.match(key) and st.l1 == "产出指标" and canon(level) in LEVEL1:
        st.l2 = tokens[i].text.strip()  # 成本指标 under 产出指标 (the older national form)
        return i + 1
    if canon(level) in LEVEL1:
        st.l1, st.l2 = level, None
        return i + 1
    if LEVEL2.match(key):
        st.l2 = tokens[i].text.strip()
        return i + 1
    j = i
    while j < len(tokens) and not _boundary(keys[j], tokens[j].text):
        j += 1
    _split_rows(tokens[i:j], st)
    return j


def _boundary(key: str, text: str) -> bool:
    return bool(
        canon(_level_name(text)) in LEVEL1
        or LEVEL2.match(key)
        or TOTAL.match(key)
        or key.startswith("总分")
        or END.match(key)
    )


def _split_rows(chunk: list[Cell], st: _State) -> None:
    """Split a chunk into rows (a name, then values placed by type), the split that fits best."""
    texts = tuple(c.text for c in chunk)
    roles = tuple(st.ind_roles)
    n = len(texts)
    if not n:
        return
    neg = -(10**6)
    best = [neg] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0
    longest = len(roles) + 4
    for end in range(1, n + 1):
        for start in range(max(0, end - longest - 1), end):
            if best[start] <= neg or not _can_name(texts[start]):
                continue
            score, values = align(texts[start + 1 : end], roles)
            if score <= neg:
                continue
            if values:
                complete = all(r not in roles or r in values for r in ("score", "weight", "target"))
                bonus = 4 if complete else 0
            else:
                bonus = 1 if PLACEHOLDER_NAME.match(texts[start].strip()) else -3
            total = best[start] + score + bonus - 2
            if total > best[end]:
                best[end], back[end] = total, start
    if best[n] <= neg:
        return
    cuts = []
    end = n
    while end > 0:
        start = back[end]
        cuts.append((start, end))
        end = start
    for start, end in reversed(cuts):
        _, values = align(texts[start + 1 : end], roles)
        name = chunk[start]
        ev = Evidence(name.page, name.line, " ".join(texts[start:end]))
        if texts[start].strip() in PLACEHOLDER:
            continue
        _add_indicator(st, texts[start].strip(), values, ev)


def _can_name(text: str) -> bool:
    t = text.strip()
    return (
        bool(t)
        and t not in PLACEHOLDER
        and t not in OPERATORS
        and t not in UNITS
        and t not in NATURES
        and not _is_num(t)
        and not t.startswith(("≥", "≤", ">", "<", "="))
    )
