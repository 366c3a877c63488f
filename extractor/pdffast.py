"""What extractor.pdf asks of pdfplumber, computed faster, and exactly the same.

pdfplumber reads a page by running pdfminer's interpreter over the content
stream (a byte-at-a-time tokenizer in pure Python), building an LTChar per
character and then turning every LTChar into a dict: 80-85% of the time
extractor.pdf spent on a PDF. `prime(page)` computes the same `page.objects`
with:

- a regex tokenizer that reads each content stream in one pass and dispatches
  operators through a cached table (same objects, same operator calls, same
  argument stack as pdfminer's PDFContentParser and PDFPageInterpreter.execute);
- text drawn with a horizontal font turned straight into pdfplumber's char dict
  (same arithmetic as PDFTextDevice.render_string_horizontal, LTChar and
  pdfplumber's Page.process_object, in the same order, so the same floats);
  everything else (paths, images, vertical fonts) goes through pdfminer's and
  pdfplumber's own code.

Anything the fast reader does not handle exactly like pdfminer (inline images,
procedures, streams that end oddly, any exception) makes `prime` leave the
page alone, and pdfplumber then reads it the usual way, failing the same way
if it fails. JIXIAO_PDF_FAST=0 turns `prime` off.

The rest replaces pdfplumber calls whose results extractor.pdf uses by the same
computation without the repeated work: `find_tables` (page.find_tables(), its
cells found without rescanning every point for every point), `table_rows`
(Table.extract(), testing only the chars inside the table), `text_lines`
(extract_text_lines() of a filtered page, over chars given directly).

tests/test_pdffast.py checks all of it against pdfplumber itself, dict for dict
and key for key, on every corpus page: an upgrade of pdfminer or pdfplumber that
changes what they compute fails there.
"""

from __future__ import annotations

import itertools
import os
import re
import weakref
from typing import Any

from pdfminer import settings
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTTextContainer
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import KWD, LIT, PSKeyword, PSKeywordTable, keyword_name, literal_name
from pdfminer.utils import choplist
from pdfplumber.page import ALL_ATTRS, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes
from pdfplumber.table import (
    Table,
    TableFinder,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
)
from pdfplumber.utils import resolve_all, resolve_and_decode
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.geometry import bbox_getter, merge_bboxes, obj_to_bbox
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES, WordMap

ENABLED = os.environ.get("JIXIAO_PDF_FAST", "1") != "0"


class Unsupported(Exception):
    """The fast reader would not read this content exactly like pdfminer: use pdfminer."""


# -- tokenizer ----------------------------------------------------------------
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


# -- interpreter ----------------------------------------------------------------


# The tokens of a content stream are held in a list (pdfminer reads them one at a time):
# some ten times the stream's size. Beyond this, pdfminer reads the page.
_MAX_CONTENT = 8 << 20

# operator keyword: (do_ function, number of arguments), or None for an unknown operator.
# Per class, and unbound: a cache of bound methods on the interpreter would make a reference
# cycle that keeps every page's interpreter, device and objects alive until the next GC.
_OPS: dict[type, dict[PSKeyword, tuple[Any, int] | None]] = {}


class FastInterpreter(PDFPageInterpreter):
    """PDFPageInterpreter whose execute() tokenizes with _objects() and dispatches from a table."""

    def execute(self, streams: Any) -> None:
        valid = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                raise Unsupported("stream pdfminer would skip with a warning")
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        datas = [s.get_data() for s in valid]
        datas = [d for d in datas if d]
        if sum(map(len, datas)) > _MAX_CONTENT:
            raise Unsupported("content too large to hold as tokens: pdfminer streams it")
        cls = type(self)
        ops = _OPS.get(cls)
        if ops is None:
            ops = _OPS[cls] = {}
        argstack = self.argstack
        for k, data in enumerate(datas):
            for obj in _objects(data, k == len(datas) - 1):
                if obj.__class__ is not PSKeyword:
                    argstack.append(obj)
                    continue
                op = ops.get(obj, False)
                if op is False:
                    name = keyword_name(obj)
                    method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
                    func = getattr(cls, method, None)
                    op = None if func is None else (func, func.__code__.co_argcount - 1)
                    ops[obj] = op
                if op is None:
                    if settings.STRICT:
                        raise Unsupported("unknown operator")
                    continue
                func, nargs = op
                if nargs:
                    args = argstack[-nargs:]
                    del argstack[-nargs:]
                    if len(args) == nargs:
                        func(self, *args)
                else:
                    func(self)
                argstack = self.argstack  # do_scn and do_SCN pop by rebinding it

    def do_TJ(self, seq: Any) -> None:
        """Show text: for a horizontal font, drawn at once (no copy of the graphic state needed)."""
        font = self.textstate.font
        device = self.device
        if font is None or _font(font).vertical or not isinstance(device, FastDevice):
            super().do_TJ(seq)
            return
        device.render_horizontal(self.textstate, seq, self.graphicstate)

    def do_Tj(self, s: Any) -> None:
        """Show text"""
        self.do_TJ([s])


# -- device ---------------------------------------------------------------------


class _Font:
    """What drawing a font's characters needs, looked up once per font (fonts are per document)."""

    __slots__ = ("descent", "fontname", "glyphs", "multibyte", "vertical")

    def __init__(self, font: Any) -> None:
        self.vertical = font.is_vertical()
        self.multibyte = font.is_multibyte()
        self.descent = font.get_descent()
        fontname = font.fontname
        if isinstance(fontname, bytes):  # pragma: no cover - rare byte-encoded names
            fontname = fix_fontname_bytes(fontname)
        self.fontname = fontname
        self.glyphs: dict[int, tuple[str, float]] = {}  # cid: (text, width)


_FONTS: weakref.WeakKeyDictionary[Any, _Font] = weakref.WeakKeyDictionary()


def _font(font: Any) -> _Font:
    info = _FONTS.get(font)
    if info is None:
        info = _FONTS[font] = _Font(font)
    return info


class FastDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's device, drawing horizontal text as pdfplumber char dicts directly."""

    def __init__(self, page: Any) -> None:
        super().__init__(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
        self.page_number = page.page_number
        self.page_height = page.height
        self.mb_x0, self.mb_top = page.mediabox[:2]
        self.initial_doctop = page.initial_doctop
        self.spaces: dict[Any, Any] = {}

    def tag_cur_item(self) -> None:
        objs = self.cur_item._objs
        if objs:
            last = objs[-1]
            if last.__class__ is dict:
                last["mcid"] = self.cur_mcid
                last["tag"] = self.cur_tag
            else:
                last.mcid = self.cur_mcid
                last.tag = self.cur_tag

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        font = textstate.font
        if font is None or _font(font).vertical:
            super().render_string(textstate, seq, ncs, graphicstate)
            return
        self.render_horizontal(textstate, seq, graphicstate)

    def render_horizontal(self, textstate: Any, seq: Any, graphicstate: Any) -> None:
        """PDFTextDevice.render_string and render_string_horizontal, LTChar and process_object."""
        font = textstate.font
        info = _font(font)
        ctm = self.ctm
        (a1, b1, c1, d1, e1, f1) = textstate.matrix
        (a0, b0, c0, d0, e0, f0) = ctm
        a = a0 * a1 + c0 * b1
        b = b0 * a1 + d0 * b1
        c = a0 * c1 + c0 * d1
        d = b0 * c1 + d0 * d1
        e = a0 * e1 + c0 * f1 + e0
        f = b0 * e1 + d0 * f1 + f0
        fontsize = textstate.fontsize
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = textstate.wordspace * scaling
        rise = textstate.rise
        if info.multibyte:
            wordspace = 0
        dxscale = 0.001 * fontsize * scaling
        (x, y) = textstate.linematrix
        needcharspace = False

        glyphs = info.glyphs
        descent = info.descent * fontsize
        fontname = info.fontname
        ncs = graphicstate.ncs
        ncs_name = self.spaces.get(ncs)
        if ncs_name is None:
            ncs_name = self.spaces[ncs] = resolve_and_decode(ncs.name)
        scolor = graphicstate.scolor
        stroking = scolor if isinstance(scolor, tuple) else (scolor,)
        ncolor = graphicstate.ncolor
        non_stroking = ncolor if isinstance(ncolor, tuple) else (ncolor,)
        upright = a * d * scaling > 0 and b * c <= 0
        mcid, tag = self.cur_mcid, self.cur_tag
        page_number = self.page_number
        height, mb_x0, mb_top = self.page_height, self.mb_x0, self.mb_top
        doctop0 = self.initial_doctop
        bottom_y = descent + rise
        top_y = descent + rise + fontsize
        append = self.cur_item._objs.append
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    glyph = glyphs.get(cid)
                    if glyph is None:
                        try:
                            text = font.to_unichr(cid)
                            assert isinstance(text, str), str(type(text))
                        except PDFUnicodeNotDefined:
                            text = self.handle_undefined_char(font, cid)
                        glyph = glyphs[cid] = (text, font.char_width(cid))
                    text, textwidth = glyph
                    # translate_matrix(matrix, (x, y)), then LTChar and apply_matrix_rect
                    ee = x * a + y * c + e
                    ff = x * b + y * d + f
                    adv = textwidth * fontsize * scaling
                    left1, bottom1 = a * 0 + c * bottom_y + ee, b * 0 + d * bottom_y + ff
                    right1, bottom2 = a * adv + c * bottom_y + ee, b * adv + d * bottom_y + ff
                    right2, top1 = a * adv + c * top_y + ee, b * adv + d * top_y + ff
                    left2, top2 = a * 0 + c * top_y + ee, b * 0 + d * top_y + ff
                    x0 = min(left1, left2, right1, right2)
                    y0 = min(bottom1, bottom2, top1, top2)
                    x1 = max(left1, left2, right1, right2)
                    y1 = max(bottom1, bottom2, top1, top2)
                    h = y1 - y0
                    top = (height - y1) + mb_top
                    item = {
                        "matrix": (a, b, c, d, ee, ff),
                        "fontname": fontname,
                        "adv": adv,
                        "upright": upright,
                        "x0": x0,
                        "y0": y0,
                        "x1": x1,
                        "y1": y1,
                        "width": x1 - x0,
                        "height": h,
                        "size": h,
                        "mcid": mcid,
                        "tag": tag,
                        "object_type": "char",
                        "page_number": page_number,
                        "ncs": ncs_name,
                        "text": text,
                        "stroking_color": stroking,
                        "non_stroking_color": non_stroking,
                        "top": top,
                        "bottom": (height - y0) + mb_top,
                        "doctop": doctop0 + top,
                    }
                    if mb_x0 != 0:
                        item["x0"] = x0 + mb_x0
                        item["x1"] = x1 + mb_x0
                    append(item)
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                # PDFTextDevice logs and skips anything else
                from pdfminer.pdfdevice import logger

                logger.warning(
                    "Cannot render horizontal string because %r is not a valid int, float or bytes.",
                    obj,
                )
        textstate.linematrix = (x, y)


# -- page -----------------------------------------------------------------------


def page_objects(page: Any) -> dict[str, list[dict]]:
    """pdfplumber's `page.objects` for an original (uncropped) page, read the fast way.

    Raises Unsupported (or whatever pdfminer raised) when the page must be read the usual way.
    """
    if page.pdf.laparams is not None or page.pdf.unicode_norm is not None:
        raise Unsupported("layout analysis or unicode normalisation asked for")
    if not getattr(page, "is_original", False):
        raise Unsupported("not an original page")
    device = FastDevice(page)
    interpreter = FastInterpreter(page.pdf.rsrcmgr, device)
    interpreter.process_page(page.page_obj)
    layout = device.get_result()
    objects: dict[str, list[dict]] = {}
    _collect(layout._objs, _Processor(page), objects)
    return objects


def _collect(items: list[Any], process: Any, objects: dict[str, list[dict]]) -> None:
    """pdfplumber's Page.parse_objects over the layout tree: dicts as they are, the rest processed.

    A plain function: a nested one calling itself would be a reference cycle that keeps
    the page's objects alive after page.close(), until the next garbage collection.
    """
    for obj in items:
        if obj.__class__ is dict:
            attr = obj
        elif isinstance(obj, LTContainer):
            _collect(obj._objs, process, objects)  # no laparams: a figure's contents, not it
            continue
        else:
            attr = process(obj)
        kind = attr["object_type"]
        if kind == "anno":
            continue
        bucket = objects.get(kind)
        if bucket is None:
            bucket = objects[kind] = []
        bucket.append(attr)


_PLAIN = (int, float, str, bool, type(None))
_KINDS: dict[type, str] = {}


class _Processor:
    """pdfplumber's Page.process_object, branch for branch, without its per-attribute closures."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.page_number = page.page_number
        self.height = page.height
        self.mediabox = page.mediabox
        self.initial_doctop = page.initial_doctop

    def __call__(self, obj: Any) -> dict:
        if isinstance(obj, (LTChar, LTTextContainer)):
            return self.page.process_object(obj)  # a char of a vertical font: pdfplumber's own
        cls = obj.__class__
        kind = _KINDS.get(cls)
        if kind is None:
            kind = _KINDS[cls] = re.sub(r"^LT", "", cls.__name__).lower()
        attr = {
            k: (v if v.__class__ in _PLAIN else resolve_all(v))
            for k, v in obj.__dict__.items()
            if k in ALL_ATTRS
        }
        attr["object_type"] = kind
        attr["page_number"] = self.page_number
        for cs in ["ncs", "scs"]:
            if hasattr(obj, cs):
                attr[cs] = resolve_and_decode(getattr(obj, cs).name)
        if isinstance(obj, LTCurve):
            mb0, mb1 = self.mediabox[0], self.mediabox[1]
            height = self.height
            attr["pts"] = [(mb0 + pt[0], mb1 + height - pt[1]) for pt in attr["pts"]]
            attr["path"] = [
                (cmd, *((mb0 + pt[0], mb1 + height - pt[1]) for pt in pts))
                for cmd, *pts in obj.original_path
            ]
            attr["dash"] = obj.dashing_style
        mb_x0, mb_top = self.mediabox[:2]
        if "y0" in attr:
            attr["top"] = (self.height - attr["y1"]) + mb_top
            attr["bottom"] = (self.height - attr["y0"]) + mb_top
            attr["doctop"] = self.initial_doctop + attr["top"]
        if "x0" in attr and mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr


def find_tables(page: Any, settings: dict | None = None) -> list[Any]:
    """`page.find_tables(settings)` (pdfplumber's defaults when None), its cells found faster."""
    return _TableFinder(page, TableSettings.resolve(settings)).tables


class _TableFinder(TableFinder):
    """pdfplumber's TableFinder.__init__, step for step, with _intersections_to_cells."""

    def __init__(self, page: Any, settings: Any = None) -> None:
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges,
            self.settings.intersection_x_tolerance,
            self.settings.intersection_y_tolerance,
        )
        self.cells = _intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def _intersections_to_cells(intersections: dict) -> list[tuple]:
    """pdfplumber.table.intersections_to_cells: the same cells in the same order.

    For each point pdfplumber scans every later point for those directly below and
    to the right, and rebuilds the sets of edges through two points at every test:
    here the points are grouped by x and by y once, and each point's edge sets are
    built once.
    """
    points = sorted(intersections.keys())
    if any(x != x or y != y for x, y in points):  # NaN: no grouping by value
        return intersections_to_cells(intersections)
    by_x: dict[float, list[tuple]] = {}
    by_y: dict[float, list[tuple]] = {}
    for pt in points:  # in sorted order: by_x lists run down, by_y lists run right
        by_x.setdefault(pt[0], []).append(pt)
        by_y.setdefault(pt[1], []).append(pt)
    place_x = {pt: i for column in by_x.values() for i, pt in enumerate(column)}
    place_y = {pt: i for row in by_y.values() for i, pt in enumerate(row)}
    sets: dict[tuple, set] = {}

    def edge_set(pt: tuple, orientation: str) -> set:
        key = (pt, orientation)
        found = sets.get(key)
        if found is None:
            found = sets[key] = {obj_to_bbox(e) for e in intersections[pt][orientation]}
        return found

    def edge_connects(p1: tuple, p2: tuple) -> bool:
        if p1[0] == p2[0] and not edge_set(p1, "v").isdisjoint(edge_set(p2, "v")):
            return True
        return p1[1] == p2[1] and not edge_set(p1, "h").isdisjoint(edge_set(p2, "h"))

    cells = []
    for pt in points:
        cell = None
        for below_pt in by_x[pt[0]][place_x[pt] + 1 :]:
            if not edge_connects(pt, below_pt):
                continue
            for right_pt in by_y[pt[1]][place_y[pt] + 1 :]:
                if not edge_connects(pt, right_pt):
                    continue
                bottom_right = (right_pt[0], below_pt[1])
                if (
                    bottom_right in intersections
                    and edge_connects(bottom_right, right_pt)
                    and edge_connects(bottom_right, below_pt)
                ):
                    cell = (pt[0], pt[1], bottom_right[0], bottom_right[1])
                    break
            if cell is not None:
                break
        if cell is not None:
            cells.append(cell)
    return cells


def _top(obj: dict) -> float:
    return obj["top"]


def _x0(obj: dict) -> float:
    return obj["x0"]


def _top_bottom(obj: dict) -> tuple[float, float]:
    return (obj["top"], obj["bottom"])


def _upright(obj: dict) -> Any:
    return obj["upright"]


def _word_tuples(
    chars: list[dict],
    x_tolerance: float = DEFAULT_X_TOLERANCE,
    y_tolerance: float = DEFAULT_Y_TOLERANCE,
) -> list[tuple[dict, list[dict]]]:
    """WordExtractor(x_tolerance=, y_tolerance=).iter_extract_tuples(chars), its other settings
    left at their defaults: the same (word, chars) pairs, without its generator layers.

    Runs of upright chars are clustered into lines by top (y_tolerance) and read left to
    right; other chars into columns by x0 (x_tolerance), read top to bottom. A blank char
    ends a word; so does a char left of the last one's start, more than a tolerance past
    its end, or off its line by more than the other tolerance.
    """
    out: list[tuple[dict, list[dict]]] = []
    for upright, group in itertools.groupby(chars, key=_upright):
        group_chars = list(group)
        if upright:  # lines top to bottom, chars left to right
            char_dir = "ltr"
            lines = cluster_objects(group_chars, _top, y_tolerance)
            sort_key, along, across = _x0, x_tolerance, y_tolerance
            start, end, level = "x0", "x1", "top"
        else:  # rotated: columns left to right, chars top to bottom
            char_dir = "ttb"
            lines = cluster_objects(group_chars, _x0, x_tolerance)
            sort_key, along, across = _top_bottom, y_tolerance, x_tolerance
            start, end, level = "top", "bottom", "x0"
        words: list[list[dict]] = []
        for line in lines:
            current: list[dict] = []
            for char in sorted(line, key=sort_key):
                text = char["text"]
                if text.isspace():
                    if current:
                        words.append(current)
                    current = []
                elif text == "":  # `text in split_at_punctuation`, which is "": a word of its own
                    if current:
                        words.append(current)
                    words.append([char])
                    current = []
                elif current:
                    prev = current[-1]
                    cx = char[start]
                    if (
                        cx < prev[start]
                        or cx > prev[end] + along
                        or abs(char[level] - prev[level]) > across
                    ):
                        words.append(current)
                        current = [char]
                    else:
                        current.append(char)
                else:
                    current.append(char)
            if current:
                words.append(current)
        for word_chars in words:
            x0, top, x1, bottom = merge_bboxes(map(bbox_getter, word_chars))
            first = word_chars[0]
            word = {
                "text": "".join(LIGATURES.get(c["text"], c["text"] or "") for c in word_chars),
                "x0": x0,
                "x1": x1,
                "top": top,
                "doctop": top + (first["doctop"] - first["top"]),
                "bottom": bottom,
                "upright": first["upright"],
                "height": bottom - top,
                "width": x1 - x0,
                "direction": char_dir,
            }
            out.append((word, word_chars))
    return out


def cell_text(chars: list[dict]) -> str:
    """pdfplumber.utils.extract_text(chars) with its defaults (layout=False), step for step:
    words, words clustered into lines by top (y_tolerance 3), lines joined; the TextMap it
    builds for top-to-bottom, left-to-right text gives back the joined string unchanged."""
    words = [word for word, _ in _word_tuples(chars)]
    lines = cluster_objects(words, _top, DEFAULT_Y_TOLERANCE)
    return "\n".join(" ".join(word["text"] for word in line) for line in lines)


def text_lines(
    page: Any, chars: list[dict], y_tolerance: float | None = None, return_chars: bool = False
) -> list[dict]:
    """`page.filter(fn).extract_text_lines(return_chars=…[, y_tolerance=])` where `chars`
    are the chars the filter keeps: pdfplumber's chars_to_textmap and TextMap, with the words
    found by _word_tuples."""
    extra = {} if y_tolerance is None else {"y_tolerance": y_tolerance}
    tuples = _word_tuples(chars, y_tolerance=extra.get("y_tolerance", DEFAULT_Y_TOLERANCE))
    textmap = WordMap(tuples).to_textmap(
        layout_bbox=page.bbox,
        layout_width=page.width,
        layout_height=page.height,
        presorted=True,
        **extra,
    )
    return textmap.extract_text_lines(strip=True, return_chars=return_chars)


def table_rows(table: Any) -> list[tuple[Any, list[str | None]]]:
    """`zip(table.rows, table.extract())` for a pdfplumber Table, the same texts computed faster.

    Table.extract tests every char of the page against every row; a char in a row
    lies in the table's bounding box, so only those are tested, and rows are built once.
    """
    rows = table.rows
    if not rows:
        return []
    tx0, ttop, tx1, tbottom = table.bbox
    chars = []
    for char in table.page.chars:
        v_mid = (char["top"] + char["bottom"]) / 2
        h_mid = (char["x0"] + char["x1"]) / 2
        if h_mid >= tx0 and h_mid < tx1 and v_mid >= ttop and v_mid < tbottom:
            chars.append((h_mid, v_mid, char))
    out = []
    for row in rows:
        x0, top, x1, bottom = row.bbox
        row_chars = [c for c in chars if c[0] >= x0 and c[0] < x1 and c[1] >= top and c[1] < bottom]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            x0, top, x1, bottom = cell
            cell_chars = [
                c[2]
                for c in row_chars
                if c[0] >= x0 and c[0] < x1 and c[1] >= top and c[1] < bottom
            ]
            texts.append(cell_text(cell_chars) if cell_chars else "")
        out.append((row, texts))
    return out


def prime(page: Any) -> bool:
    """Give `page` its objects the fast way; False (page untouched) when pdfplumber must read it."""
    if not ENABLED or hasattr(page, "_objects"):
        return False
    try:
        objects = page_objects(page)
    except Exception:
        return False
    page._objects = objects
    return True
