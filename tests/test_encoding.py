"""Text files in every encoding users have: the same seed text decodes to the same str.

The seed report's opening (simplified) is saved in UTF-8, UTF-8 with BOM,
UTF-16 and UTF-32 with and without BOM, GBK and GB18030; the same opening in
traditional characters (converted here, character by character, so that Big5
can encode it) also in Big5. Before detection came ahead of GB18030, a Big5 file
was read as GB18030 mojibake; short files are where detection guesses wrong.
"""

from __future__ import annotations

import importlib

import pytest

from extractor import encoding
from extractor.encoding import decode_text
from extractor.errors import ExtractionError
from extractor.load import load

from .conftest import REPORTS

SEED = REPORTS / "yanqi_grassland_fund_2022.txt"

# Simplified → traditional for the characters of the passage that Big5 cannot encode.
SIMPLIFIED = "专为丽习书亩会内农减区县发团国够宝实对强彻态总战执护标测济监础稳级经结统续维规认记论设评调财贯贵资边达过进际项预产从关决况办单号开数点组绩综该运问"
TRADITIONAL = "專為麗習書畝會內農減區縣發團國夠寶實對強徹態總戰執護標測濟監礎穩級經結統續維規認記論設評調財貫貴資邊達過進際項預產從關決況辦單號開數點組績綜該運問"
TO_TRADITIONAL = str.maketrans(SIMPLIFIED, TRADITIONAL)


def seed_lines() -> list[str]:
    return [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]


def passage() -> str:
    """The report's summary: 概述 and 评价结论, 21 lines, about 560 characters."""
    return "\n".join(seed_lines()[2:23])


def traditional(text: str) -> str:
    return text.translate(TO_TRADITIONAL)


UNICODE_FORMS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16-le-bom": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),
    "utf-16-be": lambda t: t.encode("utf-16-be"),
    "utf-32-le-bom": lambda t: b"\xff\xfe\x00\x00" + t.encode("utf-32-le"),
    "utf-32-be-bom": lambda t: b"\x00\x00\xfe\xff" + t.encode("utf-32-be"),
    "gbk": lambda t: t.encode("gbk"),
    "gb18030": lambda t: t.encode("gb18030"),
}


def test_the_passages_are_what_the_tests_say():
    text = passage()
    assert text.startswith("草原是我国重要的生态系统") and text.endswith("评价等级“优”。")
    assert len(text) > 500
    big5 = traditional(text).encode("big5")  # raises if a character was left unconverted
    assert "國家財富" in traditional(text)
    # What the old order did: GB18030 accepts the Big5 bytes and gives mojibake.
    assert big5.decode("gb18030") != traditional(text)


@pytest.mark.parametrize("form", sorted(UNICODE_FORMS))
def test_the_seed_text_decodes_the_same_in_every_encoding(form: str):
    text = passage()
    assert decode_text(UNICODE_FORMS[form](text)) == text


@pytest.mark.parametrize("form", [*sorted(UNICODE_FORMS), "big5"])
def test_the_traditional_text_decodes_the_same_in_every_encoding(form: str):
    text = traditional(passage())
    data = text.encode("big5") if form == "big5" else UNICODE_FORMS[form](text)
    assert decode_text(data) == text


@pytest.mark.parametrize("start", range(0, 60, 3))
def test_a_short_gbk_file_is_not_mis_detected(start: int):
    # Three lines of the report (40–90 characters): charset_normalizer alone takes
    # one GBK line in four for cp949, cp932, UTF-16 or Big5.
    text = "\n".join(seed_lines()[start : start + 3])
    assert decode_text(text.encode("gbk")) == text


@pytest.mark.parametrize("start", range(2, 23))
def test_a_single_big5_line_is_read_as_big5(start: int):
    text = traditional(seed_lines()[start])
    assert decode_text(text.encode("big5")) == text


@pytest.mark.parametrize("codec", ["shift_jis", "euc_jp"])
def test_japanese_is_read_as_japanese(codec: str):
    # EUC-JP kana are GB2312 kana: only charset_normalizer's chaos tells the readings apart.
    text = "本報告書は、草原の生態系を保護するための予算の執行状況を評価したものです。予算執行率は100%でした。"
    assert decode_text(text.encode(codec)) == text


def test_a_damaged_utf8_file_keeps_its_text():
    # One byte lost in the middle and the last character cut: both read as U+FFFD.
    text = passage()
    data = text.encode("utf-8")
    cut = data.index("国家财富".encode()) + 1
    damaged = data[:cut] + data[cut + 1 : -1]
    decoded = decode_text(damaged)
    assert decoded.count("\ufffd") == 2
    assert decoded.startswith(text[:60]) and "焉耆县自然资源局" in decoded


def test_random_bytes_are_not_text():
    data = bytes((i * 197 + 31) % 256 for i in range(5000))
    with pytest.raises(ExtractionError, match="binary file"):
        decode_text(data)


def test_plain_share_separates_a_reading_from_mojibake():
    text = traditional(passage())
    assert encoding._plain_share(text) > 0.95
    assert encoding._plain_share(text.encode("big5").decode("gb18030")) < 0.5


def test_a_big5_file_loads_as_its_lines(tmp_path):
    text = traditional(passage())
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    doc = load(path)
    assert [ln.text for ln in doc.lines if ln.text][:3] == text.split("\n")[:3]


def test_load_still_exports_decode_text():
    load_module = importlib.import_module("extractor.load")
    assert load_module.decode_text is decode_text
