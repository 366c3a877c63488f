"""A 项目关键信息表 typed as lines of "label value label value", put back as label/value cells.

Printed without its grid (a Word table saved as text or HTML, a table typed as paragraphs), the
key-information table at the head of a report becomes lines such as "项目名称 某某项目 评价年度
2022 年", its labels and values separated by single spaces, a label sometimes cut at a line's
end ("评" / "价年度"). The labels are a known vocabulary, so the lines are split at them: each
label's value is the text up to the next label. The table is then read like a drawn one
(`keytable`). Only lines right under a caption naming the table are read, so a form's
"项目名称 …" lines are left to the form reader.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import regex as re

from .keytable import KEY_LABELS
from .model import Line, Row, Table
from .normalize import canon
from .units import alternation

# Labels of the table that no field is read from, which end the value before them all the same.
OTHER_LABELS = (
    "评价机构全称（盖章）",
    "评价机构全称",
    "财政局分管科室",
    "联系人及联系方式",
    "资金来源",
    "采用的评价方法与评价标准",
    "绩效评价结果",
    "项目单位",
    "评价机构",
)
_LABEL = re.compile(rf"(?:^|(?<=\s))({alternation([*KEY_LABELS, *OTHER_LABELS])})(?=\s|$)")
_CAPTION = re.compile(r"关键信息表")
MAX_LINES = 16  # the table is the head of a report: a page at most


def read_key_pairs(
    lines: list[Line], i: int, glue: Callable[[Line, Line], str]
) -> tuple[Table | None, int]:
    """The key-information table whose first line ("项目名称 …") is line i, if the line before
    names the table, and the index after the last line read (i + 1 when there is none)."""
    if not canon(lines[i].text).startswith("项目名称") or _caption(lines, i) is None:
        return None, i + 1
    last = i
    for k in range(i, min(len(lines), i + MAX_LINES)):
        if lines[k].cells is not None or not lines[k].text.strip():
            break
        if any(m.group(1) in KEY_LABELS for m in _LABEL.finditer(lines[k].text)):
            last = k
    body = lines[i : last + 1]
    text = body[0].text.strip()
    for above, below in itertools.pairwise(body):
        text += glue(above, below) + below.text.strip()
    rows = [Row([label, value], body[0].page, body[0].number) for label, value in split_pairs(text)]
    if not rows or rows[0].cells[0] != "项目名称":
        return None, i + 1
    for k, ln in enumerate(body):
        ln.cells = [] if k else rows[0].cells
    return Table(rows, caption=_caption(lines, i), source="grid"), last + 1


def split_pairs(text: str) -> list[tuple[str, str]]:
    """(label, value) for each label of the vocabulary in `text`, the value running to the next
    label; labels with no value are left out."""
    marks = list(_LABEL.finditer(text))
    out: list[tuple[str, str]] = []
    for m, after in zip(marks, [*marks[1:], None], strict=True):
        value = text[m.end() : after.start() if after else len(text)].strip()
        if value:
            out.append((m.group(1), value))
    return out


def _caption(lines: list[Line], i: int) -> str | None:
    """The caption naming the table among the two lines before line i (a 评价机构 line may
    stand between)."""
    before = [ln for ln in lines[max(0, i - 3) : i] if ln.text.strip()][-2:]
    return next((ln.text.strip() for ln in before if _CAPTION.search(ln.text)), None)
