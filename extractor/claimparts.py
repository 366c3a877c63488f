"""The pieces every claim read from prose is made of, shared by the modules that read them.

A number, a percentage (Arabic or Chinese) and the Claim itself, quoted with the
words around it, are read the same way whether the statement is about funds, an
indicator's score, a survey or a deadline; they live here so that each of those
readers can use them without importing another.
"""

from __future__ import annotations

import regex as re

from .model import Claim, Evidence, Quantity
from .normalize import Flow
from .numbers import parse_percent
from .numerals import CN_NUMBER

NUM = r"(\d+(?:\.\d+)?)"
# A percentage, read by parse_percent: "99.41%", "百分之九十", "百分之三点五".
PERCENT = rf"\d+(?:\.\d+)?\s*%|百分之(?:{CN_NUMBER}|\d+(?:\.\d+)?|百)"
PCT = f"({PERCENT})"


def _percent(raw: str) -> Quantity | None:
    """A percentage as printed: "99.41%", "百分之九十"."""
    return parse_percent(raw)


def _claim(
    flow: Flow,
    kind: str,
    value: Quantity | None,
    m: re.Match,
    *,
    subject: str | None = None,
    text: str | None = None,
) -> Claim:
    start, end = flow.sentence_span(m.start(), m.end())
    quote = flow.text[max(start, m.start() - 30) : min(end, m.end() + 30)]
    ev = flow.evidence(m.start(), m.end())
    return Claim(
        kind, value, Evidence(ev.page, ev.line, quote.replace("\n", " ").strip()), subject, text
    )
