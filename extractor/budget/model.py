"""The standard tables of a 部门预算 / 部门决算 publication, as typed data.

A publication prints nine standard tables (收支总表, 收入表, 支出表, 财政拨款收支总表,
一般公共预算支出功能分类表, 基本支出经济分类表, “三公”经费表, 政府性基金表, 国有资本经营表).
Each is read into a BudgetTable: its caption, its kind, its money unit, its amount
columns named by their header path (("本年支出", "基本支出", "人员经费")) and its rows,
each with its subject code (normalised: "208 05 01" → "2080501"), its name and its
amounts as printed (Quantity: value in yuan, printed decimals kept), so that rules can
compare them at the precision they were printed with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Evidence, Quantity

# Kinds of standard table, from the caption.
SUMMARY = "summary"  # 收支(预算/决算)总表
INCOME = "income"  # 收入(预算/决算)表
SPENDING = "spending"  # 支出(预算/决算)表
APPROPRIATION_SUMMARY = "appropriation_summary"  # 财政拨款收支总表
GENERAL_FUNCTIONAL = "general_functional"  # 一般公共预算(财政拨款)支出(功能分类)表
BASIC_ECONOMIC = "basic_economic"  # 一般公共预算基本支出(经济分类)表
THREE_PUBLIC = "three_public"  # “三公”经费表
GOV_FUND = "gov_fund"  # 政府性基金预算表
STATE_CAPITAL = "state_capital"  # 国有资本经营预算表
OTHER = "other"


@dataclass
class Column:
    """An amount column: its index in the row's cells and its header path, top to bottom."""

    index: int
    path: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass
class BudgetRow:
    """One row of a standard table: its subject code and name (or label) and its amounts."""

    cells: list[str]
    values: dict[int, Quantity]  # column index → amount as printed
    evidence: Evidence
    code: str | None = None  # normalised subject code: 3 (类), 5 (款) or 7 (项) digits
    name: str | None = None
    label: str | None = None  # a row without a code: 合计, 收入总计, 一、一般公共服务支出…
    code_printed: str | None = None  # the code as printed when it is not a valid code ("7 11 02")
    texts: dict[int, str] = field(default_factory=dict)  # column index → text (labels of a 总表)

    @property
    def level(self) -> int | None:
        """1 = 类, 2 = 款, 3 = 项 (by the code's length)."""
        if self.code is None:
            return None
        return {3: 1, 5: 2, 7: 3}.get(len(self.code))

    @property
    def is_total(self) -> bool:
        """The table's 合计 / 总计 row."""
        text = self.label or ""
        return self.code is None and bool(text) and text.rstrip(":：") in TOTAL_LABELS


TOTAL_LABELS = frozenset({"合计", "总计", "支出合计", "本年支出合计", "收入合计", "本年收入合计"})


@dataclass
class BudgetTable:
    """A standard table: caption, kind, money unit and rows (possibly over several pages)."""

    caption: str
    kind: str
    page: int | None
    scale: float | None  # 1 for 元, 1e4 for 万元; None when the table does not say
    columns: list[Column] = field(default_factory=list)
    rows: list[BudgetRow] = field(default_factory=list)
    final: bool = False  # a 决算 (not a 预算) table
    notes: list[Evidence] = field(default_factory=list)  # the 注 under it ("…故本表为空表。")
    headers: list[str] = field(default_factory=list)  # its header rows' words, as printed

    def column(self, index: int) -> Column | None:
        return next((c for c in self.columns if c.index == index), None)

    def coded(self) -> list[BudgetRow]:
        return [r for r in self.rows if r.code is not None]

    def total_row(self) -> BudgetRow | None:
        return next((r for r in self.rows if r.is_total), None)

    def to_dict(self) -> dict:
        return {
            "caption": self.caption,
            "kind": self.kind,
            "page": self.page,
            "unit": {1.0: "元", 1e4: "万元"}.get(self.scale or 0.0),
            "columns": ["/".join(c.path) for c in self.columns],
            "rows": [
                {
                    "code": r.code,
                    "name": r.name or r.label,
                    "values": {
                        "/".join(c.path): r.values[c.index].value
                        for c in self.columns
                        if c.index in r.values
                    },
                    "page": r.evidence.page,
                    "line": r.evidence.line,
                }
                for r in self.rows
            ],
        }


__all__ = [
    "APPROPRIATION_SUMMARY",
    "BASIC_ECONOMIC",
    "GENERAL_FUNCTIONAL",
    "GOV_FUND",
    "INCOME",
    "OTHER",
    "SPENDING",
    "STATE_CAPITAL",
    "SUMMARY",
    "THREE_PUBLIC",
    "BudgetRow",
    "BudgetTable",
    "Column",
]
