"""The indicator rows: each row's cells by the header's roles into an Indicator.

A row's levels come from its level cells (or the ones above it), its target
from the value, operator and unit cells together ("≥" | "50" | "个"), its
actual, weight, score and reason from their columns. A table listing several
projects gives its entity cells to lists first.
"""

from __future__ import annotations

import regex as re

from ..model import Evidence, Indicator, as_set_value
from ..normalize import canon
from ..numbers import operator_of
from .cells import Cell, _row_evidence
from .levels import (
    FUSED_LEVELS,
    LEVEL1,
    LEVEL1_NAMES,
    LEVEL2,
    LEVEL2_NAMES,
    _group_weight,
    _level_name,
    _stray_level1,
    complete_level,
)
from .lists import list_row
from .state import _State
from .values import _number, parse_measure
from .words import PLACEHOLDER


def _indicator_row(row: list[Cell], st: _State) -> None:
    """A row under the indicator header: its level cells, then its indicator (if it names one)."""
    roles = st.ind_roles
    texts = [c.text for c in row]
    if getattr(row, "grid", False):
        texts = texts + [""] * max(0, len(roles) - len(texts))
    if st.entity:
        if list_row(texts, st, _row_evidence(row)):
            return
        roles = st.ind_roles
    while texts and not texts[-1] and len(texts) > len(roles):
        texts.pop()
    if len(texts) < len(roles):
        # Leading merged cells were dropped in the copy: align on the right.
        texts = [""] * (len(roles) - len(texts)) + texts
    values: dict[str, str] = {}
    for role, text in zip(roles, texts, strict=False):
        if role and text and role not in values:
            values[role] = text
        elif role and text and role in {"target", "actual"}:
            values[role] = values[role] + text
    # Level cells: by their column when the header has one, else by their words.
    explicit = (False, False)
    if "l1" in roles and not values.get("l1"):
        values["l1"] = _stray_level1(texts, roles)
    if "l1" in roles or "l2" in roles:
        if values.get("l1"):
            name1, kind = complete_level(_level_name(values["l1"]), LEVEL1_NAMES)
            if kind != "tail":
                if kind != "prefix" or name1 != st.l1:
                    st.l2 = None
                st.l1 = name1
                explicit = (True, False)
                _group_weight(values["l1"], st, _row_evidence(row))
        if values.get("l2"):
            name2, kind = complete_level(_level_name(values["l2"]), LEVEL2_NAMES)
            if kind != "tail":
                st.l2 = name2
                explicit = (explicit[0], True)
    else:
        for text in texts:
            k = canon(text)
            if _level_name(k) in LEVEL1:
                st.l1, st.l2 = _level_name(text), None
            elif LEVEL2.match(k):
                st.l2 = text.strip()
    name = values.get("name", "").strip()
    fused = FUSED_LEVELS.match(name) if st.fused_levels else None
    if fused:
        st.l1, st.l2, name = fused.group("l1"), fused.group("l2"), fused.group("name")
    if not name and st.l2 and values.get("target", "").strip():
        _add_indicator(st, "", values, _row_evidence(row))  # a row with no indicator content
    elif not name or name in PLACEHOLDER or LEVEL2.match(canon(name)) or canon(name) in LEVEL1:
        return
    else:
        _add_indicator(st, name, values, _row_evidence(row))
    st.explicit[id(st.report.indicators[-1])] = explicit


def _add_indicator(st: _State, name: str, values: dict[str, str], ev: Evidence) -> None:
    target_raw = values.get("target", "").strip()
    unit_cell = values.get("unit", "").strip()
    nature = values.get("nature", "").strip()
    op_cell = nature if operator_of(nature) and len(nature) <= 4 else ""
    if unit_cell in PLACEHOLDER:
        unit_cell = ""
    joins_unit = unit_cell and not target_raw.endswith(unit_cell) and re.search(r"\d", target_raw)
    printed = (op_cell + target_raw + (unit_cell if joins_unit else "")).strip()
    measure = parse_measure(printed)
    actual_raw = values.get("actual", "").strip()
    actual = parse_measure(actual_raw)
    ind = Indicator(level=3, name=name, evidence=ev)
    ind.level1, ind.level2 = st.l1, st.l2
    ind.parent = st.l2 or st.l1
    ind.benchmark = printed or None
    ind.operator = measure.operator or (op_cell and operator_of(op_cell)) or None
    ind.target_value = measure.value
    ind.unit = measure.unit or (unit_cell or None)
    if ind.unit in {"—", "-"}:
        ind.unit = None
    ind.actual = actual_raw or None
    ind.actual_value = actual.value
    weight = values.get("weight", "")
    if not weight and "weight" not in st.ind_roles:
        weight = values.get("remark", "")  # a 备注 column that holds the weights (Hunan)
    ind.weight = as_set_value(_number(weight))
    ind.score = _number(values.get("score", ""))
    reason = values.get("reason", "").strip()
    ind.reason = None if reason in PLACEHOLDER else reason
    ind.nature = nature or None
    ind.forecast = values.get("forecast") or None
    ind.method = values.get("method") or None
    ind.rubric = values.get("rubric") or ind.method
    ind.explanation = values.get("explanation") or None
    st.report.indicators.append(ind)
