"""Form rules on money: the funds table of a self-assessment, target or monitoring form.

执行率 is 执行数 ÷ 预算数, 年度资金总额 is the sum of its 其中 rows, one budget broken
down several ways gives one total, a monitoring form's money forecast agrees with its
targets' forecast, and the funds score is 分值 × 执行率. The helpers that find a form's
funds total and its budget column are shared with the score and standard rules
(formscores, formstandard), which import them from here.

Registers FORM-EXEC-RATE, FORM-FUNDS-SUM, FORM-BREAKDOWNS, MON-FORECAST and
FORM-FUNDS-SCORE on import.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import regex as re

from extractor.model import Evidence, FundsRow, Quantity, Report
from extractor.normalize import canon

from .numeric import (
    EPS,
    column_sum_matches,
    fmt,
    money_unit,
    rate_matches,
    show,
    show_amount,
    sum_matches,
    sum_of,
)
from .profiles import Settings
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


def _is_total(row: FundsRow) -> bool:
    return canon(row.label).rstrip(":：") in TOTAL_LABELS


def _budget(row: FundsRow) -> Quantity | None:
    return row.budget if row.budget is not None else row.initial


def _funds_total(report: Report) -> FundsRow | None:
    return next((r for r in report.funds_rows if r.weight is not None or r.score is not None), None)


def funds_weight(report: Report, settings: Settings) -> tuple[Quantity | None, bool]:
    """The funds block's 分值 and whether the form prints it: printed, else the profile's
    `funds_weight` when the block is scored (a 得分 printed) but its 分值 left blank. A form
    with no funds score does not score the funds at all: None."""
    funds = _funds_total(report)
    if funds is None:
        return None, False
    if funds.weight is not None:
        return funds.weight, True
    if report.kind == "self_assessment":
        w = settings.profile.funds_weight
        return Quantity(w, fmt(w), 0, exact=True), False
    return None, False


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

    Limits: A rate is recomputed only from the amounts printed in its own row; a rate printed
    without them is not judged.
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
                f"“{row.label}”执行率 {show(row.rate)}% 与执行数 {show_amount(row.spent)} ÷ 预算数 {show_amount(budget)} = {fmt(exact, 2)}% 不一致",
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
            f"“{row.label}”{show_amount(row.spent)} ÷ {show_amount(budget)} = {fmt(exact, 2)}%"  # type: ignore[arg-type]
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

    Limits: Only rows the reader recognises as 其中 parts of the total are added; a part printed
    without 其中 or under another label is not counted.
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
        if canon(total.label) == "合计" and total in block and block.index(total) > 0:
            parts = [r for r in parts if block.index(r) < block.index(total)]  # 合计 closes them
        if not parts:
            continue
        subtotals = _subtotal_groups(parts)
        wrong = [hit for sub, kids in subtotals if (hit := _sum_hit(sub, kids)) is not None]
        yield from wrong
        if wrong:
            continue  # the 小计 is the row in error; the 合计 over it would repeat it
        if subtotals:
            parts = [r for r in parts if not any(r in kids for _, kids in subtotals)]
        hit = _sum_hit(total, parts)
        if hit is not None:
            yield hit


def _subtotal_groups(parts: list[FundsRow]) -> list[tuple[FundsRow, list[FundsRow]]]:
    """The 小计 rows among a total's parts with the rows printed under them (福建 部门整体自评表:
    财政资金小计 over ①中央 ②省级 ③地方财政资金, then 其他资金小计): each 小计 is the sum of
    its own rows, and the total is the sum of the 小计 rows."""
    groups: list[tuple[FundsRow, list[FundsRow]]] = []
    for row in parts:
        if canon(row.label).endswith("小计"):
            groups.append((row, []))
        elif groups:
            groups[-1][1].append(row)
    return groups


def _sum_hit(total: FundsRow, parts: list[FundsRow]) -> Hit | None:
    """A finding when the parts' columns do not add up to the total's."""
    if not parts:
        return None
    problems = []
    for attr, word in (("initial", "年初预算数"), ("budget", "预算数"), ("spent", "执行数")):
        problems += _column_sum(getattr(total, attr), [getattr(p, attr) for p in parts], word)
    for name, value in total.extra.items():
        problems += _column_sum(value, [p.extra.get(name) for p in parts], name)
    if not problems:
        return None
    return Hit(
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

    Limits: Only the breakdown headers the reader knows (部门预算支出, 收入来源, 按预算级次划分 …) are compared.
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
    unit = money_unit(scale)
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

    Why: A forecast the figures contradict tells the department nothing about the year's end.

    Limits: Judges only the two extremes (under half the money, every target at 100%); a milder
    mismatch is not flagged.
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
        f"资金全年预计执行数 {show_amount(forecast)}，为预算 {show_amount(budget)} 的 {fmt(share, 1)}%，"
        f"而 {len(full)} 个指标全年预计完成均为 100%",
        ev,
        expected="资金与指标的预计一致",
        found=round(share, 2),
    )


@rule("FORM-FUNDS-SCORE", "rubric", "error", "资金得分应为分值 × 执行率", kinds=FORM_KINDS)
def form_funds_score(report: Report, settings: Settings) -> Iterator[Hit]:
    """The funds score is 分值 × 执行率, capped at the 分值 (unless the form states another rule).

    Computed from the printed rate, as the form's own formula is; a rate that
    does not follow from the amounts is its own finding. Where the form leaves the
    funds 分值 blank (a score printed), it is the profile's `funds_weight` (10 nationally, 20 under
    `funds20`): a funds score above it is a finding.

    Not on a 部门整体 form: how its 预算执行率 is scored is each province's (Fujian's platform
    deducts by bands: 88.75% of 10 points scores 7), and the form does not print it.

    Limits: A rule the form states in words (another formula for the funds score) is not read: such
    a form may be flagged.
    """
    if "部门整体" in (report.title or ""):
        return
    places = max([i.score.decimals for i in report.indicators if i.score is not None] + [0])
    total = _funds_total(report)
    for row in report.funds_rows:
        weight, printed = row.weight, True
        if weight is None and row is total:
            weight, printed = funds_weight(report, settings)
        if row.score is None or weight is None or row.rate is None:
            continue
        if row.score.decimals < places:
            # The form prints scores with decimals elsewhere: a whole "10" here means 10.00.
            row_score = replace(row.score, decimals=places)
        else:
            row_score = row.score
        w = weight.value
        # Half-open rounding intervals: 10.77% is [10.765, 10.775), 2.16 is [2.155, 2.165).
        low = min(w, w * row.rate.low / 100)
        high = min(w, w * row.rate.high / 100)
        capped = high >= w - EPS
        overlaps = row_score.low < high - EPS and low < row_score.high - EPS
        if capped and abs(row_score.value - w) <= row_score.half_step:
            overlaps = True
        if not overlaps:
            expected = min(w, w * row.rate.value / 100)
            shown_w = show(weight) if printed else f"{fmt(w)}（表中未填，按计分规则）"
            yield Hit(
                f"“{row.label}”资金得分 {show(row.score)} 与分值 {shown_w} × 执行率 {show(row.rate)}% = {fmt(expected, 3)} 不一致",
                [row.evidence],
                expected=round(expected, 4),
                found=row.score.value,
            )
