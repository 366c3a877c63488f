"""Rules on what a form's words say against its own cells: the levels it files indicators
under, the scoring rule printed beside each indicator, the goal written above the table."""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Evidence, Indicator, Report
from extractor.normalize import canon
from extractor.numbers import quantity

from .numeric import EPS, fmt, same, show
from .registry import FORM_KINDS, Hit, rule

# The national framework: which 二级指标 belong to which 一级指标.
FAMILY = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "服务对象满意度指标": "满意度指标",
    "社会公众满意度指标": "满意度指标",
}
# Older national forms file 成本 under 产出 and 满意度 under 效益: not a misfiling.
ALLOWED = {("产出指标", "成本指标"), ("效益指标", "满意度指标")}
LEVEL1_NAMES = set(FAMILY.values())


@rule(
    "FORM-LEVELS",
    "policy",
    "warning",
    "二级指标归在不相属的一级指标下",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def form_levels(report: Report) -> Iterator[Hit]:
    """A 二级指标 filed under a 一级指标 it does not belong to (社会效益指标 under 产出指标), when
    the form has no such 一级指标 at all: the category is missing and its rows are counted
    under another.

    The older national form's 成本指标 under 产出指标 and 满意度指标 under 效益指标 are allowed.

    Limits: Only the national level names are known; a province's own 一级指标 names are taken as they
    are.
    """
    seen: dict[tuple[str, str], list[Indicator]] = {}
    present = {canon(i.level1 or "") for i in report.indicators}
    for ind in report.indicators:
        l1, l2 = canon(ind.level1 or ""), canon(ind.level2 or "")
        home = FAMILY.get(l2)
        if not home or not l1 or l1 == home or l1 not in LEVEL1_NAMES:
            continue
        if (l1, home) in ALLOWED or home in present:
            continue  # the category exists: a cell merged over a page break may have misled
        seen.setdefault((ind.level1 or "", ind.level2 or ""), []).append(ind)
    for (l1, l2), inds in seen.items():
        yield Hit(
            f"二级指标“{l2}”（属{FAMILY[canon(l2)]}）下的 {len(inds)} 个指标归在一级指标“{l1}”下",
            [i.evidence for i in inds[:3]],
            expected=FAMILY[canon(l2)],
            found=l1,
        )


POINTS = re.compile(r"得\s*(\d+(?:\.\d+)?)\s*分")


@rule(
    "FORM-RUBRIC-POINTS",
    "rubric",
    "warning",
    "评分标准给出的分数高于指标分值",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def rubric_points(report: Report) -> Iterator[Hit]:
    """A scoring rule printed beside an indicator that awards more points than the indicator
    is worth ("偏离10%得8分" on an indicator of weight 7): the rule was copied from another
    indicator, and a score by it would exceed the weight. One finding for the form.

    Limits: Only rules that award points (得N分) are read; rules in shares of the weight are not.
    """
    over = []
    for ind in report.indicators:
        if ind.weight is None or not ind.rubric:
            continue
        points = [float(p) for p in POINTS.findall(ind.rubric)]
        if points and max(points) > ind.weight.value + EPS:
            over.append((ind, max(points)))
    if not over:
        return
    shown = "；".join(f"“{i.name}”分值 {show(i.weight)}，可得 {fmt(p)} 分" for i, p in over[:4])  # type: ignore[arg-type]
    first, most = over[0]
    yield Hit(
        f"{len(over)} 个指标的评分标准给出的分数高于其分值：{shown}",
        [i.evidence for i, _ in over[:3]],
        expected=f"≤ {show(first.weight)}",  # type: ignore[arg-type]
        found=most,
    )


FULL_AT = re.compile(
    r"(?:为|达到|等于|是)\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<pct>%)?\s*(?:的|时)?\s*得满分"
)


@rule(
    "FORM-RUBRIC-TARGET",
    "rubric",
    "warning",
    "评分标准的满分条件与指标值不符",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def rubric_target(report: Report) -> Iterator[Hit]:
    """A scoring rule that gives full marks at another value than the indicator's exact
    target ("投诉率为3得满分" for a target of ＝0%): rule and target cannot both hold.

    Limits: Only rules that name the value for full marks (X得满分) against an exact target (＝) are
    compared.
    """
    for ind in report.indicators:
        if not ind.rubric or ind.target_value is None or ind.operator not in {"=", None}:
            continue
        m = FULL_AT.search(ind.rubric)
        if not m:
            continue
        value = quantity(m.group("value"), "%" if m.group("pct") else "")
        if same(value, ind.target_value):
            continue
        yield Hit(
            f"“{ind.name}”指标值为 {ind.benchmark}，评分标准写“{m.group(0).strip()}”：满分条件 "
            f"{show(value)} 与指标值 {show(ind.target_value)} 不符",
            [Evidence(ind.evidence.page if ind.evidence else None, None, ind.rubric), ind.evidence],
            expected=ind.target_value.value,
            found=value.value,
        )


GOAL_VALUE = re.compile(
    r"^(?:不低于|不少于|不高于|不超过|达到|达|为|≥|≤|>=|<=|大于等于|小于等于|以上)?\s*"
    r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>%|[\p{Han}]{1,2})?"
)
ITEM_AMOUNT = re.compile(r"(?P<item>[\p{Han}]{2,16})\s*(?P<value>\d+(?:\.\d+)?)\s*万元")


@rule(
    "FORM-GOAL-RESTATED",
    "restated_value",
    "warning",
    "年度目标所述数值与指标不一致",
    kinds=FORM_KINDS,
)
def goal_restated(report: Report) -> Iterator[Hit]:
    """The goal written above the table gives a value another cell of the form contradicts:
    an indicator named word for word in the goal with another target ("满意度不低于80%"
    over a row of ≥90%), or an item the goal prices ("缴纳电费27万元") that an indicator's
    解释 prices otherwise ("缴纳电费20万元").

    Limits: An indicator is matched to the goal only when named word for word; a paraphrase is not
    matched.
    """
    goal = canon(report.goal or "")
    if not goal:
        return
    yield from _goal_targets(report, goal)
    yield from _goal_amounts(report, goal)


def _goal_evidence(report: Report, quote: str) -> Evidence:
    """The goal line's place, quoting the part of the goal that holds the value."""
    line = next((ln for ln in report.lines if (report.goal or "")[:12] in ln.text), None)
    return Evidence(line.page if line else report.page_start, line.number if line else None, quote)


def _goal_targets(report: Report, goal: str) -> Iterator[Hit]:
    for ind in report.indicators:
        name = canon(ind.name)
        if ind.target_value is None or len(name) < 4 or name not in goal:
            continue
        after = goal[goal.index(name) + len(name) :]
        m = GOAL_VALUE.match(after)
        if not m:
            continue
        if (m.group("unit") == "%") != (ind.unit == "%"):
            continue
        value = quantity(m.group("value"), m.group("unit") or "")
        if same(value, ind.target_value):
            continue
        quote = name + after[: m.end()]
        yield Hit(
            f"年度目标称“{quote}”，指标“{ind.name}”的指标值为 {ind.benchmark}：{show(value)} 与 "
            f"{show(ind.target_value)} 不一致",
            [_goal_evidence(report, quote), ind.evidence],
            expected=ind.target_value.value,
            found=value.value,
        )


def _items(text: str) -> dict[str, tuple[str, str]]:
    """Items priced in a text: {item: (value, quote)} ("缴纳电费": ("27", "缴纳电费27万元"))."""
    out: dict[str, tuple[str, str]] = {}
    for m in ITEM_AMOUNT.finditer(text):
        out.setdefault(m.group("item"), (m.group("value"), m.group(0)))
    return out


def _goal_amounts(report: Report, goal: str) -> Iterator[Hit]:
    priced = _items(goal)
    if not priced:
        return
    for ind in report.indicators:
        for item, (value, quote) in _items(canon(ind.explanation or "")).items():
            if item not in priced or len(item) < 4:
                continue
            goal_value, goal_quote = priced[item]
            if same(quantity(goal_value), quantity(value)):
                continue
            yield Hit(
                f"年度目标称“{goal_quote}”，指标“{ind.name}”的解释称“{quote}”：{goal_value} 万元与 "
                f"{value} 万元不一致",
                [_goal_evidence(report, goal_quote), ind.evidence],
                expected=float(goal_value),
                found=float(value),
            )


__all__ = ["form_levels", "goal_restated", "rubric_points", "rubric_target"]
