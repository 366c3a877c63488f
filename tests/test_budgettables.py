"""The standard tables of 部门预算 / 决算 publications read as data (extractor/budget/).

Small fixtures in the shape of real rows (codes in three cells, in one, before the name,
without their leading zero; headers over two rows; a table cut by a page break), then the
real publications (skipped when corpus/real/store or ../shared is absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract
from extractor.budget import read_budget_tables
from extractor.budget.find import kind_of
from extractor.model import Line

from .conftest import REAL, ROOT

STORE = ROOT / "corpus" / "real" / "store" / "publications"


def _lines(rows: list[tuple[int, str]]) -> list[Line]:
    return [
        Line(text, page, n, cells=text.split("\t") if "\t" in text else None)
        for n, (page, text) in enumerate(rows, 1)
    ]


SPLIT_TABLE = [
    (1, "2025年一般公共预算支出功能分类预算表"),
    (1, "单位：元"),
    (1, "项目\t\t\t\t一般公共预算支出\t\t"),
    (1, "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出"),
    (1, "类\t款\t项\t\t\t\t"),
    (1, "208\t\t\t社会保障和就业支出\t2,925,857.00\t2,925,857.00\t0.00"),
    (1, "208\t05\t\t行政事业单位养老支出\t2,925,857.00\t2,925,857.00\t0.00"),
    (2, "项目\t\t\t\t一般公共预算支出\t\t"),
    (2, "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出"),
    (2, "类\t款\t项\t\t\t\t"),
    (2, "208\t05\t01\t行政单位离退休\t561240\t561240\t0"),
    (2, "208\t5\t05\t机关事业单位基本养老保险缴费支出\t2,364,617.00\t2,364,617.00\t0.00"),
    (2, "合计\t\t\t\t2,925,857.00\t2,925,857.00\t0.00"),
    (2, "注：本表反映一般公共预算支出情况。"),
]


def test_codes_headers_and_page_split() -> None:
    (table,) = read_budget_tables(_lines(SPLIT_TABLE))
    assert table.kind == "general_functional"
    assert table.scale == 1.0
    assert [c.name for c in table.columns] == ["合计", "基本支出", "项目支出"]
    assert table.columns[0].path == ("一般公共预算支出", "合计")
    assert [r.code for r in table.rows] == ["208", "20805", "2080501", "2080505", None]
    assert table.rows[-1].is_total
    row = table.rows[2]
    assert row.name == "行政单位离退休" and row.level == 3
    assert row.values[4].value == 561240 and row.values[4].decimals == 0
    assert table.rows[3].values[4].raw == "2,364,617.00" and table.rows[3].values[4].decimals == 2
    assert row.evidence.page == 2


def test_code_in_one_cell_and_code_name_cell() -> None:
    lines = _lines(
        [
            (1, "预算05表 一般公共预算支出表"),
            (1, "\t\t\t金额单位：万元"),
            (1, "科目编码\t科目名称\t合计\t基本支出\t项目支出"),
            (1, "栏次\t\t1\t2\t3"),
            (1, "2013901\t行政运行\t51.32\t51.32\t"),
            (1, "2013601-行政运行\t\t1,198.209504\t1,198.209504\t"),
        ]
    )
    (table,) = read_budget_tables(lines)
    assert [r.code for r in table.rows] == ["2013901", "2013601"]
    assert table.rows[1].name == "行政运行"
    assert table.rows[0].values[2].value == pytest.approx(513200.0)
    assert table.rows[1].values[2].decimals == 6


def test_kinds_from_captions() -> None:
    assert kind_of("收入支出决算总表") == "summary"
    assert kind_of("财政拨款收入支出决算总表") == "appropriation_summary"
    assert kind_of("一般公共预算财政拨款基本支出决算表") == "basic_economic"
    assert kind_of("2026年单位“三公”经费和机关运行经费预算表") == "three_public"
    assert kind_of("政府性基金预算财政拨款收入支出决算表") == "gov_fund"
    assert kind_of("支出总表（预算表3）") == "spending"


def test_not_read_for_other_documents() -> None:
    report = extract(ROOT / "rules" / "examples" / "SCORE-SUM" / "pass.txt")[0]
    assert report.kind != "publication" and report.budget_tables == []


def _stored(name: str) -> Path:
    path = STORE / name
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} is absent (corpus/real/store is not in git)")
    return path


def test_real_unit_budget_tables() -> None:
    report = extract(_stored("shanghai_putuo_justice_2026_unit_budget.pdf"))[0]
    kinds = [t.kind for t in report.budget_tables]
    assert kinds == [
        "summary",
        "income",
        "spending",
        "appropriation_summary",
        "general_functional",
        "gov_fund",  # printed empty, with its header and a note
        "state_capital",
        "basic_economic",
        "three_public",
    ]
    assert (
        report.budget_tables[5].rows == []
        and "本表为空表" in report.budget_tables[5].notes[0].quote
    )
    general = report.budget_tables[4]
    assert general.scale == 1.0  # its 单位：元 line is a dropped running header: inferred
    assert len(general.coded()) == 21 and general.rows[-1].evidence.page == 15
    row = next(r for r in general.rows if r.code == "2080501")
    assert {c.name: row.values[c.index].raw for c in general.columns} == {
        "合计": "561,240.00",
        "基本支出": "561,240.00",
        "项目支出": "0.00",
    }
    assert row.evidence.page == 14
    summary = report.budget_tables[0]
    assert [c.path for c in summary.columns][2] == ("本年支出", "预算数", "基本支出", "人员经费")
    assert report.budget_tables[-1].scale == 1e4


def test_real_final_with_concatenated_codes_and_two_column_groups() -> None:
    path = REAL / "sh_putuo_party_social_work_dept_2024_dept_final.pdf"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    report = extract(path)[0]
    spending = next(t for t in report.budget_tables if t.kind == "spending")
    assert spending.final and spending.scale == 1e4 and len(spending.coded()) == 17
    row = next(r for r in spending.rows if r.code == "2013901")
    assert row.values[2].value == pytest.approx(513200.0) and row.values[2].decimals == 2
    basic = next(t for t in report.budget_tables if t.kind == "basic_economic")
    codes = {r.code for r in basic.coded()}
    assert {"301", "302", "30101", "30201", "30231"} <= codes  # both column groups read


def test_unit_inferred_from_the_text_when_the_unit_line_is_dropped() -> None:
    """A PDF reader drops "单位：元" as a running header; the 说明 restating the tables in 万元
    tells 元 from 万元 (the 三公 table's own "单位：万元" is no guide for the others)."""
    rows = [r for r in SPLIT_TABLE if r[1] != "单位：元"] + [
        (3, "2025年“三公”经费预算表"),
        (3, "单位：万元"),
        (3, "合计\t因公出国(境)费\t公务接待费"),
        (3, "1.00\t0.00\t1.00"),
        (4, "社会保障和就业支出292.59万元，其中行政单位离退休56.12万元，"),
        (4, "机关事业单位基本养老保险缴费支出236.46万元。"),
    ]
    general, three = read_budget_tables(_lines(rows))
    assert general.scale == 1.0 and three.scale == 1e4
    assert general.rows[0].values[4].value == 2925857.0
