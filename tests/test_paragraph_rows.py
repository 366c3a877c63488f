"""Tables typed as paragraphs and printed to PDF: cells in order after the indent's empty cells,
the rest of a row that wrapped back to the margin joined to it (spans as the Bazhou seed report
typed as paragraphs prints its score table, page 18)."""

from __future__ import annotations

import itertools

from extractor.columns import read_column_tables, right_margin
from extractor.columns.cells import Frag
from extractor.columns.header import header_at
from extractor.columns.paragraphs import (
    paragraph_pitch,
    paragraph_rows,
    typed_as_paragraphs,
    wrapped_at_margin,
)
from extractor.model import Document, Line

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


# -- rows that wrap at the right margin, in a PDF that gives each line's box ----------------------

Y_LABELS = [
    (71.0, 113.0, "一级指标"),
    (123.0, 165.0, "二级指标"),
    (190.0, 232.0, "三级指标"),
    (253.0, 274.0, "权重"),
    (284.0, 326.0, "指标解释"),
    (410.0, 442.0, "标杆值"),
    (463.0, 505.0, "评分标准"),
]
MARGIN = 524.0


def _boxed(n: int, top: float, spans: list[tuple[float, float, str]], page: int = 11) -> Line:
    box = (spans[0][0], top, spans[-1][1], top + 10.5)
    return Line("\t".join(t for _, _, t in spans), page, n, box=box, spans=spans)


# The Yanqi score table typed with tabs, printed (page 11): each row a paragraph whose lines
# follow 17 pt apart, 21 pt between rows; a long cell wraps back to the left margin.
Y_BODY = [
    _boxed(
        1,
        176.2,
        [
            (71, 137, "决策（20分）"),
            (190, 258, "项目立项（7）"),
            (284, 358, "立项依据充分性"),
            (410, 416, "4"),
            (463, 515, "考察项目立"),
        ],
    ),
    _boxed(2, 193.5, [(71, 512, "项是否符合法律法规，用以反映和考核项目立项依据情况。")]),
    _boxed(3, 210.9, [(123, 144, "充分"), (190, 523, "①项目立项是否符合国家法律法规；（2")]),
    _boxed(4, 228.2, [(71, 404, "分）②项目立项是否与部门职责范围相符；（2分）")]),
    _boxed(
        5,
        249.0,
        [(190, 263, "立项程序规范性"), (284, 290, "3"), (410, 515, "考察项目申请、设立过")],
    ),
    _boxed(
        6, 266.0, [(71, 354, "程是否符合相关要求。"), (410, 431, "规范"), (463, 517, "①项目是否")]
    ),
    _boxed(7, 283.0, [(71, 435, "按照规定的程序申请设立；（1分）")]),
]


def test_a_row_wrapped_at_the_margin_goes_on_in_its_cell_and_a_tab_wrap_starts_the_next():
    rows = [cells for cells, _ in paragraph_rows(Y_BODY, Y_LABELS, MARGIN)]
    assert rows == [
        [
            "决策（20分）",
            "项目立项（7）",
            "立项依据充分性",
            "4",
            "考察项目立项是否符合法律法规，用以反映和考核项目立项依据情况。",
            "充分",
            "①项目立项是否符合国家法律法规；（2分）②项目立项是否与部门职责范围相符；（2分）",
        ],
        [
            "",
            "",
            "立项程序规范性",
            "3",
            "考察项目申请、设立过程是否符合相关要求。",
            "规范",
            "①项目是否按照规定的程序申请设立；（1分）",
        ],
    ]


def test_a_number_that_would_not_fit_wrapped_the_line():
    """ "169万元" does not break: a line 14 pt short of the margin wrapped before it."""
    above = Line("预算资金支出", 31, 1, box=(71.0, 304.0, 509.9, 313.0), spans=[])
    number = Line("169万元", 31, 2, box=(71.0, 318.8, 515.1, 327.8), spans=[(71, 515, "169万元")])
    word = Line("项目", 31, 2, box=(71.0, 318.8, 515.1, 327.8), spans=[(71, 515, "项目")])
    assert wrapped_at_margin(above, number, MARGIN)
    assert not wrapped_at_margin(above, word, MARGIN)


def test_a_value_at_the_margin_is_followed_by_a_new_cell():
    """ "5" ends a line at the margin: a value does not wrap, so "100%" on the next line is the
    next cell (the spaces before it wrapped), while a text cut at the margin goes on."""
    labels = [(71.0, 111.0, "三级指标"), (300.0, 320.0, "得分"), (400.0, 430.0, "得分率")]
    body = [
        _boxed(1, 100.0, [(71, 296, "C101 资金测算总金额情况说明"), (497, 502, "5")]),
        _boxed(2, 115.0, [(71, 96, "100%")]),
        _boxed(3, 133.0, [(71, 515, "C102 项目实施方案、图件、数据成果数量情况的说明文字很")]),
        _boxed(4, 148.0, [(71, 90, "长"), (300, 305, "5"), (400, 425, "100%")]),
        _boxed(5, 166.0, [(71, 150, "C103 合计"), (300, 310, "10"), (400, 425, "100%")]),
    ]
    rows = [cells for cells, _ in paragraph_rows(body, labels, MARGIN)]
    assert rows == [
        ["C101 资金测算总金额情况说明", "5", "100%"],
        ["C102 项目实施方案、图件、数据成果数量情况的说明文字很长", "5", "100%"],
        ["C103 合计", "10", "100%"],
    ]


def test_rows_are_parted_where_the_pitch_steps_up():
    """Lines 15 pt apart inside a row, 18 pt between rows, one odd pair 13 pt apart: the rows
    part between 15 and 18."""
    body = [_boxed(k, top, [(71, 90, "x")]) for k, top in enumerate([100, 113, 128, 146, 161, 179])]
    assert paragraph_pitch(body) == 16.5


def test_a_header_typed_as_a_paragraph_goes_on_at_the_left_edge():
    """The 附件1 header of the Bazhou report typed with spaces: "得分率" wrapped under
    "一级指标", yet it is the last column."""
    names = ["一级指标", "二级指标", "三级指标", "权重", "指标解释", "标杆值", "评分依据"]
    names += ["评价标准", "评分过程", "得分"]
    starts = [71, 118, 161, 209, 236, 281, 336, 379, 422, 497]
    spans = [(float(x), x + 9.0 * len(t), t) for x, t in zip(starts, names, strict=True)]
    head = Line(" ".join(names), 30, 1, box=(71.0, 124.9, 515.0, 133.9), spans=spans)
    wrap = Line("得分率", 30, 2, box=(71.0, 139.9, 98.0, 148.9), spans=[(71.0, 98.0, "得分率")])
    header = header_at([head, wrap], 0, MARGIN)
    assert header is not None
    assert [t for _, _, t in header.labels] == [*names, "得分率"]
    assert [x0 for x0, _, _ in header.labels] == sorted(x0 for x0, _, _ in header.labels)
    assert header_at([head, wrap], 0) is not None  # without a margin: stacked, as before
    assert "得分率" not in [t for _, _, t in header_at([head, wrap], 0).labels]


def test_a_table_typed_as_paragraphs_is_read_past_its_wrapped_lines():
    """The column reader keeps a line that runs across the columns when the row above reached
    the margin, and stops at the heading in larger type after the table."""
    head = _boxed(0, 155.8, [(x0, x1, t) for x0, x1, t in Y_LABELS])
    after = Line("三、绩效评价分析", 12, 9, box=(71.0, 650.0, 279.0, 662.0))
    after.spans = [(71.0, 279.0, "三、绩效评价分析")]
    prose = [Line(f"正文第{k}行，说明评价的依据和方法。", 11, 20 + k) for k in range(3)]
    for k, ln in enumerate(prose):
        ln.box = (71.0, 60.0 + 26 * k, 524.0, 72.0 + 26 * k)
        ln.spans = [(71.0, 524.0, ln.text)]
    doc = Document("y.pdf", "pdf", 12, [*prose, head, *Y_BODY, after])
    read_column_tables(doc)
    assert len(doc.tables) == 1
    assert [r.cells[2] for r in doc.tables[0].body] == ["立项依据充分性", "立项程序规范性"]
    assert doc.lines[-1] is after and after.cells is None


def test_a_header_cut_inside_its_last_label_goes_on_in_it():
    """ "未完成原因" reached the margin and "析" went on at the left edge: "析" names no column on
    its own, so it ends the label the wrap cut."""
    names = ["绩效指标", "一级指标", "二级指标", "分值", "得分", "未完成原因分"]
    starts = [43, 116, 201, 388, 711, 749]
    spans = [(float(x), x + 9.6 * len(t), t) for x, t in zip(starts, names, strict=True)]
    head = Line(" ".join(names), 1, 1, box=(43.0, 224.1, 797.0, 232.1), spans=spans)
    wrap = Line("析", 1, 2, box=(43.0, 237.3, 51.0, 245.3), spans=[(43.0, 51.0, "析")])
    found = header_at([head, wrap], 0, 792.0)
    assert found is not None and [t for _, _, t in found.labels][-1] == "未完成原因分析"
    assert len(found.labels) == 6 and len(found.lines) == 2


def test_the_right_margin_is_where_most_lines_near_the_right_end():
    lines = [
        _boxed(k, 100.0 + 20 * k, [(71, 524, "正文一行，两端对齐，排到右边距为止。")])
        for k in range(5)
    ]
    lines.append(_boxed(9, 300.0, [(71, 537, "正文一行，行末标点悬挂在右边距之外。")]))
    lines.append(_boxed(10, 320.0, [(71, 300, "短的一行，没到右边距。")]))
    assert right_margin(lines) == 524.0


def test_a_cell_pushed_past_a_label_by_the_cell_before_goes_in_the_next_column():
    """ "达到目标记满分…" runs over the 得分 column's start, so the "12.5" after it, though nearer
    the next label, is the 得分; the empty 未完成原因分析 after it was not typed."""
    labels = [(43.0, 75.0, "绩效指标"), (612.0, 660.0, "得分计算方法"), (711.0, 727.0, "得分")]
    labels.append((749.0, 797.0, "未完成原因分析"))
    line = _boxed(
        1,
        342.0,
        [(284, 364, "外包服务按合同期履约"), (617, 753, "达到目标记满分"), (759, 774, "12.5")],
    )
    rows = [cells for cells, _ in paragraph_rows([line], labels, 792.0)]
    assert rows == [["外包服务按合同期履约", "达到目标记满分", "12.5", ""]]
