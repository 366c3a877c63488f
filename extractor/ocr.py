"""Read PDF pages that have no text layer (scans) with an offline OCR engine.

Pages are rendered with pypdfium2 (a pdfplumber dependency) and read with
RapidOCR (`rapidocr-onnxruntime`, the `ocr` extra), whose detection and
recognition models ship inside the wheel: nothing is downloaded at run time.
Each page comes back in the shape `extractor.pdf` builds from a text layer:
(top, text, cells) items in reading order, and the page's tables, so the same
line cleaning, header dropping and parsers run on OCR output.

Ruled tables are found in the image (long horizontal and vertical strokes,
with OpenCV, a RapidOCR dependency) and the text boxes inside fill their
cells, merged cells included. Outside them, boxes are grouped into printed
lines by their vertical position; boxes on one line separated by a wide gap
are cells of a table row, and a run of such rows becomes a table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from statistics import median
from typing import Any

from .errors import ExtractionError
from .model import Row, Table
from .normalize import clean_line

Item = tuple[float, str, list[str] | None]

RENDER_SCALE = 2.0  # 144 dpi: CJK body text comes out about 30 px high, what the models expect
MIN_CONFIDENCE = 0.5
CELL_GAP = 1.5  # a horizontal gap wider than this many line heights separates two cells


@dataclass(frozen=True)
class Box:
    """One recognised text box: its bounding rectangle (pixels) and text."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return max(1.0, self.y1 - self.y0)

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


def available() -> bool:
    """Whether the OCR engine is installed."""
    import importlib.util

    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


@functools.cache
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise ExtractionError(
            "OCR engine not installed: pip install 'jixiao[ocr]' (rapidocr-onnxruntime)"
        ) from exc
    return RapidOCR()


def read_line(image: Any, x0: float, y0: float, x1: float, y1: float) -> tuple[str, float]:
    """Recognition alone on one region of a PIL image holding a single line: (text, confidence)."""
    import numpy as np

    crop = image.crop((int(x0) - 4, int(y0) - 4, int(x1) + 4, int(y1) + 4))
    result, _elapsed = _engine()(np.asarray(crop), use_det=False, use_cls=False)
    if not result:
        return "", 0.0
    text, confidence = result[0]
    return str(text), float(confidence)


def recognise(image: Any) -> list[Box]:
    """Text boxes in a PIL image.

    The engine sometimes returns an empty reading for a long line read in a
    batch with others; such a line is read again on its own, from its crop.
    """
    import numpy as np

    image = image.convert("RGB")
    result, _elapsed = _engine()(
        np.asarray(image), box_thresh=0.5, unclip_ratio=1.6, text_score=0.0
    )
    boxes = []
    for quad, text, confidence in result or []:
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        box = Box(min(xs), min(ys), max(xs), max(ys), str(text))
        if float(confidence) < MIN_CONFIDENCE:
            text, confidence = read_line(image, box.x0, box.y0, box.x1, box.y1)
            box = Box(box.x0, box.y0, box.x1, box.y1, text)
        if float(confidence) >= MIN_CONFIDENCE and box.text.strip():
            boxes.append(box)
    return boxes


def read_empty_cells(image: Any, grids: list[list[Cell]], boxes: list[Box]) -> list[Box]:
    """Short texts the detector missed inside table cells (a lone "4" in a weight column).

    A cell with no box but with ink on one line's height is read on its own.
    """
    import numpy as np

    gray = np.asarray(image.convert("L"))
    found = []
    for cells in grids:
        for cell in cells:
            if any(cell.holds(b) for b in boxes):
                continue
            inner = gray[cell.y0 + 3 : cell.y1 - 2, cell.x0 + 3 : cell.x1 - 2]
            ys, xs = np.nonzero(inner < 128)
            if len(ys) < 12 or ys.max() - ys.min() > 60:
                continue  # blank, a speck, or more than one line
            x0, y0 = cell.x0 + 3 + int(xs.min()), cell.y0 + 3 + int(ys.min())
            x1, y1 = cell.x0 + 3 + int(xs.max()), cell.y0 + 3 + int(ys.max())
            text, confidence = read_line(image, x0, y0, x1, y1)
            if confidence >= MIN_CONFIDENCE and text.strip():
                found.append(Box(x0, y0, x1, y1, text))
    return found


def group_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into printed lines (top to bottom), each line's boxes left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.middle, b.x0)):
        if lines:
            last = lines[-1]
            middle = median(b.middle for b in last)
            height = min(box.height, median(b.height for b in last))
            if abs(box.middle - middle) < 0.5 * height:
                last.append(box)
                continue
        lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _join(left: str, right: str) -> str:
    """Two pieces of one cell: no space between CJK characters, one between Latin words."""
    if left and right and left[-1].isascii() and right[0].isascii():
        return f"{left} {right}"
    return left + right


def line_cells(line: list[Box]) -> list[str]:
    """A line's text split into cells at wide gaps."""
    height = median(b.height for b in line)
    cells = [line[0].text.strip()]
    for prev, box in pairwise(line):
        if box.x0 - prev.x1 > CELL_GAP * height:
            cells.append(box.text.strip())
        else:
            cells[-1] = _join(cells[-1], box.text.strip())
    return [clean_line(c) for c in cells]


def page_items(
    boxes: list[Box], number: int, grids: list[list[Cell]] | None = None
) -> tuple[list[Item], list[Table]]:
    """A page's (top, text, cells) items and its tables, as `extractor.pdf` reads a text layer.

    Boxes inside a ruled table (`grids`, from find_grids) fill its cells. Outside
    them, two or more consecutive lines split at wide gaps make a table; a lone
    one (a label and its value, "第1页   共5页") stays prose.
    """
    items: list[Item] = []
    tables: list[Table] = []
    rest = list(boxes)
    for cells in grids or []:
        rows, rest = grid_rows(cells, rest)
        if rows:
            tables.append(Table([Row(texts, number, None) for _, texts in rows]))
            items.extend((top, "\t".join(texts), texts) for top, texts in rows)
    lines = [(min(b.y0 for b in line), line_cells(line)) for line in group_lines(rest)]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(lines[j][1]) >= 2:
            j += 1
        if j - i >= 2:
            tables.append(Table([Row(cells, number, None) for _, cells in lines[i:j]]))
            items.extend((top, "\t".join(cells), cells) for top, cells in lines[i:j])
            i = j
            continue
        top, cells = lines[i]
        items.append((top, "  ".join(cells), None))
        i += 1
    items.sort(key=lambda item: item[0])
    return items, tables


# -- ruled tables ------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One cell of a ruled table: the rectangle inside its rules, in pixels."""

    x0: int
    y0: int
    x1: int
    y1: int

    def holds(self, box: Box) -> bool:
        cx, cy = (box.x0 + box.x1) / 2, box.middle
        return self.x0 <= cx <= self.x1 and self.y0 <= cy <= self.y1


def find_grids(gray: Any) -> list[list[Cell]]:
    """The ruled tables of a page image (a 2-D uint8 array): each table's cells.

    Long horizontal and vertical strokes are kept (morphological opening); a
    table is a connected set of rules at least a quarter of the page wide, and
    its cells are the blank regions the rules enclose, merged cells included.
    """
    import cv2
    import numpy as np

    ink = cv2.adaptiveThreshold(
        255 - gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2
    )
    height, width = ink.shape
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, width // 30), 1))
    )
    vertical = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, height // 60)))
    )
    rules = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(rules, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    grids = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < width // 4 or h < 30:
            continue
        count, _labels, stats, _ = cv2.connectedComponentsWithStats(
            255 - rules[y : y + h, x : x + w], connectivity=4
        )
        cells = [
            Cell(int(x + cx), int(y + cy), int(x + cx + cw), int(y + cy + ch))
            for cx, cy, cw, ch, _area in (stats[i] for i in range(1, count))
            if cx > 0 and cy > 0 and cx + cw < w and cy + ch < h and cw >= 8 and ch >= 8
        ]
        if len(cells) >= 2:
            grids.append(cells)
    return grids


def _edges(values: list[int], tolerance: int = 6) -> list[int]:
    """Positions clustered: values within `tolerance` of the previous one are the same edge."""
    edges: list[int] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > tolerance:
            edges.append(v)
    return edges


def _nearest(edges: list[int], value: int) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def grid_rows(
    cells: list[Cell], boxes: list[Box]
) -> tuple[list[tuple[float, list[str]]], list[Box]]:
    """A ruled table's rows as cell texts (a merged cell read once, in its first row and
    column, as pdfplumber does), and the boxes left outside the table."""
    columns = _edges([c.x0 for c in cells])
    starts = _edges([c.y0 for c in cells])
    texts: dict[tuple[int, int], str] = {}
    inside: set[int] = set()
    for cell in cells:
        held = [b for b in boxes if cell.holds(b)]
        inside.update(id(b) for b in held)
        # Lines wrapped inside a cell join without a space, as the PDF reader joins them.
        text = "".join("".join(b.text.strip() for b in line) for line in group_lines(held))
        texts[(_nearest(starts, cell.y0), _nearest(columns, cell.x0))] = clean_line(text)
    rows = []
    for r, top in enumerate(starts):
        row = [texts.get((r, c), "") for c in range(len(columns))]
        if any(row):
            rows.append((float(top), row))
    return rows, [b for b in boxes if id(b) not in inside]


class PdfPages:
    """Renders the pages of one PDF (opened once, with its password) for OCR."""

    def __init__(self, path: Path, password: str | None = None) -> None:
        import pypdfium2 as pdfium

        try:
            self._pdf = pdfium.PdfDocument(str(path), password=password or None)
        except pdfium.PdfiumError as exc:
            raise ExtractionError(f"PDF pages cannot be rendered for OCR ({exc})") from exc

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pdf.close()

    def read(self, index: int, scale: float = RENDER_SCALE) -> tuple[list[Item], list[Table]]:
        """OCR page `index` (0-based): its items and tables, numbered as page index + 1."""
        import numpy as np

        page = self._pdf[index]
        try:
            image = page.render(scale=scale).to_pil()
        finally:
            page.close()
        grids = find_grids(np.asarray(image.convert("L")))
        boxes = recognise(image)
        boxes += read_empty_cells(image, grids, boxes)
        return page_items(boxes, index + 1, grids)
