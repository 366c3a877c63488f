"""The 说明 of a publication read as statements, and the publication rules on them.

The shapes are those of real 部门预算 / 部门决算 publications (Shanghai 普陀,
国家信访局, 福州, 西安); the traps are figures that look wrong and are right at
the precision they were printed with.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract
from extractor.statements import read_statements
from jixiao.pipeline import audit_file
from rules.examples import examples

from .conftest import REAL


def _publication(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "pub.txt"
    path.write_text(text, encoding="utf-8")
    reports = [r for r in extract(path) if r.kind == "publication"]
    assert reports, "the text was not read as a publication"
    return path, reports[0]


def _rules(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in audit_file(path).findings:
        out.setdefault(f.rule, []).append(f.message)
    return out


def test_budget_statements_are_read_with_their_precision(tmp_path: Path) -> None:
    _, report = _publication(tmp_path, examples("PUB-CHANGE-RATE")["pass.txt"])
    st = read_statements(report)
    pairs = [(c.base.raw, c.current.raw, c.rate.raw, c.direction) for c in st.changes if c.base]
    assert pairs[0] == ("1690.69", "1672.67", "1.07", -1)
    assert ("0.50", "0.64", "28", 1) in pairs
    steps = [(c.current.raw, c.step.raw, c.rate and c.rate.raw) for c in st.changes if not c.base]
    assert ("1338.13", "31.85", "2.44") in steps
    assert [(i.heading.raw, i.planned.raw) for i in st.items][4] == ("208.8", "208.8")


def test_final_statements_are_read(tmp_path: Path) -> None:
    _, report = _publication(tmp_path, examples("PUB-SHARE")["pass.txt"])
    st = read_statements(report)
    first = st.outturns[0]
    assert (first.budget.raw, first.outturn.raw, first.rate.raw, first.verdict) == (
        "2993.92",
        "2940.05",
        "98.20",
        "小于",
    )
    assert [o.verdict for o in st.outturns[1:]] == ["小于", "等于"]
    shares = [(s.part.raw, s.rate.raw, s.total.raw) for s in st.shares]
    assert ("2106.66", "71.65", "2940.05") in shares
    assert ("6.2", "0.21", "2946.25") in shares


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # 59.11 → 57.8 is −2.14% … −2.29% for the values 57.8 (one decimal) stands for
        ("减少2.21%", "减少2.21%"),
        # 0.50 → 0.64 is +25.7% … +30.3% at two decimals: "28%" is reachable
        ("增加28%", "增加28%"),
    ],
)
def test_rounded_changes_stay_silent(tmp_path: Path, old: str, new: str) -> None:
    path, _ = _publication(tmp_path, examples("PUB-CHANGE-RATE")["pass.txt"].replace(old, new))
    assert "PUB-CHANGE-RATE" not in _rules(path)


def test_a_rate_off_by_a_copied_figure_is_an_error_naming_both(tmp_path: Path) -> None:
    path, _ = _publication(tmp_path, examples("PUB-CHANGE-RATE")["fail.txt"])
    assert _rules(path)["PUB-CHANGE-RATE"] == [
        "由 77.99 万元到 91.97 万元应为增加 17.93%，文中为增加 17.66%"
    ]


def test_shares_evened_out_to_100_are_a_convention(tmp_path: Path) -> None:
    # 29.42 / 307.82 = 9.558%, printed 9.55% so that the four shares add up to 100.00%
    text = (
        "某区委社会工作部 2024 年度部门决算\n"
        "一般公共预算财政拨款支出307.82万元，主要用于以下方面：一般公共服务支出（类）264.87万元，"
        "占86.05%；社会保障和就业支出（类）10.82万元，占3.52%；卫生健康支出（类）2.71万元，"
        "占0.88%；住房保障支出（类）29.42万元，占9.55%。\n"
    )
    path, _ = _publication(tmp_path, text)
    assert "PUB-SHARE" not in _rules(path)
    path, _ = _publication(tmp_path, text.replace("占86.05%", "占86.15%"))
    # no longer adding up to 100%, the evened-out share is a cut-off one again
    assert _rules(path)["PUB-SHARE"] == [
        "264.87 万元 ÷ 合计 307.82 万元 = 86.047%，文中为 86.15%",
        "29.42 万元 ÷ 合计 307.82 万元 = 9.558%，文中为 9.55%（截断而非四舍五入）",
    ]


def test_a_change_in_a_list_may_speak_of_the_list_total(tmp_path: Path) -> None:
    # 西安市审计局: the rise is the total's (4203.47 − 142.30 = 4061.17; +3.50%), not 其他收入's
    text = (
        "某市审计局 2026 年部门预算\n"
        "本部门当年预算收入4,203.47万元，其中：一般公共预算拨款4,005.29万元、上年实户资金余额98.18万元、"
        "其他收入100.00万元，较上年增加142.30万元，增长3.50%，增长的主要原因是：审计专项经费增加。\n"
    )
    path, _ = _publication(tmp_path, text)
    found = _rules(path)
    assert "PUB-CHANGE-EXCEEDS" not in found and "PUB-CHANGE-RATE" not in found


@pytest.mark.skipif(not REAL.exists(), reason="../shared/corpus/real is not beside the project")
def test_real_final_share_error_is_found_with_its_page() -> None:
    result = audit_file(REAL / "sh_putuo_finance_bureau_2024_dept_final.pdf")
    shares = [f for f in result.findings if f.rule == "PUB-SHARE"]
    assert [f.message for f in shares] == [
        "2106.66 万元 ÷ 合计 2940.05 万元 = 71.654%，文中为 71.73%"
    ]
    assert shares[0].evidence[0].page == 21
