"""Score and target tables whose cells were run together with single spaces, put back in columns.

A table typed as paragraphs with spaces between its cells, a Word table saved as text, an HTML
page that collapsed its tabs, a PDF printed from it: every row is one line of words ("A101
立项依据充分性 4 充分 充分 4 100%"), and a cell may itself hold spaces ("≥5 亿", "5 月 30 日",
"A 项目决策 (20)"). The separators cannot tell cells apart, so each row is placed by what its
words are, as a table typed one cell per line is (`celllines`): a code opens a level cell of its
level, a weight, score or rate is a number, a target starts with an operator, a unit or the rest
of a date goes on the value before it. A row is kept only when it places without doubt:
consecutive words go into one cell only where one column can take them (a name, a unit, free
text), never by chance. Where several columns hold free text (指标解释, 评价标准, 评分过程), a
space between two characters of Chinese text outside brackets is where one ends: copied text has
spaces inside a cell only beside digits and Latin letters, or in a title's brackets. A line that
is not a whole row (the PDF wrapped it) goes on the row above.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import regex as re

from .celllines import (
    MERGEABLE,
    NEG,
    TEXT_ROLES,
    cell_fit,
    cell_kind,
    roles_of,
)
from .columns.paragraphs import paragraph_pitch
from .model import Line, Row
from .normalize import canon
from .scorewords import L1_CODE, L2_CODE, L3_CODE, WEIGHT_SUFFIX
from .typedrows import TOTAL_LABEL
from .units import UNIT_ALT

# A unit or the rest of a date, which goes on the number before it ("5 亿", "30 日以前").
_UNIT_TOKEN = re.compile(rf"^(?:{UNIT_ALT}|[年月日天])(?:以前|以内|之前|前|内|以上|以下|底)?$")
_BRACKET_WEIGHT = re.compile(r"^[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]$")
_LONE_CODE = re.compile(r"^[A-Z](?:\d|\d{3})?$")
_HAN_START = re.compile(r"^\p{Han}")
_VALUE_WORD = re.compile(r"^(?:[<>=≤≥＜＞]|\d)")
# Where copied text leaves a space inside a cell: beside a digit or a Latin letter, in brackets.
_MIXED_EDGE = re.compile(r"[0-9A-Za-z０-９%％.．/×*+\-]")
_OPENERS = "《〈（(【〔"
_CLOSERS = "》〉）)】〕"
# What placing costs: a column left empty inside a row, a cell made of several words.
SKIP_COST = 1.0
JOIN_COST = 0.5
MAX_NAME_WORDS = 6  # a level name may hold spaces ("巴州天山南麓 - 阿尔金山北麓"), not a paragraph
MIN_PLACED = 0.6  # share of a table's rows that must place for the table to be read this way
# What joins two lines where a space may or may not have stood; each such joint doubles the
# readings tried, up to this many.
EITHER = "\x00"
MAX_READINGS = 8
# Rows with more words than the header has columns prove that cells hold spaces: a table is read
# this way only when at least this many of its lines (and this share of them) do.
MIN_OVERFULL = 2
MIN_OVERFULL_SHARE = 0.25
# Under an indicator tree's header, the share of lines of three words or more that says its rows
# are rows of words.
MIN_WORDY_SHARE = 0.25


@dataclass
class SpacedTable:
    """A table read this way: its rows in columns, and the lines no row could be made of."""

    rows: list[Row]
    unplaced: list[Line]

    @property
    def readable(self) -> bool:
        """Enough of its rows placed to read the table this way (else it is said unread)."""
        return bool(self.rows) and len(self.rows) >= MIN_PLACED * (
            len(self.rows) + len(self.unplaced)
        )


def read_spaced_rows(
    header: list[str], body: list[Line], glue: Callable[[Line, Line], str], *, sure: bool = False
) -> SpacedTable | None:
    """The rows of `body` under `header` in its columns, and the lines that would not place; None
    when they are not such a table (a column of unknown role outside a numbered list, rows that
    may as well be one word a cell, unless the caller is `sure` they are rows of words).
    `glue(above, below)` is what joins two lines of one row: "" where the line broke inside a
    cell's text (Chinese breaks anywhere), else " "; `spacedrows.EITHER` where either may be."""
    roles = roles_of(header)
    if len(roles) < 3 or (any(r is None for r in roles) and "seq" not in roles):
        return None
    coded = sum(1 for ln in body if L3_CODE.match(ln.text.strip().split(" ")[0])) >= 2
    groups = _paragraphs(body)
    apart = groups is not None
    if groups is None:
        if not sure and not _rows_of_words(body, roles):
            return None
        groups = [[ln] for ln in body if ln.text.strip()]
    rows: list[Row] = []
    unplaced: list[Line] = []
    pending: list[Line] = []
    for group in groups:
        if pending and _opens_row(pending, group, glue, roles, coded, apart):
            _settle(pending, glue, roles, coded, rows, unplaced)
            pending = []
        pending.extend(group)
    if pending:
        _settle(pending, glue, roles, coded, rows, unplaced)
    return SpacedTable(rows, unplaced)


def _rows_of_words(body: list[Line], roles: list[str | None]) -> bool:
    """Whether lines without positions are rows of words this reader is for: some hold more
    words than the header has columns (a cell holds spaces), or, under the header of an
    indicator tree (一级 … 三级指标), a quarter hold three words or more (a tree typed one cell
    per line has one word a line, 2% of lines with three in the seed report, and is read as
    such). Other tables of short rows are left to the readers that take each word for a cell."""
    words = [len(ln.text.split()) for ln in body if ln.text.strip()]
    overfull = sum(1 for w in words if w > len(roles))
    if overfull >= max(MIN_OVERFULL, MIN_OVERFULL_SHARE * len(words)):
        return True
    tree = "l3" in roles and bool({"l1", "l2"} & set(roles))
    return tree and sum(1 for w in words if w >= 3) >= MIN_WORDY_SHARE * len(words)


def _opens_row(
    pending: list[Line],
    group: list[Line],
    glue: Callable[[Line, Line], str],
    roles: list[str | None],
    coded: bool,
    apart: bool,
) -> bool:
    """Whether `group` starts a row after the lines `pending`. Where the page sets rows `apart`,
    a group on the same page does. Otherwise (lines without positions, or evenly spaced, or
    over a page break): not where the line above ran to the margin (a cell's text goes on) or
    where the group cannot be a row by itself; yes where it starts with a code or the row above
    is whole."""
    above, below = pending[-1], group[0]
    if apart and above.page == below.page:
        return True
    if glue(above, below) != " ":
        return False  # the line ran to the margin: the row goes on
    if _starts_row(below.text, coded):
        return True
    if _best(_joined(group, glue), roles, coded) is None:
        return False  # not a row on its own: the rest of the row above
    return _best(_joined(pending, glue), roles, coded) is not None


def _paragraphs(body: list[Line]) -> list[list[Line]] | None:
    """The body's lines grouped by row where the page shows it: each row a paragraph, its lines
    closer together than the rows (`paragraph_pitch`). None for lines without positions or
    spaced evenly. A page break starts a group; whether it is a row is left to its words."""
    lines = [ln for ln in body if ln.text.strip()]
    if not lines or any(ln.box is None for ln in lines):
        return None
    within = paragraph_pitch(lines)
    if within is None:
        return None
    groups: list[list[Line]] = [[lines[0]]]
    for above, line in itertools.pairwise(lines):
        gap = line.box[1] - above.box[1]  # type: ignore[index]
        if line.page == above.page and 0 < gap <= within:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _joined(lines: list[Line], glue: Callable[[Line, Line], str]) -> list[str]:
    """The row's text, in each way its lines may join: where `glue` says EITHER (a break between
    a character and a digit, with or without a space before it), both, for the first few."""
    texts = [lines[0].text.strip()]
    for above, below in itertools.pairwise(lines):
        joint = glue(above, below)
        if joint == EITHER:
            options = ["", " "] if len(texts) < MAX_READINGS else [" "]
        else:
            options = [joint]
        texts = [t + o + below.text.strip() for t in texts for o in options]
    return texts


def _best(texts: list[str], roles: list[str | None], coded: bool) -> tuple[str, list[str]] | None:
    """The reading of the row that places best, with its cells."""
    placed = [(p, t) for t in texts if (p := _place(t, roles, coded)) is not None]
    if not placed:
        return None
    (_, cells), text = max(placed, key=lambda pt: pt[0][0])
    return text, cells


def _starts_row(text: str, coded: bool) -> bool:
    """A line that opens a row of its own: in a coded table, one that starts with a code."""
    words = text.split()
    return coded and bool(words) and _is_code(words[0])


def _settle(
    lines: list[Line],
    glue: Callable[[Line, Line], str],
    roles: list[str | None],
    coded: bool,
    rows: list[Row],
    unplaced: list[Line],
) -> None:
    best = _best(_joined(lines, glue), roles, coded)
    if best is None:
        unplaced.extend(lines)
        return
    whole, cells = best
    rows.append(Row(cells, lines[0].page, lines[0].number, printed=whole))
    for k, ln in enumerate(lines):
        ln.cells = cells if k == 0 else []


def words_of(text: str) -> list[str]:
    """A row's words, with the pieces that cannot stand alone put back on the word before them:
    a unit or the rest of a date on its number, a bracketed weight on its name, a name on its
    code ("A101 立项依据充分性")."""
    out: list[str] = []
    for token in text.split():
        if out:
            before = out[-1]
            if (
                (_UNIT_TOKEN.match(token) and before[-1].isdigit())
                or (token[0].isdigit() and before[-1] in "年月")
                or (_BRACKET_WEIGHT.match(token) and not before[-1].isdigit())
                or (_LONE_CODE.match(before) and _HAN_START.match(token))
            ):
                out[-1] = f"{before} {token}"
                continue
        out.append(token)
    return out


def _place(text: str, roles: list[str | None], coded: bool) -> tuple[float, list[str]] | None:
    """The row's cells on the columns, or None when its words do not place without doubt or
    leave the last column empty (a row cut short: the line wrapped, or a stray line)."""
    words = words_of(text)
    n, m = len(roles), len(words)
    if m > min(4 * n, _capacity(roles)):
        return None
    joints = _cell_joints(words) if sum(1 for r in roles if r in TEXT_ROLES) > 1 else None
    path = _best_path(_run_fits(words, roles, coded, joints), roles, m, joints)
    if path is None:
        return None
    score, runs = path
    total = bool(TOTAL_LABEL.match(canon(words[0])))
    if max(runs) != n - 1 and not total:
        return None  # a 合计 row may leave its last cells empty; any other row is cut short
    cells = [""] * n
    for j, (a, i) in runs.items():
        cells[j] = " ".join(words[a:i])
    levels = [c for c, r in zip(cells, roles, strict=True) if r in {"l1", "l2", "l3"}]
    if len(levels) >= 2 and not total and not any(levels):
        return None  # a row of an indicator tree names its indicator; this is a row's rest
    return score, cells


def _best_path(
    fits: dict[tuple[int, int, int], float],
    roles: list[str | None],
    m: int,
    joints: list[str] | None = None,
) -> tuple[float, dict[int, tuple[int, int]]] | None:
    """The best way to put m words in the columns, in order, each run of words in one column
    (`fits`), columns left empty at a cost (at the start only those a merged cell may leave):
    the score and each filled column's run (start, end). Where several columns hold text, one
    cell of text follows another only where a cell ends (`_cell_joints`), not beside a number
    in a sentence. Dynamic programming over (words placed, column of the last run)."""
    n = len(roles)
    best = [[NEG] * n for _ in range(m + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for j in range(n):
        if not all(r in MERGEABLE for r in roles[:j]):
            break
        for i in range(1, m + 1):
            f = fits.get((0, i, j), NEG)
            if f > best[i][j]:
                best[i][j], back[(i, j)] = f, (0, -1)
    for a in range(1, m):
        for p in range(n):
            if best[a][p] <= NEG:
                continue
            for j in range(p + 1, n):
                if joints and joints[a - 1] != "cell" and {roles[p], roles[j]} <= TEXT_ROLES:
                    continue
                for i in range(a + 1, m + 1):
                    f = fits.get((a, i, j), NEG)
                    score = best[a][p] - SKIP_COST * (j - p - 1) + f
                    if f > NEG and score > best[i][j]:
                        best[i][j], back[(i, j)] = score, (a, p)
    ends = [(best[m][j] - SKIP_COST * (n - 1 - j), j) for j in range(n) if best[m][j] > NEG]
    if not ends:
        return None
    score, j = max(ends)
    runs: dict[int, tuple[int, int]] = {}
    i = m
    while j >= 0:
        a, p = back[(i, j)]
        runs[j] = (a, i)
        i, j = a, p
    return score, runs


def _run_fits(
    words: list[str], roles: list[str | None], coded: bool, joints: list[str] | None = None
) -> dict[tuple[int, int, int], float]:
    """The fit of each run of words words[a:i] in each column j it may fill: one word for a value
    column, a few for a name, any number for the one column of free text, each word after the
    first at a cost. Where several columns hold free text (`joints` given), a run of text is
    one cell only between two cell joints with none inside it, whatever its number of words."""
    out: dict[tuple[int, int, int], float] = {}
    m = len(words)
    free = sum(1 for r in roles if r in TEXT_ROLES) == 1
    tail = roles[-1] in TEXT_ROLES  # a last column of free text takes the rest of the row
    for a in range(m):
        wide = free or joints is not None
        ends = range(a + 1, min(m, a + (m if wide else MAX_NAME_WORDS)) + 1)
        if tail and not wide and a + MAX_NAME_WORDS < m:
            ends = [*ends, m]
        for i in ends:
            run = words[a:i]
            kind = cell_kind(" ".join(run))
            for j, role in enumerate(roles):
                joins = len(run) - 1
                if joints is not None and role in TEXT_ROLES:
                    if not _one_text_cell(words, joints, a, i):
                        continue
                    joins = 0  # the words of a sentence say nothing of its cell
                else:
                    last = j == len(roles) - 1 and i == m  # the row's last text runs to its end
                    if len(run) > 1 and not _takes_several(role, run, coded, free or last):
                        continue
                f = cell_fit(role, kind, coded)
                if f > NEG:
                    out[(a, i, j)] = f - JOIN_COST * joins
    return out


def _cell_joints(words: list[str]) -> list[str]:
    """What each space between two words is: "cell" where a cell ends, "value" beside a value
    (a number, a percentage, a target: it may be the next cell or part of a sentence), "text"
    inside a cell. Copied text puts spaces inside a cell beside a digit or a Latin letter
    ("以上三项各占 1/3 权重分", "(国发(2021)23 号)") or inside a title or brackets
    ("《财政部办公厅 自然资源部办公厅…》"); a space between two characters of Chinese text
    outside brackets ends a cell."""
    joints: list[str] = []
    depth = 0
    for before, after in itertools.pairwise(words):
        depth += sum(before.count(c) for c in _OPENERS) - sum(before.count(c) for c in _CLOSERS)
        depth = max(0, depth)
        if _VALUE_WORD.match(before) or _VALUE_WORD.match(after):
            joints.append("value")
        elif _MIXED_EDGE.match(before[-1]) or _MIXED_EDGE.match(after[0]) or depth:
            joints.append("text")
        else:
            joints.append("cell")
    return joints


def _one_text_cell(words: list[str], joints: list[str], a: int, i: int) -> bool:
    """Whether words[a:i] may be one cell of text: it starts and ends where a cell may (or at
    the row's ends), holds no space that ends a cell, and does not start with a value (a
    number or a target inside a sentence, "达标率 <90%，每下降 5%，扣除…", is not where the
    next cell of text starts)."""
    starts = a == 0 or joints[a - 1] != "text"
    ends = i == len(joints) + 1 or joints[i - 1] != "text"
    return starts and ends and not _VALUE_WORD.match(words[a]) and "cell" not in joints[a : i - 1]


def _capacity(roles: list[str | None]) -> int:
    """The most words a row can have under these columns: a few for each name, one for each
    value, any number where a column holds free text."""
    if any(r in TEXT_ROLES for r in roles):
        return 10**6
    return sum(MAX_NAME_WORDS if r in {"l1", "l2", "l3"} else 1 for r in roles)


def _takes_several(role: str | None, run: list[str], coded: bool, free: bool) -> bool:
    """Whether one cell of this column may hold these words: the one column of free text may
    (or the last, where it ends the row: nothing after it to confuse it with); a name may, up
    to a few words (in a coded table only after its code, never a second code); a value may not
    (its unit is already joined to it)."""
    if role in TEXT_ROLES:
        return free
    if role not in {"l1", "l2", "l3"}:
        return False
    if len(run) > MAX_NAME_WORDS or any(WEIGHT_SUFFIX.search(w) for w in run[:-1]):
        return False
    if any(_VALUE_WORD.match(w) for w in run[1:]):
        return False  # a number or a target after a name is the next cell
    return not coded or not any(_is_code(w) for w in run[1:])


def _is_code(word: str) -> bool:
    """A word that opens a level cell: A101, A1, a lone A, or "A 项目决策"."""
    first = word.split(" ")[0]
    return bool(
        L3_CODE.match(first)
        or L2_CODE.match(first)
        or _LONE_CODE.match(first)
        or L1_CODE.match(word)
    )
