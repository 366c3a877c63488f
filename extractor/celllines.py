"""Tables typed one cell per line: rows rebuilt from the header, the codes and the values' types.

PDF-to-text tools and plain-text copies print a table as its non-empty cells, one per line,
row after row: the header's column names, then the cells of each row, with nothing to mark
where a row ends. Cells merged from above (a 一级指标 over several rows) and empty cells give
no line, so a row may have fewer cells than the header. The rows are rebuilt as forms copied
as text are (`forms.flat`): the cells are split into the rows that type best, each row's cells
placed on the header's columns in order, a value only where its type fits (a weight or score is
a number, a rate ends with %, a code A101 / A1 / A starts a level-3 / level-2 / level-1 cell,
a 合计 label opens the total row). Dynamic programming over the split points; each row is
placed by a second, smaller one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex as re

from .model import Line, Row, Table
from .normalize import canon, name_key
from .scorewords import L1_CODE, L1_NAMES, L2_CODE, L3_CODE, WEIGHT_SUFFIX, column_roles
from .typedrows import MAX_LABEL, TABLE_LABEL, TOTAL_LABEL

MIN_COLUMNS = 3  # a header typed one name per line has at least this many names
MIN_CELLS_A_ROW = 2  # on average, or the lines under the header are no table
NEG = -1e9
ROW_COST = 2.0  # each row costs this much, so cells that fit one row are not split over two
START_VALUE_COST = 1.0  # a row begins with its label: one that begins with a number costs more
# Columns a cell merged from above may leave out at the start of a row (一级/二级/三级 and the
# weight printed beside a merged 三级指标); a row never starts after any other column.
MERGEABLE = {"l1", "l2", "l3", "weight"}
NUMERIC = {"weight", "score", "points", "amount", "rate"}
TEXT_ROLES = {"rubric", "explanation", "process", "basis"}

_NUMBER = re.compile(r"^[（(]?\s*-?\d+(?:\.\d+)?\s*分?\s*[)）]?$")
_PERCENT = re.compile(r"^-?\d+(?:\.\d+)?\s*%$")
_AMOUNT = re.compile(r"^-?[\d,]+(?:\.\d+)?\s*(?:万元|亿元|元)?$")
_SEQ = re.compile(r"^\d{1,3}$")
_SENTENCE = re.compile(r"[。；;！？]|^[①-⑳]|[，,].*[，,]")
_OPERATOR = re.compile(r"^\s*(?:[≥≤><=＞＜≧≦]|不[低高少多超]于|大于|小于|达到)")
# Level-1 names of the national frameworks; 成本指标 and 满意度指标 are level 1 in some forms and
# level 2 in others, so they count as level-2 names (the row's other cells decide).
_LEVEL1_NAME = re.compile(r"^(?:产出|效益|效果|决策|过程|管理|投入)指标$")
_LEVEL2_NAME = re.compile(r"^\p{Han}{2,8}指标$")


def _is_column_name(text: str, words: frozenset[str]) -> bool:
    """A line that is one column's name: a known column word or a 序号 / 金额 / 内容 label."""
    key = canon(text)
    return bool(key) and len(key) <= MAX_LABEL and (key in words or bool(TABLE_LABEL.match(key)))


def _header_run(lines: list[Line], i: int, words: frozenset[str]) -> list[Line]:
    """The consecutive lines from i that each name a column (no blank line between them)."""
    run: list[Line] = []
    for ln in lines[i:]:
        if ln.cells is not None or "\t" in ln.text or not _is_column_name(ln.text, words):
            break
        run.append(ln)
    return run


def _positioned(run: list[Line]) -> bool:
    """Lines a PDF placed on the page: there a table's cells wrap over several lines, so one
    line is no cell (such tables are read from the word positions, `columns`)."""
    return any(ln.box is not None for ln in run)


def cell_header_at(lines: list[Line], i: int, words: frozenset[str]) -> bool:
    """A header typed one column name per line starts at line i: at least three names, two of
    them column words (or all of them 序号 / 金额 / 内容 labels)."""
    if not _is_column_name(lines[i].text, words):
        return False
    run = _header_run(lines, i, words)
    if len(run) < MIN_COLUMNS or _positioned(run):
        return False
    known = sum(1 for ln in run if canon(ln.text) in words or canon(ln.text) == "序号")
    return known >= 2 or sum(1 for ln in run if TABLE_LABEL.match(canon(ln.text))) >= MIN_COLUMNS


def read_cell_lines(
    lines: list[Line], i: int, words: frozenset[str], ends: Callable[[str], bool]
) -> tuple[Table | None, int]:
    """The table whose one-per-line header starts at i, and the line after it.

    The body runs to the first blank line (a text whose tables are typed one cell per line
    separates its blocks by blank lines), a line `ends` says ends it (a caption), or another
    header. Its lines are marked as rows: the first line of a row carries the row's cells,
    the others `[]`.
    """
    header = _header_run(lines, i, words)
    k = i + len(header)
    body: list[Line] = []
    while k < len(lines):
        ln = lines[k]
        text = ln.text.strip()
        if not text or ln.cells is not None or "\t" in ln.text or ends(text):
            break
        if cell_header_at(lines, k, words):
            break
        body.append(ln)
        k += 1
    names = [ln.text.strip() for ln in header]
    rows = split_rows([ln.text.strip() for ln in body], names)
    if not rows or len(body) < MIN_CELLS_A_ROW * len(rows):
        return None, i + len(header)  # rows of one cell: lines under a list of words, no table
    header[0].cells = names
    for ln in header[1:]:
        ln.cells = []
    table_rows = [Row(names, header[0].page, header[0].number)]
    for start, cells in rows:
        first = body[start]
        table_rows.append(Row(cells, first.page, first.number))
    starts = dict(rows)
    for index, ln in enumerate(body):
        ln.cells = starts.get(index, [])
    return Table(table_rows, source="grid"), k


# -- roles and fits ----------------------------------------------------------------------------


def roles_of(names: list[str]) -> list[str | None]:
    """Each column's role: the score-table roles (l1, weight, rate, …), and for other tables a
    序号 column (seq) and an amount column (amount)."""
    roles = column_roles(names)
    out: list[str | None] = []
    for name, role in zip(names, roles, strict=True):
        key = canon(name)
        if role is None and key == "序号":
            role = "seq"
        elif role is None and "金额" in key:
            role = "amount"
        out.append(role)
    return out


@dataclass(frozen=True)
class CellKind:
    """What a cell looks like, computed once per cell."""

    text: str
    number: bool
    percent: bool
    amount: bool
    seq: bool
    total: bool
    code: int  # 3 for A101, 2 for A1, 1 for A 项目决策, 0 for none
    head: bool  # a name with its weight in brackets: "决策（20分）", "项目立项（7）"
    level1: bool  # a level-1 name ("产出指标", "决策")
    level2: bool  # a level-2 name ("数量指标")
    sentence: bool  # running text: punctuation of a sentence, or long
    operator: bool  # a target value: "≥90%", "不低于95%"


_L1_KEYS = frozenset(name_key(n) for n in L1_NAMES)


# spacedrows asks for every run of a row's words, in several readings: once each
@lru_cache(maxsize=4096)
def cell_kind(text: str) -> CellKind:
    """The features of one cell the fits are made of (its code, number, head, level name …)."""
    key = canon(text)
    code = 3 if L3_CODE.match(key) else 2 if L2_CODE.match(key) else 0
    if not code and L1_CODE.match(text.strip()) and re.match(r"^[A-Z]\s*\p{Han}", text.strip()):
        code = 1
    name = WEIGHT_SUFFIX.sub("", key) if WEIGHT_SUFFIX.search(key) else key
    return CellKind(
        text=text,
        number=bool(_NUMBER.match(key)),
        percent=bool(_PERCENT.match(key)),
        amount=bool(_AMOUNT.match(key)),
        seq=bool(_SEQ.match(key)),
        total=bool(TOTAL_LABEL.match(key)),
        code=code,
        head=bool(WEIGHT_SUFFIX.search(key)) and not _NUMBER.match(key) and len(name) <= 12,
        level1=name_key(name) in _L1_KEYS or bool(_LEVEL1_NAME.match(name)),
        level2=bool(_LEVEL2_NAME.match(name)),
        sentence=bool(_SENTENCE.search(text)) or len(key) > 40,
        operator=bool(_OPERATOR.match(key)),
    )


def cell_fit(role: str | None, cell: CellKind, coded: bool) -> float:
    """How well a cell fits a column role: 3 sure, 1-2 likely, 0.5 possible, NEG impossible."""
    if cell.total:
        return 3.0 if role in {"l1", "l2", "l3", "seq", None} else NEG
    if coded and (cell.code or role in {"l1", "l2", "l3"}):
        wanted = {"l1": 1, "l2": 2, "l3": 3}.get(role or "")
        return 3.0 if wanted is not None and cell.code == wanted else NEG
    if role in {"weight", "points"}:
        return 3.0 if cell.number else 1.0 if cell.percent else NEG
    if role == "score":
        return 3.0 if cell.number else NEG
    if role == "rate":
        return 3.0 if cell.percent else NEG
    if role == "amount":
        return 3.0 if cell.amount else NEG
    if role == "seq":
        return 3.0 if cell.seq else NEG
    if role in {"l1", "l2", "l3"}:
        return _name_fit(role, cell)
    if role in TEXT_ROLES:
        return NEG if cell.number else 2.0 if cell.sentence else 1.0
    if role in {"benchmark", "actual"}:
        return 3.0 if cell.operator else 0.5 if cell.sentence else 1.0
    return 0.5  # a column of unknown meaning takes anything


def _name_fit(role: str, cell: CellKind) -> float:
    """Level cells are names: short, no sentence; a name with a bracketed weight is a level-1 or
    level-2 head, a level-1 name (产出指标, 决策) a level-1 cell."""
    if cell.number or cell.percent or cell.sentence or cell.operator:
        return NEG
    if role == "l1":
        if cell.head:
            return 3.0 if cell.level1 else 2.0
        return 2.5 if cell.level1 else 0.5
    if role == "l2":
        if cell.head:
            return 2.0 if cell.level1 else 3.0
        return 2.0 if cell.level2 else 1.0
    return 0.0 if cell.head else 2.0


# -- splitting the cells into rows -------------------------------------------------------------


def split_rows(cells: list[str], names: list[str]) -> list[tuple[int, list[str]]]:
    """The cells (in reading order) as rows under the header `names`: (index of the row's first
    cell, the row's cells in column positions). [] when the cells cannot be read as rows."""
    if not cells:
        return []
    roles = roles_of(names)
    kinds = [cell_kind(c) for c in cells]
    coded = sum(1 for k in kinds if k.code == 3) >= 2
    n = len(roles)
    fits = [[cell_fit(r, k, coded) for r in roles] for k in kinds]
    starts = [
        (0.0 if all(r in MERGEABLE for r in roles[:j]) else NEG)
        - (START_VALUE_COST if roles[j] in NUMERIC else 0.0)
        for j in range(n)
    ]
    m = len(cells)
    best = [NEG] * (m + 1)
    back = [0] * (m + 1)
    best[0] = 0.0
    for s in range(m):
        if best[s] <= NEG:
            continue
        # dp[j]: best placement of cells[s:e] with the last one in column j
        dp = [fits[s][j] + starts[j] if starts[j] > NEG else NEG for j in range(n)]
        for e in range(s + 1, min(m, s + n) + 1):
            if e > s + 1:
                run = NEG
                nxt = [NEG] * n
                for j in range(n):
                    if run > NEG and fits[e - 1][j] > NEG:
                        nxt[j] = run + fits[e - 1][j]
                    run = max(run, dp[j])
                dp = nxt
            score = max(dp)
            if score <= NEG:
                break
            total = best[s] + score - ROW_COST
            if total > best[e]:
                best[e], back[e] = total, s
    if best[m] <= NEG:
        return []
    cuts: list[tuple[int, int]] = []
    e = m
    while e > 0:
        cuts.append((back[e], e))
        e = back[e]
    return [(s, _place(fits[s:e], cells[s:e], starts)) for s, e in reversed(cuts)]


def _place(fits: list[list[float]], cells: list[str], starts: list[float]) -> list[str]:
    """One row's cells on the columns (in order, each column at most one cell), best fit."""
    n = len(starts)
    k = len(cells)
    dp = [[NEG] * n for _ in range(k)]
    back = [[-1] * n for _ in range(k)]
    for j in range(n):
        dp[0][j] = fits[0][j] + starts[j] if starts[j] > NEG else NEG
    for i in range(1, k):
        for j in range(n):
            if fits[i][j] <= NEG:
                continue
            for p in range(j):
                if dp[i - 1][p] > NEG and dp[i - 1][p] + fits[i][j] > dp[i][j]:
                    dp[i][j], back[i][j] = dp[i - 1][p] + fits[i][j], p
    j = max(range(n), key=lambda c: dp[k - 1][c])
    out = [""] * n
    for i in range(k - 1, -1, -1):
        out[j] = cells[i]
        j = back[i][j]
    return out
