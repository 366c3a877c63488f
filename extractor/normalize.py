"""Undo what PDF-to-text does to Chinese text, so parsers see what the author wrote.

Full-width digits and signs, spaces inside words ("一 级 指 标"), (cid:NNN)
glyphs, running headers and page numbers, and sentences broken over lines are
all artefacts of the file format, not of the report.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import regex as re

from .model import Evidence, Line

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update(
    {
        "％": "%",
        "．": ".",
        "＋": "+",
        "＝": "=",
        "﹦": "=",
        "＞": ">",
        "＜": "<",
        "﹤": "<",
        "﹥": ">",
        "≧": "≥",
        "≦": "≤",
        "／": "/",
        "\u3000": " ",
        "\u00a0": " ",
        "\ufeff": "",
        "\u2015": "—",  # Chromium/Skia writes the horizontal bar for the em dash of "表 3—1"
        "﹝": "〔",
        "﹞": "〕",
    }
)
_FW_TABLE = str.maketrans(_FULLWIDTH)

# CJK radicals a font maps to the same glyph as an ideograph: Chromium/Skia and some
# other producers write the radical's code point in the text layer ("项⽬" for "项目",
# "⻩" for "黄"). Taken from the Noto CJK SC cmap (glyphs shared with an ideograph), and
# NFKC where the font has no shared glyph.
_RADICALS = str.maketrans(
    "⺂⺃⺅⺉⺋⺏⺐⺒⺓⺔⺕⺖⺘⺙⺛⺞⺟⺠⺡⺣⺤⺦⺨⺭⺯⺰⺱⺳⺹⺺⺾⻂⻅⻆⻈⻉⻋⻌⻐⻑⻒⻓⻔⻖⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻮⻯⻰⻱⻲⻳⼀⼁⼂⼃⼄⼅⼆⼇⼈⼉⼊⼋⼌⼍⼎⼏⼐⼑⼒⼓⼔⼕⼖⼗⼘⼙⼚⼛⼜⼝⼞⼟⼠⼡⼢⼣⼤⼥⼦⼧⼨⼩⼪⼫⼬⼭⼮⼯⼰⼱⼲⼳⼴⼵⼶⼷⼸⼹⼺⼻⼼⼽⼾⼿⽀⽁⽂⽃⽄⽅⽆⽇⽈⽉⽊⽋⽌⽍⽎⽏⽐⽑⽒⽓⽔⽕⽖⽗⽘⽙⽚⽛⽜⽝⽞⽟⽠⽡⽢⽣⽤⽥⽦⽧⽨⽩⽪⽫⽬⽭⽮⽯⽰⽱⽲⽳⽴⽵⽶⽷⽸⽹⽺⽻⽼⽽⽾⽿⾀⾁⾂⾃⾄⾅⾆⾇⾈⾉⾊⾋⾌⾍⾎⾏⾐⾑⾒⾓⾔⾕⾖⾗⾘⾙⾚⾛⾜⾝⾞⾟⾠⾡⾢⾣⾤⾥⾦⾧⾨⾩⾪⾫⾬⾭⾮⾯⾰⾱⾲⾳⾴⾵⾶⾷⾸⾹⾺⾻⾼⾽⾾⾿⿀⿁⿂⿃⿄⿅⿆⿇⿈⿉⿊⿋⿌⿍⿎⿏⿐⿑⿒⿓⿔⿕",
    "乛乚亻刂㔾尣尢巳幺彑彐忄扌攵旡歺母民氵灬爫丬犭礻糹纟罓㓁耂肀艹衤见角讠贝车辶钅長镸长门阝青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐齿竜龙龜亀龟一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈户手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠",
)
# Characters that print nothing: zero-width spaces and joiners, soft hyphen, bidi marks,
# word joiner, BOM, and C0/C1 control codes other than tab and newline.
_INVISIBLE = re.compile(
    r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
# Terminal escape sequences a text copied from a console carries: CSI ("ESC [ 1;31 m"), OSC
# ("ESC ] 0;title BEL"), and two-byte ones ("ESC ( B", "ESC 7"). Dropping ESC alone (below, with
# the controls) would leave "]0;title" behind as text.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]")

_CID = re.compile(r"\(cid:\d+\)")
_SPACED_HAN = re.compile(r"(?<!\p{Han})\p{Han}(?: \p{Han})+(?!\p{Han})")
_SPACE_IN_BRACKETS = re.compile(r"(?<=[（(〔\[]) +| +(?=[）)〕\]])")
_SPACE_IN_NUMBER = re.compile(r"(?<=\d) +(?=[.%])|(?<=\.) +(?=\d)")
_DASHES = re.compile(r"[—–－‐‑―━~～]+")
_WS = re.compile(r"\s+")


_LATEX_PERCENT = re.compile(r"\$\s*(-?\d+(?:\.\d+)?)\s*\\?%\s*\$")


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digit(m: re.Match) -> str:
    """A digit of another script as its ASCII digit; one Python cannot read is dropped."""
    try:
        return str(unicodedata.decimal(m.group(0)))
    except ValueError:
        return ""


def clean_line(text: str) -> str:
    """Normalise one line: half-width digits and signs, radicals as ideographs, nothing
    invisible, no (cid:) glyphs, no spaces inside words."""
    text = _CID.sub("", text.translate(_FW_TABLE))
    if not text.isascii():
        text = _OTHER_DIGIT.sub(_ascii_digit, text.translate(_RADICALS))
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    text = _INVISIBLE.sub("", text)
    if "$" in text:
        text = _LATEX_PERCENT.sub(r"\1%", text)
    text = _SPACED_HAN.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = _SPACE_IN_BRACKETS.sub("", text)
    text = _SPACE_IN_NUMBER.sub("", text)
    return text.rstrip()


@functools.lru_cache(maxsize=65536)
def canon(text: str | None) -> str:
    """A comparison key: no whitespace, half-width, one kind of dash and bracket.

    Cached: the form reader asks for the key of the same few header words
    hundreds of thousands of times on a long publication.
    """
    if not text:
        return ""
    text = clean_line(text)
    text = _DASHES.sub("-", text)
    text = text.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",")
    text = text.replace("“", '"').replace("”", '"').replace("〔", "(").replace("〕", ")")
    return _WS.sub("", text)


_PAGE_NUMBER = re.compile(
    r"^\s*(?:第\s*)?[-—]?\s*(\d{1,4})\s*[-—]?\s*(?:页)?(?:\s*/\s*\d+\s*页?)?\s*$"
)
_YEAR_ALONE = re.compile(r"^\s*(?:19|20)\d{2}\s*$")


def is_page_number(text: str) -> bool:
    """A line that is only a page number ("12", "- 12 -", "第 12 页"). A bare "2024" is the
    year a cover prints in another font, not page 2024."""
    return bool(_PAGE_NUMBER.match(text)) and not _YEAR_ALONE.match(text)


_SENTENCE_END = set('。；！？：:;）)】」”"')
_BLOCK_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[.、．)）]\D|[①-⑳]|附件|附表|表\s*\d|摘\s*要|目\s*录|正\s*文|[\p{Han} ]{2,8}[：:]|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*$)"
)


@dataclass
class Flow:
    """Prose lines re-joined into running text, each character mapped back to its line."""

    text: str
    origin: list[int]  # index into `lines` for every character of `text`
    lines: list[Line]

    def evidence(self, start: int, end: int, *, pad: int = 0) -> Evidence:
        """The evidence for text[start:end]: the quote and the line it starts on."""
        start = max(0, start - pad)
        end = min(len(self.text), end + pad)
        line = self.lines[self.origin[min(start, len(self.origin) - 1)]] if self.origin else None
        quote = self.text[start:end].replace("\n", " ").strip()
        return Evidence(line.page if line else None, line.number if line else None, quote)

    def sentence_span(self, start: int, end: int) -> tuple[int, int]:
        """Widen [start, end) to the sentence (between 。；\\n) that holds it."""
        s = start
        while s > 0 and self.text[s - 1] not in "。；;\n" and start - s < 120:
            s -= 1
        e = end
        while e < len(self.text) and self.text[e] not in "。；;\n" and e - end < 120:
            e += 1
        if e < len(self.text) and self.text[e] in "。；;":
            e += 1
        return s, e


_TOC_ENTRY = re.compile(r"(?:[.…·]{3,}|\t)\s*\d+\s*$")


def _flow_text(line: Line) -> str:
    """A line as running text; a table row as its cells joined by tabs, so that it stays a row
    (never joined to its neighbours, and readers of prose know it for a table row) whether the
    table was a grid, a pipe or padded line, or cells one per line (continuation lines give "")."""
    if line.cells is not None:
        return "\t".join(line.cells).strip(" ")
    return line.text.strip(" ")


def flow(lines: list[Line]) -> Flow:
    """Join lines broken mid-sentence; keep a line break where a sentence, heading or row ends."""
    parts: list[str] = []
    origin: list[int] = []
    prev: str | None = None
    for idx, line in enumerate(lines):
        text = _flow_text(line)
        if not text.strip():
            continue
        if prev is not None:
            joined = (
                "\t" not in prev
                and "\t" not in text
                and prev[-1] not in _SENTENCE_END
                and not prev.endswith(("报告", "评价表", "自评表", "目标表"))
                and not _TOC_ENTRY.search(prev)
                and not _BLOCK_START.match(text)
                and not (_BLOCK_START.match(prev) and len(prev) < 24 and "：" not in prev[:-1])
                and len(prev) >= 12
            )
            sep = "" if joined else "\n"
            parts.append(sep)
            origin.extend([idx] * len(sep))
        parts.append(text)
        origin.extend([idx] * len(text))
        prev = text
    return Flow("".join(parts), origin, lines)


def name_key(name: str) -> str:
    """A loose key for matching names across tables: no 项目 prefix, no 指标 suffix."""
    key = canon(name)
    key = re.sub(r"^[A-Z]\d*", "", key)
    key = re.sub(r"\(\d+(\.\d+)?分?\)$", "", key)
    key = re.sub(r"^项目", "", key)
    key = re.sub(r"指标$", "", key)
    return key


class Squeezed:
    """The report's running text without whitespace, with a map back to positions in it."""

    def __init__(self, text: str) -> None:
        self.source = text
        self.origin = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.text = "".join(text[i] for i in self.origin)

    def span(self, start: int, end: int) -> tuple[int, int]:
        if not self.origin:
            return 0, 0
        s = self.origin[min(start, len(self.origin) - 1)]
        e = self.origin[min(max(end - 1, 0), len(self.origin) - 1)] + 1
        return s, e
