"""Form rules on indicators' scores: scores and weights add up, and scores follow results.

总分 is the funds score plus every indicator's score; the 分值 add up to the 总分 row's
分值 and to each level-1 group's; a missed target does not get full marks, a met one
loses marks only with a reason, a missed quantitative one scores at most its achieved
share, and an actual far off its target is explained. Whether a target is met depends
on its direction (正向, 反向, 等于, 定性): `direction` and `outcome` decide it.

Registers FORM-SCORE-SUM, FORM-WEIGHT-SUM, FORM-TARGET, FORM-PROPORTION and
FORM-DEVIATION on import.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Indicator, Report
from extractor.normalize import canon
from extractor.numbers import parse_date

from .formfunds import _funds_total, funds_weight
from .numeric import EPS, column_sum_matches, fmt, show, sum_matches, sum_of
from .profiles import Settings
from .registry import FORM_KINDS, Hit, rule

REVERSE_WORDS = re.compile(
    r"结余率|差错率|事故|投诉|发生率|受害率|成灾率|变动率|下降率|超支|损失|能耗|成本|费用|时长|时限|天数"
)


# -- sums and weights -------------------------------------------------------------------------


@rule(
    "FORM-SCORE-SUM",
    "score_sum",
    "error",
    "各项得分之和应等于总分",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def form_score_sum(report: Report) -> Iterator[Hit]:
    """总分 is the funds score plus every indicator's score (a score repeated in a 其中 row is not counted twice).

    Limits: Needs every indicator's score; a form with a blank score is left to FORM-BLANK. Not
    judged where the funds total row is printed but was not read (said by EXTRACT-UNREAD).
    """
    total = report.total_score
    scored = [i for i in report.indicators if i.score is not None]
    if (
        report.funds_partial  # the funds score is part of the sum: said unread
        or total is None
        or not scored
        or any(i.score is None and i.weight is not None for i in report.indicators)
    ):
        return
    parts = [i.score for i in scored]
    funds = _funds_total(report)
    if funds is not None and funds.score is not None:
        parts.append(funds.score)
    if not column_sum_matches(parts, total):
        s = sum_of(parts)
        ev = report.first("total_score")
        yield Hit(
            f"各项得分之和 {show(s)} 与总分 {show(total)} 不一致",
            [ev.evidence if ev else None],
            expected=s.value,
            found=total.value,
        )


@rule(
    "FORM-WEIGHT-SUM",
    "weight_total",
    "error",
    "分值之和应等于总分栏分值（或 100）",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def form_weight_sum(report: Report, settings: Settings) -> Iterator[Hit]:
    """Weights add up: funds 分值 plus indicator 分值 equal the 总分 row's 分值 (100), and each
    level-1 group's indicators add up to the weight printed in its cell ("产出指标（50分）").

    A self-assessment that scores the funds but leaves their 分值 blank counts the profile's
    `funds_weight`: its indicators add up to 90 nationally, to 80 under `funds20`.

    Limits: A form that prints no 总分 分值 and no group weights has nothing to add up to and is not
    judged; nor one whose funds total row is printed but was not read (said by EXTRACT-UNREAD).
    """
    weighted = [i for i in report.indicators if i.weight is not None]
    if not weighted or report.funds_partial:  # the funds' 分值 is part of the sum: said unread
        return
    parts = [i.weight for i in weighted]
    funds, printed = funds_weight(report, settings)
    if funds is not None:
        parts.append(funds)
    stated = report.weight_total
    if stated is not None and not sum_matches(parts, stated):
        s = sum_of(parts)
        ev = report.first("weight_total")
        groups = [e for _, _, e in report.group_weights]
        assumed = (
            ""
            if printed or funds is None
            else f"（含资金分值 {show(funds)}，表中未填，按计分规则）"
        )
        yield Hit(
            f"分值合计 {show(s)}{assumed} 与总分栏分值 {show(stated)} 不一致",
            [ev.evidence if ev else None, *groups],
            expected=s.value,
            found=stated.value,
        )
    for name, weight, ev in report.group_weights:
        members = [i for i in weighted if i.level1 == name]
        if members and not sum_matches([i.weight for i in members], weight):
            s = sum_of([i.weight for i in members])
            yield Hit(
                f"一级指标“{name}”分值 {show(weight)} 与其下指标分值合计 {show(s)} 不一致",
                [ev],
                expected=s.value,
                found=weight.value,
            )


# -- targets ----------------------------------------------------------------------------------


def direction(ind: Indicator) -> str:
    """正向 (more is better), 反向 (less is better), 等于, or 定性."""
    nature = canon(ind.nature or "")
    if "定性" in nature:
        return "定性"
    if "反向" in nature or ind.operator in {"≤", "<"}:
        return "反向"
    if "正向" in nature or ind.operator in {"≥", ">"}:
        return "正向"
    if ind.operator == "=":
        return "等于"
    if ind.target_value is None:
        return "定性"
    return "反向" if REVERSE_WORDS.search(ind.name) else "正向"


def outcome(ind: Indicator) -> tuple[str | None, float | None]:
    """("met" | "missed" | None, achieved share 0–1 when quantitative)."""
    kind = direction(ind)
    t, a = ind.target_value, ind.actual_value
    if kind == "定性" or t is None:
        if ind.benchmark and ind.actual and canon(ind.benchmark) == canon(ind.actual):
            return "met", None
        return _date_outcome(ind), None
    if a is None or (ind.unit and _actual_unit(ind) and _actual_unit(ind) != ind.unit):
        return None, None
    if kind == "正向":
        met = a.value >= t.value - a.half_step
        return ("met" if met else "missed"), (a.value / t.value if t.value else None)
    if kind == "反向":
        met = a.value <= t.value + a.half_step
        return ("met" if met else "missed"), (t.value / a.value if a.value else 1.0)
    met = abs(a.value - t.value) <= a.half_step + t.half_step
    return ("met" if met else "missed"), None


def _actual_unit(ind: Indicator) -> str | None:
    m = re.search(r"\d\s*([^\d\s]+)\s*$", ind.actual or "")
    return m.group(1) if m else None


def _date_outcome(ind: Indicator) -> str | None:
    t = parse_date(ind.benchmark or "") if ind.benchmark else None
    a = parse_date(ind.actual or "") if ind.actual else None
    if not t or not a or t.month is None or a.month is None:
        return None
    tk = ((t.year or a.year or 0), t.month, t.day or 31)
    ak = ((a.year or t.year or 0), a.month, a.day or 31)
    return "met" if ak <= tk else "missed"


@rule(
    "FORM-TARGET",
    "target_vs_actual",
    "error",
    "未完成目标却得满分，或完成目标却被扣分",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def form_target(report: Report) -> Iterator[Hit]:
    """Scores follow results: a missed target cannot get full marks; a met one loses marks only with a reason.

    Direction matters: 正向 (more is better), 反向 (less is better: costs,
    complaints, 结余率), 等于, 定性 (judged only where the words decide it).
    Full marks on a missed target is an error; a deduction on a met target
    with no reason is a warning.

    Limits: A 定性 target is judged only when the actual repeats the target's words or both are dates;
    other qualitative results are not.
    """
    for ind in report.indicators:
        if ind.score is None or ind.weight is None:
            continue
        state, _share = outcome(ind)
        full = ind.score.high >= ind.weight.value - EPS
        if state == "missed" and full:
            yield Hit(
                f"“{ind.name}”实际完成值 {ind.actual} 未达到指标值 {ind.benchmark}，却得满分 {show(ind.score)}",
                [ind.evidence],
                expected=f"< {show(ind.weight)}",
                found=ind.score.value,
            )
        elif state == "met" and not full and (not ind.reason or _vague(ind.reason)):
            why = "未说明原因" if not ind.reason else f"所述“{ind.reason[:30]}”未说明扣分依据"
            yield Hit(
                f"“{ind.name}”实际完成值 {ind.actual} 已达到指标值 {ind.benchmark}，却只得 {show(ind.score)} 分（分值 {show(ind.weight)}），{why}",
                [ind.evidence],
                expected=ind.weight.value,
                found=ind.score.value,
                severity="warning",
            )


# A reason that only promises improvement ("有进一步提升空间；后续拟加强总结与改进") and names no
# shortfall does not explain marks lost on a target the form itself calls met.
IMPROVEMENT_ONLY = re.compile(
    r"提升空间|改进空间|进一步(?:提升|加强|提高|完善|优化)|持续(?:改进|提升|优化)|有待(?:提高|加强|完善|提升)"
)
SHORTFALL = re.compile(
    r"\d|未|不足|不到|不够|滞后|延迟|延期|推迟|偏差|偏低|偏高|超出|超过|低于|少于|减少|下降|问题|投诉|差"
)


def _vague(reason: str) -> bool:
    """A reason that only promises improvement and names no shortfall."""
    return bool(IMPROVEMENT_ONLY.search(reason)) and not SHORTFALL.search(reason)


@rule(
    "FORM-PROPORTION",
    "rubric",
    "error",
    "得分高于按完成比例可得的分数",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def form_proportion(report: Report, settings: Settings) -> Iterator[Hit]:
    """A missed quantitative target scores at most 分值 × achieved share (the proportional rule).

    Only 正向 and 反向 indicators with comparable units are judged; full marks on a
    missed target is the target rule's finding. A 反向 indicator at the profile's
    `reverse_zero_at` times its target or more (twice, nationally) scores 0. A 定性
    target the form itself calls partly achieved ("部分完成", "有所改善" against
    "有效改善") and marked down scores at most the profile's `partial_qualitative`
    share of its weight (80% nationally, 60% under `strict`): a warning, since the
    words, not numbers, decide it.

    Limits: A partly achieved 定性 target is known only by the words the form uses (部分完成, 有所改善 …); a
    form that says so otherwise is not judged.
    """
    profile = settings.profile
    for ind in report.indicators:
        if ind.score is None or ind.weight is None or ind.score.high >= ind.weight.value - EPS:
            continue
        state, share = outcome(ind)
        if state == "missed" and share is not None:
            yield from _proportional(ind, share, profile.reverse_zero_at)
        elif state is None and direction(ind) == "定性" and PARTLY.search(ind.actual or ""):
            yield from _partly_qualitative(ind, profile.partial_qualitative)


PARTLY = re.compile(r"部分(?:达成|完成|实现|达到)|未全部|有所(?:改善|提升|提高|好转|下降|减少)")


def _proportional(ind: Indicator, share: float, zero_at: float) -> Iterator[Hit]:
    """A missed 正向/反向 target: at most 分值 × share; a 反向 one at `zero_at` × target: 0."""
    t, a = ind.target_value, ind.actual_value
    if direction(ind) == "反向" and t and a and t.value > 0 and a.value >= zero_at * t.value:
        if ind.score.low > 0.01 + EPS:
            yield Hit(
                f"“{ind.name}”为反向指标，实际 {ind.actual} 达指标值 {ind.benchmark} 的 {fmt(zero_at)} 倍以上，应得 0 分，填报 {show(ind.score)} 分",
                [ind.evidence],
                expected=0,
                found=ind.score.value,
            )
        return
    cap = ind.weight.value * max(0.0, share)
    if ind.score.low > cap + 0.01 + EPS:
        yield Hit(
            f"“{ind.name}”完成 {fmt(100 * share, 1)}%，按比例最多得 {fmt(cap, 2)} 分，填报 {show(ind.score)} 分",
            [ind.evidence],
            expected=round(cap, 4),
            found=ind.score.value,
        )


def _partly_qualitative(ind: Indicator, part: float) -> Iterator[Hit]:
    """A 定性 target the form calls partly achieved: at most `part` × 分值."""
    cap = ind.weight.value * part
    if ind.score.low > cap + 0.01 + EPS:
        yield Hit(
            f"“{ind.name}”部分达成（{ind.actual}），最多得分值的 {fmt(100 * part)}% 即 {fmt(cap, 2)} 分，填报 {show(ind.score)} 分",
            [ind.evidence],
            expected=round(cap, 4),
            found=ind.score.value,
            severity="warning",
        )


@rule(
    "FORM-DEVIATION",
    "policy",
    "warning",
    "实际值偏离指标值 30% 以上且未说明原因",
    kinds=("self_assessment", "targets"),
    reads_score_table=True,
)
def form_deviation(report: Report, settings: Settings) -> Iterator[Hit]:
    """An actual 30% or more off its target needs an explanation (偏差原因分析); without it the form is incomplete.

    A missed target without a reason (but less than 30% off) is noted for information.
    A monitoring form's values are the year's so far: far from the target is expected.
    The threshold is the profile's `deviation` (30% in every profile today).

    Limits: Only numeric targets and actuals in the same unit are compared; a reason written outside
    the 偏差原因 column is not seen.
    """
    limit = settings.profile.deviation
    for ind in report.indicators:
        if (
            ind.reason
            or ind.target_value is None
            or ind.actual_value is None
            or ind.target_value.value == 0
        ):
            continue
        state, _ = outcome(ind)
        dev = abs(ind.actual_value.value - ind.target_value.value) / abs(ind.target_value.value)
        if dev >= limit - 1e-9 and state == "missed":
            yield Hit(
                f"“{ind.name}”实际完成值 {ind.actual} 偏离指标值 {ind.benchmark} 达 {fmt(100 * dev, 1)}%，未说明原因",
                [ind.evidence],
                expected=f"≥{fmt(100 * limit)}% 须说明原因",
                found=round(100 * dev, 2),
            )
        elif state == "missed":
            yield Hit(
                f"“{ind.name}”未达到指标值 {ind.benchmark}（实际 {ind.actual}），未填偏差原因",
                [ind.evidence],
                severity="info",
            )
