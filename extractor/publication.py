"""A 部门预算 / 部门决算 publication around its forms: its cover, year, unit, money unit and
what it says about tables it leaves empty.

The forms a publication carries take from it what they do not print
themselves: the year (a 预算表12 has none in its title) and the money unit
(a page header "单位：万元" that the PDF reader drops as a running header).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex as re

from .model import Line
from .normalize import canon
from .numbers import cn_to_int

DOC_TYPE = re.compile(r"(?:部门|单位)(?:综合)?(?:预算|决算)|预算公开|决算公开")
COVER_SKIP = re.compile(
    r"^[\W\d_]*$|^(?:初审|复审|终审|审核|编制|制表|联系人|联系电话)[:：]|^[〇○零一二三四五六七八九十]{4}年"
)
QUALIFIER = re.compile(r"[(（](?:本级|汇总|部门|单位|合并)[)）]")
# A year quoted from a policy's title or number: never the publication's year.
QUOTED = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]")


@dataclass
class Cover:
    """What a publication says about itself on its cover."""

    title: str | None = None
    year: int | None = None
    unit: str | None = None
    money_scale: float | None = None  # 1e4 when its tables are in 万元, 1 when in 元
    empty_declared: list[str] = field(default_factory=list)  # table names it calls 不涉及/无


def read_cover(lines: list[Line]) -> Cover:
    """The publication's title (its cover lines joined), year, unit and money unit."""
    cover = Cover()
    texts = _cover_lines(lines)
    if texts:
        title = "".join(texts)
        cover.title = title
        m = re.search(r"((?:19|20)\d{2})\s*年", title)
        cover.year = int(m.group(1)) if m else None
        cover.unit = _named_unit(lines) or _unit_of(title)
    if cover.year is None:
        cover.year = likeliest_year(lines)
    cover.money_scale = money_scale(lines)
    cover.empty_declared = declared_empty(lines)
    return cover


def _cover_lines(lines: list[Line]) -> list[str]:
    """The first page's lines up to the one naming the kind of publication (部门预算…)."""
    first = [ln for ln in lines if ln.text.strip()][:8]
    out: list[str] = []
    for k, ln in enumerate(first):
        text = re.sub(r"\s+", "", ln.text)
        table_row = "\t" in ln.text and (ln.cells is not None or ln.box is None)
        if table_row or (out and ln.page != first[0].page) or "目录" in text:
            break
        if COVER_SKIP.search(text):
            continue
        out.append(text)
        if DOC_TYPE.search(text):
            return _year_beside(out, first[k + 1 : k + 2])
    return []


def _year_beside(out: list[str], after: list[Line]) -> list[str]:
    """A cover whose year is set apart in a larger font ("国家信访局 年度部门预算" over "2026"):
    the year goes where the title leaves its place ("…2026年度部门预算")."""
    title = "".join(out)
    bare = re.fullmatch(r"\s*((?:19|20)\d{2})\s*", after[0].text) if after else None
    if bare and not re.search(r"(?:19|20)\d{2}", title) and "年度" in title:
        return [title.replace("年度", f"{bare.group(1)}年度", 1)]
    return out


def _named_unit(lines: list[Line]) -> str | None:
    """A unit the cover names by a label ("预算主管部门：上海市普陀区人民政府万里街道办事处")."""
    first = [ln for ln in lines if ln.text.strip()][:6]
    for ln in first:
        m = re.search(r"(?:预算主管部门|预算单位|部门名称|单位名称)\s*[:：]\s*(\S{3,40})", ln.text)
        if m:
            return m.group(1)
    return None


def _unit_of(title: str) -> str | None:
    """The unit a title names: the title without its year, qualifier and kind of publication,
    the run of words just before them (none when what is left is a level of government,
    "上海市普陀区区级")."""
    unit = re.sub(r"(?:19|20)\d{2}\s*年度?", "", title)
    unit = DOC_TYPE.split(unit)[0] if DOC_TYPE.search(unit) else unit
    unit = QUALIFIER.sub("", unit).strip(" ：:")
    unit = re.sub(r"年度$", "", unit)
    run = re.search(r"[\p{Han}（）()]+$", unit)  # not what a web page prints before it
    unit = run.group(0) if run else unit
    if re.search(r"[省市县区]级$", unit):
        return None
    return unit if len(unit) >= 3 else None


def likeliest_year(lines: list[Line]) -> int | None:
    """The year the publication is about when its cover does not print it in figures: the
    one its text names most ("2026 年拟安排…"), or the year of a cover date (二〇二六年三月)."""
    counts: Counter[int] = Counter()
    for ln in lines[:400]:
        text = QUOTED.sub("", ln.text)
        text = re.sub(r"((?:19|20)\d{2})\s*[(（]\s*年度\s*[)）]", r"\1年度", text)
        for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年(?![\d.]|\s*\d{1,2}\s*月)", text):
            counts[int(y)] += 1
    if counts:
        return counts.most_common(1)[0][0]
    for ln in lines[:10]:
        m = re.match(r"^\s*([〇○零一二三四五六七八九]{4})年", ln.text)
        if m:
            return cn_to_int(m.group(1))
    return None


def money_scale(lines: list[Line]) -> float | None:
    """The money unit the publication states for its tables ("单位：万元"), the most stated."""
    counts: Counter[float] = Counter()
    for ln in lines:
        for unit in re.findall(r"单位[:：]\s*(万元|元)", canon(ln.text)):
            counts[1e4 if unit == "万元" else 1.0] += 1
    return counts.most_common(1)[0][0] if counts else None


def declared_empty(lines: list[Line]) -> list[str]:
    """Tables the publication says it leaves empty on purpose: a table list marking one
    不涉及 / 无 ("表16 专项资金总体绩效目标表 是 不涉及"), or a note that an empty table means
    the unit has no such items ("空表表示本部门无相关收支情况"; then every empty table, "*")."""
    out: list[str] = []
    for ln in lines:
        text = canon(ln.text)
        if re.search(r"空表(?:则)?表示.{0,12}(?:无|没有)|(?:无|没有)数字(?:则)?表示.{0,8}无", text):
            out.append("*")
            continue
        m = re.search(
            r"(?P<name>[\p{Han}（）()]{4,30}表).{0,12}?(?:不涉及|无此类|本单位无|无相关)", text
        )
        if m:
            out.append(re.sub(r"^(?:附)?表\d+|^预算\d+表", "", m.group("name")))
    return out


__all__ = ["Cover", "declared_empty", "likeliest_year", "money_scale", "read_cover"]
