"""Decode the bytes of a text file whose encoding nobody stated.

Chinese text files arrive in UTF-8 (with or without BOM), UTF-16 and
GB18030/GBK; the encoding is detected, never assumed.
"""

from __future__ import annotations

from .errors import ExtractionError


def decode_text(data: bytes) -> str:
    """Decode bytes whose encoding is unknown: BOMs first, then UTF-8, UTF-16, GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A damaged pair (a lone surrogate) must not lose the document: it reads as U+FFFD.
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:4000]
    if sample.count(b"\x00") > len(sample) // 4:
        even_zero = sample[1::2].count(b"\x00") > sample[0::2].count(b"\x00")
        try:
            return data.decode("utf-16-le" if even_zero else "utf-16-be")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractionError("binary file: no text encoding fits")
    return str(best)
