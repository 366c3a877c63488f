"""Page objects: pdfplumber's `page.objects` built without an LTChar per character.

`FastInterpreter` is pdfminer's PDFPageInterpreter with execute() fed by
tokenizer._objects and its operators dispatched from a cached table (same
operator calls, same argument stack). `FastDevice` is pdfplumber's device, and
turns text drawn with a horizontal font straight into pdfplumber's char dict,
with the arithmetic of PDFTextDevice.render_string_horizontal, LTChar and
pdfplumber's Page.process_object in the same order, so the same floats.
Everything else (paths, images, vertical fonts) goes through pdfminer's and
pdfplumber's own code; `_Processor` is Page.process_object for those, without
its per-attribute closures.

`page_objects(page)` runs them over an original page and raises `Unsupported`
(or whatever pdfminer raised) when the page must be read the usual way.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from pdfminer import settings
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTTextContainer
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import PSKeyword, keyword_name
from pdfplumber.page import ALL_ATTRS, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes
from pdfplumber.utils import resolve_all, resolve_and_decode

from .tokenizer import Unsupported, _objects

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
