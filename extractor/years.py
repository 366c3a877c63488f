"""The year a report evaluates, decided by the weight of evidence, and where each source states it.

A report states its year in several places: the key-information table (评价年度), the
title, the cover, the project's name and the prose about the project ("本项目2022年度
绩效目标", "对 2022 年度…项目开展绩效评价"). Any one of them can be the leftover of
another year's report, the key table included; so no single place is taken on trust:
each source gives one vote, and the year most of them give is the report's. Every
vote is kept as a `year` Claim (subject = the source), so that a rule can name the odd
one out.
"""

from __future__ import annotations

from collections import Counter

import regex as re

from .model import Claim, Evidence, Line, Report
from .normalize import Flow, canon
from .numbers import quantity
from .vocabulary import COVER, KEY_TABLE, PROJECT, TEXT, TITLE

PRIORITY = (KEY_TABLE, TITLE, COVER, PROJECT, TEXT)  # who wins a tie, first to last

YEAR_WORD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(年度|年)")
COVER_LINES = 30  # the cover is within the document's first non-empty lines
COVER_TITLE = re.compile(r"^[^\n\t。；，]{0,60}?(?:19|20)\d{2}\s*年度?[^\n\t。；，]{0,80}?报告$")


def project_core(project: str | None) -> str | None:
    """The first characters of the project's name, without its year: what names it in prose."""
    name = canon(project or "")
    name = re.sub(r"^\d{4}年度?", "", name)
    return name[:6] if len(name) >= 6 else None


def project_year_mentions(text: str, project: str | None) -> list[re.Match]:
    """Years in the running text that name this project or its targets.

    "2022年焉耆县自然资源局林草专项资金项目", "本项目2021年度绩效目标",
    "2022年度绩效目标": a year followed by the project's name or by its targets, or
    preceded by 本项目. Other years (laws, plans, dates of work) say nothing about
    which year is evaluated.
    """
    core = project_core(project)
    out = []
    for m in YEAR_WORD.finditer(text):
        before = canon(text[max(0, m.start() - 6) : m.start()])
        after = canon(text[m.end() : m.end() + 40])
        if (
            (core and after.startswith(core))
            or before.endswith("本项目")
            or after.startswith(("绩效目标", "项目绩效目标"))
        ):
            out.append(m)
    return out


def _year_of(text: str | None) -> int | None:
    """The first year written with 年 (or 年度) in a name or title: "2021-2024年…" gives 2024."""
    m = YEAR_WORD.search(text or "")
    return int(m.group(1)) if m else None


def _at(flow: Flow, needle: str) -> Evidence | None:
    """Evidence for the first place the running text holds `needle`."""
    pos = flow.text.find(needle)
    return flow.evidence(pos, pos + len(needle)) if pos >= 0 else None


def _cover_line(lines: list[Line], title: str | None) -> Line | None:
    """The cover's heading ("巴音郭楞蒙古自治州 2022 年度 预算绩效评价报告"), when it is not the title."""
    seen = 0
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        seen += 1
        if seen > COVER_LINES:
            return None
        if COVER_TITLE.match(text):
            return None if title and canon(text) == canon(title) else line
    return None


def _prose_vote(flow: Flow, project: str | None) -> Claim | None:
    """The year most mentions of the project give, when one year has more than any other."""
    mentions = project_year_mentions(flow.text, project)
    counts = Counter(int(m.group(1)) for m in mentions)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    year, n = ranked[0]
    first = next(m for m in mentions if int(m.group(1)) == year)
    ev = flow.evidence(first.start(), first.end(), pad=18)
    quote = f"{ev.quote}（正文 {n} 处）" if n > 1 else ev.quote
    return Claim("year", quantity(str(year)), Evidence(ev.page, ev.line, quote), subject=TEXT)


def year_claims(report: Report, flow: Flow, key_year: Claim | None) -> list[Claim]:
    """One `year` claim per source that states the year: key table, title, cover, project, prose."""
    claims = [key_year] if key_year is not None else []
    title_year = _year_of(report.title)
    if title_year is not None:
        ev = _at(flow, report.title or "") or Evidence(None, None, report.title or "")
        claims.append(Claim("year", quantity(str(title_year)), ev, subject=TITLE))
    cover = _cover_line(report.lines, report.title)
    if cover is not None and _year_of(cover.text) is not None:
        ev = Evidence(cover.page, cover.number, cover.text.strip())
        claims.append(Claim("year", quantity(str(_year_of(cover.text))), ev, subject=COVER))
    project_year = _year_of(report.project)
    if project_year is not None:
        ev = _at(flow, report.project or "") or Evidence(None, None, report.project or "")
        claims.append(Claim("year", quantity(str(project_year)), ev, subject=PROJECT))
    prose = _prose_vote(flow, report.project)
    if prose is not None:
        claims.append(prose)
    return claims


def decide_year(claims: list[Claim]) -> int | None:
    """The year most sources give; a tie goes to the source listed first in PRIORITY."""
    votes = Counter(int(c.value.value) for c in claims if c.value is not None)
    if not votes:
        return None
    best = max(votes.values())
    tied = {y for y, n in votes.items() if n == best}
    for source in PRIORITY:
        for c in claims:
            if c.subject == source and c.value is not None and int(c.value.value) in tied:
                return int(c.value.value)
    return min(tied)
