"""The pieces a table without ruling lines is rebuilt from: spans of text (a line's piece of one
cell), cells (a column's consecutive spans), rows (a vertical extent on the page)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from ..model import Line


@dataclass
class Frag:
    """One span of one line: a piece of one cell."""

    line: Line
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    col: int = -1

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Block:
    """Consecutive fragments of one column that belong to one cell."""

    col: int
    frags: list[Frag] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.frags[0].top

    @property
    def bottom(self) -> float:
        return max(f.bottom for f in self.frags)

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return join_lines(f.text for f in sorted(self.frags, key=lambda f: (f.top, f.x0)))


@dataclass
class Span:
    """A row's vertical extent on its page."""

    top: float
    bottom: float

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2


def join_lines(parts) -> str:  # type: ignore[no-untyped-def]
    """Lines of one cell joined as a ruled table's cell is: a wrapped line adds no space."""
    out = ""
    for part in parts:
        part = part.strip()
        if out and part and out[-1].isascii() and part[0].isascii() and out[-1].isalnum():
            out += " "
        out += part
    return out


def line_height(frags: list[Frag]) -> float:
    """The table's line height: how far below a line of a cell its next line can start."""
    return statistics.median([f.height for f in frags]) if frags else 10.0
