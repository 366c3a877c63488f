"""Spreadsheets (XLSX, old XLS): each sheet a page, its rows one grid table (extractor.sheets)."""

from __future__ import annotations

from pathlib import Path

from ..model import Document
from .base import Backend, LoadOptions


def _load_xlsx(path: Path, data: bytes, options: LoadOptions) -> Document:
    from ..sheets import load_xlsx

    return load_xlsx(path, data)


def _load_xls(path: Path, data: bytes, options: LoadOptions) -> Document:
    from ..sheets import load_xls

    return load_xls(path, data)


XLSX = Backend(
    "xlsx", frozenset({".xlsx"}), lambda head: head.startswith(b"PK\x03\x04"), _load_xlsx
)
XLS = Backend(
    "xls",
    frozenset({".xls"}),
    lambda head: head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    _load_xls,
)
