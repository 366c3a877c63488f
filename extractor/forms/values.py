"""A cell's value: a target's measure, a number, a rate, an amount of money and its unit.

A measure is read from what the cell prints ("≥50个", "=100.00(%)", "每亩300元"),
and is nothing when the cell is a phrase, a deadline or an empty-cell mark. An
amount is in 元 once read: a cell's own 万元, else the form's stated money unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..model import Quantity
from ..normalize import clean_line
from ..numbers import AMOUNT_SCALE, operator_of, quantity
from ..units import YUAN_ALT
from .words import PLACEHOLDER

_MEASURE = re.compile(r"^(?P<pre>.*?)(?P<num>-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>[^\d]*?)\s*$")
_UNIT_ALIASES = {"百分比": "%", "％": "%", "(%)": "%", "（%）": "%", "百分点": "个百分点"}


# A deadline or a period, not a quantity: "7月底前", "12月31日前", "次年2月份前", "3个月内", "24小时内".
DEADLINE = re.compile(
    r"\d{1,2}\s*月(?:份)?(?:\s*\d{1,2}\s*日)?\s*(?:底)?\s*(?:前|之前|以前)|"
    r"\d+\s*(?:个月|小时|天|日|工作日|周)\s*内(?:完成)?$"
)


@dataclass
class Measure:
    operator: str | None
    value: Quantity | None
    unit: str | None


def parse_measure(text: str | None) -> Measure:
    """ "≥50个" → (≥, 50, 个); "=100.00(%)" → (=, 100.00, %); "每亩300元" → (None, 300, 元/亩); "有效" → (None, None, None)."""
    if not text:
        return Measure(None, None, None)
    t = clean_line(text).strip()
    if t in PLACEHOLDER or DEADLINE.search(t):
        return Measure(None, None, None)
    op = operator_of(t)
    m = _MEASURE.match(t)
    if not m or (len(re.findall(r"\d+(?:\.\d+)?", t)) > 1 and not re.search(r"\d/\S", t)):
        return _same_measures(t) or Measure(op, None, None)
    pre, unit = m.group("pre"), m.group("unit").strip()
    if re.fullmatch(r"[(（].*[)）]", unit):
        unit = unit[1:-1]
    unit = re.sub(r"(以上|以下|以内|及以上|以前|之前|之内)$", "", unit)
    unit = _UNIT_ALIASES.get(unit, unit)
    if any(len(re.sub(r"[^\p{Han}]", "", part)) > 4 for part in unit.split("/")):
        return _stated(op, m.group("num"), pre, unit)  # "至少1次矫正人员的集中活动"
    per = re.search(r"每([\p{Han}]{1,2})$", pre)
    if per and unit:
        unit = f"{unit}/{per.group(1)}"
    if re.search(
        r"[\p{Han}]{2,}",
        re.sub(
            r"(不低于|不高于|不少于|不超过|大于|小于|等于|达到|至少|全年|年度|累计|每[\p{Han}]{1,2})",
            "",
            pre,
        ),
    ):
        return _stated(op, m.group("num"), pre, unit)  # a number inside a sentence
    value = quantity(m.group("num").replace(",", ""), unit or "")
    return Measure(op, value, unit or None)


# The count a sentence states as its target: a counting unit right after the number, the
# number right after an operator ("开展不低于5次的社区法治宣传活动", "生活改善度不低于80%"), or a
# percentage ending a short phrase that names no change ("可控性100%", not "较上年提高10%").
_COUNT_UNIT = re.compile(r"^(?:%|人次|次|个|项|场|份|篇|户|人|家|期|批|套|台|件|所|条|万元|元)")
_OPERATOR_BEFORE = re.compile(r"(?:不低于|不少于|不高于|不超过|至少|达到|[≥≤＞＜<>=])\s*$")
_CHANGE = re.compile(r"提高|降低|增长|下降|减少|增加|较|比|同比|环比")


def _stated(op: str | None, num: str, pre: str, unit: str) -> Measure:
    """A number inside a sentence: the target's measure where the sentence states one (see
    above), else no measure (a number that only describes: "建立3个台账的工作机制")."""
    head = _COUNT_UNIT.match(unit)
    if head is None:
        return Measure(op, None, None)
    after_operator = bool(_OPERATOR_BEFORE.search(pre))
    percent_at_end = unit == "%" and not _CHANGE.search(pre) and len(pre) <= 12
    if not (after_operator or percent_at_end):
        return Measure(op, None, None)
    return Measure(op, quantity(num.replace(",", ""), head.group(0)), head.group(0))


_PART_MEASURE = re.compile(
    r"(?P<op>[≥≤=＞＜<>]|不低于|不少于|不高于|不超过)\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[\p{Han}%]{1,3})"
)


def _same_measures(text: str) -> Measure | None:
    """Several targets in one cell that all say the same ("项目立项数量≥400个；项目终验数量≥400个"):
    that one measure."""
    parts = {
        (operator_of(m.group("op")), m.group("num"), m.group("unit"))
        for m in _PART_MEASURE.finditer(text)
    }
    if len(parts) != 1 or len(re.findall(r"\d+(?:\.\d+)?", text)) != len(
        _PART_MEASURE.findall(text)
    ):
        return None
    op, num, unit = parts.pop()
    return Measure(op, quantity(num, unit), unit)


def _number(text: str) -> Quantity | None:
    t = clean_line(text).strip().replace(",", "")
    if re.fullmatch(r"-?\d+(?:\.\d+)?", t):
        return quantity(t)
    return None


def _percent(text: str) -> Quantity | None:
    t = clean_line(text).strip()
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*%", t)
    return quantity(m.group(1), "%") if m else None


def _unit_scale(text: str, default: float) -> float:
    if "万元" in text:
        return 1e4
    if re.search(r"[（(]元[)）]|单位[:：]元", text):
        return 1.0
    return default


def _amount(text: str, scale: float) -> Quantity | None:
    t = clean_line(text).strip().replace(",", "")
    m = re.fullmatch(rf"(-?\d+(?:\.\d+)?)\s*({YUAN_ALT})?", t)
    if not m:
        return None
    unit_scale = AMOUNT_SCALE[m.group(2)] if m.group(2) else scale
    return quantity(m.group(1), "元", unit_scale)


def _rate(text: str) -> Quantity | None:
    pct = _percent(text)
    if pct is not None:
        return pct
    n = _number(text)
    if n is None:
        return None
    if n.value <= 1.0 and n.decimals <= 4:
        # A rate exported as a fraction (1 = 100%).
        return Quantity(round(n.value * 100, 10), text, max(0, n.decimals - 2), "%", 1.0)
    return Quantity(n.value, text, n.decimals, "%")
