"""Shared fixtures: the corpus locations and a cached extraction of each corpus file."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REPORTS = CORPUS / "reports"
GOLD = CORPUS / "gold"
SHARED = ROOT.parent / "shared"
REAL = SHARED / "corpus" / "real"


@functools.cache
def extracted(path: str):
    """The Reports and findings of a corpus file, computed once per test session."""
    from jixiao.pipeline import audit_file

    return audit_file(path, keep_reports=True)


@functools.cache
def gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def corpus_file():
    def get(name: str, fmt: str) -> Path:
        return REPORTS / f"{name}.{fmt}"

    return get
