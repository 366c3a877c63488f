"""Words and patterns more than one reader needs, kept in one place.

A backend may need to recognise a form's title (so a repeated title is not
taken for a running header) without importing the form parser above it.
"""

from __future__ import annotations

import regex as re

# The title of a self-assessment form, target table or monitoring table, as printed
# ("2022年度项目支出绩效自评表", "项目支出绩效目标申报表（2023年度）").
FORM_TITLE = re.compile(
    r"绩效[^，。；《》、]{0,8}?(?:自评表|目标表|申报表|填报表|监控表)(?:[(（][^)）]{0,12}[)）])*$"
)

# Where a year (or another identity field) was read, from the most to the least trusted.
KEY_TABLE = "项目关键信息表"
TITLE = "标题"
COVER = "封面"
PROJECT = "项目名称"
TEXT = "正文"


# What the workbook, the site and the 审核意见 call each kind of record (CONTRACT.md `kind`).
KIND_ZH = {
    "project": "项目支出绩效评价报告",
    "department": "部门整体支出绩效评价报告",
    "self_assessment": "绩效自评表",
    "targets": "绩效目标表",
    "monitoring": "绩效目标执行监控表",
    "publication": "部门预算/决算",
}


# A piece of a cell a line break cut, read as an indicator's name: one character ("率", "告"),
# the rest of a bracket or a sentence ("天）", "分）", "，…"), or a word cut before 指标 ("经济成本指").
_NAME_FRAGMENT = re.compile(r"^\p{Han}$|^[）)】》」，。、；：%]|指$")


def is_name_fragment(name: str) -> bool:
    """Whether an indicator's name is a piece of a cut cell, not a name (its brackets do not
    balance, or it is one of the pieces above)."""
    opened = name.count("（") + name.count("(")
    closed = name.count("）") + name.count(")")
    return bool(_NAME_FRAGMENT.search(name)) or opened != closed
