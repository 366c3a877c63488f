"""Chinese numerals as reports print them: 十七, 二〇二二, 一万二, 三点五, 百分之九十, 壹佰贰拾叁元捌角玖分.

Integers with unit characters (十百千万亿, 拾佰仟) are converted by cn2an, which
also knows the spoken forms ("一万二" = 12 000) and rejects malformed ones; what
it rejects ("百万", "百") falls back to a hand-written reading. Digits without
units are positional ("二〇二二" → 2022). A decimal keeps the number of digits
printed after 点 ("三点五零" has two decimals), because the rules compare
numbers only at the precision they were printed.
"""

from __future__ import annotations

import functools
from decimal import Decimal

CN_DIGITS: dict[str, int] = {
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
CN_SMALL_UNITS: dict[str, int] = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
}
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
#: Every character of a Chinese integer (for regex classes).
CN_NUMERAL = "零〇○一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿"
#: The digits only, as written after 点 or before 角/分.
CN_DIGIT_CHARS = "零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖"

#: A Chinese number in a regex: an integer, maybe a decimal part after 点 ("十二点五"). It
#: starts with a digit or 十, so that a unit alone ("万元", "千万要") is not a number.
CN_NUMBER = rf"(?=[{CN_DIGIT_CHARS}十拾])[{CN_NUMERAL}]+(?:点[{CN_DIGIT_CHARS}]+)?"
#: A Chinese integer in a regex ("十七", "一百零五"), starting with a digit or 十.
CN_INTEGER = rf"(?=[{CN_DIGIT_CHARS}十拾])[{CN_NUMERAL}]+"
#: 角 and 分 after 元 ("元捌角玖分", "元零伍分").
CN_JIAO_FEN = rf"(?:[{CN_DIGIT_CHARS}]角)?(?:零?[{CN_DIGIT_CHARS}]分)?"


def cn_to_int(text: str) -> int | None:
    """Chinese numerals to an integer: 十七 → 17, 二〇二二 → 2022, 一万二 → 12000, 壹佰零伍 → 105."""
    text = text.strip()
    if not text or any(
        ch not in CN_DIGITS and ch not in CN_SMALL_UNITS and ch not in CN_BIG_UNITS for ch in text
    ):
        return None
    if not any(ch in CN_SMALL_UNITS or ch in CN_BIG_UNITS for ch in text):
        # Positional digits: 二〇二二
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    value = _cn2an(text)
    return value if value is not None else _with_units(text)


@functools.lru_cache(maxsize=4096)
def _cn2an(text: str) -> int | None:
    """cn2an's reading of an integer with units ("normal" mode: 两, 大写, spoken 一万二), or None."""
    import cn2an  # imported on first use: most documents print no Chinese numbers

    try:
        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else None


def _with_units(text: str) -> int:
    """The hand-written reading for what cn2an rejects: 百万 → 1 000 000, 百 → 100.

    Groups of 亿 and 万 are kept apart (一亿二千万 = 120 000 000), and a last
    digit right after a unit counts one place below it (一万二 = 12 000).
    """
    total = wan = section = 0
    digit: int | None = None
    last_unit = 1
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch] or None  # 零 only holds a place: 一千零十一 is 一千 + 一十 + 一
        elif ch in CN_SMALL_UNITS:
            last_unit = CN_SMALL_UNITS[ch]
            section += (1 if digit is None else digit) * last_unit
            digit = None
        elif ch == "万":
            wan += (section + (digit or 0)) * 10_000
            section, digit, last_unit = 0, None, 10_000
        else:  # 亿
            total = (total + wan + section + (digit or 0)) * 100_000_000
            wan = section = 0
            digit, last_unit = None, 100_000_000
    tail = digit or 0
    if digit is not None and len(text) >= 2 and text[-2] not in CN_DIGITS:
        tail = digit * max(1, last_unit // 10)  # 一万二: the 二 is 二千
    return total + wan + section + tail


def cn_decimal(text: str) -> tuple[Decimal, int, int] | None:
    """A Chinese number as printed: (value, decimals, scale), as "3.5", "12万" or "1.2万" would be.

    三点五 → (3.5, 1, 1); 十二万 → (120000, 0, 10000), printed to the 万; the
    spoken 一万二 → (12000, 1, 10000), which is 1.2万; 十二万三千 → (123000, 0, 1).
    The scale is the factor from the printed number to the value, so that
    rules show it in its printed unit and compare it at its printed precision.
    """
    text = text.strip()
    whole, _, frac = text.partition("点")
    value = cn_to_int(whole) if whole else None
    if value is None:
        return None
    if frac:
        if any(ch not in CN_DIGITS for ch in frac):
            return None
        digits = "".join(str(CN_DIGITS[ch]) for ch in frac)
        return Decimal(f"{value}.{digits}"), len(digits), 1
    if whole[-1] in CN_BIG_UNITS:
        return Decimal(value), 0, CN_BIG_UNITS[whole[-1]]
    if len(whole) >= 2 and whole[-1] in CN_DIGITS and whole[-2] in CN_BIG_UNITS:
        return Decimal(value), 1, CN_BIG_UNITS[whole[-2]]
    return Decimal(value), 0, 1


def cn_money(whole: str, jiao_fen: str = "") -> tuple[Decimal, int] | None:
    """An amount in yuan from its 元 part and 角/分: ("壹佰贰拾叁万肆仟伍佰陆拾柒", "捌角玖分") → (1234567.89, 2)."""
    read = cn_decimal(whole)
    if read is None:
        return None
    value, decimals, _ = read
    jiao = fen = None
    rest = jiao_fen.lstrip("零")
    if "角" in rest:
        jiao_text, _, rest = rest.partition("角")
        jiao = CN_DIGITS.get(jiao_text)
        rest = rest.lstrip("零")
    if "分" in rest:
        fen = CN_DIGITS.get(rest.partition("分")[0])
    if jiao is None and fen is None:
        return value, decimals
    cents = Decimal(jiao or 0) / 10 + Decimal(fen or 0) / 100
    return value + cents, max(decimals, 2 if fen is not None else 1)


__all__ = [
    "CN_DIGITS",
    "CN_DIGIT_CHARS",
    "CN_INTEGER",
    "CN_JIAO_FEN",
    "CN_NUMBER",
    "CN_NUMERAL",
    "cn_decimal",
    "cn_money",
    "cn_to_int",
]
