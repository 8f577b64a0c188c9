"""Student text made inert for each place it is shown: Markdown, HTML, a terminal, CSV.

    printable(text) -> str        control characters and bidi overrides as visible escapes
    terminal(text)  -> str        one printable line, for a terminal (print it with
                                  markup=False, or as rich_text(text))
    rich_text(text) -> Text       the same as a rich Text: never read as [markup]
    markdown(text)  -> str        Markdown that shows exactly `text` (`code spans` kept)
    markdown_line(text) -> str    the same folded onto one line (a list item, a heading)
    html_text(text) -> str        escaped HTML, `code spans` shown as <code>
    csv_cell(value) -> value      a string that cannot become a spreadsheet formula

Student text is anything a submission decides: file and folder names, exception messages,
printed output, and the notes and messages that quote them. Each function here only
escapes; none drops a character without a visible trace, so what a reader sees is what the
student wrote.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# C0 and C1 controls, DEL, the Unicode characters that reorder or hide text (bidi
# embeddings, overrides and isolates, line and paragraph separators), and lone surrogates
# (a file name that is not UTF-8), which no UTF-8 file or terminal can take.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                      "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NEWLINES = re.compile(r"\r\n?")
# Characters Markdown may read as markup anywhere in a line, and at the start of one.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START_MARKUP = re.compile(r"^([#>+=-])")
_ORDERED_LIST_START = re.compile(r"^(\d+)([.)])")
_CODE_SPAN = re.compile(r"(`[^`]+`)")
_BACKTICKS = re.compile(r"`([^`]+)`")
#: What a spreadsheet may read as the start of a formula (OWASP's list for CSV injection, plus
#: the full-width forms some spreadsheets fold into them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def printable(text: str) -> str:
    """`text` with every control character (ESC of an escape sequence, BEL, backspace, ...)
    and bidi override written as a visible escape such as ``\\x1b``; tabs become spaces,
    and line ends are kept as "\\n"."""
    text = _NEWLINES.sub("\n", str(text)).replace("\t", " ")
    return _CONTROL.sub(_escape, text)


def terminal(text: str) -> str:
    """`text` as one printable line (whitespace runs folded to one space)."""
    return " ".join(printable(text).split())


def rich_text(text: str) -> Text:
    """`text` as a rich Text on one line: printable, and never read as Rich markup."""
    from rich.text import Text

    return Text(terminal(text))


def markdown(text: str) -> str:
    """`text` as Markdown that shows exactly `text`: its `code spans` kept as code, every other
    character Markdown could read as markup escaped, each line a paragraph of its own."""
    paragraphs = []
    for line in printable(text).splitlines():
        pieces = _CODE_SPAN.split(line.strip())  # odd indices: the code spans, kept as they are
        line = "".join(piece if i % 2 else _INLINE_MARKUP.sub(r"\\\1", piece)
                       for i, piece in enumerate(pieces))
        paragraphs.append(_ORDERED_LIST_START.sub(r"\1\\\2", _LINE_START_MARKUP.sub(r"\\\1", line)))
    return "\n\n".join(p for p in paragraphs if p)


def markdown_line(text: str) -> str:
    """`text` as inert Markdown on one line (newlines folded)."""
    return markdown(terminal(text))


def html_text(text: str) -> str:
    """Escaped HTML (quotes too, so it is safe in an attribute) with `backtick` spans shown
    as code."""
    return _BACKTICKS.sub(r"<code>\1</code>", html.escape(printable(text)))


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as written: a string starting with = + - @ (or a
    tab, a line end or their full-width forms; also after leading spaces) gets a leading
    single quote, as OWASP recommends; numbers and everything else are kept as they are."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
