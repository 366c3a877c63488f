"""Target tables that list several projects (or a unit's whole budget) in one table.

A 预算表12 (Beijing), a 预算表11 (Jilin), a Hunan 项目支出绩效目标表 or a
Chongqing 一般性项目绩效目标表 is one table: the columns on the left name the
project (项目名称, 单位（项目）名称), its money (项目总额, 其中 财政资金 / 其他资金)
and its goal, merged over the project's indicator rows; the columns on the
right are the indicators. Each project is a record of its own. A header may
be printed over two or three rows (资金总额 over 按收入性质分 over 一般公共预算);
each column takes its lowest word.
"""

from __future__ import annotations

import regex as re

from ..model import Evidence, FundsRow
from ..normalize import canon
from .values import _amount

ENTITY_COLUMNS = {
    "项目名称": "project",
    "单位(项目)名称": "unit_or_project",
    "单位名称": "unit",
    "部门名称": "unit",
    "单位编码": "code",
    "序号": "seq",
    "项目总额": "amount",
    "资金总额": "amount",
    "年度资金总额": "amount",
    "当年财政拨款预算金额": "amount",
    "预算金额": "amount",
    "财政资金": "amount",
    "财政拨款": "amount",
    "其他资金": "amount",
    "一般公共预算": "amount",
    "政府性基金拨款": "amount",
    "财政专户管理资金": "amount",
    "基本支出": "amount",
    "项目支出": "amount",
    "绩效目标": "goal",
    "年度绩效目标": "goal",
    "当年绩效目标": "goal",
    "整体绩效目标": "goal",
    "活动": "activity",
}
# Words of a header row printed under the indicator header (其中 财政资金 / 其他资金).
ENTITY_SUB = {k for k, v in ENTITY_COLUMNS.items() if v == "amount"} | {"合计"}
EXPENSE = {"基本支出", "项目支出"}
TOTAL_WORDS = {"项目总额", "资金总额", "年度资金总额", "当年财政拨款预算金额", "预算金额"}
LIST_TOTAL = re.compile(r"^(?:合计|总计)$")


def entity_word(key: str) -> str | None:
    """The entity role of a header word ("年度资金总额(万元)" → amount), or None."""
    bare = re.sub(r"\((?:单位:)?(?:万元|元)\)$", "", key)
    return ENTITY_COLUMNS.get(bare)


def _header_like(cells: list[str]) -> bool:
    """A row of column words: two or more, short, no numbers, no empty-cell marks ("/")."""
    words = [c for c in cells if c]
    return len(words) >= 2 and all(
        len(c) <= 16 and not re.search(r"\d", c) and re.search(r"[\p{Han}]{2}", c) for c in words
    )


def stacked_headers(
    rows: list[list[str]],
    grid: list[bool],
    is_header,  # type: ignore[no-untyped-def]
    labelled=lambda keys: False,  # type: ignore[no-untyped-def]
) -> dict[int, list[str] | None]:
    """For each indicator header row: its words merged with the header rows printed above it
    (when they name entity columns, and are not a labelled row of the form: `labelled`) and under it (其中 财政资金 / 其他资金), each column
    taking its lowest word; those other rows map to None (they are read as part of it)."""
    out: dict[int, list[str] | None] = {}
    for h, keys in enumerate(rows):
        if not grid[h] or not is_header(keys):
            continue
        stack = [h]
        k = h - 1
        while (
            k >= 0
            and grid[k]
            and len(rows[k]) == len(keys)
            and _header_like(rows[k])
            and not labelled(rows[k])
            and any(entity_word(c) for c in rows[k] if c)
        ):
            stack.insert(0, k)
            k -= 1
        below = h + 1
        if (
            below < len(rows)
            and grid[below]
            and _header_like(rows[below])
            and {c for c in rows[below] if c} <= ENTITY_SUB
        ):
            stack.append(below)
        if len(stack) == 1:
            continue
        width = max(len(rows[i]) for i in stack)
        merged = []
        for col in range(width):
            words = [rows[i][col] for i in stack if col < len(rows[i]) and rows[i][col]]
            merged.append(words[-1] if words else "")
        out[h] = merged
        for i in stack:
            if i != h:
                out[i] = None
    return out


def entity_columns(keys: list[str], roles: list[str | None]) -> dict[int, str]:
    """The entity columns of an indicator header: the worded columns left of its first
    indicator column that name a project, unit, amount, goal or activity."""
    first = next(
        (i for i, r in enumerate(roles) if r in {"l1", "l2", "name"}),
        len(roles),
    )
    return {i: role for i, k in enumerate(keys[:first]) if k and (role := entity_word(k))}


CODE = re.compile(r"\d{6,}[A-Za-z]\d{6,}")
FRAGMENT = re.compile(r"(?<![\d.A-Za-z])(\d{1,6}-[\p{Han}（）()、]+)")
AMOUNT_IN_TEXT = re.compile(r"(?<![\d.])\d+\.\d{2,}(?![\d.])")
SHORT_TAIL = re.compile(r"^[\p{Han}]{1,4}$")


def list_row(texts: list[str], st, ev: Evidence) -> bool:  # type: ignore[no-untyped-def]
    """Read a row's entity cells; True when the row holds no indicator (it is done with).

    A project cell with its amount (or in a table without amounts) starts a new
    project; a unit row (单位（项目）名称 with no indicator) names the unit; the
    table's 合计 row is skipped. Where a page break cut the merged cells (the PDF
    reader then scatters their text over rows), a project starts where its text
    begins: a project or goal cell after rows where that column was empty.
    """
    cells = {
        role: (col, texts[col].strip())
        for col, role in st.entity.items()
        if col < len(texts) and texts[col].strip() and role != "amount"
    }
    amounts = {
        col: texts[col].strip()
        for col, role in st.entity.items()
        if role == "amount" and col < len(texts) and texts[col].strip()
    }
    first = next((t.strip() for t in texts if t.strip()), "")
    if LIST_TOTAL.match(canon(first)):
        return True
    has_indicator = any(
        texts[i].strip()
        for i, r in enumerate(st.ind_roles)
        if i < len(texts) and r in {"name", "target"}
    )
    if "unit" in cells:
        st.list_unit = cells["unit"][1]
        st.report.unit = st.report.unit or st.list_unit
    if "unit_or_project" in cells and "project" not in cells and not has_indicator:
        st.list_unit = cells["unit_or_project"][1]  # a unit row above its projects
        st.report.unit = st.report.unit or st.list_unit
        return True
    prev, st.prev_cells = st.prev_cells, set(cells)
    st.row_start = (st.line, len(st.report.indicators))
    named = cells.get("project") or cells.get("unit_or_project")
    has_amount_cols = any(r == "amount" for r in st.entity.values())
    if named and (amounts or not has_amount_cols):
        _clean_start(named[1], st)
    elif named and st.list_started and st.report.project and not st.pending:
        st.report.project += named[1]  # the name's next line, split into the next row
    else:
        st.list_started = False
        role = "project" if named else "goal" if "goal" in cells else None
        if role and _starts_pending(st, role, prev):
            start_pending(st)
        if named and st.pending:
            st.fragments.append(named[1])
    if amounts and not any(f.block == LIST_BLOCK for f in st.report.funds_rows):
        _list_funds(texts, st, ev)
    if "goal" in cells:
        st.report.goal = (st.report.goal or "") + cells["goal"][1]
    if "activity" in cells:
        st.activity = cells["activity"][1]
    return not has_indicator


def _clean_start(name: str, st) -> None:  # type: ignore[no-untyped-def]
    """A project cell with its amounts: a new project, or the name of the project whose
    rows began before its cell (a pending one whose scattered text agrees)."""
    if st.pending and _agrees(name, st.fragments):
        st.report.project = name
        st.pending = False
    elif canon(name) != canon(st.report.project or ""):
        if st.report.project or st.report.indicators:
            st.new_record()
        st.report.project = name
        st.report.unit = st.report.unit or st.list_unit
    st.list_started = True


def _starts_pending(st, role: str, prev: set[str]) -> bool:  # type: ignore[no-untyped-def]
    """A project or goal cell after a row where that column was empty, in a named project
    that already has its rows (and its goal): the text of the next project's merged cells."""
    return (
        role not in prev
        and not st.pending
        and bool(st.report.project)
        and bool(st.report.indicators)
        and (role != "goal" or bool(st.report.goal))
    )


def start_pending(st, at: tuple[int, int] | None = None) -> None:  # type: ignore[no-untyped-def]
    """A project whose name is not read yet starts here (or at the row `at`: its line and
    the number of indicators the current project had before it, which move over)."""
    moved = []
    if at is not None:
        moved = st.report.indicators[at[1] :]
        del st.report.indicators[at[1] :]
    st.new_record()
    if at is not None:
        st.first_line[id(st.report)] = at[0]
        st.report.indicators.extend(moved)
    st.pending = True
    st.fragments = []


def stray_line(text: str, st) -> None:  # type: ignore[no-untyped-def]
    """A line of a merged cell that fell out of the table at a page break. One naming a
    project code that is not the current project's starts a project at the last row."""
    code = CODE.search(text)
    own = code and canon(st.report.project or "").startswith(code.group(0))
    if (
        code
        and not own
        and not st.pending
        and st.report.project
        and st.row_start[1] < len(st.report.indicators)
    ):
        start_pending(st, st.row_start)
    if st.pending:
        st.fragments.append(text)


def _fragment_name(fragments: list[str]) -> tuple[str, str]:
    """(code, name) put together from a cut cell's lines: "11000021Y000000390" and
    "849-办公设备购置类" (and a last short line, "项目") → the project's name."""
    joined = " ".join(fragments)
    code = CODE.search(joined)
    frag = FRAGMENT.search(joined)
    if not code and not frag:
        return "", ""
    name = (code.group(0) if code else "") + (frag.group(1) if frag else "")
    tail = next((f for f in fragments if SHORT_TAIL.match(f.strip())), "") if frag else ""
    return (code.group(0) if code else ""), name + tail.strip()


def _agrees(name: str, fragments: list[str]) -> bool:
    """A clean project name agrees with a pending project's scattered text: no code was
    read from it, or the name starts with that code."""
    code, _ = _fragment_name(fragments)
    return not code or canon(name).startswith(code)


def settle(st) -> None:  # type: ignore[no-untyped-def]
    """A pending project that never met its clean cell: its name and amounts from its
    scattered text ("849-办公设备购置类 29.359500 29.359500")."""
    if not st.pending:
        return
    st.pending = False
    _, name = _fragment_name(st.fragments)
    if name and not st.report.project:
        st.report.project = name
    if any(f.block == LIST_BLOCK for f in st.report.funds_rows):
        return
    for text in st.fragments:
        if FRAGMENT.search(text) and AMOUNT_IN_TEXT.search(text):
            numbers = AMOUNT_IN_TEXT.findall(text)
            cols = [c for c, r in sorted(st.entity.items()) if r == "amount"]
            texts = [""] * (max(cols) + 1 if cols else 0)
            for col, raw in zip(cols, numbers, strict=False):
                texts[col] = raw
            _list_funds(texts, st, Evidence(None, None, text))
            return


LIST_BLOCK = 0


def _list_funds(texts: list[str], st, ev: Evidence) -> None:  # type: ignore[no-untyped-def]
    """The amount columns of a project's first row as its funds rows (labels as headed)."""
    for col, role in sorted(st.entity.items()):
        if role != "amount":
            continue
        key = st.ind_keys[col] if col < len(st.ind_keys) else ""
        label = re.sub(r"\((?:单位:)?(?:万元|元)\)$", "", key)
        scale = 1e4 if "万元" in key else 1.0 if key.endswith("(元)") else st.unit_scale
        raw = texts[col].strip() if col < len(texts) else ""
        block = 101 if label in EXPENSE else LIST_BLOCK
        st.report.funds_rows.append(
            FundsRow(label, budget=_amount(raw, scale), evidence=ev, block=block)
        )


__all__ = [
    "entity_columns",
    "entity_word",
    "list_row",
    "settle",
    "stacked_headers",
    "start_pending",
    "stray_line",
]
