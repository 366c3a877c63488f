"""Tables, cells and text lines: pdfplumber's passes over page objects, minus repeated work.

Each function here computes what a pdfplumber call extractor.pdf uses returns,
step for step, only narrower: `find_tables` (page.find_tables(), its cells
found without rescanning every point for every point), `table_rows`
(Table.extract(), testing only the chars inside the table, rows built once),
`cell_text` (utils.extract_text() of a cell's chars) and `text_lines`
(extract_text_lines() of a filtered page, over chars given directly), the
last two on `_word_tuples`, WordExtractor without its generator layers.

They work on page objects however they were built (pdfplumber's or
device.page_objects'), so this module imports nothing of extractor.pdffast.
"""

from __future__ import annotations

import itertools
from typing import Any

from pdfplumber.table import (
    Table,
    TableFinder,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
)
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.geometry import bbox_getter, merge_bboxes, obj_to_bbox
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES, WordMap


def find_tables(page: Any, settings: dict | None = None) -> list[Any]:
    """`page.find_tables(settings)` (pdfplumber's defaults when None), its cells found faster."""
    return _TableFinder(page, TableSettings.resolve(settings)).tables


class _TableFinder(TableFinder):
    """pdfplumber's TableFinder.__init__, step for step, with _intersections_to_cells."""

    def __init__(self, page: Any, settings: Any = None) -> None:
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges,
            self.settings.intersection_x_tolerance,
            self.settings.intersection_y_tolerance,
        )
        self.cells = _intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def _intersections_to_cells(intersections: dict) -> list[tuple]:
    """pdfplumber.table.intersections_to_cells: the same cells in the same order.

    For each point pdfplumber scans every later point for those directly below and
    to the right, and rebuilds the sets of edges through two points at every test:
    here the points are grouped by x and by y once, and each point's edge sets are
    built once.
    """
    points = sorted(intersections.keys())
    if any(x != x or y != y for x, y in points):  # NaN: no grouping by value
        return intersections_to_cells(intersections)
    by_x: dict[float, list[tuple]] = {}
    by_y: dict[float, list[tuple]] = {}
    for pt in points:  # in sorted order: by_x lists run down, by_y lists run right
        by_x.setdefault(pt[0], []).append(pt)
        by_y.setdefault(pt[1], []).append(pt)
    place_x = {pt: i for column in by_x.values() for i, pt in enumerate(column)}
    place_y = {pt: i for row in by_y.values() for i, pt in enumerate(row)}
    sets: dict[tuple, set] = {}

    def edge_set(pt: tuple, orientation: str) -> set:
        key = (pt, orientation)
        found = sets.get(key)
        if found is None:
            found = sets[key] = {obj_to_bbox(e) for e in intersections[pt][orientation]}
        return found

    def edge_connects(p1: tuple, p2: tuple) -> bool:
        if p1[0] == p2[0] and not edge_set(p1, "v").isdisjoint(edge_set(p2, "v")):
            return True
        return p1[1] == p2[1] and not edge_set(p1, "h").isdisjoint(edge_set(p2, "h"))

    cells = []
    for pt in points:
        cell = None
        for below_pt in by_x[pt[0]][place_x[pt] + 1 :]:
            if not edge_connects(pt, below_pt):
                continue
            for right_pt in by_y[pt[1]][place_y[pt] + 1 :]:
                if not edge_connects(pt, right_pt):
                    continue
                bottom_right = (right_pt[0], below_pt[1])
                if (
                    bottom_right in intersections
                    and edge_connects(bottom_right, right_pt)
                    and edge_connects(bottom_right, below_pt)
                ):
                    cell = (pt[0], pt[1], bottom_right[0], bottom_right[1])
                    break
            if cell is not None:
                break
        if cell is not None:
            cells.append(cell)
    return cells


def _top(obj: dict) -> float:
    return obj["top"]


def _x0(obj: dict) -> float:
    return obj["x0"]


def _top_bottom(obj: dict) -> tuple[float, float]:
    return (obj["top"], obj["bottom"])


def _upright(obj: dict) -> Any:
    return obj["upright"]


def _word_tuples(
    chars: list[dict],
    x_tolerance: float = DEFAULT_X_TOLERANCE,
    y_tolerance: float = DEFAULT_Y_TOLERANCE,
) -> list[tuple[dict, list[dict]]]:
    """WordExtractor(x_tolerance=, y_tolerance=).iter_extract_tuples(chars), its other settings
    left at their defaults: the same (word, chars) pairs, without its generator layers.

    Runs of upright chars are clustered into lines by top (y_tolerance) and read left to
    right; other chars into columns by x0 (x_tolerance), read top to bottom. A blank char
    ends a word; so does a char left of the last one's start, more than a tolerance past
    its end, or off its line by more than the other tolerance.
    """
    out: list[tuple[dict, list[dict]]] = []
    for upright, group in itertools.groupby(chars, key=_upright):
        group_chars = list(group)
        if upright:  # lines top to bottom, chars left to right
            char_dir = "ltr"
            lines = cluster_objects(group_chars, _top, y_tolerance)
            sort_key, along, across = _x0, x_tolerance, y_tolerance
            start, end, level = "x0", "x1", "top"
        else:  # rotated: columns left to right, chars top to bottom
            char_dir = "ttb"
            lines = cluster_objects(group_chars, _x0, x_tolerance)
            sort_key, along, across = _top_bottom, y_tolerance, x_tolerance
            start, end, level = "top", "bottom", "x0"
        words: list[list[dict]] = []
        for line in lines:
            current: list[dict] = []
            for char in sorted(line, key=sort_key):
                text = char["text"]
                if text.isspace():
                    if current:
                        words.append(current)
                    current = []
                elif text == "":  # `text in split_at_punctuation`, which is "": a word of its own
                    if current:
                        words.append(current)
                    words.append([char])
                    current = []
                elif current:
                    prev = current[-1]
                    cx = char[start]
                    if (
                        cx < prev[start]
                        or cx > prev[end] + along
                        or abs(char[level] - prev[level]) > across
                    ):
                        words.append(current)
                        current = [char]
                    else:
                        current.append(char)
                else:
                    current.append(char)
            if current:
                words.append(current)
        for word_chars in words:
            x0, top, x1, bottom = merge_bboxes(map(bbox_getter, word_chars))
            first = word_chars[0]
            word = {
                "text": "".join(LIGATURES.get(c["text"], c["text"] or "") for c in word_chars),
                "x0": x0,
                "x1": x1,
                "top": top,
                "doctop": top + (first["doctop"] - first["top"]),
                "bottom": bottom,
                "upright": first["upright"],
                "height": bottom - top,
                "width": x1 - x0,
                "direction": char_dir,
            }
            out.append((word, word_chars))
    return out


def cell_text(chars: list[dict]) -> str:
    """pdfplumber.utils.extract_text(chars) with its defaults (layout=False), step for step:
    words, words clustered into lines by top (y_tolerance 3), lines joined; the TextMap it
    builds for top-to-bottom, left-to-right text gives back the joined string unchanged."""
    words = [word for word, _ in _word_tuples(chars)]
    lines = cluster_objects(words, _top, DEFAULT_Y_TOLERANCE)
    return "\n".join(" ".join(word["text"] for word in line) for line in lines)


def text_lines(
    page: Any, chars: list[dict], y_tolerance: float | None = None, return_chars: bool = False
) -> list[dict]:
    """`page.filter(fn).extract_text_lines(return_chars=…[, y_tolerance=])` where `chars`
    are the chars the filter keeps: pdfplumber's chars_to_textmap and TextMap, with the words
    found by _word_tuples."""
    extra = {} if y_tolerance is None else {"y_tolerance": y_tolerance}
    tuples = _word_tuples(chars, y_tolerance=extra.get("y_tolerance", DEFAULT_Y_TOLERANCE))
    textmap = WordMap(tuples).to_textmap(
        layout_bbox=page.bbox,
        layout_width=page.width,
        layout_height=page.height,
        presorted=True,
        **extra,
    )
    return textmap.extract_text_lines(strip=True, return_chars=return_chars)


def table_rows(table: Any) -> list[tuple[Any, list[str | None]]]:
    """`zip(table.rows, table.extract())` for a pdfplumber Table, the same texts computed faster.

    Table.extract tests every char of the page against every row; a char in a row
    lies in the table's bounding box, so only those are tested, and rows are built once.
    """
    rows = table.rows
    if not rows:
        return []
    tx0, ttop, tx1, tbottom = table.bbox
    chars = []
    for char in table.page.chars:
        v_mid = (char["top"] + char["bottom"]) / 2
        h_mid = (char["x0"] + char["x1"]) / 2
        if h_mid >= tx0 and h_mid < tx1 and v_mid >= ttop and v_mid < tbottom:
            chars.append((h_mid, v_mid, char))
    out = []
    for row in rows:
        x0, top, x1, bottom = row.bbox
        row_chars = [c for c in chars if c[0] >= x0 and c[0] < x1 and c[1] >= top and c[1] < bottom]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            x0, top, x1, bottom = cell
            cell_chars = [
                c[2]
                for c in row_chars
                if c[0] >= x0 and c[0] < x1 and c[1] >= top and c[1] < bottom
            ]
            texts.append(cell_text(cell_chars) if cell_chars else "")
        out.append((row, texts))
    return out
