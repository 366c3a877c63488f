"""The 说明 of a publication restating its tables: totals and subject amounts.

The 部门预算 / 决算 说明 restates the tables in 万元: "收入支出总计2995.39万元",
"财政拨款收入支出总计2961.68万元", and one item per subject ("住房保障支出（221类）住房改革
支出（02款）住房公积金（01项）208.8万元 … 2026年预算安排208.8万元"). Each figure must be
an amount the tables give for that subject, at the text's precision (208.8 万元 stands
for anything in [208.75, 208.85) 万元).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import regex as re

from extractor.budget.model import (
    APPROPRIATION_SUMMARY,
    GENERAL_FUNCTIONAL,
    INCOME,
    SPENDING,
    SUMMARY,
    THREE_PUBLIC,
    BudgetRow,
    BudgetTable,
)
from extractor.model import Evidence, Quantity, Report
from extractor.normalize import canon
from extractor.numbers import quantity

from .numeric import EPS
from .registry import PUBLICATION_KINDS, Hit, rule

AMOUNT = r"(?P<amt>\d[\d,]*(?:\.\d+)?)\s*万元?"
TOTAL = re.compile(
    r"(?P<appr>财政拨款)?(?:收入支出|收、?支)(?:决算|预算)?总(?:计|预算)(?:各?为)?\s*" + AMOUNT
)
NAME = r"[\p{Han}()（）][\p{Han}()（）\s]*?"
ITEM_NAMES = (
    rf"(?P<n1>{NAME})\s*[(（]\s*(?P<c1>\d{{3}})?\s*类\s*[)）]\s*"
    rf"(?P<n2>{NAME})\s*[(（]\s*(?P<c2>\d{{2}})?\s*款\s*[)）]\s*"
    rf"(?P<n3>{NAME})\s*[(（]\s*(?P<c3>\d{{2}})?\s*项\s*[)）]"
)
ITEM = re.compile(ITEM_NAMES + r"\s*[”\"]?\s*(?:科目)?\s*[:：]?\s*" + AMOUNT)
SUBJECT_NAMES = re.compile(ITEM_NAMES)
PLANNED = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*预算安排\s*" + AMOUNT)
SPENT = re.compile(r"支出决算(?:数)?(?:为|是)\s*" + AMOUNT)
SUBJECT_KINDS = (GENERAL_FUNCTIONAL, SPENDING, INCOME)


def _amount(raw: str) -> Quantity:
    return quantity(raw.replace(",", ""), "万元", 1e4)


def _near(q: Quantity, values: list[Quantity]) -> bool:
    """Whether the text's figure can be one of the tables' amounts at both precisions. Some
    texts cut the digits off instead of rounding (877,080 元 printed 87.70 万元): a whole
    unit of the text's last digit is allowed."""
    return any(abs(q.value - v.value) < 2 * q.half_step + v.half_step + EPS for v in values)


def _tables(report: Report) -> list[BudgetTable]:
    return [t for t in getattr(report, "budget_tables", None) or [] if t.scale]


@rule(
    "PUB-TEXT-TOTAL",
    "restated_value",
    "error",
    "说明中的收入支出总计应与收支总表一致",
    kinds=PUBLICATION_KINDS,
)
def text_total(report: Report) -> Iterator[Hit]:
    """ "收入支出总计2995.39万元" restates the 收支总表's 总计, "财政拨款收入支出总计…" the
    财政拨款收支总表's; the figure must be one the table's 总计 row prints.

    Limits: Needs the table's 总计 row read; otherwise nothing is compared.
    """
    tables = _tables(report)
    for m in TOTAL.finditer(report.text):
        kind = APPROPRIATION_SUMMARY if m.group("appr") else SUMMARY
        if m.group("appr") is None and report.text[max(0, m.start() - 2) : m.start()].endswith(
            "拨款"
        ):
            continue
        values = [
            q
            for t in tables
            if t.kind == kind
            for r in t.rows
            if any(re.fullmatch(r"(?:收入|支出)?总计:?", x) for x in r.texts.values())
            for q in r.values.values()
        ]
        if not values:
            continue
        q = _amount(m.group("amt"))
        if _near(q, values):
            continue
        table_total = max(values, key=lambda v: v.value)
        what = re.sub(r"\s+|各?为$", "", report.text[m.start() : m.start("amt")])  # as printed
        yield Hit(
            f"说明称{what} {m.group('amt')} 万元，{'财政拨款收支总表' if m.group('appr') else '收支总表'}"
            f"总计为 {table_total.value / 1e4:,.2f} 万元",
            [report.evidence_at(m.start(), m.end())],
            expected=table_total.value,
            found=q.value,
        )


@rule(
    "PUB-TEXT-SUBJECT",
    "restated_value",
    "error",
    "说明中各功能分类科目的金额应与支出表一致",
    kinds=PUBLICATION_KINDS,
)
def text_subject(report: Report) -> Iterator[Hit]:
    """ "住房保障支出（221类）住房改革支出（02款）住房公积金（01项）208.8万元" and the same item's
    "2026年预算安排208.8万元" (a 决算's "支出决算为…万元") restate the 项 row of the tables (by its code, or by its 款 and
    项 names when the text prints no code). A figure that none of the row's amounts (合计,
    财政拨款, 基本支出 …, in any table of the subject) can round to is a wrong restatement.

    Limits: A subject the text names without code or with names the tables do not print is not
    matched.
    """
    tables = [t for t in _tables(report) if t.kind in SUBJECT_KINDS]
    if not tables:
        return
    items = list(SUBJECT_NAMES.finditer(report.text))
    for k, m in enumerate(items):
        rows = _rows_for(tables, m)
        if not rows:
            continue
        values = [q for r in rows for q in r.values.values()]
        end = _item_end(report.text, m.end(), items[k + 1].start() if k + 1 < len(items) else None)
        figures = []
        head = ITEM.match(report.text, m.start())
        if head is not None:
            figures.append((head.group("amt"), head.start("amt"), head.end()))
        for p in PLANNED.finditer(report.text, m.end(), end):
            if report.year is None or int(p.group("year")) == report.year:
                figures.append((p.group("amt"), p.start(), p.end()))
        for p in SPENT.finditer(report.text, m.end(), end):
            figures.append((p.group("amt"), p.start(), p.end()))
        row = rows[0]
        best = max(values, key=lambda v: v.value, default=None)
        for raw, start, stop in figures:
            q = _amount(raw)
            if _near(q, values) or best is None:
                continue
            yield Hit(
                f"说明中“{canon(m.group('n3'))}”{raw} 万元与表中“{row.code} {row.name}”的 "
                f"{_wan(rows)} 万元不符",
                [report.evidence_at(start, stop), row.evidence],
                expected=best.value,
                found=q.value,
            )


NEXT_PART = re.compile(
    r"\n\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[、.．])"
)


def _item_end(text: str, start: int, next_item: int | None) -> int:
    """Where an item of the 说明 ends: at the next item, the next numbered part, or 200
    characters on, whichever comes first."""
    end = min(len(text), start + 200)
    if next_item is not None:
        end = min(end, next_item)
    part = NEXT_PART.search(text, start, end)
    return part.start() if part else end


BASIC = re.compile(
    r"一般公共预算(?:财政拨款)?基本支出(?:决算|预算)?\s*"
    + AMOUNT
    + r"\s*[。，,；;]?\s*其中[:：]?\s*人员经费"
)


@rule(
    "PUB-TEXT-BASIC",
    "restated_value",
    "error",
    "说明中的一般公共预算基本支出应与一般公共预算支出表一致",
    kinds=PUBLICATION_KINDS,
)
def text_basic(report: Report) -> Iterator[Hit]:
    """ "一般公共预算财政拨款基本支出5377.64万元。其中：人员经费…" restates the 基本支出 of the
    一般公共预算支出表's 合计 row; the all-funds 基本支出 of the 支出表 is other money and
    may differ.

    Limits: Needs the 一般公共预算支出表 read with its 合计 row.
    """
    values = [
        row.values[col.index]
        for t in _tables(report)
        if t.kind == GENERAL_FUNCTIONAL
        for row in t.rows
        if row.is_total
        for col in t.columns
        if col.name == "基本支出" and col.index in row.values
    ]
    if not values:
        return
    for m in BASIC.finditer(report.text):
        q = _amount(m.group("amt"))
        if _near(q, values):
            continue
        yield Hit(
            f"说明称一般公共预算基本支出 {m.group('amt')} 万元，一般公共预算支出表合计行的基本支出为 "
            f"{values[0].value / 1e4:,.2f} 万元",
            [report.evidence_at(m.start(), m.end())],
            expected=values[0].value,
            found=q.value,
        )


@rule(
    "PUB-TEXT-SUBJECT-NAME",
    "policy",
    "warning",
    "说明中的功能分类科目名称应与表中一致",
    kinds=PUBLICATION_KINDS,
)
def text_subject_name(report: Report) -> Iterator[Hit]:
    """The 说明 names each subject by its 类, 款 and 项 ("卫生健康支出（210类）行政事业单位医疗
    （11款）行政单位医疗（01项）"); the names must be the tables' names for those codes. A
    class under its pre-2018 name (医疗卫生与计划生育支出 for 210 卫生健康支出), a 款 name
    given as a 项, or a 项 the tables do not have is a subject the reader cannot find. One
    finding a document, listing the items.

    Limits: Only codes the 2018+ classification knows are named; a local subject code is taken as
    printed.
    """
    tables = [t for t in _tables(report) if t.kind in SUBJECT_KINDS]
    names: dict[str, str] = {}
    for t in tables:
        for r in t.coded():
            names.setdefault(r.code or "", _name(r.name or ""))
    if sum(1 for c in names if len(c) == 7) < 3:
        return
    bad: list[tuple[str, re.Match]] = []
    seen: set[tuple[str, str, str]] = set()
    for m in SUBJECT_NAMES.finditer(report.text):
        said = (_name(m.group("n1")), _name(m.group("n2")), _name(m.group("n3")))
        if said in seen or not all(said):
            continue
        seen.add(said)
        problem = _name_problem(names, said, m)
        if problem:
            bad.append((problem, m))
    if not bad:
        return
    listed = "；".join(p for p, _ in bad[:3]) + (f"等 {len(bad)} 处" if len(bad) > 3 else "")
    yield Hit(
        f"说明中的科目名称与表中不符：{listed}",
        [report.evidence_at(m.start(), m.end()) for _, m in bad],
        expected=None,
        found=len(bad),
    )


def _name_problem(names: dict[str, str], said: tuple[str, str, str], m: re.Match) -> str | None:
    """What is wrong with an item's 类 / 款 / 项 names against the tables, if anything."""
    n1, n2, n3 = said
    codes = (m.group("c1"), m.group("c2"), m.group("c3"))
    if all(codes):
        code = "".join(codes)
    else:
        found = [c for c in names if len(c) == 7 and names[c] == n3 and names.get(c[:5]) == n2]
        found = found or [
            c for c in names if len(c) == 7 and names[c] == n3 and names.get(c[:3]) == n1
        ]
        if len(found) != 1:
            if n3 in names.values():
                level = next(c for c, n in names.items() if n == n3)
                if len(level) != 7:
                    return f"“{n3}”在表中是{'类' if len(level) == 3 else '款'}（{level}），不是项"
                return None
            return f"表中没有名为“{n3}”的项级科目"
        code = found[0]
    if code not in names:
        return None
    for text_name, part, level in ((n1, code[:3], "类"), (n2, code[:5], "款"), (n3, code, "项")):
        table_name = names.get(part)
        if table_name and not _same_name(text_name, table_name):
            return f"{level}“{text_name}”在表中为“{part} {table_name}”"
    return None


THREE = re.compile(
    r"[“\"]?三公[”\"]?经费[^。；;]{0,30}?(?:预算|决算|支出)(?:数)?(?:为|是)?\s*" + AMOUNT
)


@rule(
    "PUB-TEXT-THREE-EMPTY",
    "restated_value",
    "error",
    "说明所述“三公”经费金额应在“三公”经费表中列出",
    kinds=PUBLICATION_KINDS,
)
def text_three_empty(report: Report) -> Iterator[Hit]:
    """The 说明 gives the “三公” figures ("“三公”经费财政拨款支出年初预算为0.95万元") while the
    “三公”经费表 under its header prints no row at all: the table lost its figures, or the
    text describes another table.

    Limits: Needs the “三公”经费表 found by its header; a table the reader could not find is not judged.
    """
    three = [t for t in getattr(report, "budget_tables", None) or [] if t.kind == THREE_PUBLIC]
    if not three or any(t.rows for t in three):
        return
    empty = [t for t in three if any("因公出国" in n for n in t.headers)]
    if not empty:
        return
    for m in THREE.finditer(report.text):
        q = _amount(m.group("amt"))
        if q.value <= EPS:
            continue
        yield Hit(
            f"“三公”经费表未列任何金额，说明却称“三公”经费 {m.group('amt')} 万元",
            [
                report.evidence_at(m.start(), m.end()),
                Evidence(empty[0].page, None, empty[0].caption),
            ],
            expected=None,
            found=q.value,
        )
        return


def _wan(rows: list[BudgetRow]) -> str:
    seen: list[str] = []
    for r in rows:
        for q in r.values.values():
            text = f"{q.value / 1e4:,.2f}"
            if abs(q.value) > EPS and text not in seen:
                seen.append(text)
    return " / ".join(seen[:3]) or "0"


def _rows_for(tables: list[BudgetTable], m: re.Match) -> list[BudgetRow]:
    """The 项 rows of the subject an item names: by its code, else by its 款 and 项 names."""
    c1, c2, c3 = m.group("c1"), m.group("c2"), m.group("c3")
    out: list[BudgetRow] = []
    if c1 and c2 and c3:
        code = c1 + c2 + c3
        return [r for t in tables for r in t.coded() if r.code == code]
    n2, n3 = _name(m.group("n2")), _name(m.group("n3"))
    for t in tables:
        names = {r.code: _name(r.name or "") for r in t.coded()}
        for r in t.coded():
            code = r.code or ""
            if len(code) == 7 and names[code] == n3 and names.get(code[:5]) == n2:
                out.append(r)
    return out


ENUMERATION = re.compile(r"^\([一二三四五六七八九十\d]{1,3}\)")


@functools.lru_cache(maxsize=4096)
def _name(text: str) -> str:
    """A subject name as a comparison key: no enumeration "（三）", 其它 = 其他."""
    text = canon(text).replace("其它", "其他").strip('“”"')
    return ENUMERATION.sub("", text)


def _same_name(said: str, table: str) -> bool:
    """A text name and a table name of the same subject; texts often drop a class's 支出
    ("一般公共服务（类）" for 201 一般公共服务支出)."""
    return said == table or said + "支出" == table or said == table + "支出"


__all__ = ["text_basic", "text_subject", "text_subject_name", "text_three_empty", "text_total"]


YUAN = re.compile(r"(?<![\d.,])(?P<amt>\d[\d,]*\.\d{2})元")


@rule(
    "PUB-TEXT-UNIT",
    "restated_value",
    "error",
    "说明中的金额单位应与表中金额相符",
    kinds=PUBLICATION_KINDS,
)
def text_unit(report: Report) -> Iterator[Hit]:
    """ "2026年预算支出1682.76元" beside tables whose 合计 is 1,682.76 万元: the figure is the
    table's, its unit is not (a 说明 in 万元 that drops the 万 once).

    Limits: Only a figure equal to the table's 合计 in digits is taken for a unit slip.
    """
    totals = [
        q
        for t in _tables(report)
        if (row := t.total_row()) is not None
        for q in row.values.values()
        if q.value >= 1e5
    ]
    if not totals:
        return
    for m in YUAN.finditer(report.text):
        as_yuan = quantity(m.group("amt").replace(",", ""), "元")
        if any(abs(as_yuan.value - t.value) <= as_yuan.half_step + t.half_step for t in totals):
            continue  # the figure is in 元 in the tables too
        as_wan = _amount(m.group("amt"))
        if _near(as_wan, totals):
            yield Hit(
                f"说明中“{m.group('amt')}元”与表中合计 {as_wan.value / 1e4:,.2f} 万元数字相同，单位应为万元",
                [report.evidence_at(m.start(), m.end())],
                expected=f"{m.group('amt')}万元",
                found=f"{m.group('amt')}元",
            )
