"""One backend per input format behind one small interface, and the registry that picks one.

A backend says which file suffixes it takes, recognises its format from the
first bytes (`sniff`), and turns the bytes into a Document: positioned lines
plus the grid tables the format itself draws. Everything after that (line
tables, column-aligned tables, captions, page-split tables) is the same for
every format: `extractor.load` runs it. Both `load()` and the folder walker
ask this registry, so a format is added in one place.
"""

from __future__ import annotations

from pathlib import Path

from .base import Backend, LoadOptions


def _registry() -> list[Backend]:
    from . import docx, html, pdf, sheets, text  # each imports only .base

    # Order matters only for sniffing: binary signatures first, text last.
    return [pdf.BACKEND, docx.BACKEND, sheets.XLSX, sheets.XLS, html.BACKEND, text.BACKEND]


BACKENDS: list[Backend] = _registry()
SUPPORTED: frozenset[str] = frozenset(s for b in BACKENDS for s in b.suffixes)


def backend_for(path: Path, head: bytes) -> Backend | None:
    """The backend for a file: its content's signature first (a PDF named .txt is a PDF), then
    its suffix."""
    for backend in BACKENDS:
        if backend.name in {"pdf", "xls"} and backend.sniff(head):
            return backend
    suffix = path.suffix.lower()
    for backend in BACKENDS:
        if suffix in backend.suffixes:
            return backend
    return None


__all__ = ["BACKENDS", "SUPPORTED", "Backend", "LoadOptions", "backend_for"]
