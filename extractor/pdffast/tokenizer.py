"""Content-stream tokenizer: the objects pdfminer's PDFContentParser yields, read in one pass.

pdfminer's PSBaseParser reads a content stream a byte at a time in pure Python,
the larger part of the time pdfplumber spends on a page. `_objects(data, last)`
gives the same list of objects (numbers, keywords, names, strings, arrays,
dictionaries) for one stream, in the same order and of the same types: one
findall of a regex whose tokens are told apart by their first byte, with a
state-by-state regex scanner (`_scan_objects`) for the streams that cannot be
split that way (strings with escapes or nested parentheses, names or hex
strings cut by the end of the stream).

Whatever pdfminer would read differently, or only through its own machinery
(inline images, procedures, unterminated strings, arrays or dictionaries, a
token cut between two streams), raises `Unsupported`: the page is then read by
pdfminer. The bottom of extractor.pdffast: imports nothing of it.
"""

from __future__ import annotations

import re
from typing import Any

from pdfminer.psparser import KWD, LIT, PSKeywordTable, literal_name
from pdfminer.utils import choplist


class Unsupported(Exception):
    """The fast reader would not read this content exactly like pdfminer: use pdfminer."""


# pdfminer's PSBaseParser, state by state: whitespace and NUL between tokens,
# comments to the end of the line, /names with #xx escapes, numbers ([-+]digits
# [.digits], or .digits), keywords (an ASCII letter, then anything up to a
# delimiter), << >> < hex > ( strings ), and any other byte as a one-byte keyword.
_TOKEN = re.compile(
    rb"""[\x00\t\n\x0b\x0c\r ]*(?:
      (?P<int>[-+]?[0-9]+)(?![.0-9])
    | (?P<float>[-+]?[0-9]*\.[0-9]*)
    | (?P<kw>[A-Za-z][^#/%\[\]()<>{}\t\n\x0b\x0c\r ]*)
    | (?P<hex><(?P<hexbody>[\t\n\x0b\x0c\r 0-9a-fA-F]*)(?=[^\t\n\x0b\x0c\r 0-9a-fA-F<]))
    | (?P<other>[\[\]])
    | /(?P<lit>(?:[^#/%\[\]()<>{}\t\n\x0b\x0c\r ]|\#[0-9a-fA-F]{0,2})*)
    | (?P<str>\((?P<plain>[^()\\]*)\)?)
    | (?P<dbegin><<)
    | (?P<hexopen><)
    | (?P<dend>>>)
    | (?P<gt>>)
    | (?P<sign>[-+])
    | (?P<comment>%[^\r\n]*)
    | (?P<any>[^\x00\t\n\x0b\x0c\r ])
    | (?P<end>\Z)
    )""",
    re.VERBOSE | re.DOTALL,
)
_LIT_HEX = re.compile(rb"#([0-9a-fA-F]{0,2})")
_STRING_STOP = re.compile(rb"[()\\]")
_OCTAL = b"01234567"
_ESCAPES = {98: 8, 116: 9, 110: 10, 102: 12, 114: 13, 40: 40, 41: 41, 92: 92}
_SPACES = re.compile(rb"[\t\n\x0b\x0c\r ]")

_TRUE, _FALSE = KWD(b"true"), KWD(b"false")
_PROC_BEGIN, _PROC_END = KWD(b"{"), KWD(b"}")
_SPECIAL = {_TRUE, _FALSE, KWD(b"BI"), KWD(b"ID"), KWD(b"EI")}  # booleans; inline images


def _hex_bytes(body: bytes) -> bytes:
    """pdfminer's hex string: whitespace dropped, pairs decoded, a last odd digit as its own value."""
    digits = _SPACES.sub(b"", body)
    if len(digits) % 2:
        return bytes.fromhex(digits[:-1].decode()) + bytes((int(digits[-1:], 16),))
    return bytes.fromhex(digits.decode())


def _literal(body: bytes) -> Any:
    if b"#" in body:
        body = _LIT_HEX.sub(lambda m: bytes((int(m[1], 16),)) if m[1] else b"", body)
    try:
        return LIT(str(body, "utf-8"))
    except UnicodeDecodeError:
        return LIT(body)


def _string(data: bytes, i: int) -> tuple[bytes, int]:
    """A (string) with nesting and escapes, from just after its '(' (pdfminer's quirks kept)."""
    out = bytearray()
    depth = 1
    n = len(data)
    while True:
        m = _STRING_STOP.search(data, i)
        if m is None:
            raise Unsupported("unterminated string")
        j = m.start()
        out += data[i:j]
        c = data[j]
        if c == 92:  # backslash
            i = j + 1
            if i >= n:
                raise Unsupported("string ends in a backslash")
            c = data[i]
            if c in _OCTAL:
                k = i
                while k < n and k - i < 3 and data[k] in _OCTAL:
                    k += 1
                code = int(data[i:k], 8)
                if code >= 256:
                    raise Unsupported("octal escape out of range")
                out.append(code)
                i = k
            elif c in _ESCAPES:
                out.append(_ESCAPES[c])
                i += 1
            elif c == 13:
                # pdfminer skips a CR LF after a backslash only when both sit in one 4 KB buffer
                i += 2 if i + 1 < n and data[i + 1] == 10 and i % 4096 != 4095 else 1
            else:
                i += 1  # pdfminer drops an unknown escape together with its backslash
        elif c == 40:
            depth += 1
            out.append(40)
            i = j + 1
        else:
            depth -= 1
            i = j + 1
            if depth == 0:
                return bytes(out), i
            out.append(41)


def _close_dictionary(stack: list[tuple[str, list[Any]]], items: list[Any]) -> list[Any]:
    """At ">>": the enclosing list, with the dictionary made of `items` appended to it."""
    if not stack or stack[-1][0] != "d":
        raise Unsupported("unbalanced >>")
    if len(items) % 2:
        raise Unsupported("odd dictionary")
    outer = stack.pop()[1]
    outer.append({literal_name(k): v for (k, v) in choplist(2, items) if v is not None})
    return outer


def _scan_objects(data: bytes, last: bool) -> list[Any]:
    """The objects pdfminer's PDFContentParser yields for one content stream, in order."""
    if not last and data and data[-1:] not in b"\t\n\x0b\x0c\r ":
        # pdfminer joins a token cut by the end of a stream to the next stream in some states
        raise Unsupported("content stream does not end with whitespace")
    out: list[Any] = []
    stack: list[tuple[str, list[Any]]] = []  # open arrays and dictionaries
    cur = out
    keywords = PSKeywordTable.dict
    n = len(data)
    pos = 0
    while True:
        for m in _TOKEN.finditer(data, pos):
            kind = m.lastgroup
            if kind == "int":
                cur.append(int(m.group("int")))
            elif kind == "kw":
                word = m.group("kw")
                token = keywords.get(word) or KWD(word)
                if token in _SPECIAL:
                    if token is _TRUE:
                        cur.append(True)
                        continue
                    if token is _FALSE:
                        cur.append(False)
                        continue
                    raise Unsupported("inline image")
                cur.append(token)
            elif kind == "float":
                tok = m.group("float")
                if tok.strip(b"+-."):  # a lone dot is no number: pdfminer drops it
                    cur.append(float(tok))
            elif kind == "hex":
                cur.append(_hex_bytes(m.group("hexbody")))
            elif kind == "other":
                if m.group("other") == b"[":
                    stack.append(("a", cur))
                    cur = []
                else:
                    if not stack or stack[-1][0] != "a":
                        raise Unsupported("unbalanced ]")
                    arr = cur
                    cur = stack.pop()[1]
                    cur.append(arr)
            elif kind == "lit":
                if m.end() == n and b"#" in m.group("lit")[-3:]:
                    raise Unsupported("name escape at the end of the stream")
                cur.append(_literal(m.group("lit")))
            elif kind == "str":
                if m.end() > m.end("plain"):  # closed before any escape or nested parenthesis
                    cur.append(m.group("plain"))
                else:
                    text, pos = _string(data, m.start("str") + 1)
                    cur.append(text)
                    break  # go on after the string
            elif kind == "dbegin":
                stack.append(("d", cur))
                cur = []
            elif kind == "dend":
                cur = _close_dictionary(stack, cur)
            elif kind == "hexopen":
                raise Unsupported("unterminated hex string")
            elif kind == "any":
                token = KWD(m.group("any"))
                if token is _PROC_BEGIN or token is _PROC_END:
                    raise Unsupported("procedure in a content stream")
                cur.append(token)
            elif kind == "end":
                if stack:
                    raise Unsupported("unterminated array or dictionary")
                return out
            # gt, sign, comment: nothing (a lone sign is no number: pdfminer drops it)
        else:  # pragma: no cover - the end branch always matches last
            raise Unsupported("no end of data")


# The same tokens as _TOKEN, as strings found by one findall and told apart by their first
# byte; anything the first byte cannot tell (a string with escapes or nested parentheses)
# sends the stream to _scan_objects.
_WORDS_RE = re.compile(
    rb"""[-+]?[0-9]+(?:\.[0-9]*)?|[-+]?\.[0-9]*|[-+]
    |[A-Za-z][^#/%\[\]()<>{}\t\n\x0b\x0c\r ]*
    |/(?:[^#/%\[\]()<>{}\t\n\x0b\x0c\r ]|\#[0-9a-fA-F]{0,2})*
    |<<|>>|<[\t\n\x0b\x0c\r 0-9a-fA-F]*>(?!>)|<[\t\n\x0b\x0c\r 0-9a-fA-F]*(?=[^\t\n\x0b\x0c\r 0-9a-fA-F])
    |\([^()\\]*\)
    |%[^\r\n]*
    |[^\x00\t\n\x0b\x0c\r ]""",
    re.VERBOSE,
)
_HEX_AT_END = re.compile(rb"<[\t\n\x0b\x0c\r 0-9a-fA-F]*\Z")  # an unterminated hex string
_NUM, _KW, _LIT, _STR, _LT, _GT, _OPEN, _CLOSE, _COMMENT = range(1, 10)
_FIRST = [0] * 256
for _c in b"0123456789+-.":
    _FIRST[_c] = _NUM
for _c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
    _FIRST[_c] = _KW
for _c, _k in ((b"/", _LIT), (b"(", _STR), (b"<", _LT), (b">", _GT), (b"[", _OPEN)):
    _FIRST[_c[0]] = _k
for _c, _k in ((b"]", _CLOSE), (b"%", _COMMENT)):
    _FIRST[_c[0]] = _k


class _Rescan(Exception):
    """Read this stream with _scan_objects."""


def _objects(data: bytes, last: bool) -> list[Any]:
    """The objects pdfminer's PDFContentParser yields for one content stream, in order."""
    try:
        return _split_objects(data, last)
    except _Rescan:
        return _scan_objects(data, last)


_DROP, _MISS = object(), object()
_VALUES: dict[bytes, Any] = {}  # token -> object, for tokens whose object depends on them alone
_VALUES_MAX = 20_000  # distinct tokens in the whole corpus: ~21,000


def _value(tok: bytes, kind: int) -> Any:
    """The object a number, keyword, name or hex string token stands for (_DROP: none)."""
    if kind == _NUM:
        if b"." in tok:
            return float(tok) if tok.strip(b"+-.") else _DROP  # a lone dot or sign is no number
        return int(tok) if tok[-1] > 47 else _DROP
    if kind == _KW:
        token = KWD(tok)
        if token in _SPECIAL:
            if token is _TRUE:
                return True
            if token is _FALSE:
                return False
            raise Unsupported("inline image")
        return token
    if kind == _LIT:
        return _literal(tok[1:])
    return _hex_bytes(tok[1:-1] if tok[-1] == 62 else tok[1:])  # < hex > or < hex


def _split_objects(data: bytes, last: bool) -> list[Any]:
    if not last and data and data[-1:] not in b"\t\n\x0b\x0c\r ":
        raise Unsupported("content stream does not end with whitespace")
    if b"<" in data and _HEX_AT_END.search(data):
        raise _Rescan
    tokens = _WORDS_RE.findall(data)
    if tokens and data[-1:] not in b"\x00\t\n\x0b\x0c\r " and tokens[-1][:1] == b"/":
        raise _Rescan  # a name at the very end: its escapes read differently
    if len(_VALUES) > _VALUES_MAX:
        _VALUES.clear()
    values = _VALUES
    out: list[Any] = []
    stack: list[tuple[str, list[Any]]] = []
    cur = out
    append = cur.append
    first = _FIRST
    for tok in tokens:
        value = values.get(tok, _MISS)
        if value is not _MISS:
            if value is not _DROP:
                append(value)
            continue
        kind = first[tok[0]]
        if _NUM <= kind <= _LIT or (kind == _LT and tok != b"<<"):  # number, keyword, name, hex
            value = values[tok] = _value(tok, kind)
            if value is not _DROP:
                append(value)
        elif kind == _STR:
            if len(tok) == 1:
                raise _Rescan  # escapes or nested parentheses
            append(tok[1:-1])
        elif kind == _OPEN:
            stack.append(("a", cur))
            cur = []
            append = cur.append
        elif kind == _CLOSE:
            if not stack or stack[-1][0] != "a":
                raise Unsupported("unbalanced ]")
            arr = cur
            cur = stack.pop()[1]
            append = cur.append
            append(arr)
        elif kind == _LT:  # <<
            stack.append(("d", cur))
            cur = []
            append = cur.append
        elif kind == _GT:
            if tok == b">>":
                cur = _close_dictionary(stack, cur)
                append = cur.append
            # a lone > is dropped, as pdfminer does
        elif kind == _COMMENT:
            pass
        else:
            token = KWD(tok)
            if token is _PROC_BEGIN or token is _PROC_END:
                raise Unsupported("procedure in a content stream")
            append(token)
    if stack:
        raise Unsupported("unterminated array or dictionary")
    return out
