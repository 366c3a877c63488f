"""One row of a form whose cells keep their column positions: which part of the form reads it.

A row is a header (indicator, funds or cost block), an identity row, a funds
row, an indicator row, the total row or the end of the table, by its words
and by what the rows above set up. Lines a page break cut out of the table
are set aside first.
"""

from __future__ import annotations

from ..normalize import canon
from .cells import Cell
from .costs import _cost_header, _cost_row
from .funds import _funds_header, _money_row
from .headers import _aligned, _is_subheader, _read_subheader, _set_header
from .identity import _identity
from .indicators import _indicator_row
from .levels import STRAY_LEVEL, _stray_levels
from .lists import stray_line
from .state import _State
from .totals import _total, grade_row
from .words import END, TOTAL, _is_indicator_header


def _read_row(row: list[Cell], st: _State, head: tuple | list[str] | None = ()) -> None:
    """One row of a form; `head` is the merged header when the row is an indicator header
    printed over several rows, None for the other rows of such a header."""
    if head is None:
        return
    if head:
        _set_header(list(head), st)
        return
    if _set_aside(row, st):
        return
    if st.stray:
        _stray_levels(st)
    if st.in_indicators and getattr(row, "grid", False) and st.report.format == "pdf":
        row = _aligned(row, st)
    texts = [c.text for c in row]
    keys = [canon(t) for t in texts]
    nonempty = [i for i, t in enumerate(texts) if t]
    if not nonempty or st.done:
        return
    if _is_indicator_header(keys):
        _set_header(keys, st)
        return
    _identity(texts, keys, st)
    if _closing_row(row, keys[nonempty[0]], st):
        return
    if grade_row(row, keys[nonempty[0]], st.report):
        return
    if st.in_indicators:
        if _is_subheader(keys):
            _read_subheader(row, keys, st)
        else:
            _indicator_row(row, st)
        return
    if _cost_header(row, texts, keys, st) or _cost_row(row, texts, keys, st):
        return
    if _funds_header(texts, keys, st):
        return
    _money_row(row, texts, keys, nonempty, st)


def _set_aside(row: list[Cell], st: _State) -> bool:
    """A line a page break cut out of the indicator table: a merged entity cell's line (to
    lists.stray_line), or a PDF line of level names (kept for levels._stray_levels)."""
    if st.entity and st.in_indicators and not getattr(row, "structured", False):
        stray_line(" ".join(c.text for c in row), st)
        return True
    line_text = " ".join(c.text for c in row)
    if (
        st.in_indicators
        and not getattr(row, "grid", False)
        and st.report.format == "pdf"
        and STRAY_LEVEL.match(line_text)
    ):
        if getattr(row, "source", None) is not None:
            st.stray.append(row.source)
        return True
    return False


def _closing_row(row: list[Cell], first: str, st: _State) -> bool:
    """The end of the indicator table (评价结论…), a list's 合计 row, or the total row."""
    if st.in_indicators and END.match(first):
        st.done = True
        return True
    if st.entity and st.in_indicators and TOTAL.match(first):
        return True  # the 合计 row of a table listing projects
    if (TOTAL.match(first) or first.startswith("总分")) and (
        st.in_indicators or st.report.indicators
    ):
        _total(row, st)
        st.in_indicators = False
        return True
    return False
