"""A 说明 item's purpose and reason against the subject it explains.

The 说明 explains each 项 subject: "8、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要
用于：…。…主要原因是：…". Items are written from one template, one after another, and a
purpose or reason copied from the neighbouring item names that item's subject: 住房公积金
"主要用于事业单位医疗保险支出", 职业年金 "主要原因是：事业单位离退休经费增加".
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Report
from extractor.prose import at, evidence, squeezed

from .registry import PUBLICATION_KINDS, Hit, rule

# A 项 subject's name: the text between （款） and （项）.
XIANG = re.compile(r"[)）]”?(?P<name>[^（(）)。；;、“”\"]{2,30})[(（]\d{0,2}项[)）]")
NEXT_ITEM = re.compile(r"(?<![\d.])\d{1,2}[、．.](?!\d)")
SAID = re.compile(r"(?P<label>主要用于|主要原因)(?:是|为)?[:：]?(?P<what>[^。]{1,40})")
# Subjects that neighbour each other in every 说明 and are told apart by one word.
FAMILIES = {
    "离退休": "离退休",
    "养老保险": "养老保险",
    "职业年金": "职业年金",
    "医疗": "医疗",
    "住房公积金": "住房",
    "购房补贴": "住房",
    "提租": "住房",
}
REACH = 300  # characters of an item's text read after its subject


def _families(text: str) -> set[str]:
    return {family for word, family in FAMILIES.items() if word in text}


@rule(
    "PUB-ITEM-PURPOSE",
    "policy",
    "warning",
    "说明中各科目的用途、原因应说的是本科目",
    kinds=PUBLICATION_KINDS,
)
def item_purpose(report: Report) -> Iterator[Hit]:
    """A 项 subject of the pension, medical or housing families (离退休, 养老保险, 职业年金,
    医疗, 住房公积金…) whose 主要用于 or 主要原因 names another of these families and not its own
    was explained with the neighbouring item's words.

    Why: the purpose and the reason are what the public reads to learn what the money is
    for; one copied from the item above misinforms and hides the real reason.

    Limits: Only the families listed are told apart; an item whose name belongs to none (其他
    行政事业单位养老支出) or a text that names no family is not judged.
    """
    sq = squeezed(report)
    marks = list(XIANG.finditer(sq.text))
    for n, mark in enumerate(marks):
        own = _families(mark.group("name"))
        if len(own) != 1:
            continue
        end = marks[n + 1].start() if n + 1 < len(marks) else len(sq.text)
        body = sq.text[mark.end() : min(end, mark.end() + REACH)]
        stop = NEXT_ITEM.search(body)
        body = body[: stop.start()] if stop else body
        for said in SAID.finditer(body):
            named = _families(said.group("what"))
            if not named or named & own:
                continue
            start = mark.end() + said.start()
            yield Hit(
                f"“{mark.group('name')}”的{said.group('label')}写作“{said.group('what')}”，说的是其他科目",
                [evidence(report, at(sq, start, mark.end() + said.end()), pad=30)],
                expected=mark.group("name"),
                found=said.group("what"),
            )


# The kinds of income and spending a 说明 explains one numbered item at a time.
KINDS = {
    "一般公共预算": "一般公共预算",
    "政府性基金": "政府性基金",
    "国有资本经营": "国有资本经营",
    "上级补助": "上级补助",
    "事业收入": "事业收入",
    "经营收入": "经营收入",
    "附属单位上缴": "附属单位上缴",
    "其他收入": "其他收入",
    "基本支出": "基本支出",
    "项目支出": "项目支出",
    "上缴上级": "上缴上级",
    "经营支出": "经营支出",
    "对附属单位补助": "对附属单位补助",
}
KIND_ITEM = re.compile(
    r"(?<![\d.])\d{1,2}[、．.](?!\d)(?P<head>[\p{Han}()（）]{2,20}?(?:收入|支出))"
    r"(?P<amount>\d[\d,]*(?:\.\d+)?)万元[，,](?P<body>[^。]{4,120})"
)


def _kinds(text: str) -> set[str]:
    return {kind for word, kind in KINDS.items() if word in text}


def _said_absent(text: str) -> set[str]:
    """The kinds an explanation says there was none of ("不存在2018年上级补助收入数", "也无
    上级补助收入"): the shape of an explanation about that kind itself, not a definition that
    names other kinds in passing."""
    found: set[str] = set()
    for m in re.finditer(
        r"(?:无|不存在)(?:(?:19|20)\d\d年(?:度)?)?(?P<rest>[\p{Han}]{2,14})", text
    ):
        found |= {kind for word, kind in KINDS.items() if m.group("rest").startswith(word)}
    return found


@rule(
    "PUB-ITEM-OTHER-KIND",
    "policy",
    "warning",
    "说明中各收入、支出项目的解释应说的是本项目",
    kinds=PUBLICATION_KINDS,
)
def item_other_kind(report: Report) -> Iterator[Hit]:
    """ "2．政府性基金预算财政拨款收入0万元，…不存在2018年上级补助收入数，同时今年也无上级补助
    收入": the explanation of one kind of income (or spending) speaks of another kind and not
    of its own; it was copied from the next item.

    Why: the 说明 is read item by item; an explanation about another kind leaves this one
    unexplained and repeats the other.

    Limits: Only numbered items that open with a kind of income or spending and its amount in
    万元 are read, only the kinds listed (一般公共预算, 政府性基金, 上级补助, 事业收入 …), and only
    an explanation saying there was none of another kind (无…, 不存在…) is taken for one
    about it.
    """
    sq = squeezed(report)
    for m in KIND_ITEM.finditer(sq.text):
        own = _kinds(m.group("head"))
        named = _said_absent(m.group("body"))
        if len(own) != 1 or not named or named & own:
            continue
        yield Hit(
            f"“{m.group('head')}”一项的说明写的是“{'、'.join(sorted(named))}”",
            [evidence(report, at(sq, m.start("head"), m.end()), pad=0)],
            expected=m.group("head"),
            found="、".join(sorted(named)),
        )


# "…1668.14万元，比上年决算数相比变化0万元，增长0%；主要是因为我局为2019年新成立单位，无2018年决算数"
NO_BASE_CHANGE = re.compile(
    r"(?P<change>(?:比|较|与)(?:上年|(?:19|20)\d\d年)[^，。；;]{0,12}?(?:变化|增加|减少|增长|下降)"
    r"\d[\d,]*(?:\.\d+)?万元[，,](?:增长|下降|减少|增加)\d+(?:\.\d+)?%)"
    r"[；;，,。]?(?:主要)?(?:是因为|原因是|原因为|因为)?[^。]{0,20}?"
    r"(?P<why>新成立|新组建|无(?:上年|(?:19|20)\d\d年)(?:度)?(?:决算|预算)?数|不存在(?:19|20)\d\d年)"
)


@rule(
    "PUB-CHANGE-NO-BASE",
    "amount_sum",
    "warning",
    "上年无可比数时不应给出增减额和增减幅度",
    kinds=PUBLICATION_KINDS,
)
def change_without_base(report: Report) -> Iterator[Hit]:
    """A change against last year given in the same sentence that says there is no last year
    to compare with ("比上年决算数相比变化0万元，增长0%；主要是因为我局为2019年新成立单位，
    无2018年决算数"): the figures state a comparison the sentence itself denies.

    Why: a change of 0 and a growth of 0% say the amount was the same last year; for a body
    founded this year both are untrue (against nothing, there is no rate at all).

    Limits: Only a change followed in its sentence by 新成立, 无…年决算数 or 不存在…年 is read.
    """
    sq = squeezed(report)
    for m in NO_BASE_CHANGE.finditer(sq.text):
        yield Hit(
            f"文中称“{m.group('why')}”，却给出与上年相比的“{m.group('change')}”",
            [evidence(report, at(sq, m.start(), m.end()), pad=30)],
            expected="不适用",
            found=m.group("change"),
        )
