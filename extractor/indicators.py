"""Score tables into indicators: the detailed tree, the per-item tables and the summaries.

Reports print the same scores several times: a detailed table (一级/二级/三级
with weights, targets, results, scores and rubrics), per-section tables of
level-3 items, and summary tables by level 1 or 2. Each is read as printed
into a ScoreTable (so rules can compare them), and the detailed tree is
completed from the others where it leaves a value out.

The readers live in their own modules: scorewords (column roles and the words of
score tables), scoregrid and scorestacked (detailed tables), scoreitems and
scoresummary (tables that restate part of the tree), scoretree (the tree). This
module tells which kind a table is and sends it to its reader.
"""

from __future__ import annotations

from .model import Evidence, Indicator, Quantity, ScoreTable, Table
from .normalize import name_key
from .numbers import parse_number
from .scoregrid import parse_detailed_grid
from .scoreitems import parse_items
from .scorestacked import parse_detailed_stacked
from .scoresummary import parse_summary, transposed_labels
from .scoretree import build_tree
from .scorewords import column_roles, split_weight

__all__ = [
    "build_tree",
    "column_roles",
    "kind_of",
    "name_key",
    "parse_detailed_grid",
    "parse_detailed_stacked",
    "parse_items",
    "parse_summary",
    "read_score_tables",
    "split_weight",
]


def kind_of(table: Table) -> str | None:
    """detailed | summary | items | targets | None, from the header's roles."""
    roles = set(column_roles(table.header))
    if transposed_labels(table) is not None:
        return "summary"
    if not roles & {"score", "rate", "points"}:
        if {"l1", "l2", "l3"} <= roles and ("benchmark" in roles or "weight" in roles):
            return "targets" if "weight" not in roles else "detailed"
        if table.source == "stacked" and {"l2", "l3", "weight"} <= roles:
            return "detailed"
        return None
    if "l3" in roles and ("l1" in roles or "l2" in roles):
        return "detailed"
    if "l3" in roles:
        return "items"
    if roles & {"l1", "l2"}:
        return "summary"
    return None


def read_score_tables(
    tables: list[Table],
) -> tuple[list[Indicator], list[ScoreTable], list[tuple[Quantity, Evidence]]]:
    """Every score table of a document: the indicator tree, the tables as printed, totals."""
    score_tables: list[ScoreTable] = []
    totals: list[tuple[Quantity, Evidence]] = []
    for table in tables:
        kind = kind_of(table)
        if kind == "detailed":
            if table.source == "stacked":
                rows = parse_detailed_stacked(table)
            else:
                rows, total = parse_detailed_grid(table)
                roles = column_roles(table.header)
                score_idx = roles.index("score") if "score" in roles else None
                if total is not None and score_idx is not None:
                    nums = [parse_number(c) for c in total.cells[1:] if c and parse_number(c)]
                    score = None
                    if score_idx is not None and score_idx < len(total.cells):
                        score = parse_number(total.cells[score_idx])
                    if score is None:
                        numeric = [q for q in nums if q.unit != "%"]
                        score = numeric[-1] if numeric else None
                    if score is not None:
                        totals.append((score, total.evidence()))
            if rows:
                score_tables.append(ScoreTable(table.caption, "detailed", rows))
        elif kind == "items":
            rows = parse_items(table)
            if rows:
                score_tables.append(ScoreTable(table.caption, "items", rows))
        elif kind == "summary":
            rows = parse_summary(table)
            if rows:
                score_tables.append(ScoreTable(table.caption, "summary", rows))
    tree = build_tree(score_tables)
    return tree, score_tables, totals
