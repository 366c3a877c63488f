"""Small seed inputs for the fuzzer, made from the corpus: Chinese text PDFs with a score table,
report excerpts in several encodings, Markdown and HTML tables.

Seeds are kept small (a few kilobytes) so that mutations reach deep into the
parsers quickly; they are written at run time, not committed.
"""

from __future__ import annotations

from pathlib import Path

from tests.make_bad_inputs import REPORTS, raw_pdf

TITLE = [
    "2022年焉耆县林草专项资金项目绩效评价报告",
    "该项目综合绩效评价指标评分96分，评价等级“优”。",
]
PROSE = [
    "项目预算资金10万元，实际使用资金10万元，项目预算执行率为100%。",
    "本次共发放问卷30份，回收30份，有效问卷30份，满意度为96.5%。",
    "表3-5：绩效评价得分表",
]
HEADER = ["一级指标", "二级指标", "三级指标", "权重", "得分", "得分率"]
ROWS = [
    ["项目决策", "项目立项", "立项依据充分性", "5", "5", "100%"],
    ["", "", "绩效目标合理性", "4", "3", "75%"],
    ["项目产出", "产出数量", "实际完成率", "10", "10", "100%"],
    ["项目效益", "满意度", "满意度", "10", "9.6", "96%"],
    ["合计", "", "", "100", "96", "96%"],
]


def _ucs2(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def chinese_pdf(lines: list[str], header: list[str], rows: list[list[str]]) -> bytes:
    """A one-page PDF in an unembedded CJK font (STSong-Light, UniGB-UCS2-H) with a ruled table."""
    ops = [b"BT /F1 10 Tf 40 800 Td 16 TL"]
    ops += [_ucs2(line) + b" '" for line in lines]
    ops.append(b"ET")
    widths = [70, 70, 110, 40, 40, 50]
    top, height = 800 - 16 * (len(lines) + 2), 20
    for r, cells in enumerate([header, *rows]):
        y = top - r * height
        x = 40
        for w, cell in zip(widths, cells, strict=False):
            ops.append(b"%d %d %d %d re S" % (x, y - height, w, height))
            if cell:
                ops.append(b"BT /F1 8 Tf %d %d Td %s Tj ET" % (x + 2, y - 14, _ucs2(cell)))
            x += w
    content = b"\n".join(ops)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
            b" /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >>"
            b" /FontDescriptor 7 0 R >>",
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
            b" /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120"
            b" /CapHeight 880 /StemV 93 >>",
        ]
    )


def _excerpt(name: str, start: str, size: int) -> str:
    text = (REPORTS / f"{name}.txt").read_text(encoding="utf-8")
    at = max(0, text.find(start))
    return text[at : at + size]


def html_table(header: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th>{c}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{cells}</tr>{body}</table>"


def write_seeds(folder: Path) -> list[Path]:
    """Write the seeds into `folder` (one file each; the fuzzer reads the first byte as the kind)."""
    from .target import encode

    folder.mkdir(parents=True, exist_ok=True)
    table = html_table(HEADER, ROWS)
    scores = _excerpt("yanqi_grassland_fund_2022", "汇总后本次第三方绩效评价总得分", 700)
    opening = _excerpt("bazhou_mine_plan_2022", "", 2500)
    seeds = {
        "table.pdf": chinese_pdf(TITLE + PROSE, HEADER, ROWS),
        "prose.pdf": chinese_pdf(TITLE + PROSE, [], []),
        "scores.txt": scores.encode("utf-8"),
        "scores_gbk.txt": scores.encode("gbk"),
        "opening_utf16.txt": opening.encode("utf-16"),
        "tsv.txt": "\n".join("\t".join(r) for r in [HEADER, *ROWS]).encode("utf-8"),
        "table.md": ("\n".join(TITLE) + "\n\n" + table + "\n").encode("utf-8"),
        "page.html": f"<html><body><h1>{TITLE[0]}</h1><p>{PROSE[0]}</p>{table}</body></html>".encode(),
    }
    paths = []
    for name, data in seeds.items():
        path = folder / name
        path.write_bytes(encode(Path(name).suffix, data))
        paths.append(path)
    return paths
