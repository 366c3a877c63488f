"""Names made comparable across documents: units, evaluators, projects, dates.

The original text is always kept beside the normalised value; these keys exist
so that one organisation written three ways, or one project in three years'
forms, groups as one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

# Legal-form and branch words an evaluator's name carries or leaves out.
_LEGAL_FORMS = (
    "（特殊普通合伙）",
    "（普通合伙）",
    "（有限合伙）",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "事务所",
)
_SPACES = re.compile(r"[\s\u3000·・]+")
# A budget code before the unit or project name: '219001-池州市…', '51092324T000010263357-2023年…'.
_CODE_PREFIX = re.compile(r"^[0-9A-Za-z]{3,}[-－—_ ]+")
_BRACKETS = str.maketrans({"(": "（", ")": "）"})
_YEAR_WORDS = re.compile(r"(19|20)\d{2}\s*年度?|[（(]?(19|20)\d{2}[)）]?")


def _fold(text: str) -> str:
    """NFKC (full-width letters and digits to half-width), brackets to full-width, no spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return _SPACES.sub("", text)


def unit_key(name: str | None) -> str | None:
    """A unit's name without its budget-code prefix, spaces or width differences."""
    if not name:
        return None
    key = _fold(_CODE_PREFIX.sub("", name.strip()))
    return key or None


def evaluator_key(name: str | None) -> str | None:
    """One key for the same organisation written with or without 有限公司, （特殊普通合伙）,
    spaces or half-width brackets: '新疆财讯睿智信息咨询有限公司' and '新疆财讯睿智 信息咨询'."""
    if not name:
        return None
    key = _fold(name)
    changed = True
    while changed:
        changed = False
        for suffix in _LEGAL_FORMS:
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                key, changed = key[: -len(suffix)], True
    return key or None


def project_words(name: str | None) -> str | None:
    """A project name without its code prefix, years or spaces: the same project's name in
    every year's form ('2023年社区矫正中心维修改造项目' → '社区矫正中心维修改造项目')."""
    if not name:
        return None
    words = _YEAR_WORDS.sub("", _fold(_CODE_PREFIX.sub("", name.strip())))
    return words or None


def project_key(unit: str | None, project: str | None) -> str | None:
    """The panel key: normalised unit + project name, hashed to 16 hex digits (None when the
    document names no project)."""
    words = project_words(project)
    if words is None:
        return None
    blob = f"{unit_key(unit) or ''}\x1f{words}"
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


# Keywords of project types, first match wins (order: the most specific first).
PROJECT_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工资福利", ("工资", "福利", "人员经费", "社保", "保险")),
    ("补助补贴", ("补助", "补贴", "资助", "奖补", "救助", "奖学金")),
    ("运转保障", ("运行保障", "运转", "公用经费", "办公经费", "物业", "保洁")),
    ("基本建设", ("建设", "工程", "维修", "改造", "修缮", "基建", "修复")),
    ("设备购置", ("购置", "采购", "设备")),
    ("公共卫生", ("卫生", "医疗", "疫情", "防疫", "健康")),
    ("教育", ("教育", "学校", "学生", "教学")),
    ("农林水", ("农业", "林业", "林草", "草原", "水利", "森林", "畜牧", "种植")),
    ("规划咨询", ("规划", "方案编制", "咨询", "委托业务", "评估")),
)


def project_type(name: str | None, kind: str | None, unit: str | None = None) -> str | None:
    """The project's type from keywords of its name, the unit's name taken out ('湖北工程学院…
    学生资助项目' is no 工程); '部门整体' for a department's whole spending, '其他' when none fits."""
    if kind == "department" or (name and "部门整体" in name):
        return "部门整体"
    if not name:
        return None
    key = unit_key(unit)
    name = _fold(name).replace(key, "") if key else name
    for label, words in PROJECT_TYPES:
        if any(w in name for w in words):
            return label
    return "其他"


_DATE = re.compile(r"((?:19|20)\d{2})\s*[年./-]\s*(?:(\d{1,2})\s*[月./-]?\s*(?:(\d{1,2})\s*日?)?)?")


def parse_date(text: str | None) -> tuple[dt.date | None, str | None]:
    """A recorded date ('2023-07', '2023年7月15日', '2023') as a date and its precision
    (day, month, year); a month alone is its first day."""
    if not text:
        return None, None
    m = _DATE.search(str(text))
    if m is None:
        return None, None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month and day:
            return dt.date(year, int(month), int(day)), "day"
        if month:
            return dt.date(year, int(month), 1), "month"
        return dt.date(year, 1, 1), "year"
    except ValueError:
        return None, None
