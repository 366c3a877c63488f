"""A publication's standard tables checked against themselves and each other.

部门预算 / 部门决算 publications print the same money several times: a 类 row is the
sum of its 款 rows, 合计 is 基本支出 + 项目支出, the 收支总表 balances, the 支出表 and
the 一般公共预算支出表 give the same subject the same amount when both cover the
same money. Every comparison is made at the printed precision: a total of parts
each rounded to 0.01 万元 may differ from their printed sum by half a unit per part.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.budget.model import (
    BASIC_ECONOMIC,
    GENERAL_FUNCTIONAL,
    GOV_FUND,
    INCOME,
    SPENDING,
    STATE_CAPITAL,
    BudgetRow,
    BudgetTable,
    Column,
)
from extractor.model import Quantity, Report

from .numeric import EPS, fmt, sum_matches
from .registry import PUBLICATION_KINDS, Hit, rule

TOTAL_WORD = re.compile(r"(?:合计|小计|总计)$")
ADDITIVE = re.compile(
    r"^(?:基本支出|项目支出|人员经费|公用经费|人员支出|日常公用(?:支出|经费)|财政拨款(?:收入)?|"
    r"一般公共预算(?:财政拨款|拨款)?(?:收入)?|政府性基金(?:预算)?(?:财政拨款|拨款)?(?:收入)?|"
    r"国有资本经营(?:预算)?(?:财政拨款|拨款)?(?:收入)?|财政专户管理资金(?:收入)?|事业收入|"
    r"事业单位经营收入|经营收入|其他收入|上级补助收入|附属单位上缴收入|上缴上级支出|经营支出|"
    r"事业单位经营支出|对附属单位补助支出|当年预算|编制预算|上年结转(?:结余|和结余)?|单位资金|"
    r"因公出国\(境\)费用?|公务接待费|公务用车购置及运行(?:维护)?费|公务用车购置费|"
    r"公务用车运行(?:维护)?费|购置费|运行(?:维护)?费|用事业基金弥补收支差额)$"
)
CODED_KINDS = (INCOME, SPENDING, GENERAL_FUNCTIONAL, GOV_FUND, STATE_CAPITAL)
TABLE_NAMES = {
    "summary": "收支总表",
    "income": "收入表",
    "spending": "支出表",
    "appropriation_summary": "财政拨款收支总表",
    "general_functional": "一般公共预算支出表",
    "basic_economic": "基本支出表",
    "three_public": "“三公”经费表",
    "gov_fund": "政府性基金表",
    "state_capital": "国有资本经营表",
}


# -- the header tree: which columns add up to which -------------------------------------------


def relations(columns: list[Column]) -> list[tuple[Column, list[Column]]]:
    """(total, parts) for every header group with a total column (合计 / 小计) whose other
    members are all known additive parts (基本支出, 项目支出, 人员经费, 财政拨款收入 …)."""
    out: list[tuple[Column, list[Column]]] = []
    prefixes = {c.path[:k] for c in columns for k in range(len(c.path))}
    for prefix in sorted(prefixes, key=len):
        under = [
            c for c in columns if c.path[: len(prefix)] == prefix and len(c.path) > len(prefix)
        ]
        names: list[str] = []
        for c in under:
            if c.path[len(prefix)] not in names:
                names.append(c.path[len(prefix)])
        totals = [c for c in under if c.path == (*prefix, names[0])] if names else []
        if not names or not TOTAL_WORD.search(names[0]) or len(totals) != 1:
            continue
        parts: list[Column] = []
        for name in names[1:]:
            if not ADDITIVE.match(name):
                parts = []
                break
            value = _group_value(columns, (*prefix, name))
            if value is None:
                parts = []
                break
            parts.extend(value)
        if len(parts) >= 2:
            out.append((totals[0], parts))
    return out


def _group_value(columns: list[Column], path: tuple[str, ...]) -> list[Column] | None:
    """The columns whose sum is the group at `path`: itself, its 小计, or its parts."""
    exact = [c for c in columns if c.path == path]
    if len(exact) == 1:
        return exact
    under = [c for c in columns if c.path[: len(path)] == path and len(c.path) > len(path)]
    sub = [c for c in under if len(c.path) == len(path) + 1 and TOTAL_WORD.search(c.name)]
    if len(sub) == 1:
        return sub
    if under and all(len(c.path) == len(path) + 1 and ADDITIVE.match(c.name) for c in under):
        return under
    return None


# -- helpers ------------------------------------------------------------------------------------


def _show(q: Quantity) -> str:
    """An amount as the table prints it (its unit's number, thousands separated)."""
    return f"{q.value / q.scale:,.{q.decimals}f}"


def _subject(row: BudgetRow) -> str:
    if row.code is not None:
        return f"“{row.code} {row.name or ''}”".replace(" ”", "”")
    return f"“{row.label or ''}”"


def _col_name(col: Column) -> str:
    """A column's name in a message: a 小计 is named with its group ("当年预算小计")."""
    if col.name == "小计" and len(col.path) >= 2:
        return col.path[-2] + "小计"
    return col.name


def _sum_value(parts: list[Quantity]) -> Quantity:
    decimals = max(p.decimals for p in parts)
    value = sum(p.value for p in parts)
    first = parts[0]
    return Quantity(value, fmt(value, decimals), decimals, first.unit, first.scale)


def _tables(report: Report) -> list[BudgetTable]:
    return list(getattr(report, "budget_tables", None) or [])


def row_failures(table: BudgetTable) -> list[tuple[BudgetRow, Column, list[Column], Quantity]]:
    """Rows whose total column is not the sum of its parts: (row, total, parts, sum of parts)."""
    out = []
    rels = relations(table.columns)
    for row in table.rows:
        for total_col, part_cols in reversed(rels):  # the innermost group first
            total = row.values.get(total_col.index)
            present = [row.values[c.index] for c in part_cols if c.index in row.values]
            if total is None or not present:
                continue
            if sum_matches(present, total):
                continue
            out.append((row, total_col, part_cols, _sum_value(present)))
            break  # one finding a row: an outer total that differs follows from the inner one
    return out


# -- rules --------------------------------------------------------------------------------------


@rule(
    "PUB-TABLE-ROW-SUM",
    "amount_sum",
    "error",
    "表中合计应等于各组成部分之和（合计 = 基本支出 + 项目支出，基本支出 = 人员经费 + 公用经费）",
    kinds=PUBLICATION_KINDS,
)
def row_sum(report: Report) -> Iterator[Hit]:
    """In every row of a standard table, a total column equals the sum of the columns it is
    printed over: 合计 = 基本支出 + 项目支出, 基本支出 = 人员经费 + 公用经费, 本年收入合计 =
    财政拨款收入 + 事业收入 + …, “三公”经费合计 = 因公出国(境)费 + 公务接待费 + 公务用车费.

    Only groups whose every member is a known additive part are checked (a "其中" column
    is not a part), at the printed precision: a 合计 of 1,205.37 beside parts adding to
    1,205.38, each rounded to 0.01 万元, is no defect. The same row printed in several
    tables (支出表 and 一般公共预算支出表) is one finding.

    Limits: Only column groups whose every member is a known additive part are checked.
    """
    found: dict[tuple, tuple[Hit, list[str]]] = {}
    for table in _tables(report):
        for row, total_col, part_cols, parts_sum in row_failures(table):
            total = row.values[total_col.index]
            key = (
                row.code or row.label,
                total_col.name,
                round(total.value, 4),
                round(parts_sum.value, 4),
            )
            label = TABLE_NAMES.get(table.kind, table.caption)
            if key in found:
                hit, tables = found[key]
                hit.evidence.append(row.evidence)
                if label not in tables:
                    tables.append(label)
                continue
            names = " + ".join(dict.fromkeys(_col_name(c) for c in part_cols))
            hit = Hit(
                f"{_subject(row)}{_col_name(total_col)} {_show(total)} 与{names} {_show(parts_sum)} 不一致",
                [row.evidence],
                expected=round(parts_sum.value, 2),
                found=total.value,
            )
            found[key] = (hit, [label])
    for hit, tables in found.values():
        hit.message += f"（{'、'.join(tables)}）"
        yield hit


@rule(
    "PUB-TABLE-SUBJECT-SUM",
    "amount_sum",
    "error",
    "上级科目金额应等于其下级科目之和（类 = Σ款，款 = Σ项，合计 = Σ类）",
    kinds=PUBLICATION_KINDS,
)
def subject_sum(report: Report) -> Iterator[Hit]:
    """A 类 row is the sum of its 款 rows, a 款 row of its 项 rows, the 合计 row of the 类
    rows, in every amount column (功能分类 and 经济分类 alike).

    A table may list only some children of a subject; then its columns all disagree
    and nothing is provable. A column is flagged only when another column of the same
    parent adds up (the children do cover the parent), at the printed precision, or, in
    an economic-classification table, when another class adds up to its items in every
    column (the table prints its items in full); then the class is reported once. A
    parent whose child row is itself inconsistent (PUB-TABLE-ROW-SUM) is left to that
    finding.

    Limits: A table that lists only some children of a subject proves nothing and is not flagged.
    """
    seen: set[tuple] = set()
    for table in _tables(report):
        failing = {id(r) for r, *_ in row_failures(table)}
        families = _families(table)
        for parent, children in families:
            if any(id(c) in failing for c in children) or id(parent) in failing:
                continue
            ok, bad = column_checks(table, parent, children)
            if not ok and not (bad and parent.code and _complete(table, families)):
                continue
            for col, total, parts_sum in bad[: len(bad) if ok else 1]:
                key = (parent.code or parent.label, col.name, round(total.value, 4))
                if key in seen:
                    continue
                seen.add(key)
                what = "下级科目" if parent.code else "各类科目"
                yield Hit(
                    f"{_subject(parent)}{_col_name(col)} {_show(total)} 与{what}之和 {_show(parts_sum)} 不一致"
                    f"（{TABLE_NAMES.get(table.kind, table.caption)}）",
                    [parent.evidence, *[c.evidence for c in children][:3]],
                    expected=round(parts_sum.value, 2),
                    found=total.value,
                )


def column_checks(
    table: BudgetTable, total_row: BudgetRow, rows: list[BudgetRow]
) -> tuple[list[Column], list[tuple[Column, Quantity, Quantity]]]:
    """The columns where the rows add up to the total row (with money in them), and those where
    they do not: (column, total printed, sum of the rows)."""
    ok, bad = [], []
    for col in table.columns:
        total = total_row.values.get(col.index)
        parts = [r.values[col.index] for r in rows if col.index in r.values]
        if total is None or not parts:
            continue
        if sum_matches(parts, total):
            if abs(total.value) > EPS:
                ok.append(col)
        else:
            bad.append((col, total, _sum_value(parts)))
    return ok, bad


def _families(table: BudgetTable) -> list[tuple[BudgetRow, list[BudgetRow]]]:
    """(parent, children) for every coded row with children in the table, and the 合计 row
    with the 类 rows; codes printed twice (a table by unit) make no family."""
    coded = table.coded()
    counts: dict[str, int] = {}
    for r in coded:
        counts[r.code] = counts.get(r.code, 0) + 1  # type: ignore[index]
    repeated = [c for c, n in counts.items() if n > 1]
    if repeated and not _one_slip(table, repeated, coded):
        return []
    unique = coded if repeated else [r for r in coded if counts[r.code] == 1]  # type: ignore[index]
    out = []
    for parent in unique:
        code = parent.code or ""
        kids = [
            r for r in unique if r.code and len(r.code) == len(code) + 2 and r.code.startswith(code)
        ]
        if kids:
            out.append((parent, kids))
    total = table.total_row()
    tops = [r for r in unique if r.code and len(r.code) == 3]
    if total is not None and tops:
        out.append((total, tops))
    return out


def _one_slip(table: BudgetTable, repeated: list[str], coded: list[BudgetRow]) -> bool:
    """An economic-classification table where one item code is printed twice (30208 for
    取暖费 and 物业管理费): a slip of one row, not a table by unit; the rows stay members of
    their family (the code itself is PUB-TABLE-ECON-CODE's matter)."""
    return (
        table.kind == BASIC_ECONOMIC
        and len(repeated) == 1
        and len(repeated[0]) == 5
        and len(coded) >= 10
    )


def _complete(table: BudgetTable, families: list[tuple[BudgetRow, list[BudgetRow]]]) -> bool:
    """An economic-classification table that prints its items in full: at least one other
    class adds up to its items in every column (303 = 30302 + 30307). Such a table lists
    every item with money, so a class that does not add up is wrong in all its columns."""
    if table.kind != BASIC_ECONOMIC:
        return False
    for parent, children in families:
        if not parent.code:
            continue
        cols = [c for c in table.columns if c.index in parent.values]
        nonzero = [c for c in cols if abs(parent.values[c.index].value) > EPS]
        if nonzero and all(
            sum_matches(
                [k.values[c.index] for k in children if c.index in k.values], parent.values[c.index]
            )
            for c in cols
        ):
            return True
    return False


@rule(
    "PUB-TABLE-BALANCE",
    "amount_sum",
    "error",
    "收支总表的收入总计应等于支出总计",
    kinds=PUBLICATION_KINDS,
)
def balance(report: Report) -> Iterator[Hit]:
    """A 收支总表 (and a 财政拨款收支总表) balances: 收入总计 = 支出总计, the row where
    both sides end. Compared at the printed precision.

    Limits: Needs the 总计 row of both sides read.
    """
    for table in _tables(report):
        if table.kind not in ("summary", "appropriation_summary"):
            continue
        for row in table.rows:
            sides = _totals_in_row(row)
            if len(sides) != 2:
                continue
            (_, income), (_, spending) = sides
            if sum_matches([income], spending):
                continue
            yield Hit(
                f"{TABLE_NAMES[table.kind]}收入总计 {_show(income)} 与支出总计 {_show(spending)} 不一致",
                [row.evidence],
                expected=income.value,
                found=spending.value,
            )


def _totals_in_row(row: BudgetRow) -> list[tuple[str, Quantity]]:
    """The (label, amount) pairs of a 总表 row where both sides print 总计: each label's first
    amount to its right."""
    out = []
    for j, text in sorted(row.texts.items()):
        if not re.fullmatch(r"(?:收入|支出)?总计:?", text):
            continue
        right = sorted(k for k in row.values if k > j)
        if right:
            out.append((text, row.values[right[0]]))
    return out


@rule(
    "PUB-TABLE-SPLIT",
    "restated_value",
    "error",
    "各表的人员经费、公用经费应一致",
    kinds=PUBLICATION_KINDS,
)
def split(report: Report) -> Iterator[Hit]:
    """Two tables that give the same 基本支出 (人员经费 + 公用经费 equal at the printed
    precision) must split it the same way: the 收支总表's 人员经费 / 公用经费 against the
    基本支出经济分类表's. Different totals are different money (all funds against
    一般公共预算) and are not compared.

    Limits: Only tables that give the same 基本支出 are compared; different money is not.
    """
    splits = []
    for table in _tables(report):
        got = _split_of(table)
        if got is not None:
            splits.append((table, *got))
    for i, (ta, ra, pa, ca) in enumerate(splits):
        for tb, rb, pb, cb in splits[i + 1 :]:
            if not sum_matches([pa, ca], _sum_value([pb, cb])) and not sum_matches(
                [pb, cb], _sum_value([pa, ca])
            ):
                continue  # different money
            if sum_matches([pa], pb) and sum_matches([ca], cb):
                continue
            yield Hit(
                f"{TABLE_NAMES.get(ta.kind, ta.caption)}人员经费 {_show(pa)}、公用经费 {_show(ca)} 与"
                f"{TABLE_NAMES.get(tb.kind, tb.caption)}人员经费 {_show(pb)}、公用经费 {_show(cb)} 不一致"
                f"（基本支出同为 {_show(_sum_value([pb, cb]))}）",
                [ra.evidence, rb.evidence],
                expected=pb.value,
                found=pa.value,
            )
            return


def _split_of(table: BudgetTable) -> tuple[BudgetRow, Quantity, Quantity] | None:
    """The table's total row with its 人员经费 and 公用经费 (one column of each)."""
    people = [c for c in table.columns if c.name == "人员经费"]
    public = [c for c in table.columns if c.name == "公用经费"]
    if len(people) != 1 or len(public) != 1:
        return None
    for row in table.rows:
        labels = list(row.texts.values()) + ([row.label] if row.label else [])
        if not any(re.fullmatch(r"(?:本年)?(?:支出)?(?:合计|总计):?", t or "") for t in labels):
            continue
        p, c = row.values.get(people[0].index), row.values.get(public[0].index)
        if p is not None and c is not None:
            return row, p, c
    return None


@rule(
    "PUB-TABLE-CROSS",
    "restated_value",
    "error",
    "同一科目在支出表与一般公共预算支出表中的金额应一致（两表口径相同时）",
    kinds=PUBLICATION_KINDS,
)
def cross(report: Report) -> Iterator[Hit]:
    """The 支出表 (all funds) and the 一般公共预算支出表 (one kind of appropriation) give a
    subject the same 合计 / 基本支出 / 项目支出 when they cover the same money, which is
    proven by their 合计 rows agreeing. When the totals differ (事业收入, 政府性基金) the
    tables legitimately differ and nothing is compared.

    Limits: Only compared when the two tables' 合计 rows agree (the same money).
    """
    tables = _tables(report)
    spend = [t for t in tables if t.kind == SPENDING]
    general = [t for t in tables if t.kind == GENERAL_FUNCTIONAL]
    for a in spend:
        for b in general:
            if not _same_scope(a, b):
                continue
            yield from _compare_rows(a, b)


def _same_scope(a: BudgetTable, b: BudgetTable) -> bool:
    ta, tb = a.total_row(), b.total_row()
    if ta is None or tb is None or a.scale != b.scale:
        return False
    ca, cb = _leaf(a, "合计"), _leaf(b, "合计")
    if ca is None or cb is None:
        return False
    qa, qb = ta.values.get(ca.index), tb.values.get(cb.index)
    return qa is not None and qb is not None and sum_matches([qa], qb)


def _leaf(table: BudgetTable, name: str) -> Column | None:
    found = [
        c for c in table.columns if _col_name(c) == name or (name == "合计" and "合计" in c.name)
    ]
    return found[0] if len(found) == 1 else None


def _unique_codes(table: BudgetTable) -> bool:
    """Every code printed once: a table listing a subject once per unit or per economic
    item (Beijing's 预算03表) is not one row per subject."""
    codes = [r.code for r in table.coded()]
    return len(codes) == len(set(codes))


def _compare_rows(a: BudgetTable, b: BudgetTable) -> Iterator[Hit]:
    if not (_unique_codes(a) and _unique_codes(b)):
        return
    rows_b = {r.code: r for r in b.coded()}
    failing = {r.code for r, *_ in row_failures(a)} | {r.code for r, *_ in row_failures(b)}
    for ra in a.coded():
        rb = rows_b.get(ra.code)
        if rb is None or ra.code in failing:
            continue
        for name in ("合计", "基本支出", "项目支出"):
            ca, cb = _leaf(a, name), _leaf(b, name)
            if ca is None or cb is None:
                continue
            qa, qb = ra.values.get(ca.index), rb.values.get(cb.index)
            if qa is None or qb is None:
                continue
            n = 1 + sum(
                1
                for r in a.coded()
                if r.code != ra.code and (r.code or "").startswith(ra.code or "-")
            )
            slack = n * (qa.half_step + qb.half_step)
            if abs(qa.value - qb.value) <= slack + EPS:
                continue
            yield Hit(
                f"{_subject(ra)}{name}在支出表为 {_show(qa)}，在一般公共预算支出表为 {_show(qb)}",
                [ra.evidence, rb.evidence],
                expected=qa.value,
                found=qb.value,
            )


@rule(
    "PUB-TABLE-CODE",
    "policy",
    "warning",
    "功能分类科目编码应完整（类 3 位、款 2 位、项 2 位）",
    kinds=PUBLICATION_KINDS,
)
def code_form(report: Report) -> Iterator[Hit]:
    """A subject printed with a broken code ("7 11 02" for 210 11 02 事业单位医疗): the 类
    code must have three digits, 款 and 项 two. Only codes printed over several cells are
    judged (a single number may be a unit's code).

    Limits: Only codes printed over several cells are judged; a single number may be a unit's code.
    """
    hits: dict[str, Hit] = {}
    for table in _tables(report):
        if table.kind not in CODED_KINDS:
            continue
        for row in table.rows:
            printed = row.code_printed
            if not printed or " " not in printed:
                continue
            head, *rest = printed.split()
            if len(head) == 3 or not all(len(p) == 2 for p in rest):
                continue
            if printed in hits:  # the same row in another table
                hits[printed].evidence.append(row.evidence)
                continue
            hits[printed] = Hit(
                f"科目“{row.name or ''}”的编码印为“{printed}”，类级编码应为 3 位",
                [row.evidence],
                expected="3 位类级编码",
                found=printed,
            )
    yield from hits.values()


__all__ = ["relations", "row_failures"]
