"""Facts stated in prose, each with its evidence: funds, rates, the total score and grade,
a publication's account of its performance management, and verified self-assessed values.

A report states its total score, grade, budget, spending, rates, survey
counts and each indicator's weight and score several times, in different
words. Every statement is kept as a Claim so that the rules can compare them.
`find_claims` gathers every kind read from the running text, in one order; the
statements about indicators, questionnaires and working-day deadlines are read by
their own modules (indicatorclaims, surveyclaims, dates), the key-information table
by keytable.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from .claimparts import NUM, PCT, _claim, _percent
from .dates import _workday_claims
from .indicatorclaims import _count_claims, _indicator_claims
from .model import Claim, Quantity
from .normalize import Flow
from .numbers import amount_of, parse_number, quantity
from .numerals import CN_JIAO_FEN, CN_NUMBER
from .surveyclaims import _questionnaire_claims
from .units import MONEY_ALT

# An amount: its number (Arabic with or without thousands separators, or Chinese) and its money
# unit, with 角/分 after 元 ("12,679.21万元", "壹佰元零伍分").
AMT = rf"((?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|{CN_NUMBER})\s*((?:{MONEY_ALT})(?:(?<=元){CN_JIAO_FEN})?)"
SEP = r"[\s\t:：为是达到约共计]*"

GRADES = {
    "优秀": "优",
    "优": "优",
    "良好": "良",
    "良": "良",
    "中等": "中",
    "中": "中",
    "合格": "中",
    "差": "差",
    "不合格": "差",
    "较差": "差",
}


def _amount(num: str, unit: str) -> Quantity | None:
    """An amount in yuan from its number and unit as printed ("170", "万元"; "壹佰", "元零伍分")."""
    return amount_of(num, unit)


# (kind, pattern, value builder). Patterns run over the running text; group 1 (and 2) hold the value.
AMOUNT_PATTERNS: list[tuple[str, str]] = [
    ("initial_budget", rf"年初预算(?:数|金额|资金)?{SEP}{AMT}"),
    (
        "budget",
        rf"(?:全年预算(?:数|金额)?|调整后预算(?:数)?|预算批复(?:金额|数)?|预算(?:指标)?安排数|预算资金总额|预算资金共|项目总预算|预算总额|总投资|资金投入总额|预算安排资金|下达预算资金|安排预算资金|预算资金|整体预算){SEP}{AMT}",
    ),
    ("received", rf"(?:实际到位(?:资金|金额)?|到位资金|资金到位|实际总投入){SEP}{AMT}"),
    (
        "spent",
        rf"(?:全年执行数|实际使用资金|实际支出(?:资金|金额|数)?|实际执行(?:数|资金|金额)?|预算资金支出|实际支付|累计支出|执行数|支出金额合计){SEP}{AMT}",
    ),
]
RATE_PATTERNS: list[tuple[str, str]] = [
    ("execution_rate", rf"(?:预算执行率|资金执行率|执行率){SEP}{PCT}"),
    ("arrival_rate", rf"(?:资金到位率|到位率){SEP}{PCT}"),
    ("satisfaction", rf"(?:满意度情况|满意度|满意率|整体满意程度){SEP}{PCT}"),
]


def find_claims(flow: Flow) -> list[Claim]:
    """All stated facts in the running text."""
    claims: list[Claim] = []
    text = flow.text
    items = _item_paragraphs(text)
    for kind, pattern in AMOUNT_PATTERNS:
        for m in re.finditer(pattern, text):
            value = _amount(m.group(1), m.group(2))
            if value is not None:
                subject = _part(text, m, items)
                claims.append(_claim(flow, kind, value, m, subject=subject))
    for kind, pattern in RATE_PATTERNS:
        for m in re.finditer(pattern, text):
            if _is_threshold(text, m):
                continue
            value = _percent(m.group(1))
            if value is not None:
                subject = _part(text, m, items)
                claims.append(_claim(flow, kind, value, m, subject=subject))
    claims.extend(_questionnaire_claims(flow))
    for m in re.finditer(
        rf"(?:评分结果为|综合得分为?|综合评价得分为?|总得分为?|评价指标评分|绩效评价得分为?|最终得分为?|评价得分为|综合评分为?|总分为?){SEP}{NUM}\s*分",
        text,
    ):
        if re.search(r"此项|满分为|权重分", text[max(0, m.start() - 25) : m.start()]):
            continue  # a section's score, not the total
        claims.append(_claim(flow, "total_score", quantity(m.group(1), "分"), m))
    for m in re.finditer(
        r"(?:评价等级|评定等次|评价等次|评价级次|评价结论|绩效等级|等级)\s*(?:为|是)?\s*[“\"「『]?(优秀|良好|优|良|中等|中|合格|不合格|较差|差)[”\"」』]?",
        text,
    ):
        claims.append(_claim(flow, "grade", None, m, text=GRADES[m.group(1)]))
    claims.extend(_management_claims(flow))
    claims.extend(_indicator_claims(flow))
    claims.extend(_count_claims(flow))
    claims.extend(_self_assessment_claims(flow))
    claims.extend(_workday_claims(flow))
    return claims


WHOLE_WORDS = {
    "该项目",
    "本项目",
    "项目",
    "全年",
    "年度",
    "整体",
    "总体",
    "综合",
    "资金",
    "项目资金",
    "财政资金",
    "预算",
}


def _qualifier(text: str, m: re.Match) -> str | None:
    """The words before a funds keyword when they narrow it to a part ("一次性竞赛补贴预算执行率")."""
    run = re.search(r"[\p{Han}]{1,12}$", text[max(0, m.start() - 12) : m.start()])
    if run is None:
        return None
    words = re.sub(r"^.*?(?:的|为|，|：)", "", run.group(0))
    words = re.sub(r"^(?:该|本|其中|\d{4}年度?)", "", words)
    if not words or words in WHOLE_WORDS or re.fullmatch(r"(?:该|本)?项目(?:资金|预算)?", words):
        return None
    return words


# A paragraph that opens with one item's own money ("③困难企业特困救助、职工帮扶资金预算3,087万元，
# 实际支出2,614.42万元，预算执行率84.69%。", "2020年财政批复的应急资金为280万元，执行数70万元"):
# its amounts and rates are that item's, not the whole project's.
ITEM_OPENING = re.compile(
    r"^[ \t]*(?:[①-⑳]|[（(]?\d{1,2}[)）、.．]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)?"
    r"[ \t]*(?:\d{4}\s*年度?)?[ \t]*"
    r"(?:(?P<item>[\p{Han}、“”（）()]{2,40}?)预算(?:到位|安排)?(?:资金|金额)?"
    rf"|(?:财政)?(?:批复|安排|下达)的(?P<item2>[\p{{Han}}、“”]{{2,30}}?)为){SEP}{AMT}",
    re.M,
)
HEAD = 400  # the title and cover: an item named there is the project itself


def _item_paragraphs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, item) of each paragraph that opens with a part's own budget."""
    out = []
    for m in ITEM_OPENING.finditer(text):
        item = re.sub(r"^(?:该|本|其中[：:]?)", "", m.group("item") or m.group("item2"))
        if not item or item in WHOLE_WORDS or re.fullmatch(r"(?:该|本)?项目(?:资金|预算)?", item):
            continue
        if item in _head(text, m.start()):
            continue  # the project named in its own title: the whole, not a part
        end = text.find("\n", m.end())
        out.append((m.start(), len(text) if end < 0 else end, item))
    return out


def _head(text: str, before: int) -> str:
    """The title and cover: the lines of the opening (up to the statement read) that are
    headings or labels, not sentences."""
    lines = text[: min(HEAD, before)].split("\n")
    return "\n".join(ln for ln in lines if not ln.rstrip().endswith(("。", "；")))


def _part(text: str, m: re.Match, items: list[tuple[int, int, str]]) -> str | None:
    """The part a funds statement is narrowed to: the words before its keyword, else the item
    whose paragraph it is in; none when those words name the project of the title."""
    words = _qualifier(text, m)
    if words and words in _head(text, m.start()):
        return None
    return words or _item_of(items, m.start())


def _item_of(items: list[tuple[int, int, str]], pos: int) -> str | None:
    """The item whose paragraph holds `pos`, if any."""
    return next((item for start, end, item in items if start <= pos < end), None)


def _is_threshold(text: str, m: re.Match) -> bool:
    """A rate in a scoring rule ("满意度 85%（含）以上", "执行率达100%则得满分"), not a result."""
    after = text[m.end() : m.end() + 8]
    before = text[max(0, m.start() - 3) : m.start()]
    return bool(
        re.match(r"\s*(?:[（(]含|以上|以下|及以上|[-—~至到]|则|的|，?每|（含）)", after)
        or re.search(r"[≥≤<>＞＜=]|达到?$|低于$|高于$", before + text[m.start() : m.start(1)])
        or "\t" in text[m.start() : m.end()]
    )


# -- a publication's account of its performance management ------------------------------------

MANAGEMENT = [
    ("targets", r"编报绩效目标的"),
    ("monitored", r"绩效(?:跟踪|监控)(?:评价)?的"),
    ("selfeval", r"绩效自评的"),
]


def _management_claims(flow: Flow) -> Iterator[Claim]:
    """ "编报绩效目标的2024年度项目4个，涉及预算金额598.42万元", "平均得分99.43分", counts by grade."""
    text = flow.text
    for kind, lead in MANAGEMENT:
        pattern = rf"{lead}\s*(?:\d{{4}}\s*年度?)?\s*项目\s*(\d+)\s*个\s*[，,]?\s*涉及(?:项目)?预算(?:资金|金额)\s*{AMT}"
        for m in re.finditer(pattern, text):
            yield _claim(flow, f"{kind}_projects", quantity(m.group(1), "个"), m)
            amount = _amount(m.group(2), m.group(3))
            if amount is not None:
                yield _claim(flow, f"{kind}_amount", amount, m)
    for m in re.finditer(rf"平均得分\s*{NUM}\s*分", text):
        yield _claim(flow, "selfeval_average", quantity(m.group(1), "分"), m)
    for m in re.finditer(
        r"绩效评级为\s*[“\"]?(优|良|中|合格|不合格|差)[”\"]?\s*的项目\s*(\d+)\s*个", text
    ):
        yield _claim(flow, "grade_count", quantity(m.group(2), "个"), m, subject=m.group(1))
    for m in re.finditer(
        r"共发现问题\s*(\d+)\s*个(?:[，,]\s*已经?完成整改的\s*(\d+)\s*个[，,]\s*正在整改的\s*(\d+)\s*个)?",
        text,
    ):
        yield _claim(flow, "issues_found", quantity(m.group(1), "个"), m)
        if m.group(2) is not None:
            yield _claim(flow, "issues_fixed", quantity(m.group(2), "个"), m)
            yield _claim(flow, "issues_fixing", quantity(m.group(3), "个"), m)


# -- self-assessment ----------------------------------------------------------------------

SELF_PAT = re.compile(
    r"自评(?:中|表中|报告中)?[^。；]{0,30}?[“\"]?(?P<name>[^“”\"，。]{2,40})[”\"]?\s*(?:填写|填报)?(?:完成值|实际完成值|自评值|数值)\s*为\s*[“\"]?(?P<self>[^”\"，。]{1,20})[”\"]?\s*[，,]\s*(?:而)?(?:实际|经核实|核实)[^。；]{0,60}?为\s*[“\"]?(?P<real>[^”\"，。]{1,20})[”\"]?"
)


def _self_assessment_claims(flow: Flow) -> Iterator[Claim]:
    for m in SELF_PAT.finditer(flow.text):
        name = m.group("name").strip()
        self_value = parse_number(m.group("self"))
        real_value = parse_number(m.group("real"))
        yield _claim(flow, "self_assessed", self_value, m, subject=name, text=m.group("self"))
        yield _claim(flow, "verified", real_value, m, subject=name, text=m.group("real"))
