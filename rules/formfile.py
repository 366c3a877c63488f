"""Rules over the forms of one file together: a publication's forms against each other and
against the publication's own text.

A 部门预算 carries a 部门整体 form and a form per project; the 部门整体 form's
项目支出 is the projects' money. A 部门决算 restates each project's self-assessed
score in its text. A row copied from one project's form into another's is
recognised by being the same row in both.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Evidence, FundsRow, Indicator, Quantity, Report
from extractor.normalize import canon
from extractor.numbers import quantity

from .numeric import fmt, money_unit, same, show, show_amount, sum_matches, sum_of
from .registry import Hit, rule

PROJECT_TOTALS = (
    "年度资金申请总额",
    "年度资金总额",
    "项目资金总额",
    "项目总额",
    "实施期资金总额",
    "年度预算资金总额",
    "当年财政拨款预算金额",
    "当年预算",
    "资金总额",
    "总额",
)


def _project_total(form: Report) -> FundsRow | None:
    """A project form's annual total row."""
    for label in PROJECT_TOTALS:
        for row in form.funds_rows:
            if canon(row.label).rstrip(":") == label and row.budget is not None:
                return row
    return None


def _is_department_form(form: Report) -> bool:
    return "部门整体" in (form.title or "")


@rule(
    "FORMS-PROJECT-SUM",
    "amount_sum",
    "warning",
    "部门整体绩效目标表的项目支出应等于所附项目绩效目标表金额之和",
    scope="file",
)
def project_sum(reports: list[Report]) -> Iterator[Hit]:  # type: ignore[misc]
    """The 项目支出 of the 部门整体支出绩效目标表 against the totals of the project target forms
    the same publication carries.

    Every project's money must have published targets: when the project forms add
    up to less, part of the project money has none; to more, targets were set for
    money the budget does not hold.

    Limits: Needs the department form and the project forms in one file; forms published apart are
    not added up.
    """
    forms = [r for r in reports if r.kind == "targets"]
    departments = [f for f in forms if _is_department_form(f)]
    projects = [f for f in forms if not _is_department_form(f) and f.project]
    if len(departments) != 1 or not projects:
        return
    rows = [
        r for r in departments[0].funds_rows if canon(r.label).endswith("项目支出") and r.budget
    ]
    totals = [_project_total(p) for p in projects]
    if not rows or any(t is None for t in totals):
        return
    stated = sum_of([r.budget for r in rows]) if len(rows) > 1 else rows[0].budget  # type: ignore[misc]
    stated = Quantity(stated.value, stated.raw, stated.decimals, "元", rows[0].budget.scale)  # type: ignore[union-attr]
    parts = [t.budget for t in totals]  # type: ignore[union-attr]
    if sum_matches(parts, stated):  # type: ignore[arg-type]
        return
    s = sum_of(parts)  # type: ignore[arg-type]
    scale = stated.scale
    unit = money_unit(scale)
    decimals = max(p.decimals for p in parts)  # type: ignore[union-attr]
    yield Hit(
        f"部门整体支出绩效目标表所列项目支出 {show_amount(stated)}，所附 {len(projects)} 个项目绩效目标表"
        f"金额合计 {fmt(s.value / scale, decimals)} {unit}，"
        f"相差 {fmt((stated.value - s.value) / scale, decimals)} {unit}",
        [rows[0].evidence, *[t.evidence for t in totals[:2]]],  # type: ignore[union-attr]
        expected=s.value,
        found=stated.value,
    )


@rule(
    "FORMS-COPIED-ROW",
    "duplicate_indicator",
    "warning",
    "指标行照搬自同一文件中另一个项目的绩效目标表",
    scope="file",
)
def copied_row(reports: list[Report]) -> Iterator[Hit]:  # type: ignore[misc]
    """A project's indicator row that is another project's row, word for word (name and its
    指标解释), and names that other project's subject ("临聘人员满意度" in the 驻京经费
    project, copied from 信访局临聘人员经费): the row measures the other project.

    The same generic row in several projects ("支出进度指标", "使用人员满意度") names no
    project and is not flagged.

    Limits: Only rows identical word for word (name and 指标解释) are compared; a copied row with one
    word changed is not found.
    """
    forms = [r for r in reports if r.kind in {"targets", "self_assessment"} and r.project]
    for form in forms:
        own = canon((form.project or "") + (form.goal or ""))
        for ind in form.indicators:
            if not ind.explanation:
                continue
            for other in forms:
                if other is form:
                    continue
                twin = _twin(ind, other)
                term = _shared_term(canon(ind.name + ind.explanation), canon(other.project or ""))
                if twin is None or not term or term in own:
                    continue
                yield Hit(
                    f"“{form.project}”的指标“{ind.name}”及其解释与“{other.project}”的同名指标相同，"
                    f"所述“{term}”属于后一项目",
                    [ind.evidence, twin.evidence],
                    found=ind.name,
                )
                break


def _twin(ind: Indicator, other: Report) -> Indicator | None:
    """The other form's row with the same name and the same explanation."""
    return next(
        (
            o
            for o in other.indicators
            if canon(o.name) == canon(ind.name)
            and canon(o.explanation or "") == canon(ind.explanation or "")
        ),
        None,
    )


def _shared_term(text: str, name: str) -> str:
    """The longest run of four or more characters of a project's name that a text repeats."""
    name = re.sub(r"(?:19|20)\d{2}年度?|\d+|[A-Za-z]+|[-—－()（）]", "", name)
    best = ""
    for i in range(len(name)):
        for j in range(i + 4, len(name) + 1):
            piece = name[i:j]
            if len(piece) > len(best) and piece in text and re.fullmatch(r"[\p{Han}]+", piece):
                best = piece
    return best


@rule(
    "FORMS-SAME-PROJECT",
    "restated_value",
    "warning",
    "同一项目的绩效目标表与监控表、自评表所列年度资金不一致",
    scope="file",
)
def same_project(reports: list[Report]) -> Iterator[Hit]:  # type: ignore[misc]
    """One project's forms in one file (a platform export: 绩效目标表, 执行监控表, 自评表) give
    its year's money: the target form's 年度资金总额 is the monitor's or self-assessment's
    年初预算数. A target form showing another amount was filled (or exported) for another
    budget.

    Limits: Forms are matched by their project name in one file; a project renamed between its forms
    is not matched.
    """
    targets = [r for r in reports if r.kind == "targets" and r.project]
    others = [r for r in reports if r.kind in {"monitoring", "self_assessment"} and r.project]
    for target in targets:
        total = _project_total(target)
        if total is None:
            continue
        for other in others:
            if canon(other.project) != canon(target.project):
                continue
            initial = next((r.initial for r in other.funds_rows if r.initial is not None), None)
            if initial is None or same(initial, total.budget):  # type: ignore[arg-type]
                continue
            kind = "监控表" if other.kind == "monitoring" else "自评表"
            yield Hit(
                f"“{target.project}”绩效目标表{total.label} {show_amount(total.budget)}，"  # type: ignore[arg-type]
                f"{kind}年初预算数 {show_amount(initial)}",
                [total.evidence, other.funds_rows[0].evidence],
                expected=initial.value,
                found=total.budget.value,  # type: ignore[union-attr]
            )
            break


SCORE_SENTENCE = re.compile(
    r"(?P<name>[\p{Han}（）()、]{2,40}?)项目(?:绩效)?(?:自评)?综述[:：][^。]{0,24}?"
    r"自评得分为\s*(?P<score>\d+(?:\.\d+)?)\s*分"
)


@rule(
    "PUB-SCORE-RESTATED",
    "restated_value",
    "error",
    "文中所述项目自评得分应与其自评表总分一致",
    scope="file",
)
def restated_scores(reports: list[Report]) -> Iterator[Hit]:  # type: ignore[misc]
    """A 部门决算 restates each project's self-assessed score in its text ("信息化运行维护项目
    绩效自评综述：…项目自评得分为 88.5 分"): it must be the 总分 of that project's own form.

    Limits: Projects are matched by name; a score quoted for a project whose form the file does not
    carry is not judged.
    """
    pubs = [r for r in reports if r.kind == "publication"]
    forms = {
        canon(r.project): r
        for r in reports
        if r.kind == "self_assessment" and r.project and r.total_score is not None
    }
    for pub in pubs:
        for m in SCORE_SENTENCE.finditer(pub.text):
            name = canon(re.sub(r"^[\d.、\s]+", "", m.group("name")))
            form = forms.get(name) or forms.get(name + "项目")
            if form is None:
                continue
            stated = quantity(m.group("score"), "分")
            if same(stated, form.total_score):  # type: ignore[arg-type]
                continue
            ev = pub.evidence_at(m.start("score"), m.end("score"))
            total_ev = form.first("total_score")
            yield Hit(
                f"文中称“{form.project}”项目自评得分 {show(stated)} 分，其自评表总分为 "
                f"{show(form.total_score)} 分",  # type: ignore[arg-type]
                [ev, total_ev.evidence if total_ev else Evidence(None, None, form.title or "")],
                expected=form.total_score.value,  # type: ignore[union-attr]
                found=stated.value,
            )


__all__ = ["copied_row", "project_sum", "restated_scores", "same_project"]
