"""Text bytes of unknown encoding to str: the order in which encodings are tried, and why.

1. A byte-order mark says the encoding outright (UTF-8, UTF-32 LE/BE, UTF-16 LE/BE).
2. Strict UTF-8: valid UTF-8 is almost never anything else.
3. UTF-16 without a BOM: NUL bytes in every other position.
4. Detection, with a confidence check of our own (`_detected`).
5. GB18030, the last resort: it accepts almost any bytes, so it comes after
   detection (tried before it, it read Big5 files as mojibake).

charset_normalizer alone is not enough: on short Chinese texts its measure of
confidence (chaos) is 0.0 for its wrong guesses too. One line of a seed report
in GBK is taken for cp949, cp932, UTF-16-BE or Big5 about one time in four,
and some short Shift-JIS texts get no guess at all (measured on the lines of
the seed reports). So its guesses compete with the readings as GB18030, Big5,
Shift-JIS and damaged UTF-8, and the reading made of the plainest characters
wins (`_plain_share`): frequent ideographs, kana and CJK punctuation rather
than the rare ideographs, private-use characters, Hangul and half-width kana
that mojibake is made of. With that, every line of eight characters or more of
the seed reports decodes right in GBK, GB18030, Big5 and Shift-JIS.
"""

from __future__ import annotations

import functools
import unicodedata

from .errors import ExtractionError

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# charset_normalizer's names (lower case, no "_" or "-") of the GB and Big5 encodings.
GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "hz", "cp936"})
BIG5_FAMILY = frozenset({"big5", "cp950", "big5hkscs"})


def decode_text(data: bytes) -> str:
    """Decode text bytes whose encoding is unknown (see the module docstring for the order)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            # A damaged sequence (a lone surrogate) must not lose the document: it reads as U+FFFD.
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    detected = _detected(data)
    if detected is not None:
        return detected
    gb = _strict(data, "gb18030")
    if gb is not None:
        return gb
    raise ExtractionError("binary file: no text encoding fits")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM, when a quarter of the first bytes are NULs (ASCII in UTF-16)."""
    sample = data[:4000]
    if sample.count(b"\x00") <= len(sample) // 4:
        return None
    even_zero = sample[1::2].count(b"\x00") > sample[0::2].count(b"\x00")
    return _strict(data, "utf-16-le" if even_zero else "utf-16-be")


def _detected(data: bytes) -> str | None:
    """The reading that reads best among GB18030, Big5, Shift-JIS and charset_normalizer's guesses.

    Every reading is scored by the share of its non-ASCII characters that a
    text is plainly made of (`_plain_share`), less the chaos charset_normalizer
    measured in it (EUC-JP kana are GB2312 kana: only the chaos tells a Japanese
    text from its GB18030 reading). The best wins if at least `PLAIN_ENOUGH` of
    it is plain; on a tie GB18030, Big5, Shift-JIS, damaged UTF-8, then charset_normalizer's
    order (the documents are mainland ones). Otherwise charset_normalizer's best guess is
    taken if it measured little chaos in it (a text in another script), else None.
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    chaos: dict[str, float] = {}  # reading → chaos; GB18030, Big5, Shift-JIS, UTF-8 first
    # Shift-JIS too: charset_normalizer offers no reading at all for some short ones.
    for text in (
        _strict(data, "gb18030"),
        _big5(data),
        _strict(data, "cp932"),
        _damaged_utf8(data),
    ):
        if text is not None:
            chaos.setdefault(text, 0.0)
    for match in list(matches)[:5]:
        encoding = match.encoding.lower().replace("_", "").replace("-", "")
        if encoding in GB_FAMILY:
            text = _strict(data, "gb18030")
        elif encoding in BIG5_FAMILY:
            text = _big5(data)
        else:
            text = str(match)
        if text is not None:
            chaos[text] = max(chaos.get(text, 0.0), match.chaos)
    if chaos:
        scored = [(_plain_share(t), c, i, t) for i, (t, c) in enumerate(chaos.items())]
        share, _, _, text = max(scored, key=lambda s: (s[0] - s[1], -s[2]))
        if share >= PLAIN_ENOUGH:
            return text
    best = matches.best()
    if best is not None and best.chaos <= 0.1 and not _has_controls(str(best)):
        return str(best)
    return None


def _big5(data: bytes) -> str | None:
    """Big5 text in the narrowest Big5 codec that reads it (HKSCS moves a few symbols: ② → ヮ)."""
    for encoding in ("big5", "cp950", "big5hkscs"):
        text = _strict(data, encoding)
        if text is not None:
            return text
    return None


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a cut last character, one damaged byte) as U+FFFD, else None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return text if bad <= max(2, len(text) // 1000) else None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


#: The share of plain characters a reading needs to be taken (mojibake stays far below).
PLAIN_ENOUGH = 0.8


def _plain_share(text: str) -> float:
    """The share of a text's non-ASCII characters that are plain: what a CJK document is made of.

    Plain: the frequent ideographs (GB2312 level 1, Big5 level 1), kana, CJK
    and full-width punctuation, common symbols. Mojibake is made of rare
    ideographs, private-use characters, half-width katakana, Hangul, Latin
    letters with accents: a Big5 text read as GB18030 scores near 0.3, the
    right reading near 1.
    """
    wide = [ch for ch in text[:20_000] if ord(ch) > 0x7F]  # a sample is enough to tell
    if not wide:
        return 0.0
    return sum(map(_is_plain, wide)) / len(wide)


@functools.lru_cache(maxsize=65536)
def _is_plain(ch: str) -> bool:
    code = ord(ch)
    if 0x4E00 <= code <= 0x9FFF:
        return _is_frequent(ch)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0xFF01 <= code <= 0xFF60  # full-width ASCII and brackets (not half-width katakana)
        or 0xFFE0 <= code <= 0xFFE6  # full-width signs ￥
        or 0x2010 <= code <= 0x2312  # dashes, quotes, ‰, arrows, maths ≥
        or 0x2460 <= code <= 0x24FF  # enclosed numbers
        or 0x2500 <= code <= 0x257F  # box drawing
        or 0x3200 <= code <= 0x33FF  # enclosed CJK and compatibility signs ㈠ ㎡
        or 0xFE30 <= code <= 0xFE6F  # compatibility and small punctuation ﹝2018﹞
        or ch in "·×÷°±§¥αβγμσΩ"
    )


def _is_frequent(ch: str) -> bool:
    """In GB2312 level 1 (lead byte B0–D7) or Big5 level 1 (A440–C67E): the frequent ideographs."""
    try:
        gb = ch.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = ch.encode("big5")
        return 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def _has_controls(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in text[:5000])


__all__ = ["decode_text"]
