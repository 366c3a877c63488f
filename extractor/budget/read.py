"""A found table's columns and rows as typed data: header paths, subject codes, amounts.

Headers are printed over one to three rows, a group word spanning the columns below
it ("基本支出" over "人员经费 | 公用经费"); each amount column is named by its path down
the header. Subject codes are printed in three cells ("208 | 05 | 01"), in one
("2080501"), before the name ("2013601-行政运行") or with a missing leading zero
("301 | 2"); they are normalised to 3 / 5 / 7 digits. Amounts keep the decimals they
were printed with, in yuan.
"""

from __future__ import annotations

import regex as re

from ..model import Evidence, Line, Quantity
from ..normalize import canon
from ..numbers import quantity
from .find import RawTable, is_amount
from .model import BudgetRow, BudgetTable, Column

CODE_HEADER = re.compile(r"编码|代码|^类$|^款$|^项$")
BLANK = re.compile(r"^(?:[-−—―/／－]+|\*+)?$")
CODE_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*[-－—:：]?\s*(\D.*)$")
SPLIT_CODE = re.compile(r"^(\d{3})(?:\s+(\d{1,2}))?(?:\s+(\d{1,2}))?\s+(\D.*)$")


def read_table(raw: RawTable, default_scale: float | None) -> BudgetTable:
    """The typed table: columns named by their header path, rows with code, name, amounts."""
    scale = raw.scale or default_scale
    width = max((len(c) for _, c in raw.header + raw.body), default=0)
    code_cols = _code_columns(raw, width)
    amount_cols = _amount_columns(raw, width, code_cols)
    paths = _paths(raw, width, amount_cols)
    table = BudgetTable(
        caption=raw.caption,
        kind=raw.kind,
        page=(raw.header or raw.body)[0][0].page,
        scale=scale,
        columns=[Column(j, paths[j]) for j in sorted(amount_cols)],
        final=raw.final,
        notes=[Evidence(n.page, n.number, n.text.strip()) for n in raw.notes],
        headers=[canon(c) for _, cells in raw.header for c in cells if canon(c)],
    )
    starts = _group_starts(code_cols, amount_cols)
    for line, cells in raw.body:
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(cells)
            part = [""] * start + cells[start:end]
            if len(starts) > 1 and not any(c.strip() for c in part):
                continue
            table.rows.append(_row(line, part, code_cols, amount_cols, scale))
    return table


def _group_starts(code_cols: set[int], amount_cols: set[int]) -> list[int]:
    """Where each column group starts: a table laid out in two groups side by side (code,
    name, amounts | code, name, amounts) is read as two runs of rows."""
    starts = [0]
    for j in sorted(code_cols):
        if j > 0 and j - 1 not in code_cols and any(a < j for a in amount_cols):
            starts.append(j)
    return starts


def _code_columns(raw: RawTable, width: int) -> set[int]:
    """Columns that print subject codes: headed 编码 / 类 / 款 / 项, or left of the names and
    holding only short digit strings."""
    cols: set[int] = set()
    for _, cells in raw.header:
        for j, c in enumerate(cells):
            if CODE_HEADER.search(canon(c)):
                cols.add(j)
    for j in range(min(width, 3)):
        cells = [canon(c[j]) for _, c in raw.body if j < len(c) and canon(c[j])]
        digits = [c for c in cells if re.fullmatch(r"\d{1,7}", c)]
        if digits and len(digits) >= 0.6 * len(cells) and any(len(d) in (3, 5, 7) for d in digits):
            cols.add(j)
        elif cells and j not in cols:
            break  # the name column: codes stand before it
    return cols


def _amount_columns(raw: RawTable, width: int, code_cols: set[int]) -> set[int]:
    """Columns whose body cells are amounts (or blank / a dash)."""
    out: set[int] = set()
    numbering = {
        j
        for _, cells in raw.header
        for j, c in enumerate(cells)
        if re.search(r"行次|栏次|序号", canon(c))
    }
    for j in range(width):
        if j in code_cols or j in numbering:
            continue
        cells = [canon(c[j]) for _, c in raw.body if j < len(c)]
        filled = [c for c in cells if not BLANK.match(c)]
        if filled and all(is_amount(c) for c in filled):
            out.add(j)
    # A text column with a few amounts (a label column of a 总表) is not an amount column;
    # a column holding both labels and amounts is read as labels.
    return out


def _paths(raw: RawTable, width: int, amount_cols: set[int]) -> dict[int, tuple[str, ...]]:
    """Each column's header path: a group word spans the empty cells right of it, within
    the span of the group above it."""
    paths: dict[int, list[str]] = {j: [] for j in range(width)}
    text_cols = {
        j
        for _, cells in raw.body
        for j, c in enumerate(cells)
        if j not in amount_cols and not BLANK.match(canon(c)) and not is_amount(canon(c))
    }
    for _, cells in raw.header:
        carry: str | None = None
        carry_parent: tuple[str, ...] | None = None
        for j in range(width):
            c = _header_word(cells[j] if j < len(cells) else "")
            if c:
                carry, carry_parent = c, tuple(paths[j])
                paths[j].append(c)
            elif carry and j not in text_cols and tuple(paths[j]) == carry_parent:
                paths[j].append(carry)
            else:
                carry = None
    return {j: tuple(p) for j, p in paths.items()}


def _header_word(cell: str) -> str:
    text = canon(cell)
    text = re.sub(r"\((?:万元|元)\)$", "", text)
    return text


def _row(
    line: Line, cells: list[str], code_cols: set[int], amount_cols: set[int], scale: float | None
) -> BudgetRow:
    values: dict[int, Quantity] = {}
    unit = {1.0: "元", 1e4: "万元"}.get(scale or 0.0, "")
    for j in amount_cols:
        raw = canon(cells[j]) if j < len(cells) else ""
        if raw and is_amount(raw):
            values[j] = quantity(raw.replace("−", "-"), unit, scale or 1.0)
    quote = " ".join(c.strip() for c in cells if c.strip())
    row = BudgetRow(cells, values, Evidence(line.page, line.number, quote))
    row.texts = {
        j: canon(cells[j])
        for j in range(len(cells))
        if j not in amount_cols and j not in code_cols and canon(cells[j])
    }
    texts = list(row.texts.values())
    code_parts = [canon(cells[j]) for j in sorted(code_cols) if j < len(cells) and canon(cells[j])]
    if code_parts and not all(p.isdigit() for p in code_parts):
        texts = [p for p in code_parts if not p.isdigit()] + texts
        code_parts = [p for p in code_parts if p.isdigit()]
    code, printed, name = _code(code_parts, texts)
    row.code, row.code_printed = code, printed
    if code is not None or printed is not None:
        row.name = name
    else:
        row.label = texts[0] if texts else None
    return row


def _code(parts: list[str], texts: list[str]) -> tuple[str | None, str | None, str | None]:
    """The normalised code, the code as printed when it is not valid, and the name."""
    name = texts[0] if texts else None
    if not parts and name:
        m = CODE_NAME.match(name) or None
        if m:
            return m.group(1), None, m.group(2)
    if not parts:
        return None, None, name
    if len(parts) == 1 and len(parts[0]) in (3, 5, 7):
        return parts[0], None, name
    head, *rest = parts
    if len(head) != 3 or any(len(p) > 2 for p in rest):
        return None, " ".join(parts), name
    return head + "".join(p.zfill(2) for p in rest), None, name


__all__ = ["read_table"]
