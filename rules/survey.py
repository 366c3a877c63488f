"""Questionnaire arithmetic: counts that cannot all be true, shares no respondent count gives."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

from extractor.model import Claim, Quantity, Report

from .numeric import fmt, same, show
from .registry import Hit, rule


@rule("SURVEY-COUNTS", "questionnaire", "error", "回收问卷数不得超过发放数，有效数不得超过回收数")
def survey_counts(report: Report) -> Iterator[Hit]:
    """recovered ≤ issued and valid ≤ recovered, wherever they are stated together.

    More questionnaires back than were handed out cannot happen; it shows the
    survey figures were copied from another survey or invented.

    Limits: Only counts stated together (issued, recovered, valid) are compared.
    """
    pairs = (
        ("recovered", "issued", "回收问卷", "发放问卷"),
        ("valid", "recovered", "有效问卷", "回收问卷"),
    )
    for small_kind, big_kind, small_word, big_word in pairs:
        for small in report.claims_of(small_kind):
            big = _same_place(report, big_kind, small)
            if big is None or small.value is None or big.value is None:
                continue
            if small.value.value > big.value.value:
                yield Hit(
                    f"{small_word} {show(small.value)} 份多于{big_word} {show(big.value)} 份",
                    [small.evidence],
                    expected=f"≤ {show(big.value)}",
                    found=small.value.value,
                )


def _same_place(report: Report, kind: str, near):  # type: ignore[no-untyped-def]
    """The statement of `kind` made in the same sentence (or table row) as `near`."""
    for claim in report.claims_of(kind):
        if claim.evidence.line == near.evidence.line and claim.evidence.page == near.evidence.page:
            return claim
    return None


def statements(report: Report, kind: str) -> list[Claim]:
    """Each statement of a questionnaire count once: a line read both as a key-table cell and
    as text is one statement, not two."""
    out: list[Claim] = []
    seen: set[tuple] = set()
    for c in report.claims_of(kind):
        key = (c.subject, c.evidence.page, c.evidence.line, c.value.value if c.value else None)
        if c.value is None or key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def several_surveys(claims: list[Claim]) -> bool:
    """Several surveys each stated consistently (one per group of respondents): two values or
    more that are each stated at least twice."""
    counts = Counter(c.value.value for c in claims if c.value is not None)
    return sum(1 for n in counts.values() if n >= 2) >= 2


@rule("SURVEY-RESTATED", "restated_value", "error", "问卷发放、回收、有效份数在各处应一致")
def survey_restated(report: Report) -> Iterator[Hit]:
    """The number of questionnaires issued, recovered and valid is the same wherever stated.

    Counts a table gives per group of respondents ("受益群众 30 30 30") are compared
    only with the same group's; counts stated without a group are the survey's.

    Limits: Counts are matched by respondent group; a group named differently in two places is not
    matched.
    """
    words = {"issued": "发放问卷", "recovered": "回收问卷", "valid": "有效问卷"}
    for kind, word in words.items():
        by_group: dict[str | None, list[Claim]] = {}
        for c in statements(report, kind):
            by_group.setdefault(c.subject, []).append(c)
        for group, claims in by_group.items():
            if len(claims) < 2 or several_surveys(claims):
                continue
            whose = f"“{group}”" if group else ""
            for other in claims[1:]:
                if not same(claims[0].value, other.value):
                    yield Hit(
                        f"{whose}{word}份数前后不一致：{show(claims[0].value)} 份与 {show(other.value)} 份",
                        [claims[0].evidence, other.evidence],
                        expected=claims[0].value.value,
                        found=other.value.value,
                    )


@rule("SURVEY-SAMPLE", "questionnaire", "error", "分析所用样本量应与有效问卷数一致")
def survey_sample(report: Report) -> Iterator[Hit]:
    """The sample a survey analysis rests on is the number of valid questionnaires stated elsewhere.

    "在 44 份有效问卷中" or "根据 44 份样本分析" where the key table and the survey
    section count 46 valid questionnaires means the shares were computed on another
    sample (or copied from another survey). A stated 样本量 may also be the number
    issued. Counts of groups of respondents (a table row per group, or parts that add
    up to the whole) are samples too; several surveys stated alike are left alone.

    Limits: A stated 样本量 may be the number issued; counts of groups of respondents are left out.
    """
    valid = [c for c in statements(report, "valid") if c.subject is None]
    valid = valid or [c for c in statements(report, "recovered") if c.subject is None]
    if not valid or len({c.value.value for c in valid}) != 1:
        return  # no count, or several surveys (or a restated count: SURVEY-RESTATED)
    whole = valid[0]
    groups = {
        c.value.value
        for kind in ("valid", "recovered", "issued")
        for c in statements(report, kind)
        if c.subject is not None
    }
    issued = statements(report, "issued")
    issued = [c for c in issued if c.subject is None][:1]
    samples = [(c, {whole.value.value}) for c in statements(report, "sample")]
    samples += [
        (c, {whole.value.value} | {i.value.value for i in issued})
        for c in statements(report, "sample_size")
    ]
    off = {c.value.value for c, allowed in samples if c.value.value not in allowed}
    if len(off) >= 2 and abs(sum(off) - whole.value.value) < 1e-9:
        return  # the samples of groups that together make up the whole
    for claim, allowed in samples:
        n = claim.value.value
        if n in allowed or n in groups:
            continue
        if claim.kind == "sample_size":
            also = f"、发放问卷 {show(issued[0].value)} 份均" if issued else ""
            message = f"样本量 {show(claim.value)} 份与有效问卷 {show(whole.value)} 份{also}不一致"
        else:
            message = f"分析所用样本 {show(claim.value)} 份与有效问卷 {show(whole.value)} 份不一致"
        yield Hit(message, [claim.evidence, whole.evidence], expected=whole.value.value, found=n)


def grim_ok(share: Quantity, n: int) -> bool:
    """Whether some whole number k of n respondents prints as this percentage."""
    if n <= 0:
        return True
    low, high = share.low, share.high
    k_low = math.ceil(low * n / 100 - 1e-9)
    k_high = math.floor(high * n / 100 + 1e-9)
    return k_low <= k_high and k_high >= 0 and k_low <= n


@rule("SURVEY-GRIM", "questionnaire", "error", "选项比例应能由整数人数除以样本量得到")
def survey_grim(report: Report) -> Iterator[Hit]:
    """Each option's share is k / n for a whole number of respondents k (a GRIM test).

    With 46 respondents the shares can only be 0%, 2.17%, 4.35%, …; a printed
    11.36% fits no count of 46 (it is 5 of 44): the shares were computed on
    another sample than the one reported.

    Limits: Needs the number of respondents the report states; a question some respondents skipped
    has a smaller base, and its shares may be flagged.
    """
    for q in report.survey:
        n = q.n or _sample(report)
        if not n:
            continue
        bad = [(opt, s) for opt, s in q.shares if not grim_ok(s, n)]
        if bad:
            fits = _fitting_n(q.shares)
            hint = f"（这些比例与 {fits} 人相符）" if fits and fits != n else ""
            shown = "、".join(f"{opt} {show(s)}%" for opt, s in bad)
            yield Hit(
                f"问题“{q.question}”：{shown} 无法由 {n} 份问卷中的整数人数得到{hint}",
                [q.evidence],
                expected=n,
                found=fits,
            )


@rule("SURVEY-SHARE-SUM", "questionnaire", "error", "单选题各选项比例之和应为 100%")
def survey_share_sum(report: Report) -> Iterator[Hit]:
    """The shares of a single-choice question add up to 100%, within their rounding.

    Limits: Only single-choice questions are judged; a multiple-choice question's shares may exceed
    100%.
    """
    for q in report.survey:
        if q.multiple_choice or len(q.shares) < 2:
            continue
        total = sum(s.value for _, s in q.shares)
        slack = sum(s.half_step for _, s in q.shares)
        if abs(total - 100) > slack + 1e-9:
            yield Hit(
                f"单选题“{q.question}”各选项比例合计 {fmt(total, 2)}%，不等于 100%",
                [q.evidence],
                expected=100,
                found=round(total, 4),
            )


@rule("STAT-RANGE", "statistic_range", "error", "信度系数应在 0–1 之间，百分比不得超过 100%")
def statistic_range(report: Report) -> Iterator[Hit]:
    """Values outside what they can be: a reliability coefficient above 1, a percentage above 100.

    Cronbach's α lies in [0, 1]; a rate or satisfaction above 100% is impossible.

    Limits: Only a reliability coefficient, 满意度, 预算执行率 and 资金到位率 are bounded; other percentages
    above 100 are not judged.
    """
    for claim in report.claims_of("reliability"):
        if claim.value is not None and not 0 <= claim.value.value <= 1:
            yield Hit(
                f"信度系数 {show(claim.value)} 超出 0–1 的取值范围",
                [claim.evidence],
                expected="0–1",
                found=claim.value.value,
            )
    for kind, word in (
        ("satisfaction", "满意度"),
        ("execution_rate", "预算执行率"),
        ("arrival_rate", "资金到位率"),
    ):
        for claim in report.claims_of(kind):
            if claim.value is not None and claim.value.low > 100:
                yield Hit(
                    f"{word} {show(claim.value)}% 超过 100%",
                    [claim.evidence],
                    expected="≤ 100",
                    found=claim.value.value,
                )


def _sample(report: Report) -> int | None:
    for kind in ("valid", "sample", "recovered"):
        v = report.first_value(kind)
        if v:
            return int(v)
    return None


def _fitting_n(shares: list[tuple[str, Quantity]]) -> int | None:
    """The smallest sample size that gives every printed share."""
    for n in range(1, 1001):
        if all(grim_ok(s, n) for _, s in shares):
            return n
    return None
