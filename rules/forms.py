"""Rules for self-assessment forms and target tables: funds, sums, targets by direction, policy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import regex as re

from extractor.model import Evidence, FundsRow, Indicator, Quantity, Report
from extractor.normalize import canon
from extractor.numbers import parse_date

from . import profiles
from .numeric import EPS, column_sum_matches, fmt, rate_matches, same, show, sum_matches, sum_of
from .registry import FORM_KINDS, Hit, rule

TOTAL_LABELS = {
    "年度资金总额",
    "年度总金额",
    "总额",
    "资金总额",
    "项目资金总额",
    "年度资金申请总额",
    "年度财政资金总额",
    "合计",
}
REVERSE_WORDS = re.compile(
    r"结余率|差错率|事故|投诉|发生率|受害率|成灾率|变动率|下降率|超支|损失|能耗|成本|费用|时长|时限|天数"
)


def _amount(q: Quantity) -> str:
    unit = {1e4: "万元", 1e8: "亿元"}.get(q.scale, "元")
    return f"{show(q)} {unit}"


def _is_total(row: FundsRow) -> bool:
    return canon(row.label).rstrip(":：") in TOTAL_LABELS


def _budget(row: FundsRow) -> Quantity | None:
    return row.budget if row.budget is not None else row.initial


# -- funds ----------------------------------------------------------------------------------


@rule(
    "FORM-EXEC-RATE",
    "execution_rate",
    "error",
    "自评表执行率应等于执行数 ÷ 预算数",
    kinds=FORM_KINDS,
)
def form_execution_rate(report: Report) -> Iterator[Hit]:
    """Each funds row's 执行率 is 全年执行数 / 全年预算数 (调整后预算数), at the printed precision.

    The rate decides the funds score; a rate that does not follow from the
    amounts beside it overstates (or understates) the whole self-assessment.
    A rate printed where the budget is 0 cannot be computed and is noted (not a 0.0% for
    0 of 0). The 其中 rows a platform does not score print 0.0% whatever their amounts: one
    warning for the form, naming the rate each row's amounts give.
    """
    reported: dict[tuple[float, float, float], Hit] = {}
    zeros = _unscored_zero_rates(report)
    if zeros:
        yield _zero_rates_hit(zeros)
    for row in report.funds_rows:
        budget = _budget(row)
        if row.rate is None or row.spent is None or budget is None or row in zeros:
            continue
        key = (row.spent.value, budget.value, row.rate.value)
        if key in reported:
            reported[key].evidence.append(row.evidence)
            continue
        if budget.value == 0:
            if row.spent.value == 0 and row.rate.value != 0:  # 0/0 printed 0.0% says nothing
                yield Hit(
                    f"“{row.label}”预算数为 0，执行率 {show(row.rate)}% 无从计算",
                    [row.evidence],
                    found=row.rate.value,
                    severity="info",
                )
            continue
        if not rate_matches(row.spent, budget, row.rate):
            exact = 100 * row.spent.value / budget.value
            hit = Hit(
                f"“{row.label}”执行率 {show(row.rate)}% 与执行数 {_amount(row.spent)} ÷ 预算数 {_amount(budget)} = {fmt(exact, 2)}% 不一致",
                [row.evidence],
                expected=round(exact, 4),
                found=row.rate.value,
            )
            reported[key] = hit
            yield hit


def _unscored_zero_rates(report: Report) -> list[FundsRow]:
    """The 其中 rows (no 分值, no 得分) that print 执行率 0.0% although money was spent: the
    reporting platform leaves the rate of rows it does not score at zero, on every such row."""
    total = _funds_total(report)
    return [
        row
        for row in report.funds_rows
        if row is not total
        and row.weight is None
        and row.score is None
        and row.rate is not None
        and row.rate.value == 0
        and row.spent is not None
        and row.spent.value > 0
        and (_budget(row) is not None and _budget(row).value > 0)  # type: ignore[union-attr]
    ]


def _zero_rates_hit(rows: list[FundsRow]) -> Hit:
    """One finding for a form's 0.0% sub-rows, each with the rate its amounts give."""
    parts = []
    for row in rows:
        budget = _budget(row)
        exact = 100 * row.spent.value / budget.value  # type: ignore[union-attr]
        parts.append(
            f"“{row.label}”{_amount(row.spent)} ÷ {_amount(budget)} = {fmt(exact, 2)}%"  # type: ignore[arg-type]
        )
    first = rows[0]
    return Hit(
        f"其中各项执行率填为 {show(first.rate)}%，与执行数 ÷ 预算数不符：" + "；".join(parts),  # type: ignore[arg-type]
        [r.evidence for r in rows],
        expected=round(100 * first.spent.value / _budget(first).value, 4),  # type: ignore[union-attr]
        found=0.0,
        severity="warning",
    )


def _blocks(report: Report) -> list[list[FundsRow]]:
    blocks: dict[int, list[FundsRow]] = {}
    for row in report.funds_rows:
        blocks.setdefault(row.block, []).append(row)
    return list(blocks.values())


@rule("FORM-FUNDS-SUM", "amount_sum", "error", "资金总额应等于其中各项之和", kinds=FORM_KINDS)
def form_funds_sum(report: Report) -> Iterator[Hit]:
    """年度资金总额 equals the sum of its 其中 rows (财政拨款, 上年结转, 其他资金…), column by column.

    A total that does not add up means the form was filled in two places that
    disagree; every rate and score computed from the total is then in doubt.
    """
    main_total: FundsRow | None = None
    for block in _blocks(report):
        totals = [r for r in block if _is_total(r) and r.parent is None]
        if totals and block[0].block < 100:
            main_total = main_total or totals[0]
        total = (totals[-1] if canon(totals[-1].label) == "合计" else totals[0]) if totals else None
        if total is None and block[0].block >= 100:
            total = (
                main_total  # an alternative breakdown of the form's total (by income, by expense)
            )
        if total is None:
            continue
        parts = [r for r in block if r is not total and r.parent is None and not _is_total(r)]
        if canon(total.label) == "合计" and total in block:
            parts = [r for r in parts if block.index(r) < block.index(total)]
        if not parts:
            continue
        problems = []
        for attr, word in (("initial", "年初预算数"), ("budget", "预算数"), ("spent", "执行数")):
            problems += _column_sum(getattr(total, attr), [getattr(p, attr) for p in parts], word)
        for name, value in total.extra.items():
            problems += _column_sum(value, [p.extra.get(name) for p in parts], name)
        if problems:
            yield Hit(
                f"“{total.label}”与其中各项之和不一致：" + "；".join(m for m, _, _ in problems),
                [total.evidence, *[p.evidence for p in parts[:2]]],
                expected=problems[0][1],
                found=problems[0][2],
            )


def _column_sum(stated: Quantity | None, values: list, word: str) -> list[tuple[str, float, float]]:  # type: ignore[type-arg]
    """(message, expected, found) when a column's parts do not add up to its total."""
    present = [v for v in values if v is not None]
    if stated is None or not present or column_sum_matches(present, stated):
        return []
    s = sum_of(present)
    shown_parts = "＋".join(show(v) for v in present)
    return [
        (
            f"{word} {show(stated)}，各项 {shown_parts} = {fmt(s.value / stated.scale)}",
            s.value,
            stated.value,
        )
    ]


INCOME_GROUPS = {"收入来源", "按收入性质分"}
LEVEL_GROUPS = {"按预算级次划分"}
SPENDING_GROUPS = {"部门预算支出", "事业发展性支出", "按支出性质分"}


@rule("FORM-BREAKDOWNS", "amount_sum", "warning", "同一预算的各种分法合计应相等", kinds=FORM_KINDS)
def form_breakdowns(report: Report) -> Iterator[Hit]:
    """One budget broken down several ways (Guangdong 部门整体预算绩效目标申报表: 部门预算支出 and
    事业发展性支出, 收入来源, 按预算级次划分) must give one total each way.

    Income that exceeds what the spending and the levels account for (or falls short
    of it) is money the form does not say how it is spent.
    """
    sums: dict[str, list[FundsRow]] = {"income": [], "level": [], "spending": []}
    for row in report.funds_rows:
        if row.budget is None or row.group is None:
            continue
        group = canon(row.group)
        for kind, names in (
            ("income", INCOME_GROUPS),
            ("level", LEVEL_GROUPS),
            ("spending", SPENDING_GROUPS),
        ):
            if group in names:
                sums[kind].append(row)
    income = sums["income"]
    others = [(k, rows) for k, rows in sums.items() if k != "income" and rows]
    if not income or not others:
        return
    total = sum_of([r.budget for r in income])  # type: ignore[misc]
    off = [
        (k, rows)
        for k, rows in others
        if not sum_matches([r.budget for r in rows], total)  # type: ignore[misc]
    ]
    if not off:
        return
    words = {"level": "按预算级次划分", "spending": "支出（部门预算支出与事业发展性支出）"}
    scale = income[0].budget.scale  # type: ignore[union-attr]
    unit = {1e4: "万元", 1e8: "亿元"}.get(scale, "元")
    parts = "＋".join(f"{r.label} {show(r.budget)}" for r in income)  # type: ignore[arg-type]
    kind, rows = off[0]
    other = sum_of([r.budget for r in rows])  # type: ignore[misc]
    decimals = max(r.budget.decimals for r in income + rows)  # type: ignore[union-attr]
    yield Hit(
        f"收入来源合计 {fmt(total.value / scale, decimals)} {unit}（{parts}）与{words[kind]}合计 "
        f"{fmt(other.value / scale, decimals)} {unit}不一致",
        [r.evidence for r in income] + [rows[0].evidence],
        expected=other.value,
        found=total.value,
    )


@rule(
    "MON-FORECAST",
    "policy",
    "warning",
    "监控表的资金预计执行与指标预计完成相互矛盾",
    kinds=("monitoring",),
)
def monitor_forecast(report: Report) -> Iterator[Hit]:
    """A monitoring form that forecasts (almost) none of its money spent by the year's end
    while forecasting every target fully met: one of the two forecasts is not true.

    Flagged when the funds total's 全年预计执行数 is under half of its budget and every
    indicator that gives a forecast gives 100%.
    """
    total = _funds_total(report) or (report.funds_rows[0] if report.funds_rows else None)
    if total is None or "全年预计执行数" not in total.extra:
        return
    budget = _budget(total)
    forecast = total.extra["全年预计执行数"]
    if budget is None or budget.value <= 0 or forecast.value >= budget.value / 2:
        return
    given = [i for i in report.indicators if i.forecast]
    full = [i for i in given if re.fullmatch(r"100(?:\.0+)?%", canon(i.forecast or ""))]
    if len(given) < 3 or len(full) != len(given):
        return
    share = 100 * forecast.value / budget.value
    header = next((ln for ln in report.lines if "全年预计执行数" in ln.text), None)
    ev = [total.evidence, given[0].evidence]
    if header is not None:
        ev.insert(0, Evidence(header.page, header.number, re.sub(r"\s+", " ", header.text).strip()))
    yield Hit(
        f"资金全年预计执行数 {_amount(forecast)}，为预算 {_amount(budget)} 的 {fmt(share, 1)}%，"
        f"而 {len(full)} 个指标全年预计完成均为 100%",
        ev,
        expected="资金与指标的预计一致",
        found=round(share, 2),
    )


@rule("FORM-FUNDS-SCORE", "rubric", "error", "资金得分应为分值 × 执行率", kinds=FORM_KINDS)
def form_funds_score(report: Report) -> Iterator[Hit]:
    """The funds score is 分值 × 执行率, capped at the 分值 (unless the form states another rule).

    Computed from the printed rate, as the form's own formula is; a rate that
    does not follow from the amounts is its own finding.
    """
    places = max([i.score.decimals for i in report.indicators if i.score is not None] + [0])
    for row in report.funds_rows:
        if row.score is None or row.weight is None or row.rate is None:
            continue
        if row.score.decimals < places:
            # The form prints scores with decimals elsewhere: a whole "10" here means 10.00.
            row_score = replace(row.score, decimals=places)
        else:
            row_score = row.score
        w = row.weight.value
        # Half-open rounding intervals: 10.77% is [10.765, 10.775), 2.16 is [2.155, 2.165).
        low = min(w, w * row.rate.low / 100)
        high = min(w, w * row.rate.high / 100)
        capped = high >= w - EPS
        overlaps = row_score.low < high - EPS and low < row_score.high - EPS
        if capped and abs(row_score.value - w) <= row_score.half_step:
            overlaps = True
        if not overlaps:
            expected = min(w, w * row.rate.value / 100)
            yield Hit(
                f"“{row.label}”资金得分 {show(row.score)} 与分值 {show(row.weight)} × 执行率 {show(row.rate)}% = {fmt(expected, 3)} 不一致",
                [row.evidence],
                expected=round(expected, 4),
                found=row.score.value,
            )


# -- sums and weights -------------------------------------------------------------------------


def _funds_total(report: Report) -> FundsRow | None:
    return next((r for r in report.funds_rows if r.weight is not None or r.score is not None), None)


@rule("FORM-SCORE-SUM", "score_sum", "error", "各项得分之和应等于总分", kinds=FORM_KINDS)
def form_score_sum(report: Report) -> Iterator[Hit]:
    """总分 is the funds score plus every indicator's score (a score repeated in a 其中 row is not counted twice)."""
    total = report.total_score
    scored = [i for i in report.indicators if i.score is not None]
    if (
        total is None
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
)
def form_weight_sum(report: Report) -> Iterator[Hit]:
    """Weights add up: funds 分值 plus indicator 分值 equal the 总分 row's 分值 (100), and each
    level-1 group's indicators add up to the weight printed in its cell ("产出指标（50分）")."""
    weighted = [i for i in report.indicators if i.weight is not None]
    if not weighted:
        return
    parts = [i.weight for i in weighted]
    funds = _funds_total(report)
    if funds is not None and funds.weight is not None:
        parts.append(funds.weight)
    stated = report.weight_total
    if stated is not None and not sum_matches(parts, stated):
        s = sum_of(parts)
        ev = report.first("weight_total")
        groups = [e for _, _, e in report.group_weights]
        yield Hit(
            f"分值合计 {show(s)} 与总分栏分值 {show(stated)} 不一致",
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
)
def form_target(report: Report) -> Iterator[Hit]:
    """Scores follow results: a missed target cannot get full marks; a met one loses marks only with a reason.

    Direction matters: 正向 (more is better), 反向 (less is better: costs,
    complaints, 结余率), 等于, 定性 (judged only where the words decide it).
    Full marks on a missed target is an error; a deduction on a met target
    with no reason is a warning.
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
        elif state == "met" and not full and not ind.reason:
            yield Hit(
                f"“{ind.name}”实际完成值 {ind.actual} 已达到指标值 {ind.benchmark}，却只得 {show(ind.score)} 分（分值 {show(ind.weight)}），未说明原因",
                [ind.evidence],
                expected=ind.weight.value,
                found=ind.score.value,
                severity="warning",
            )


@rule("FORM-PROPORTION", "rubric", "error", "得分高于按完成比例可得的分数", kinds=FORM_KINDS)
def form_proportion(report: Report) -> Iterator[Hit]:
    """A missed quantitative target scores at most 分值 × achieved share (the proportional rule).

    Only 正向 and 反向 indicators with comparable units are judged; full
    marks on a missed target is the target rule's finding.
    """
    for ind in report.indicators:
        if ind.score is None or ind.weight is None:
            continue
        state, share = outcome(ind)
        if state != "missed" or share is None or ind.score.high >= ind.weight.value - EPS:
            continue
        cap = ind.weight.value * max(0.0, share)
        if ind.score.low > cap + 0.01 + EPS:
            yield Hit(
                f"“{ind.name}”完成 {fmt(100 * share, 1)}%，按比例最多得 {fmt(cap, 2)} 分，填报 {show(ind.score)} 分",
                [ind.evidence],
                expected=round(cap, 4),
                found=ind.score.value,
            )


# -- policy -----------------------------------------------------------------------------------

TEMPLATE = re.compile(
    r"[（(]\s*\d+\s*字以内\s*[)）]|^说明相关任务|^结合自评情况|^针对项目自评中发现的问题|^对照年度目标"
)


@rule(
    "FORM-DEVIATION",
    "policy",
    "warning",
    "实际值偏离指标值 30% 以上且未说明原因",
    kinds=("self_assessment", "targets"),
)
def form_deviation(report: Report) -> Iterator[Hit]:
    """An actual 30% or more off its target needs an explanation (偏差原因分析); without it the form is incomplete.

    A missed target without a reason (but less than 30% off) is noted for information.
    A monitoring form's values are the year's so far: far from the target is expected.
    """
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
        if dev >= 0.3 - 1e-9 and state == "missed":
            yield Hit(
                f"“{ind.name}”实际完成值 {ind.actual} 偏离指标值 {ind.benchmark} 达 {fmt(100 * dev, 1)}%，未说明原因",
                [ind.evidence],
                expected="≥30% 须说明原因",
                found=round(100 * dev, 2),
            )
        elif state == "missed":
            yield Hit(
                f"“{ind.name}”未达到指标值 {ind.benchmark}（实际 {ind.actual}），未填偏差原因",
                [ind.evidence],
                severity="info",
            )


@rule("FORM-TEMPLATE", "policy", "warning", "表中保留了填表说明或模板文字", kinds=FORM_KINDS)
def form_template(report: Report) -> Iterator[Hit]:
    """Template prompts left in place of content ("说明相关任务目标的完成情况（100字以内）").

    The unit submitted the blank template: the part it should describe is missing.
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


@rule("FORM-EMPTY", "policy", "warning", "绩效表未填写任何指标", kinds=FORM_KINDS)
def form_empty(report: Report) -> Iterator[Hit]:
    """A form printed with its headers only: no indicator (placeholder rows such as "无" or
    "/" are none), often no amounts either. One finding for the form, not one per empty cell.

    Money without published targets cannot be assessed. A table the publication says it
    leaves empty on purpose (its table list marks it 不涉及, or "空表表示无此类收支") is no defect.
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
    """A self-assessment must give every indicator's 完成值 and 得分, and its 总分."""
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


@rule("FORM-UNITS", "policy", "warning", "指标值与完成值的计量单位不可比", kinds=FORM_KINDS)
def form_units(report: Report) -> Iterator[Hit]:
    """A target in % and an actual in 人 (or the like) cannot be compared: the result is unverifiable."""
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
    """Template rows left empty ("指标2：", "……") are harmless but show the form was not finished."""
    for ind in report.indicators:
        if (
            re.fullmatch(r"指标\s*\d+\s*[:：]?|……|…", ind.name.strip())
            and ind.score is None
            and not ind.actual
        ):
            yield Hit(f"空的模板行“{ind.name}”", [ind.evidence])


@rule("FORM-VAGUE-TARGETS", "policy", "warning", "绩效指标没有可考核的内容", kinds=FORM_KINDS)
def form_vague_targets(report: Report) -> Iterator[Hit]:
    """Targets with no indicator content, or bare numbers without a unit for every row, cannot be assessed."""
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
    "FORM-SELF-CAP", "policy", "error", "自评总分超过执行率对应的上限", kinds=("self_assessment",)
)
def form_self_cap(report: Report) -> Iterator[Hit]:
    """A total above the cap its execution rate allows: the cap the form itself states, or the profile's platform caps.

    ("执行率低于60%的，自评总分最高不超过80分"; platforms: < 50% → ≤ 59, < 60% → ≤ 69,
    < 70% → ≤ 79, < 80% → ≤ 89 under the `capped` profile).
    """
    total = report.total_score
    funds = _funds_total(report)
    if total is None or funds is None or funds.rate is None:
        return
    rate = funds.rate.value
    budget = _budget(funds)
    if budget is not None and funds.spent is not None and budget.value > 0:
        rate = 100 * funds.spent.value / budget.value
    caps = list(profiles.current().self_caps)
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


__all__ = ["direction", "outcome", "same"]
