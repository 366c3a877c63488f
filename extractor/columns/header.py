"""A table's header without ruling lines: the line (or two or three tight lines) whose spans are
column labels, and the column boundaries the rows below it keep."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import regex as re

from ..model import Line
from ..normalize import canon
from .cells import Frag, join_lines

# Words that name a column: a label starts or ends with one. A header needs two such labels, one
# of them strong (words that only a table's header says), or three weak ones.
STRONG_WORDS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标名称",
    "指标内容",
    "权重",
    "分值",
    "得分",
    "得分率",
    "标杆值",
    "业绩值",
    "指标值",
    "完成值",
    "目标值",
    "评分标准",
    "评价标准",
    "评分依据",
    "评分过程",
    "指标解释",
    "指标说明",
    "完成情况",
    "序号",
    "金额",
    "姓名",
    "职责",
    "偏差原因",
    "计量单位",
    "指标性质",
    "预算数",
    "执行数",
    "执行率",
    "完成情况综述",
)
WEAK_WORDS = (
    "指标",
    "项目",
    "内容",
    "单位",
    "名称",
    "角色",
    "备注",
    "说明",
    "预算",
    "资金",
    "年度",
    "原因",
    "性质",
    "等级",
    "数量",
    "比例",
    "占比",
    "科目",
    "类别",
)
_NOT_LABEL = re.compile(r"[，。；：:、！？,;!?]|\d")
MAX_HEADER_LINES = 3


def is_label(text: str) -> bool:
    """Text that can name a column: short, no sentence punctuation, no digits but a weight or
    unit in brackets ("绩效指标（90分）") or the year it opens with ("2020年实际执行数")."""
    key = canon(text)
    bare = _YEAR.sub("", _UNIT_NOTE.sub("", key))
    return 0 < len(key) <= 14 and bool(bare) and not _NOT_LABEL.search(bare)


_UNIT_NOTE = re.compile(r"[(（][^)）]*[)）]")
_YEAR = re.compile(r"^(?:19|20)\d{2}年度?")


def _strength(text: str) -> int:
    """2 for a label only a header says ("权重", "支出金额（万元）"), 1 for a weak one ("项目内容"),
    0 for text that names no column."""
    key = _YEAR.sub("", _UNIT_NOTE.sub("", canon(text)))
    if len(key) > 12:
        return 0
    if any(key.startswith(w) or key.endswith(w) for w in STRONG_WORDS):
        return 2
    if len(key) > 10:  # a long label names a column only by a word only headers say
        return 0
    if any(key.startswith(w) or key.endswith(w) for w in WEAK_WORDS):
        return 1
    return 0


# -- header -----------------------------------------------------------------------------


@dataclass
class Header:
    lines: list[Line]
    labels: list[tuple[float, float, str]]  # (x0, x1, text), left to right

    @property
    def left(self) -> float:
        return self.labels[0][0]

    @property
    def right(self) -> float:
        return self.labels[-1][1]


def header_at(lines: list[Line], i: int, margin: float | None = None) -> Header | None:
    """The best header starting at line i: one line, or up to three tight lines whose spans
    stack into column labels ("一级" over "指标", a wrapped "实际" over "得分"). A header typed
    as a paragraph that reached the right `margin` goes on at the left edge of the next line:
    those labels come after the others ("得分率" under "一级指标", the header's last label),
    the first one ending the last label when it names no column alone ("析" of "未完成原因分析")."""
    best: Header | None = None
    best_known = 0
    band: list[Line] = []
    wrapped: list[tuple[float, float, str]] = []
    for j in range(i, min(i + MAX_HEADER_LINES, len(lines))):
        line = lines[j]
        if not line.spans or line.box is None or line.cells is not None:
            break
        if band:
            prev = band[-1].box
            assert prev is not None
            if line.box[1] - prev[3] > 0.8 * (prev[3] - prev[1]):
                break
            if not wrapped and _wraps_header(band[-1], line, margin):
                wrapped = _after(line.spans, band[-1].box[2])
                if not all(is_label(t) for _, _, t in wrapped):
                    break
                band.append(line)
                labels = _stack([s for ln in band[:-1] for s in (ln.spans or [])])
                if _strength(wrapped[0][2]) == 0:  # the label the wrap cut: "未完成原因" + "析"
                    x0, x1, text = labels[-1]
                    labels[-1] = (x0, x1, text + wrapped[0][2])
                    wrapped = wrapped[1:]
                labels += wrapped
                if best is not None and best.lines == band[:-1]:
                    best = Header(list(band), labels)  # it goes on here, whatever its labels
                else:
                    best, best_known = _better(best, best_known, band, labels)
                break
        band.append(line)
        labels = _stack([s for ln in band for s in (ln.spans or [])])
        if not all(is_label(t) for _, _, t in labels):
            break
        if len(band) > 1 and _weakened([s for ln in band for s in (ln.spans or [])]):
            break
        before = best
        best, best_known = _better(best, best_known, band, labels)
        kept = best is before and best is not None and best.lines == band[:-1]
        if kept and best is not None and _tails(line.spans, best.labels):
            best = Header(list(band), labels)
    return best


def _tails(spans: list[tuple[float, float, str]], labels: list[tuple[float, float, str]]) -> bool:
    """A line of short pieces each under a label: the ends of labels wrapped in their cells
    ("项目资金（万" over "元）", "全年执行数" over "（B）"), part of the header."""
    return all(
        len(canon(t)) <= 4 and any(x0 < b1 and b0 < x1 for b0, b1, _ in labels)
        for x0, x1, t in spans
    )


def _better(
    best: Header | None, best_known: int, band: list[Line], labels: list[tuple[float, float, str]]
) -> tuple[Header | None, int]:
    """The band's labels as the header when they name columns better than the best so far."""
    strengths = [_strength(t) for _, _, t in labels]
    known = sum(1 for x in strengths if x)
    strong = sum(1 for x in strengths if x == 2)
    enough = (known >= 2 and strong >= 1) or known >= 3
    if len(labels) >= 3 and enough and 2 * known >= len(labels) and known > best_known:
        return Header(list(band), labels), known
    return best, best_known


def _wraps_header(above: Line, line: Line, margin: float | None) -> bool:
    """A header line that reached the margin, and the next starts at its left edge."""
    if margin is None or above.box is None or line.box is None:
        return False
    height = above.box[3] - above.box[1]
    return above.box[2] > margin - 1.2 * height and abs(line.box[0] - above.box[0]) <= 0.5 * height


def _after(spans: list[tuple[float, float, str]], right: float) -> list[tuple[float, float, str]]:
    """Labels wrapped onto the next line, placed after the line above's right edge in order:
    they come after its labels, and the columns stay left to right."""
    out = []
    x = right
    for x0, x1, text in spans:
        x += 10.0
        out.append((x, x + (x1 - x0), text))
        x += x1 - x0
    return out


def _weakened(spans: list[tuple[float, float, str]]) -> bool:
    """Lines that stack into a label naming no column, though one of its pieces names one
    ("全年执行数" under "零陵区林业局", a value of the row above): not one header. The pieces of
    a header wrapped over lines name a column together ("一级" over "指标"); two that each name
    one are the labels of two rows of a form ("项目名称" over "项目类别")."""
    groups: list[list] = []
    for x0, x1, text in sorted(spans, key=lambda s: s[0]):
        if groups and x0 < groups[-1][1] - 1:
            groups[-1][1] = max(groups[-1][1], x1)
            groups[-1][2].append(text)
        else:
            groups.append([x0, x1, [text]])
    for _, _, parts in groups:
        if len(parts) > 1 and _strength(join_lines(parts)) < max(_strength(t) for t in parts):
            return True
        whole = [t for t in parts if _strength(t) and len(canon(t)) >= 4]
        if len(whole) > 1:  # "项目名称" over "项目类别": two labels of two rows, not one
            return True
    return False


def _stack(spans: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Spans of a header band as labels: spans that overlap horizontally are one label."""
    labels: list[list] = []
    for x0, x1, text in sorted(spans, key=lambda s: s[0]):
        if labels and x0 < labels[-1][1] - 1:
            labels[-1][1] = max(labels[-1][1], x1)
            labels[-1][2].append(text)
        else:
            labels.append([x0, x1, [text]])
    return [(x0, x1, join_lines(parts)) for x0, x1, parts in labels]


# -- columns ---------------------------------------------------------------------------


def boundaries(labels: list[tuple[float, float, str]], frags: list[Frag]) -> list[float]:
    """Between each two labels, the x where the fewest body fragments cross (widest gap first)."""
    out: list[float] = []
    for (a0, a1, _), (b0, b1, _) in itertools.pairwise(labels):
        lo, hi = (a0 + a1) / 2, (b0 + b1) / 2
        points = sorted(
            {lo, hi, *(f.x0 for f in frags if lo < f.x0 < hi)}
            | {f.x1 for f in frags if lo < f.x1 < hi}
        )
        best = None
        for p, q in itertools.pairwise(points):
            crossing = sum(1 for f in frags if f.x0 < p + 0.5 and f.x1 > q - 0.5)
            key = (crossing, -(q - p))
            if best is None or key < best[0]:
                best = (key, (p + q) / 2)
        out.append(best[1] if best else (a1 + b0) / 2)
    return out


def column_of(frag: Frag, bounds: list[float]) -> int:
    """The column holding most of a fragment's width."""
    edges = [float("-inf"), *bounds, float("inf")]
    best, share = 0, -1.0
    for j in range(len(edges) - 1):
        overlap = min(frag.x1, edges[j + 1]) - max(frag.x0, edges[j])
        if overlap > share:
            best, share = j, overlap
    return best
