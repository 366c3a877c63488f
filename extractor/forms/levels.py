"""The level cells of the indicators (一级指标, 二级指标): their names, and where a page cut them.

A level cell is merged over its indicators; a PDF prints its text once, at
the middle row or cut in two by a page break ("效益指" / "标"), sometimes as
lines between the rows. These are completed and given to the rows they cover.
"""

from __future__ import annotations

import regex as re

from ..model import Evidence, Indicator, Report, as_set_value
from ..normalize import canon
from ..numbers import quantity
from .state import _State

LEVEL1 = {"产出指标", "效益指标", "满意度指标", "成本指标", "过程指标", "效果指标"}
LEVEL2_WORDS = (
    r"(?:数量指标|质量指标|时效指标|成本指标|经济成本指标|社会成本指标|生态环境成本指标|经济效益指标|社会效益指标|"
    r"生态效益指标|可持续影响指标|服务对象满意度指标等?|社会公众满意度指标|满意度指标|过程指标)"
)
LEVEL2 = re.compile(rf"^{LEVEL2_WORDS}$")
FUSED_LEVELS = re.compile(
    rf"^(?P<l1>产出指标|效益指标|满意度指标|成本指标)(?P<l2>{LEVEL2_WORDS})(?P<name>.+)$"
)
LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标", "过程指标", "效果指标")
LEVEL2_NAMES = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "社会公众满意度指标",
    "满意度指标",
    "过程指标",
)

STRAY_LEVEL = re.compile(
    r"^[产出效益满意度成本数量质量时效经济社会生态环境可持续影响服务对象公众过程指标年绩\s]+$"
)
MAX_STRAY_RUN = 4  # rows a stray level name is given back to, at most


def _level_name(text: str) -> str:
    """ "产出指标（50分）" → "产出指标"."""
    return re.sub(r"\s*[(（]\s*\d+(?:\.\d+)?\s*分?\s*[)）]\s*$", "", text.strip())


def complete_level(text: str, names: tuple[str, ...]) -> tuple[str, str]:
    """A level cell as read, completed when a page break cut it: (name, kind), kind "full"
    (a level name, or any other text as printed), "prefix" ("效益指" → 效益指标, "产出" →
    产出指标) or "tail" (the cut-off end, "标", "指标": the level goes on)."""
    key = canon(text)
    if key in names or not key:
        return text.strip(), "full"
    longer = [n for n in names if n.startswith(key)]
    cut = len(key) == 2 or key.endswith("指")  # "产出", "效益指": a word cut, not a short name
    if len(key) >= 2 and longer and cut:
        return min(longer, key=len), "prefix"
    if len(key) <= 2 and any(n.endswith(key) for n in names):
        return text.strip(), "tail"
    return text.strip(), "full"


def _stray_level1(texts: list[str], roles: list[str | None]) -> str:
    """A 一级指标 (or its cut first part, "效益指") that the PDF reader put in the unlabelled
    column left of the 一级指标 column (a merged cell cut by a page break)."""
    first = roles.index("l1")
    for i in range(first):
        if roles[i] is None and texts[i].strip():
            name, kind = complete_level(texts[i], LEVEL1_NAMES)
            if kind == "prefix" or (kind == "full" and name in LEVEL1_NAMES):
                return texts[i]
    return ""


def _group_weight(text: str, st: _State, ev: Evidence) -> None:
    """A level-1 cell that prints its weight ("产出指标（50分）")."""
    m = re.search(r"[(（]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$", text.strip())
    if m:
        st.report.group_weights.append(
            (_level_name(text), as_set_value(quantity(m.group(1), "分")), ev)
        )


def _stray_levels(st: _State) -> None:
    """Level names a page break cut out of their merged cells: the PDF reader gives them as
    lines between the rows ("效益指 社会效益指" / "标标", "产出指标 数量指标"). Their pieces are
    joined column by column (by position); a name found applies to the rows after it, and
    to the last rows before it that had no level cell of their own (at most four: a longer
    run is not certainly the merged cell's)."""
    lines, st.stray = st.stray, []
    columns: list[list] = []  # [x0, x1, first line index, text]
    for k, ln in enumerate(lines):
        spans = ln.spans or ([(ln.box[0], ln.box[2], ln.text)] if ln.box else [])
        for x0, x1, text in spans:
            col = next((c for c in columns if x0 < c[1] and c[0] < x1), None)
            if col is None:
                columns.append([x0, x1, k, canon(text)])
            else:
                col[0], col[1], col[3] = min(col[0], x0), max(col[1], x1), col[3] + canon(text)
    found: dict[str, tuple[str, int]] = {}
    for _x0, _x1, first, text in columns:
        for level, names in (("l1", LEVEL1_NAMES), ("l2", LEVEL2_NAMES)):
            name, kind = complete_level(text, names)
            if kind in {"full", "prefix"} and name in names and (kind == "full" or len(text) >= 3):
                found.setdefault(level, (name, first))
    if not found:
        return
    inds = st.report.indicators
    run2 = _run_since_explicit(inds, st, 1)
    if "l2" in found:
        if 0 < len(run2) <= MAX_STRAY_RUN:
            for ind in run2:
                ind.level2 = ind.parent = found["l2"][0]
        st.l2 = found["l2"][0]
    if "l1" in found:
        same_line = "l2" in found and found["l1"][1] == found["l2"][1]
        run1 = run2 if same_line else _run_since_explicit(inds, st, 0)
        if 0 < len(run1) <= MAX_STRAY_RUN:
            for ind in run1:
                ind.level1 = found["l1"][0]
        if st.l1 != found["l1"][0] and "l2" not in found:
            st.l2 = None
        st.l1 = found["l1"][0]


def _run_since_explicit(inds: list[Indicator], st: _State, level: int) -> list[Indicator]:
    """The last indicators that took their level (0: 一级, 1: 二级) from a row above."""
    run: list[Indicator] = []
    for ind in reversed(inds):
        if st.explicit.get(id(ind), (True, True))[level]:
            break
        run.append(ind)
    return run[::-1]


def _backfill_levels(rec: Report, st: _State) -> None:
    """The first rows of a table with no level cells, before the first row that has them: a
    merged level cell whose text the PDF printed at its middle row. They are of that level."""
    inds = rec.indicators
    k = next((i for i, ind in enumerate(inds) if ind.level1 or ind.level2), None)
    if not k or not st.explicit.get(id(inds[k]), (False, False))[0]:
        return
    for ind in inds[:k]:
        ind.level1, ind.level2 = inds[k].level1, inds[k].level2
        ind.parent = ind.level2 or ind.level1
