"""The fuzz target: one input through extract, the rules and JSON, as `jixiao audit` runs it.

An input is one byte choosing the file kind, then the file's bytes. The only
acceptable failure is an ExtractionError (the file cannot be read, and says
why); any other exception is a bug that `audit_file` would report as an
"internal error" finding.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import rules
from extractor import ExtractionError, extract

KINDS = (".pdf", ".txt", ".md", ".html", ".docx")


def encode(suffix: str, data: bytes) -> bytes:
    """A fuzzer input for a file of kind `suffix`."""
    return bytes([KINDS.index(suffix)]) + data


def decode(data: bytes) -> tuple[str, bytes]:
    """The kind and bytes of a fuzzer input."""
    if not data:
        return ".txt", b""
    return KINDS[data[0] % len(KINDS)], data[1:]


def check_file(path: str | Path) -> None:
    """Read one file like `jixiao audit` does; raise on anything but an ExtractionError."""
    try:
        reports = extract(path)
    except ExtractionError as exc:
        assert "\n" not in str(exc), "an extraction reason is one line"
        return
    for report in reports:
        json.dumps(report.to_dict(), ensure_ascii=False)
        for finding in rules.run(report):
            json.dumps(finding.to_dict(), ensure_ascii=False)


_TMP = Path(
    tempfile.mkdtemp(prefix="jixiao-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
)


def check_input(data: bytes) -> None:
    """The fuzz target proper: an input (kind byte + file bytes) through check_file."""
    suffix, body = decode(data)
    path = _TMP / f"input{suffix}"
    path.write_bytes(body)
    check_file(path)
