"""Writing a CSV table whose text cells a spreadsheet never evaluates.

    csv_text(rows) -> str      # RFC 4180: CRLF line ends, quotes only where needed
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from autograder.text_safety import csv_cell

#: Written before the text: Excel reads the file as UTF-8 only with it.
BOM = "\ufeff"


def cell(value: str | int | float | None) -> str:
    """A number as written, None as an empty cell, text made inert."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return str(csv_cell(str(value)))


def csv_text(rows: Iterable[Iterable[str | int | float | None]]) -> str:
    """The rows as CSV text (without the byte-order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()
