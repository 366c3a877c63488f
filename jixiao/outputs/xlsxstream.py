"""What audit.xlsx's 问题清单 would otherwise hold per finding, kept on disk or per file.

openpyxl's write-only mode streams the rows, but keeps every hyperlink (an object per
cell, and a relationship per link) until the sheet is closed, then lists them all after
the rows, where the file format puts them, and the relationships until the workbook is
saved. `spool_links` makes a sheet write its links to a temporary file as the rows go,
and list them from there, one relationship per distinct target (the findings of a file
share its two targets), each relationship to a second temporary file that `add_rels`
copies into the saved workbook as the sheet's relationships part. `ReportRows` gives the
report fields a finding's row repeats by reading the reports table alongside the
findings (both are in the run's input order), holding one file's reports at a time.
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from openpyxl.packaging.relationship import Relationship, get_rels_path
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.xml.constants import PKG_REL_NS
from openpyxl.xml.functions import tostring

RECENT = 64  # targets whose relationship is remembered (a file's links are on adjacent rows)


class _LinkSpool:
    """A sheet's hyperlinks (cell, target) in a temporary file, in the order written."""

    def __init__(self) -> None:
        # Open while the sheet is written: closed once the links are listed (or with the object).
        self.fh = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.count = 0

    def append(self, link: Hyperlink) -> None:
        self.fh.write(json.dumps([link.ref, link.target], ensure_ascii=False) + "\n")
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Hyperlink]:
        self.fh.seek(0)
        for line in self.fh:
            ref, target = json.loads(line)
            yield Hyperlink(ref=ref, target=target)

    def close(self) -> None:
        self.fh.close()


def spool_links(ws: Any) -> None:
    """Make a write-only sheet keep its hyperlinks on disk (call after its first row)."""
    writer = ws._writer  # made by the first append
    ws._hyperlinks = _LinkSpool()
    writer.write_hyperlinks = functools.partial(_write_links, writer)


def _write_links(writer: Any) -> None:
    """<hyperlinks> after the rows, read back from the spool; one relationship per target,
    numbered as openpyxl numbers them, written to `ws._spooled_rels` (see `add_rels`).

    Only the last RECENT targets are remembered: a target seen before them would get a
    relationship of its own (valid too); the rows of a file are adjacent, so none does."""
    links = writer.ws._hyperlinks
    if not links:
        return
    ids: dict[str, str] = {}
    made = len(writer._rels)
    rels = writer.ws._spooled_rels = tempfile.TemporaryFile()  # noqa: SIM115 (add_rels closes)
    xf = writer.xf.send(True)
    with xf.element("hyperlinks"):
        for link in links:
            if link.target not in ids:
                made += 1
                rel = Relationship(
                    type="hyperlink", TargetMode="External", Target=link.target, Id=f"rId{made}"
                )
                rels.write(tostring(rel.to_tree()))
                ids[link.target] = rel.Id
                if len(ids) > RECENT:
                    del ids[next(iter(ids))]
            link.id = ids[link.target]
            xf.write(link.to_tree())
    writer.xf.send(None)
    links.close()


def add_rels(wb: Any, path: Path) -> None:
    """Copy each spooled sheet's relationships into the workbook saved at `path` (the part
    openpyxl would have written from memory, byte for byte), a block at a time."""
    for ws in wb.worksheets:
        rels = getattr(ws, "_spooled_rels", None)
        if rels is None:
            continue
        if ws._rels:  # openpyxl wrote a part of its own for the sheet: never two
            raise ValueError(f"{ws.title}: spooled links beside other relationships")
        rels.seek(0)
        name = get_rels_path(ws.path)[1:]
        with (
            zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
            archive.open(name, "w") as part,
        ):
            part.write(f'<Relationships xmlns="{PKG_REL_NS}">'.encode())
            shutil.copyfileobj(rels, part)
            part.write(b"</Relationships>")
        rels.close()
        del ws._spooled_rels


class ReportRows:
    """The reports' fields by report_id, for findings read in the same file order.

    Holds the reports of the current file only. Should a finding's file not come next in
    the reports table (it always does: both tables are written from one pass over the
    outcomes), every report is looked up in a full table (`whole`) from then on."""

    def __init__(
        self,
        rows: Iterator[tuple[str, str, dict[str, Any]]],
        whole: Callable[[], dict[str, dict[str, Any]]],
    ) -> None:
        """`rows`: (file, report_id, fields) in table order; `whole`: every report by id."""
        self.rows, self.whole = rows, whole
        self.file: str | None = None
        self.window: dict[str, dict[str, Any]] = {}
        self.ahead: tuple[str, str, dict[str, Any]] | None = None
        self.everything: dict[str, dict[str, Any]] | None = None

    def get(self, file: str, report_id: str) -> dict[str, Any]:
        """The report row `report_id` of `file` ({} when there is none)."""
        if self.everything is not None:
            return self.everything.get(report_id, {})
        if file != self.file:
            self._advance(file)
        if report_id in self.window:
            return self.window[report_id]
        self.everything = self.whole()  # out of order: look everything up from now on
        return self.everything.get(report_id, {})

    def _advance(self, file: str) -> None:
        """Skip the reports of files without findings, then read those of `file`."""
        self.file, self.window = file, {}
        row = self.ahead if self.ahead is not None else next(self.rows, None)
        while row is not None and row[0] != file:
            row = next(self.rows, None)
        while row is not None and row[0] == file:
            self.window[row[1]] = row[2]
            row = next(self.rows, None)
        self.ahead = row
