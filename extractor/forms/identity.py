"""A form's identity: its kind, its year, and the project, department, unit and goal it names.

The year comes from the line under the title, the title, the publication or
the form's own text (in that order); the other facts from labelled cells
("项目名称 | …") or a labelled line above the table ("单位名称：…").
"""

from __future__ import annotations

import regex as re

from ..model import Claim, Evidence
from ..normalize import canon
from ..publication import Cover, likeliest_year
from .find import Segment
from .lists import entity_word
from .state import _State
from .values import _number
from .words import GOAL_LABEL, IDENTITY

YEAR_LINE = re.compile(r"[(（]?\s*((?:19|20)\d{2})\s*(?:年度|[(（]\s*年度\s*[)）]|年)\s*[)）]?")
QUOTED = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]|[(（][^)）]{0,6}\d{4}[)）]\s*\d+\s*号")


def form_year(seg: Segment, cover: Cover | None = None) -> int | None:
    """The year a form is for: the year line under its title ("（2026年度）"), its title's (which
    may name a project of another year: "2019年…资金绩效目标表" over "(2020年度)"), the
    publication's, else the first year near its top that is not quoted from a policy's title or
    number (《…2021年…办法》, 〔2021〕12号) and is not a date (2024年8月); last, the year its
    text names most."""
    for ln in seg.lines[1:4]:
        first = next((c.strip() for c in ln.text.split("\t") if c.strip()), "")
        m = YEAR_LINE.fullmatch(canon(first))
        if m:
            return int(m.group(1))
    m = re.search(r"((?:19|20)\d{2})\s*年", seg.title)
    if m:
        return int(m.group(1))
    if cover is not None and cover.year:
        return cover.year
    head = QUOTED.sub("", "\n".join(ln.text for ln in seg.lines)[:300])
    m = re.search(r"((?:19|20)\d{2})\s*年度?(?!\s*\d{1,2}\s*月)", head)
    if m:
        return int(m.group(1))
    return likeliest_year(seg.lines)  # a form naming its year only in its text


def _kind(title: str) -> str:
    if "自评" in title:
        return "self_assessment"
    if "监控" in title:
        return "monitoring"
    return "targets"


FUSED_IDENTITY = re.compile(
    r"(?P<label>资金主管部门|主管部门|单位名称|部门名称|预算单位|实施单位)\s*[:：]\s*(?P<value>[^\s:：]{2,40})"
)


def _fused_identity(text: str, st: _State) -> None:
    """Identity written into a line above the table ("单位名称：重庆市水利局",
    "资金主管部门：重庆市水利局 单位：万元")."""
    for m in FUSED_IDENTITY.finditer(text):
        attr = "department" if "主管" in m.group("label") else "unit"
        if getattr(st.report, attr) is None:
            setattr(st.report, attr, m.group("value"))


def _identity(texts: list[str], keys: list[str], st: _State) -> None:
    r = st.report
    words = [t for t in texts if t.strip()]
    if len(words) == 1 and not st.in_indicators and not st.report.indicators:
        _fused_identity(words[0], st)
    if not st.in_indicators and words and GOAL_LABEL.match(canon(words[0])):
        goal = next((w for w in words[1:] if not GOAL_LABEL.match(canon(w))), None)
        if goal and not re.fullmatch(r"预期目标|实际完成情况|中期目标", canon(goal)):
            r.goal = r.goal or goal.strip()
    for i, key in enumerate(keys):
        attr = IDENTITY.get(key.strip("*").rstrip(":："))
        if attr is None:
            if key.startswith("自评总分") and r.total_score is None:
                value = next((t for t in texts[i + 1 :] if t), "")
                r.total_score = _number(value)
                if r.total_score is not None:
                    r.claims.append(
                        Claim(
                            "total_score",
                            r.total_score,
                            Evidence(None, None, f"{texts[i]} {value}"),
                        )
                    )
            continue
        value = next(
            (
                t
                for j, t in enumerate(texts)
                if j > i and t and canon(t).strip("*").rstrip(":：") not in IDENTITY
            ),
            None,
        )
        if (
            value
            and getattr(r, attr) is None
            and not _column_word(canon(value))
            and not LABEL_VALUE.match(canon(value))
        ):
            setattr(r, attr, value)


# Other labels of a form's identity block: never the value of the label before them.
LABEL_VALUE = re.compile(
    r"^(?:实施期限|实施周期|项目属性|项目类别|资金金额|项目资金|执行率分值|项目期)"
)


def _column_word(key: str) -> bool:
    """A header word (项目总额, 年度资金总额(万元)…): the header of a table listing projects,
    not a value beside an identity label."""
    return entity_word(key) is not None
