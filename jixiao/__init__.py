"""jixiao: read Chinese budget performance reports and forms, and audit them.

`audit_paths` (the notebook API) is imported on first use, so that the CLI and
the per-file workers do not pay for pandas unless they need it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["audit_paths"]


def __getattr__(name: str) -> Any:
    if name == "audit_paths":
        from .api import audit_paths

        return audit_paths
    raise AttributeError(f"module 'jixiao' has no attribute {name!r}")
