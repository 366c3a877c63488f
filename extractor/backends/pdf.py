"""PDF: text lines with positions and ruled tables (pdfplumber, sped up by extractor.pdffast)."""

from __future__ import annotations

from pathlib import Path

from ..model import Document
from .base import Backend, LoadOptions


def sniff(head: bytes) -> bool:
    """A file that starts as a PDF is one, whatever its name says."""
    return head.startswith(b"%PDF-")


def _load(path: Path, data: bytes, options: LoadOptions) -> Document:
    from ..pdf import load_pdf

    return load_pdf(path, data, password=options.password, ocr=options.ocr)


BACKEND = Backend("pdf", frozenset({".pdf"}), sniff, _load)
