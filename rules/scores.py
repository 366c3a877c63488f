"""Score-table arithmetic: sums at every level, weights, ranges, rates and grades."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.model import Evidence, Indicator, Quantity, Report

from .numeric import (
    at_precision,
    column_decimals,
    column_sum_matches,
    fmt,
    rate_matches,
    same,
    show,
    sum_matches,
    sum_of,
)
from .profiles import Settings
from .registry import Hit, rule
from .tree import children, find, label, top_level


@rule(
    "SCORE-SUM", "score_sum", "error", "上级指标得分应等于下级指标得分之和", reads_score_table=True
)
def score_sum(report: Report) -> Iterator[Hit]:
    """A parent's score is the sum of its children's scores, at every level and up to the total.

    A sum that does not add up means a score was changed in one place and not
    in the other, so at least one printed score is wrong. Compared at the
    precision the scores were printed with.

    Limits: Needs the score table read into its levels; a table the reader could not read is
    reported by EXTRACT-UNREAD.
    """
    tree = report.indicators
    for parent in tree:
        kids = children(tree, parent)
        if kids and all(k.score is None for k in kids):
            # Level 2 printed no scores: compare with the level-3 scores below them.
            kids = [g for k in kids for g in children(tree, k)]
        if not kids or parent.score is None or any(k.score is None for k in kids):
            continue
        if not column_sum_matches([k.score for k in kids], parent.score):
            total = sum_of([k.score for k in kids])
            yield Hit(
                f"{_kid_level(kids)}得分合计 {show(total)} 与{label(parent)}得分 {show(parent.score)} 不一致",
                [parent.evidence, *[k.evidence for k in kids[:1]]],
                expected=total.value,
                found=parent.score.value,
            )
    tops = top_level(tree)
    total = report.total_score
    scored = tops and total is not None and all(t.score is not None for t in tops)
    if scored and not column_sum_matches([t.score for t in tops], total):
        s = sum_of([t.score for t in tops])
        ev = report.first("total_score")
        yield Hit(
            f"一级指标得分合计 {show(s)} 与总分 {show(total)} 不一致",
            [ev.evidence if ev else None, tops[0].evidence],
            expected=s.value,
            found=total.value,
        )


@rule("SUMMARY-SUM", "score_sum", "error", "汇总表各行之和应等于其合计行")
def summary_sum(report: Report) -> Iterator[Hit]:
    """A summary table's 合计 row is the sum of its rows (weights and scores).

    Why: Summary tables are often typed by hand after the detailed table; their
    totals are where a changed score most often fails to propagate.

    Limits: Only summary tables with a 合计 row are added up.
    """
    for table in report.score_tables:
        if table.kind != "summary":
            continue
        rows = [r for r in table.rows if r.level != 0]
        totals = [r for r in table.rows if r.level == 0]
        if not rows or not totals:
            continue
        total = totals[0]
        for attr, word in (("score", "得分"), ("weight", "权重")):
            values = [getattr(r, attr) for r in rows]
            stated = getattr(total, attr)
            if stated is None or any(v is None for v in values):
                continue
            if not column_sum_matches(values, stated):
                s = sum_of(values)
                yield Hit(
                    f"{table.caption or '汇总表'}各行{word}合计 {show(s)} 与合计行 {show(stated)} 不一致",
                    [total.evidence],
                    expected=s.value,
                    found=stated.value,
                )


@rule(
    "WEIGHT-SUM",
    "weight_total",
    "error",
    "下级指标权重之和应等于上级指标权重，一级指标权重合计 100",
    reads_score_table=True,
)
def weight_sum(report: Report) -> Iterator[Hit]:
    """Children's weights add up to their parent's weight, and level-1 weights to 100.

    A weight table that does not close means an indicator was added, removed
    or re-weighted in one place only; every score share computed from it is off.

    Limits: A table that prints no weight for a parent is checked only against 100 at the top.
    """
    tree = report.indicators
    for parent in tree:
        kids = children(tree, parent)
        if not kids or parent.weight is None or any(k.weight is None for k in kids):
            continue
        if not sum_matches([k.weight for k in kids], parent.weight):
            s = sum_of([k.weight for k in kids])
            yield Hit(
                f"{_kid_level(kids)}权重合计 {show(s)} 与{label(parent)}权重 {show(parent.weight)} 不一致",
                [parent.evidence],
                expected=s.value,
                found=parent.weight.value,
            )
    tops = top_level(tree)
    if tops and all(t.weight is not None for t in tops):
        hundred = Quantity(100.0, "100", 0)
        if not sum_matches([t.weight for t in tops], hundred):
            s = sum_of([t.weight for t in tops])
            yield Hit(
                f"一级指标权重合计 {show(s)}，不等于 100",
                [tops[0].evidence],
                expected=100,
                found=s.value,
            )


@rule(
    "SCORE-RANGE",
    "score_over_weight",
    "error",
    "得分不得超过权重，也不得为负",
    reads_score_table=True,
)
def score_range(report: Report) -> Iterator[Hit]:
    """A score lies between 0 and its weight.

    A score above the indicator's weight (or below zero) cannot come from any
    scoring rule; it inflates (or deflates) the total.

    Limits: Needs the indicator's weight; a score printed without one is not judged.
    """
    for ind in report.indicators:
        if ind.score is None or ind.weight is None:
            continue
        if ind.score.low > ind.weight.high:
            yield Hit(
                f"{label(ind)}得分 {show(ind.score)} 超过其权重 {show(ind.weight)}",
                [ind.evidence],
                expected=ind.weight.value,
                found=ind.score.value,
            )
        elif ind.score.value < 0:
            yield Hit(
                f"{label(ind)}得分 {show(ind.score)} 为负数",
                [ind.evidence],
                expected=0,
                found=ind.score.value,
            )


@rule("SCORE-RATE", "score_rate", "error", "得分率应等于得分 ÷ 权重", reads_score_table=True)
def score_rate(report: Report) -> Iterator[Hit]:
    """得分率 is score / weight, at the precision of all three printed numbers.

    A 得分率 that no rounding of the score and weight can give shows that one
    of the three numbers was edited without the others. A score is read at the
    precision of its column ("4" beside "3.98" is 4.00, so 4 of 4 at 90% is
    wrong), the rate at its own (4.95 of 5 printed 99.01% is not).

    Limits: Only rates printed in a score table or beside their score and weight are recomputed.
    """
    seen: set[int] = set()
    for ind, score in _scored_rows(report):
        if ind.rate is None or ind.weight is None or ind.weight.value == 0:
            continue
        if id(ind.evidence) in seen:
            continue  # one cell, printed once, is judged once
        seen.add(id(ind.evidence))
        subject = label(ind) if ind.level else "合计"
        hit = _rate_mismatch(
            subject, ind.score, ind.weight, "权重", ind.rate, ind.evidence, read_as=score
        )
        if hit:
            yield hit


def _scored_rows(report: Report) -> Iterator[tuple[Indicator, Quantity]]:
    """Every row with a score, the score read at the precision of its table's score column.

    A score printed "4" in a column that prints "3.98" is 4.00, not anything from 3.5
    to 4.5: read alone, a whole-number score would excuse any 得分率 from 87.5% to 112.5%
    of its weight. The rate keeps its own precision ("100%" may round 99.5%). Rows of
    the printed tables come first; the tree's rows are judged where they hold a
    combination no single table printed (a score completed from another table).
    """
    for table in report.score_tables:
        decimals = column_decimals(r.score for r in table.rows)
        for row in table.rows:
            if row.score is not None:
                yield row, at_precision(row.score, decimals)
    for ind in report.indicators:
        if ind.score is not None:
            yield ind, ind.score


def _rate_mismatch(
    subject: str,
    score: Quantity,
    weight: Quantity,
    weight_word: str,
    rate: Quantity,
    evidence: Evidence,
    read_as: Quantity | None = None,
) -> Hit | None:
    """A hit when `rate` is not score ÷ weight at the precision it was printed with.

    `read_as` is the score at the precision it is to be compared with (its column's),
    when that is finer than its own; the message shows the score as printed.
    """
    if rate_matches(read_as or score, weight, rate):
        return None
    exact = 100 * score.value / weight.value
    return Hit(
        f"{subject}得分率 {show(rate)}% 与得分 {show(score)} ÷ {weight_word} {show(weight)} = {fmt(exact, 2)}% 不一致",
        [evidence],
        expected=round(exact, 4),
        found=rate.value,
    )


@rule("SECTION-RATE", "score_rate", "error", "正文所述得分率应等于得分 ÷ 满分")
def section_rate(report: Report) -> Iterator[Hit]:
    """Prose restates each part's score as "满分 20 分，得分 18.98 分，得分率 94.9%": the rate must follow.

    Why: Rates in prose are retyped by hand; a rate that does not follow from the
    score beside it means one of them is a leftover.

    Limits: Only sentences that give the weight, the score and the rate together are read.
    """
    for kind_w, kind_s, kind_r in (
        ("section_weight", "section_score", "section_rate"),
        ("indicator_weight", "indicator_score", "indicator_rate"),
    ):
        weights = report.claims_of(kind_w)
        scores = report.claims_of(kind_s)
        rates = report.claims_of(kind_r)
        for r in rates:
            w = next((c for c in weights if c.evidence == r.evidence), None)
            s = next((c for c in scores if c.evidence == r.evidence), None)
            if not w or not s or not w.value or not s.value or not r.value or w.value.value == 0:
                continue
            hit = _rate_mismatch(f"“{r.subject}”", s.value, w.value, "满分", r.value, r.evidence)
            if hit:
                yield hit


@rule("GRADE-BAND", "grade", "error", "评价等级应与总分所在分档一致")
def grade_band(report: Report, settings: Settings) -> Iterator[Hit]:
    """The grade follows from the total score: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 (财预〔2020〕10号).

    When the report states its own bands, those are used. A grade outside the
    score's band misstates the result that budgets are tied to.

    Limits: The bands are the report's own when it states them, else the profile's (national: 优 ≥
    90, 良 ≥ 80, 中 ≥ 60); a grade word the bands do not know is not judged.
    """
    if report.total_score is None:
        return
    bands = sorted(report.grade_bands or settings.profile.grade_bands, key=lambda b: -b[1])
    if bands[-1][1] > 0:
        bands.append(("差", 0.0))
    score = report.total_score
    best = next(g for g, low in bands if score.value >= low - 1e-9)
    for claim in report.claims_of("grade"):
        if claim.text and claim.text != best and not _grade_possible(claim.text, score, bands):
            yield Hit(
                f"总分 {show(score)} 对应等级“{best}”，报告写作“{claim.text}”",
                [claim.evidence],
                expected=best,
                found=claim.text,
            )


def _grade_possible(grade: str, score: Quantity, bands: list[tuple[str, float]]) -> bool:
    """Whether a grade fits somewhere in the score's rounding interval."""
    ordered = sorted(bands, key=lambda b: -b[1])
    for i, (g, low) in enumerate(ordered):
        high = ordered[i - 1][1] if i else float("inf")
        if g == grade and score.high >= low and score.low < high:
            return True
    return False


@rule("TOTAL-RESTATED", "restated_value", "error", "总分、等级在报告各处应一致")
def total_restated(report: Report) -> Iterator[Hit]:
    """The total score and grade are the same wherever the report states them.

    The key-information table, abstract, conclusion and score table each print
    the total; a difference means one was not updated after a re-score.

    Limits: Only statements the reader recognises as the total score or the grade are compared; a
    total written in a way it does not recognise is not.
    """
    totals = report.claims_of("total_score")
    if totals and totals[0].value is not None:
        first = totals[0]
        for other in totals[1:]:
            if other.value is not None and not same(first.value, other.value):
                yield Hit(
                    f"总分前后不一致：{show(first.value)} 与 {show(other.value)}",
                    [first.evidence, other.evidence],
                    expected=first.value.value,
                    found=other.value.value,
                )
    grades = [c for c in report.claims_of("grade") if c.text]
    if grades:
        for other in grades[1:]:
            if other.text != grades[0].text:
                yield Hit(
                    f"评价等级前后不一致：“{grades[0].text}”与“{other.text}”",
                    [grades[0].evidence, other.evidence],
                    expected=grades[0].text,
                    found=other.text,
                )


@rule(
    "SUMMARY-RESTATED",
    "restated_value",
    "error",
    "汇总表与明细表的权重、得分应一致",
    reads_score_table=True,
)
def summary_restated(report: Report) -> Iterator[Hit]:
    """Summary tables (by level 1 or 2) repeat the detailed table's weights and scores.

    Each summary row is compared with the indicator of the same name in the
    detailed table (or with the sum of that indicator's children when the
    detailed table prints no score for it).

    Limits: Summary rows are matched by name; a summary that renames an indicator is not matched.
    """
    for table in report.score_tables:
        if table.kind != "summary":
            continue
        for row in table.rows:
            if row.level == 0:
                continue
            ind = find(report, row.name, row.level) or find(report, row.name)
            if ind is None:
                continue
            for attr, word in (("weight", "权重"), ("score", "得分")):
                mine = getattr(row, attr)
                theirs = getattr(ind, attr)
                source = "明细表"
                if attr == "score" and ind.score_from_summary:
                    theirs = None  # the tree took this score from a summary: compare with its parts
                if theirs is None:
                    kids = children(report.indicators, ind)
                    if kids and all(getattr(k, attr) is None for k in kids):
                        kids = [g for k in kids for g in children(report.indicators, k)]
                    if kids and all(getattr(k, attr) is not None for k in kids):
                        theirs = sum_of([getattr(k, attr) for k in kids])
                        source = "明细表下级合计"
                if mine is None or theirs is None or theirs is mine:
                    continue
                if not same(mine, theirs):
                    yield Hit(
                        f"{table.caption or '汇总表'}中“{row.name}”{word} {show(mine)} 与{source} {show(theirs)} 不一致",
                        [row.evidence, ind.evidence],
                        expected=theirs.value,
                        found=mine.value,
                    )


def _kid_level(kids: list[Indicator]) -> str:
    return {1: "一级指标", 2: "二级指标", 3: "三级指标"}.get(kids[0].level, "下级指标")
