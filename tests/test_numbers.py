"""Numbers, dates and targets as Chinese reports print them."""

from __future__ import annotations

import pytest

from extractor.numbers import (
    cn_to_int,
    decimals_of,
    operator_of,
    parse_amount,
    parse_date,
    parse_number,
    parse_percent,
    parse_target,
)


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
