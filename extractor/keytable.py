"""Claims of the 项目关键信息表, the key-information table at the head of an evaluation report.

Its label/value pairs state the project, the year, the units, the budget, the
spending, the rates and the questionnaire counts once more, in 万元 unless a unit is
printed: each becomes a Claim (the names become fields) so that the rules can
compare the table with the prose.
"""

from __future__ import annotations

from dataclasses import replace

import regex as re

from .model import Claim, Evidence, Table
from .normalize import canon
from .numbers import parse_amount, parse_number, parse_percent, quantity

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
        if _column_header(table.rows[0].cells):
            continue  # "项目名称 | 子项目 | 年度 | 预算安排(万元) | …": a list of projects
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


# The words of a list table's column header ("子项目", "预算安排(万元)", "资金占比(%)").
_COLUMN_WORD = re.compile(
    r"子项目|年度|金额|万元|预算|执行|占比|比例|备注|序号|类别|单位|[(（]%[)）]"
)


def _column_header(cells: list[str]) -> bool:
    """A first row whose cells other than key labels are column names: the header of a table
    listing projects, not a key table's label/value pairs."""
    others = [canon(c) for c in cells if c.strip() and canon(c) not in KEY_LABELS]
    return len(others) >= 2 and all(_COLUMN_WORD.search(c) for c in others)


def _key_year(value: str) -> int | None:
    """The year of a 评价年度 cell ("2022 年", "2022年度", "2022")."""
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", value)
    return int(m.group(1)) if m else None
