"""Scanned PDFs: a clear `extraction` finding without --ocr, the same parser on OCR text with it.

Run as a script to measure OCR accuracy on the corpus PDFs rendered to images:
`python -m tests.test_ocr [PDF...]` prints, per file, the character accuracy
against pdfplumber's text of the original and whether the key facts survive.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest

from extractor import ocr, split
from extractor.load import load
from extractor.model import Document
from jixiao.cli import main as cli_main
from jixiao.pipeline import audit_file

from .conftest import REPORTS
from .make_bad_inputs import SEED_PDF, scanned_pdf

pytestmark = pytest.mark.skipif(not ocr.available(), reason="OCR extra not installed")
KEY_FIELDS = ("total_score", "grade", "year")
FUNDS = ("budget_yuan", "spent_yuan", "execution_rate")


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Page 1 of the 焉耆 report as a 108 dpi image-only PDF (it states the score and budget)."""
    return scanned_pdf(SEED_PDF, tmp_path_factory.mktemp("scan") / "焉耆 扫描件.pdf", scale=1.5)


def test_scan_without_ocr_says_run_with_ocr(scan: Path) -> None:
    result = audit_file(scan)
    assert [f.check for f in result.findings] == ["extraction"]
    assert "no text layer" in result.error and "--ocr" in result.error


@pytest.fixture(scope="module")
def scanned_doc(scan: Path) -> Document:
    """The scan read with OCR, once for the tests below."""
    return load(scan, ocr=True)


def test_scan_with_ocr_reads_score_and_budget(scanned_doc: Document) -> None:
    record = split(scanned_doc)[0].to_dict()
    assert record["pages"] == 1
    assert record["total_score"] == 96
    assert record["funds"]["budget_yuan"] == 100_000
    assert record["funds"]["execution_rate"] == 100
    assert record["evidence"]["total_score"][0]["page"] == 1


def test_ocr_lines_have_pages_and_no_page_number(scanned_doc: Document) -> None:
    texts = [ln.text for ln in scanned_doc.lines if ln.text.strip()]
    assert all(ln.page == 1 for ln in scanned_doc.lines)
    assert "二、评价结论" in texts
    assert not any(t.startswith("第1页") for t in texts), "the printed page number is dropped"


def test_cli_extract_with_ocr(scan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["extract", str(scan)]) == 1
    assert "--ocr" in capsys.readouterr().err
    assert cli_main(["extract", str(scan), "--ocr"]) == 0
    assert '"total_score": 96' in capsys.readouterr().out


def test_table_rows_become_cells() -> None:
    """Boxes on one line far apart are cells; two such lines make a table."""
    boxes = [
        ocr.Box(10, 100, 90, 130, "一级指标"),
        ocr.Box(300, 101, 360, 131, "权重"),
        ocr.Box(500, 99, 560, 129, "得分"),
        ocr.Box(10, 150, 90, 180, "决策"),
        ocr.Box(300, 151, 330, 181, "20"),
        ocr.Box(500, 149, 530, 179, "18"),
        ocr.Box(10, 300, 400, 330, "正文一行，"),
        ocr.Box(405, 300, 600, 330, "接着一段"),
    ]
    items, tables = ocr.page_items(boxes, 3)
    assert [t for _, t, _ in items] == [
        "一级指标\t权重\t得分",
        "决策\t20\t18",
        "正文一行，接着一段",
    ]
    assert len(tables) == 1 and tables[0].rows[1].cells == ["决策", "20", "18"]
    assert tables[0].rows[0].page == 3


def test_ruled_table_cells_with_a_merged_cell() -> None:
    """Rules drawn on a page image give the cells; a merged cell is read once, on its first row."""
    import numpy as np
    from PIL import Image, ImageDraw

    image = Image.new("L", (900, 500), 255)
    draw = ImageDraw.Draw(image)
    for y in (50, 150, 250, 350):
        draw.line([(50, y), (850, y)], fill=0, width=2)
    for x in (50, 300, 850):
        draw.line([(x, 50), (x, 350)], fill=0, width=2)
    draw.line([(550, 150), (550, 350)], fill=0, width=2)  # the top row is one merged cell
    grids = ocr.find_grids(np.asarray(image))
    assert len(grids) == 1 and len(grids[0]) == 8  # 2 cells on the first row, 3 on two more
    boxes = [
        ocr.Box(60, 90, 200, 110, "一级指标"),
        ocr.Box(320, 90, 500, 110, "合并的标题"),
        ocr.Box(60, 190, 200, 210, "决策"),
        ocr.Box(320, 180, 500, 200, "立项依据"),
        ocr.Box(320, 205, 420, 225, "充分性"),
        ocr.Box(600, 190, 640, 210, "5"),
        ocr.Box(60, 420, 300, 440, "表外的正文"),
    ]
    rows, rest = ocr.grid_rows(grids[0], boxes)
    assert [cells for _, cells in rows] == [
        ["一级指标", "合并的标题", ""],
        ["决策", "立项依据充分性", "5"],
    ]
    assert [b.text for b in rest] == ["表外的正文"]


# -- accuracy (a script, not a test) ----------------------------------------


def levenshtein(a: str, b: str) -> int:
    """Edit distance between two strings (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _page_texts(lines: list) -> dict[int, str]:
    pages: dict[int, str] = {}
    for ln in lines:
        pages[ln.page or 0] = pages.get(ln.page or 0, "") + "".join(ln.text.split())
    return pages


def measure(pdf: Path, scale: float = 2.0) -> dict:
    """OCR a PDF rendered to images against pdfplumber's text of the original, page by page."""
    with tempfile.TemporaryDirectory() as tmp:
        import pypdfium2 as pdfium

        n = len(pdfium.PdfDocument(str(pdf)))
        scan = scanned_pdf(pdf, Path(tmp) / "scan.pdf", pages=range(n), scale=scale)
        started = time.perf_counter()
        scanned_doc = load(scan, ocr=True)
        seconds = time.perf_counter() - started
    scanned = split(scanned_doc)[0].to_dict()
    original_doc = load(pdf)
    original = split(original_doc)[0].to_dict()
    ocr_pages = _page_texts(scanned_doc.lines)
    reference = _page_texts(original_doc.lines)
    errors = sum(levenshtein(text, ocr_pages.get(page, "")) for page, text in reference.items())
    chars = sum(len(t) for t in reference.values())
    want, got = Counter("".join(reference.values())), Counter("".join(ocr_pages.values()))
    common = sum((want & got).values())
    facts = {k: (original[k], scanned[k]) for k in KEY_FIELDS}
    facts.update({k: (original["funds"][k], scanned["funds"][k]) for k in FUNDS})
    facts["indicators"] = (len(original["indicators"]), len(scanned["indicators"]))
    scored = [(i["name"], i["score"]) for i in original["indicators"] if i["score"] is not None]
    read = {(i["name"], i["score"]) for i in scanned["indicators"]}
    facts["indicator scores read"] = (len(scored), sum(1 for s in scored if s in read))
    return {
        "file": pdf.name,
        "pages": n,
        "chars": chars,
        "accuracy": 1 - errors / max(1, chars),
        "bag_f1": 2 * common / max(1, sum(want.values()) + sum(got.values())),
        "seconds_per_page": seconds / max(1, n),
        "facts": facts,
    }


if __name__ == "__main__":
    for path in [Path(p) for p in sys.argv[1:]] or sorted(REPORTS.glob("*.pdf")):
        row = measure(path)
        print(
            f"{row['file']}: {row['pages']} pages, {row['chars']} chars, "
            f"character accuracy {row['accuracy']:.2%} (in reading order), "
            f"{row['bag_f1']:.2%} (as a bag of characters), {row['seconds_per_page']:.1f} s/page"
        )
        for key, (want, got) in row["facts"].items():
            print(f"  {key}: original {want!r}, OCR {got!r} {'ok' if want == got else 'DIFFERENT'}")
