"""The interface every format backend implements: its options and its description.

Kept apart from the registry (extractor.backends) so that a backend module imports
only this, and the registry imports the backends: no module imports its importer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Document


@dataclass(frozen=True)
class LoadOptions:
    """What a user may tell a reader: a PDF password, OCR for scanned pages."""

    password: str | None = None
    ocr: bool = False


@dataclass(frozen=True)
class Backend:
    """A reader for one family of formats."""

    name: str
    suffixes: frozenset[str]
    sniff: Callable[[bytes], bool]
    load: Callable[[Path, bytes, LoadOptions], Document]
