"""A form's totals: its 总分 / 合计 row, a total written into a heading, its execution rate.

The total row gives the weight total, the score and the grade; which number is
which comes from the header's columns, else from what the weights add up to.
Each is also a claim, so the rules read forms as they read reports.
"""

from __future__ import annotations

import regex as re

from ..model import Claim, Evidence, Report, as_set_value
from ..numbers import quantity
from .cells import Cell, _row_evidence
from .state import _State
from .values import _number
from .words import GRADES


def _total(row: list[Cell], st: _State) -> None:
    """The 总分 / 合计 row: the weight total, the score and the grade, each with its claim."""
    texts = [c.text for c in row]
    roles = st.ind_roles
    numbers = [(i, _number(t)) for i, t in enumerate(texts) if _number(t) is not None]
    grade = next((GRADES[t.strip()] for t in texts if t.strip() in GRADES), None)
    r = st.report
    weight = score = None
    if roles and (len(texts) == len(roles) or getattr(row, "grid", False)):
        for i, q in numbers:
            if i >= len(roles):
                continue
            if roles[i] == "weight":
                weight = q
            elif roles[i] == "score":
                score = q
    if len(numbers) == 1 and weight is not None and _names_score(texts, weight):
        weight, score = None, weight  # "总分值、评价总分 (S) | 92.33": one number, the score
    if weight is None and score is None and numbers:
        if len(numbers) >= 2:
            weight, score = numbers[0][1], numbers[1][1]
        else:
            q = numbers[0][1]
            weights = [i.weight.value for i in r.indicators if i.weight] + [
                f.weight.value for f in r.funds_rows if f.weight
            ]
            if (
                abs(q.value - 100) < 1e-9
                and sum(weights)
                and abs(sum(weights) - 100) < 1e-6
                and r.kind != "targets"
            ):
                weight = q
            else:
                score = q
    ev = _row_evidence(row)
    r.weight_total = as_set_value(weight)
    if score is not None:
        r.total_score = score
        r.claims.append(Claim("total_score", score, ev))
    if grade:
        r.grade = grade
        r.claims.append(Claim("grade", None, ev, text=grade))
    if weight is not None:
        r.claims.append(Claim("weight_total", weight, ev))


def _fused_total(report: Report) -> None:
    """A total written into a heading line ("总分：99.2分")."""
    if report.total_score is not None:
        return
    m = re.search(r"(?:自评)?总分[:：]\s*(\d+(?:\.\d+)?)\s*分?", report.text)
    if m:
        report.total_score = quantity(m.group(1), "分")
        report.claims.append(
            Claim("total_score", report.total_score, Evidence(None, None, m.group(0)))
        )


def _derive_claims(report: Report) -> None:
    """The form's funds as claims, so report-level rules (caps, ranges) read forms too."""
    total = next((f for f in report.funds_rows if f.rate is not None or f.weight is not None), None)
    if total and total.rate is not None and total.evidence:
        report.claims.append(Claim("execution_rate", total.rate, total.evidence))


def _names_score(texts: list[str], q) -> bool:  # type: ignore[no-untyped-def]
    """A total row whose label names the score (评价总分, 自评得分) and whose one number,
    not 100, sits under the 分值 column of a cell merged over 分值 and 得分."""
    label = next((t for t in texts if t.strip()), "")
    return bool(re.search(r"评价总分|自评总分|总得分|得分", label)) and abs(q.value - 100) > 1e-9


GRADE_ROW = re.compile(r"^(?:评价|自评|绩效)?等级[:：]?$")
GRADE_WORD = re.compile(r"^\s*(优秀|良好|不合格|合格|优|良|中|差)")


def grade_row(row: list[Cell], first: str, report: Report) -> bool:
    """A 评价等级 row under the total ("评价等级 | 优（S≧90）"): the grade, with its claim."""
    if not GRADE_ROW.match(first) or report.grade is not None:
        return False
    for text in [c.text for c in row][1:]:
        m = GRADE_WORD.match(text)
        if m:
            report.grade = GRADES[m.group(1)]
            report.claims.append(Claim("grade", None, _row_evidence(row), text=report.grade))
            return True
    return False
