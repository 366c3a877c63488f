"""Build the Word (.docx) and PDF versions of the seed reports in corpus/reports/.

The seed reports exist only as text taken from their published PDFs. Real
reports reach an auditor as office documents with bordered tables, or as PDFs
exported from such documents, and the extractor has to read those formats too.
This script rebuilds each report the way it was really made:

1. It reads a hand-cleaned structured source, ``corpus/tools/src/<name>.src.txt``,
   which holds the report's full text (every word and figure as published,
   defects included) in a small line markup, described below.
2. It writes ``corpus/reports/<name>.docx`` with python-docx: A4, Noto CJK
   fonts, heading styles, real "Table Grid" tables with fixed column widths,
   vertically merged indicator cells, header rows repeated on every page,
   rows allowed to break across pages, a running header with the report
   title and a "第 X 页" page-number footer.
3. It exports ``corpus/reports/<name>.pdf`` with LibreOffice headless, which
   gives a PDF with a real CJK text layer and ruled tables.

Both outputs are deterministic: the .docx is zipped with fixed timestamps and
fixed core properties, and the PDF's creation dates and file ID are replaced
by fixed values of the same length.

Source markup (one block per line; blank lines and lines starting with ``%%``
are ignored)::

    @header TEXT            running page header of the whole document
    @cover-title TEXT       cover page title
    @cover-field TEXT       cover page line (项目名称：…)
    @cover-date TEXT        cover page date, centred
    @pagebreak              next block starts a new page
    @title TEXT             centred bold title
    @h1 TEXT … @h4 TEXT     headings (Heading 1-4 styles)
    @caption TEXT           table caption, centred bold
    @center / @right / @plain TEXT
                            paragraph centred / right-aligned / not indented
    @toc TEXT<TAB>PAGE      table-of-contents line with a dotted leader
    @formula TEXT           centred formula line
    @table widths=CM,CM,… [header=N] [size=PT]
    cell<TAB>cell<TAB>…     one table row per line
    @end                    end of the table
    TEXT                    body paragraph (first line indented two characters)

In table cells ``^^`` merges the cell with the one above (vertical merge),
``<<`` merges it with the one to its left, and ``¶`` starts a new paragraph
inside the cell. Anywhere, ``{_x}`` and ``{^x}`` set x as subscript or
superscript (used for the questionnaire formulas).

Run from the repository root:  .venv/bin/python corpus/tools/build_formats.py
Needs LibreOffice (soffice) and the Noto CJK fonts (fonts-noto-cjk).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

TOOLS_DIR = Path(__file__).resolve().parent
ROOT = TOOLS_DIR.parents[1]
SRC_DIR = TOOLS_DIR / "src"
REPORTS_DIR = ROOT / "corpus" / "reports"
REPORT_NAMES = ("bazhou_mine_plan_2022", "yanqi_grassland_fund_2022")

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
BODY_PT = 12
PAGE_W_CM, PAGE_H_CM, MARGIN_CM = 21.0, 29.7, 2.5
TEXT_W_CM = PAGE_W_CM - 2 * MARGIN_CM
FIXED_TIME = datetime(2023, 7, 31, 0, 0, 0)
ZIP_TIME = (2023, 7, 31, 0, 0, 0)

MERGE_UP = "^^"
MERGE_LEFT = "<<"
CELL_PARA = "¶"
SHORT_CELL = 12  # cells with at most this many characters are centred,
PROSE_CELL = 40  # longer ones left-aligned, and prose longer than this justified
INLINE_SCRIPT = re.compile(r"\{([_^])([^{}]*)\}")
COVER_KINDS = ("cover-title", "cover-field", "cover-date")
HEADING_KINDS = ("h1", "h2", "h3", "h4")
PARAGRAPH_KINDS = frozenset(
    (*COVER_KINDS, *HEADING_KINDS, "title", "caption", "center", "right", "plain", "formula", "toc")
)


# ---------------------------------------------------------------- source model


@dataclass
class Block:
    """One unit of the source: a paragraph of some kind, or a table."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    header_rows: int = 1
    size: float = 10.5


@dataclass
class Source:
    """A parsed source file: document settings and its blocks in order."""

    header: str = ""
    blocks: list[Block] = field(default_factory=list)

    @property
    def has_cover(self) -> bool:
        return any(b.kind == "cover-title" for b in self.blocks)


def parse_table_options(spec: str) -> dict[str, str]:
    """Parse ``key=value`` pairs of an ``@table`` line."""
    options = {}
    for part in spec.split():
        key, _, value = part.partition("=")
        options[key] = value
    return options


def parse_source(text: str) -> Source:
    """Turn the line markup of a source file into a :class:`Source`."""
    source = Source()
    table: Block | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if table is not None:
            if line == "@end":
                check_table(table, lineno)
                source.blocks.append(table)
                table = None
            elif line.strip():
                table.rows.append(line.split("\t"))
            continue
        if not line.strip() or line.startswith("%%"):
            continue
        if not line.startswith("@"):
            source.blocks.append(Block("body", line.strip()))
            continue
        directive, _, rest = line.partition(" ")
        kind = directive[1:]
        if kind == "header":
            source.header = rest.strip()
        elif kind == "table":
            options = parse_table_options(rest)
            table = Block(
                "table",
                widths=[float(w) for w in options["widths"].split(",")],
                header_rows=int(options.get("header", "1")),
                size=float(options.get("size", "10.5")),
            )
        elif kind == "pagebreak":
            source.blocks.append(Block("pagebreak"))
        elif kind in PARAGRAPH_KINDS:
            source.blocks.append(Block(kind, rest.strip()))
        else:
            raise ValueError(f"line {lineno}: unknown directive {directive!r}")
    if table is not None:
        raise ValueError("source ends inside a table (missing @end)")
    return source


def check_table(table: Block, lineno: int) -> None:
    """Fail early when a table row does not have one cell per column."""
    for row in table.rows:
        if len(row) != len(table.widths):
            raise ValueError(
                f"table ending at line {lineno}: row has {len(row)} cells, "
                f"widths give {len(table.widths)}: {row[:3]}"
            )


# ------------------------------------------------------------- low-level XML


def set_east_asian_font(rpr_owner: BaseOxmlElement, latin: str, east_asian: str) -> None:
    """Set the Latin and East-Asian fonts of a style or run, dropping theme fonts."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:cs"), latin)


def set_language(style_element: BaseOxmlElement, lang: str = "zh-CN") -> None:
    """Mark a style's text as Chinese so LibreOffice applies CJK line breaking."""
    rpr = style_element.get_or_add_rPr()
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), "en-US")
    lang_el.set(qn("w:eastAsia"), lang)


def add_bottom_border(paragraph: Paragraph) -> None:
    """Draw a thin rule under a paragraph (the usual line under a page header)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def add_field(paragraph: Paragraph, instruction: str, size: float) -> None:
    """Insert a Word field (e.g. PAGE) as begin/instr/separate/result/end runs."""

    def field_char(kind: str) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(size)
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    field_char("begin")
    run = paragraph.add_run()
    run.font.size = Pt(size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    field_char("separate")
    result = paragraph.add_run("1")
    result.font.size = Pt(size)
    field_char("end")


def mark_header_row(row: _Row) -> None:
    """Repeat a table row at the top of every page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def set_cell_margins(table: Table, left_right_cm: float, top_bottom_cm: float) -> None:
    """Set the default inner margins of every cell of a table."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in (
        ("top", top_bottom_cm),
        ("left", left_right_cm),
        ("bottom", top_bottom_cm),
        ("right", left_right_cm),
    ):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(value * 567)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.append(margins)


def set_table_width(table: Table, width_cm: float) -> None:
    """Give the table an explicit total width so its fixed layout is honoured."""
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:w"), str(int(width_cm * 567)))
    tblw.set(qn("w:type"), "dxa")


# ------------------------------------------------------------ document setup


def configure_page(doc: DocxDocument, has_cover: bool) -> None:
    """A4 portrait with 2.5 cm margins; the cover page gets no header/footer."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(PAGE_W_CM), Cm(PAGE_H_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    section.header_distance = Cm(1.5)
    section.footer_distance = Cm(1.5)
    section.different_first_page_header_footer = has_cover


def configure_styles(doc: DocxDocument) -> None:
    """Body text in Noto Serif CJK 12 pt; headings bold, black, in CJK fonts."""
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_east_asian_font(normal.element, SERIF, SERIF)
    set_language(normal.element)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)

    heading_specs = {
        1: (SANS, 16, 12, 6),
        2: (SANS, 14, 6, 6),
        3: (SERIF, 12, 6, 0),
        4: (SERIF, 12, 3, 0),
    }
    for level, (font, size, before, after) in heading_specs.items():
        style = doc.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_east_asian_font(style.element, font, font)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing = 1.5
        fmt.keep_with_next = True
        fmt.first_line_indent = Pt(0) if level <= 2 else Pt(BODY_PT * 2)


def configure_header_footer(doc: DocxDocument, header_text: str) -> None:
    """Running header with the report title; footer '第 X 页' with a PAGE field."""
    section = doc.sections[0]
    header_par = section.header.paragraphs[0]
    header_par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header_par.add_run(header_text)
    run.font.size = Pt(9)
    add_bottom_border(header_par)

    footer_par = section.footer.paragraphs[0]
    footer_par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer_par.add_run("第 ").font.size = Pt(9)
    add_field(footer_par, "PAGE", 9)
    footer_par.add_run(" 页").font.size = Pt(9)


def set_core_properties(doc: DocxDocument, title: str) -> None:
    """Fixed document properties, so that rebuilding gives identical files."""
    props = doc.core_properties
    props.title = title
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1


# ---------------------------------------------------------------- paragraphs


def add_text(
    paragraph: Paragraph, text: str, size: float | None = None, bold: bool = False
) -> None:
    """Add text as runs: ¶ is a line break, {_x} and {^x} are sub- and superscripts."""
    for index, line in enumerate(text.split(CELL_PARA)):
        if index:
            paragraph.runs[-1].add_break()
        add_line(paragraph, line, size, bold)


def add_line(paragraph: Paragraph, text: str, size: float | None, bold: bool) -> None:
    """Add one line of text, turning {_x} / {^x} into subscript / superscript runs."""
    pos = 0
    for match in INLINE_SCRIPT.finditer(text):
        add_run(paragraph, text[pos : match.start()], size, bold)
        run = add_run(paragraph, match.group(2), size, bold)
        if match.group(1) == "_":
            run.font.subscript = True
        else:
            run.font.superscript = True
        pos = match.end()
    add_run(paragraph, text[pos:], size, bold)


def add_run(paragraph: Paragraph, text: str, size: float | None, bold: bool) -> Run:
    """Add one run with an optional size and bold face."""
    run = paragraph.add_run(text)
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    return run


def add_body(doc: DocxDocument, text: str) -> Paragraph:
    """A justified body paragraph, first line indented by two characters."""
    par = doc.add_paragraph()
    fmt = par.paragraph_format
    fmt.first_line_indent = Pt(BODY_PT * 2)
    fmt.line_spacing = 1.5
    par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    add_text(par, text)
    return par


def add_aligned(
    doc: DocxDocument,
    text: str,
    align: WD_ALIGN_PARAGRAPH,
    size: float = BODY_PT,
    bold: bool = False,
    before: float = 0,
    after: float = 0,
) -> Paragraph:
    """A paragraph with the given alignment, size, weight and spacing (in points)."""
    par = doc.add_paragraph()
    par.alignment = align
    fmt = par.paragraph_format
    fmt.line_spacing = 1.5
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    add_text(par, text, size, bold)
    return par


def add_heading(doc: DocxDocument, text: str, level: int) -> Paragraph:
    """A paragraph in the built-in Heading <level> style (restyled in configure_styles)."""
    par = doc.add_paragraph(style=f"Heading {level}")
    add_text(par, text)
    return par


def add_toc_line(doc: DocxDocument, text: str) -> Paragraph:
    """A table-of-contents line: entry, dotted leader, page number as printed."""
    entry, _, page = text.partition("\t")
    par = doc.add_paragraph()
    fmt = par.paragraph_format
    fmt.line_spacing = Pt(20)
    fmt.tab_stops.add_tab_stop(Cm(TEXT_W_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    if entry.startswith(("(", "（")):
        fmt.left_indent = Pt(BODY_PT * 2)
    add_text(par, f"{entry}\t{page}")
    return par


def add_cover_block(doc: DocxDocument, block: Block) -> Paragraph:
    """Cover page: large title, label/value lines with hanging indent, date."""
    if block.kind == "cover-title":
        par = add_aligned(
            doc, block.text, WD_ALIGN_PARAGRAPH.CENTER, 22, True, before=100, after=70
        )
        for run in par.runs:
            set_east_asian_font(run._r, SANS, SANS)
        return par
    if block.kind == "cover-date":
        return add_aligned(doc, block.text, WD_ALIGN_PARAGRAPH.CENTER, 16, before=50)
    par = add_aligned(doc, block.text, WD_ALIGN_PARAGRAPH.LEFT, 16, after=8)
    par.paragraph_format.line_spacing = 1.25
    label_width = Pt(16 * 5)  # "项目名称：" — wrapped lines align under the value
    par.paragraph_format.left_indent = Cm(1.5) + label_width
    par.paragraph_format.first_line_indent = -label_width
    return par


def add_paragraph_block(doc: DocxDocument, block: Block) -> Paragraph:
    """Render every non-table block kind; returns the paragraph created."""
    kind, text = block.kind, block.text
    if kind == "body":
        return add_body(doc, text)
    if kind in COVER_KINDS:
        return add_cover_block(doc, block)
    if kind in HEADING_KINDS:
        return add_heading(doc, text, int(kind[1]))
    if kind == "title":
        return add_aligned(doc, text, WD_ALIGN_PARAGRAPH.CENTER, 16, True, before=6, after=12)
    if kind == "caption":
        par = add_aligned(doc, text, WD_ALIGN_PARAGRAPH.CENTER, 10.5, True, before=6, after=3)
        par.paragraph_format.keep_with_next = True
        return par
    if kind == "center":
        return add_aligned(doc, text, WD_ALIGN_PARAGRAPH.CENTER)
    if kind == "right":
        return add_aligned(doc, text, WD_ALIGN_PARAGRAPH.RIGHT)
    if kind == "plain":
        return add_aligned(doc, text, WD_ALIGN_PARAGRAPH.LEFT)
    if kind == "formula":
        return add_aligned(doc, text, WD_ALIGN_PARAGRAPH.CENTER, before=3, after=3)
    if kind == "toc":
        return add_toc_line(doc, text)
    raise ValueError(f"cannot render block kind {kind!r}")


# -------------------------------------------------------------------- tables


def merge_regions(rows: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Map each anchor cell (row, col) to the bottom-right corner of its merged area."""
    regions: dict[tuple[int, int], tuple[int, int]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text == MERGE_LEFT and c > 0:
                anchor = owner[(r, c - 1)]
            elif text == MERGE_UP and r > 0:
                anchor = owner[(r - 1, c)]
            else:
                anchor = (r, c)
            owner[(r, c)] = anchor
            bottom, right = regions.get(anchor, anchor)
            regions[anchor] = (max(bottom, r), max(right, c))
    return regions


def cell_alignment(text: str, is_header: bool) -> WD_ALIGN_PARAGRAPH:
    """Headers and short values centred, names left-aligned, prose justified."""
    if is_header or (CELL_PARA not in text and len(text) <= SHORT_CELL):
        return WD_ALIGN_PARAGRAPH.CENTER
    if len(text) <= PROSE_CELL:
        return WD_ALIGN_PARAGRAPH.LEFT
    return WD_ALIGN_PARAGRAPH.JUSTIFY


def fill_cell(cell: _Cell, text: str, size: float, bold: bool) -> None:
    """Write a cell's text, one paragraph per ¶ part, vertically centred."""
    alignment = cell_alignment(text, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for index, part in enumerate(text.split(CELL_PARA)):
        par = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        par.alignment = alignment
        fmt = par.paragraph_format
        fmt.line_spacing = 1.0
        fmt.first_line_indent = Pt(0)
        add_text(par, part, size, bold)


def add_table(doc: DocxDocument, block: Block) -> Table:
    """A bordered fixed-width table with merged cells and repeating header rows."""
    nrows, ncols = len(block.rows), len(block.widths)
    table = doc.add_table(rows=nrows, cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_table_width(table, sum(block.widths))
    set_cell_margins(table, 0.1, 0.03)
    for c, width in enumerate(block.widths):
        table.columns[c].width = Cm(width)
        for r in range(nrows):
            table.cell(r, c).width = Cm(width)
    for r in range(min(block.header_rows, nrows)):
        mark_header_row(table.rows[r])

    anchors: list[tuple[_Cell, str, bool]] = []
    for (r, c), (bottom, right) in sorted(merge_regions(block.rows).items()):
        cell = table.cell(r, c)
        if (bottom, right) != (r, c):
            cell = cell.merge(table.cell(bottom, right))
        anchors.append((cell, block.rows[r][c], r < block.header_rows))
    for cell, text, is_header in anchors:
        fill_cell(cell, text, block.size, is_header)
    return table


# ------------------------------------------------------------------ building


def build_document(source: Source) -> DocxDocument:
    """Lay out all blocks of a source as a python-docx document."""
    doc = Document()
    configure_page(doc, source.has_cover)
    configure_styles(doc)
    configure_header_footer(doc, source.header)
    set_core_properties(doc, source.header)

    page_break_pending = False
    for block in source.blocks:
        if block.kind == "pagebreak":
            page_break_pending = True
            continue
        if block.kind == "table":
            add_table(doc, block)
            continue
        par = add_paragraph_block(doc, block)
        if page_break_pending:
            par.paragraph_format.page_break_before = True
            page_break_pending = False
    return doc


def save_docx_deterministic(doc: DocxDocument, path: Path) -> None:
    """Save the .docx with fixed zip timestamps (python-docx stamps 'now')."""
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))


def convert_to_pdf(docx_path: Path, outdir: Path) -> Path:
    """Export a .docx to PDF with LibreOffice headless, using a throwaway profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to make the PDF versions")
    with tempfile.TemporaryDirectory(prefix="lo_profile_jixiao_") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx_path),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    pdf_path = outdir / (docx_path.stem + ".pdf")
    if not pdf_path.exists():
        raise SystemExit(f"LibreOffice did not produce {pdf_path}")
    return pdf_path


def normalise_pdf(pdf_path: Path) -> None:
    """Replace the PDF's dates, file ID and checksum by fixed values of the same length.

    Same-length replacement keeps every byte offset, so the cross-reference table stays valid.
    """
    data = pdf_path.read_bytes()
    fixed_date = FIXED_TIME.strftime("D:%Y%m%d%H%M%S").encode()

    def date(match: re.Match[bytes]) -> bytes:
        value = match.group(2)
        stamp = (fixed_date + value[len(fixed_date) :])[: len(value)]
        return match.group(1) + stamp + b")"

    def zero_id(match: re.Match[bytes]) -> bytes:
        return re.sub(
            rb"<[0-9A-Fa-f]+>", lambda h: b"<" + b"0" * (len(h.group(0)) - 2) + b">", match.group(0)
        )

    def zero_checksum(match: re.Match[bytes]) -> bytes:
        return match.group(1) + b"0" * len(match.group(2))

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\()(D:[^)]*)\)", date, data)
    data = re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]", zero_id, data)
    data = re.sub(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)", zero_checksum, data)
    pdf_path.write_bytes(data)


def build_report(name: str) -> tuple[Path, Path]:
    """Build <name>.docx and <name>.pdf from src/<name>.src.txt."""
    source = parse_source((SRC_DIR / f"{name}.src.txt").read_text(encoding="utf-8"))
    docx_path = REPORTS_DIR / f"{name}.docx"
    save_docx_deterministic(build_document(source), docx_path)
    pdf_path = convert_to_pdf(docx_path, REPORTS_DIR)
    normalise_pdf(pdf_path)
    return docx_path, pdf_path


def main(argv: list[str]) -> int:
    """Build the reports named on the command line, or all seed reports."""
    names = argv or list(REPORT_NAMES)
    for name in names:
        docx_path, pdf_path = build_report(name)
        for path in (docx_path, pdf_path):
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
