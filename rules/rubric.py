"""Rubrics as data: the scoring rules reports write, parsed into scoring functions.

Supported shapes: all-or-nothing ("达到目标值得满分，未达到不得分"),
proportional ("按比例扣分"), per-step deductions ("每降低1%扣相应权重的5%"),
tiers ("有所推进10分；稍有推进5分；没有推进0分") and checklists ("①…（1分）",
"以上三项各占1/3权重分", "满足得30%权重分"). Each gives the scores it can
produce for a result, so a printed score can be recomputed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex as re

from extractor.model import Indicator, Report
from extractor.normalize import canon
from extractor.numbers import parse_number, parse_target, to_int
from extractor.prose import squeezed

from .numeric import fmt, in_interval, show
from .outcome import outcome
from .registry import REPORT_KINDS, Hit, rule


@dataclass
class Rubric:
    """A parsed scoring rule: its shape and what it needs to give a score."""

    kind: str  # all_or_nothing | proportional | per_step | tiers | checklist
    text: str
    allowed: list[float] = field(default_factory=list)  # tiers and checklists, in points
    step: float | None = None  # per_step: size of a step, in percentage points
    deduct: float | None = None  # per_step: fraction of the weight deducted per step
    deduct_points: float | None = None  # per_step: points deducted per step
    tiers: list[tuple[str, float]] = field(default_factory=list)


_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_TIER = re.compile(
    r"(?P<label>[^，,；;。：:\d]{1,20}?)\s*[，,：:]?\s*(?P<pts>\d+(?:\.\d+)?)\s*分\s*(?=[；;，,。]|$)"
)
_STEP = re.compile(
    r"每(?P<dir>降低|下降|减少|低于|少|超出|超过|上升|增加|提高|延迟|延后)\s*(?P<step>\d+(?:\.\d+)?)\s*(?P<unit>%|个百分点|天|日)?[^。；;]{0,12}?扣(?:除|减)?\s*(?:相应)?(?:权重分?|该项分值|指标分值|分值)?\s*的?\s*(?:(?P<pct>\d+(?:\.\d+)?)\s*%|(?P<pts>\d+(?:\.\d+)?)\s*分)"
)
_ALL_OR_NOTHING = re.compile(
    r"(?:达到|符合|合规|是|完成|满足)[^。；;]{0,10}?得满分[^。；;]{0,24}?(?:不得分|得零分|得0分|0分|不得分值)"
)
_PROPORTIONAL = re.compile(r"按(?:完成)?比例(?:扣分|得分|计分)|按实际完成比例")


def parse_rubric(text: str | None, weight: float | None) -> Rubric | None:
    """The scoring rule in a rubric text, or None when it is not one of the known shapes."""
    if not text or weight is None:
        return None
    t = canon(text)
    if "酌情" in t:
        return None
    m = _STEP.search(t)
    if m:
        rub = Rubric("per_step", text, step=float(m.group("step")))
        if m.group("pct"):
            rub.deduct = float(m.group("pct")) / 100
        else:
            rub.deduct_points = float(m.group("pts"))
        return rub
    if _PROPORTIONAL.search(t):
        return Rubric("proportional", text)
    if _ALL_OR_NOTHING.search(t):
        return Rubric("all_or_nothing", text, allowed=[0.0, weight])
    tiers = [
        (mm.group("label"), float(mm.group("pts")))
        for mm in _TIER.finditer(t)
        if "每" not in mm.group("label")
    ]
    if len({p for _, p in tiers}) >= 2 and "每" not in t and not _POINTS.search(t):
        return Rubric(
            "tiers", text, allowed=sorted({p for _, p in tiers}, reverse=True), tiers=tiers
        )
    checklist = _checklist(t, weight)
    if checklist:
        return Rubric("checklist", text, allowed=checklist)
    return None


def _checklist(t: str, weight: float) -> list[float] | None:
    """Scores a checklist can give: every sum of a subset of its items' points."""
    items: list[float] = [float(p) for p in _POINTS.findall(t)]
    circled = len(set(re.findall(r"[①-⑩]", t)))
    if not items:
        m = re.search(
            r"以上\S{1,3}项\S{0,4}各占\s*(?:(\d+(?:\.\d+)?)\s*%|(\d+)\s*/\s*(\d+))\s*(?:的)?权重", t
        )
        if m and circled >= 2:
            share = float(m.group(1)) / 100 if m.group(1) else int(m.group(2)) / int(m.group(3))
            items = [weight * share] * circled
        shares = [
            float(x) / 100 for x in re.findall(r"满足得\s*(\d+(?:\.\d+)?)\s*%\s*(?:的)?权重", t)
        ]
        if not items and len(shares) >= 2:
            items = [weight * s for s in shares]
        deductions = [
            float(x) / 100 for x in re.findall(r"缺[①-⑩]扣权重分?的\s*(\d+(?:\.\d+)?)\s*%", t)
        ]
        if not items and len(deductions) >= 2:
            sums = {
                round(weight - weight * sum(c), 6)
                for r in range(len(deductions) + 1)
                for c in itertools.combinations(deductions, r)
            }
            return sorted({max(0.0, s) for s in sums}, reverse=True)
    if len(items) == 1 and abs(items[0] - weight) < 1e-9:
        return [weight, 0.0]
    if len(items) < 2 or len(items) > 12:
        return None
    sums = {
        round(sum(c), 6) for r in range(len(items) + 1) for c in itertools.combinations(items, r)
    }
    return sorted(sums, reverse=True)


def possible_scores(rub: Rubric, ind: Indicator) -> tuple[list[float], str] | None:
    """The scores the rule can give this indicator's stated result, and how they were found."""
    weight = ind.weight.value if ind.weight else None
    if weight is None:
        return None
    if rub.kind in {"tiers", "checklist", "all_or_nothing"}:
        return rub.allowed, ""
    target = parse_target(ind.benchmark)
    actual = parse_number(ind.actual)
    if target is None or target.value is None or actual is None:
        return None
    tv, av = target.value.value, actual.value
    if target.value.unit != actual.unit and not (target.value.unit == "" or actual.unit == ""):
        return None
    lower_is_better = target.operator in {"≤", "<"}
    if rub.kind == "proportional":
        if tv == 0 or av == 0:
            return None
        ratio = min(1.0, (tv / av) if lower_is_better else (av / tv))
        return [weight * ratio], f"按比例应得 {fmt(weight * ratio, 2)} 分"
    # per_step: the shortfall in steps, counted continuously, by whole steps, or by started steps.
    shortfall = (av - tv) if lower_is_better else (tv - av)
    if shortfall <= 0:
        return [weight], ""
    steps = shortfall / (rub.step or 1)
    per = weight * rub.deduct if rub.deduct is not None else (rub.deduct_points or 0)
    options = {
        max(0.0, weight - per * s)
        for s in (steps, math.floor(steps + 1e-9), math.ceil(steps - 1e-9))
    }
    linear = max(0.0, weight - per * steps)
    return sorted(
        options, reverse=True
    ), f"业绩值 {show(actual)}{actual.unit} 应得 {fmt(linear, 2)} 分"


@rule(
    "RUBRIC-SCORE",
    "rubric",
    "error",
    "得分应能由该指标自身的评分标准得出",
    kinds=REPORT_KINDS,
    reads_score_table=True,
)
def rubric_score(report: Report) -> Iterator[Hit]:
    """Recompute each score from the indicator's own scoring rule and its stated result.

    A score the rule cannot produce (8 on a 10/5/0 scale; 3.98 where "每降低1%扣
    5%" gives 3.88) shows that the score was not given by the stated rule.
    Checklist scores that need partial credit per item are only warnings.
    Targets that were met are left to the target-vs-actual rule.

    Limits: Only rubrics the program can turn into a scoring function are recomputed; the rest are
    named by RUBRIC-UNPARSED.
    """
    for ind in report.indicators:
        if ind.level != 3 or ind.score is None or ind.weight is None:
            continue
        rub = parse_rubric(ind.rubric, ind.weight.value)
        if rub is None:
            continue
        state = outcome(ind)
        if state == "met" and rub.kind in {"per_step", "proportional", "all_or_nothing"}:
            continue
        result = possible_scores(rub, ind)
        if result is None:
            continue
        allowed, how = result
        if any(in_interval(v, ind.score) for v in allowed):
            continue
        shown = "、".join(fmt(round(v, 2)) for v in allowed[:6]) + ("…" if len(allowed) > 6 else "")
        what = {
            "tiers": "只能给出",
            "checklist": "各项得分之和只能为",
            "all_or_nothing": "只能给出",
        }.get(rub.kind, "应给出")
        detail = how or f"{what} {shown} 分"
        yield Hit(
            f"{ind.code or ''}“{ind.name}”得分 {show(ind.score)}：评分标准{detail}",
            [ind.evidence, _rubric_evidence(ind)],
            expected=allowed[0] if len(allowed) == 1 else allowed[:6],
            found=ind.score.value,
            severity="warning" if rub.kind == "checklist" else None,
        )


@rule("RUBRIC-UNPARSED", "rubric", "info", "评分标准未能解析，得分未复核", kinds=REPORT_KINDS)
def rubric_unparsed(report: Report) -> Iterator[Hit]:
    """A rubric the program could not turn into a scoring function: its score was not recomputed.

    Why: Reported so that silence is never mistaken for a pass.

    Limits: It says only that the score was not recomputed, not that it is wrong.
    """
    for ind in report.indicators:
        if ind.level != 3 or not ind.rubric or ind.weight is None:
            continue
        if parse_rubric(ind.rubric, ind.weight.value) is None:
            yield Hit(
                f"{ind.code or ''}“{ind.name}”的评分标准未能解析，得分未复核",
                [_rubric_evidence(ind)],
            )


def _rubric_evidence(ind: Indicator):  # type: ignore[no-untyped-def]
    from extractor.model import Evidence

    if ind.evidence is None:
        return None
    return Evidence(ind.evidence.page, ind.evidence.line, (ind.rubric or "")[:120])


__all__ = ["Rubric", "parse_rubric", "possible_scores", "to_int"]


# "单位获奖成本=补助资金总额+获奖人数": a cost per head written as a sum with a head count.
PER_UNIT_SUM = re.compile(
    r"(?P<name>(?:单位|人均|平均|每)[^=＝，。；\s]{0,12}(?:成本|费用|补助|投入|支出))\s*[=＝]\s*"
    r"(?P<a>[^；。=＝+＋÷/×*\s]{2,40})[+＋](?P<b>[^；。=＝\s]{0,20}?(?:人数|人次|个数|数量|户数|家数|吨数|次数|件数|台数))"
)


@rule(
    "FORMULA-PER-UNIT",
    "rubric",
    "warning",
    "按单位计算的指标公式应为总额除以数量",
    kinds=REPORT_KINDS,
    reads_score_table=True,
)
def formula_per_unit(report: Report) -> Iterator[Hit]:
    """A per-unit measure (单位…成本, 人均…, 平均…) defined as an amount plus a count ("单位获奖
    成本 = 补助资金总额 + 获奖人数") is a division written as a sum: the printed formula cannot
    give the values the report computes with it.

    Why: the formula is how a reader recomputes the indicator; as printed it adds money to
    people.

    Limits: Only a definition with = whose right side adds a count word (人数, 个数, 数量 …) is read.
    """
    sq = squeezed(report)
    for m in PER_UNIT_SUM.finditer(sq.text):
        yield Hit(
            f"“{m.group('name')}”的公式写作“{m.group('a')}+{m.group('b')}”，按单位计算应为除",
            [report.evidence_at(*sq.span(m.start(), m.end()), pad=0)],
            expected="÷",
            found="+",
        )
