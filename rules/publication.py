"""A publication's account of its own performance management, checked against itself and its forms.

部门预算 and 部门决算 publications state how many projects had targets, were
monitored and self-assessed, for how much money, their average score and
their counts by grade; a budget publication also carries the target forms
those statements count.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractor.model import Report

from .numeric import EPS, fmt, show, sum_matches, sum_of
from .registry import PUBLICATION_KINDS, Hit, rule

GRADE_FLOOR = {"优": 90.0, "良": 80.0, "中": 60.0, "合格": 60.0}


@rule(
    "PUB-GRADE-COUNT",
    "count_claim",
    "error",
    "按评级统计的项目数之和应等于自评项目数",
    kinds=PUBLICATION_KINDS,
)
def grade_count(report: Report) -> Iterator[Hit]:
    """Projects counted by grade (优/良/合格/不合格) add up to the number of projects self-assessed.

    Limits: Needs the counts and the total in the same passage.
    """
    total = report.first("selfeval_projects")
    grades = report.claims_of("grade_count")
    if total is None or total.value is None or not grades:
        return
    counted = sum(int(g.value.value) for g in grades if g.value)
    if counted != int(total.value.value):
        yield Hit(
            f"按评级统计的项目 {counted} 个，与绩效自评项目 {int(total.value.value)} 个不一致",
            [grades[0].evidence, total.evidence],
            expected=int(total.value.value),
            found=counted,
        )


@rule(
    "PUB-AVERAGE",
    "statistic_range",
    "error",
    "平均得分应与各等级的项目数相符",
    kinds=PUBLICATION_KINDS,
)
def average_score(report: Report) -> Iterator[Hit]:
    """The average self-assessment score lies within what the grade counts allow (all 优 → at least 90; at most 100).

    Why: An average outside what the grades allow means the counts or the average were mistyped.

    Limits: Only bounds are checked (at least the lowest grade's floor, at most 100); an average
    inside them may still be wrong.
    """
    avg = report.first("selfeval_average")
    if avg is None or avg.value is None:
        return
    if avg.value.low > 100 + EPS:
        yield Hit(
            f"平均得分 {show(avg.value)} 分超过 100 分",
            [avg.evidence],
            expected="≤ 100",
            found=avg.value.value,
        )
        return
    counts = {g.subject: int(g.value.value) for g in report.claims_of("grade_count") if g.value}
    n = sum(counts.values())
    if not n:
        return
    floor = sum(GRADE_FLOOR.get(grade, 0.0) * k for grade, k in counts.items()) / n
    if avg.value.high < floor - EPS:
        yield Hit(
            f"平均得分 {show(avg.value)} 分低于各等级项目数所能给出的最低平均分 {fmt(floor, 2)} 分",
            [avg.evidence],
            expected=f"≥ {fmt(floor, 2)}",
            found=avg.value.value,
        )


@rule(
    "PUB-ISSUES",
    "count_claim",
    "error",
    "发现问题数应等于已整改与正在整改之和",
    kinds=PUBLICATION_KINDS,
)
def issues(report: Report) -> Iterator[Hit]:
    """Problems found in self-assessment = those already fixed + those being fixed.

    Limits: Needs all three counts stated together.
    """
    found, fixed, fixing = (
        report.first(k) for k in ("issues_found", "issues_fixed", "issues_fixing")
    )
    if not (found and fixed and fixing and found.value and fixed.value and fixing.value):
        return
    if int(found.value.value) != int(fixed.value.value) + int(fixing.value.value):
        yield Hit(
            f"发现问题 {int(found.value.value)} 个，已整改 {int(fixed.value.value)} 个与正在整改 {int(fixing.value.value)} 个之和不符",
            [found.evidence],
            expected=int(fixed.value.value) + int(fixing.value.value),
            found=int(found.value.value),
        )


@rule(
    "PUB-FORMS", "amount_sum", "error", "文中所述项目数、金额应与所附绩效目标表一致", scope="file"
)
def forms_counted(reports: list[Report]) -> Iterator[Hit]:  # type: ignore[misc]
    """ "编报绩效目标的项目5个，涉及项目预算资金3328.13万元" against the target forms the file carries.

    The count must equal the number of forms and the amount the sum of their
    annual totals; a difference means a form is missing, extra, or misstated.

    Limits: Needs the forms in the same file as the sentence; a publication that refers to forms
    published apart is not judged.
    """
    pubs = [r for r in reports if r.kind == "publication"]
    forms = [r for r in reports if r.kind == "targets"]
    if not pubs or not forms:
        return
    for pub in pubs:
        count = pub.first("targets_projects")
        amount = pub.first("targets_amount")
        if count is not None and count.value is not None and int(count.value.value) != len(forms):
            yield Hit(
                f"文中称编报绩效目标的项目 {int(count.value.value)} 个，所附绩效目标表 {len(forms)} 张",
                [count.evidence],
                expected=len(forms),
                found=int(count.value.value),
            )
        if amount is None or amount.value is None:
            continue
        totals = [_annual_total(f) for f in forms]
        if any(t is None for t in totals):
            continue
        if not sum_matches(totals, amount.value):  # type: ignore[arg-type]
            s = sum_of(totals)  # type: ignore[arg-type]
            yield Hit(
                f"文中称涉及项目预算资金 {show(amount.value)} 万元，所附 {len(forms)} 张绩效目标表的年度资金合计 {fmt(s.value / 1e4, 2)} 万元",
                [amount.evidence, *[f.funds_rows[0].evidence for f in forms if f.funds_rows][:1]],
                expected=s.value,
                found=amount.value.value,
            )


def _annual_total(form: Report):  # type: ignore[no-untyped-def]
    """A target form's annual amount: 年度资金(申请)总额, else its first total."""
    for label in ("年度资金申请总额", "年度资金总额", "项目资金总额", "资金总额", "总额"):
        for row in form.funds_rows:
            if row.label.rstrip("：:") == label and row.budget is not None:
                return row.budget
    return None
