"""Form rules of the filling standard: a form is filled in, for its own year, within its cap.

Template prompts left in place of content, a form with no indicator, a self-assessment
with blank 完成值 or 得分, units that cannot be compared, empty template rows, targets
with nothing to assess, years carried over from another form, and a total above the cap
its execution rate allows.

Registers FORM-TEMPLATE, FORM-EMPTY, FORM-BLANK, FORM-UNITS, FORM-PLACEHOLDER,
FORM-VAGUE-TARGETS, FORM-YEAR and FORM-SELF-CAP on import.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Evidence, Report

from .formfunds import _budget, _funds_total
from .formscores import _actual_unit
from .numeric import EPS, fmt, show
from .profiles import Settings
from .registry import FORM_KINDS, Hit, rule

TEMPLATE = re.compile(
    r"[（(]\s*\d+\s*字以内\s*[)）]|^说明相关任务|^结合自评情况|^针对项目自评中发现的问题|^对照年度目标"
)


@rule("FORM-TEMPLATE", "policy", "warning", "表中保留了填表说明或模板文字", kinds=FORM_KINDS)
def form_template(report: Report) -> Iterator[Hit]:
    """Template prompts left in place of content ("说明相关任务目标的完成情况（100字以内）").

    Why: The unit submitted the blank template: the part it should describe is missing.

    Limits: Knows the prompts of the national forms; another platform's template wording is not
    recognised.
    """
    found: list[Evidence] = []
    seen: set[str] = set()
    for ln in report.lines:
        for cell in re.split(r"\t|\|", ln.text):
            text = cell.strip()
            if (
                text
                and TEMPLATE.search(text)
                and not re.search(r"^\d+\.\s*预算执行率=", text)
                and text not in seen
            ):
                seen.add(text)
                found.append(Evidence(ln.page, ln.number, text))
    if found:
        shown = "；".join(f"“{e.quote[:24]}”" for e in found[:3])
        yield Hit(f"表中 {len(found)} 处保留了填表说明原文：{shown}", found)


@rule(
    "FORM-EMPTY",
    "policy",
    "warning",
    "绩效表未填写任何指标",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def form_empty(report: Report) -> Iterator[Hit]:
    """A form printed with its headers only: no indicator (placeholder rows such as "无" or
    "/" are none), often no amounts either. One finding for the form, not one per empty cell.

    Why: Money without published targets cannot be assessed. A table the publication says it
    leaves empty on purpose (its table list marks it 不涉及, or "空表表示无此类收支") is no defect.

    Limits: A form whose rows the reader could not read looks empty too; EXTRACT-UNREAD says so
    beside it.
    """
    if report.indicators or report.declared_empty:
        return
    amounts = [
        f for f in report.funds_rows if any(q is not None for q in (f.initial, f.budget, f.spent))
    ]
    evidence = _empty_form_evidence(report)
    money = (
        f"，资金 {len(amounts)} 项有数额"
        if amounts
        else ("，资金栏 0 项有数额" if report.funds_rows else "")
    )
    yield Hit(
        f"“{report.title or '绩效表'}”未填写：绩效指标 0 个{money}",
        evidence,
        expected="≥1 个绩效指标",
        found=0,
    )


def _empty_form_evidence(report: Report) -> list[Evidence]:
    """The title, the goal line (its text, or its empty cells) and the total row of an empty form."""
    out: list[Evidence] = []
    lines = [ln for ln in report.lines if ln.text.strip()]
    if lines:
        out.append(
            Evidence(lines[0].page, lines[0].number, lines[0].text.replace("\t", " ").strip())
        )
    for ln in lines[1:]:
        text = ln.text.replace("\t", " ").strip()
        if re.search(r"年度目标|中期目标|整体绩效目标|总体目标|^总分|^合计", text):
            out.append(Evidence(ln.page, ln.number, re.sub(r"\s+", " ", text)))
    return out


@rule("FORM-BLANK", "policy", "warning", "自评表必填项未填写", kinds=("self_assessment",))
def form_blank(report: Report) -> Iterator[Hit]:
    """A self-assessment must give every indicator's 完成值 and 得分, and its 总分.

    Limits: Only self-assessments are judged; a target form has no 完成值 to give.
    """
    named = [
        i
        for i in report.indicators
        if i.name and not re.fullmatch(r"指标\s*\d*[:：]?|……|…", i.name)
    ]
    blank = [i for i in named if i.weight is not None and (i.score is None or not i.actual)]
    if named and len(blank) == len(named):
        yield Hit(f"{len(blank)} 个指标均未填写完成值或得分", [blank[0].evidence], found=len(blank))
    elif blank:
        for ind in blank:
            yield Hit(
                f"“{ind.name}”未填写{'得分' if ind.score is None else '完成值'}", [ind.evidence]
            )
    if report.total_score is None and named:
        yield Hit("未填写自评总分", [Evidence(None, None, report.title or "")], severity="info")


@rule(
    "FORM-UNITS",
    "policy",
    "warning",
    "指标值与完成值的计量单位不可比",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def form_units(report: Report) -> Iterator[Hit]:
    """A target in % and an actual in 人 (or the like) cannot be compared: the result is unverifiable.

    Limits: Only a % (or ‰) against another unit is judged; two other units that cannot be compared
    (人 and 次) are not.
    """
    for ind in report.indicators:
        unit = _actual_unit(ind)
        if (
            ind.unit
            and unit
            and ind.actual_value is not None
            and unit != ind.unit
            and {unit, ind.unit} & {"%", "‰"}
        ):
            yield Hit(
                f"“{ind.name}”指标值单位为“{ind.unit}”，完成值单位为“{unit}”，无法比较",
                [ind.evidence],
            )


@rule("FORM-PLACEHOLDER", "policy", "info", "表中保留了空的模板行", kinds=FORM_KINDS)
def form_placeholder(report: Report) -> Iterator[Hit]:
    """Template rows left empty ("指标2：", "……") are harmless but show the form was not finished.

    Limits: Only the template's own row names (指标1：, ……) are recognised.
    """
    for ind in report.indicators:
        if (
            re.fullmatch(r"指标\s*\d+\s*[:：]?|……|…", ind.name.strip())
            and ind.score is None
            and not ind.actual
        ):
            yield Hit(f"空的模板行“{ind.name}”", [ind.evidence])


@rule(
    "FORM-VAGUE-TARGETS",
    "policy",
    "warning",
    "绩效指标没有可考核的内容",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def form_vague_targets(report: Report) -> Iterator[Hit]:
    """Targets with no indicator content, or bare numbers without a unit for every row, cannot be assessed.

    Limits: Only a form where every row lacks content (three rows or more) is flagged; one vague row
    among good ones is not.
    """
    rows = report.indicators
    if len(rows) >= 3 and all(not i.name or re.fullmatch(r"[\d.]+", i.name) for i in rows):
        headers = [
            Evidence(ln.page, ln.number, ln.text.replace("\t", " | ").strip())
            for ln in report.lines
            if "绩效指标" in ln.text
        ]
        yield Hit(
            f"{len(rows)} 个绩效指标均无指标内容，无法据以考核", [rows[0].evidence, *headers[:2]]
        )


@rule("FORM-YEAR", "year", "warning", "自评表中的年份与表的年度不符", kinds=FORM_KINDS)
def form_year(report: Report) -> Iterator[Hit]:
    """A deadline set before the form's own year, a title year the contents contradict, or
    a target form whose goal sizes the money on a date two years before its year.

    "2021年11月30日前完成资金支付" in a 2022 form, a "2023年度" title over a form that
    reports 2022 results, or a 2026 target form "按2024年8月在职在编人数测算" (the data of
    the 2025 budget round) is a form carried over from another year.

    Limits: A project named for another year (2021年度结转项目) is left out of the comparison; a deadline
    in another year on purpose may still be flagged, which is why it is a warning.
    """
    year = report.year
    if year is None:
        return
    stale = _stale_goal_date(report)
    if stale is not None:
        yield stale
        return
    deadline_found = False
    for ind in report.indicators:
        for text in (ind.name, ind.benchmark or ""):
            m = re.search(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月", text)
            if m and int(m.group(1)) < year:
                deadline_found = True
                yield Hit(
                    f"{year} 年度的表中，“{ind.name}”的期限写作 {m.group(1)} 年",
                    [ind.evidence],
                    expected=year,
                    found=int(m.group(1)),
                )
                break
    if deadline_found:
        return
    body = "\n".join(ln.text for ln in report.lines[1:])
    if report.project:
        body = body.replace(report.project, "")  # a project may be named for another year
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年(?!度)", body)]
    if years and year not in years and len(set(years)) == 1 and years[0] == year - 1:
        title_line = report.lines[0] if report.lines else None
        ev = (
            Evidence(title_line.page, title_line.number, title_line.text.strip())
            if title_line
            else None
        )
        yield Hit(
            f"表题为 {year} 年度，内容所述为 {years[0]} 年", [ev], expected=years[0], found=year
        )


def _stale_goal_date(report: Report) -> Hit | None:
    """A target form's goal quoting a month two or more years before the form's year."""
    if report.kind != "targets" or not report.goal or report.year is None:
        return None
    for m in re.finditer(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月", report.goal):
        if int(m.group(1)) <= report.year - 2:
            start = max(0, report.goal.rfind("，", 0, m.start()) + 1)
            end = report.goal.find("，", m.end())
            quote = report.goal[start : end if end > 0 else len(report.goal)]
            line = next((ln for ln in report.lines if report.goal[:12] in ln.text), None)
            return Hit(
                f"{report.year} 年度的绩效目标表，年度目标按 {m.group(1)} 年 {m.group(2)} 月的情况测算",
                [Evidence(line.page if line else None, line.number if line else None, quote)],
                expected=f"≥ {report.year - 1}",
                found=int(m.group(1)),
            )
    return None


@rule(
    "FORM-SELF-CAP",
    "policy",
    "error",
    "自评总分超过执行率对应的上限",
    kinds=("self_assessment",),
    reads_score_table=True,
)
def form_self_cap(report: Report, settings: Settings) -> Iterator[Hit]:
    """A total above the cap its execution rate allows: the cap the form itself states, or the profile's platform caps.

    ("执行率低于60%的，自评总分最高不超过80分"; platforms: < 50% → ≤ 59, < 60% → ≤ 69,
    < 70% → ≤ 79, < 80% → ≤ 89 under the `capped` profile).

    Limits: A cap the form states is read only in the wording "执行率低于X%…不超过Y分"; the platform caps
    apply only under `--profile capped`.
    """
    total = report.total_score
    funds = _funds_total(report)
    if total is None or funds is None or funds.rate is None:
        return
    rate = funds.rate.value
    budget = _budget(funds)
    if budget is not None and funds.spent is not None and budget.value > 0:
        rate = 100 * funds.spent.value / budget.value
    caps = list(settings.profile.self_caps)
    flat = re.sub(r"\s+", "", report.text)
    stated = re.search(
        r"执行率(?:低于|不足|<|小于)(\d+(?:\.\d+)?)%[^。；]{0,40}?(?:最高)?不(?:得)?(?:超过|高于)(\d+(?:\.\d+)?)分",
        flat,
    )
    if stated:
        caps = [(float(stated.group(1)), float(stated.group(2)))]
    for limit, cap in sorted(caps):
        if rate < limit - EPS and total.low > cap + EPS:
            ev = None
            if stated:
                ln = next(
                    (x for x in report.lines if "不超过" in x.text and stated.group(2) in x.text),
                    None,
                )
                ev = Evidence(ln.page if ln else None, ln.number if ln else None, stated.group(0))
            yield Hit(
                f"执行率 {fmt(rate, 2)}% 低于 {fmt(limit)}%，自评总分应不高于 {fmt(cap)} 分，实为 {show(total)}",
                [ev, funds.evidence],
                expected=cap,
                found=total.value,
            )
            return


# A target that is only the name of a measure ("及时率", "完善率", "满意度"): no level is set.
MEASURE_ONLY = re.compile(r"^[\p{Han}]{0,4}(?:率|度)$")
LEVEL_WORDS = re.compile(r"高|低|好|优|强|大|小|增|提|升|降|少|多|全|零|无")
MIN_MEASURE_ONLY = 2


@rule(
    "FORM-TARGET-NO-LEVEL",
    "policy",
    "warning",
    "指标值只写了度量名称，未设定目标水平",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def form_target_no_level(report: Report) -> Iterator[Hit]:
    """Target values that only repeat what is measured (完工及时率 → "及时率", 居民满意度 →
    "满意度") set no level to assess; a form with two or more such rows is one finding.

    Why: a target table is the yardstick the year is judged by; "满意度" cannot be met or
    missed, so the project has no target on those rows.

    Limits: Only a bare measure word of at most six characters ending in 率 or 度, with no number
    and no word of level (高, 全, 提升 …), is taken for one; vague qualitative targets (提升,
    增强) are another matter.
    """
    rows = [
        i
        for i in report.indicators
        if i.benchmark
        and MEASURE_ONLY.match(i.benchmark.strip())
        and not LEVEL_WORDS.search(i.benchmark)
    ]
    if len(rows) < MIN_MEASURE_ONLY:
        return
    words = "、".join(f"“{i.name}”为“{i.benchmark.strip()}”" for i in rows)  # type: ignore[union-attr]
    yield Hit(
        f"{len(rows)} 个指标的指标值只写了度量名称，未设定目标水平：{words}",
        [i.evidence for i in rows if i.evidence is not None],
        expected="目标水平（如 ≥95%）",
        found=len(rows),
    )


# Names of things counted or measured in their own units (hours, people, times, area …).
COUNTED = re.compile(r"时长|小时|天数|工时|人数|次数|面积|个数|公里|里程|户数|件数|场次|期数|台数")
# Words that make a name a ratio after all (工作时长达标率, 人数增长, 面积占比).
RATIO = re.compile(r"率|比|覆盖|满意|达标|完成|合格|及时|增长|下降|降低|提高|提升|占")


@rule(
    "FORM-PERCENT-OF-COUNT",
    "statistic_range",
    "warning",
    "以数量或时长计的指标不应以 % 为单位",
    kinds=FORM_KINDS,
    reads_score_table=True,
)
def form_percent_of_count(report: Report) -> Iterator[Hit]:
    """A measure counted in its own unit (周工作时长, 培训人数, 活动次数) with a target in %:
    "周工作时长 ≤40%" means 40 小时, and the target as printed cannot be met or missed.

    Why: the unit is part of the target; with the wrong one the row cannot be assessed and a
    reader cannot tell what was promised.

    Limits: Only names with a counted word (时长, 人数, 次数, 面积 …) and no word of ratio (率, 比,
    占, 达标 …) are judged.
    """
    for ind in report.indicators:
        if ind.unit in ("%", "％") and COUNTED.search(ind.name) and not RATIO.search(ind.name):
            yield Hit(
                f"“{ind.name}”以{COUNTED.search(ind.name).group(0)}计，指标值却为 {ind.benchmark}",  # type: ignore[union-attr]
                [ind.evidence] if ind.evidence else [],
                expected="数量或时长单位",
                found=ind.unit,
            )


# "按2024年8月在职在编公安干警人数66测算", "按66人测算": the headcount the money is sized on.
SIZED_ON = re.compile(r"人数\s*(?P<n>\d+)\s*人?\s*测算|按\s*(?P<m>\d+)\s*人\s*测算")


@rule(
    "FORM-HEADCOUNT",
    "restated_value",
    "warning",
    "数量指标的人数应与测算资金所用人数一致",
    kinds=("targets",),
    reads_score_table=True,
)
def form_headcount(report: Report) -> Iterator[Hit]:
    """A target form whose goal sizes the money on a headcount ("按…人数66测算") and whose
    quantity indicator for the people paid sets another ("发放的民警人数 ≥64 人"): the money
    and the target are for different numbers of people.

    Why: paying 66 and promising at least 64 leaves two people's money without a target (or
    the amount is too high); one of the figures was not updated.

    Limits: Only a goal that states its headcount next to 测算, and indicators whose name
    says 人数 with a target in 人, are compared.
    """
    m = SIZED_ON.search(report.goal or report.text)
    if m is None:
        return
    sized = int(m.group("n") or m.group("m"))
    for ind in report.indicators:
        target = ind.target_value
        if "人数" not in ind.name or ind.unit != "人" or target is None:
            continue
        if abs(target.value - sized) > EPS:
            yield Hit(
                f"年度目标按 {sized} 人测算资金，数量指标“{ind.name}”为 {ind.benchmark}",
                [ind.evidence] if ind.evidence else [],
                expected=sized,
                found=target.value,
            )
