"""Each indicator's place in its score tree: level, code, parent code, level-1/2/3 names.

Reports print a tree (level-1 and level-2 rows, often codes A, A1, A101); forms
print level-3 rows under their 一级/二级 names with no codes. Both get the same
columns: `level1`/`level2`/`level3` are the names on the path to the row (a
level-1 row has only `level1`), `code` is the printed code or, when none is
printed, one derived from the path (the 2nd level-2 under the 1st level-1: '1.2',
its 3rd indicator '1.2.3'; `code_source` says which), and `parent_code` the code
of the row above it in the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


class _Numbering:
    """Derived codes: each distinct path gets the next number under its parent."""

    def __init__(self) -> None:
        self._codes: dict[tuple[str, ...], str] = {}
        self._children: dict[tuple[str, ...], int] = {}

    def code(self, path: tuple[str, ...]) -> str:
        if path not in self._codes:
            parent = path[:-1]
            self._children[parent] = self._children.get(parent, 0) + 1
            prefix = f"{self.code(parent)}." if parent else ""
            self._codes[path] = f"{prefix}{self._children[parent]}"
        return self._codes[path]


def tree_rows(indicators: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every indicator with its place: indicator_level, code, code_source, parent_code,
    parent_name, level1, level2, level3."""
    numbering = _Numbering()
    printed: dict[tuple[int, str], str] = {}  # (level, name) → printed code, as rows go by
    last: dict[int, tuple[str, ...]] = {}  # the path of the last row seen at each level
    for ind in indicators:
        level = ind.get("level") or 3
        name = ind.get("name") or ""
        path = _path(ind, level, name, last)
        last[len(path)] = path
        code = ind.get("code")
        if code:
            printed[(len(path), name)] = code
        parent = path[:-1]
        parent_code = None
        if parent:
            parent_code = printed.get((len(parent), parent[-1])) or _prefix(code, printed)
            if parent_code is None and not code:
                parent_code = numbering.code(parent)
        place = {
            "indicator_level": level,
            "code": code or numbering.code(path),
            "code_source": "printed" if code else "derived",
            "parent_code": parent_code,
            "parent_name": ind.get("parent") or (parent[-1] if parent else None),
            "level1": (path[0] or None) if len(path) >= 1 else None,
            "level2": (path[1] or None) if len(path) >= 2 else None,
            "level3": (path[2] or None) if len(path) >= 3 else None,
        }
        yield ind, place


def _path(
    ind: dict[str, Any], level: int, name: str, last: dict[int, tuple[str, ...]]
) -> tuple[str, ...]:
    """The names from level 1 down to this row, from what the row says, else the tree so far."""
    if level <= 1:
        return (name,)
    parent = ind.get("parent")
    if level == 2:
        l1 = ind.get("level1") or parent or _last_name(last, 1)
        return (l1 or "", name)
    l2 = ind.get("level2") or parent or _last_name(last, 2)
    l1 = ind.get("level1")
    if not l1:
        above = last.get(2)
        l1 = above[0] if above and above[-1] == l2 else _last_name(last, 1)
    return (l1 or "", l2 or "", name)


def _last_name(last: dict[int, tuple[str, ...]], level: int) -> str | None:
    path = last.get(level)
    return path[-1] if path else None


def _prefix(code: str | None, printed: dict[tuple[int, str], str]) -> str | None:
    """The longest printed code that begins this one (A101 → A1), when names did not say."""
    if not code:
        return None
    known = [c for c in printed.values() if c != code and code.startswith(c)]
    return max(known, key=len) if known else None
