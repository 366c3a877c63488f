"""Read budget performance documents into typed records (file → Document → Report)."""

from __future__ import annotations

from pathlib import Path

from .load import ExtractionError, load
from .model import Report
from .report import build_report


def extract(path: str | Path, *, password: str | None = None) -> list[Report]:
    """Every document in a file, as Reports. Raises ExtractionError when the file cannot be read."""
    doc = load(path, password=password)
    return [build_report(doc)]


__all__ = ["ExtractionError", "Report", "extract", "load"]
