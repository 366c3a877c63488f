"""Ruled tables printed one right under another (extractor/gridsplit), and what the rules do
with a score table the reader says it read in part or wrong (Report.tree_partial).

The fixture is a score table held as two HTML tables with their own column widths, as
PDF-to-Markdown copies keep a long table (one per page of the original), printed by Chromium
(tests/fixtures/stacked_tables.html is its source)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from extractor.gridsplit import split_stacked
from extractor.load import load
from extractor.model import Evidence, Indicator, Line, Report, as_set_value
from extractor.normalize import clean_line
from extractor.numbers import parse_number
from extractor.pdffast import find_tables, prime
from extractor.unread import find_unread
from rules import run

FIXTURE = Path(__file__).parent / "fixtures" / "stacked_tables.pdf"
HEADER = ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分"]


def test_two_tables_drawn_one_under_another_are_cut_apart() -> None:
    with pdfplumber.open(FIXTURE) as pdf:
        page = pdf.pages[0]
        prime(page)
        found = find_tables(page)
        assert [len(t.rows[0].cells) for t in found] == [11]  # pdfplumber: one grid, both rules
        parts = split_stacked(page, found)
        assert [(len(t.rows), len(t.rows[0].cells)) for t in parts] == [(4, 6), (4, 6)]
        heads = [[clean_line(c.replace("\n", "")) for c in t.extract()[0]] for t in parts]
        assert heads == [HEADER, HEADER]


def test_the_parts_read_as_one_table_with_its_six_rows() -> None:
    doc = load(FIXTURE)
    (table,) = [t for t in doc.tables if t.header == HEADER]
    assert [r.cells[2] for r in table.body] == [
        "A101立项依据充分性",
        "A102立项程序规范性",
        "A201绩效目标合理性",
        "B101预算执行率",
        "B102资金使用合规性及财务管理规范程度",
        "B201管理制度健全性",
    ]


def test_a_table_of_one_rule_set_is_not_cut() -> None:
    with pdfplumber.open("corpus/layouts/chromium/yanqi_grassland_fund_2022.pdf") as pdf:
        for page in pdf.pages:
            prime(page)
            found = find_tables(page)
            assert split_stacked(page, found) == found


def _tree(scores: list[float], nameless: int = 0) -> list[Indicator]:
    """A level-2 indicator (weight 10, score 10) and its level-3 rows."""
    top = Indicator(level=2, name="项目立项", code="A1", weight=as_set_value(parse_number("10")))
    top.score = parse_number("10")
    rows = []
    for k, score in enumerate(scores):
        name = "" if k < nameless else f"指标{k}"
        row = Indicator(level=3, name=name, code=f"A10{k + 1}", parent="项目立项")
        row.evidence = Evidence(3, k + 2, f"A10{k + 1} {name} 2")
        row.weight, row.score = as_set_value(parse_number("2")), parse_number(str(score))
        rows.append(row)
    return [top, *rows]


def _report(indicators: list[Indicator], lines: list[Line]) -> Report:
    report = Report(
        file="x.pdf", sha256="", pages=3, format="pdf", lines=lines, indicators=indicators
    )
    report.kind = "project"
    return report


def test_a_tree_read_wrong_is_said_and_its_rules_stay_silent() -> None:
    """Six level-3 rows, three without a name (text cells taken for rows): the reader says the
    table was read wrong, and WEIGHT-SUM (six weights of 2 under a weight of 10) does not run on it."""
    lines = [Line("评分表", 1, 1)]
    ok = _report(_tree([2, 2, 2, 2, 2, 2]), lines)
    assert [f.rule for f in run(ok) if f.rule == "WEIGHT-SUM"] == ["WEIGHT-SUM"]
    garbled = _report(_tree([2, 2, 2, 2, 2, 2], nameless=3), lines)
    ((what, where),) = find_unread(garbled)
    assert what == "评分表（读出的 6 个三级指标中 3 个没有名称）"
    assert (where.page, where.line) == (3, 2)
    garbled.tree_partial = True
    assert [f.rule for f in run(garbled) if f.rule == "WEIGHT-SUM"] == []
