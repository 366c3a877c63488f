"""File names as users see them: any name the OS allows, undecodable bytes escaped as \\xNN.

On Linux a file name is bytes. One unzipped from a Windows archive is often GBK,
not UTF-8, and Python hands it over as a str holding lone surrogates
(surrogateescape): fine for opening the file, but it cannot be written as UTF-8
(JSON, Parquet, HTML, the terminal) and once aborted a whole bulk run. So the
tool opens a file by the name the OS gave, and everywhere it *shows* a name it
uses `shown(name)`: the UTF-8 parts as they are, each undecodable byte as \\xNN.
"""

from __future__ import annotations

import json
import os
from typing import Any

import regex as re

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogateescape could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every lone surrogate escaped, so that it encodes as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(_escape, text)
    return text


def shown(path: str | bytes | os.PathLike) -> str:
    """The name of `path` to show and to record: UTF-8 text, undecodable bytes as \\xNN."""
    name = os.fspath(path)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    return printable(name)


def printable_tree(value: Any) -> Any:
    """A JSON-ready value with every string made `printable` (keys too)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_tree(k): printable_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable_tree(v) for v in value]
    return value


def json_bytes(value: Any) -> bytes:
    """`value` as UTF-8 JSON; a stray undecodable name in a message is escaped, not fatal."""
    try:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(printable_tree(value), ensure_ascii=False).encode("utf-8")


# Escape sequences (CSI "ESC [ … m", OSC "ESC ] … BEL", two-byte "ESC x"), then any other C0/C1
# control but tab and newline, and the bidi overrides that reorder what a terminal shows.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str) -> str:
    """`text` safe to print: no escape sequence or control character from a document or a file
    name reaches the terminal (it could recolour, retitle or clear it, or hide a line)."""
    text = printable(text)
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))
