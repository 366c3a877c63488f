"""What the reader could not read: said as findings, so that silence means "checked"."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.model import Report

from .registry import Hit, rule


@rule(
    "EXTRACT-UNREAD",
    "extraction",
    "warning",
    "文件中列有的表格未能读成行列",
    kinds=("project", "department", "publication", "self_assessment", "targets", "monitoring"),
)
def unread_parts(report: Report) -> Iterator[Hit]:
    """A table the document names (caption, column words, indicator codes) gave no rows.

    Every rule that needs it then stays silent, and the audit would look clean where
    nothing was checked: the auditor must read that part by hand.

    Limits: Knows a table only by what names it (a caption, its column words, indicator codes); a
    table the document never names cannot be missed.
    """
    for what, where in report.unread:
        page = f"第 {where.page} 页" if where.page else "文中"
        yield Hit(f"{page}的{what}未能读成行列，其中的数据未经核对：“{where.quote[:40]}”", [where])
