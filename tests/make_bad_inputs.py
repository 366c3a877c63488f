"""Build the hostile and broken inputs of issue 5 into a folder, from the corpus.

Nothing binary is committed: every bad file is made here, deterministically,
from the seed reports in corpus/reports. Three sets:

- `broken_inputs`: files that must each become one `extraction` finding with a
  clear reason (empty, random bytes, truncated, not a zip, binary text,
  password-protected, scanned, not a report at all);
- `encoded_copies`: the seed texts in every Chinese encoding we read;
- `bombs` and `long_pdf`: files built to exhaust a parser (deep nesting, a
  decompression bomb, many tiny objects, hundreds of pages), for the bulk
  runner's --timeout/--memory limits.

Run as a script to look at them: `python tests/make_bad_inputs.py OUT [--bombs]`.
"""

from __future__ import annotations

import argparse
import io
import random
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "corpus" / "reports"
SEED_PDF = REPORTS / "yanqi_grassland_fund_2022.pdf"
SEED_TXT = REPORTS / "yanqi_grassland_fund_2022.txt"
SEED_DOCX = REPORTS / "yanqi_grassland_fund_2022.docx"
USER_PASSWORD = "s3cret-用户"
OWNER_PASSWORD = "owner-only"
ENCODINGS = ("gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig")


@dataclass(frozen=True)
class BadInput:
    """A file that cannot be audited, and words its extraction reason must contain.

    `unread`: the file could not be read at all (exit status 3); a file read but found
    not to be a report is no such failure."""

    path: Path
    reason: str
    severity: str = "warning"
    unread: bool = True


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


# -- PDFs made with pypdf / pypdfium2 ----------------------------------------


def encrypted_pdf(src: Path, dest: Path, *, user: str, owner: str, algorithm: str) -> Path:
    """A copy of `src` encrypted with pypdf; user="" means only an owner password."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=src)
    writer.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    with dest.open("wb") as fh:
        writer.write(fh)
    return dest


def scanned_pdf(src: Path, dest: Path, pages: Iterable[int] = (0,), scale: float = 2.0) -> Path:
    """An image-only PDF (a scan: no text layer) of some pages of `src`, rendered with pdfium."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    try:
        images = [pdf[i].render(scale=scale).to_pil().convert("L") for i in pages]
    finally:
        pdf.close()
    images[0].save(dest, "PDF", save_all=True, append_images=images[1:], resolution=72.0 * scale)
    return dest


def unmapped_pdf(src: Path, dest: Path) -> Path:
    """A copy of a PDF whose fonts lost their ToUnicode maps: pdfplumber reads glyph codes
    ("(cid:12)") where the characters were, as some producers' PDFs give."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(src).pages:
        fonts = page["/Resources"].get("/Font")
        for font in fonts.get_object().values() if fonts else []:
            font = font.get_object()
            if "/ToUnicode" in font:
                del font["/ToUnicode"]
        writer.add_page(page)
    with dest.open("wb") as out:
        writer.write(out)
    return dest


def long_pdf(dest: Path, copies: int, sources: Iterable[Path] | None = None) -> Path:
    """The corpus PDFs concatenated `copies` times: a report of hundreds of pages."""
    from pypdf import PdfWriter

    sources = list(sources or sorted(REPORTS.glob("*.pdf")))
    writer = PdfWriter()
    for _ in range(copies):
        for src in sources:
            writer.append(str(src))
    with dest.open("wb") as fh:
        writer.write(fh)
    return dest


# -- hand-made PDFs ----------------------------------------------------------


def raw_pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF file from object bodies (object i+1 is objects[i]) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _stream(data: bytes, *, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
        )
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page_pdf(content: bytes, *, extra: bytes = b"", compress: bool = False) -> bytes:
    """A one-page PDF drawing `content` with Helvetica; `extra` goes into the page dict."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> " + extra + b">>",
            _stream(content, compress=compress),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def text_pdf(lines: list[str]) -> bytes:
    """A small text PDF (ASCII lines): a seed for the fuzzer and a readable control."""
    ops = [b"BT /F1 11 Tf 50 800 Td 14 TL"]
    for line in lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + safe.encode("latin-1", "replace") + b") '")
    ops.append(b"ET")
    return one_page_pdf(b"\n".join(ops))


def deep_nesting_pdf(depth: int = 5_000, array_depth: int = 100_000) -> bytes:
    """A recursion bomb: a page tree `depth` levels deep, arrays nested `array_depth` deep.

    The arrays sit in the document info, in the page dictionary and in the
    content stream (a TJ operand), where the parsers meet them.
    """
    nested = b"[" * array_depth + b"(x)" + b"]" * array_depth
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    objects += [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (3 + i) for i in range(depth)]
    page = len(objects) + 1
    objects.append(
        b"<< /Type /Page /MediaBox [0 0 595 842] /Contents %d 0 R /Deep %s"
        b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (page + 1, nested, page + 2)
    )
    objects.append(_stream(b"BT /F1 12 Tf 50 800 Td " + nested + b" TJ ET"))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Title " + nested + b" >>")
    data = raw_pdf(objects)
    return data.replace(b"/Root 1 0 R", b"/Root 1 0 R /Info %d 0 R" % len(objects))


def huge_stream_pdf(megabytes: int = 400) -> bytes:
    """A page whose content stream inflates from under a megabyte to `megabytes` MB (zip bomb)."""
    chunk = b"BT /F1 1 Tf 1 1 Td (x) Tj ET\n" * 4096
    repeats = megabytes * 1024 * 1024 // len(chunk)
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(chunk) for _ in range(repeats)) + comp.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            stream,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def many_objects_pdf(pages: int = 20_000, glyphs: int = 200_000) -> bytes:
    """Many tiny objects: `pages` empty pages, and a first page of `glyphs` one-letter draws."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font = len(objects) + 1
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    rnd = random.Random(5)
    draws = b"\n".join(
        b"BT /F1 4 Tf %d %d Td (%c) Tj ET" % (rnd.randrange(595), rnd.randrange(842), 65 + i % 26)
        for i in range(glyphs)
    )
    objects.append(_stream(draws, compress=True))
    content = len(objects)
    kids = []
    for i in range(pages):
        contents = b" /Contents %d 0 R" % content if i == 0 else b""
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]%s"
            b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (contents, font)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return raw_pdf(objects)


def page_tree_loop_pdf() -> bytes:
    """A page tree whose node lists itself as a kid (an infinite loop for a naive walker)."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(b"BT /F1 12 Tf 50 800 Td (loop) Tj ET"),
        ]
    )


# -- the sets ----------------------------------------------------------------

NOVEL = """我冒了严寒，回到相隔二千余里，别了二十余年的故乡去。
时候既然是深冬；渐近故乡时，天气又阴晦了，冷风吹进船舱中，呜呜的响，从篷隙向外一望，苍黄的天底下，远近横着几个萧索的荒村，没有一些活气。我的心禁不住悲凉起来了。
阿！这不是我二十年来时时记得的故乡？
我所记得的故乡全不如此。我的故乡好得多了。但要我记起他的美丽，说出他的佳处来，却又没有影像，没有言辞了。仿佛也就如此。于是我自己解释说：故乡本也如此，——虽然没有进步，也未必有如我所感的悲凉，这只是我自己心情的改变罢了，因为我这次回乡，本没有什么好心绪。
——鲁迅《故乡》（1921）
"""

INVOICE = """增值税电子普通发票
发票代码：044002100111　发票号码：12345678　开票日期：2023年03月15日
购买方　名　　称：某某科技有限公司
　　　　纳税人识别号：91440300MA5XXXXXX1
货物或应税劳务、服务名称\t规格型号\t单位\t数量\t单价\t金额\t税率\t税额
*信息技术服务*软件维护费\t\t项\t1\t9433.96\t9433.96\t6%\t566.04
*办公用品*打印纸\tA4 70g\t箱\t4\t150.00\t600.00\t13%\t78.00
合　　计\t\t\t\t\t¥10033.96\t\t¥644.04
价税合计（大写）壹万零陆佰柒拾捌元整　（小写）¥10678.00
销售方　名　　称：某某信息服务有限公司
收款人：张三　复核：李四　开票人：王五
"""


README = """# tidewatch 潮汐观测

tidewatch 读取沿海验潮站的原始记录，换算成每小时潮位，并画出月度潮汐曲线。

## 快速开始

```sh
make setup
make plot STATION=xiamen
```

## 命令

| 命令 | 作用 |
|---|---|
| `tidewatch read FILE` | 读取一个验潮站文件，输出每小时潮位（厘米） |
| `tidewatch plot DIR` | 为目录中的每个站画出月度曲线 |

数据格式：每行一条记录，时间、潮位（厘米）、水温（摄氏度），以逗号分隔。
"""


def non_reports(out: Path) -> list[BadInput]:
    """Real texts that are not performance evaluation reports: a novel, a README, an invoice."""
    reason = "not a performance evaluation report"
    novel = out / "novel_guxiang.txt"
    novel.write_text(NOVEL, encoding="utf-8")
    invoice = out / "invoice.txt"
    invoice.write_text(INVOICE, encoding="gb18030")
    readme = out / "README_copy.md"
    readme.write_text(README, encoding="utf-8")
    return [BadInput(p, reason, "warning", unread=False) for p in (novel, invoice, readme)]


def broken_inputs(out: Path, *, scanned: bool = True) -> list[BadInput]:
    """Every unreadable file of issue 5, written into `out`, with the reason each must give."""
    out.mkdir(parents=True, exist_ok=True)
    seed = SEED_PDF.read_bytes()
    files: list[BadInput] = []

    def put(name: str, data: bytes, reason: str) -> None:
        path = out / name
        path.write_bytes(data)
        files.append(BadInput(path, reason))

    put("empty.pdf", b"", "empty file")
    put("empty.txt", b"", "empty file")
    put("random.pdf", _random_bytes(20_000, 1), "not a PDF file")
    put("random_with_header.pdf", b"%PDF-1.7\n" + _random_bytes(20_000, 2), "damaged PDF")
    put("truncated.pdf", seed[: len(seed) // 3], "damaged PDF")
    put("not_a_zip.docx", b"PK but not really a zip archive\n" * 100, "not a zip")
    put("random.docx", _random_bytes(10_000, 3), "not a zip")
    put("binary.txt", _random_bytes(20_000, 4), "binary file")
    put("binary.html", _random_bytes(20_000, 5), "binary file")
    put("random.xlsx", _random_bytes(20_000, 6), "XLSX")
    put("zip_named.txt", SEED_DOCX.read_bytes(), "binary file")
    put("deep_nesting.pdf", deep_nesting_pdf(), "page tree unreadable")
    encrypted_pdf(
        SEED_PDF,
        out / "user_password.pdf",
        user=USER_PASSWORD,
        owner=OWNER_PASSWORD,
        algorithm="AES-256",
    )
    files.append(BadInput(out / "user_password.pdf", "password"))
    unmapped_pdf(SEED_PDF, out / "unmapped_fonts.pdf")
    files.append(BadInput(out / "unmapped_fonts.pdf", "no Unicode map"))
    if scanned:
        scanned_pdf(SEED_PDF, out / "scanned.pdf", pages=(0,), scale=1.5)
        files.append(BadInput(out / "scanned.pdf", "--ocr"))
    loop = out / "page_tree_loop.pdf"
    loop.write_bytes(page_tree_loop_pdf())  # read once, as the one word it holds
    files.append(BadInput(loop, "not a performance evaluation report", "warning", unread=False))
    files.extend(non_reports(out))
    return files


def encoded_copies(src: Path, out: Path) -> dict[str, Path]:
    """The text of `src` (UTF-8) saved in every encoding of ENCODINGS (UTF-16 LE/BE without BOM)."""
    out.mkdir(parents=True, exist_ok=True)
    text = src.read_text(encoding="utf-8")
    copies = {}
    for enc in ENCODINGS:
        path = out / f"{src.stem}.{enc}.txt"
        path.write_bytes(text.encode(enc))
        copies[enc] = path
    return copies


def bombs(out: Path, *, stream_mb: int = 400) -> list[Path]:
    """PDFs built to exhaust a parser, written into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    made = {
        "huge_stream.pdf": huge_stream_pdf(stream_mb),
        "many_objects.pdf": many_objects_pdf(),
    }
    paths = []
    for name, data in made.items():
        (out / name).write_bytes(data)
        paths.append(out / name)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--bombs", action="store_true", help="also the parser bombs")
    parser.add_argument("--long", type=int, default=0, help="a long PDF of N corpus copies")
    args = parser.parse_args()
    for bad in broken_inputs(args.out):
        print(f"{bad.path}\t{bad.reason}")
    for enc, path in encoded_copies(SEED_TXT, args.out / "encodings").items():
        print(f"{path}\t{enc}")
    if args.bombs:
        for path in bombs(args.out / "bombs"):
            print(f"{path}\tbomb")
    if args.long:
        print(long_pdf(args.out / "long.pdf", args.long))


if __name__ == "__main__":
    main()
