"""Student text in a spreadsheet or a terminal: shown as written, never evaluated.

    spreadsheet_text("=1+1") -> "'=1+1"     # a cell Excel, LibreOffice and Sheets keep as text
    terminal_text("ada\x1b[2J") -> "ada\\x1b[2J"

The inputs helper is writing a shared sanitizer (autograder/text_safety.py); until it lands
this module holds the two small functions the LMS export needs.
"""

from __future__ import annotations

import unicodedata

#: A cell starting with one of these is read as a formula (OWASP's list, plus the full-width
#: forms some spreadsheets fold into them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_text(value: str) -> str:
    """`value` as a cell that stays text: a leading apostrophe when it could start a formula.

    Leading spaces do not hide a formula (" =1+1" is also quoted).
    """
    if value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def terminal_text(value: str) -> str:
    """`value` with control and format characters (escape sequences, bidi overrides) shown
    as escapes, so printing it cannot move the cursor, recolour or reorder the terminal."""
    return "".join(
        char if unicodedata.category(char)[0] != "C"
        else char.encode("unicode_escape").decode("ascii")
        for char in value)
