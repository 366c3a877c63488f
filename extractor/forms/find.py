"""Where the forms of a file are: their titles, where each one ends, which pieces are one form.

A publication (部门预算, 部门决算) carries its forms among its own text: a
form starts at its title and ends with its table; what follows the table on
later pages is the publication again. A form printed over two pages with its
title repeated is one form; a table that lists several projects is split
later (lists).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..model import Document, Line
from ..normalize import canon
from ..vocabulary import FORM_TITLE

NOT_TITLE = re.compile(r"^\s*(?:表\s*\d|附件|附表)|[《》。；、，]")
FORM_START = re.compile(
    r"项目名称|主管部门|部门名称|单位名称|预算单位|部门\(单位\)|实施单位|填报单位|单位\(项目\)名称|"
    r"资金主管部门|单位编码"
)
# Titles FORM_TITLE does not end on: a caption number after the title ("…绩效目标表预算表（预算表11）")
# and the Beijing 年度项目支出绩效表 (no 目标).
TITLE_TAIL = re.compile(r"(?:预算表)?[(（]\s*(?:预算)?表\s*[\d一二三四五六七八九十]+\s*[)）]$")
TITLE_MORE = re.compile(r"(?:项目支出|部门整体支出|专项资金)绩效表$")
# A caption number alone on the line above a title ("表14", "表十", "附表2"): a publication's table
# number. A report's caption ("表 1-3 …", "表3.2") is not a form.
LONE_CAPTION = re.compile(r"^\s*(?:附)?表\s*[\d一二三四五六七八九十]+\s*$")
BODY_WORDS = re.compile(r"三级指标|指标名称|指标内容|绩效指标.*指标值")
# A heading of the publication's own text: where a form's table has certainly ended.
HEADING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|"
    r"\d+\s*[.、．]\s*[\p{Han}]|附件\s*\d*\s*$|名词解释)"
)


MAX_PROSE_IN_FORM = 40  # lines of text between two rows of one form, at most


@dataclass
class Segment:
    """The lines of one form, from its title to the end of its table."""

    title: str
    lines: list[Line]
    sheet: str | None = None


def title_of(text: str) -> str | None:
    """The form title a line carries, if it is one (short, not a caption or a sentence)."""
    first = next((c.strip() for c in re.split(r"\t|\|", text) if c.strip()), "")
    for candidate in (first, *first.split(" ")[:3]):
        if candidate and len(candidate) <= 60 and not NOT_TITLE.search(candidate):
            key = TITLE_TAIL.sub("", canon(candidate))
            if FORM_TITLE.search(key) or TITLE_MORE.search(key):
                return candidate
    return None


def find_forms(doc: Document) -> list[Segment]:
    """Every form in a document, in order; empty when the document holds none.

    A form starts at its title and names its project or unit within a few
    lines; a table captioned inside a report (表 1-3 …绩效目标表) is not a form.
    A form ends with its table (the publication's text after it is not the
    form's), and a form whose title is printed again on its next page is one form.
    """
    starts = [
        i for i, ln in enumerate(doc.lines) if title_of(ln.text) and _opens_form(doc.lines, i)
    ]
    segments = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(doc.lines)
        lines = doc.lines[start:end]
        joined = canon("".join(ln.text for ln in lines))
        if not BODY_WORDS.search(joined):
            continue
        page = lines[0].page
        sheet = doc.sheets[page - 1] if doc.sheets and page else None
        segments.append(Segment(title_of(lines[0].text) or "", _trim(lines), sheet))
    return _join_continued(segments)


def _opens_form(lines: list[Line], i: int) -> bool:
    """A title opens a form when the form's identity words follow within a few lines."""
    before = next(
        (ln.text.strip() for ln in reversed(lines[max(0, i - 3) : i]) if ln.text.strip()), ""
    )
    if re.match(r"^\s*表\s*\d", before) and not LONE_CAPTION.match(before.replace("\t", "")):
        return False
    after = "".join(ln.text for ln in lines[i : i + 9])
    return bool(FORM_START.search(canon(after)))


def _is_row(line: Line) -> bool:
    """A table row as read (grid cells joined by tabs, or a text copy's cells joined by "|")."""
    return "\t" in line.text or line.text.count("|") >= 2


def _trim(lines: list[Line]) -> list[Line]:
    """The form without the publication's text after its table.

    Only for forms read as rows (PDF, Word, sheets, pipe copies). The table
    ends at a heading of the publication's text ("第四部分", "（三）…", "2.有关情况
    说明") that comes on a later page than the last row, or that no row follows;
    lines after the last row stay when on its page (notes, signatures, a merged
    cell's text that fell out of the table). A form copied as plain lines keeps
    all its lines.
    """
    rows = [i for i, ln in enumerate(lines) if _is_row(ln)]
    if len(rows) < 3:
        return lines
    last = rows[0]
    end = len(lines)
    for i in range(rows[0], len(lines)):
        ln = lines[i]
        if _is_row(ln):
            last = i
            continue
        later = ln.page != lines[last].page
        if HEADING.match(ln.text) and (later or not any(_is_row(x) for x in lines[i + 1 : i + 4])):
            end = i
            break
        if i - last > MAX_PROSE_IN_FORM:
            end = last + 1
            break
    end = min(
        end, next((k for k in range(last + 1, end) if lines[k].page != lines[last].page), end)
    )
    return lines[:end]


def _identity_keys(seg: Segment) -> tuple[str, str]:
    """What a form names itself by, at its start and at its end: the text after 项目名称 /
    单位名称 / 部门名称 on the same row, or the first and the last name a table listing
    projects gives in its first columns."""
    for ln in seg.lines[:12]:
        cells = [canon(c) for c in re.split(r"\t|\|", ln.text) if c.strip()]
        for i, c in enumerate(cells[:-1]):
            if re.fullmatch(r"项目名称|单位名称|部门名称|部门\(单位\)名称|单位\(项目\)名称", c):
                value = cells[i + 1]
                if not re.search(r"名称|金额|总额|编码|目标|指标", value):
                    return value, value
    heads = [i for i, ln in enumerate(seg.lines[:12]) if re.search(r"三级指标|指标名称", ln.text)]
    names = []
    for ln in seg.lines[heads[0] + 1 :] if heads else []:
        cells = [canon(c) for c in ln.text.split("\t")[:3]]
        named = [c for c in cells if re.search(r"[\p{Han}]{4}", c) and c != "合计"]
        if named and "\t" in ln.text:
            names.append(named[0])
    return (names[0], names[-1]) if names else ("", "")


def _join_continued(segments: list[Segment]) -> list[Segment]:
    """A form whose title is printed again at the top of its next page is one form: same
    title, same project or unit named under it, on the next page."""
    out: list[Segment] = []
    for seg in segments:
        prev = out[-1] if out else None
        if (
            prev is not None
            and canon(prev.title) == canon(seg.title)
            and prev.sheet == seg.sheet
            and _identity_keys(prev)[1]
            and _identity_keys(prev)[1] == _identity_keys(seg)[0]
            and _next_page(prev, seg)
        ):
            prev.lines = prev.lines + seg.lines
            continue
        out.append(seg)
    return out


def _next_page(prev: Segment, seg: Segment) -> bool:
    """The second part starts on the page after the first part's last page."""
    a = max((ln.page for ln in prev.lines if ln.page), default=None)
    b = next((ln.page for ln in seg.lines if ln.page), None)
    return a is not None and b is not None and b == a + 1


def preamble(doc: Document, segments: list[Segment]) -> list[Line]:
    """The lines before the first form (a publication's own text)."""
    if not segments:
        return doc.lines
    first = segments[0].lines[0].number
    return [ln for ln in doc.lines if ln.number < first]


def outside(doc: Document, segments: list[Segment]) -> list[Line]:
    """Every line of the document that is in no form: the publication's own text, before,
    between and after its forms."""
    inside = {id(ln) for seg in segments for ln in seg.lines}
    return [ln for ln in doc.lines if id(ln) not in inside]


__all__ = ["Segment", "find_forms", "outside", "preamble", "title_of"]
