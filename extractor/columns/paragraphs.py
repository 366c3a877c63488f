"""Tables typed as paragraphs and then printed: each row a paragraph whose cells are separated by
tabs, wrapping back to the left margin when it is longer than the line.

In such a PDF the cells do not sit under their column labels: a tab only moves the text to the
next tab stop, so a long name pushes the cells after it to the right, and the rest of a long row
starts again at the margin ("100%" alone on the next line). What does hold is the order of the
cells in the row, and the indent of its first cell: the empty merged cells at its start are tabs
too, and they reach the stops the header's own labels were typed at. So a row is its spans in
order after as many empty cells as its indent says, with the lines it wrapped onto; a row shorter
than the header (a 总分 row with empty cells in it) places its cells by the nearest label.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import regex as re

from ..model import Line
from ..normalize import canon
from .cells import Frag

# A table is typed as paragraphs when this share of its texts crosses a column boundary.
_CROSSING = 0.2
# How far (pt) a row's first text may sit from the label it is indented to.
_INDENT = 9.0


@dataclass
class _Row:
    cells: list[str]
    first: Line
    xs: list[float | None]  # each cell's left edge on its first line; None for a wrapped cell
    ends: dict[int, float] = field(default_factory=dict)  # right edges of a line's cells


def typed_as_paragraphs(frags: list[Frag], bounds: list[float]) -> bool:
    """Whether a table's cells were typed as paragraphs: many of its texts cross the column
    boundaries its rows leave (the x where the fewest texts cross). A table with columns,
    drawn or not, keeps each cell inside its column: under 6% cross in the tables measured,
    against 27-47% for the same tables typed as paragraphs."""
    texts = [f for f in frags if len(canon(f.text)) >= 2]
    if len(texts) < 8:
        return False
    crossing = sum(1 for f in texts if any(f.x0 < b - 2 and f.x1 > b + 2 for b in bounds))
    return crossing >= _CROSSING * len(texts)


def paragraph_rows(
    body: list[Line], labels: list[tuple[float, float, str]], margin: float | None = None
) -> list[tuple[list[str], Line]]:
    """The rows of a table typed as paragraphs, as cell texts in the labels' columns, each with
    the line it starts on.

    Where the lines carry their boxes and the paragraphs are spaced apart (a row's lines closer
    than the rows), a row is a paragraph: its lines follow at the tighter pitch, and a line
    continues the cell the line above ends with when that line reached the right `margin` (the
    text wrapped inside the cell), else its first text starts the next cell (a tab or the
    spaces before it wrapped). Without them, a line continues a row that is short of cells."""
    ncols = len(labels)
    rows: list[_Row] = []
    within = paragraph_pitch(body)
    prev: Line | None = None
    for line in body:
        spans = line.spans or []
        if not spans:
            continue
        if (
            rows
            and prev is not None
            and (
                _same_paragraph(prev, line, within, margin, len(rows[-1].cells) < ncols)
                if within is not None
                else _wrapped_cell(rows[-1], prev, line, labels, margin)
            )
        ):
            texts = [t for _, _, t in spans]
            if _wrapped_cell(rows[-1], prev, line, labels, margin):
                rows[-1].cells[-1] += texts[0]  # the last cell's text ran to the margin
                texts = texts[1:]
            rows[-1].cells.extend(texts)
            rows[-1].xs.extend([None] * len(texts))
            prev = line
            continue
        above, prev = prev, line
        if (
            within is None
            and rows
            and _wraps_onto(rows[-1], len(spans), ncols)
            and not _new_row(above, line, labels, margin)
        ):
            _continue(rows[-1], [t for _, _, t in spans], ncols)
            continue
        lead = _indent(spans[0][0], labels)
        rows.append(
            _Row(
                ["" for _ in range(lead)] + [t for _, _, t in spans],
                line,
                [None] * lead + [s[0] for s in spans],
                {lead + k: s[1] for k, s in enumerate(spans)},
            )
        )
    return [(_placed(row, labels), row.first) for row in rows]


def _wrapped_cell(
    row: _Row,
    above: Line,
    below: Line,
    labels: list[tuple[float, float, str]],
    margin: float | None,
) -> bool:
    """Without paragraph spacing: a row whose last cell is text (a value does not wrap) that
    ran to the right margin, and a line that starts at the table's left edge: one cell."""
    cut = bool(row.cells) and not _VALUE.match(canon(row.cells[-1]))
    return cut and wrapped_at_margin(above, below, margin) and _at_left(below, labels)


def _new_row(
    above: Line | None, below: Line, labels: list[tuple[float, float, str]], margin: float | None
) -> bool:
    """A line that starts a row although the row above is short of cells: the line above ended
    well short of the margin and this one starts at a tab stop, not at the left edge
    ("其中：本年一般公共预算拨款 310.21 154.74" / "其他资金")."""
    if above is None or margin is None or above.box is None or below.box is None:
        return False
    return not wrapped_at_margin(above, below, margin) and not _at_left(below, labels)


def paragraph_pitch(body: list[Line]) -> float | None:
    """The largest distance between two lines of one paragraph, when the paragraphs are spaced
    apart: the pitches of the lines fall in two groups, the rows' above their lines' by more
    than a tenth (the widest such step between pitches, sorted, parts them). None when they do
    not, or the lines carry no boxes."""
    pitches = sorted(
        b.box[1] - a.box[1]
        for a, b in itertools.pairwise(body)
        if a.box and b.box and a.page == b.page and b.box[1] > a.box[1]
    )
    if len(pitches) < 3:
        return None
    steps = [(b / a, k) for k, (a, b) in enumerate(itertools.pairwise(pitches)) if a > 0]
    ratio, k = max(steps, default=(1.0, 0))
    if ratio < 1.1 or k + 1 < 2:  # one pitch, or a single line closer than the rest
        return None
    return (pitches[k] + pitches[k + 1]) / 2


def _same_paragraph(
    above: Line, below: Line, within: float, margin: float | None, short: bool
) -> bool:
    """Whether `below` goes on with the paragraph `above` is in: right under it at the tighter
    pitch, or, over a page break, when `above` reached the margin or left its row short of cells
    and `below` starts at the row's left edge."""
    assert above.box is not None and below.box is not None
    if above.page != below.page:
        return wrapped_at_margin(above, below, margin) or short
    return 0 < below.box[1] - above.box[1] <= within


def _at_left(line: Line, labels: list[tuple[float, float, str]]) -> bool:
    """A line that starts at the table's left edge, where a wrapped paragraph goes on; a line
    that starts further in begins a new cell at a tab stop."""
    assert line.box is not None
    return abs(line.box[0] - labels[0][0]) <= 0.5 * (line.box[3] - line.box[1])


def wrapped_at_margin(above: Line, below: Line, margin: float | None) -> bool:
    """Whether the text of `above` wrapped at the right margin onto `below`: the first unit of
    `below` (a character, or a number or Latin word, which do not break) would have run past
    the margin. A line that ends short of that ended its text, or wrapped at a separator."""
    if margin is None or above.box is None or not below.spans:
        return False
    height = above.box[3] - above.box[1]
    first = below.spans[0][2]
    latin = _UNBROKEN.match(first)
    held = _HELD.match(first)  # a character and the closing marks a line may not start with
    if latin:
        width = 0.6 * height * len(latin.group())
    else:
        width = height * (len(held.group()) if held else 1)
    return above.box[2] + width > margin - 0.5


_UNBROKEN = re.compile(r"[A-Za-z0-9.,%]+")
_HELD = re.compile(r".[，。；：、？！）】》」』”’,.;:?!)%]*")
# A cell that is a value ("5", ">=5 亿", "<=69.12 万元", "100%"): it never wraps into the next line,
# so a line after it that reached the margin starts a new cell (spaces before it wrapped).
_VALUE = re.compile(r"^[<>=≤≥]*\d+(?:\.\d+)?(?:%|\p{Han}{1,2})?$")


def _indent(x0: float, labels: list[tuple[float, float, str]]) -> int:
    """How many empty cells a row starts with: the label its first text is indented to."""
    for k, (lx0, _, _) in enumerate(labels[:-1]):
        if abs(x0 - lx0) <= _INDENT:
            return k
    return 0


def _wraps_onto(row: _Row, spans: int, ncols: int) -> bool:
    """A line continues the row above when that row is short of cells and the line's cells fit
    in what is left (its first text may end the row's last cell, cut where the line wrapped)."""
    return len(row.cells) < ncols and len(row.cells) + spans <= ncols + 1


def _continue(row: _Row, texts: list[str], ncols: int) -> None:
    if len(row.cells) + len(texts) > ncols:  # the first text ends the cell the wrap cut
        row.cells[-1] += texts[0]
        texts = texts[1:]
    row.cells.extend(texts)
    row.xs.extend([None] * len(texts))


def _placed(row: _Row, labels: list[tuple[float, float, str]]) -> list[str]:
    """The row's cells in the labels' columns: in order when the row fills them, else each
    printed cell under the nearest label to its right of the cell before, a wrapped cell, or one
    the cell before ran over into its column and pushed right, next to the cell before it."""
    ncols = len(labels)
    if len(row.cells) >= ncols:
        return [*row.cells[: ncols - 1], "".join(row.cells[ncols - 1 :])]
    out = [""] * ncols
    col = -1
    for i, (text, x) in enumerate(zip(row.cells, row.xs, strict=True)):
        latest = ncols - (len(row.cells) - i)  # the last column that leaves room for the rest
        pushed = i - 1 in row.ends and col + 1 < ncols and row.ends[i - 1] > labels[col + 1][0]
        if not text or x is None or pushed:  # a cell the one before ran over: the next column
            col += 1
        else:
            nearest = min(range(col + 1, ncols), key=lambda k: abs(labels[k][0] - x), default=col)
            col = max(col + 1, min(nearest, latest))
        out[min(col, ncols - 1)] = text
    return out
