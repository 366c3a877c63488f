"""Tables typed as paragraphs and printed to PDF: cells in order after the indent's empty cells,
the rest of a row that wrapped back to the margin joined to it (spans as the Bazhou seed report
typed as paragraphs prints its score table, page 18)."""

from __future__ import annotations

import itertools

from extractor.columns.cells import Frag
from extractor.columns.paragraphs import paragraph_rows, typed_as_paragraphs
from extractor.model import Line

LABELS = [
    (71.0, 111.0, "一级指标"),
    (131.0, 171.0, "二级指标"),
    (202.0, 242.0, "三级指标"),
    (291.0, 311.0, "权重"),
    (321.0, 351.0, "标杆值"),
    (382.0, 412.0, "业绩值"),
    (440.0, 480.0, "实际得分"),
    (490.0, 520.0, "得分率"),
]


def _line(n: int, spans: list[tuple[float, float, str]]) -> Line:
    return Line("\t".join(t for _, _, t in spans), 18, n, spans=spans)


BODY = [
    _line(
        1,
        [
            (71, 139, "C项目产出(40)"),
            (146, 219, "C1 产出数量(10)"),
            (227, 413, "C101 筛选子项目工程量的资金测算总金额"),
            (420, 426, "5"),
            (434, 463, ">=5 亿"),
            (471, 489, "5 亿"),
            (497, 502, "5"),
        ],
    ),
    _line(2, [(71, 96, "100%")]),
    _line(
        3,
        [
            (132, 205, "C3 产出时效(10)"),
            (212, 418, "C301 完成子项目筛选、工程量和资金测算时间"),
            (426, 432, "5"),
            (439, 516, "<=5 月 30 日以前"),
        ],
    ),
    _line(4, [(71, 115, "5 月 30 日"), (123, 129, "5"), (136, 161, "100%")]),
    _line(
        5,
        [
            (204, 430, "C302 完成项目实施方案、图件、数据成果编"),
            (438, 443, "5"),
            (451, 517, "<=8 月30 日以"),
        ],
    ),
    _line(6, [(71, 81, "前"), (89, 132, "8 月 10 日"), (140, 145, "5"), (153, 178, "100%")]),
    _line(7, [(71, 91, "总分"), (293, 309, "100"), (442, 467, "98.93")]),
    _line(8, [(71, 106, "98.93%")]),
]


def test_rows_keep_their_cells_in_order_and_their_wrapped_ends():
    rows = [cells for cells, _ in paragraph_rows(BODY, LABELS)]
    assert rows[0] == [
        "C项目产出(40)",
        "C1 产出数量(10)",
        "C101 筛选子项目工程量的资金测算总金额",
        "5",
        ">=5 亿",
        "5 亿",
        "5",
        "100%",
    ]
    assert rows[1] == [
        "",
        "C3 产出时效(10)",
        "C301 完成子项目筛选、工程量和资金测算时间",
        "5",
        "<=5 月 30 日以前",
        "5 月 30 日",
        "5",
        "100%",
    ]
    # The wrap cut "以前" in two: its first text ends the cut cell.
    assert rows[2][4:] == ["<=8 月30 日以前", "8 月 10 日", "5", "100%"]
    assert rows[2][:2] == ["", ""]


def test_a_short_row_places_its_cells_by_the_nearest_label():
    total = [cells for cells, _ in paragraph_rows(BODY, LABELS)][3]
    assert total == ["总分", "", "", "100", "", "", "98.93", "98.93%"]


def test_rows_start_on_their_first_line():
    assert [first.number for _, first in paragraph_rows(BODY, LABELS)] == [1, 3, 5, 7]


def _frags(body: list[Line]) -> list[Frag]:
    return [Frag(ln, x0, x1, 0.0, 9.0, t) for ln in body for x0, x1, t in ln.spans or []]


def test_paragraph_rows_are_told_from_a_table_with_columns():
    bounds = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(LABELS)]
    assert typed_as_paragraphs(_frags(BODY), bounds)
    aligned = [
        _line(n, [(x0, x1, t) for x0, x1, t in LABELS]) for n in range(1, 4)
    ]  # every cell under its label
    assert not typed_as_paragraphs(_frags(aligned), bounds)
