"""Forms whose cells lost their positions: one cell per line, or cells run together with spaces.

Web copies drop empty and merged cells, so a row's values cannot be placed by
column. They are placed by type instead: an operator goes where 指标性质 goes,
plain numbers where 分值 and 得分 go, "%" where a unit goes. Rows themselves
are found the same way: a chunk of cells between level cells is split into
the rows that type best (every row a name followed by values).
"""

from __future__ import annotations

from functools import lru_cache

import regex as re

from .forms import (
    END,
    FUND_COLUMNS,
    FUND_LABEL,
    GRADES,
    IDENTITY,
    INDICATOR_COLUMNS,
    LEVEL1,
    LEVEL2,
    PLACEHOLDER,
    TOTAL,
    Cell,
    _add_indicator,
    _amount,
    _assign_funds,
    _level_name,
    _number,
    _role,
    _State,
    _total,
    _unit_scale,
)
from .model import Evidence, FundsRow
from .normalize import canon

OPERATORS = {"≥", "≤", "=", ">", "<", "≧", "≦", "═", "﹦", "＞", "＜", ">=", "<="}
NATURES = {"正向", "反向", "定性", "定量", "定性指标", "定量指标", "正向指标", "反向指标"}
UNITS = set(
    [
        "%",
        "‰",
        "人",
        "人次",
        "个",
        "次",
        "万亩",
        "亩",
        "元",
        "万元",
        "亿元",
        "件",
        "所",
        "户",
        "项",
        "篇",
        "份",
        "台",
        "套",
        "座",
        "天",
        "小时",
        "年",
        "月",
        "日",
        "家",
        "场",
        "辆",
        "吨",
        "米",
        "公里",
        "千米",
        "平方米",
        "万平方米",
        "立方米",
        "万立方米",
        "公顷",
        "种",
        "批",
        "期",
        "组",
        "名",
        "条",
        "单",
        "处",
        "册",
        "本",
        "度",
        "分",
        "万人次",
        "—",
        "-",
        "/",
    ]
)
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
        if t in OPERATORS or t in NATURES:
            return -99
        return 2 if re.search(r"\d", t) else 1
    if role in {"reason", "method", "note", "explanation"}:
        return 1 if not _is_num(t) else -99
    return -99


def align(tokens: tuple[str, ...], roles: tuple[str | None, ...]) -> tuple[int, dict[str, str]]:
    """The best placement of tokens (in order) on roles (in order, any may stay empty)."""
    return _align(tokens, roles)


@lru_cache(maxsize=4096)
def _align(tokens: tuple[str, ...], roles: tuple[str | None, ...]) -> tuple[int, dict[str, str]]:
    n, m = len(tokens), len(roles)
    neg = -(10**6)
    # best[i][j]: best score placing tokens[:i] on roles[:j]
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0] = [0] * (m + 1)
    for j in range(1, m + 1):
        back[(0, j)] = (0, j - 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            # role j-1 empty
            cand = best[i][j - 1]
            arg = (i, j - 1)
            role = roles[j - 1]
            # role j-1 takes tokens[k:i] (several tokens only for text roles)
            max_take = (
                3 if role in {"reason", "method", "target", "actual", "note", "explanation"} else 1
            )
            for take in range(1, min(max_take, i) + 1):
                k = i - take
                fits = [_fit(role, tokens[x]) for x in range(k, i)]
                if min(fits) < 0 or best[k][j - 1] <= neg:
                    continue
                if (
                    take > 1
                    and role in {"target", "actual"}
                    and not all(tokens[x] in UNITS for x in range(k + 1, i))
                ):
                    continue  # a value split by a space ("100 %"), never two values glued
                score = best[k][j - 1] + sum(fits) - (take - 1)
                if score > cand:
                    cand, arg = score, (k, j - 1)
            best[i][j] = cand
            back[(i, j)] = arg
    if best[n][m] <= neg:
        return neg, {}
    values: dict[str, str] = {}
    i, j = n, m
    while j > 0:
        pi, pj = back[(i, j)]
        if pi < i and roles[pj]:
            values[roles[pj]] = (
                "".join(tokens[pi:i])
                if roles[pj] not in {"reason", "method"}
                else " ".join(tokens[pi:i])
            )
        i, j = pi, pj
    return best[n][m], values


def read_flat(tokens: list[Cell], st: _State) -> None:
    """Rebuild a form from its cells in reading order."""
    keys = [canon(t.text) for t in tokens]
    n = len(tokens)
    i = 0
    while i < n and not st.done:
        key = keys[i]
        attr = IDENTITY.get(key.strip("*").rstrip(":："))
        if attr is not None:
            if (
                i + 1 < n
                and canon(tokens[i + 1].text).rstrip(":：") not in IDENTITY
                and getattr(st.report, attr) is None
            ):
                setattr(st.report, attr, tokens[i + 1].text)
            i += 2
            continue
        if key.startswith("自评总分") and i + 1 < n:
            st.report.total_score = _number(tokens[i + 1].text)
            i += 2
            continue
        run = 0
        while i + run < n and _role(keys[i + run], FUND_COLUMNS):
            run += 1
        if run >= 3 and not st.in_indicators:
            st.fund_roles = [_role(keys[j], FUND_COLUMNS) for j in range(i, i + run)]  # type: ignore[misc]
            st.unit_scale = _unit_scale(
                " ".join(t.text for t in tokens[max(0, i - 3) : i]), st.unit_scale
            )
            i += run
            continue
        if FUND_LABEL.match(key) and not st.in_indicators:
            i = _funds(tokens, keys, i, st)
            continue
        if (
            key in {"一级指标", "二级指标", "三级指标", "指标名称", "指标内容"}
            and not st.in_indicators
        ):
            j = i
            header: list[str] = []
            while j < n and (_role(keys[j], INDICATOR_COLUMNS) or keys[j] in SUBHEADER):
                header.append(keys[j])
                j += 1
            if any(h in {"三级指标", "指标名称", "指标内容"} for h in header):
                st.ind_roles = value_roles(header)
                st.in_indicators = True
                i = j
                continue
        if st.in_indicators:
            i = _indicator_chunk(tokens, keys, i, st)
            continue
        i += 1


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
        _assign_funds(label, values, st, ev, positional=False)
    elif values:
        st.report.funds_rows.append(
            FundsRow(label, budget=_amount(values[0], st.unit_scale), evidence=ev)
        )
    return j


def _is_value(text: str) -> bool:
    t = text.strip()
    return t in PLACEHOLDER or bool(re.fullmatch(r"-?[\d,]+(?:\.\d+)?\s*(?:%|万元|元)?", t))


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
    if trailing >= 2 and "target" in roles:
        sub = [
            {"指标性质": "nature", "指标值": "target", "度量单位": "unit", "计量单位": "unit"}[h]
            for h in sub_words
        ]
        at = roles.index("target")
        roles = roles[:at] + sub + roles[at + 1 :]
    return [r for r in roles if r not in {"l1", "l2", "name"}]


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
            bonus = (
                4
                if ("score" not in roles or "score" in values)
                and ("weight" not in roles or "weight" in values)
                else 0
            )
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
