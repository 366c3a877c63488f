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
from .units import MONEY, MONEY_ALT, MONEY_CONTEXT, MULTIPLIERS, UNIT_ALT, read_unit

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "零〇○一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿"

#: 元-amounts and the bare multipliers (money where the context is money) → yuan per printed unit.
AMOUNT_SCALE: dict[str, float] = {**MONEY, **MULTIPLIERS}

_NUM = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
NUMBER = re.compile(_NUM)
# A number and its unit; the units come from one vocabulary, longest first (units.py).
_QTY = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>{UNIT_ALT})?")


def cn_to_int(text: str) -> int | None:
    """Chinese numerals to an integer: 十七 → 17, 二〇二二 → 2022, 一百零五 → 105."""
    text = text.strip()
    if not text or any(
        ch not in CN_DIGITS and ch not in CN_SMALL_UNITS and ch not in CN_BIG_UNITS for ch in text
    ):
        return None
    if not any(ch in CN_SMALL_UNITS or ch in CN_BIG_UNITS for ch in text):
        # Positional digits: 二〇二二
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total = (total + section) * CN_BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


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
        return None
    return _measured(m)


def parse_amount(text: str | None, default_unit: str = "元") -> Quantity | None:
    """An amount in yuan: "170 万元" → 1 700 000, "5 亿" → 500 000 000; bare numbers use default_unit."""
    if not text:
        return None
    text = clean_line(text)
    m = re.search(rf"(?P<num>{_NUM})\s*(?P<unit>{MONEY_ALT})?", text)
    if not m:
        return None
    unit = m.group("unit") or default_unit
    return quantity(m.group("num"), "元", AMOUNT_SCALE.get(unit, 1.0))


def parse_percent(text: str | None) -> Quantity | None:
    """A percentage on a 0-100 scale: "99.41%" → 99.41 (a bare number is taken as a percentage)."""
    if not text:
        return None
    text = clean_line(text).replace("$", "").replace("\\%", "%")
    m = re.search(rf"(?P<num>{_NUM})\s*%", text) or re.fullmatch(rf"\s*(?P<num>{_NUM})\s*", text)
    if not m:
        return None
    return quantity(m.group("num"), "%")


def find_quantities(text: str) -> list[tuple[Quantity, int, int]]:
    """Every number in a text with its unit and span.

    A bare 万 or 亿 is money only when its clause speaks of money ("项目资金170万");
    elsewhere it scales a plain number ("受益人口5万" → 50 000, no unit).
    """
    out = []
    for m in _QTY.finditer(text):
        money = m.group("unit") not in MULTIPLIERS or money_context(text, m.start())
        out.append((_measured(m, money=money), m.start(), m.end()))
    return out


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
        if m:
            value = _measured(m)
    return TargetValue(raw, op, value, date)
