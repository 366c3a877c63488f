"""Rows of a table without ruling lines cut by the line partition: every line stays in its row."""

from __future__ import annotations

from extractor.columns.cells import Frag, Span
from extractor.columns.rows import _row_holding
from extractor.model import Line


def _frag(top: float) -> Frag:
    return Frag(Line("x", 33, 1), 388.0, 462.0, top, top + 9.0, "x", col=8)


def test_the_last_lines_of_a_tall_row_stay_in_it():
    """A 评分过程 a page break continued fills the page down to the next row: its last lines
    are nearer the next (taller) row's centre than their own row's, yet they are its lines."""
    rows = [Span(100.7, 485.2), Span(490.9, 700.0)]
    assert _row_holding(rows, _frag(437.4)) == 0
    assert _row_holding(rows, _frag(476.2)) == 0
    assert _row_holding(rows, _frag(490.9)) == 1


def test_a_line_between_rows_goes_to_the_nearest():
    rows = [Span(100.0, 200.0), Span(300.0, 400.0)]
    assert _row_holding(rows, _frag(205.0)) == 0
    assert _row_holding(rows, _frag(290.0)) == 1
