"""Targets against results: full marks on a missed target, deductions on a met one."""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Report
from extractor.prose import squeezed

from .numeric import show
from .outcome import outcome
from .registry import REPORT_KINDS, Hit, rule


@rule(
    "TARGET-SCORE",
    "target_vs_actual",
    "error",
    "达到目标却被扣分，或未达到目标却得满分",
    kinds=REPORT_KINDS,
    reads_score_table=True,
)
def target_score(report: Report) -> Iterator[Hit]:
    """The result meets (or misses) the indicator's own target, and the score says the opposite.

    A met target scored below full marks (99.88 万元 ≤ 100.88 万元 but 4.95 of 5)
    or a missed target given full marks means the score was not derived from
    the result. Results are compared with the target's operator and unit;
    qualitative results only where the words decide it.

    Limits: Qualitative results are judged only where the words decide it.
    """
    for ind in report.indicators:
        if ind.level != 3 or ind.score is None or ind.weight is None:
            continue
        state = outcome(ind)
        full = ind.score.high >= ind.weight.value
        if state == "met" and not full:
            yield Hit(
                f"{ind.code or ''}“{ind.name}”业绩值 {ind.actual} 已达到目标 {ind.benchmark}，却只得 {show(ind.score)} 分（满分 {show(ind.weight)}）",
                [ind.evidence],
                expected=ind.weight.value,
                found=ind.score.value,
            )
        elif state == "missed" and ind.score.high >= ind.weight.value:
            yield Hit(
                f"{ind.code or ''}“{ind.name}”业绩值 {ind.actual} 未达到目标 {ind.benchmark}，却得满分 {show(ind.score)}",
                [ind.evidence],
                expected=f"< {show(ind.weight)}",
                found=ind.score.value,
            )


# "完成8家企业处僵关闭清算、处遗托管工作方案编制…" as a target, "完成了5家企业处僵…" as a result.
TASK = re.compile(
    r"完成(?P<past>了)?(?P<n>\d+)(?P<unit>家|个|项|次|所|户|人|件|批|期|座|台|辆|场|处)(?P<what>[\p{Han}、]{12,40})"
)
SECTION_HEADING = re.compile(
    r"\n\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)(?P<title>[^\n]{0,30})"
)
SAME_WORDS = 12  # characters of the task's words that must agree


@rule(
    "TARGET-TASK-SHORT",
    "target_vs_actual",
    "warning",
    "产出所述完成数低于同一任务的目标数",
    kinds=REPORT_KINDS,
)
def target_task_short(report: Report) -> Iterator[Hit]:
    """A task the 绩效目标 section sets ("完成8家企业处僵关闭清算…") and the results section
    reports in the same words with a smaller number ("完成了5家企业处僵关闭清算…"): the target
    was missed, and the report's own words show it.

    Why: a shortfall told in the target's own words, without a reason or a deduction, is
    what an auditor asks about first.

    Limits: Only "完成 N 家/个/项… task" with the same twelve characters of task words in a
    section titled with 目标 and in another section is compared.
    """
    heads = [(m.start(), m.group("title")) for m in SECTION_HEADING.finditer(report.text)]
    sq = squeezed(report)
    targets: dict[tuple[str, str], tuple[re.Match, tuple[int, int]]] = {}
    results = []
    for m in TASK.finditer(sq.text):
        key = (m.group("unit"), m.group("what")[:SAME_WORDS])
        span = sq.span(m.start(), m.end())
        if "目标" in _section_title(heads, span[0]):
            targets.setdefault(key, (m, span))
        else:
            results.append((key, m, span))
    for key, result, span in results:
        if key not in targets:
            continue
        target, target_span = targets[key]
        if int(result.group("n")) >= int(target.group("n")):
            continue
        unit, words = key
        yield Hit(
            f"目标为完成 {target.group('n')}{unit}“{words}…”，产出写作完成 {result.group('n')}{unit}，"
            "未达到目标",
            [report.evidence_at(*span), report.evidence_at(*target_span)],
            expected=int(target.group("n")),
            found=int(result.group("n")),
        )


def _section_title(heads: list[tuple[int, str]], pos: int) -> str:
    """The title of the section a position lies in (its nearest numbered heading before it)."""
    title = ""
    for start, name in heads:
        if start > pos:
            break
        title = name
    return title
