"""HTML pages: text blocks as lines, <table>s as grids with spans expanded (extractor.html)."""

from __future__ import annotations

from pathlib import Path

from ..encoding import decode_text
from ..model import Document
from .base import Backend, LoadOptions

SUFFIXES = frozenset({".html", ".htm"})


def sniff(head: bytes) -> bool:
    """An HTML page starts with a doctype or a tag (after an optional BOM and blanks)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _load(path: Path, data: bytes, options: LoadOptions) -> Document:
    from ..html import load_html

    return load_html(path, decode_text(data))


BACKEND = Backend("html", SUFFIXES, sniff, _load)
