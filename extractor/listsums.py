"""A total followed by the list of what it is made of, in one sentence of prose.

"项目支出预算474.56万元，2026信访接待中心运行费116万元，2026信访专项经费30万元，2026驻京
经费312万元，信访局临聘人员经费15.56万元。" states a total and then, item by item, the whole
of it: the items must add up to the total. Only a sentence of that one shape is read: a
total named as a budget, spending or funds, then at least three named amounts in 万元 (or 元)
and nothing else up to the full stop, none of them a change, a share or a comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .model import Quantity
from .normalize import Squeezed
from .numbers import PRINTED, quantity

NUM = PRINTED
UNIT = r"(?P<u>万元|元)"
# the total: "…项目支出预算474.56万元，(其中：)", found by its last word and number; the
# label before it is read back to the clause's start (a lazy prefix tried at every
# position of a long text was most of the rules' time)
HEAD = re.compile(
    rf"(?:预算|支出|经费|资金|收入)(?:总额|总计|合计)?"
    rf"(?:为|共计|合计|总计|共)?(?P<t>{NUM}){UNIT}[，,：:](?:其中[:：]?|包括[:：]?)?"
)
CLAUSE_START = re.compile(r"[，。；;：:、]")
LABEL_REACH = 30
# one item: "2026驻京经费312万元，" (a year may open the name; no other digit in it)
ITEM = re.compile(
    rf"(?P<name>(?:(?:19|20)\d\d年?度?)?[^，。；;、：:\d]{{2,30}}?)(?:为)?(?P<v>{NUM})(?P<u>万元|元)"
    r"(?P<sep>[，,、；;]|。)"
)
NOT_A_PART = re.compile(r"比|较|增加|减少|增长|下降|占|同比|上年|其中|合计|总计|累计|结余|结转")
MIN_ITEMS = 3


@dataclass
class ListedTotal:
    """A stated total, its listed parts, and where the sentence stands in the report's text."""

    total: Quantity
    parts: list[Quantity]
    names: list[str]
    start: int  # span in the report's running text
    end: int


def read_listed_totals(sq: Squeezed) -> list[ListedTotal]:
    """Every sentence of the shape above, in the order of the text (`sq`: the report's text
    without whitespace, extractor.prose.squeezed)."""
    out: list[ListedTotal] = []
    for head in HEAD.finditer(sq.text):
        items = _items(sq.text, head.end())
        if items is None:
            continue
        start = _clause_start(sq.text, head.start())
        if NOT_A_PART.search(sq.text[start : head.start("t")]):
            continue
        total = _amount(head.group("t"), head.group("u"))
        parts = [_amount(m.group("v"), m.group("u")) for m in items]
        begin, end = sq.span(start, items[-1].end())
        names = [m.group("name") for m in items]
        out.append(ListedTotal(total, parts, names, begin, end))
    return out


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding `pos` begins: after the last mark of punctuation before it,
    at most LABEL_REACH characters back."""
    lo = max(0, pos - LABEL_REACH)
    marks = [m.end() for m in CLAUSE_START.finditer(text, lo, pos)]
    return marks[-1] if marks else lo


def _amount(raw: str, unit: str) -> Quantity:
    """An amount in yuan, its printed digits kept."""
    return quantity(raw, "元", 1e4 if unit == "万元" else 1.0)


def _items(text: str, pos: int) -> list[re.Match] | None:
    """The named amounts from `pos` to the sentence's full stop; None when anything else
    stands between them or they are fewer than three."""
    items = []
    while (m := ITEM.match(text, pos)) is not None:
        if NOT_A_PART.search(m.group("name")):
            return None
        items.append(m)
        pos = m.end()
        if m.group("sep") == "。":
            return items if len(items) >= MIN_ITEMS else None
    return None
