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
import os
from pathlib import Path

from .backends import SUPPORTED, LoadOptions, backend_for
from .backends.text import paginate
from .columns import read_column_tables
from .encoding import decode_text
from .errors import ExtractionError
from .model import Document
from .tables import assign_captions, read_line_tables

HEAD_BYTES = 1024


def read_input(path: Path) -> bytes:
    """A file's bytes, read once; only a regular file is opened (a FIFO or a device would block
    or never end), and a file that is missing or unreadable is an ExtractionError."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as exc:
        raise ExtractionError(f"file not found: {path}") from exc
    except OSError as exc:
        raise ExtractionError(f"cannot read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(mode):
        raise ExtractionError(f"not a regular file ({special_kind(mode)}): not opened")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read: {exc.strerror or exc}") from exc


def not_regular(path: str | Path) -> str | None:
    """Why `path` must not be opened (a FIFO, a socket, a device, a folder), or None.

    Only `os.stat` is called: a FIFO opened for reading waits for a writer forever, a
    device like /dev/zero never ends. A missing file is None here (reading it says so).
    """
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return f"not a regular file ({special_kind(mode)}): not opened"


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words (for the finding)."""
    import stat

    for test, name in (
        (stat.S_ISDIR, "folder"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return name
    return "special file"


def load(
    path: str | Path,
    *,
    password: str | None = None,
    ocr: bool = False,
    data: bytes | None = None,
) -> Document:
    """Read PDF, TXT (any common Chinese encoding), DOCX, XLSX/XLS, Markdown or HTML into a
    Document.

    `data`, when given, are the file's bytes already read: they are parsed, hashed and
    nothing is read again, so the record's sha256 is that of the very bytes parsed (a file
    edited meanwhile cannot give one file's hash with another's content).
    """
    path = Path(path)
    if data is None:
        data = read_input(path)
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
