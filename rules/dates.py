"""Years and dates: years that do not belong to the evaluation, deadlines, impossible dates."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterator

import chinese_calendar
import regex as re

from extractor.model import Report
from extractor.vocabulary import COVER, KEY_TABLE, TEXT, TITLE

from .registry import Hit, rule


@rule("YEAR-MISMATCH", "year", "warning", "报告中出现不属于本评价年度的年份")
def year_mismatch(report: Report) -> Iterator[Hit]:
    """A year that names this project or its targets but is not the evaluation year.

    "本项目2021年度绩效目标" in a 2022 evaluation, or "对 2023 年…项目进行绩效评价"
    for a 2022 project, usually means text was carried over from another year's
    report (and perhaps its figures with it). The evaluation year is the one most
    of the report's sources give (key-information table, title, cover, project name,
    the prose about the project); a source that the others outvote is itself the
    leftover, and is named once, even when it is the key-information table.

    Limits: Only years in sentences about this project or its targets are judged; a year the report
    quotes on purpose (a plan period, an earlier evaluation) in such a sentence may be flagged,
    which is why it is a warning. A report whose title states a period ("2021-2024年") takes
    every year of it as its own.
    """
    year = report.year
    if year is None:
        return
    yield from _odd_sources(report, year)
    first, last = _period(report, year)
    for y, start, end in report.year_mentions:
        if first <= y <= last:
            continue
        yield Hit(
            f"评价年度为 {year} 年，此处写作 {y} 年",
            [report.evidence_at(start, end, pad=18)],
            expected=year,
            found=y,
        )


_PERIOD = re.compile(r"((?:19|20)\d{2})\s*[-—－～~至]\s*((?:19|20)\d{2})\s*年")


def _period(report: Report, year: int) -> tuple[int, int]:
    """The years the evaluation covers: a period its title states ("2021-2024年…绩效评价报告")
    when the evaluation year is in it, else that year alone."""
    m = _PERIOD.search(report.title or "")
    if m:
        first, last = int(m.group(1)), int(m.group(2))
        if first <= year <= last:
            return first, last
    return year, year


SOURCE_WORDS = {KEY_TABLE: "项目关键信息表的评价年度", TITLE: "标题中的年度", COVER: "封面中的年度"}


def _odd_sources(report: Report, year: int) -> Iterator[Hit]:
    """Each place that states the report's year (other than prose) and is outvoted by the others."""
    votes = report.claims_of("year")
    count = Counter(int(c.value.value) for c in votes if c.value is not None)
    agree = [c.subject for c in votes if c.value is not None and int(c.value.value) == year]
    for claim in votes:
        if claim.value is None or claim.subject == TEXT:
            continue
        found = int(claim.value.value)
        if found == year or count[found] >= count[year]:
            continue
        yield Hit(
            f"{SOURCE_WORDS.get(claim.subject or '', claim.subject)}为 {found} 年，"
            f"而{'、'.join(agree)}均为 {year} 年",
            [claim.evidence],
            expected=year,
            found=found,
        )


# The years chinesecalendar has the State Council's holiday notices for; outside them
# a working day cannot be told from a holiday.
_CALENDAR_YEARS = range(
    min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1
)


def add_workdays(start: dt.date, days: int) -> dt.date | None:
    """The date `days` working days after `start` (China's holidays and make-up workdays);
    None when the count runs outside the years the calendar knows."""
    current = start
    counted = 0
    while counted < days:
        current += dt.timedelta(days=1)
        if current.year not in _CALENDAR_YEARS:
            return None
        if chinese_calendar.is_workday(current):
            counted += 1
    return current


@rule("WORKDAY-DUE", "date_order", "warning", "按工作日推算的期限与报告所写日期不符")
def workday_due(report: Report) -> Iterator[Hit]:
    """A due date the report computes from working days ("10个工作日内支付，即9月10日之前").

    Counted with China's public holidays and make-up workdays. A wrong due date
    misjudges whether a payment or a task was late.

    Why: A wrong due date misjudges whether a payment or a task was late.

    Limits: Counts with the State Council holiday notices the chinesecalendar package holds; outside
    its years a working day cannot be told from a holiday. Local holidays are not counted.
    """
    for claim in report.claims_of("workday_due"):
        if not claim.text or claim.value is None:
            continue
        start_s, due_s = claim.text.split("|")
        start = dt.date.fromisoformat(start_s)
        stated = dt.date.fromisoformat(due_s)
        due = add_workdays(start, int(claim.value.value))
        if due is None or due == stated:
            continue
        yield Hit(
            f"自 {start:%Y年%m月%d日} 起 {int(claim.value.value)} 个工作日应至 {due:%Y年%m月%d日}，报告写作 {stated:%Y年%m月%d日}",
            [claim.evidence],
            expected=due.isoformat(),
            found=stated.isoformat(),
        )


@rule("DATE-IMPOSSIBLE", "date_order", "error", "日期不存在")
def impossible_date(report: Report) -> Iterator[Hit]:
    """A date that does not exist (11月31日, 2月30日, 13月).

    Limits: Only dates written with 年/月/日 (or their digits) are read; a date printed in another form
    is not checked.
    """
    for m in re.finditer(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日", report.text):
        year = int(m.group(1)) if m.group(1) else (report.year or 2001)
        month, day = int(m.group(2)), int(m.group(3))
        ok = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
        if not ok:
            quoted = report.text.rfind("“", 0, m.start()) > report.text.rfind("”", 0, m.start())
            yield Hit(
                f"日期“{m.group(0)}”不存在" + ("（引自其他文件）" if quoted else ""),
                [report.evidence_at(m.start(), m.end())],
                found=m.group(0),
                severity="info" if quoted else None,
            )
