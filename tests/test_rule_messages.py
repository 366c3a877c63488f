"""What the rules say about their examples: the message, expected and found, word for word.

tests/test_rule_examples.py checks that each failing example raises its rule; these
tests pin down what is said, for the examples whose wording matters most to a reader.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.pipeline import audit_file
from rules.examples import examples
from rules.model import Finding


def findings_of(tmp_path: Path, rule_id: str, name: str) -> list[Finding]:
    """The findings of one rule on one of its examples."""
    path = tmp_path / f"{rule_id}-{name}"
    path.write_text(examples(rule_id)[name], encoding="utf-8")
    return [f for f in audit_file(path).findings if f.rule == rule_id]


def test_sideways_summary_row_is_compared_with_the_detailed_table(tmp_path: Path) -> None:
    found = findings_of(tmp_path, "SUMMARY-RESTATED", "fail3.txt")
    assert [(f.message, f.expected, f.found) for f in found] == [
        (
            "附件 1 项目指标得分情况汇总表中“项目产出”得分 44.3 与明细表下级合计 44.8 不一致",
            44.8,
            44.3,
        )
    ]


def test_a_single_rate_cell_is_read_against_its_score_column(tmp_path: Path) -> None:
    """B103 prints 4 of 4 and 90%: the score column prints 3.67, so "4" is 4.00, not 3.5–4.5."""
    found = findings_of(tmp_path, "SCORE-RATE", "fail3.txt")
    assert [(f.check, f.severity, f.message, f.expected, f.found) for f in found] == [
        (
            "score_rate",
            "error",
            "三级指标“B103 资金使用合规性”得分率 90% 与得分 4 ÷ 权重 4 = 100.00% 不一致",
            100,
            90,
        )
    ]
    assert [e.quote for e in found[0].evidence] == ["B103 资金使用合规性\t4\t合规\t合规\t4\t90%"]


def test_rates_that_the_printed_scores_round_to_are_not_flagged() -> None:
    """4.95/5 = 99.00% printed 99.01%, 3.98/4 = 99.50% printed 99.41%: both within rounding."""
    from extractor.model import as_set_value
    from extractor.numbers import parse_number, parse_percent
    from rules.numeric import at_precision, rate_matches

    five, four = as_set_value(parse_number("5")), as_set_value(parse_number("4"))  # weights
    assert rate_matches(at_precision(parse_number("4.95"), 2), five, parse_percent("99.01%"))
    assert rate_matches(at_precision(parse_number("3.98"), 2), four, parse_percent("99.41%"))
    assert not rate_matches(at_precision(parse_number("4"), 2), four, parse_percent("90%"))
    assert rate_matches(parse_number("4"), four, parse_percent("90%"))  # alone, "4" excuses 90%


def test_a_sample_analysed_is_the_valid_count(tmp_path: Path) -> None:
    found = findings_of(tmp_path, "SURVEY-SAMPLE", "fail.txt")
    assert [(f.check, f.message, f.expected, f.found) for f in found] == [
        ("questionnaire", "分析所用样本 58 份与有效问卷 60 份不一致", 60, 58)
    ]
    assert found[0].evidence[0].quote.startswith("根据 58 份样本分析")
    assert found[0].evidence[1].quote == "回收有效问卷 60"  # the key-information table
    found = findings_of(tmp_path, "SURVEY-SAMPLE", "fail2.txt")
    assert [(f.message, f.expected, f.found) for f in found] == [
        ("样本量 50 份与有效问卷 60 份、发放问卷 62 份均不一致", 60, 50)
    ]


def test_a_survey_table_restating_the_key_table_differently(tmp_path: Path) -> None:
    found = findings_of(tmp_path, "SURVEY-RESTATED", "fail2.txt")
    assert [(f.check, f.message, f.expected, f.found) for f in found] == [
        ("restated_value", "发放问卷份数前后不一致：62 份与 65 份", 62, 65)
    ]
    assert found[0].evidence[1].quote == "服务对象\t65\t60\t60\t100%"


GROUPS = """
一、问卷的发放和回收

表 1 问卷发放与回收情况

调查对象	发放问卷（份）	回收问卷（份）	有效问卷（份）	有效率
农户	42	40	40	100%
保洁人员	20	20	20	100%
合计	62	60	60	100%

二、调查问卷的分析

（1）您对村庄生活垃圾清运的及时性是否满意？

在 40 份有效问卷中，被调查对象中选非常满意的比例为 85%，选比较满意的比例为 15%。

（2）您对转运车辆的作业规范是否满意？

在 20 份有效问卷中，被调查对象中选非常满意的比例为 90%，选比较满意的比例为 10%。
"""


def test_surveys_of_groups_of_respondents_are_not_restatements(tmp_path: Path) -> None:
    """Each group's counts (its table row, its questions' samples) against the whole: silent."""
    base = examples("SURVEY-RESTATED")["pass.txt"]
    text = base[: base.index("附件 1 问卷调查情况")] + "附件 1 问卷调查情况\n" + GROUPS
    path = tmp_path / "groups.txt"
    path.write_text(text, encoding="utf-8")
    found = [f for f in audit_file(path).findings if f.check in ("questionnaire", "restated_value")]
    assert found == []
    # The same questions without the table: parts that add up to the whole are groups too.
    untabled = text.replace(GROUPS[: GROUPS.index("二、")], "")
    path.write_text(untabled, encoding="utf-8")
    assert [f for f in audit_file(path).findings if f.rule == "SURVEY-SAMPLE"] == []


def test_a_key_table_outvoted_by_title_and_prose_is_the_odd_one_out(tmp_path: Path) -> None:
    """评价年度 2022 in the key table, 2023 in the title and in every mention of the project:
    the report is a 2023 evaluation and the key table is flagged once (not every page)."""
    found = findings_of(tmp_path, "YEAR-MISMATCH", "fail3.txt")
    assert [(f.check, f.severity, f.message, f.expected, f.found) for f in found] == [
        (
            "year",
            "warning",
            "项目关键信息表的评价年度为 2022 年，而标题、正文均为 2023 年",
            2023,
            2022,
        )
    ]
    assert [e.quote for e in found[0].evidence] == ["评价年度 2022 年"]
    assert audit_file(tmp_path / "YEAR-MISMATCH-fail3.txt").records[0]["year"] == 2023


def test_the_mine_report_with_its_key_table_year_changed(tmp_path: Path) -> None:
    """Title, cover and prose say 2022: a key table saying 2021 is named once, and the
    report's own leftovers (2021 targets, 2023 project) are still the only other findings."""
    from tests.conftest import REPORTS

    text = (REPORTS / "bazhou_mine_plan_2022.txt").read_text(encoding="utf-8")
    path = tmp_path / "bazhou.txt"
    path.write_text(text.replace("评价年度\t2022 年", "评价年度\t2021 年", 1), encoding="utf-8")
    result = audit_file(path)
    assert result.records[0]["year"] == 2022
    found = [(f.message, f.expected, f.found) for f in result.findings if f.check == "year"]
    assert found == [
        ("项目关键信息表的评价年度为 2021 年，而标题、封面、正文均为 2022 年", 2022, 2021),
        ("评价年度为 2022 年，此处写作 2021 年", 2022, 2021),
        ("评价年度为 2022 年，此处写作 2023 年", 2022, 2023),
    ]


def test_a_tie_goes_to_the_key_table() -> None:
    from extractor.model import Claim, Evidence
    from extractor.numbers import quantity
    from extractor.years import decide_year

    def vote(source: str, year: int) -> Claim:
        return Claim("year", quantity(str(year)), Evidence(1, 1, str(year)), subject=source)

    assert decide_year([vote("项目关键信息表", 2022), vote("标题", 2023)]) == 2022
    assert (
        decide_year([vote("标题", 2023), vote("项目关键信息表", 2022), vote("正文", 2023)]) == 2023
    )
    assert decide_year([]) is None


def test_every_check_and_severity_has_a_chinese_label():
    from rules.model import CHECK_ZH, CHECKS, SEVERITIES, SEVERITY_ZH

    assert set(CHECK_ZH) == set(CHECKS)
    assert set(SEVERITY_ZH) == set(SEVERITIES)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in CHECK_ZH.values())
    assert CHECK_ZH["restated_value"] == "数据前后不一致"
