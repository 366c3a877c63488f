"""Assemble a Report from a Document: identity, funds, targets, scores and claims.

This is the one place that decides which statement becomes the record's
value (the first one the report makes, the key-information table first);
every other statement stays a Claim for the rules to compare.
"""

from __future__ import annotations

from pathlib import Path

import regex as re

from .claims import find_claims
from .columntotals import read_column_totals
from .dates import find_dates
from .fundstable import funds_table_claims, read_item_funds
from .indicators import kind_of, read_score_tables
from .keytable import key_table_claims
from .model import Claim, Document, Evidence, Quantity, Report, Target
from .normalize import canon, flow
from .numbers import AMOUNT_SCALE, parse_amount, parse_date, parse_target, quantity
from .publication import read_cover
from .scorewords import column_roles
from .surveyclaims import find_survey, survey_table_claims
from .units import YUAN_ALT
from .unread import mark_unread
from .years import decide_year, year_claims

ORG_SUFFIX = r"(?:局|委员会|委|办公室|办|中心|院|所|站|厅|部|政府|公司|街道|学校|医院|馆|队|会)"


def build_report(doc: Document) -> Report:
    """Everything the rules need from one document."""
    report = Report(
        file=doc.path, sha256=doc.sha256, pages=doc.pages, format=doc.format, lines=doc.lines
    )
    text_flow = flow(doc.lines)
    report.text = text_flow.text
    report.flow = text_flow

    key_claims, key_fields = key_table_claims(doc.tables)
    report.item_funds = item_funds = read_item_funds(doc)
    report.claims = (
        key_claims
        + funds_table_claims(item_funds)
        + survey_table_claims(doc.tables)
        + find_claims(text_flow)
    )
    report.survey = find_survey(text_flow)
    report.dates = find_dates(text_flow)

    tree, score_tables, totals = read_score_tables(doc.tables)
    report.indicators = tree
    report.score_tables = score_tables
    for score, ev in totals:
        report.claims.append(Claim("total_score", score, ev))
    for table in score_tables:
        for row in table.rows:
            whole = row.weight is not None and abs(row.weight.value - 100) < 1e-9
            if row.level == 0 and whole and row.score is not None and row.evidence:
                report.claims.append(Claim("total_score", row.score, row.evidence))
    _process_claims(report)

    report.targets = read_targets(doc) or read_prose_targets(doc)
    _read_spending(doc, report)
    report.column_totals = read_column_totals(doc.tables)
    _identity(doc, report, text_flow.text, key_fields)
    report.grade_bands = _grade_bands(text_flow.text)
    report.kind = _kind(report)
    if report.kind == "publication":  # its cover says what it is, as for one carrying forms
        cover = read_cover(doc.lines)
        report.title = cover.title or report.title
        report.year = cover.year or report.year
        report.unit = cover.unit or report.unit
    mark_unread(report, doc.tables)
    return report


def _process_claims(report: Report) -> None:
    """Statements written inside the score table's 评分过程 cells, with the row as subject."""
    seen: set[tuple[str, str, float]] = set()
    for table in report.score_tables:
        for ind in table.rows:
            if not ind.process or ind.level != 3:
                continue
            m = re.search(
                r"分值\s*(\d+(?:\.\d+)?)\s*分[^。]{0,12}?得\s*(\d+(?:\.\d+)?)\s*分?", ind.process
            )
            if not m or ind.evidence is None:
                continue
            ev = Evidence(ind.evidence.page, ind.evidence.line, m.group(0))
            for kind, raw in (("indicator_weight", m.group(1)), ("indicator_score", m.group(2))):
                key = (kind, ind.name, float(raw))
                if key in seen:
                    continue
                seen.add(key)
                report.claims.append(
                    Claim(kind, quantity(raw, "分"), ev, subject=ind.code or ind.name)
                )


# -- targets ------------------------------------------------------------------------------


def read_targets(doc: Document) -> list[Target]:
    """The first 绩效目标表 of the document (a report restates it; the copies are not new targets)."""
    for table in doc.tables:
        if kind_of(table) != "targets":
            continue
        roles = column_roles(table.header)
        idx = {r: i for i, r in reversed(list(enumerate(roles))) if r}
        out: list[Target] = []
        level1 = level2 = None
        for row in table.body:
            cells = row.cells + [""] * (len(roles) - len(row.cells))
            l1 = cells[idx["l1"]].strip() if "l1" in idx else ""
            l2 = cells[idx["l2"]].strip() if "l2" in idx else ""
            name = cells[idx["l3"]].strip() if "l3" in idx else ""
            raw = cells[idx["benchmark"]].strip() if "benchmark" in idx else ""
            level1 = l1 or level1
            level2 = l2 or level2
            if not name:
                continue
            out.append(_target(level1, level2, name, raw, row.evidence()))
        if out:
            return out
    return []


def _target(level1: str, level2: str, name: str, raw: str, evidence: Evidence) -> Target:
    """A target with its operator and value (or month and day, for a deadline) read from `raw`."""
    tv = parse_target(raw)
    date = (tv.date.month, tv.date.day) if tv and tv.date and tv.date.day else None
    return Target(
        level1,
        level2,
        name,
        raw,
        tv.operator if tv else None,
        tv.value if tv and not date else None,
        date,
        evidence,
    )


PROSE_LEVEL1 = re.compile(
    r"^[（(]?\s*[\d一二三四五六七八九十]+\s*[）)]?\s*[.、]?\s*(产出|效益|满意度)(?:目标|指标)\s*[：:]?\s*$"
)
PROSE_LEVEL2 = re.compile(
    r"^(数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|满意度|服务对象满意度)(?:目标|指标)\s*[：:]\s*(?P<rest>.*)$"
)


def read_prose_targets(doc: Document) -> list[Target]:
    """Targets written as prose under 绩效目标 ("数量目标：专项工作种类≥2种。")."""
    lines = [ln for ln in doc.lines if ln.text.strip()]
    start = next(
        (
            i
            for i, ln in enumerate(lines)
            if re.search(r"具体绩效目标|绩效目标设置如下|年度绩效目标如下", ln.text)
        ),
        None,
    )
    if start is None:
        return []
    out: list[Target] = []
    level1 = level2 = None
    for ln in lines[start + 1 : start + 40]:
        text = ln.text.strip()
        if re.match(r"^[一二三四五六七八九十]+、", text):
            break
        m1 = PROSE_LEVEL1.match(text)
        if m1:
            level1 = m1.group(1) + "指标"
            continue
        m2 = PROSE_LEVEL2.match(text)
        if m2:
            level2 = m2.group(1) + "指标"
            text = m2.group("rest").strip()
            if (
                level2
                in {
                    "满意度指标",
                    "服务对象满意度指标",
                    "社会效益指标",
                    "经济效益指标",
                    "生态效益指标",
                    "可持续影响指标",
                }
                and level1 is None
            ):
                level1 = "效益指标"
            if not text:
                continue
        if level2 is None:
            continue
        text = text.rstrip("。；; ")
        m = re.match(
            r"^(?P<name>[^≥≤=<>＞＜，,]+?)\s*(?P<target>(?:≥|≤|=|<|>|不低于|不高于|达到)\s*\S+)$",
            text,
        )
        if m:
            name, raw = m.group("name"), m.group("target")
        elif "，" in text:
            name, raw = (p.strip() for p in text.split("，", 1))
        else:
            continue
        evidence = Evidence(ln.page, ln.number, ln.text.strip())
        out.append(_target(level1, level2, name.strip(), raw.strip(), evidence))
    return out


# -- spending -------------------------------------------------------------------------------


def _read_spending(doc: Document, report: Report) -> None:
    """The first spending breakdown (支出明细) table: its items and 合计."""
    for table in doc.tables:
        header = [canon(c) for c in table.header]
        amount_col = next(
            (i for i, h in enumerate(header) if "金额" in h or ("支出" in h and "元" in h)), None
        )
        if amount_col is None or not any(
            "项目内容" in h or "支出内容" in h or "支出方向" in h or "明细" in h for h in header
        ):
            continue
        unit_match = re.search(f"({YUAN_ALT})", header[amount_col])
        unit = unit_match.group(1) if unit_match else "元"
        label_col = next((i for i, h in enumerate(header) if "内容" in h or "项目" in h), 1)
        for row in table.body:
            cells = row.cells + [""] * (len(header) - len(row.cells))
            value = parse_amount(
                next((c for c in reversed(cells) if c.strip()), ""), default_unit=unit
            )
            if value is None:
                continue
            first = canon(cells[0])
            if first.startswith(("合计", "总计")):
                report.spending_total = (value, row.evidence())
            else:
                report.spending.append((cells[label_col].strip(), value, row.evidence()))
        if report.spending:
            return


# -- identity ---------------------------------------------------------------------------------

FIELD_LABELS = {
    "project": r"项目名称",
    "unit": r"(?:项目单位|项目实施单位|实施单位|被评价单位|评价项目单位)",
    "department": r"(?:主管部门|项目主管部门)",
    "commissioner": r"委托单位|委托方",
    "evaluator": r"评价机构(?:全称)?|受托方|第三方机构",
}


# A field printed beside others on one line ("委托单位：某局  评价机构：某某会计师事务所"):
# the label follows the start of a line or a space (two spaces, a tab or a full-width space,
# which the text may carry as one space), and its value ends where the next "label：" begins.
FIELD_START = r"(?:^|\s)"
NEXT_FIELD = r"\s+(?=[^\s：:，,。；;]{2,10}\s*[：:])"


def _labelled(text: str, label: str) -> str | None:
    """The value written after `label：` at the start of a line or after a gap in it."""
    m = re.search(rf"{FIELD_START}\s*(?:{label})\s*[：:]\s*(?P<v>[^\n（(]{{2,80}})", text)
    if not m:
        return None
    return re.split(NEXT_FIELD, m.group("v"), maxsplit=1)[0]


def _identity(doc: Document, report: Report, text: str, key_fields: dict[str, str]) -> None:
    head = text[:3000]
    for field_name, label in FIELD_LABELS.items():
        value = key_fields.get(field_name)
        if not value:
            value = _labelled(text, label)
        if value:
            value = re.sub(r"（盖章）|\(盖章\)", "", value).strip(" ：:，,。")
            setattr(report, field_name, value)
    if not report.project:
        m = re.search(r"评价对象\s*[：:]\s*(?P<v>[^\n，。；]{4,80})", text)
        if m:
            report.project = m.group("v").strip()
    if not report.project:
        report.project = _evaluated_item(text, report.unit)
    if not report.commissioner:
        m = re.search(rf"受\s*(?P<v>[^\n，。]{{2,30}}?{ORG_SUFFIX})\s*(?:的)?委托", text)
        if m:
            report.commissioner = m.group("v")
    if not report.evaluator:
        m = re.search(r"受托方为\s*(?P<v>[^\n，。]{2,40}?(?:公司|中心|事务所))", text)
        if m:
            report.evaluator = m.group("v")
    if not report.evaluator:  # "长沙市财政局绩效评价工作组对…实施了绩效评价"
        m = re.search(
            rf"(?P<v>[\p{{Han}}]{{2,24}}?{ORG_SUFFIX}绩效评价工作组)[^。\n]{{0,80}}?对", text
        )
        if m:
            report.evaluator = m.group("v")
    if not report.unit and report.project:
        m = re.match(
            rf"(?:\d{{4}}\s*年度?)?\s*(?P<v>[\p{{Han}}]{{2,20}}?{ORG_SUFFIX})", report.project
        )
        if m and len(m.group("v")) < len(report.project) - 2:
            report.unit = m.group("v")

    # Title: the longest line (re-joined if wrapped) that names the report itself.
    candidates = [
        _after_contents(_with_wrapped_head(text, m))
        for m in re.finditer(r"(?m)^[^\n\t。；，]{4,150}?绩效(?:评价|自评)(?:报告|结果)$", text)
    ]
    report.title = max(candidates, key=len).strip() if candidates else None
    if not report.project and report.title:
        report.project = _project_of_title(report.title, report.unit)

    report.year = _decide_year(report, head)

    # Report date: a line that is only a month ("2023 年 7 月") near the cover.
    for ln in doc.lines[:80]:
        t = ln.text.strip()
        dated = re.search(
            r"(?:^|\s)(?:报告|制定|编制|出具)(?:日期|时间)\s*[:：]\s*"
            r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)",
            t,
        )
        t = dated.group(1) if dated else t
        if re.fullmatch(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?", t):
            d = parse_date(t)
            if d and d.year:
                report.report_date = f"{d.year:04d}-{d.month:02d}" + (
                    f"-{d.day:02d}" if d.day else ""
                )
            break

    totals = report.claims_of("total_score")
    report.total_score = totals[0].value if totals else None
    grades = report.claims_of("grade")
    report.grade = grades[0].text if grades else None


# What a table of contents leaves in a line: dot leaders, a page number after a dot, an 附件 entry.
_CONTENTS_TRACE = re.compile(
    r"\.\s*\.+|…{2,}|\.\s*\d{1,3}(?=(?:19|20)\d{2}|\D|$)|附件\s*\d+\s*[：:]"
)


def _after_contents(title: str) -> str:
    """A title line without the table of contents a copied text ran into it ("…实收名单 .122
    2021-2024年…绩效评价报告"): what follows the last entry."""
    traces = list(_CONTENTS_TRACE.finditer(title))
    return title[traces[-1].end() :].strip() if traces else title


def _with_wrapped_head(text: str, m: re.Match) -> str:
    """A title line with the line above it when the title wrapped there: the year and unit
    alone on a line ("2020 年度长沙市人民政府国有资产监督管理委员会" / "国企改革…绩效评价报告")."""
    before = text[: m.start()].rstrip("\n")
    prev = before[before.rfind("\n") + 1 :]
    if re.fullmatch(rf"\s*(?:19|20)\d{{2}}\s*年度?\s*[\p{{Han}}]{{2,40}}{ORG_SUFFIX}\s*", prev):
        return prev.strip() + m.group(0).strip()
    return m.group(0)


def _project_of_title(title: str, unit: str | None) -> str | None:
    """The project a report's title names, where nothing labels it ("2024 年度全国信访信息系统
    维护费项目绩效评价报告" → 全国信访信息系统维护费); None for a 部门整体 report or a name too
    short to be one."""
    name = _bare_project(title, unit)
    if not name or len(name) < 4 or "部门整体" in name or "整体支出" in name:
        return None
    return name


def _evaluated_item(text: str, unit: str | None) -> str | None:
    """The project a cover names as 评价项目名称 ("2020 年度<unit>国企改革稳定专项资金绩效评价")."""
    m = re.search(r"评价项目名称\s*[：:]\s*(?P<v>[^\n，。；]{4,80})", text)
    return _bare_project(m.group("v"), unit) if m else None


def _bare_project(name: str, unit: str | None) -> str | None:
    """A project's name as a title or cover prints it, without its years, its unit and the
    words 项目…绩效评价报告."""
    name = re.sub(
        r"^\s*(?:19|20)\d{2}\s*(?:[-—～~至]\s*(?:19|20)?\d{2,4}\s*)?年度?\s*", "", name.strip()
    )
    name = re.sub(r"(?:项目)?(?:支出)?(?:整体)?绩效(?:评价|自评)(?:报告|结果)?$", "", name).strip()
    if unit and name.startswith(unit) and len(name) > len(unit) + 1:
        name = name[len(unit) :].strip()
    return name or None


def _decide_year(report: Report, head: str) -> int | None:
    """The evaluated year, by the weight of evidence (extractor/years.py); each source's
    statement replaces the key table's alone among the claims. Failing any source, the
    first year the document's opening names."""
    key_year = next((c for c in report.claims if c.kind == "year"), None)
    votes = year_claims(report, report.flow, key_year)
    report.claims = [c for c in report.claims if c.kind != "year"] + votes
    year = decide_year(votes)
    if year is None:
        m = re.search(r"((?:19|20)\d{2})\s*年度?", head)
        year = int(m.group(1)) if m else None
    return year


def _grade_bands(text: str) -> list[tuple[str, float]] | None:
    """Bands the report states ("90（含）—100分为优、80（含）—90分为良…"), lowest bound per grade."""
    bands = []
    for m in re.finditer(
        r"(\d+)\s*(?:分)?\s*[（(]含[)）]\s*[-—~～至到]+\s*\d+\s*分?\s*(?:为|的为)?\s*[“\"]?(优秀|优|良好|良|中等|中|合格)",
        text,
    ):
        grade = {"优秀": "优", "良好": "良", "中等": "中", "合格": "中"}.get(m.group(2), m.group(2))
        bands.append((grade, float(m.group(1))))
    return bands or None


def _kind(report: Report) -> str:
    title = report.title or ""
    if (
        not report.indicators
        and not report.targets
        and re.search(r"部门(?:决算|预算)|单位(?:决算|预算)", report.text[:2000])
    ):
        return "publication"
    if "部门整体" in title:
        return "department"
    if "自评" in title and "评价报告" not in title:
        return "self_assessment"
    return "project"


__all__ = ["AMOUNT_SCALE", "Path", "Quantity", "build_report"]
