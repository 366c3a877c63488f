"""extractor.pdffast must give exactly what pdfplumber gives, only sooner.

Every page of the corpus PDFs (and the first pages of the shared real ones, when
present) is read both ways and compared dict for dict, key order and value
types included; the tokenizer is compared with pdfminer's own on awkward input.
A pdfminer or pdfplumber upgrade that changes what they compute fails here.
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF
from pdfplumber.table import intersections_to_cells
from pdfplumber.utils.text import WordExtractor

from extractor import pdffast

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted((ROOT / "corpus" / "reports").glob("*.pdf")) + sorted(
    (ROOT / "corpus" / "forms" / "pdf").glob("*.pdf")
)
REAL = sorted((ROOT.parent / "shared" / "corpus" / "real").glob("*.pdf"))
REAL_PAGES = 4  # the first pages of each shared PDF: enough fonts and producers, in little time

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _same_objects(fast: dict, slow: dict) -> None:
    assert list(fast) == list(slow)
    for kind in slow:
        assert len(fast[kind]) == len(slow[kind]), kind
        for a, b in zip(fast[kind], slow[kind], strict=True):
            assert list(a) == list(b), kind
            for key in b:
                assert a[key] == b[key], (kind, key, a[key], b[key])
                assert type(a[key]) is type(b[key]), (kind, key)


@pytest.mark.parametrize("path", PDFS + REAL, ids=lambda p: p.name)
def test_page_objects_are_pdfplumbers(path):
    limit = REAL_PAGES if path in REAL else None
    with pdfplumber.open(path) as fast_pdf, pdfplumber.open(path) as slow_pdf:
        pages = list(zip(fast_pdf.pages, slow_pdf.pages, strict=True))[:limit]
        for fast_page, slow_page in pages:
            assert pdffast.prime(fast_page)  # read the fast way, not left to pdfplumber
            _same_objects(fast_page.objects, slow_page.objects)
            for extra in ({}, {"y_tolerance": 7}):
                expected = slow_page.extract_text_lines(return_chars=False, **extra)
                assert pdffast.text_lines(fast_page, fast_page.chars, **extra) == expected
            tables = pdffast.find_tables(fast_page)
            assert [t.cells for t in tables] == [t.cells for t in slow_page.find_tables()]
            for table in tables:
                rows = zip(table.rows, table.extract(), strict=True)
                expected = [(row.bbox, texts) for row, texts in rows]
                assert [(row.bbox, texts) for row, texts in pdffast.table_rows(table)] == expected


def _pdfminer_objects(datas: list[bytes]) -> list:
    streams = []
    for i, data in enumerate(datas, start=1):
        stream = PDFStream({}, data)
        stream.data, stream.objid = data, i
        streams.append(stream)
    parser, out = PDFContentParser(streams), []
    try:
        while True:
            out.append(parser.nextobject()[1])
    except PSEOF:
        return out


def _fast_objects(datas: list[bytes]) -> list:
    out = []
    for k, data in enumerate(datas):
        out += pdffast._objects(data, k == len(datas) - 1)
    return out


AWKWARD = [
    b"1 2 re f -5 +3 - + . -. 1. .5 1.2.3 12Tf 1e5 --5",
    b"/F1 12 Tf /A#41B /A#4 /A#G /A## /",
    rb"(abc) Tj (a(b)c) Tj (a\(b) Tj (\101\1012\7) Tj (\q\n\r\t\\) Tj",
    b"(a\\\nb) Tj (a\\\r\nb) Tj (x\\\ry) Tj",
    b"<00A1> Tj <0 0 A> Tj <> Tj <</Type /X /N 5>> BDC EMC <a> [1 [2 3] (x) <41>] TJ",
    b"true false truex % comment\n q Q 'x \"y ) ",
    b"\x00BT\x00ET (a\\\r\nb) Tj (\\\r) Tj",
]


@pytest.mark.parametrize("data", AWKWARD)
def test_tokenizer_is_pdfminers(data):
    assert repr(_fast_objects([data])) == repr(_pdfminer_objects([data]))


def test_tokenizer_on_random_streams():
    rng = random.Random(6)
    alphabet = [bytes([c]) for c in b"  \n\r12.-+/#Af()\\<>[]Tj07aB3%\t\x00"]
    compared = 0
    for _ in range(4000):
        datas = [
            b"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25)))
            for _ in range(rng.randint(1, 3))
        ]
        try:
            fast = _fast_objects(datas)
        except pdffast.Unsupported:
            continue  # read by pdfminer instead
        assert repr(fast) == repr(_pdfminer_objects(datas)), datas
        compared += 1
    assert compared > 300


@pytest.mark.parametrize(
    "data",
    [b"q BI /W 1 /H 1 ID x EI Q", b"{ 1 } ", b"(unterminated", b"<0A", b"[1 2", b"<</A>>", b"<a>>"],
)
def test_what_the_tokenizer_leaves_to_pdfminer(data):
    with pytest.raises(pdffast.Unsupported):
        pdffast._objects(data, True)


def test_intersections_to_cells_is_pdfplumbers():
    rng = random.Random(3)
    for _ in range(300):
        xs = sorted(rng.sample(range(50), rng.randint(2, 8)))
        ys = sorted(rng.sample(range(50), rng.randint(2, 8)))
        h = [
            {"x0": xs[i], "x1": xs[j], "top": y, "bottom": y}
            for y in ys
            for i in range(len(xs))
            for j in range(i + 1, len(xs))
            if rng.random() < 0.3
        ]
        v = [
            {"x0": x, "x1": x, "top": ys[i], "bottom": ys[j]}
            for x in xs
            for i in range(len(ys))
            for j in range(i + 1, len(ys))
            if rng.random() < 0.3
        ]
        points: dict = {}
        for ve in v:
            for he in h:
                if ve["top"] <= he["top"] <= ve["bottom"] and he["x0"] <= ve["x0"] <= he["x1"]:
                    point = points.setdefault((ve["x0"], he["top"]), {"v": [], "h": []})
                    point["v"].append(ve)
                    point["h"].append(he)
        assert pdffast._intersections_to_cells(points) == intersections_to_cells(points)


def test_words_are_pdfplumbers():
    """Upright and rotated runs, blanks, empty texts, ligatures, overlaps, at random."""
    rng = random.Random(7)
    for _ in range(300):
        chars = []
        for _ in range(rng.randint(1, 40)):
            x0, top = rng.uniform(0, 60), rng.choice([0, 1, 2, 5, 9, 10, 20]) + rng.random()
            width, height = rng.uniform(0.5, 6), rng.uniform(5, 12)
            chars.append(
                {
                    "text": rng.choice(["a", "b", "中", " ", "", "\u3000", "ﬁ", "1"]),
                    "x0": x0,
                    "x1": x0 + width,
                    "top": top,
                    "bottom": top + height,
                    "doctop": top + 800,
                    "upright": rng.random() < 0.8,
                }
            )
        for x_tolerance, y_tolerance in ((3, 3), (3, 7), (1, 2)):
            expected = list(
                WordExtractor(x_tolerance=x_tolerance, y_tolerance=y_tolerance).iter_extract_tuples(
                    chars
                )
            )
            got = pdffast._word_tuples(chars, x_tolerance, y_tolerance)
            assert [(list(w.items()), [id(c) for c in cs]) for w, cs in got] == [
                (list(w.items()), [id(c) for c in cs]) for w, cs in expected
            ]
