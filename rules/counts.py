"""Stated counts ("三级指标共9条", "以上两项各占25%") against what is listed."""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Evidence, Report
from extractor.normalize import name_key
from extractor.numbers import to_int

from .registry import Hit, rule

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


@rule(
    "COUNT-CLAIM",
    "count_claim",
    "error",
    "文中所述指标条数应与表中所列一致",
    reads_score_table=True,
)
def count_claim(report: Report) -> Iterator[Hit]:
    """A count the report states ("一级指标共2条，二级指标共5条，三级指标共9条") equals what its tables list.

    Counts about the target table are checked against the target table; counts
    about the evaluation system against the score table (or one of its parts).

    Limits: Only counts stated as 一级/二级/三级指标 (or 共N项/条) next to a table of that kind are compared; a
    count of something the tables do not list is not judged, nor a level the tables do not reach
    (a report that prints its level-1 scores only).
    """
    for level in (1, 2, 3):
        for claim in report.claims_of(f"count_level{level}"):
            if claim.value is None:
                continue
            stated = int(claim.value.value)
            actual, what = _count(report, level, claim.subject)
            if actual is None or actual == stated:
                continue
            yield Hit(
                f"文中称{what}{'一二三'[level - 1]}级指标 {stated} 条，表中列有 {actual} 条",
                [claim.evidence],
                expected=actual,
                found=stated,
            )


def _count(report: Report, level: int, scope: str | None) -> tuple[int | None, str]:
    if scope == "targets":
        if not report.targets:
            return None, ""
        if level == 1:
            return len({t.level1 for t in report.targets if t.level1}), "绩效目标表"
        if level == 2:
            return len({(t.level1, t.level2) for t in report.targets if t.level2}), "绩效目标表"
        return len(report.targets), "绩效目标表"
    tree = report.indicators
    if not tree or max(i.level for i in tree) < level:
        return None, ""  # the tables do not list that level (a report that prints level 1 only)
    if scope and scope != "indicators":
        tops = [i for i in tree if i.level == 1 and name_key(i.name) == name_key(scope)]
        if len(tops) != 1:
            return None, ""
        start = tree.index(tops[0])
        part = []
        for ind in tree[start + 1 :]:
            if ind.level == 1:
                break
            part.append(ind)
        return sum(1 for i in part if i.level == level), f"“{tops[0].name}”部分"
    return sum(1 for i in tree if i.level == level), "评价指标体系"


@rule(
    "RUBRIC-ITEM-COUNT",
    "count_claim",
    "warning",
    "评分标准所述项数应与所列条目一致",
    reads_score_table=True,
)
def rubric_item_count(report: Report) -> Iterator[Hit]:
    """A rubric that lists ①–④ and then says "以上两项各占25%" counts its own items wrong.

    Why: The shares then do not add up to the weight, and the score cannot be
    recomputed from the rubric as written.

    Limits: Only rubrics that number their items (①…, 1.…) and state a count (以上两项, 三项) are judged;
    items written as a plain sentence are not counted.
    """
    for ind in report.indicators:
        text = ind.rubric or ""
        m = re.search(r"以上\s*([一二两三四五六七八九十\d]+)\s*项", text)
        if not m:
            continue
        stated = to_int(m.group(1))
        listed = len({ch for ch in text[: m.start()] if ch in CIRCLED})
        if stated is None or listed < 2 or stated == listed:
            continue
        yield Hit(
            f"{ind.code or ''}“{ind.name}”评分标准列出 {listed} 项，却写“以上{m.group(1)}项”",
            [
                Evidence(
                    ind.evidence.page,
                    ind.evidence.line,
                    text[max(0, m.start() - 20) : m.end() + 12],
                )
            ]
            if ind.evidence
            else [],
            expected=listed,
            found=stated,
        )


SHARES = re.compile(
    r"(?:要点|以上)?(?P<marks>[①-⑩]{2,10})(?:项|点|要点)?\s*各占\s*(?:指标|权重)?(?:分值|权重|总分)?(?:的)?\s*"
    r"(?:(?P<num>\d+)\s*/\s*(?P<den>\d+)|(?P<pct>\d+(?:\.\d+)?)\s*%)"
)


@rule(
    "RUBRIC-SHARES",
    "count_claim",
    "warning",
    "评分标准中各要点所占份额之和应为全部分值",
    reads_score_table=True,
)
def rubric_shares(report: Report) -> Iterator[Hit]:
    """ "要点①②③④各占指标分值的1/2" gives four points half the weight each: twice the weight.
    The points a rubric names, times the share each takes, make the whole weight.

    Why: the shares are how the score is recomputed from the rubric; shares that do not
    make the weight mean the rubric was copied from an indicator with another number of
    points.

    Limits: Only the shape "①②…各占 1/n" (or n%) is read; shares written point by point are not.
    """
    for ind in report.indicators:
        text = ind.rubric or ""
        for m in SHARES.finditer(text):
            points = len(m.group("marks"))
            if m.group("pct"):
                share, said = float(m.group("pct")) / 100, f"{m.group('pct')}%"
            else:
                den = int(m.group("den"))
                if den == 0:
                    continue
                share, said = int(m.group("num")) / den, f"{m.group('num')}/{m.group('den')}"
            if abs(points * share - 1) < 1e-6:
                continue
            quote = text[max(0, m.start() - 10) : m.end() + 10]
            where = [Evidence(ind.evidence.page, ind.evidence.line, quote)] if ind.evidence else []
            yield Hit(
                f"{ind.code or ''}“{ind.name}”评分标准列出 {points} 个要点、各占 {said}，"
                f"合计为分值的 {points * share:.4g} 倍",
                where,
                expected=1,
                found=round(points * share, 4),
            )


STAGES = re.compile(r"分为[^。]{0,60}?(?P<n>[一二两三四五六七八九十\d]{1,2})个(?:阶段|步骤)")
STAGE_HEADING = re.compile(r"^\s*#*\s*(?P<no>\d{1,2})\s*[.、．]\s*[^\n]{1,20}?(?:阶段|步骤)", re.M)


@rule("STAGE-COUNT", "count_claim", "warning", "所述阶段数应与随后列出的阶段一致")
def stage_count(report: Report) -> Iterator[Hit]:
    """ "工作分为前期准备、现场实施、评价报告撰写提交三个阶段" followed by the headings "1.评价
    准备阶段" … "4.评价报告撰写提交阶段": the count and the list disagree.

    Why: the account of how the evaluation was done is part of its evidence; a count that
    the headings contradict was written for another version of the work plan.

    Limits: Only headings numbered 1, 2, 3 … that end in 阶段 or 步骤 and follow the sentence
    are counted; stages told in prose are not.
    """
    text = report.text
    for m in STAGES.finditer(text):
        stated = to_int(m.group("n"))
        listed = 0
        for heading in STAGE_HEADING.finditer(text, m.end(), m.end() + 6000):
            if int(heading.group("no")) != listed + 1:
                break
            listed += 1
        if stated is None or listed < 2 or listed == stated:
            continue
        yield Hit(
            f"文中写“{m.group('n')}个阶段”，随后列出 {listed} 个阶段",
            [report.evidence_at(m.start(), m.end())],
            expected=listed,
            found=stated,
        )
