"""Dates read from prose: every year mentioned (with its month and day when given), and
deadlines counted in working days from a date the text states.

The year mentions let the rules find a year that does not belong to the report; a
"10个工作日内…即2022年9月10日之前" deadline is kept as a Claim with both dates, so that
a rule can count the working days between them.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from .claimparts import _claim
from .model import Claim, DateMention, Evidence
from .normalize import Flow
from .numbers import parse_date, quantity, to_int

YEAR_MENTION = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(年度|年)")


def find_dates(flow: Flow) -> list[DateMention]:
    out = []
    for m in YEAR_MENTION.finditer(flow.text):
        date = parse_date(flow.text[m.start() : m.start() + 14])
        ev = flow.evidence(m.start(), m.end(), pad=30)
        out.append(
            DateMention(
                int(m.group(1)), date.month if date else None, date.day if date else None, ev
            )
        )
    return out


# -- deadlines computed from working days -----------------------------------------------------

WORKDAYS = re.compile(
    r"(?P<n>\d+|[一二三四五六七八九十]+)\s*个工作日内[^。]{0,30}?即\s*(?P<due>(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:之前|以前|前)"
)


def _workday_claims(flow: Flow) -> Iterator[Claim]:
    """ "在10个工作日内支付，即2022年9月10日之前" with the date the count starts from."""
    text = flow.text
    for m in WORKDAYS.finditer(text):
        para_start = text.rfind("\n", 0, m.start()) + 1
        before = text[para_start : m.start()]
        starts = list(re.finditer(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", before))
        if not starts:
            continue
        start = parse_date(starts[-1].group(0))
        due = parse_date(m.group("due"))
        days = to_int(m.group("n"))
        if start is None or due is None or days is None:
            continue
        claim = _claim(flow, "workday_due", quantity(str(days), "天"), m)
        claim.text = f"{start.year:04d}-{start.month:02d}-{start.day:02d}|{(due.year or start.year):04d}-{due.month:02d}-{due.day:02d}"
        s = para_start + starts[-1].start()
        claim.evidence = Evidence(
            claim.evidence.page, claim.evidence.line, text[s : m.end() + 4].replace("\n", " ")
        )
        yield claim
