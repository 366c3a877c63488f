"""What the prose says of each indicator and level-1 part: its weight, score and score rate,
and how many indicators each level holds.

"该指标分值 4 分，根据评分标准得 4 分" is read under the heading that names the
indicator, "此项评价满分为20分，绩效评价得分18分" under the part it speaks of, and
"一级指标共2条，二级指标共5条" as counts of the target table or of the evaluation
system: the rules compare each with the score tables.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from .claimparts import NUM, PCT, _claim, _percent
from .model import Claim, as_set_value
from .normalize import Flow
from .numbers import quantity, to_int
from .numerals import CN_INTEGER

CN_INT = rf"(\d+|{CN_INTEGER})"

# -- per-indicator statements ------------------------------------------------------

HEADING = re.compile(
    r"^\s*(?:[（(]\s*\d+\s*[）)]|\d+\s*[.、．)）]|[①-⑳])\s*(?P<name>[^\n：:，。]{2,40}?)\s*[：:]?\s*$",
    re.M,
)
SECTION = re.compile(
    r"^\s*[（(][一二三四五六七八九十]+[）)]\s*(?P<name>[^\n]{2,30}?)\s*$|^\s*\d+\s*[.、．]\s*(?P<name2>[^\n，。]{2,12}?评价)[:：]?\s*$",
    re.M,
)
WEIGHT_SCORE = re.compile(
    rf"(?:该(?:项)?指标|此项(?:评价)?|本项指标)\s*(?:分值|满分为?|权重分?值?为?)\s*{NUM}\s*分\s*[，,]?\s*(?:根据评分标准|实际)?\s*(?:得分|得)\s*{NUM}\s*分?(?:\s*[，,]\s*得分率\s*{PCT})?"
)
SECTION_SCORE = re.compile(
    rf"(?:此项评价满分为|权重分值|权重分)\s*{NUM}\s*分\s*[，,]?\s*(?:绩效评价得分|实际得分)\s*{NUM}\s*分(?:\s*[，,]\s*得分率\s*{PCT})?"
)

# "产出指标共25分，评价得分19.88分，得分率79.52%": the part named in the sentence itself
NAMED_SECTION_SCORE = re.compile(
    rf"(?<![\u4e00-\u9fff])(?P<part>项目决策|项目过程|项目管理|项目产出|项目效益|决策|过程|产出|效益|满意度)"
    rf"(?:类)?指标\s*(?:共|满分为?|总分为?|分值为?)\s*{NUM}\s*分\s*[，,]\s*(?:评价|实际|绩效评价)?得分\s*{NUM}\s*分"
    rf"(?:\s*[，,]\s*得分率\s*{PCT})?"
)


def _indicator_claims(flow: Flow) -> Iterator[Claim]:
    """ "该指标分值 4 分，根据评分标准得 4 分" under the heading naming the indicator."""
    text = flow.text
    headings = [(m.start(), _clean_heading(m.group("name"))) for m in HEADING.finditer(text)]
    sections = _sections(text)
    for m in WEIGHT_SCORE.finditer(text):
        line_text = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if "\t" in line_text:
            continue  # inside a table row: handled with the table
        subject = _last_before(headings, m.start())
        if subject is None:
            continue
        yield _claim(
            flow, "indicator_weight", as_set_value(quantity(m.group(1), "分")), m, subject=subject
        )
        yield _claim(flow, "indicator_score", quantity(m.group(2), "分"), m, subject=subject)
        if m.group(3):
            yield _claim(flow, "indicator_rate", _percent(m.group(3)), m, subject=subject)
    for m in SECTION_SCORE.finditer(text):
        subject = _section_subject(text, m.start(), sections)
        if subject is None:
            continue
        subject = re.sub(r"(情况|评价|分析)$", "", subject)
        yield _claim(
            flow, "section_weight", as_set_value(quantity(m.group(1), "分")), m, subject=subject
        )
        yield _claim(flow, "section_score", quantity(m.group(2), "分"), m, subject=subject)
        if m.group(3):
            yield _claim(flow, "section_rate", _percent(m.group(3)), m, subject=subject)
    for m in NAMED_SECTION_SCORE.finditer(text):
        subject = m.group("part")
        weight, score, rate = m.group(2), m.group(3), m.group(4)
        yield _claim(
            flow, "section_weight", as_set_value(quantity(weight, "分")), m, subject=subject
        )
        yield _claim(flow, "section_score", quantity(score, "分"), m, subject=subject)
        if rate:
            yield _claim(flow, "section_rate", _percent(rate), m, subject=subject)


def _sections(text: str) -> list[tuple[int, str]]:
    return [
        (m.start(), _clean_heading(m.group("name") or m.group("name2")))
        for m in SECTION.finditer(text)
    ]


def _section_subject(text: str, pos: int, sections: list[tuple[int, str]]) -> str | None:
    """Which level-1 part a sentence speaks of: named just before, or the section heading."""
    before = text[max(0, pos - 40) : pos]
    named = re.search(
        r"(项目决策|项目过程|项目管理|项目产出|项目效益|决策|过程|产出|效益)(?:权重)?$", before
    )
    if named:
        return named.group(1)
    named = re.search(r"(决策|过程|产出|效益)评价由", before)
    if named:
        return named.group(1)
    return _last_before(sections, pos)


def _clean_heading(name: str | None) -> str:
    name = (name or "").strip()
    name = re.sub(r"[：:。]+$", "", name)
    return re.sub(r"^[\d.、]+", "", name).strip()


def _last_before(marks: list[tuple[int, str]], pos: int) -> str | None:
    found = None
    for start, name in marks:
        if start > pos:
            break
        found = name
    return found


# -- counts ---------------------------------------------------------------------------


def _count_claims(flow: Flow) -> Iterator[Claim]:
    """ "一级指标共2条，二级指标共5条，三级指标共9条" and "十个二级指标，十七个三级指标"."""
    text = flow.text
    level_words = {"一级": 1, "二级": 2, "三级": 3}
    patterns = [
        rf"(一级|二级|三级)指标\s*(?:共|共计)\s*{CN_INT}\s*(?:条|个|项)",
        rf"{CN_INT}\s*个\s*(一级|二级|三级)指标",
    ]
    for pattern in patterns:
        for m in re.finditer(pattern, text):
            level_word, number = (
                (m.group(1), m.group(2)) if m.group(1) in level_words else (m.group(2), m.group(1))
            )
            count = to_int(number)
            if count is None:
                continue
            scope = _count_scope(text[max(0, m.start() - 400) : m.start()])
            section = None
            lead = re.search(
                r"(决策|过程|产出|效益|满意度)类?指标(?:包括|包含|由|共有)[^，。；]{0,14}$",
                text[max(0, m.start() - 24) : m.start()],
            )
            if lead:
                section = lead.group(1)
            elif re.search(r"由[^，。]{0,12}$", text[max(0, m.start() - 14) : m.start()]):
                section = _section_subject(text, m.start(), _sections(text))
                section = re.sub(r"(情况|评价|分析)$", "", section or "") or None
            claim = _claim(
                flow,
                f"count_level{level_words[level_word]}",
                quantity(str(count), "条"),
                m,
                subject=section or scope,
            )
            yield claim


def _count_scope(before: str) -> str:
    """Whether a count speaks of the target table or of the evaluation system: the nearer cue wins."""
    target_cue = max(
        (m.end() for m in re.finditer(r"绩效目标细化分解|细化分解|目标表中|绩效目标表", before)),
        default=-1,
    )
    system_cue = max(
        (m.end() for m in re.finditer(r"指标体系|四个指标|一级指标分为|评价指标", before)),
        default=-1,
    )
    return "targets" if target_cue > system_cue else "indicators"
