"""The one vocabulary of measure units: every unit a number may be printed with, longest first.

Reports print a number and its unit run together ("30人次", "5万亩", "3.5万平方米",
"170万元"). A regex alternation tries its alternatives in order, so a short unit
listed before a longer one that starts with it shadows it: "人" before "人次"
reads "30人次" as 30 人, "万" before "万亩" reads "5万亩" as 50 000 元. Every
alternation of units is therefore generated here, from one table, longest
first, and a test proves that no unit shadows a longer one.

A multiplier before a unit scales the number and keeps the unit: "5万亩" is
50 000 亩 printed to the 万 (scale 10 000), never an amount of money. Only
元-amounts (元, 千元, 万元, 亿元) are yuan; a bare 万 or 亿 is money only where
the context says so (`bare_multiplier`).

This module imports nothing from the project: the model and every parser may use it.
"""

from __future__ import annotations

import regex as re

#: Amounts of money, in yuan.
MONEY: dict[str, float] = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}
#: Multipliers written before a unit ("5万亩", "1.2亿人次"), or alone where money is meant.
MULTIPLIERS: dict[str, float] = {"万": 1e4, "亿": 1e8}

#: Units of whole things counted one by one: a count printed without decimals is exact.
COUNT_UNITS: tuple[str, ...] = (
    "个",
    "套",
    "种",
    "人",
    "人次",
    "份",
    "条",
    "项",
    "次",
    "户",
    "家",
    "所",
    "台",
    "件",
    "场",
    "期",
    "批",
    "批次",
    "篇",
    "本",
    "册",
    "处",
    "座",
    "辆",
    "名",
    "组",
    "单",
    "株",
    "棵",
    "头",
    "只",
    "粒",
    "种次",
)
#: Physical measures: lengths, areas, volumes, weights.
MEASURE_UNITS: tuple[str, ...] = (
    "亩",
    "公顷",
    "米",
    "厘米",
    "千米",
    "公里",
    "km",
    "平方米",
    "㎡",
    "平方公里",
    "立方米",
    "吨",
    "千克",
    "公斤",
    "度",
)
#: Times and durations.
TIME_UNITS: tuple[str, ...] = ("天", "日", "月", "个月", "年", "小时")
#: Shares: per cent, per mille, percentage points.
RATIO_UNITS: tuple[str, ...] = ("%", "‰", "个百分点", "百分点")
#: Scores and weights.
SCORE_UNITS: tuple[str, ...] = ("分",)

#: Units a multiplier may stand before: counts, measures and money ("万亩", "万人次", "亿元").
SCALABLE_UNITS: tuple[str, ...] = (*COUNT_UNITS, *MEASURE_UNITS)

#: Units whose whole-number counts are set values, not rounded ones ("7 个" means 7).
EXACT_UNITS: frozenset[str] = frozenset(COUNT_UNITS)


def _table() -> dict[str, tuple[str, float]]:
    """Every printed unit token → (unit in base terms, scale from the printed number)."""
    table: dict[str, tuple[str, float]] = {}
    for unit in (*SCALABLE_UNITS, *TIME_UNITS, *RATIO_UNITS, *SCORE_UNITS):
        table[unit] = (unit, 1.0)
    for word, scale in MULTIPLIERS.items():
        for unit in SCALABLE_UNITS:
            table[word + unit] = (unit, scale)
    for word, scale in MONEY.items():
        table[word] = ("元", scale)
    for word, scale in MULTIPLIERS.items():
        table[word] = ("元", scale)  # a bare multiplier: money unless the context says otherwise
    return table


#: token as printed → (unit, scale): "万亩" → ("亩", 10000.0), "万元" → ("元", 10000.0).
UNITS: dict[str, tuple[str, float]] = _table()


def alternation(tokens: object) -> str:
    """A regex alternation of literal tokens, longest first, so that none shadows a longer one."""
    words = sorted(set(tokens), key=lambda t: (-len(t), t))  # type: ignore[call-overload]
    return "|".join(re.escape(w) for w in words)


#: Every unit token, for a pattern that reads a number and its unit.
UNIT_ALT = alternation(UNITS)
#: Amounts of money, with the bare multipliers: "170万元", "5 亿", "1,234.50 元".
MONEY_ALT = alternation([*MONEY, *MULTIPLIERS])
#: Amounts of money spelled out with 元 (the bare multipliers excluded): "万元|亿元|千元|元".
YUAN_ALT = alternation(MONEY)

#: The words that say an amount of money is meant, before a bare 万 or 亿 ("资金170万").
MONEY_CONTEXT = re.compile(
    r"资金|预算|金额|经费|费用|投资|投入|支出|拨付|拨款|到位|补助|补贴|奖励|奖补|成本|收入|价|款|费|元"
)


def read_unit(token: str | None) -> tuple[str, float]:
    """(unit, scale) of a unit token as printed; no token is ("", 1)."""
    if not token:
        return "", 1.0
    return UNITS[token]


def bare_multiplier(token: str | None) -> bool:
    """Whether a token is a multiplier with no unit after it ("5万", "5 亿")."""
    return bool(token) and token in MULTIPLIERS


__all__ = [
    "COUNT_UNITS",
    "EXACT_UNITS",
    "MEASURE_UNITS",
    "MONEY",
    "MONEY_ALT",
    "MONEY_CONTEXT",
    "MULTIPLIERS",
    "RATIO_UNITS",
    "SCALABLE_UNITS",
    "SCORE_UNITS",
    "TIME_UNITS",
    "UNITS",
    "UNIT_ALT",
    "YUAN_ALT",
    "alternation",
    "bare_multiplier",
    "read_unit",
]
