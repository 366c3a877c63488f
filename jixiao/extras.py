"""Optional dependencies: what a light `pip install jixiao` leaves out, and how to add it.

`pip install jixiao` reads, checks and writes JSONL, Excel and HTML. The extras add
`data` (pyarrow, duckdb, matplotlib, cpca, jieba: Parquet, audit.duckdb, the
research dataset and its charts), `cluster` (dask.distributed: `--scheduler`) and
`ocr` (rapidocr: `--ocr`). Code that needs one imports it through `need`, which
says in Chinese what to install when it is missing.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message says which extra to install."""


def need(module: str, extra: str) -> ModuleType:
    """Import `module`, or raise MissingExtra naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(
            f"需要可选依赖 {module.split('.')[0]}，请安装：pip install 'jixiao[{extra}]'"
            f"（missing optional dependency: {exc.name or module}）"
        ) from exc


def have(module: str) -> bool:
    """Whether `module` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False
