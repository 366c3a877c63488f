"""The unit vocabulary: no unit shadows a longer one, and a multiplier keeps its unit."""

from __future__ import annotations

import pytest
import regex as re

from extractor import units
from extractor.forms.flat import UNITS as FLAT_UNITS
from extractor.model import Quantity
from extractor.numbers import _QTY, find_quantities, parse_amount, parse_number, parse_target

PREFIX_PAIRS = [(u, v) for u in units.UNITS for v in units.UNITS if v != u and u.startswith(v)]


def test_the_vocabulary_has_prefix_pairs_to_check():
    # The shadowing test below means something only if short units prefix long ones.
    assert ("人次", "人") in PREFIX_PAIRS
    assert ("万亩", "万") in PREFIX_PAIRS
    assert ("万平方米", "万") in PREFIX_PAIRS
    assert ("个百分点", "个") in PREFIX_PAIRS
    assert len(PREFIX_PAIRS) > 100


def test_a_shortest_first_alternation_would_shadow():
    # What the test guards against: the order of the old hand-written list.
    assert re.match("人|人次", "人次").group(0) == "人"


@pytest.mark.parametrize(("long", "short"), PREFIX_PAIRS, ids=lambda t: t)
def test_no_unit_shadows_a_longer_one(long: str, short: str):
    assert re.match(f"(?:{units.UNIT_ALT})", long).group(0) == long
    assert _QTY.match(f"5{long}").group("unit") == long


def test_money_alternations_put_long_units_first():
    assert re.match(f"(?:{units.MONEY_ALT})", "万元").group(0) == "万元"
    assert re.match(f"(?:{units.MONEY_ALT})", "亿元").group(0) == "亿元"
    assert units.YUAN_ALT.split("|")[-1] == "元"


@pytest.mark.parametrize(
    ("text", "value", "unit", "scale", "decimals"),
    [
        ("5万亩", 50_000, "亩", 1e4, 0),
        ("2万人次", 20_000, "人次", 1e4, 0),
        ("3.5万平方米", 35_000, "平方米", 1e4, 1),
        ("1.2万株", 12_000, "株", 1e4, 1),
        ("3万户", 30_000, "户", 1e4, 0),
        ("1.5亿元", 150_000_000, "元", 1e8, 1),
        ("170万元", 1_700_000, "元", 1e4, 0),
        ("30人次", 30, "人次", 1.0, 0),
        ("3个月", 3, "个月", 1.0, 0),
        ("5个百分点", 5, "个百分点", 1.0, 0),
        ("12千米", 12, "千米", 1.0, 0),
        ("5 亿", 500_000_000, "元", 1e8, 0),
    ],
)
def test_a_multiplier_keeps_its_unit(text, value, unit, scale, decimals):
    q = parse_number(text)
    assert (q.value, q.unit, q.scale, q.decimals) == (pytest.approx(value), unit, scale, decimals)


def test_printed_precision_of_a_scaled_measure():
    # 3.5万平方米 is 34 500–35 500 m²; 30人次 is a count, exact.
    assert parse_number("3.5万平方米").half_step == 500
    assert parse_number("30人次").half_step == 0
    assert parse_number("2万人次").half_step == 5000


def test_target_with_a_scaled_unit():
    t = parse_target("≥1.2万亩")
    assert (t.operator, t.value.value, t.value.unit) == ("≥", pytest.approx(12_000), "亩")


def test_a_bare_multiplier_is_money_only_in_a_money_clause():
    found = [
        (q.value, q.unit) for q, _, _ in find_quantities("受益人口5万，项目资金170万，种植5万株")
    ]
    assert found == [(50_000, ""), (1_700_000, "元"), (50_000, "株")]


def test_an_amount_reads_money_units_only():
    assert parse_amount("5万元").value == 50_000
    assert parse_amount("3千元").value == 3_000
    assert parse_amount("5亿").scale == 1e8


def test_exact_units_are_the_count_units():
    assert frozenset(units.COUNT_UNITS) == units.EXACT_UNITS
    assert Quantity(7, "7", 0, "户").half_step == 0
    assert Quantity(7, "7", 0, "亩").half_step == 0.5


def test_flat_forms_know_every_unit_of_the_vocabulary():
    assert set(units.UNITS) <= FLAT_UNITS
    assert {"—", "-", "/"} <= FLAT_UNITS
