"""jixiao: read Chinese budget performance reports and forms, and audit them.

`audit_paths` (the notebook API) and `read_dataset` (the typed tables a bulk run
wrote, jixiao.dataset) are imported on first use, so that the CLI and
the per-file workers do not pay for pandas unless they need it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["audit_paths", "read_dataset"]


def __getattr__(name: str) -> Any:
    if name == "audit_paths":
        from .api import audit_paths

        return audit_paths
    if name == "read_dataset":
        from .dataset import read_dataset

        return read_dataset
    raise AttributeError(f"module 'jixiao' has no attribute {name!r}")
