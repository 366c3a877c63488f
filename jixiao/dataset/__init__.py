"""The research dataset: typed, documented tables of a bulk run (docs/DATA.md).

`build_dataset(result)` gives the Arrow tables (documents, indicators, funds,
findings, decisions, run_info, unmapped, columns) from a BatchResult; the outputs
write them to OUT/dataset/ and audit.duckdb; `read_dataset(OUT)` reads them back
as pandas DataFrames; `jixiao export` (jixiao.dataset.cli) rebuilds them from OUT
without reading any document again. The columns are those of
`jixiao.dataset.schema`, the data dictionary.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .schema import SCHEMA_VERSION, TABLES

if TYPE_CHECKING:
    from ..batch import BatchResult
    from .arrow import Dataset

__all__ = ["SCHEMA_VERSION", "TABLES", "build_dataset", "load_decisions", "read_dataset"]


def build_dataset(
    result: BatchResult, decisions: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Every table of the dataset as an Arrow table (needs the `data` extra)."""
    from .arrow import to_arrow
    from .build import build_rows

    return to_arrow(build_rows(result, decisions).tables)


def read_dataset(out: str | Path) -> Dataset:
    """The typed tables OUT/dataset/ holds, as a Dataset of DataFrames (see jixiao.dataset.arrow)."""
    from .arrow import read_dataset as read

    return read(out)


def load_decisions(out: str | Path) -> Mapping[str, Any] | None:
    """The review decisions kept in OUT (jixiao.review), or None where that module is absent."""
    try:  # by name: the review package may not be installed beside this one
        module = importlib.import_module("jixiao.review.decisions")
    except ImportError:
        return None
    return module.load_decisions(Path(out))
