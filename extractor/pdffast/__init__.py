"""What extractor.pdf asks of pdfplumber, computed faster, and exactly the same.

pdfplumber reads a page by running pdfminer's interpreter over the content
stream (a byte-at-a-time tokenizer in pure Python), building an LTChar per
character and then turning every LTChar into a dict: 80-85% of the time
extractor.pdf spent on a PDF. `prime(page)` computes the same `page.objects`
with:

- tokenizer: a regex tokenizer that reads each content stream in one pass
  (same objects as pdfminer's PDFContentParser);
- device: an interpreter that dispatches operators through a cached table
  (same operator calls, same argument stack as PDFPageInterpreter.execute),
  and a device that turns text drawn with a horizontal font straight into
  pdfplumber's char dict (same arithmetic as PDFTextDevice.render_string_horizontal,
  LTChar and pdfplumber's Page.process_object, in the same order, so the same
  floats); everything else (paths, images, vertical fonts) goes through
  pdfminer's and pdfplumber's own code.

Anything the fast reader does not handle exactly like pdfminer (inline images,
procedures, streams that end oddly, any exception) makes `prime` leave the
page alone, and pdfplumber then reads it the usual way, failing the same way
if it fails. JIXIAO_PDF_FAST=0 turns `prime` off.

tables replaces the pdfplumber calls whose results extractor.pdf uses by the
same computation without the repeated work: `find_tables`, `table_rows`,
`cell_text`, `text_lines`.

Imports only look down: this package's __init__ -> device -> tokenizer, and
__init__ -> tables. tests/test_pdffast.py checks all of it against pdfplumber
itself, dict for dict and key for key, on every corpus page: an upgrade of
pdfminer or pdfplumber that changes what they compute fails there (pyproject.toml
pins both to the releases tested).
"""

from __future__ import annotations

import os
from typing import Any

from .device import FastDevice, FastInterpreter, page_objects
from .tables import _intersections_to_cells as _intersections_to_cells
from .tables import _word_tuples as _word_tuples
from .tables import cell_text, find_tables, table_rows, text_lines
from .tokenizer import Unsupported
from .tokenizer import _objects as _objects

__all__ = [
    "ENABLED",
    "FastDevice",
    "FastInterpreter",
    "Unsupported",
    "cell_text",
    "find_tables",
    "page_objects",
    "prime",
    "table_rows",
    "text_lines",
]

ENABLED = os.environ.get("JIXIAO_PDF_FAST", "1") != "0"


def prime(page: Any) -> bool:
    """Give `page` its objects the fast way; False (page untouched) when pdfplumber must read it."""
    if not ENABLED or hasattr(page, "_objects"):
        return False
    try:
        objects = page_objects(page)
    except Exception:
        return False
    page._objects = objects
    return True
