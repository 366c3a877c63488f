"""A report's funds table broken down by item, as data: 合计, categories (一、二…) and their items
(1、2…), each with its budget, money received, money spent, balance and execution rate.

Reports that evaluate a fund made of several items print one (项目支出情况表, 资金使用情况表):
its rows must add up, column by column, and each row's rate must follow from its amounts. The
reader is `extractor.fundstable`; the rules that check it see only this model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Evidence, Quantity

# The amount columns, in the order they are checked; "execution_rate" is the rate column.
AMOUNT_ROLES = ("budget", "received", "spent", "balance")
ROLE_ZH = {
    "budget": "预算数",
    "received": "到位数",
    "spent": "执行数",
    "balance": "结余",
    "execution_rate": "执行率",
}


@dataclass
class FundsItem:
    """One row: its 序号 as printed, its name, its depth (1 for 一, 2 for 1, 3 for (1)) and its
    values by role (amounts in yuan, the rate on a 0-100 scale)."""

    number: str
    name: str
    level: int
    values: dict[str, Quantity]
    evidence: Evidence


@dataclass
class ItemFunds:
    """The table: the column headers as printed by role, its 合计 row and its rows in order."""

    headers: dict[str, str]
    total: FundsItem | None
    items: list[FundsItem] = field(default_factory=list)

    def top(self) -> list[FundsItem]:
        """The rows the 合计 adds up: those of the smallest depth."""
        depth = min((i.level for i in self.items), default=1)
        return [i for i in self.items if i.level == depth]

    def children(self, parent: FundsItem) -> list[FundsItem]:
        """The rows one level under a row, up to the next row of its level or above."""
        start = self.items.index(parent) + 1
        out: list[FundsItem] = []
        for item in self.items[start:]:
            if item.level <= parent.level:
                break
            if item.level == parent.level + 1:
                out.append(item)
        return out
