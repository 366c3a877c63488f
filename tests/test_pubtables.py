"""Rules on the standard tables of publications (rules/pubtables.py, rules/pubrestated.py):
the defects the real corpus's gold lists, and silence on tables that add up at the
printed precision."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.pipeline import audit_file

from .conftest import REAL, ROOT

STORE = ROOT / "corpus" / "real" / "store" / "publications"
BASE = (ROOT / "rules" / "examples" / "PUB-TABLE-ROW-SUM" / "pass.txt").read_text("utf-8")


def _mine(findings) -> list:  # type: ignore[no-untyped-def]
    return [f for f in findings if f.rule.startswith(("PUB-TABLE", "PUB-TEXT"))]


def _audit(tmp_path: Path, text: str) -> list:
    path = tmp_path / "pub.txt"
    path.write_text(text, encoding="utf-8")
    return _mine(audit_file(path).findings)


def test_rounded_parts_are_no_defect(tmp_path: Path) -> None:
    """A 合计 of 1,205.37 万元 beside parts adding to 1,205.38 (each rounded to 0.01 万元)."""
    text = BASE.replace("单位：元\n功能分类科目编码", "单位：万元\n功能分类科目编码", 1)
    text = text.replace(
        "213\t03\t\t水利\t3,800,000.00\t1,800,000.00\t2,000,000.00",
        "213\t03\t\t水利\t1,205.37\t602.69\t602.69",
        1,
    )
    assert [f for f in _audit(tmp_path, text) if f.rule == "PUB-TABLE-ROW-SUM"] == []


def test_partial_children_stay_silent(tmp_path: Path) -> None:
    """A table listing only some 项 of a 款: every column disagrees, nothing is provable."""
    text = BASE.replace(
        "208\t05\t05\t机关事业单位基本养老保险缴费支出\t900,000.00\t900,000.00\t0.00\n", "", 1
    )
    assert [f for f in _audit(tmp_path, text) if f.rule == "PUB-TABLE-SUBJECT-SUM"] == []


def test_row_sum_message(tmp_path: Path) -> None:
    text = (ROOT / "rules" / "examples" / "PUB-TABLE-ROW-SUM" / "fail.txt").read_text("utf-8")
    (hit,) = _audit(tmp_path, text)
    assert hit.message.startswith(
        "“2130301 行政运行”合计 1,800,000.00 与基本支出 + 项目支出 3,800,000.00"
    )
    assert len(hit.evidence) == 2  # the same row in the 支出表 and the 一般公共预算支出表


def _stored(name: str) -> Path:
    path = STORE / name
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} is absent (corpus/real/store is not in git)")
    return path


def test_real_unit_budget_defects() -> None:
    found = _mine(audit_file(_stored("shanghai_putuo_justice_2026_unit_budget.pdf")).findings)
    by_rule = {f.rule: f for f in found}
    row = by_rule["PUB-TABLE-ROW-SUM"]
    assert "“2040601 行政运行”合计 14,348,853.34" in row.message
    assert {e.page for e in row.evidence} == {11, 14}
    split = by_rule["PUB-TABLE-SPLIT"]
    assert "1,744,680" in split.evidence[0].quote and split.evidence[0].page == 8
    texts = sorted(f.found for f in found if f.rule == "PUB-TEXT-SUBJECT")
    assert texts == [pytest.approx(578000.0), pytest.approx(1700300.0)]
    name = by_rule["PUB-TEXT-SUBJECT-NAME"]
    assert "类“医疗卫生与计划生育支出”在表中为“210 卫生健康支出”" in name.message
    assert len(found) == 5


def test_real_welfare_home() -> None:
    found = _mine(audit_file(_stored("shanghai_putuo_welfare_home_2024_unit_budget.pdf")).findings)
    assert sorted(f.rule for f in found) == [
        "PUB-TABLE-CODE",
        "PUB-TABLE-ECON-CODE",
        "PUB-TEXT-SUBJECT",
        "PUB-TEXT-SUBJECT-NAME",
    ]
    text = next(f for f in found if f.rule == "PUB-TEXT-SUBJECT")
    assert "738.66" in text.message and "958.48 / 696.48" in text.message
    code = next(f for f in found if f.rule == "PUB-TABLE-CODE")
    assert {e.page for e in code.evidence} == {9, 11}  # tables 3 and 5 print the same row
    econ = next(f for f in found if f.rule == "PUB-TABLE-ECON-CODE")
    assert econ.evidence[0].quote.startswith("302 02 咨询费") and "等 8 处" in econ.message


def test_real_missing_table_and_note_under_filled_table() -> None:
    found = _mine(
        audit_file(_stored("shanghai_putuo_finance_bureau_2024_final_testbroken.pdf")).findings
    )
    assert sorted(f.rule for f in found) == [
        "PUB-TABLE-MISSING",
        "PUB-TEXT-THREE-EMPTY",  # the 三公 table prints its header only; the 说明 gives 0.95
        "PUB-TEXT-TOTAL",
    ]
    missing = next(f for f in found if f.rule == "PUB-TABLE-MISSING")
    assert "支出决算表" in missing.message and missing.evidence[0].page == 2
    found = _mine(audit_file(_stored("shanghai_putuo_wanli_2024_budget.pdf")).findings)
    assert sorted(f.rule for f in found) == ["PUB-TABLE-EMPTY-NOTE", "PUB-TEXT-SUBJECT"]


@pytest.mark.parametrize(
    "name",
    [
        "shanghai_city_finance_bureau_2025_unit_budget.pdf",
        "shanghai_putuo_commerce_2025_budget.pdf",
        "shanghai_putuo_govoffice_2025_budget.pdf",
        "shanghai_putuo_govoffice_2025_unit_budget.pdf",
    ],
)
def test_real_clean_tables_stay_silent(name: str) -> None:
    assert _mine(audit_file(_stored(name)).findings) == []


def test_real_final_text_total() -> None:
    path = REAL / "sh_putuo_finance_bureau_2024_dept_final.pdf"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    found = _mine(audit_file(path).findings)
    assert [f.rule for f in found] == ["PUB-TEXT-TOTAL"]
    assert "0.3 万元" in found[0].message and "2,961.68" in found[0].message


def test_real_notes_under_tables() -> None:
    found = _mine(audit_file(_stored("shanghai_putuo_finance_bureau_2025_budget.pdf")).findings)
    kind = [f for f in found if f.rule == "PUB-TABLE-NOTE-KIND"]
    assert len(kind) == 1 and kind[0].evidence[0].page == 18
    path = REAL / "sh_putuo_party_social_work_dept_2024_dept_final.pdf"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    found = _mine(audit_file(path).findings)
    assert [f.rule for f in found] == ["PUB-TABLE-INSTRUCTION"]
    assert {e.page for e in found[0].evidence} == {15, 16}


def test_class_rounding_between_summary_and_coded_tables_is_no_defect() -> None:
    """326.71 in the 财政拨款收支总表 beside 326.72 (the sum of four items rounded to 0.01
    万元) in the 一般公共预算支出表: the same amount at the printed precision."""
    path = REAL / "sh_putuo_finance_bureau_2024_dept_final.pdf"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    found = _mine(audit_file(path).findings)
    assert not [f for f in found if f.rule == "PUB-TABLE-CLASS"]


def test_real_economic_classes_that_do_not_add_up() -> None:
    # 长春市信访局 预算表6: 303 = 30302 + 30307 proves the table prints its items in full;
    # 301 prints 911.21 over items adding to 920.96, 302 prints 211.00 over 221.37 (30208
    # printed twice, 取暖费 and 物业管理费, is a slip of one code, not a table by unit).
    path = ROOT / "corpus" / "real" / "store" / "forms"
    path = path / "jilin_changchun_xinfang_2026_dept_budget_targets.pdf"
    if not path.exists():
        pytest.skip("corpus/real/store is absent")
    found = [f for f in audit_file(path).findings if f.rule == "PUB-TABLE-SUBJECT-SUM"]
    assert [f.message for f in found] == [
        "“301 工资福利支出”合计 911.21 与下级科目之和 920.96 不一致（基本支出表）",
        "“302 商品和服务支出”合计 211.00 与下级科目之和 221.37 不一致（基本支出表）",
    ]
    assert {f.evidence[0].page for f in found} == {11}
