"""Numbers, dates and targets as Chinese reports print them."""

from __future__ import annotations

import pytest

from extractor.claims import find_claims
from extractor.model import Line
from extractor.normalize import flow
from extractor.numbers import (
    cn_to_int,
    decimals_of,
    find_quantities,
    operator_of,
    parse_amount,
    parse_date,
    parse_number,
    parse_percent,
    parse_target,
)
from extractor.surveyclaims import find_survey


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("十七", 17),
        ("十", 10),
        ("二十一", 21),
        ("一百零五", 105),
        ("二〇二二", 2022),
        ("两", 2),
        ("三千零六十", 3060),
        ("一万二千", 12000),
        ("一万二", 12000),
        ("两千零五十", 2050),
        ("十二万三千", 123000),
        ("一亿二千万", 120_000_000),
        ("十万零一千", 101_000),
        ("一千零十一", 1011),
        ("壹拾万零叁仟肆佰伍拾叁", 103_453),
        ("百万", 1_000_000),
    ],
)
def test_chinese_numerals(text, expected):
    assert cn_to_int(text) == expected


def test_not_a_numeral():
    assert cn_to_int("优秀") is None


@pytest.mark.parametrize(
    ("text", "value", "decimals", "scale"),
    [
        ("170 万元", 1_700_000, 0, 1e4),
        ("69.12万元", 691_200, 2, 1e4),
        ("5 亿", 500_000_000, 0, 1e8),
        ("1,234.50 元", 1234.5, 2, 1),
        ("１７０万元", 1_700_000, 0, 1e4),
    ],
)
def test_amounts_in_yuan(text, value, decimals, scale):
    q = parse_amount(text)
    assert q.value == pytest.approx(value)
    assert q.decimals == decimals
    assert q.scale == scale


def test_bare_amount_takes_default_unit():
    assert parse_amount("169", default_unit="万元").value == 1_690_000


def test_percent_keeps_printed_precision():
    q = parse_percent("99.41%")
    assert (q.value, q.decimals, q.half_step) == (99.41, 2, pytest.approx(0.005))
    assert parse_percent("$69.33\\%$").value == pytest.approx(69.33)
    assert parse_percent("１００％").value == 100


def test_score_with_unit_and_brackets():
    assert parse_number("98.93 分").value == 98.93
    assert parse_number("(4)").value == 4
    assert parse_number("无") is None


def test_decimals():
    assert decimals_of("3.98") == 2
    assert decimals_of("170") == 0
    assert decimals_of("1,234.5") == 1


@pytest.mark.parametrize(
    ("text", "year", "month", "day"),
    [
        ("2022年5月30日", 2022, 5, 30),
        ("8 月 30 日", None, 8, 30),
        ("2023 年 7 月", 2023, 7, None),
        ("2022-09-10", 2022, 9, 10),
        ("二〇二二年七月", 2022, 7, None),
    ],
)
def test_dates(text, year, month, day):
    d = parse_date(text)
    assert (d.year, d.month, d.day) == (year, month, day)


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("≥20 套", "≥"),
        (">=5 亿", "≥"),
        ("≧90%", "≥"),
        ("不低于90%", "≥"),
        ("≤69.12 万元", "≤"),
        ("<=8 月 30 日以前", "≤"),
        ("=100%", "="),
        ("﹦100%", "="),
        ("小于5%", "<"),
        ("10个以上", "≥"),
        ("有效提高", None),
    ],
)
def test_operators(text, op):
    assert operator_of(text) == op


def test_date_target():
    t = parse_target("≤8 月 30 日以前")
    assert t.operator == "≤"
    assert (t.date.month, t.date.day) == (8, 30)
    assert t.value is None


def test_amount_target():
    t = parse_target("≤100.88 万元")
    assert (t.operator, t.value.value, t.value.unit) == ("≤", pytest.approx(1_008_800), "元")


def test_count_target_with_fused_unit():
    t = parse_target("≥50个")
    assert (t.operator, t.value.value, t.value.unit) == ("≥", 50, "个")


def test_cn_to_int_falls_back_where_cn2an_refuses():
    # cn2an refuses a unit without a digit before it; the hand-written reading takes it.
    from extractor.numerals import _cn2an

    assert _cn2an("百万") is None
    assert cn_to_int("百万") == 1_000_000
    assert _cn2an("一万二") == 12000


@pytest.mark.parametrize(
    ("text", "value", "unit", "decimals", "half_step"),
    [
        ("百分之九十", 90, "%", 0, 0.5),
        ("百分之三点五", 3.5, "%", 1, 0.05),
        ("百分之百", 100, "%", 0, 0.5),
        ("三点五", 3.5, "", 1, 0.05),
        ("三点五零", 3.5, "", 2, 0.005),
        ("壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分", 1_234_567.89, "元", 2, 0.005),
        ("壹佰元零伍分", 100.05, "元", 2, 0.005),
        ("伍元叁角", 5.3, "元", 1, 0.05),
        ("两千零五十元", 2050, "元", 0, 0.5),
        ("十二万三千人", 123_000, "人", 0, 0),
        ("三点五万亩", 35_000, "亩", 1, 500),
        ("十二万人次", 120_000, "人次", 0, 5000),
        ("一万二人次", 12_000, "人次", 1, 500),
        ("共三次", 3, "次", 0, 0),
        ("得分九十分。", 90, "分", 0, 0.5),
    ],
)
def test_chinese_quantities_keep_their_printed_precision(text, value, unit, decimals, half_step):
    q = parse_number(text)
    assert (q.value, q.unit, q.decimals) == (pytest.approx(value), unit, decimals)
    assert q.half_step == pytest.approx(half_step)


@pytest.mark.parametrize("text", ["十分重要", "统一个标准", "第一次", "两三个", "进一步", "一万二"])
def test_words_with_numerals_are_not_quantities(text):
    assert parse_number(text) is None


def test_chinese_numbers_show_in_their_printed_unit():
    # Rules print value / scale at the printed decimals: 十二万元 as 12 万元, 一万二元 as 1.2 万元.
    for text, shown in [("十二万元", (12, 0)), ("一万二元", (1.2, 1)), ("三点五万亩", (3.5, 1))]:
        q = parse_number(text)
        assert (round(q.value / q.scale, 6), q.decimals) == shown, text


def test_chinese_percent_and_amount_parsers():
    assert parse_percent("满意度百分之九十五点五").value == pytest.approx(95.5)
    assert parse_percent("百分之99.5").decimals == 1
    assert parse_amount("人民币壹拾万元整").value == 100_000
    assert parse_amount("十二万").value == 120_000
    assert parse_amount("三点五万亩") is None  # not money


def test_chinese_quantities_in_prose_in_order():
    text = "受益人口十二万，项目资金十二万，完成百分之九十，百分之99.5，培训一万二人次，工作十分重要，第一次"
    found = [(q.value, q.unit, start) for q, start, _ in find_quantities(text)]
    assert found == [
        (120_000, "", 4),
        (120_000, "元", 12),
        (90, "%", 18),
        (99.5, "%", 24),
        (12_000, "人次", 34),
    ]


def _claims(text: str):
    return find_claims(flow([Line(t, 1, i + 1) for i, t in enumerate(text.split("\n"))]))


def test_claims_read_chinese_numerals_in_prose():
    claims = _claims(
        "项目预算资金壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分，实际支出一百万元，"
        "预算执行率为百分之八十一点零一，满意度百分之九十。发放问卷一百份，回收问卷九十八份。"
    )
    got = {c.kind: (c.value.value, c.value.decimals) for c in claims}
    assert got["budget"] == (pytest.approx(1_234_567.89), 2)
    assert got["spent"] == (1_000_000, 0)
    assert got["execution_rate"] == (pytest.approx(81.01), 2)
    assert got["satisfaction"] == (90, 0)
    assert got["issued"] == (100, 0)
    assert got["recovered"] == (98, 0)


def test_survey_shares_in_chinese():
    lines = [
        "1. 您对项目是否满意？",
        "在46份有效问卷中，选是的比例为百分之九十五，选否的比例为5%。",
    ]
    (question,) = find_survey(flow([Line(t, 1, i + 1) for i, t in enumerate(lines)]))
    assert [(label, q.value) for label, q in question.shares] == [("是", 95), ("否", 5)]
