"""The one error a reader raises: the file cannot be read as a document.

Imports nothing, so every layer (backends, parsers, the CLI) can raise or
catch it without importing the layers above it.
"""

from __future__ import annotations


class ExtractionError(Exception):
    """The file cannot be read as a document; the message says why, in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(" ".join(str(reason).split()))  # one line, whatever a library said
