"""Facts stated in prose and in the key-information table, each with its evidence.

A report states its total score, grade, budget, spending, rates, survey
counts and each indicator's weight and score several times, in different
words. Every statement is kept as a Claim so that the rules can compare them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import regex as re

from .model import Claim, DateMention, Evidence, Quantity, SurveyQuestion, Table, as_set_value
from .normalize import Flow, canon
from .numbers import (
    amount_of,
    parse_amount,
    parse_date,
    parse_number,
    parse_percent,
    quantity,
    to_int,
)
from .numerals import CN_INTEGER, CN_JIAO_FEN, CN_NUMBER
from .units import MONEY_ALT

NUM = r"(\d+(?:\.\d+)?)"
# An amount: its number (Arabic or Chinese) and its money unit, with 角/分 after 元 ("壹佰元零伍分").
AMT = rf"(\d+(?:\.\d+)?|{CN_NUMBER})\s*((?:{MONEY_ALT})(?:(?<=元){CN_JIAO_FEN})?)"
# A percentage, read by parse_percent: "99.41%", "百分之九十", "百分之三点五".
PERCENT = rf"\d+(?:\.\d+)?\s*%|百分之(?:{CN_NUMBER}|\d+(?:\.\d+)?|百)"
PCT = f"({PERCENT})"
SEP = r"[\s\t:：为是达到约共计]*"
CN_INT = rf"(\d+|{CN_INTEGER})"
# A count of questionnaires: Arabic, or Chinese before 份 ("发放问卷一百份").
COUNT = rf"\d+|{CN_INTEGER}(?=\s*份)"

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


def _percent(raw: str) -> Quantity | None:
    """A percentage as printed: "99.41%", "百分之九十"."""
    return parse_percent(raw)


def _count(raw: str, unit: str) -> Quantity | None:
    """A whole count as printed: "46", "一百"."""
    if raw.isdigit():
        return quantity(raw, unit)
    value = to_int(raw)
    return None if value is None else Quantity(float(value), raw, 0, unit)


# (kind, pattern, value builder). Patterns run over the running text; group 1 (and 2) hold the value.
AMOUNT_PATTERNS: list[tuple[str, str]] = [
    ("initial_budget", rf"年初预算(?:数|金额|资金)?{SEP}{AMT}"),
    (
        "budget",
        rf"(?:全年预算(?:数|金额)?|调整后预算(?:数)?|预算资金总额|预算资金共|项目总预算|预算总额|总投资|资金投入总额|预算安排资金|下达预算资金|安排预算资金|预算资金|整体预算){SEP}{AMT}",
    ),
    ("received", rf"(?:实际到位(?:资金|金额)?|到位资金|资金到位|实际总投入){SEP}{AMT}"),
    (
        "spent",
        rf"(?:全年执行数|实际使用资金|实际支出(?:资金|金额)?|实际执行(?:数|资金|金额)?|预算资金支出|实际支付|累计支出|执行数|支出金额合计){SEP}{AMT}",
    ),
]
RATE_PATTERNS: list[tuple[str, str]] = [
    ("execution_rate", rf"(?:预算执行率|资金执行率|执行率){SEP}{PCT}"),
    ("arrival_rate", rf"(?:资金到位率|到位率){SEP}{PCT}"),
    ("satisfaction", rf"(?:满意度情况|满意度|满意率|整体满意程度){SEP}{PCT}"),
]
COUNT_PATTERNS: list[tuple[str, str]] = [
    (
        "issued",
        rf"(?:发放(?:调查)?问卷|发放(?:了)?《?调查问卷》?|制定了《调查问卷》|问卷调查共?发放)\s*(?:共计|共)?\s*({COUNT})\s*份?",
    ),
    (
        "recovered",
        rf"(?:回收(?:有效)?(?:调查)?问卷|收回(?:问卷)?)\s*(?:共计|共)?\s*({COUNT})\s*份?",
    ),
    ("valid", rf"(?:回收有效问卷|有效问卷|有效样本)\s*(?:共计|共|为)?\s*({COUNT})\s*份?"),
    ("sample", rf"(?:在|根据)\s*({COUNT})\s*份(?:有效问卷|样本|问卷)"),
    ("recovered", r"(?:回收(?:有效)?(?:调查)?问卷|收回(?:问卷)?)\s*(?:共计|共)?\s*(\d+)\s*份?"),
    ("valid", r"(?:回收有效问卷|有效问卷|有效样本)\s*(?:共计|共|为)?\s*(\d+)\s*份?"),
    ("sample", r"(?:在|根据)\s*(\d+)\s*份(?:有效问卷|样本|问卷)"),
    ("sample_size", r"样本(?:量|数|总量|容量)\s*(?:为|是|共|共计|达)?\s*(\d+)\s*(?:份|个|人)?"),
]


def find_claims(flow: Flow) -> list[Claim]:
    """All stated facts in the running text."""
    claims: list[Claim] = []
    text = flow.text
    for kind, pattern in AMOUNT_PATTERNS:
        for m in re.finditer(pattern, text):
            value = _amount(m.group(1), m.group(2))
            if value is not None:
                claims.append(_claim(flow, kind, value, m, subject=_qualifier(text, m)))
    for kind, pattern in RATE_PATTERNS:
        for m in re.finditer(pattern, text):
            if _is_threshold(text, m):
                continue
            value = _percent(m.group(1))
            if value is not None:
                claims.append(_claim(flow, kind, value, m, subject=_qualifier(text, m)))
    for kind, pattern in COUNT_PATTERNS:
        for m in re.finditer(pattern, text):
            value = _count(m.group(1), "份")
            if value is not None:
                claims.append(_claim(flow, kind, value, m))
    for m in re.finditer(r"《?调查问卷》?\s*共计\s*(\d+)\s*份\s*，?\s*均已全部收回", text):
        claims.append(_claim(flow, "recovered", quantity(m.group(1), "份"), m))
    for m in re.finditer(r"信度(?:系数)?(?:值)?\s*(?:为|是|=)\s*(-?\d+(?:\.\d+)?)", text):
        claims.append(_claim(flow, "reliability", quantity(m.group(1)), m))
    for m in re.finditer(
        rf"(?:评分结果为|综合得分为?|总得分为?|评价指标评分|绩效评价得分为?|最终得分为?|评价得分为|综合评分为?|总分为?){SEP}{NUM}\s*分",
        text,
    ):
        if re.search(r"此项|满分为|权重分", text[max(0, m.start() - 25) : m.start()]):
            continue  # a section's score, not the total
        claims.append(_claim(flow, "total_score", quantity(m.group(1), "分"), m))
    for m in re.finditer(
        r"(?:评价等级|评定等次|评价等次|评价结论|绩效等级|等级)\s*(?:为|是)?\s*[“\"「『]?(优秀|良好|优|良|中等|中|合格|不合格|较差|差)[”\"」』]?",
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


def _is_threshold(text: str, m: re.Match) -> bool:
    """A rate in a scoring rule ("满意度 85%（含）以上", "执行率达100%则得满分"), not a result."""
    after = text[m.end() : m.end() + 8]
    before = text[max(0, m.start() - 3) : m.start()]
    return bool(
        re.match(r"\s*(?:[（(]含|以上|以下|及以上|[-—~至到]|则|的|，?每|（含）)", after)
        or re.search(r"[≥≤<>＞＜=]|达到?$|低于$|高于$", before + text[m.start() : m.start(1)])
        or "\t" in text[m.start() : m.end()]
    )


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


# -- survey questions ------------------------------------------------------------------------

SHARE = re.compile(rf"选\s*(?:项)?\s*(?P<opt>[^，。；,]{{1,20}}?)\s*的比例为\s*(?P<pct>{PERCENT})")


def find_survey(flow: Flow) -> list[SurveyQuestion]:
    """Each question's option shares ("在 46 份有效问卷中，…选是的比例为 100%")."""
    out: list[SurveyQuestion] = []
    text = flow.text
    for para in re.finditer(r"[^\n]*的比例为[^\n]*", text):
        shares = [
            (m.group("opt").strip(), share)
            for m in SHARE.finditer(para.group(0))
            if (share := _percent(m.group("pct"))) is not None
        ]
        if not shares:
            continue
        n_match = re.search(r"(\d+)\s*份(?:有效)?问卷", para.group(0))
        before = text[max(0, para.start() - 200) : para.start()]
        q = re.findall(r"(?:^|\n)\s*(?:\d+\s*[)）.、])?\s*([^\n]{4,60}?[?？]?)\s*(?=\n)", before)
        question = q[-1].strip() if q else ""
        kind_before = text[max(0, para.start() - 400) : para.start()]
        multi = kind_before.rfind("多选") > kind_before.rfind("单选")
        ev = flow.evidence(para.start(), para.end())
        out.append(
            SurveyQuestion(
                question,
                int(n_match.group(1)) if n_match else None,
                shares,
                ev,
                multiple_choice=multi,
            )
        )
    return out


# -- dates -------------------------------------------------------------------------------------

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


# -- the key-information table ------------------------------------------------------------------

KEY_LABELS = {
    "项目名称": "project",
    "评价年度": "year",
    "项目主管部门": "department",
    "主管部门": "department",
    "项目实施单位": "unit",
    "实施单位": "unit",
    "项目资金投入总额": "budget",
    "项目资金执行数": "spent",
    "资金执行率": "execution_rate",
    "预算执行率": "execution_rate",
    "发放调查问卷": "issued",
    "发放问卷": "issued",
    "发放问卷数": "issued",
    "回收问卷": "recovered",
    "回收问卷数": "recovered",
    "回收有效问卷": "valid",
    "有效问卷": "valid",
    "有效问卷数": "valid",
    "样本量": "sample_size",
    "满意度情况": "satisfaction",
}


def key_table_claims(tables: list[Table]) -> tuple[list[Claim], dict[str, str]]:
    """Label/value pairs of a 项目关键信息表 (amounts there are in 万元 unless a unit is printed)."""
    claims: list[Claim] = []
    fields: dict[str, str] = {}
    for table in tables:
        if not table.rows or canon(table.rows[0].cells[0]) != "项目名称":
            continue
        for row in table.rows:
            cells = [c.strip() for c in row.cells]
            for i, cell in enumerate(cells[:-1]):
                label = KEY_LABELS.get(canon(cell))
                value = next((c for c in cells[i + 1 :] if c), "")
                if not label or not value:
                    continue
                ev = Evidence(row.page, row.line, f"{cell} {value}")
                if label in {"project", "department", "unit"}:
                    fields.setdefault(label, value)
                elif label == "year":
                    if "year" not in fields:
                        year = _key_year(value)
                        if year is not None:
                            claims.append(
                                Claim("year", quantity(str(year)), ev, subject="项目关键信息表")
                            )
                    fields.setdefault("year", value)
                elif label in {"budget", "spent"}:
                    q = parse_amount(value, default_unit="万元")
                    if q:
                        claims.append(Claim(label, q, ev))
                elif label in {"execution_rate", "satisfaction"}:
                    q = parse_percent(value)
                    if q:
                        claims.append(Claim(label, q, ev))
                else:
                    n = parse_number(value)
                    if n:
                        n = replace(n, unit="份")
                        claims.append(Claim(label, n, ev))
                        if label == "valid":
                            claims.append(Claim("recovered", n, ev))
                        claims.append(Claim(label, quantity(n.raw, "份"), ev))
                        if canon(cell) == "回收有效问卷":
                            claims.append(Claim("recovered", quantity(n.raw, "份"), ev))
    return claims, fields


def _key_year(value: str) -> int | None:
    """The year of a 评价年度 cell ("2022 年", "2022年度", "2022")."""
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", value)
    return int(m.group(1)) if m else None


# -- tables of questionnaire counts ---------------------------------------------------------------

SURVEY_COLUMNS = (
    ("回收有效", ("recovered", "valid")),
    ("发放", ("issued",)),
    ("回收", ("recovered",)),
    ("收回", ("recovered",)),
    ("有效", ("valid",)),
    ("样本量", ("sample_size",)),
    ("样本数", ("sample_size",)),
)


def _survey_columns(header: list[str]) -> dict[int, tuple[str, ...]]:
    """Which header cells count questionnaires ("发放问卷（份）", "有效问卷数"), and as what."""
    out: dict[int, tuple[str, ...]] = {}
    for i, cell in enumerate(header):
        key = canon(cell)
        if "率" in key or "比例" in key or "占比" in key:
            continue
        for word, kinds in SURVEY_COLUMNS:
            if word in key and ("问卷" in key or "份" in key or "样本" in key):
                out[i] = kinds
                break
    return out


def survey_table_claims(tables: list[Table]) -> list[Claim]:
    """Questionnaire counts printed as a table ("调查对象 发放问卷（份） 回收问卷（份） 有效问卷（份）").

    A row per group of respondents ("受益群众 30 30 30") is that group's survey: its
    counts carry the group as subject, so that they are compared only with that
    group's. The 合计 row, or the only row of a one-row table, is the survey as a whole.
    """
    claims: list[Claim] = []
    for table in tables:
        columns = _survey_columns(table.header)
        if not columns or (len(columns) < 2 and not any("问卷" in c for c in table.header)):
            continue
        label_col = next((i for i in range(len(table.header)) if i not in columns), None)
        rows = [r for r in table.body if any(c.strip() for c in r.cells)]
        for row in rows:
            label = (
                row.cells[label_col].strip()
                if label_col is not None and label_col < len(row.cells)
                else ""
            )
            whole = len(rows) == 1 or bool(
                re.match(r"^(?:合计|总计|小计|全部|总体)$", canon(label))
            )
            for i, kinds in columns.items():
                n = parse_number(row.cells[i]) if i < len(row.cells) else None
                if n is None or n.decimals:
                    continue
                for kind in kinds:
                    claims.append(
                        Claim(
                            kind,
                            quantity(n.raw, "份"),
                            row.evidence(),
                            subject=None if whole else label or None,
                        )
                    )
    return claims
