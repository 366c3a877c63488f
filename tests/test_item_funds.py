"""A report's funds table by item read as data: 合计, categories and their items, dashes as zero."""

from __future__ import annotations

from pathlib import Path

from extractor import extract

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "rules" / "examples" / "ITEM-FUNDS-SUM" / "pass.txt"
)


def test_the_table_is_read_with_its_tree_and_its_units():
    table = extract(EXAMPLE)[0].item_funds
    assert table is not None
    assert table.headers["received"] == "预算到位"
    assert table.total is not None and table.total.values["budget"].value == 2_400_000
    assert [(i.level, i.number, i.name) for i in table.top()] == [
        (1, "一", "转运站运行"),
        (1, "二", "转运人员劳务"),
    ]
    first = table.top()[0]
    assert [c.name for c in table.children(first)] == ["车辆运行费", "转运站运营维护费"]
    dash = first.values["balance"]
    assert (dash.value, dash.scale) == (0.0, 10_000.0)
    assert table.items[-1].values["execution_rate"].value == 88.24
