"""Numbers as Chinese reports print them: amounts, rates, scores, counts, dates and targets.

Every parsed value keeps its raw text and the number of decimals it was printed
with, because the rules compare numbers only at the precision they were printed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import regex as re

from .model import Quantity
from .normalize import clean_line
from .numerals import CN_JIAO_FEN, CN_NUMBER, CN_NUMERAL, cn_decimal, cn_money, cn_to_int
from .units import MONEY, MONEY_ALT, MONEY_CONTEXT, MULTIPLIERS, UNIT_ALT, read_unit

#: 元-amounts and the bare multipliers (money where the context is money) → yuan per printed unit.
AMOUNT_SCALE: dict[str, float] = {**MONEY, **MULTIPLIERS}

_NUM = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
NUMBER = re.compile(_NUM)
# A printed amount in prose as the sentence readers match it: digits, thousands commas, decimals.
PRINTED = r"\d[\d,]*(?:\.\d+)?"
# A number and its unit; the units come from one vocabulary, longest first (units.py).
_QTY = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>{UNIT_ALT})?")
# A number in Chinese: 百分之九十, 三点五万亩, 十二万人次, 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分.
_CN_QTY = re.compile(
    rf"百分之(?P<pct>{CN_NUMBER}|{_NUM}|百)"
    rf"|(?P<cn>{CN_NUMBER})\s*(?P<unit>{UNIT_ALT})?(?:(?<=元)(?P<jf>{CN_JIAO_FEN}))?"
)
# Words right before a one-character numeral that make it a count ("共三次", "为两个").
_CN_LEAD = re.compile(r"[为是达到共计约近有了成及和与至或、]")


def to_int(text: str) -> int | None:
    """An integer written in Arabic or Chinese numerals."""
    text = clean_line(text).strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    return cn_to_int(text)


def decimals_of(raw: str) -> int:
    """How many decimals a number was printed with ("3.98" → 2, "170" → 0)."""
    raw = raw.replace(",", "")
    return len(raw.split(".", 1)[1]) if "." in raw else 0


def _ascii_digits(text: str) -> str:
    """Digits of any script as ASCII digits (regex's \\d matches them all)."""
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text
    )


def quantity(raw: str, unit: str = "", scale: float = 1.0) -> Quantity:
    """A Quantity from a printed number, in base units (scale × number)."""
    digits = _ascii_digits(raw.replace(",", "").strip())
    value = float(Decimal(digits) * Decimal(repr(scale))) if scale != 1.0 else float(digits)
    return Quantity(
        value=value,
        raw=raw,
        decimals=decimals_of(digits),
        unit=unit,
        scale=scale,
    )


def parse_number(text: str | None) -> Quantity | None:
    """The first plain number in a cell: "4" → 4, "(5)" → 5, "3.98 分" → 3.98, "94.9%" → 94.9.

    The unit is kept and a multiplier scales the number: "5万亩" → 50 000 亩,
    "170万元" → 1 700 000 元; a bare 万 or 亿 in a cell is money ("5 亿").
    """
    if not text:
        return None
    text = clean_line(text)
    m = _QTY.search(text)
    if not m:
        return _first_chinese(text)
    return _measured(m)


def parse_amount(text: str | None, default_unit: str = "元") -> Quantity | None:
    """An amount in yuan: "170 万元" → 1 700 000, "5 亿" → 500 000 000; bare numbers use default_unit."""
    if not text:
        return None
    text = clean_line(text)
    m = re.search(rf"(?P<num>{_NUM})\s*(?P<unit>{MONEY_ALT})?", text)
    if not m:
        q = _first_chinese(text)
        return q if q is not None and q.unit == "元" else None
    unit = m.group("unit") or default_unit
    return quantity(m.group("num"), "元", AMOUNT_SCALE.get(unit, 1.0))


def amount_of(num: str, unit: str) -> Quantity | None:
    """An amount from its number and money unit as printed: ("170", "万元"), ("壹佰", "元零伍分")."""
    if re.fullmatch(_NUM, num):
        return quantity(num, "元", AMOUNT_SCALE[unit])
    return parse_amount(num + unit)


def parse_percent(text: str | None) -> Quantity | None:
    """A percentage on a 0-100 scale: "99.41%" → 99.41 (a bare number is taken as a percentage)."""
    if not text:
        return None
    text = clean_line(text).replace("$", "").replace("\\%", "%")
    m = re.search(rf"(?P<num>{_NUM})\s*%", text) or re.fullmatch(rf"\s*(?P<num>{_NUM})\s*", text)
    if not m:
        q = _first_chinese(text)
        return q if q is not None and q.unit == "%" else None
    return quantity(m.group("num"), "%")


def find_quantities(text: str) -> list[tuple[Quantity, int, int]]:
    """Every number in a text with its unit and span.

    A bare 万 or 亿 is money only when its clause speaks of money ("项目资金170万");
    elsewhere it scales a plain number ("受益人口5万" → 50 000, no unit).
    """
    out = []
    for m in _QTY.finditer(text):
        if text[max(0, m.start() - 3) : m.start()] == "百分之":
            continue  # 百分之99.5: read with the Chinese percent phrases below
        money = m.group("unit") not in MULTIPLIERS or money_context(text, m.start())
        try:
            out.append((_measured(m, money=money), m.start(), m.end()))
        except ValueError:
            continue  # digits of a script newer than Python's Unicode tables: not a number we can read
    out.extend(find_chinese_quantities(text))
    return sorted(out, key=lambda found: found[1])


def find_chinese_quantities(text: str) -> list[tuple[Quantity, int, int]]:
    """Every number written in Chinese that is a quantity, with its span.

    A percent phrase (百分之九十), a decimal (三点五), an amount in 元 with 角 and
    分 (壹佰贰拾叁元捌角玖分), or a numeral with its unit (十二万人次, 三万亩). A
    numeral of one character with a unit counts only where a count begins
    ("共三次", not "统一个" or "第一次"); a score "分" only where a word does not go
    on ("九十分。", not "十分重要").
    """
    out = []
    for m in _CN_QTY.finditer(text):
        bare = m.group("unit") in MULTIPLIERS or (
            m.group("cn") is not None and m.group("unit") is None and m.group("cn")[-1] in "万亿"
        )
        q = _chinese(m, text, money=not bare or money_context(text, m.start()))
        if q is not None:
            out.append((q, m.start(), m.end()))
    return out


def _first_chinese(text: str) -> Quantity | None:
    """The first quantity written in Chinese in a cell (a bare 万 or 亿 is money there)."""
    for m in _CN_QTY.finditer(text):
        q = _chinese(m, text)
        if q is not None:
            return q
    return None


def _chinese(m: re.Match, text: str, *, money: bool = True) -> Quantity | None:
    """The Quantity of a `_CN_QTY` match, or None when the numeral is a word, not a quantity."""
    if m.group("pct") is not None:
        raw = m.group("pct")
        if re.fullmatch(_NUM, raw):
            return quantity(raw, "%")
        read = cn_decimal(raw) if raw != "百" else (Decimal(100), 0, 1)
        return _cn_quantity(raw, read, "%", 1.0) if read else None
    numeral, token = m.group("cn"), m.group("unit")
    unit, scale = read_unit(token)
    scaled = token is None and numeral[-1] in MULTIPLIERS  # "十二万" alone: a bare multiplier
    if scaled:
        unit = "元"
    if (token in MULTIPLIERS or scaled) and not money:
        unit = ""
    before = text[max(0, m.start() - 1) : m.start()]
    after = text[m.end() : m.end() + 1]
    if before == "第" or (token is None and not scaled and "点" not in numeral):
        return None  # an ordinal, or a numeral with no unit ("一些", "统一")
    if len(numeral) == 1 and re.match(r"\p{Han}", before) and not _CN_LEAD.match(before):
        return None  # "统一个", "进一步": a word that contains a numeral
    if not re.search("[十拾百佰千仟万亿点]", numeral) and len(numeral) > 1 and unit != "年":
        return None  # "两三个": an estimate, not a positional number (years are: 二〇二二年)
    if unit == "分" and re.match(r"\p{Han}", after):
        return None  # "十分重要"
    if m.group("jf"):
        money_read = cn_money(numeral, m.group("jf"))
        if money_read is None:
            return None
        value, decimals = money_read
        raw = m.string[m.start("cn") : m.end("jf")]  # as printed, with any space before 元
        return Quantity(float(value), raw, decimals, "元", 1.0)
    read = cn_decimal(numeral)
    return _cn_quantity(numeral, read, unit, scale) if read else None


def _cn_quantity(raw: str, read: tuple[Decimal, int, int], unit: str, scale: float) -> Quantity:
    """A Quantity from a Chinese number read by `cn_decimal` and its unit's scale.

    "十二万人次" is 120 000 printed to the 万 (scale 10 000), as "12万人次" is;
    "一万二人次" is 1.2万 (one decimal, scale 10 000); "三点五万亩" is 35 000 亩 with
    one decimal at scale 10 000, as "3.5万亩" is.
    """
    value, decimals, own_scale = read
    total = value * Decimal(repr(scale))
    return Quantity(float(total), raw, decimals, unit, scale * own_scale)


def money_context(text: str, pos: int) -> bool:
    """Whether the clause before `pos` (up to 20 characters) speaks of money (资金, 预算, 费 …)."""
    clause = re.split(r"[，,。；;\n]", text[max(0, pos - 20) : pos])[-1]
    return bool(MONEY_CONTEXT.search(clause))


def _measured(m: re.Match, *, money: bool = True) -> Quantity:
    """The Quantity of a `_QTY` match: "5万亩" → 50 000 亩 (scale 10 000), "170万元" → 1 700 000 元.

    A bare multiplier ("5 亿") is money when `money` says the context is money
    (always, in a cell or a target: "≥5 亿" of a 资金测算总金额); otherwise it
    only scales the number ("受益人口5万" → 50 000, no unit).
    """
    token = m.group("unit")
    unit, scale = read_unit(token)
    if token in MULTIPLIERS and not money:
        unit = ""
    if not token and m.string[max(0, m.start() - 3) : m.start()] == "百分之":
        unit = "%"  # 百分之99.5
    return quantity(m.group("num"), unit, scale)


# -- dates --------------------------------------------------------------------

_CN_YEAR = rf"[{CN_NUMERAL}]{{4}}"
DATE = re.compile(
    rf"(?:(?P<y>\d{{4}}|{_CN_YEAR})\s*年\s*)?(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月(?:\s*(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*[日号])?"
)
YEAR = re.compile(rf"(?P<y>(?:19|20)\d{{2}}|{_CN_YEAR})\s*(?:年|年度)")


@dataclass(frozen=True)
class DateValue:
    """A calendar date as printed; year, month or day may be missing."""

    year: int | None
    month: int | None
    day: int | None
    raw: str

    def key(self, default_year: int | None = None) -> tuple[int, int, int] | None:
        year = self.year or default_year
        if year is None or self.month is None:
            return None
        return (year, self.month, self.day or 31)


def parse_date(text: str) -> DateValue | None:
    """The first date in a text: "2022年5月30日", "8 月 30 日", "2023年7月", "2022-09-10"."""
    text = clean_line(text)
    m = re.search(r"(?P<y>(?:19|20)\d{2})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})", text)
    if m:
        return DateValue(int(m["y"]), int(m["m"]), int(m["d"]), m.group(0))
    m = DATE.search(text)
    if not m:
        return None
    year = to_int(m["y"]) if m["y"] else None
    month = to_int(m["m"])
    day = to_int(m["d"]) if m["d"] else None
    if month is None or not 1 <= month <= 12:
        return None
    return DateValue(year, month, day, m.group(0))


# -- targets ------------------------------------------------------------------

_OPERATORS = [
    (r">=|≥|大于等于|大于或等于|不低于|不少于|不小于|至少|达到", "≥"),
    (r"<=|≤|小于等于|小于或等于|不高于|不超过|不多于|不大于|控制在|以内", "≤"),
    (r"＞|>|大于|高于|超过|多于", ">"),
    (r"＜|<|小于|低于|少于", "<"),
    (r"=|＝|═|等于", "="),
]
_OP_RE = re.compile("|".join(f"(?:{p})" for p, _ in _OPERATORS))
_SUFFIX_OPS = [
    (re.compile(r"(以上|及以上)\s*$"), "≥"),
    (re.compile(r"(以下|以前|之前|前)\s*$"), "≤"),
]


@dataclass(frozen=True)
class TargetValue:
    """A target or result as printed: operator, number (base units) or date, and unit."""

    raw: str
    operator: str | None
    value: Quantity | None
    date: DateValue | None


def operator_of(text: str) -> str | None:
    """The comparison a target states, from a sign or words (≥ ≧ >= 不低于 … 以上 / 以前)."""
    text = clean_line(text)
    m = _OP_RE.search(text)
    if m:
        token = m.group(0)
        for pattern, op in _OPERATORS:
            if re.fullmatch(pattern, token):
                return op
    for pattern, op in _SUFFIX_OPS:
        if pattern.search(text):
            return op
    return None


def parse_target(text: str | None) -> TargetValue | None:
    """A target like "≥20 套", "≤69.12 万元", "=100%", "≤8 月 30 日以前", "有效提高"."""
    if text is None:
        return None
    raw = text
    text = clean_line(text).strip()
    if not text:
        return None
    op = operator_of(text)
    date = parse_date(text) if "月" in text else None
    value = None
    if date is None:
        m = _QTY.search(text)
        value = _measured(m) if m else _first_chinese(text)
    return TargetValue(raw, op, value, date)
