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
