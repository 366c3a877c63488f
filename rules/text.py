"""Text-level defects: duplicate indicators and text left over from another report."""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Evidence, Report
from extractor.normalize import canon
from extractor.vocabulary import is_name_fragment

from .registry import Hit, rule

# Measures that belong to a kind of project, and the words that make them plausible here.
FOREIGN_MEASURES: dict[str, tuple[str, ...]] = {
    "每米建设成本": (
        "道路",
        "公路",
        "管网",
        "管道",
        "渠道",
        "河道",
        "堤防",
        "围栏",
        "线路",
        "桥梁",
    ),
    "每公里建设成本": ("道路", "公路", "管网", "管道", "渠道", "河道", "线路", "铁路"),
    "每平方米建设成本": ("建设", "工程", "房屋", "校舍", "改造", "装修"),
    "床位使用率": ("医院", "卫生", "养老", "床位"),
    "生均": ("学校", "教育", "学生", "校园"),
    "亩均造林成本": ("造林", "林业", "绿化"),
    # the 生态效益 row of construction and production projects, copied onto wage or
    # subsidy projects ("因实施项目造成的环境污染事故 ≤2 起" for auxiliary police pay)
    "环境污染事故": (
        "建设",
        "工程",
        "施工",
        "改造",
        "环保",
        "生态",
        "治理",
        "排放",
        "养殖",
        "生产",
        "修缮",
        "维修",
        "绿化",
        "整治",
        "污水",
        "垃圾",
        "设施",
    ),
}


# A cell read as a name that is no name: an operator ("≥", "="), a nature (定性, 正向), a value
# ("85%", "≥95%", "100", "较上年提高" is a target, kept as a name only if the form says so).
NOT_A_NAME = re.compile(
    r"[≥≤=<>＞＜]+|定性|定量|正向|反向|正向指标|反向指标|[≥≤=<>]?-?[\d.,]+\s*(?:%|‰|[\p{Han}]{1,2})?"
    r"|(?:绩效|一级|二级|三级)指标|指标名称|指标值"  # a header cell read as a row
)


@rule("DUP-INDICATOR", "duplicate_indicator", "warning", "两个指标名称相同", reads_score_table=True)
def duplicate_indicator(report: Report) -> Iterator[Hit]:
    """Two level-3 indicators with the same name.

    One name scored twice usually means a row was copied and not renamed: the
    second indicator's real subject (and its target) is then not assessed.

    Limits: Only identical names are compared; two rows with one word changed are not.
    """
    seen: dict[str, object] = {}
    for ind in report.indicators:
        if ind.level != 3:
            continue
        key = canon(ind.name)
        if not key or re.fullmatch(r"指标\d*[:：]?|…+|[\d.]+", key) or NOT_A_NAME.fullmatch(key):
            continue
        if is_name_fragment(key):  # a piece of a cut cell ("率", "天）"): no name to compare
            continue
        first = seen.get(key)
        if first is None:
            seen[key] = ind
            continue
        yield Hit(
            f"{first.code or ''}与{ind.code or ''}指标名称相同：“{ind.name}”",  # type: ignore[attr-defined]
            [ind.evidence, first.evidence],  # type: ignore[attr-defined]
            found=ind.name,
        )


def _own_words(report: Report) -> str:
    parts = [report.title, report.project, report.unit, report.department]
    parts += [t.name for t in report.targets] + [i.name for i in report.indicators]
    parts += [i.explanation or "" for i in report.indicators]
    return canon("".join(p for p in parts if p))


@rule("FOREIGN-MEASURE", "foreign_text", "warning", "出现与本项目类型不符的指标用语")
def foreign_measure(report: Report) -> Iterator[Hit]:
    """Vocabulary of another kind of project ("每米建设成本" in a grassland fund).

    Rubrics and analyses are copied between reports; a measure that the
    project's own names and targets never mention is a leftover, and the rule
    it sits in was not written for this project.

    Limits: Knows only the measures listed in FOREIGN_MEASURES (rules/text.py), each with the words
    that make it plausible; a measure not listed is not noticed.
    """
    own = _own_words(report)
    text = report.text
    for term, plausible in FOREIGN_MEASURES.items():
        if any(w in own for w in plausible):
            continue
        loose = r"\s*".join(map(re.escape, term))
        for m in re.finditer(loose, text):
            yield Hit(
                f"出现与本项目无关的用语“{term}”",
                [_evidence(report, m.start(), m.end())],
                found=term,
            )
            break


@rule("FOREIGN-ENTITY", "foreign_text", "warning", "出现其他单位或地名，疑为其他报告遗留")
def foreign_entity(report: Report) -> Iterator[Hit]:
    """Another organisation named where only this project's own unit can stand.

    "立项符合X发展规划且与X部门职责范围相符" must name the project's unit or its
    department; a township government there was copied from another report.

    Limits: Only the sentence patterns that must name the project's own unit are judged.
    """
    own = canon(
        "".join(
            p or "" for p in (report.unit, report.department, report.project, report.commissioner)
        )
    )
    pattern = re.compile(
        r"(?:符合|与)\s*(?P<org>[\p{Han}]{2,24}?(?:人民政府|乡|镇|街道办事处|街道|委员会|局))\s*(?:的)?\s*(?:发展规划|部门职责|职责范围|主要职能|职能)"
    )
    seen: set[str] = set()
    for m in pattern.finditer(report.text):
        org = canon(m.group("org"))
        if org in seen or org in own or (report.unit and canon(report.unit) in org):
            continue
        seen.add(org)
        yield Hit(
            f"文中以“{m.group('org')}”作为本项目的规划或职责主体，与项目单位“{report.unit or '—'}”不符",
            [_evidence(report, m.start(), m.end())],
            found=m.group("org"),
        )


def _evidence(report: Report, start: int, end: int) -> Evidence:
    return report.evidence_at(start, end)
