"""Score tables into indicators: the detailed tree, the per-item tables and the summaries.

Reports print the same scores several times: a detailed table (一级/二级/三级
with weights, targets, results, scores and rubrics), per-section tables of
level-3 items, and summary tables by level 1 or 2. Each is read as printed
into a ScoreTable (so rules can compare them), and the detailed tree is
completed from the others where it leaves a value out.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .model import Evidence, Indicator, Quantity, Row, ScoreTable, SubItem, Table, as_set_value
from .normalize import canon
from .numbers import parse_number, parse_percent

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


def kind_of(table: Table) -> str | None:
    """detailed | summary | items | targets | None, from the header's roles."""
    roles = set(column_roles(table.header))
    if _transposed_labels(table) is not None:
        return "summary"
    if not roles & {"score", "rate", "points"}:
        if {"l1", "l2", "l3"} <= roles and ("benchmark" in roles or "weight" in roles):
            return "targets" if "weight" not in roles else "detailed"
        if table.source == "stacked" and {"l2", "l3", "weight"} <= roles:
            return "detailed"
        return None
    if "l3" in roles and ("l1" in roles or "l2" in roles):
        return "detailed"
    if "l3" in roles:
        return "items"
    if roles & {"l1", "l2"}:
        return "summary"
    return None


# -- grid detailed tables -----------------------------------------------------


@dataclass
class _Cursor:
    l1: Indicator | None = None
    l2: Indicator | None = None
    last: Indicator | None = None


def parse_detailed_grid(table: Table) -> tuple[list[Indicator], Row | None]:
    """A grid score table (coded like A101 or by merged columns) into indicators, and its total row.

    Rows cut by a page break continue the row above: their text is appended and
    their numbers fill what the row above left empty. In coded tables the codes,
    not the column positions, decide the tree, because merged cells shift columns.
    """
    roles = column_roles(table.header)
    idx = {r: i for i, r in reversed(list(enumerate(roles))) if r}
    out: list[Indicator] = []
    by_code: dict[str, Indicator] = {}
    cur = _Cursor()
    total: Row | None = None
    caption = table.caption
    for row in table.body:
        cells = [c.strip() if c else "" for c in row.cells]
        if not any(cells):
            continue
        if TOTAL_ROW.match(canon(cells[0])):
            total = row
            continue
        k3 = next((i for i, c in enumerate(cells) if L3_CODE.match(c)), None)
        if k3 is not None:
            offset = k3 - idx.get("l3", k3)
            for i in range(k3):
                _open_group(cells[i], row, out, by_code, cur, caption, coded=True)
            code, rest = L3_CODE.match(cells[k3]).groups()
            ind = Indicator(
                level=3, name=clean_name(rest), code=code, evidence=row.evidence(), table=caption
            )
            _fill(ind, cells, idx, offset, after=k3)
            out.append(ind)
            cur.last = ind
            continue
        name3 = _cell(cells, idx, "l3", 0)
        numbers = [_pure_number(_cell(cells, idx, role, 0)) for role in ("weight", "score")]
        if any(numbers) and name3 and not by_code:
            for role in ("l1", "l2"):
                if _cell(cells, idx, role, 0):
                    level = 1 if role == "l1" else 2
                    _open_group(
                        _cell(cells, idx, role, 0),
                        row,
                        out,
                        by_code,
                        cur,
                        caption,
                        coded=False,
                        level=level,
                    )
            ind = Indicator(level=3, name=clean_name(name3), evidence=row.evidence(), table=caption)
            _fill(ind, cells, idx, 0)
            ind.parent = cur.l2.name if cur.l2 else (cur.l1.name if cur.l1 else None)
            out.append(ind)
            cur.last = ind
        else:
            _continue_groups(cells, idx, cur)
            if cur.last is not None:
                _continue(cur.last, cells, idx)
    if by_code:
        _parents_from_codes(out, by_code)
    return out, total


def _parents_from_codes(out: list[Indicator], by_code: dict[str, Indicator]) -> None:
    """Parents of a coded tree: A101's parent is A1, A1's is A (names are known only at the end)."""
    for ind in out:
        if not ind.code:
            continue
        parent = (
            by_code.get(ind.code[:2])
            if ind.level == 3
            else by_code.get(ind.code[0])
            if ind.level == 2
            else None
        )
        ind.parent = parent.name if parent else ind.parent


_PURE_NUMBER = re.compile(r"^[（(]?\s*\d+(?:\.\d+)?\s*分?\s*[)）]?$")


def _pure_number(text: str) -> Quantity | None:
    """A cell that is only a number ("4", "(4)", "3.98 分"): text around it means it is not one."""
    return parse_number(text) if text and _PURE_NUMBER.match(text.strip()) else None


def _cell(cells: list[str], idx: dict[str, int], role: str, offset: int) -> str:
    i = idx.get(role)
    if i is None:
        return ""
    j = i + offset
    return cells[j].strip() if 0 <= j < len(cells) else ""


def _open_group(
    text: str,
    row: Row,
    out: list[Indicator],
    by_code: dict[str, Indicator],
    cur: _Cursor,
    caption: str | None,
    *,
    coded: bool,
    level: int | None = None,
) -> None:
    text = text.strip()
    if not text:
        return
    code = None
    if coded:
        m2 = L2_CODE.match(text)
        m1 = L1_CODE.match(text)
        if m2:
            code, text, level = m2.group(1), m2.group(2) or "", 2
        elif m1:
            code, text, level = m1.group(1), m1.group(2), 1
        else:
            return
    name, weight = split_weight(text)
    name = clean_name(name)
    if code and code in by_code:
        ind = by_code[code]
    else:
        key = (level, canon(name))
        existing = next((i for i in out if (i.level, canon(i.name)) == key and i.level < 3), None)
        if existing and not coded:
            ind = existing
        else:
            ind = Indicator(
                level=level or 1,
                name=name,
                code=code,
                weight=weight,
                evidence=row.evidence(),
                table=caption,
            )
            out.append(ind)
            if code:
                by_code[code] = ind
    if ind.level == 1:
        cur.l1, cur.l2 = ind, None
    else:
        cur.l2 = ind
        if ind.parent is None:
            parent = by_code.get(code[0]) if code else cur.l1
            ind.parent = parent.name if parent else None


def _continue_groups(cells: list[str], idx: dict[str, int], cur: _Cursor) -> None:
    """Level-1/2 cells cut by a page break: "D1经济效益" + "8分", "D4" + "社会公众…满意度8分"."""
    for role, group in (("l1", cur.l1), ("l2", cur.l2)):
        extra = _cell(cells, idx, role, 0)
        if not extra or group is None:
            continue
        if group.weight is not None and not group.name:
            group.name = clean_name(extra)
            continue
        if group.weight is None:
            name, weight = split_weight(group.name + extra)
            group.name, group.weight = clean_name(name), weight


def _fill(
    ind: Indicator, cells: list[str], idx: dict[str, int], offset: int, after: int | None = None
) -> None:
    ind.weight = as_set_value(_pure_number(_cell(cells, idx, "weight", offset))) or ind.weight
    ind.score = _pure_number(_cell(cells, idx, "score", offset))
    if ind.score is None and ind.weight is None and after is not None:
        # Cells dropped from a cut row shift the rest left: the score is the last plain number with decimals.
        tail = [_pure_number(c) for c in cells[after + 1 :]]
        decimals = [q for q in tail if q is not None and q.decimals >= 1]
        ind.score = decimals[-1] if decimals else None
    ind.rate = parse_percent(_cell(cells, idx, "rate", offset))
    ind.benchmark = _cell(cells, idx, "benchmark", offset) or None
    ind.actual = _cell(cells, idx, "actual", offset) or None
    ind.rubric = _cell(cells, idx, "rubric", offset) or None
    ind.explanation = _cell(cells, idx, "explanation", offset) or None
    ind.process = _cell(cells, idx, "process", offset) or None


_TEXT_ROLES = {"l3": "name", "rubric": "rubric", "explanation": "explanation", "process": "process"}


def _continue(ind: Indicator, cells: list[str], idx: dict[str, int]) -> None:
    """A row holding only the rest of wrapped cells (after a page break): append to the last row."""
    for role in ("weight", "score"):
        if getattr(ind, role) is None:
            value = _pure_number(_cell(cells, idx, role, 0))
            setattr(ind, role, as_set_value(value) if role == "weight" else value)
    for role, attr in _TEXT_ROLES.items():
        extra = _cell(cells, idx, role, 0)
        if extra:
            old = getattr(ind, attr) or ""
            setattr(ind, attr, clean_name(old + extra) if attr == "name" else old + extra)


# -- stacked detailed tables (one cell per line) ----------------------------------

_NUM_TOKEN = re.compile(r"^\d+(?:\.\d+)?$")
_PUNCT = re.compile(r"[，。；：、,;:（）()①-⑳%％<>≤≥=]")
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
    if len(parts) >= 3 and _NUM_TOKEN.match(parts[1]) and not _PUNCT.search(parts[0]):
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
    if _NUM_TOKEN.match(text) and frags:
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
    return len(text) <= 7 and not _PUNCT.search(text) and not _NUM_TOKEN.match(text)


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


# -- item tables and summaries ---------------------------------------------------------


def parse_items(table: Table) -> list[Indicator]:
    """Level-3 item tables: grid rows, or text rows with sub-items "①…（2分） 2 2"."""
    roles = column_roles(table.header)
    if table.source == "columns" and roles.count("weight") >= 2 and "rubric" in roles:
        # Sub-items scored under an indicator merged over them, printed without lines: which
        # sub-items an indicator owns cannot be told from positions alone. No sums at all
        # beat sums over the wrong sub-items.
        return []
    if table.source == "grid":
        if roles.count("weight") >= 2 and "rubric" in roles:
            return _parse_grid_items(table, roles)
        inds, _ = parse_detailed_grid(table)
        return inds
    if "rubric" in roles:
        return _parse_item_stream(table)
    out = []
    for row in table.body:
        cells = row.cells
        if len(cells) < len(roles) or TOTAL_ROW.match(canon(cells[0])):
            continue
        if len(cells) > len(roles):
            cells = [
                " ".join(cells[: len(cells) - len(roles) + 1]),
                *cells[len(cells) - len(roles) + 1 :],
            ]
        values = dict(zip(roles, cells, strict=False))
        ind = Indicator(
            level=3,
            name=clean_name(values.get("l3", "")),
            evidence=row.evidence(),
            table=table.caption,
        )
        ind.weight = as_set_value(parse_number(values.get("weight")))
        ind.score = parse_number(values.get("score"))
        ind.benchmark = values.get("benchmark")
        ind.actual = values.get("actual")
        ind.rate = parse_percent(values.get("rate")) if values.get("rate") else None
        out.append(ind)
    return out


def _parse_grid_items(table: Table, roles: list[str | None]) -> list[Indicator]:
    """Grid item tables (三级指标 权重 评分标准 分值 实际得分): one row per sub-item, names merged down."""
    i_name = roles.index("l3")
    i_weight = roles.index("weight")
    i_points = len(roles) - 1 - roles[::-1].index("weight")
    i_rubric = roles.index("rubric")
    i_score = roles.index("score") if "score" in roles else None
    out: list[Indicator] = []
    for row in table.body:
        cells = row.cells + [""] * (len(roles) - len(row.cells))
        name = clean_name(cells[i_name])
        if name and not TOTAL_ROW.match(canon(name)):
            ind = Indicator(
                level=3,
                name=re.sub(r"[（(][^）)]*[)）]", "", name).strip() or name,
                weight=as_set_value(parse_number(cells[i_weight])),
                evidence=row.evidence(),
                table=table.caption,
            )
            out.append(ind)
        if not out:
            continue
        ind = out[-1]
        score = parse_number(cells[i_score]) if i_score is not None else None
        points = parse_number(cells[i_points])
        if not name and points is None and score is None and ind.sub_items:
            ind.sub_items[-1].text += cells[i_rubric]  # the rest of a cell cut by a page break
        else:
            ind.sub_items.append(SubItem(cells[i_rubric], points, score))
        ind.rubric = (ind.rubric or "") + cells[i_rubric]
    for ind in out:
        _sum_sub_items(ind)
    return out


def _sum_sub_items(ind: Indicator) -> None:
    """An indicator scored by parts: its score is the sum of its parts' scores."""
    if ind.sub_items and all(s.score for s in ind.sub_items):
        total = sum(s.score.value for s in ind.sub_items)
        decimals = max(s.score.decimals for s in ind.sub_items)
        ind.score = Quantity(
            round(total, 6), "+".join(s.score.raw for s in ind.sub_items), decimals, "分"
        )


def _parse_item_stream(table: Table) -> list[Indicator]:
    tokens: list[tuple[str, Row]] = [
        (tok, row) for row in table.body for tok in row.cells if tok.strip()
    ]
    out: list[Indicator] = []
    current: Indicator | None = None
    text_run: list[tuple[str, Row]] = []
    i = 0
    while i < len(tokens):
        tok, row = tokens[i]
        if _NUM_TOKEN.match(tok):
            nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if _NUM_TOKEN.match(nxt) and current is not None:
                # sub-item: 分值 then 实际得分
                current.sub_items.append(
                    SubItem("".join(t for t, _ in text_run), parse_number(tok), parse_number(nxt))
                )
                current.rubric = (current.rubric or "") + "".join(t for t, _ in text_run)
                text_run = []
                i += 2
                continue
            if text_run:
                name = clean_name("".join(t for t, _ in text_run))
                name = re.sub(r"[（(][^）)]*[)）]", "", name).strip() or name
                current = Indicator(
                    level=3,
                    name=name,
                    weight=as_set_value(parse_number(tok)),
                    evidence=text_run[0][1].evidence(),
                    table=table.caption,
                )
                out.append(current)
                text_run = []
                i += 1
                continue
        text_run.append((tok, row))
        i += 1
    for ind in out:
        _sum_sub_items(ind)
    return out


_SIDEWAYS_WEIGHT = ("分值", "权重", "权重分")
_SIDEWAYS_SCORE = ("得分", "实际得分")


def _transposed_labels(table: Table) -> dict[str, Row] | None:
    """The rows of a summary printed sideways, by their first cell (分值 / 得分 / 得分率), or None.

    The header names level-1 (or level-2) indicators across ("一级指标 决策 过程 产出 效益
    合计"), so its own words give no score column: the first cells of the rows do.
    """
    roles = column_roles(table.header)
    if not roles or roles[0] not in ("l1", "l2") or any(roles[1:]):
        return None
    labels = {canon(r.cells[0]): r for r in table.body if r.cells}
    if not set(_SIDEWAYS_WEIGHT) & set(labels) or not set(_SIDEWAYS_SCORE) & set(labels):
        return None
    return labels


def _transposed(table: Table) -> list[Indicator] | None:
    """A summary printed sideways: names across the header, rows 分值 / 得分 / 得分率."""
    labels = {canon(r.cells[0]): r for r in table.body if r.cells}
    if not set(_SIDEWAYS_WEIGHT) & set(labels) or not set(_SIDEWAYS_SCORE) & set(labels):
        return None
    weight_row = next(labels[k] for k in _SIDEWAYS_WEIGHT if k in labels)
    score_row = next(labels[k] for k in _SIDEWAYS_SCORE if k in labels)
    rate_row = labels.get("得分率")
    level = 2 if column_roles(table.header[:1])[0] == "l2" else 1
    out = []
    for i, name in enumerate(table.header[1:], start=1):
        name = clean_name(name)
        if not name:
            continue
        is_total = bool(TOTAL_ROW.match(canon(name)))
        out.append(
            Indicator(
                level=0 if is_total else level,
                name="合计" if is_total else name,
                weight=as_set_value(parse_number(weight_row.cells[i]))
                if i < len(weight_row.cells)
                else None,
                score=parse_number(score_row.cells[i]) if i < len(score_row.cells) else None,
                rate=parse_percent(rate_row.cells[i])
                if rate_row and i < len(rate_row.cells)
                else None,
                evidence=score_row.evidence(),
                table=table.caption,
            )
        )
    return out


def parse_summary(table: Table) -> list[Indicator]:
    """A summary table (by level 1 or 2) as printed, 合计 row included (named "合计")."""
    sideways = _transposed(table)
    if sideways is not None:
        return sideways
    roles = column_roles(table.header)
    level = 2 if "l2" in roles else 1
    out = []
    for row in table.body:
        cells = [c for c in row.cells]
        if table.source != "grid":
            if len(cells) < len(roles):
                continue
            if len(cells) > len(roles):
                cells = [
                    "".join(cells[: len(cells) - len(roles) + 1]),
                    *cells[len(cells) - len(roles) + 1 :],
                ]
        values = {}
        for role, cell in zip(roles, cells, strict=False):
            if role and role not in values:
                values[role] = cell
        name = clean_name(values.get("l1") or values.get("l2") or (cells[0] if cells else ""))
        if not name:
            continue
        is_total = bool(TOTAL_ROW.match(canon(name)))
        weight_text = values.get("points") or values.get("weight")
        ind = Indicator(
            level=0 if is_total else level,
            name="合计" if is_total else name,
            weight=as_set_value(parse_number(weight_text))
            if (weight_text and "%" not in weight_text) or values.get("points") is None
            else parse_number(values.get("points")),
            score=parse_number(values.get("score")),
            rate=parse_percent(values.get("rate")) if values.get("rate") else None,
            evidence=row.evidence(),
            table=table.caption,
        )
        out.append(ind)
    return out


def read_score_tables(
    tables: list[Table],
) -> tuple[list[Indicator], list[ScoreTable], list[tuple[Quantity, Evidence]]]:
    """Every score table of a document: the indicator tree, the tables as printed, totals."""
    score_tables: list[ScoreTable] = []
    totals: list[tuple[Quantity, Evidence]] = []
    for table in tables:
        kind = kind_of(table)
        if kind == "detailed":
            if table.source == "stacked":
                rows = parse_detailed_stacked(table)
            else:
                rows, total = parse_detailed_grid(table)
                roles = column_roles(table.header)
                score_idx = roles.index("score") if "score" in roles else None
                if total is not None and score_idx is not None:
                    nums = [parse_number(c) for c in total.cells[1:] if c and parse_number(c)]
                    score = None
                    if score_idx is not None and score_idx < len(total.cells):
                        score = parse_number(total.cells[score_idx])
                    if score is None:
                        numeric = [q for q in nums if q.unit != "%"]
                        score = numeric[-1] if numeric else None
                    if score is not None:
                        totals.append((score, total.evidence()))
            if rows:
                score_tables.append(ScoreTable(table.caption, "detailed", rows))
        elif kind == "items":
            rows = parse_items(table)
            if rows:
                score_tables.append(ScoreTable(table.caption, "items", rows))
        elif kind == "summary":
            rows = parse_summary(table)
            if rows:
                score_tables.append(ScoreTable(table.caption, "summary", rows))
    tree = build_tree(score_tables)
    return tree, score_tables, totals


def build_tree(score_tables: list[ScoreTable]) -> list[Indicator]:
    """The detailed tree (the first detailed table with the most rows), completed from the others."""
    detailed = [t for t in score_tables if t.kind == "detailed"]
    if not detailed:
        items = [r for t in score_tables if t.kind == "items" for r in t.rows]
        return [_copy(r) for r in items]
    primary = max(
        detailed, key=lambda t: (sum(1 for r in t.rows if r.score is not None), len(t.rows))
    )
    tree = [_copy(r) for r in primary.rows]
    by_code = {i.code: i for i in tree if i.code}
    for table in detailed:
        if table is primary:
            continue
        for row in table.rows:
            target = by_code.get(row.code) if row.code else _find(tree, row.name, row.level)
            if target is None:
                continue
            for attr in ("rubric", "explanation", "process", "benchmark", "actual"):
                if getattr(target, attr) is None and getattr(row, attr):
                    setattr(target, attr, getattr(row, attr))
            if target.score is None and row.score is not None:
                target.score = row.score
            if target.weight is None and row.weight is not None:
                target.weight = row.weight
    # Level-3 scores from item tables, by name or, failing that, by order within a level-1 group.
    for table in score_tables:
        if table.kind != "items":
            continue
        unmatched = []
        for row in table.rows:
            group = _coded_group(tree, row)
            if group is not None:
                _complete_group(group, row)
                continue
            target = _find(tree, row.name, 3)
            if target is None:
                unmatched.append(row)
                continue
            _complete(target, row)
        if unmatched and len(unmatched) == len(table.rows):
            group = _group_by_weights(
                tree, [r.weight.value if r.weight else None for r in table.rows]
            )
            if group:
                for target, row in zip(group, table.rows, strict=True):
                    _complete(target, row)
    # Level-1/2 scores from summaries, by name at the same level.
    for table in score_tables:
        if table.kind != "summary":
            continue
        for row in table.rows:
            if row.level == 0:
                continue
            target = _find(tree, row.name, row.level)
            if target is not None:
                if target.score is None and row.score is not None:
                    target.score = row.score
                    target.score_from_summary = True
                if target.weight is None:
                    target.weight = row.weight
    name_ancestors(tree)
    return tree


def name_ancestors(tree: list[Indicator]) -> None:
    """Give every row of the tree the names of its level-1 and level-2 ancestors (level1, level2).

    The record states them for reports as forms do, so that a row can be read without the
    rows above it. Codes decide when printed (A101 is under A1 and A, wherever the row
    stands); otherwise the order of the rows does, as in the printed table.
    """
    by_code = {i.code: i for i in tree if i.code and i.level in (1, 2)}
    l1: Indicator | None = None
    l2: Indicator | None = None
    for ind in tree:
        ind.in_tree = True
        if ind.level == 1:
            l1, l2 = ind, None
        elif ind.level == 2:
            l2 = ind
        up1, up2 = (l1, l2) if ind.level == 3 else (l1, None)
        if ind.code and ind.level in (2, 3):
            up1 = by_code.get(ind.code[0]) or up1
            if ind.level == 3:
                up2 = by_code.get(ind.code[:2]) or up2
        ind.level1 = up1.name if up1 is not None and ind.level > 1 else None
        ind.level2 = up2.name if up2 is not None and ind.level == 3 else None


def _coded_group(tree: list[Indicator], row: Indicator) -> Indicator | None:
    """The level-2 indicator an item-table row restates ("B1组织实施 13.00 4.13"), by its code.

    Per-section tables often list each level-2 indicator above its level-3 items; its
    code and name must both agree with the tree's, or the row is not taken for it.
    """
    m = L2_CODE.match(canon(row.name))
    if not m:
        return None
    code, rest = m.group(1), m.group(2) or ""
    found = [i for i in tree if i.level == 2 and i.code == code]
    if len(found) != 1 or (rest and name_key(rest) != name_key(found[0].name)):
        return None
    return found[0]


def _complete_group(target: Indicator, row: Indicator) -> None:
    """A level-2 score the detailed table left out, taken from a table that prints it."""
    if target.score is None and row.score is not None:
        target.score = row.score
        target.score_from_summary = True
    if target.weight is None and row.weight is not None:
        target.weight = row.weight


def _complete(target: Indicator, row: Indicator) -> None:
    if target.score is None:
        target.score = row.score
    if target.actual is None and row.actual:
        target.actual = row.actual
    if not target.sub_items and row.sub_items:
        target.sub_items = row.sub_items
    if target.rate is None and row.rate is not None:
        target.rate = row.rate


def _copy(ind: Indicator) -> Indicator:
    from dataclasses import replace

    return replace(ind, sub_items=list(ind.sub_items))


def name_key(name: str) -> str:
    """A loose key for matching names across tables: no 项目 prefix, no 指标 suffix."""
    key = canon(name)
    key = re.sub(r"^[A-Z]\d*", "", key)
    key = re.sub(r"\(\d+(\.\d+)?分?\)$", "", key)
    key = re.sub(r"^项目", "", key)
    key = re.sub(r"指标$", "", key)
    return key


def _find(tree: list[Indicator], name: str, level: int) -> Indicator | None:
    key = name_key(name)
    if not key:
        return None
    same = [i for i in tree if i.level == level and name_key(i.name) == key]
    if len(same) == 1:
        return same[0]
    return None


def _group_by_weights(tree: list[Indicator], weights: list[float | None]) -> list[Indicator] | None:
    """The one level-1 group whose level-3 weights, in order, are the given ones."""
    groups: dict[str, list[Indicator]] = {}
    l1_of: dict[str, str] = {}
    for ind in tree:
        if ind.level == 2:
            l1_of[ind.name] = ind.parent or ""
    for ind in tree:
        if ind.level == 3:
            top = l1_of.get(ind.parent or "", ind.parent or "")
            groups.setdefault(top, []).append(ind)
    found = [
        g for g in groups.values() if [i.weight.value if i.weight else None for i in g] == weights
    ]
    return found[0] if len(found) == 1 else None
