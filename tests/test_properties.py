"""Property tests: any text into the number parser, the normaliser and the table readers.

No input may raise; and a few things must hold for every input (a formatted
amount parses back to itself, a Chinese numeral to its integer, a canonical
key has no whitespace, every character of a flow maps back to its line).
"""

from __future__ import annotations

import math

import regex as re
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import indicators, numbers, tables
from extractor.claims import find_claims
from extractor.dates import find_dates
from extractor.keytable import key_table_claims
from extractor.model import Line, Row, Table
from extractor.normalize import canon, clean_line, flow, is_page_number
from extractor.surveyclaims import find_survey

settings.register_profile(
    "jixiao", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("jixiao")

# Characters reports are made of: digits (half and full width), numerals, units, signs, words.
REPORT_CHARS = (
    "0123456789０１２３４５６７８９.,，。%％‰-—－~～()（）[]【】〔〕:：;；/／ \t　\n"
    "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
    "元万亿分个套人年月日号页第共≥≤＞＜><=＝≧≦以上以下前不低于超过达到"
    "一级指标二级指标三级指标权重分值得分率评分标准标杆值业绩值合计总分项目决策过程产出效益"
    "预算执行率资金到位率问卷满意度有效回收发放绩效评价报告"
)
HEADER_WORDS = [*sorted(tables.HEADER_WORDS), "合计", "总分", "项目产出", "A101", "B1", "C"]
report_text = st.text(alphabet=REPORT_CHARS, max_size=80)
any_text = st.one_of(st.text(max_size=80), report_text)
cell = st.one_of(
    st.sampled_from(HEADER_WORDS),
    st.from_regex(r"-?\d{1,4}(\.\d{1,2})?%?", fullmatch=True),
    report_text,
)
row_cells = st.lists(cell, min_size=1, max_size=8)


def lines_of(texts: list[str]) -> list[Line]:
    return [Line(t, 1 + i // 40, i + 1) for i, t in enumerate(texts)]


# -- numbers -----------------------------------------------------------------


@given(any_text)
def test_number_parsers_never_raise(text: str) -> None:
    for parse in (
        numbers.parse_number,
        numbers.parse_amount,
        numbers.parse_percent,
        numbers.parse_target,
        numbers.parse_date,
        numbers.operator_of,
        numbers.to_int,
        numbers.cn_to_int,
        numbers.find_quantities,
    ):
        parse(text)


@given(any_text)
def test_a_parsed_quantity_is_finite_and_keeps_its_raw_text(text: str) -> None:
    for q in (numbers.parse_number(text), numbers.parse_amount(text), numbers.parse_percent(text)):
        if q is not None:
            assert math.isfinite(q.value)
            assert q.raw.replace(",", "") in clean_line(text).replace(",", "")
            assert q.low <= q.value <= q.high


@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("元", 1), ("万元", 1e4), ("亿元", 1e8), ("万", 1e4), ("千元", 1e3)]),
    st.booleans(),
    st.booleans(),
)
def test_a_formatted_amount_parses_back(value, unit, commas: bool, fullwidth: bool) -> None:
    word, scale = unit
    printed = f"{value:,.2f}" if commas else f"{value:.2f}"
    if fullwidth:
        printed = printed.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    q = numbers.parse_amount(f"资金 {printed}{word}，其中")
    assert q is not None
    assert q.decimals == 2 and q.scale == scale
    assert math.isclose(q.value, float(value) * scale, rel_tol=1e-12, abs_tol=1e-6)


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_a_formatted_percentage_parses_back(value) -> None:
    q = numbers.parse_percent(f"执行率为{value}%")
    assert q is not None and math.isclose(q.value, float(value))


def chinese(n: int) -> str:
    """An integer below 10^8 written in Chinese numerals (一万零五, 三千零六十, 十七)."""
    digits = "零一二三四五六七八九"

    def below_10000(k: int) -> str:
        out, zero = "", False
        for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d, k = divmod(k, size)
            if d:
                out += ("零" if zero and out else "") + digits[d] + unit
                zero = False
            else:
                zero = True
        return out

    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    text = (below_10000(high) + "万" if high else "") + (
        ("零" if high and low < 1000 and low else "") + below_10000(low)
    )
    return text[1:] if text.startswith("一十") else text


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert numbers.cn_to_int(chinese(n)) == n


@given(st.integers(min_value=1900, max_value=2099), st.integers(1, 12), st.integers(1, 28))
def test_dates_round_trip(year: int, month: int, day: int) -> None:
    d = numbers.parse_date(f"于{year}年{month}月{day}日完成")
    assert d is not None and (d.year, d.month, d.day) == (year, month, day)


# -- the normaliser ----------------------------------------------------------


@given(any_text)
def test_clean_line_is_idempotent(text: str) -> None:
    once = clean_line(text)
    assert clean_line(once) == once


@given(any_text)
def test_canon_has_no_whitespace_and_is_stable(text: str) -> None:
    key = canon(text)
    assert not re.search(r"\s", key)
    assert canon(key) == key


@given(st.integers(min_value=1, max_value=9999))
def test_printed_page_numbers_are_page_numbers(n: int) -> None:
    assert is_page_number(f"- {n} -") and is_page_number(f"第 {n} 页")
    assert is_page_number(str(n)) == (not 1900 <= n <= 2099)  # a bare "2024" is a year


@given(st.lists(any_text, max_size=30), st.data())
def test_flow_maps_every_character_back_to_a_line(texts: list[str], data: st.DataObject) -> None:
    lines = lines_of(texts)
    f = flow(lines)
    assert len(f.origin) == len(f.text)
    assert all(0 <= i < len(lines) for i in f.origin)
    if f.text:
        start = data.draw(st.integers(0, len(f.text) - 1))
        end = data.draw(st.integers(start, len(f.text)))
        ev = f.evidence(start, end, pad=3)
        assert ev.line in {ln.number for ln in lines}
        s, e = f.sentence_span(start, end)
        assert 0 <= s <= start <= end <= e <= len(f.text)


# -- tables and indicators -----------------------------------------------------


typed_row = st.one_of(
    row_cells.map("\t".join),
    row_cells.map(" ".join),
    row_cells.map(" | ".join),
    row_cells.map(lambda cells: "| " + " | ".join(cells) + " |"),
    row_cells.map("    ".join),
    row_cells.map(lambda cells: "      " + "   ".join(cells)),
    cell,  # one cell per line
)


@given(st.lists(st.one_of(any_text, typed_row), max_size=40))
@settings(max_examples=200)
def test_tables_from_any_lines(texts: list[str]) -> None:
    lines = lines_of(texts)
    found = tables.tables_from_lines(lines)
    numbers_seen = {ln.number for ln in lines}
    for table in found:
        assert table.rows
        assert all(row.line in numbers_seen for row in table.rows)
    tables.assign_captions(found, lines)
    tables.merge_page_tables(found)
    flowed = flow(lines)  # lines marked as table rows still map back to their lines
    assert len(flowed.origin) == len(flowed.text)


@given(st.lists(st.lists(row_cells, min_size=1, max_size=12), min_size=1, max_size=3))
@settings(max_examples=120)
def test_score_table_readers_never_raise(grids: list[list[list[str]]]) -> None:
    parsed = [
        Table(
            [Row(cells, 1 + i // 10, i + 1) for i, cells in enumerate(grid)],
            source=source,
        )
        for grid, source in zip(grids, ["grid", "spaced", "stacked"], strict=False)
    ]
    readers = {  # each reader is called on the tables kind_of gives it, as read_score_tables does
        "items": [indicators.parse_items],
        "summary": [indicators.parse_summary],
        "detailed": [indicators.parse_detailed_grid, indicators.parse_detailed_stacked],
    }
    for table in parsed:
        for read in readers.get(indicators.kind_of(table) or "", []):
            read(table)
    indicators.read_score_tables(parsed)
    key_table_claims(parsed)


@given(st.lists(row_cells, min_size=2, max_size=15))
def test_a_detailed_header_over_any_rows(rows: list[list[str]]) -> None:
    header = ["一级指标", "二级指标", "三级指标", "权重", "评分标准", "得分"]
    table = Table([Row(header, 1, 1)] + [Row(c, 1, i + 2) for i, c in enumerate(rows)])
    assert indicators.kind_of(table) == "detailed"
    tree, _total = indicators.parse_detailed_grid(table)
    for ind in tree:
        assert ind.level in (0, 1, 2, 3)


@given(st.lists(any_text, max_size=30))
def test_claim_finders_never_raise(texts: list[str]) -> None:
    f = flow(lines_of(texts))
    find_claims(f)
    find_survey(f)
    find_dates(f)


@given(
    st.text(alphabet="项目决策过程产出效益质量时效成本满意度", min_size=1, max_size=10),
    st.integers(min_value=0, max_value=100),
    st.sampled_from(["（{}分）", "({})", " ({} 分)", "{}分"]),
)
def test_split_weight_reads_the_printed_weight(name: str, weight: int, suffix: str) -> None:
    got_name, got = indicators.split_weight(name + suffix.format(weight))
    assert got_name == name and got is not None and got.value == weight


@given(any_text)
def test_split_weight_never_raises(text: str) -> None:
    name, _weight = indicators.split_weight(text)
    assert name in text
