"""Render the seed reports and a sample of forms in several layouts: the layout matrix.

What: the same document typeset in the ways real copies of it differ, so that a
metamorphic test can check that jixiao takes the same record from every one of them.
Everything starts from the sources the other corpus builders read: the seed reports'
``corpus/tools/src/<name>.src.txt`` (parsed and laid out by ``build_formats.py``) and
six of the forms in ``corpus/forms/src/<name>.json`` (laid out by ``build_forms.py``).

Layouts, written to ``corpus/layouts/<layout>/<name>.<ext>`` (forms to
``corpus/layouts/<layout>/forms/<name>.<ext>``):

``ruled``       not built here: ``corpus/reports/<name>.docx`` and ``.pdf`` (build_formats.py).
``unruled``     the ruled document with every table border removed (fixed column widths kept),
                DOCX and its LibreOffice PDF; forms: PDF only.
``paragraphs``  no Word table at all: each table row is one paragraph whose cells are separated
                by runs of spaces (bazhou; forms 1, 3, 5) or by one tab, with tab stops at the
                column starts (yanqi; forms 2, 4, 6); DOCX and LibreOffice PDF.
``lines``       UTF-8 text, one non-empty table cell per line, prose one paragraph per line.
``pipe``        UTF-8 text, each table row's cells joined by " | ", prose as in ``lines``.
``wrapped``     the ruled document with narrow columns (multi-line cells everywhere) and page
                breaks placed so that score-table rows are cut by the page end, the header row
                repeated on the next page; DOCX and LibreOffice PDF. The build checks the cuts.
``chromium``    an HTML page (bordered ``<table>`` with rowspan/colspan, ``@page`` A4 with a
                running header and page numbers, Noto CJK fonts) printed to PDF by headless
                Chromium; the .html is kept beside the .pdf.

Deterministic: DOCX zips have fixed entry times and core properties; PDF dates, IDs and
checksums are replaced by fixed values of the same length (byte offsets stay valid), so
running the build twice gives identical bytes. After writing, the build checks each PDF
(CJK text layer, no ruling lines in the unruled tables, rows really cut in the wrapped one).

Usage (from the repository root):
    .venv/bin/python corpus/tools/build_layouts.py [LAYOUT ...] [--no-check]
Needs LibreOffice (soffice), Chromium (chromium) and fonts-noto-cjk.
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import logging
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TOOLS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS_DIR))

import build_formats as bf  # noqa: E402  (the seed reports' parser and Word writer)
import build_forms as bfm  # noqa: E402  (the forms' grid model and writers)

ROOT = bf.ROOT
LAYOUTS_DIR = ROOT / "corpus" / "layouts"
LAYOUTS = (
    "unruled",
    "paragraphs",
    "lines",
    "pipe",
    "spaced",
    "wrapped",
    "chromium",
    "a5",
    "tight",
)
# The a5 and tight layouts: the paragraphs DOCX as LibreOffice saves it to HTML (its tabs become
# single spaces), printed by Chromium: on A5 in a serif type, rows wrapping at the margin and
# set apart by the paragraphs' spacing; on A4 in a sans type with no space between paragraphs.
PRINT_CSS = {
    "a5": (
        "@page{size:148mm 210mm;margin:12mm} "
        'body{font-family:"Noto Serif CJK SC",serif;font-size:11pt;line-height:1.6}'
    ),
    "tight": (
        "@page{size:210mm 297mm;margin:20mm} "
        'body{font-family:"Noto Sans CJK SC",sans-serif;font-size:10.5pt;line-height:1.4} '
        "p{margin:0 !important}"
    ),
}
REPORT_NAMES = bf.REPORT_NAMES

# How each report types its tables in the ``paragraphs`` layout.
PARAGRAPH_STYLE = {"bazhou_mine_plan_2022": "spaces", "yanqi_grassland_fund_2022": "tabs"}

# The form sample: (name, what it stands for). Spaces and tabs alternate down the list.
SAMPLE_FORMS = (
    ("chizhou_tangxi_entrusted_2022", "national 项目支出绩效自评表"),
    ("qingshen_salary_2023", "Sichuan 部门预算项目支出绩效自评表"),
    ("haidian_xueyuanlu_cleaning_2016", "Beijing 自评表 with 得分计算方法"),
    ("lingling_forestry_dept_2021", "部门整体支出绩效自评表"),
    ("ezhou_binhu_building_targets_2022", "绩效目标表 with a cost table"),
    ("ningxiang_batang_infra_targets_2021", "绩效目标表 (申报表)"),
)
FORM_LAYOUTS = ("unruled", "paragraphs", "chromium")
FORM_SIZE = 8  # pt, as build_forms' Word tables
FORM_LINE_CM = 29.7 - 2 * 1.5  # text width of build_forms' landscape page

# ``wrapped``: every table narrowed to this share of its width (never below what its longest
# number or code needs), and for each report the score tables whose caption gets a page break
# and a spacer of this height (pt) above it, so that the page ends inside one of its rows.
WRAP_FACTOR = 0.6
WRAP_SPACERS: dict[str, dict[str, float]] = {
    "bazhou_mine_plan_2022": {"表 3-2 项目指标得分表": 430},
    "yanqi_grassland_fund_2022": {
        "表 3—6：项目决策三级指标得分表": 430,
        "表 3—7：项目过程三级指标得分表": 480,
    },
}
# The detailed score tables whose cut rows the build counts (caption, or the heading above).
WRAP_SCORE_TABLES: dict[str, tuple[str, ...]] = {
    "bazhou_mine_plan_2022": ("表 3-2 项目指标得分表", "附件 1 综合评分表"),
    "yanqi_grassland_fund_2022": (
        "表 3—6：项目决策三级指标得分表",
        "表 3—7：项目过程三级指标得分表",
    ),
}
MIN_CUT_ROWS = 2

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


# ------------------------------------------------------------------ source helpers


def load_source(name: str) -> bf.Source:
    """The parsed structured source of a seed report."""
    return bf.parse_source((bf.SRC_DIR / f"{name}.src.txt").read_text(encoding="utf-8"))


def plain(text: str) -> str:
    """Text without the sub/superscript markup ({_x} and {^x} become x)."""
    return bf.INLINE_SCRIPT.sub(r"\2", text)


def cell_text(text: str) -> str:
    """A table cell on one line: its paragraphs (¶) run together, markup removed.

    The paragraphs of a cell are enumerations and sentences of Chinese text, so they are
    joined without a space, as a typist who keeps the cell in one paragraph writes them.
    """
    if text in (bf.MERGE_UP, bf.MERGE_LEFT):
        return ""
    return plain(text.replace(bf.CELL_PARA, "")).strip()


def table_blocks(source: bf.Source) -> list[bf.Block]:
    """The table blocks of a source, in document order."""
    return [block for block in source.blocks if block.kind == "table"]


def toc_line(text: str) -> str:
    """A table-of-contents entry as text: entry, a dotted leader, the printed page."""
    entry, _, page = text.partition("\t")
    return f"{entry} {'.' * 12} {page}"


# -------------------------------------------------------------- text widths


LATIN_EM = {" ": 0.25, ".": 0.33, ",": 0.33, ":": 0.33, ";": 0.33, "(": 0.38, ")": 0.38}
LATIN_EM.update({"%": 0.92, "-": 0.35, "/": 0.4, "*": 0.5, "<": 0.58, ">": 0.58, "=": 0.58})


def text_em(text: str) -> float:
    """Estimated advance of a text in the Noto CJK fonts, in em (measured on the ruled PDFs)."""
    total = 0.0
    for ch in text:
        if ch in LATIN_EM:
            total += LATIN_EM[ch]
        elif ch.isascii():
            total += 0.56 if ch.isdigit() else 0.7 if ch.isupper() else 0.52
        elif unicodedata.east_asian_width(ch) in "WFA":
            total += 1.0
        else:
            total += 0.6
    return total


def em_cm(size_pt: float) -> float:
    """One em of a font size, in centimetres."""
    return size_pt * 2.54 / 72


# ------------------------------------------------------------ typed table rows


MIN_SPACES = 3  # spaces between two typed cells, at least (a space inside a cell is one)
GAP_EM = 1.0  # room a typist leaves after the text of a cell before the next column
NEAR_FIT_CM = 0.3  # a cell at most this much wider than its column is made room for


@dataclass
class TypedCell:
    """One cell of a table row typed as a paragraph: its column, text and weight."""

    col: int
    text: str
    bold: bool = False


def typing_stops(
    widths: Sequence[float],
    rows: Sequence[Sequence[TypedCell]],
    size_pt: float,
    line_cm: float,
) -> list[float]:
    """Where a typist puts each column (cm from the left margin).

    A column is as wide as in the table, or wider when a cell that (nearly) fits it there
    (at most NEAR_FIT_CM wider; longer cells wrap in the table and overflow when typed)
    needs room to leave GAP_EM before the next column. What that adds beyond the line is
    taken from the widest column (whose long cells wrap anyway).
    """
    em = em_cm(size_pt)
    need = [0.0] * len(widths)
    for row in rows:
        for index, cell in enumerate(row):
            following = row[index + 1] if index + 1 < len(row) else None
            if following is not None and following.col != cell.col + 1:
                continue  # a cell spanning columns
            width = text_em(cell.text) * em
            if width <= widths[cell.col] + NEAR_FIT_CM:
                gap = GAP_EM * em if following is not None else 0.0
                need[cell.col] = max(need[cell.col], width + gap)
    wanted = [max(w, n) for w, n in zip(widths, need, strict=True)]
    excess = sum(wanted) - max(line_cm, sum(widths))
    if excess > 0:
        widest = max(range(len(widths)), key=lambda c: (widths[c], -c))
        wanted[widest] = max(wanted[widest] - excess, widths[widest] * 0.7)
    return [round(x, 2) for x in column_starts(wanted)]


def typed_row(
    cells: Sequence[TypedCell], stops: Sequence[float], size_pt: float, style: str
) -> list[tuple[str, TypedCell | None]]:
    """The runs of one row typed as a paragraph: (separator, None) and (text, cell) pairs.

    One separator per cell boundary, so a cell merged from above (typed as an empty cell)
    shows as two separators in a row. ``tabs``: a single tab; the paragraph gets a left tab
    stop at each of its cells' columns (``stops``), so short cells line up and a cell whose
    text runs past the next stop pushes the rest of the row one stop on, as in real typed
    tables. ``spaces``: spaces up to the next cell's column as far as the estimated text
    widths allow, at least MIN_SPACES. A row whose first cell is empty starts with its
    separator; empty cells at the end of a row are not typed.
    """
    cells = list(cells)
    while cells and not cells[-1].text:
        cells.pop()
    em = em_cm(size_pt)
    space = LATIN_EM[" "] * em
    runs: list[tuple[str, TypedCell | None]] = []
    x = 0.0
    for index, cell in enumerate(cells):
        target = stops[cell.col]
        if index or target > 0:
            if style == "tabs":
                runs.append(("\t", None))
                x = max(target, x)
            else:
                count = max(MIN_SPACES, math.ceil((target - x) / space - 1e-6))
                runs.append((" " * count, None))
                x += count * space
        runs.append((cell.text, cell))
        x += text_em(cell.text) * em
    return runs


def column_starts(widths: Sequence[float]) -> list[float]:
    """The left edge of each column, from the table's left edge, in cm."""
    starts, pos = [], 0.0
    for width in widths:
        starts.append(pos)
        pos += width
    return starts


def report_row_cells(block: bf.Block, r: int) -> list[TypedCell]:
    """A report table row as typed cells: a cell merged from above leaves its column empty,
    a cell merged from the left is part of the cell it extends."""
    bold = r < block.header_rows
    return [
        TypedCell(c, cell_text(text), bold)
        for c, text in enumerate(block.rows[r])
        if text != bf.MERGE_LEFT
    ]


# ------------------------------------------------------------------ DOCX edits


def strip_table_borders(document: DocxDocument) -> None:
    """Remove every ruling line of every table (the style's too): borders set to nil."""
    for tbl in document.element.body.iter(qn("w:tbl")):
        tblpr = tbl.tblPr
        for old in tblpr.findall(qn("w:tblBorders")):
            tblpr.remove(old)
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "nil")
            borders.append(edge)
        tblpr.insert_element_before(
            borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
        )
        for tcpr in tbl.iter(qn("w:tcPr")):
            for old in tcpr.findall(qn("w:tcBorders")):
                tcpr.remove(old)


def add_typed_row(
    document: DocxDocument,
    cells: Sequence[TypedCell],
    stops: Sequence[float],
    size_pt: float,
    style: str,
    font: Callable[[Any, float, bool], None] | None = None,
) -> Any:
    """Append one table row typed as a left-aligned paragraph (see typed_row); returns it."""
    par = document.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt = par.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = 1.15
    fmt.space_after = Pt(3)
    if style == "tabs":
        for stop in sorted({stops[cell.col] for cell in cells if cell.col > 0}):
            fmt.tab_stops.add_tab_stop(Cm(stop), WD_TAB_ALIGNMENT.LEFT)
    for text, cell in typed_row(cells, stops, size_pt, style):
        if not text:
            continue
        run = par.add_run(text)
        bold = bool(cell and cell.bold)
        if font is not None:
            font(run, size_pt, bold)
        else:
            run.font.size = Pt(size_pt)
            if bold:
                run.bold = True
    return par


def tables_to_paragraphs(document: DocxDocument, source: bf.Source, style: str) -> None:
    """Replace every Word table by its rows typed as paragraphs, in place."""
    tbls = list(document.element.body.iterchildren(qn("w:tbl")))
    blocks = table_blocks(source)
    if len(tbls) != len(blocks):
        raise RuntimeError(f"{len(tbls)} Word tables for {len(blocks)} table blocks")
    for tbl, block in zip(tbls, blocks, strict=True):
        rows = [report_row_cells(block, r) for r in range(len(block.rows))]
        stops = typing_stops(block.widths, rows, block.size, bf.TEXT_W_CM)
        for cells in rows:
            par = add_typed_row(document, cells, stops, block.size, style)
            tbl.addprevious(par._p)
        tbl.getparent().remove(tbl)


def narrowed(block: bf.Block) -> list[float]:
    """Narrow column widths: WRAP_FACTOR of each, but wide enough for its longest number/code."""
    floors = [0.0] * len(block.widths)
    for row in block.rows:
        for c, text in enumerate(row):
            spans = c + 1 < len(row) and row[c + 1] == bf.MERGE_LEFT
            if text in (bf.MERGE_UP, bf.MERGE_LEFT) or spans:
                continue
            tokens = re.findall(r"[!-~]+", plain(text))
            longest = max((text_em(t) for t in tokens), default=0.0)
            floors[c] = max(floors[c], (max(longest, 1.0) + 0.3) * em_cm(block.size) + 0.2)
    return [round(max(w * WRAP_FACTOR, f), 2) for w, f in zip(block.widths, floors, strict=True)]


def wrapped_source(name: str) -> bf.Source:
    """The report's source with every table narrowed."""
    source = copy.deepcopy(load_source(name))
    for block in table_blocks(source):
        block.widths = narrowed(block)
    return source


def add_spacers(document: DocxDocument, spacers: dict[str, float]) -> None:
    """Before each named caption: a page break and an empty paragraph of the given height."""
    found = set()
    for par in list(document.paragraphs):
        height = spacers.get(par.text.strip())
        if height is None:
            continue
        spacer = document.add_paragraph()
        spacer.paragraph_format.page_break_before = True
        spacer.paragraph_format.line_spacing = Pt(height)
        spacer.paragraph_format.first_line_indent = Pt(0)
        par._p.addprevious(spacer._p)
        found.add(par.text.strip())
    missing = set(spacers) - found
    if missing:
        raise RuntimeError(f"wrapped: no caption {sorted(missing)}")


# ----------------------------------------------------------------- converters


def libreoffice_pdfs(docx_paths: Sequence[Path], targets: Sequence[Path]) -> None:
    """Export DOCX files to PDF in one LibreOffice run (their stems must differ)."""
    if len({p.stem for p in docx_paths}) != len(docx_paths):
        raise ValueError("one LibreOffice run cannot convert two files of the same name")
    with tempfile.TemporaryDirectory(prefix="lo_layouts_jixiao_") as tmp:
        out = soffice_convert(docx_paths, "pdf", Path(tmp))
        for docx_path, target in zip(docx_paths, targets, strict=True):
            produced = out / f"{docx_path.stem}.pdf"
            if not produced.exists():
                raise RuntimeError(f"LibreOffice did not convert {docx_path.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(produced, target)


def soffice_convert(paths: Sequence[Path], to: str, tmp: Path) -> Path:
    """Convert files with LibreOffice headless (a throwaway profile under `tmp`); returns the
    folder the converted files are in."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed for these layouts")
    cmd = [
        soffice,
        f"-env:UserInstallation=file://{tmp}/profile",
        "--headless",
        "--convert-to",
        to,
        "--outdir",
        f"{tmp}/out",
        *map(str, paths),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=900)
    return tmp / "out"


def chromium_pdf(html_path: Path, pdf_path: Path) -> None:
    """Print an HTML file to PDF with headless Chromium and a throwaway profile."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise SystemExit("Chromium is needed for the chromium layout")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium_jixiao_") as profile:
        cmd = [
            exe,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf_path}",
            html_path.resolve().as_uri(),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    if not pdf_path.exists():
        raise RuntimeError(f"Chromium did not print {html_path.name}")


def write_text(path: Path, text: str) -> None:
    """UTF-8 text with LF line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


# ------------------------------------------------------------ report layouts


def out_path(layout: str, name: str, ext: str, form: bool = False) -> Path:
    """corpus/layouts/<layout>/[forms/]<name>.<ext>"""
    folder = LAYOUTS_DIR / layout / ("forms" if form else "")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.{ext}"


def report_docx(layout: str, name: str) -> Path:
    """Write the DOCX of a report in the unruled, paragraphs or wrapped layout."""
    if layout == "wrapped":
        doc = bf.build_document(wrapped_source(name))
        add_spacers(doc, WRAP_SPACERS.get(name, {}))
    else:
        source = load_source(name)
        doc = bf.build_document(source)
        if layout == "unruled":
            strip_table_borders(doc)
        else:
            tables_to_paragraphs(doc, source, PARAGRAPH_STYLE[name])
    path = out_path(layout, name, "docx")
    bf.save_docx_deterministic(doc, path)
    return path


def report_text(source: bf.Source, style: str) -> str:
    """The report as text: prose one paragraph per line, blocks apart by a blank line;
    tables as one cell per line (``lines``) or one row per line, cells joined by " | "
    (``pipe``: cells covered by a merge are left out, as in a web page copy)."""
    out: list[str] = []
    previous = ""
    for block in source.blocks:
        if block.kind == "pagebreak":
            continue
        if block.kind == "table":
            for row in block.rows:
                cells = [cell_text(t) for t in row if t not in (bf.MERGE_UP, bf.MERGE_LEFT)]
                if style == "pipe":
                    out.append(" | ".join(cells))
                elif style == "spaced":
                    out.append(" ".join(cells))
                else:
                    out.extend(c for c in cells if c)
        elif block.kind == "toc":
            if out and out[-1] == "" and previous == "toc":
                out.pop()  # the contents lines stay together
            out.append(toc_line(block.text))
        else:
            out.extend(plain(part).strip() for part in block.text.split(bf.CELL_PARA))
        out.append("")
        previous = block.kind
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------- HTML


FONT_SERIF = '"Noto Serif CJK SC", "Noto Serif CJK", serif'
FONT_SANS = '"Noto Sans CJK SC", "Noto Sans CJK", sans-serif'


def css_string(text: str) -> str:
    """A CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def html_inline(text: str) -> str:
    """Escaped text with {_x}/{^x} as <sub>/<sup> and ¶ as a line break."""
    parts = []
    for index, line in enumerate(text.split(bf.CELL_PARA)):
        if index:
            parts.append("<br>")
        pos = 0
        for match in bf.INLINE_SCRIPT.finditer(line):
            parts.append(html.escape(line[pos : match.start()]))
            tag = "sub" if match.group(1) == "_" else "sup"
            parts.append(f"<{tag}>{html.escape(match.group(2))}</{tag}>")
            pos = match.end()
        parts.append(html.escape(line[pos:]))
    return "".join(parts)


def report_css(source: bf.Source) -> str:
    """Print CSS mirroring the Word layout: A4, 2.5 cm margins, header and page number."""
    first = ""
    if source.has_cover:
        first = "@page :first { @top-center { content: none; border: none } @bottom-center { content: none } }\n"
    return f"""@page {{
  size: A4; margin: 2.5cm;
  @top-center {{ content: {css_string(source.header)}; font: 9pt {FONT_SERIF};
    vertical-align: bottom; border-bottom: 0.5pt solid #000; padding-bottom: 2pt; margin-bottom: 0.6cm }}
  @bottom-center {{ content: "第 " counter(page) " 页"; font: 9pt {FONT_SERIF};
    vertical-align: top; margin-top: 0.6cm }}
}}
{first}html {{ -webkit-print-color-adjust: exact }}
body {{ margin: 0; font: 12pt/1.5 {FONT_SERIF}; color: #000 }}
p, h1, h2, h3, h4 {{ margin: 0 }}
p.body {{ text-indent: 2em; text-align: justify }}
h1 {{ font: bold 16pt/1.5 {FONT_SANS}; margin: 12pt 0 6pt; break-after: avoid }}
h2 {{ font: bold 14pt/1.5 {FONT_SANS}; margin: 6pt 0 6pt; break-after: avoid }}
h3 {{ font: bold 12pt/1.5 {FONT_SERIF}; margin-top: 6pt; text-indent: 2em; break-after: avoid }}
h4 {{ font: bold 12pt/1.5 {FONT_SERIF}; margin-top: 3pt; text-indent: 2em; break-after: avoid }}
.title {{ text-align: center; font-size: 16pt; font-weight: bold; margin: 6pt 0 12pt }}
.caption {{ text-align: center; font-size: 10.5pt; font-weight: bold; margin: 6pt 0 3pt; break-after: avoid }}
.center, .formula {{ text-align: center }}
.formula {{ margin: 3pt 0 }}
.right {{ text-align: right }}
.toc {{ display: flex; line-height: 20pt }}
.toc.sub {{ padding-left: 2em }}
.toc .leader {{ flex: 1; border-bottom: 1.5pt dotted #000; margin: 0 3pt 5pt }}
.cover-title {{ text-align: center; font: bold 22pt/1.5 {FONT_SANS}; margin: 100pt 0 70pt }}
.cover-field {{ font-size: 16pt; line-height: 1.25; margin: 0 0 8pt calc(1.5cm + 5em); text-indent: -5em }}
.cover-date {{ text-align: center; font-size: 16pt; margin-top: 50pt }}
.pb {{ break-before: page }}
table {{ border-collapse: collapse; table-layout: fixed; margin: 0 auto }}
td {{ border: 0.75pt solid #000; padding: 0.03cm 0.1cm; vertical-align: middle; line-height: 1.25 }}
thead td {{ font-weight: bold }}
td.c {{ text-align: center }} td.l {{ text-align: left }} td.j {{ text-align: justify }}
"""


def html_table(block: bf.Block) -> str:
    """A report table: fixed column widths, rowspan/colspan as merged in the DOCX, header
    rows in <thead> (repeated by Chromium on every page the table runs onto)."""
    regions = bf.merge_regions(block.rows)
    header = min(block.header_rows, len(block.rows))
    align_class = {bf.WD_ALIGN_PARAGRAPH.CENTER: "c", bf.WD_ALIGN_PARAGRAPH.LEFT: "l"}
    trs = []
    for r, row in enumerate(block.rows):
        tds = []
        for c, text in enumerate(row):
            if (r, c) not in regions:
                continue  # covered by a merged cell
            bottom, right = regions[(r, c)]
            span = f' rowspan="{bottom - r + 1}"' if bottom > r else ""
            span += f' colspan="{right - c + 1}"' if right > c else ""
            cls = align_class.get(bf.cell_alignment(text, r < header), "j")
            tds.append(f'<td class="{cls}"{span}>{html_inline(text)}</td>')
        trs.append("<tr>" + "".join(tds) + "</tr>")
    out = [f'<table style="width:{sum(block.widths):.2f}cm;font-size:{block.size:g}pt">']
    out += ["<colgroup>", *(f'<col style="width:{w:.2f}cm">' for w in block.widths), "</colgroup>"]
    if header:
        out += ["<thead>", *trs[:header], "</thead>"]
    out += ["<tbody>", *trs[header:], "</tbody>", "</table>"]
    return "\n".join(out)


def html_block(block: bf.Block, page_break: bool) -> str:
    """One non-table block as HTML: a heading, a contents line or a paragraph whose class
    is the block kind."""
    kind, text = block.kind, block.text
    pb = " pb" if page_break else ""
    if kind in bf.HEADING_KINDS:
        cls = ' class="pb"' if page_break else ""
        return f"<{kind}{cls}>{html_inline(text)}</{kind}>"
    if kind == "toc":
        entry, _, page = text.partition("\t")
        sub = " sub" if entry.startswith(("(", "（")) else ""
        return (
            f'<p class="toc{sub}{pb}"><span>{html_inline(entry)}</span>'
            f'<span class="leader"></span><span>{html.escape(page)}</span></p>'
        )
    return f'<p class="{kind}{pb}">{html_inline(text)}</p>'


def report_html(source: bf.Source, title: str) -> str:
    """The report as one printable HTML page (page breaks as in the DOCX)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>\n{report_css(source)}</style>",
        "</head>",
        "<body>",
    ]
    pending = False
    for block in source.blocks:
        if block.kind == "pagebreak":
            pending = True
        elif block.kind == "table":
            parts.append(html_table(block))
        else:
            parts.append(html_block(block, pending))
            pending = False
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


# --------------------------------------------------------------------- forms


def form_docs() -> dict[str, bfm.FormDoc]:
    """The sample forms laid out as build_forms lays them out (heading, grid, notes)."""
    out = {}
    for name, _ in SAMPLE_FORMS:
        src = json.loads((bfm.SRC_DIR / f"{name}.json").read_text(encoding="utf-8"))
        out[name] = bfm.build_form(src)
    return out


def form_widths(doc: bfm.FormDoc) -> list[float]:
    """Column widths in cm, as build_forms gives the Word table (26.5 cm in all)."""
    widths = bfm.column_widths(doc)
    scale = 26.5 / sum(widths)
    return [w * scale for w in widths]


def form_row_cells(doc: bfm.FormDoc, r: int) -> list[TypedCell]:
    """A form grid row as typed cells; a cell merged from a row above leaves its column empty."""
    out: dict[int, TypedCell] = {}
    for cell in doc.grid.cells:
        if cell.row == r:
            out[cell.col] = TypedCell(cell.col, bfm.flat(cell.text), cell.bold)
        elif cell.row < r < cell.row + cell.rowspan:
            out[cell.col] = TypedCell(cell.col, "")
    return [out[c] for c in sorted(out)]


def noto_run(run: Any, size: float, bold: bool = False) -> None:
    """Noto Serif CJK SC for a run's Latin and CJK text (the widths typed_row estimates)."""
    run.font.size = Pt(size)
    if bold:
        run.bold = True
    bf.set_east_asian_font(run._r, bf.SERIF, bf.SERIF)


def form_paragraphs_docx(doc: bfm.FormDoc, style: str, path: Path) -> None:
    """A form with its grid typed as paragraphs, on the page build_forms uses (A4 landscape).

    The runs are in Noto Serif CJK rather than build_forms' 宋体, which LibreOffice replaces
    by DejaVu for Latin text: the spaces would then no longer line the columns up.
    """
    document = bfm.new_docx()

    def line(text: str, size: float, bold: bool, center: bool) -> None:
        par = document.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        par.paragraph_format.space_after = Pt(2)
        noto_run(par.add_run(text), size, bold)

    for text in doc.heading:
        big = text == doc.title or text.endswith("自评表")
        line(text, 15 if big else 10.5, big, True)
    rows = [form_row_cells(doc, r) for r in range(doc.grid.nrows)]
    stops = typing_stops(form_widths(doc), rows, FORM_SIZE, FORM_LINE_CM)
    for cells in rows:
        add_typed_row(document, cells, stops, FORM_SIZE, style, font=noto_run)
    for text in doc.notes:
        line(text, 8, False, False)
    bfm.save_zip(document.save, path)


def form_unruled_docx(doc: bfm.FormDoc, path: Path) -> None:
    """The form's Word document as build_forms writes it, every table border removed."""
    document = bfm.new_docx()
    bfm.add_form_to_docx(document, doc)
    strip_table_borders(document)
    bfm.save_zip(document.save, path)


def form_html(doc: bfm.FormDoc) -> str:
    """A printable page of the form: A4 landscape, Noto CJK, bordered table with spans."""
    widths = form_widths(doc)
    table = bfm.html_table(doc.grid, attrs=' class="form"')
    cols = "".join(f'<col style="width:{w:.2f}cm">' for w in widths)
    table = table.replace(
        '<table class="form">', f'<table class="form"><colgroup>{cols}</colgroup>', 1
    )
    css = f"""@page {{ size: A4 landscape; margin: 1.2cm 1.5cm;
  @bottom-center {{ content: counter(page) " / " counter(pages); font: 8pt {FONT_SERIF} }} }}
body {{ margin: 0; font: 10.5pt/1.4 {FONT_SERIF}; color: #000 }}
p {{ margin: 0 0 2pt; text-align: center }}
p.title {{ font-size: 15pt; font-weight: bold }}
p.note {{ text-align: left; font-size: 8pt }}
table.form {{ border-collapse: collapse; table-layout: fixed; width: 26.5cm; margin: 4pt auto; font-size: 8pt }}
table.form td {{ border: 0.75pt solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle }}
"""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(doc.title)}</title>",
        f"<style>\n{css}</style>",
        "</head>",
        "<body>",
    ]
    for line in doc.heading:
        big = line == doc.title or line.endswith("自评表")
        cls = ' class="title"' if big else ""
        parts.append(f"<p{cls}>{html.escape(line)}</p>")
    parts.append(table)
    parts += [f'<p class="note">{html.escape(line)}</p>' for line in doc.notes]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


# --------------------------------------------------------------------- build


def build_reports(layouts: Sequence[str]) -> list[Path]:
    """Every report layout asked for; returns the files written."""
    written: list[Path] = []
    for layout in ("unruled", "paragraphs", "wrapped"):
        if layout not in layouts:
            continue
        docx_paths = [report_docx(layout, name) for name in REPORT_NAMES]
        pdfs = [p.with_suffix(".pdf") for p in docx_paths]
        libreoffice_pdfs(docx_paths, pdfs)
        for pdf in pdfs:
            bf.normalise_pdf(pdf)
        written += docx_paths + pdfs
    for layout in ("lines", "pipe", "spaced"):
        if layout in layouts:
            for name in REPORT_NAMES:
                path = out_path(layout, name, "txt")
                write_text(path, report_text(load_source(name), layout))
                written.append(path)
    if "chromium" in layouts:
        for name in REPORT_NAMES:
            source = load_source(name)
            html_path = out_path("chromium", name, "html")
            write_text(html_path, report_html(source, source.header))
            pdf = html_path.with_suffix(".pdf")
            chromium_pdf(html_path, pdf)
            bf.normalise_pdf(pdf)
            written += [html_path, pdf]
    for layout in [x for x in PRINT_CSS if x in layouts]:
        for name in REPORT_NAMES:
            written += print_paragraphs(layout, name)
    return written


def print_paragraphs(layout: str, name: str) -> list[Path]:
    """The paragraphs DOCX saved as HTML and printed in one of `PRINT_CSS`'s styles. The HTML
    is kept beside the PDF for a5 only: tight's differs from it by its style sheet alone."""
    html = docx_html(LAYOUTS_DIR / "paragraphs" / f"{name}.docx", PRINT_CSS[layout])
    pdf = out_path(layout, name, "pdf")
    with tempfile.TemporaryDirectory(prefix="print_jixiao_") as tmp:
        html_path = out_path(layout, name, "html") if layout == "a5" else Path(tmp) / f"{name}.html"
        write_text(html_path, html)
        chromium_pdf(html_path, pdf)
    bf.normalise_pdf(pdf)
    return [html_path, pdf] if layout == "a5" else [pdf]


def docx_html(docx_path: Path, css: str) -> str:
    """A DOCX as LibreOffice saves it to HTML, with a style sheet of our own added."""
    with tempfile.TemporaryDirectory(prefix="lo_html_jixiao_") as tmp:
        out = soffice_convert([docx_path], "html", Path(tmp))
        html = (out / f"{docx_path.stem}.html").read_text(encoding="utf-8")
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def build_forms(layouts: Sequence[str], tmp: Path) -> list[Path]:
    """The sample forms in the unruled, paragraphs and chromium layouts."""
    written: list[Path] = []
    docs = form_docs()
    styles = {name: ("spaces", "tabs")[i % 2] for i, (name, _) in enumerate(SAMPLE_FORMS)}
    if "unruled" in layouts:
        interim = [tmp / f"{name}.docx" for name in docs]
        for doc, path in zip(docs.values(), interim, strict=True):
            form_unruled_docx(doc, path)
        pdfs = [out_path("unruled", name, "pdf", form=True) for name in docs]
        libreoffice_pdfs(interim, pdfs)
        for pdf in pdfs:
            bfm.normalise_pdf(pdf)
        written += pdfs
    if "paragraphs" in layouts:
        docx_paths = []
        for name, doc in docs.items():
            path = out_path("paragraphs", name, "docx", form=True)
            form_paragraphs_docx(doc, styles[name], path)
            docx_paths.append(path)
        pdfs = [p.with_suffix(".pdf") for p in docx_paths]
        libreoffice_pdfs(docx_paths, pdfs)
        for pdf in pdfs:
            bfm.normalise_pdf(pdf)
        written += docx_paths + pdfs
    if "chromium" in layouts:
        for name, doc in docs.items():
            html_path = out_path("chromium", name, "html", form=True)
            write_text(html_path, form_html(doc))
            pdf = html_path.with_suffix(".pdf")
            chromium_pdf(html_path, pdf)
            bfm.normalise_pdf(pdf)
            written += [html_path, pdf]
    return written


# --------------------------------------------------------------------- checks


def squash(text: str) -> str:
    """Text without any white space."""
    return re.sub(r"\s+", "", text)


def pdftotext(path: Path, layout: bool = True) -> str:
    """pdftotext's text of a PDF (pages apart by form feeds)."""
    cmd = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(cmd, check=True, capture_output=True).stdout.decode("utf-8")


def cjk_chars(text: str) -> set[str]:
    """The CJK ideographs in a text."""
    return {ch for ch in text if "\u4e00" <= ch <= "\u9fff"}


def check_text_layer(path: Path, expected: str) -> list[str]:
    """Problems with a PDF's text layer: ideographs of the source missing from pdftotext's
    text, replacement characters or boxes, pdfplumber failing on it."""
    text = pdftotext(path)
    problems = []
    missing = cjk_chars(expected) - cjk_chars(text)
    if missing:
        problems.append(
            f"{len(missing)} ideographs missing from the text layer: {''.join(sorted(missing))[:40]}"
        )
    if "\ufffd" in text or text.count("\u25a1") > expected.count("\u25a1"):
        problems.append("replacement characters or boxes in the text layer")
    problems += check_pdfplumber(path)
    return problems


def check_pdfplumber(path: Path) -> list[str]:
    """Problems opening the PDF with pdfplumber (jixiao's reader) or reading its first page."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            first = pdf.pages[0].extract_text() or ""
            if not cjk_chars(unicodedata.normalize("NFKC", first)):
                return ["pdfplumber finds no ideographs on page 1"]
    except Exception as error:  # any failure to read is the problem reported
        return [f"pdfplumber cannot read it: {error}"]
    return []


def check_unruled(path: Path, header_zone_pt: float) -> list[str]:
    """Problems with an unruled PDF: any line or rectangle below the page header's rule."""
    import pdfplumber

    problems = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            shapes = [*page.lines, *page.rects, *page.curves]
            body = [s for s in shapes if s["top"] > header_zone_pt]
            if body:
                problems.append(f"page {number}: {len(body)} lines/rects in the body")
    return problems


def table_rows_on(page: Any, header: list[str]) -> list[list[str]] | None:
    """The rows of the table on this page whose first row is the given header, or None."""
    for table in page.find_tables():
        rows = table.extract()
        if rows and [squash(c or "") for c in rows[0]] == header:
            return [[squash(c or "") for c in row] for row in rows]
    return None


def cut_rows(path: Path, block: bf.Block, anchor: str) -> list[tuple[int, str]]:
    """Rows of a table split by a page end: (page, the text of the row's split cell).

    The table is looked for from the page holding ``anchor`` (its caption or heading) on; a
    row is cut when a cell's text is the end of the table on one page followed by the first
    row under the repeated header on the next.
    """
    import pdfplumber

    header = [squash(cell_text(t)) for t in block.rows[0]]
    cells = {squash(cell_text(t)) for row in block.rows[1:] for t in row if cell_text(t)}
    out: list[tuple[int, str]] = []
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages
        start = next(
            i for i, p in enumerate(pages) if squash(anchor) in squash(p.extract_text() or "")
        )
        previous = None
        for index in range(start, len(pages)):
            rows = table_rows_on(pages[index], header)
            if rows is None:
                if previous is not None:
                    break
                continue
            if previous is not None and len(rows) > 1:
                for end, begin in zip(previous[-1], rows[1], strict=False):
                    if end and begin and end + begin in cells and end not in cells:
                        out.append((index, end + begin))
                        break
            previous = rows
    return out


def check_all(written: Sequence[Path]) -> list[str]:
    """Run every check on the files just written; returns the problems found."""
    # Chromium's Type 3 fonts have no FontBBox; pdfminer warns about each of them.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    problems: list[str] = []
    sources = {name: load_source(name) for name in REPORT_NAMES}
    expected = {name: report_text(source, "lines") for name, source in sources.items()}
    form_text = {
        name: "".join([*doc.heading, *(c.text for c in doc.grid.cells), *doc.notes])
        for name, doc in form_docs().items()
    }
    for path in written:
        if path.suffix != ".pdf":
            continue
        rel = path.relative_to(LAYOUTS_DIR)
        is_form = path.parent.name == "forms"
        reference = form_text[path.stem] if is_form else expected[path.stem]
        found = check_text_layer(path, reference)
        layout = rel.parts[0]
        if layout == "unruled":
            found += check_unruled(path, 0 if is_form else 75)
        if layout == "wrapped":
            cuts = []
            for anchor in WRAP_SCORE_TABLES[path.stem]:
                block = score_table(sources[path.stem], anchor)
                cuts += cut_rows(path, block, anchor)
            if len(cuts) < MIN_CUT_ROWS:
                found.append(
                    f"only {len(cuts)} score-table rows cut by a page end (adjust WRAP_SPACERS)"
                )
            else:
                print(f"  {rel}: {len(cuts)} rows cut across pages, first on page {cuts[0][0]}")
        problems += [f"{rel}: {problem}" for problem in found]
    return problems


def score_table(source: bf.Source, anchor: str) -> bf.Block:
    """The first table after the block whose text is ``anchor``."""
    seen = False
    for block in source.blocks:
        if block.kind != "table" and block.text.strip() == anchor:
            seen = True
        elif seen and block.kind == "table":
            return block
    raise ValueError(f"no table after {anchor!r}")


# --------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    """Build the layouts named (default: all), then check the PDFs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("layouts", nargs="*", metavar="LAYOUT", help=f"any of {', '.join(LAYOUTS)}")
    parser.add_argument("--no-check", action="store_true", help="skip the checks of the PDFs")
    args = parser.parse_args(argv)
    unknown = set(args.layouts) - set(LAYOUTS)
    if unknown:
        parser.error(f"unknown layouts {sorted(unknown)}; choose from {', '.join(LAYOUTS)}")
    layouts = args.layouts or list(LAYOUTS)
    started = time.monotonic()
    for layout in layouts:  # no leftovers of an earlier sample or name
        shutil.rmtree(LAYOUTS_DIR / layout, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="layouts_jixiao_") as tmpdir:
        tmp = Path(tmpdir)
        written = build_reports(layouts)
        written += build_forms([x for x in layouts if x in FORM_LAYOUTS], tmp)
    for path in written:
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    if not args.no_check:
        problems = check_all(written)
        for problem in problems:
            print(f"CHECK FAILED {problem}", file=sys.stderr)
        if problems:
            return 1
    print(f"done in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
