"""Stacked detailed score tables: a text's indicator table printed one cell per line.

Text versions of reports often print the detailed table one cell per line (tables.py
calls such a table "stacked"), so rows and columns must be told from the cells' own
shapes: a weight in brackets, a run of short fragments before a bare weight, an
explanation ending with 。. That reading shares none of the grid reader's cell
positions, so it stands apart from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .model import Indicator, Row, Table, as_set_value
from .normalize import canon, name_key
from .numbers import parse_number
from .scorewords import L1_NAMES, NUM_TOKEN, clean_name

_PUNCT = re.compile(r"[，。；：、,;:（）()①-⑳%％<>≤≥=]")


def parse_detailed_stacked(table: Table) -> list[Indicator]:
    """The indicator table of a text where each cell stands on its own line.

    Level-1 and level-2 cells carry their weight in brackets ("决策（20分）",
    "项目立项（7）"), possibly wrapped over lines; a level-3 name is the run of
    short fragments just before a bare weight, followed by its explanation
    (ending with 。), its benchmark and its rubric. A row whose cells were run
    together with spaces ("数量指标 10 专项工作种类 ≥2种") is a level-3 row.
    """
    out: list[Indicator] = []
    state = _StackState()
    for row in table.body:
        text = " ".join(row.cells).strip()
        if not text:
            continue
        if canon(text).startswith(("合计", "总分")):
            break
        _stacked_token(text, row, table.caption, out, state)
    _flush_fragments(state, out, table.caption, as_group=False)
    return out


@dataclass
class _StackState:
    l1: Indicator | None = None
    l2: Indicator | None = None
    current: Indicator | None = None
    phase: str = "rubric"  # explanation | benchmark | benchmark_more | rubric
    fragments: list[tuple[str, Row]] | None = None


_HEAD = re.compile(r"^(?P<name>\p{Han}{2,6}?)\s*[（(]\s*(?P<w>\d+(?:\.\d+)?)\s*分?\s*[)）]?$")
_HEAD_OPEN = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分?\s*$")


def _stacked_token(
    text: str, row: Row, caption: str | None, out: list[Indicator], st: _StackState
) -> None:
    frags = st.fragments or []
    if st.phase == "benchmark" and st.current is not None:
        st.current.benchmark = text
        st.phase = "benchmark_more"
        return
    if st.phase == "benchmark_more":
        if len(text) <= 2 and _is_fragment(text) and st.current is not None:
            st.current.benchmark = (st.current.benchmark or "") + text
            return
        st.phase = "rubric"
    # A level head, possibly wrapped: "效益指" + "标（20" + "分）".
    candidate = canon("".join(t for t, _ in frags) + text)
    if _HEAD_OPEN.search(candidate):
        st.fragments = [*frags, (text, row)]
        return
    head = _HEAD.match(candidate.replace("(", "（").replace(")", "）"))
    if head:
        name = head["name"]
        level = 1 if (name in L1_NAMES or name_key(name) in {name_key(n) for n in L1_NAMES}) else 2
        first = frags[0][1] if frags else row
        ind = Indicator(
            level=level,
            name=name,
            weight=as_set_value(parse_number(head["w"])),
            evidence=first.evidence(),
            table=caption,
        )
        if level == 1:
            st.l1, st.l2 = ind, None
        else:
            ind.parent = st.l1.name if st.l1 else None
            st.l2 = ind
        out.append(ind)
        st.current, st.fragments, st.phase = None, None, "rubric"
        return
    parts = text.split()
    if len(parts) >= 3 and NUM_TOKEN.match(parts[1]) and not _PUNCT.search(parts[0]):
        _flush_fragments(st, out, caption, as_group=True)
        ind = Indicator(
            level=3,
            name=parts[0],
            weight=as_set_value(parse_number(parts[1])),
            evidence=row.evidence(),
            table=caption,
        )
        ind.parent = st.l2.name if st.l2 else (st.l1.name if st.l1 else None)
        ind.explanation = parts[2]
        ind.benchmark = " ".join(parts[3:]) or None
        out.append(ind)
        st.current = ind
        st.phase = "benchmark_more" if ind.benchmark else "benchmark"
        return
    if NUM_TOKEN.match(text) and frags:
        ind = Indicator(
            level=3,
            name=clean_name("".join(t for t, _ in frags)),
            weight=as_set_value(parse_number(text)),
            evidence=frags[0][1].evidence(),
            table=caption,
        )
        ind.parent = st.l2.name if st.l2 else (st.l1.name if st.l1 else None)
        out.append(ind)
        st.current, st.fragments, st.phase = ind, None, "explanation"
        return
    if _is_fragment(text):
        st.fragments = [*frags, (text, row)]
        return
    _flush_fragments(st, out, caption, as_group=False)
    cur = st.current
    if cur is None:
        return
    if st.phase == "explanation":
        cur.explanation = (cur.explanation or "") + text
        if text.endswith("。"):
            st.phase = "benchmark"
    else:
        cur.rubric = (cur.rubric or "") + text


def _is_fragment(text: str) -> bool:
    return len(text) <= 7 and not _PUNCT.search(text) and not NUM_TOKEN.match(text)


def _flush_fragments(
    st: _StackState, out: list[Indicator], caption: str | None, *, as_group: bool
) -> None:
    """Fragments not followed by a weight: a level-2 cell printed without weight, or row text."""
    frags = st.fragments
    st.fragments = None
    if not frags:
        return
    text = "".join(t for t, _ in frags)
    if as_group:
        ind = Indicator(
            level=2,
            name=clean_name(text),
            parent=st.l1.name if st.l1 else None,
            evidence=frags[0][1].evidence(),
            table=caption,
        )
        out.append(ind)
        st.l2 = ind
        return
    cur = st.current
    if cur is None:
        return
    if st.phase == "explanation":
        cur.explanation = (cur.explanation or "") + text
    elif st.phase in ("benchmark", "benchmark_more"):
        cur.benchmark = (cur.benchmark or "") + text
    else:
        cur.rubric = (cur.rubric or "") + text
