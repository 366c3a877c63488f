"""The figures a 部门预算 / 部门决算 说明 states in prose, as typed statements.

A publication's 说明 restates its tables in sentences that carry their own
arithmetic: "2025年当年预算执行数为77.99万元，2026年预算安排91.97万元，比2025年
预算执行数增加17.66%", "年初预算为1560.05万元，支出决算为1511.89万元。决算数大于
预算数", "一般公共服务支出（类）2106.66万元，占71.73%". Each shape becomes one
statement holding the printed numbers (with their precision) and where they
were read, so the publication rules can recompute what the sentence claims.

The text is read with its whitespace squeezed out (PDF text breaks lines and
spaces numbers from their units at random); positions map back to the report's
running text for evidence.
"""

from __future__ import annotations

import regex as re

from .model import Quantity, Report
from .normalize import Squeezed
from .numbers import PRINTED, quantity
from .prose import Change, ItemAmount, Outturn, Share, Statements, at

NUM = PRINTED
AMOUNT = rf"(?<![\d.,]){NUM}万元"
UP = "增加|增长|上升|提高|增幅|多"
DOWN = "减少|下降|降低|减幅|下滑|少"


# No other amount between two parts of one statement.
def gap(n: int) -> str:
    """At most n characters of one clause that hold no amount in 万元."""
    return rf"(?:(?!{AMOUNT})[^。；;]){{0,{n}}}?"


# "2025年当年预算执行数为77.99万元，2026年预算安排91.97万元，比2025年预算执行数增加17.66%"
PAIR = re.compile(
    rf"(?P<y0>(?:19|20)\d\d)年度?(?:当年)?(?:预算执行数|执行数|预算数|决算数|预算)为?(?P<a>{NUM})万元[，,]"
    rf"(?P<y1>(?:19|20)\d\d)年度?(?:预算安排|预算数为|预算为|安排)(?P<b>{NUM})万元[，,]"
    rf"(?:比|较)(?P<ref>[^，。；;]{{0,16}}?)"
    rf"(?:(?P<dir>{UP}|{DOWN})(?P<c>{NUM})(?P<cu>%|万元)|(?P<flat>持平))"
)
# "…收入预算为1338.13万元，比上年增加31.85万元，增长2.44%" (the base is current − change)
STEP = re.compile(
    rf"(?<![\d.,]|(?:{UP}|{DOWN})为?)(?P<b>{NUM})万元{gap(120)}"
    rf"(?:。(?=与))?(?:(?:比|较)[^。；;]{{0,25}}?|与[^。；;]{{0,30}}?相比[^。；;]{{0,15}}?)"
    rf"(?P<dir>增加|减少)(?P<x>{NUM})万元[，,]?"
    rf"(?:(?:{UP}|{DOWN})(?:幅度)?为?(?P<c>{NUM})%)?"
)
# "年初预算为1560.05万元，（全年预算为…万元，）支出决算为1511.89万元（，完成年初预算的96.91%）"
OUTTURN = re.compile(
    rf"(?P<alabel>年初预算|预算)(?:数)?为(?P<a>{NUM})万元[，,]"
    rf"(?:全年预算(?:数)?为(?P<f>{NUM})万元[，,])?"
    rf"(?:支出)?决算(?:数)?为(?P<b>{NUM})万元"
    rf"(?:[，,]完成(?P<which>年初|全年)?预算(?:数)?的(?P<c>{NUM})%)?"
)
# "支出决算为0.16万元，完成预算0万元的0%" (the budget named inside the completion clause)
OUTTURN_OF = re.compile(
    rf"决算(?:数)?为(?P<b>{NUM})万元[，,]完成(?P<which>年初|全年)?预算(?:数)?(?P<a>{NUM})万元的(?P<c>{NUM})%"
)
# "。决算数大于预算数的主要原因" right after an OUTTURN statement; its word as one of four
VERDICT_KIND = {
    "大于": "大于",
    "高于": "大于",
    "超过": "大于",
    "小于": "小于",
    "低于": "小于",
    "等于": "等于",
}
VERDICT = re.compile(
    r"[。；;，,]?[^。；;]{0,30}?决算数?"
    r"(?P<cmp>大于|高于|超过|小于|低于|等于|与(?P<flatref>年初|全年)?预算数?(?:基本)?持平|基本持平)"
    r"(?P<which>年初|全年)?(?:预算)?"
)
TOTAL = re.compile(
    rf"(?P<label>本年(?:收入|支出)合计|[^，。；;：:]{{0,20}}?支出)(?:为)?(?P<t>{NUM})万元[，,]?"
    r"(?:其中[:：]|主要用于以下方面[:：])"
)
PART_END = re.compile(
    r"。|(?<![\d])[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]"
)
SHARE = re.compile(rf"(?<![\d.,])(?P<b>{NUM})万元[，,]?占(?:比)?(?P<c>{NUM})%")
SHARE_OF = re.compile(
    rf"(?<![\d.,])(?P<b>{NUM})万元[，,]?占(?P<of>本年支出合计|本年收入合计|总支出|总收入|固定资产总额)"
    rf"的?(?P<c>{NUM})%"
)
NAMED_TOTAL = {
    "本年支出合计": re.compile(rf"本年支出合计(?:为)?(?P<t>{NUM})万元"),
    "本年收入合计": re.compile(rf"本年收入合计(?:为)?(?P<t>{NUM})万元"),
}
NAMED_TOTAL["固定资产总额"] = re.compile(rf"固定资产(?:总额|总量|合计)(?:为|共计)?(?P<t>{NUM})万元")
NAMED_TOTAL["总支出"] = NAMED_TOTAL["本年支出合计"]
NAMED_TOTAL["总收入"] = NAMED_TOTAL["本年收入合计"]
# "12、住房保障支出（221类）住房改革支出（02款）住房公积金（01项）208.8万元。"
ITEM = re.compile(
    rf"(?<![\d.,%])(?P<no>\d{{1,2}})(?:[、．]|\.(?!\d))[“\"]?[^。；;]{{2,80}}?[(（]\d{{0,2}}项[)）][”\"]?"
    rf"(?:科目)?(?P<h>{NUM})万元"
)
ITEM_PLAN = re.compile(rf"(?P<y1>(?:19|20)\d\d)年度?预算安排(?P<b>{NUM})万元")


def _q(raw: str | None, unit: str = "万元") -> Quantity | None:
    return quantity(raw, unit) if raw else None


def _direction(word: str | None) -> int:
    if not word:
        return 0
    return 1 if re.fullmatch(UP, word) else -1


def read_statements(report: Report) -> Statements:
    """The 说明's stated changes, outturns, shares and item amounts."""
    sq = Squeezed(report.text)
    out = Statements(squeezed=sq)
    items = _items(sq)
    out.items = [i for i, _ in items if i is not None]
    headings = [(a, b, h) for _, (a, b, h) in items]
    taken: list[tuple[int, int]] = []
    for m in PAIR.finditer(sq.text):
        heading = next((h for a, b, h in headings if a <= m.start() < b), None)
        flat = m.group("flat") is not None
        unit = m.group("cu")
        out.changes.append(
            Change(
                span=at(sq, m.start(), m.end()),
                current=_q(m.group("b")),
                base=_q(m.group("a")),
                rate=_q(m.group("c"), "%") if unit == "%" else None,
                step=_q(m.group("c")) if unit == "万元" else None,
                direction=0 if flat else _direction(m.group("dir")),
                base_year=int(m.group("y0")),
                current_year=int(m.group("y1")),
                heading=heading,
            )
        )
        taken.append((m.start(), m.end()))
    for m in STEP.finditer(sq.text, overlapped=True):
        if any(a <= m.start("x") < b for a, b in taken):
            continue
        out.changes.append(
            Change(
                span=at(sq, m.start("b"), m.end()),
                current=_q(m.group("b")),
                step=_q(m.group("x")),
                rate=_q(m.group("c"), "%"),
                direction=_direction(m.group("dir")),
                whole=_whole(sq.text, m.start("b")),
                subject=_subject(sq.text, m.start("b")),
            )
        )
        taken.append((m.start("x"), m.end()))
    out.outturns = _outturns(sq)
    out.shares = _shares(sq)
    return out


WHOLE = re.compile(rf"(?<![\d.,])(?P<t>{NUM})万元[，,]?其中")


def _whole(text: str, before: int) -> Quantity | None:
    """The total whose "其中：" list holds the amount at `before`, in the same sentence."""
    start = max(text.rfind("。", 0, before), before - 300, 0)
    found = list(WHOLE.finditer(text, start, before))
    return quantity(found[-1].group("t"), "万元") if found else None


def _subject(text: str, before: int) -> str:
    """The words naming an amount: back to the previous punctuation, at most 20 characters."""
    start = max(before - 20, 0)
    cut = max(text.rfind(p, start, before) for p in "，,。；;：:、")
    return text[max(cut + 1, start) : before]


def _items(sq: Squeezed) -> list[tuple[ItemAmount | None, tuple[int, int, Quantity]]]:
    """Numbered subject items ("12、…（01项）208.8万元。…预算安排201.50万元…") and their spans."""
    found = list(ITEM.finditer(sq.text))
    out: list[tuple[ItemAmount | None, tuple[int, int, Quantity]]] = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else min(len(sq.text), m.end() + 400)
        heading = quantity(m.group("h"), "万元")
        plan = ITEM_PLAN.search(sq.text, m.end(), end)
        item = None
        if plan:
            item = ItemAmount(
                heading=heading,
                heading_span=at(sq, m.start("no"), m.end()),
                planned=quantity(plan.group("b"), "万元"),
                planned_span=at(sq, plan.start(), plan.end()),
            )
        out.append((item, (m.start(), end, heading)))
    return out


def _outturns(sq: Squeezed) -> list[Outturn]:
    out = []
    for m in OUTTURN.finditer(sq.text):
        verdict = VERDICT.match(sq.text, m.end())
        cmp = verdict.group("cmp") if verdict else None
        kind = VERDICT_KIND.get(cmp, "持平") if cmp else None
        out.append(
            Outturn(
                span=at(sq, m.start(), m.end()),
                budget=quantity(m.group("a"), "万元"),
                outturn=quantity(m.group("b"), "万元"),
                full_budget=_q(m.group("f")),
                rate=_q(m.group("c"), "%"),
                rate_of=m.group("which"),
                verdict=kind,
                verdict_of=(verdict.group("which") or verdict.group("flatref"))
                if verdict
                else None,
                verdict_span=at(sq, verdict.start(), verdict.end()) if verdict else None,
                budget_label=m.group("alabel"),
            )
        )
    for m in OUTTURN_OF.finditer(sq.text):
        out.append(
            Outturn(
                span=at(sq, m.start(), m.end()),
                budget=quantity(m.group("a"), "万元"),
                outturn=quantity(m.group("b"), "万元"),
                rate=quantity(m.group("c"), "%"),
                rate_of=m.group("which"),
                budget_label=f"{m.group('which') or ''}预算",
            )
        )
    return out


def _shares(sq: Squeezed) -> list[Share]:
    """Parts listed after a stated total ("…支出2940.05万元，主要用于以下方面：…，占71.73%；…")
    and parts given as a share of a named total found elsewhere ("占本年支出合计的99.86%")."""
    out: list[Share] = []
    totals = list(TOTAL.finditer(sq.text))
    for k, t in enumerate(totals):
        total = quantity(t.group("t"), "万元")
        stop = totals[k + 1].start() if k + 1 < len(totals) else len(sq.text)
        end = PART_END.search(sq.text, t.end(), stop)
        stop = end.start() if end else stop
        for m in SHARE.finditer(sq.text, t.end(), stop):
            out.append(
                Share(
                    span=at(sq, m.start(), m.end()),
                    part=quantity(m.group("b"), "万元"),
                    rate=quantity(m.group("c"), "%"),
                    total=total,
                    total_span=at(sq, t.start(), t.end()),
                )
            )
    covered = [(s.span.start, s.span.end) for s in out]
    out.extend(_listed_shares(sq, covered))
    for m in SHARE_OF.finditer(sq.text):
        named = NAMED_TOTAL[m.group("of")].search(sq.text)
        if not named:
            continue
        out.append(
            Share(
                span=at(sq, m.start(), m.end()),
                part=quantity(m.group("b"), "万元"),
                rate=quantity(m.group("c"), "%"),
                total=quantity(named.group("t"), "万元"),
                total_span=at(sq, named.start(), named.end()),
            )
        )
    return out


def _listed_shares(sq: Squeezed, covered: list[tuple[int, int]]) -> list[Share]:
    """A list of parts with their shares and no stated total ("包括人员支出2,906.80万元，占
    49.4%；日常公用支出838.27万元，占14.3%；项目支出2,131.61万元，占36.3%。"): when the printed
    shares add up to 100%, the parts are the whole and their sum is the total."""
    out: list[Share] = []
    for sentence in re.finditer(r"[^。]+", sq.text):
        found = [
            m
            for m in SHARE.finditer(sq.text, sentence.start(), sentence.end())
            if not any(a <= at(sq, m.start(), m.end()).start < b for a, b in covered)
        ]
        if len(found) < 2:
            continue
        rates = [quantity(m.group("c"), "%") for m in found]
        slack = sum(r.half_step for r in rates)
        if abs(sum(r.value for r in rates) - 100) > slack + 1e-9:
            continue
        parts = [quantity(m.group("b"), "万元") for m in found]
        total = quantity(f"{sum(p.value for p in parts):.2f}", "万元")
        span = at(sq, found[0].start(), found[-1].end())
        for m, part, rate in zip(found, parts, rates, strict=True):
            out.append(Share(at(sq, m.start(), m.end()), part, rate, total, span, parts))
    return out
