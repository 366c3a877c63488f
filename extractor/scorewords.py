"""The words of score tables: column roles, indicator codes, weights in names, name keys.

Every reader of a score table (grid, stacked, items, summaries) and the text-table
readers that find where such a table starts (tables.py, celllines.py) decide what a
cell is from the same words: the header word that gives a column its role, the
A/A1/A101 codes, a weight printed after a name ("项目决策 (20)"), the 合计 row, the
usual level-1 names. They live here, below all those readers, so that each of them
reads a table the same way and none imports another for a word.
"""

from __future__ import annotations

import regex as re

from .model import Quantity, as_set_value
from .normalize import canon
from .numbers import parse_number

COLUMN_ROLES = [
    ("一级指标", "l1"),
    ("二级指标", "l2"),
    ("三级指标", "l3"),
    ("评价指标", "l1"),
    ("指标名称", "l3"),
    ("指标解释", "explanation"),
    ("指标说明", "explanation"),
    ("评分依据", "basis"),
    ("评价标准", "rubric"),
    ("评分标准", "rubric"),
    ("评分细则", "rubric"),
    ("评分过程", "process"),
    ("得分说明", "process"),
    ("权重分", "weight"),
    ("评级分值", "points"),
    ("权重", "weight"),
    ("分值", "weight"),
    ("标杆值", "benchmark"),
    ("目标值", "benchmark"),
    ("年度指标值", "benchmark"),
    ("指标值", "benchmark"),
    ("业绩值", "actual"),
    ("实际完成值", "actual"),
    ("完成情况", "actual"),
    ("完成值", "actual"),
    ("得分率", "rate"),
    ("实际得分", "score"),
    ("第三方绩效评价得分", "score"),
    ("评价得分", "score"),
    ("得分", "score"),
]

L1_CODE = re.compile(r"^([A-Z])\s*([^\dA-Za-z\s].*)$")
L2_CODE = re.compile(r"^([A-Z]\d)(?!\d)\s*(\D.*)?$")
L3_CODE = re.compile(r"^([A-Z]\d{3})\s*(.*)$")
WEIGHT_SUFFIX = re.compile(
    r"\s*(?:[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]?|(?<=\p{Han})(\d+(?:\.\d+)?)\s*分)\s*$"
)
TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*分|综合绩效|总\s*计)\s*[:：]?$")
NUM_TOKEN = re.compile(r"^\d+(?:\.\d+)?$")
L1_NAMES = {
    "决策",
    "过程",
    "产出",
    "效益",
    "管理",
    "投入",
    "效果",
    "项目决策",
    "项目过程",
    "项目管理",
    "项目产出",
    "项目效益",
    "产出效益",
    "效益指标",
    "决策指标",
    "过程指标",
    "产出指标",
}


def column_roles(header: list[str]) -> list[str | None]:
    """The role of each header cell (l1, weight, score, …) from its words."""
    roles: list[str | None] = []
    for cell in header:
        key = canon(cell)
        role = None
        for word, r in COLUMN_ROLES:
            if key.startswith(word) or key == word:
                role = r
                break
        if role is None:
            for word, r in COLUMN_ROLES:
                if word in key:
                    role = r
                    break
        roles.append(role)
    return roles


def split_weight(text: str) -> tuple[str, Quantity | None]:
    """ "项目决策 (20)" → ("项目决策", 20); "产出质量（10分）" → ("产出质量", 10)."""
    text = text.strip()
    m = WEIGHT_SUFFIX.search(text)
    if m:
        return text[: m.start()].strip(), as_set_value(parse_number(m.group(1) or m.group(2)))
    return text, None


def clean_name(text: str) -> str:
    """An indicator name without line breaks and the spaces PDF text leaves inside words."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=\p{Han}) (?=\p{Han})", "", text)
