"""Text drawn above a PDF page's top edge is not read (a text box's overflow repeated there:
three Shanghai 部门预算 printed their 主要职能 twice that way); a table whose rules also run
past the edge keeps its text."""

from __future__ import annotations

from pathlib import Path

from extractor import extract


def _pdf(path: Path, content: bytes) -> Path:
    """A one-page A4 PDF with Helvetica and the given content stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def _text(path: Path) -> str:
    return "\n".join(r.text for r in extract(path))


def test_text_above_the_top_edge_is_not_read(tmp_path: Path) -> None:
    content = (
        b"BT /F1 12 Tf 72 900 Td (Repeated overflow line) Tj ET\n"
        b"BT /F1 12 Tf 72 700 Td (Visible line of the page) Tj ET"
    )
    text = _text(_pdf(tmp_path / "overflow.pdf", content))
    assert "Visible line of the page" in text
    assert "Repeated overflow line" not in text


def test_a_table_running_past_the_edge_keeps_its_text(tmp_path: Path) -> None:
    content = (
        b"0 0 0 RG 1 w 60 690 m 500 690 l S 60 950 m 500 950 l S\n"
        b"BT /F1 12 Tf 72 900 Td (Cell above the edge) Tj ET\n"
        b"BT /F1 12 Tf 72 700 Td (Visible line of the page) Tj ET"
    )
    text = _text(_pdf(tmp_path / "table.pdf", content))
    assert "Cell above the edge" in text
