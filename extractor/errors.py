"""The one error a reader raises: the file cannot be read as a document.

Imports nothing, so every layer (backends, parsers, the CLI) can raise or
catch it without importing the layers above it. Its message is what the auditor
reads: Chinese first, the technical detail in brackets ("PDF 已加密，需要密码
（encrypted PDF: a user password is needed (use --password)）").
"""

from __future__ import annotations

# The reader's technical reasons (English, from the parsers) and what they mean to a
# person; the first prefix that matches wins, so the more specific ones come first.
REASONS_ZH = (
    ("encrypted PDF: the password given", "PDF 已加密，所给密码不对"),
    ("encrypted PDF: a user password", "文件已加密，需要密码：用 --password 给出"),
    ("encrypted PDF", "PDF 已加密，无法解密"),
    ("damaged PDF: the file ends too early", "PDF 文件不完整，可能未下载或复制完"),
    ("damaged PDF", "PDF 文件已损坏"),
    ("scanned PDF: no text layer", "扫描件，没有文字层：请加 --ocr"),
    ("scanned PDF", "扫描件，OCR 未识别出文字"),
    ("PDF has no text", "PDF 每一页都是空白"),
    ("PDF text unmapped", "PDF 的字体没有字符映射，文字无法提取：请加 --ocr"),
    ("PDF pages cannot be rendered", "PDF 页面无法渲染，不能做 OCR"),
    ("OCR engine not installed", "未安装 OCR 引擎"),
    ("not a PDF file", "不是 PDF 文件"),
    ("not a DOCX file", "不是 DOCX 文件"),
    ("not a readable DOCX", "DOCX 文件已损坏"),
    ("not a readable XLSX", "XLSX 文件已损坏"),
    ("not a readable XLS", "XLS 文件已损坏"),
    ("binary file", "不是文本文件，也不是支持的格式"),
    ("empty file", "空文件"),
    ("unsupported file type", "不支持的文件类型"),
    ("file not found", "找不到文件"),
    ("not a regular file", "不是普通文件（如管道或设备），未打开"),
    ("cannot read", "无法读取文件"),
    ("internal error", "读取时程序出错"),
    ("not a performance evaluation report", "不是预算绩效评价报告或自评表"),
    ("rules failed", "检查规则运行出错"),
    ("file rules failed", "检查规则运行出错"),
)


ALREADY = tuple({zh for _, zh in REASONS_ZH} | {"无法读取"})


def in_chinese(reason: str) -> str:
    """The reason as the auditor reads it: Chinese, with the technical detail in brackets.

    A reason already in Chinese is left as it is."""
    reason = " ".join(str(reason).split())  # one line, whatever a library said
    if not reason or not reason[0].isascii() or reason.startswith(ALREADY):
        return reason
    for prefix, zh in REASONS_ZH:
        if reason.startswith(prefix):
            return f"{zh}（{reason}）"
    return f"无法读取（{reason}）"


class ExtractionError(Exception):
    """The file cannot be read as a document; the message says why, in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(in_chinese(reason))
