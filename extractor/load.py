"""Read a file of any supported format into a Document: lines and tables with provenance.

The backend registry (`extractor.backends`) is the only place that knows file
formats; each gives positioned lines and the grid tables its format draws.
Then every Document, whatever its format, goes through the same table readers
(`extractor.tables.read_line_tables`): tables typed as lines of text (tab, pipe
or space separated, one cell per line) are found in a PDF or a Word file as they
are in a text file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .backends import SUPPORTED, LoadOptions, backend_for
from .backends.text import paginate
from .columns import read_column_tables
from .encoding import decode_text
from .errors import ExtractionError
from .model import Document
from .tables import assign_captions, read_line_tables

HEAD_BYTES = 1024


def load(path: str | Path, *, password: str | None = None, ocr: bool = False) -> Document:
    """Read PDF, TXT (any common Chinese encoding), DOCX, XLSX/XLS, Markdown or HTML into a
    Document."""
    path = Path(path)
    if not path.exists():
        raise ExtractionError(f"file not found: {path}")
    data = path.read_bytes()
    if not data:
        raise ExtractionError("empty file")
    backend = backend_for(path, data[:HEAD_BYTES])
    if backend is None:
        raise ExtractionError(f"unsupported file type: {path.suffix.lower() or 'no extension'}")
    doc = backend.load(path, data, LoadOptions(password=password, ocr=ocr))
    doc.sha256 = hashlib.sha256(data).hexdigest()
    read_column_tables(doc)
    read_line_tables(doc)
    assign_captions(doc.tables, doc.lines)
    return doc


__all__ = ["SUPPORTED", "ExtractionError", "decode_text", "load", "paginate"]
