"""Python source -> a normalised token stream, each token with its place in the source.

    normalised_tokens(source) -> list[Token]

What a copy cannot hide by cosmetic edits is kept; what such edits change is dropped or
made uniform (as MOSS, JPlag and Dolos do):

    names          every identifier becomes `V` (keywords and builtins stay themselves)
    numbers        `N`; strings `S`
    dropped        comments, docstrings and other bare string statements, blank lines,
                   line continuations, a trailing comma before a closing bracket, and
                   grouping parentheses (not a call's): `return (a, b)` is `return a, b`
    kept           operators, keywords, statement ends (`;` counts as one), indentation

Nothing here runs the code: `tokenize` reads it.
"""

from __future__ import annotations

import builtins
import functools
import io
import keyword
import tokenize
import zlib
from typing import NamedTuple

_BUILTINS = frozenset(dir(builtins)) - {"copyright", "credits", "license", "exit", "quit"}
_CLOSING = {")", "]", "}"}
_DROPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
_FSTRING_PARTS = {getattr(tokenize, n) for n in ("FSTRING_MIDDLE", "FSTRING_END")
                  if hasattr(tokenize, n)}
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)


class Token(NamedTuple):
    """One normalised token: `kind` its normal form ("V", "N", "def", "+"), `code` a stable
    integer for it, and [start, end) the characters of the source it came from."""

    kind: str
    code: int
    start: int
    end: int


@functools.lru_cache(maxsize=4096)
def token_code(kind: str) -> int:
    """A stable integer for a normal form (the same in every process and run)."""
    return zlib.crc32(kind.encode("utf-8"))


def normalised_tokens(source: str) -> list[Token]:
    """The normalised tokens of `source`, in order.

    Source that does not tokenize to the end (an unclosed bracket, bad indentation) gives
    the tokens read before the problem: a broken function is still compared.
    """
    line_starts = _line_starts(source)
    raw: list[tuple[str, int, int]] = []
    groups: list[bool] = []  # for each open "(": is it a grouping one (dropped)?
    previous: tokenize.TokenInfo | None = None
    try:
        for tok in _without_bare_strings(tokenize.generate_tokens(io.StringIO(source).readline)):
            kind = _kind(tok)
            if kind is None:
                continue
            if kind == "(":
                groups.append(not _is_callee(previous))
            dropped = kind == ")" and groups and groups.pop()
            previous = tok
            if (kind == "(" and groups[-1]) or dropped:
                continue
            start = line_starts[tok.start[0] - 1] + tok.start[1]
            end = line_starts[tok.end[0] - 1] + tok.end[1]
            raw.append((kind, start, max(start, end)))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    kept: list[tuple[str, int, int]] = []
    for i, item in enumerate(raw):
        if item[0] == "," and i + 1 < len(raw) and raw[i + 1][0] in _CLOSING:
            continue  # a trailing comma, as formatters add and remove them
        if item[0] == "NEWLINE" and (not kept or kept[-1][0] in ("NEWLINE", "INDENT")):
            continue  # the end of a dropped docstring: no statement is left there
        kept.append(item)
    return [Token(kind, token_code(kind), start, end) for kind, start, end in kept]


def _is_callee(tok: tokenize.TokenInfo | None) -> bool:
    """True if a "(" after `tok` opens a call (or a definition's parameters)."""
    if tok is None:
        return False
    if tok.type == tokenize.NAME:
        return not keyword.iskeyword(tok.string)
    return tok.string in (")", "]") or tok.type == tokenize.STRING


def _without_bare_strings(tokens):
    """The tokens less each statement that is only a string (docstrings among them): a
    run of STRING tokens after a statement's start, followed by the statement's end."""
    pending: list[tokenize.TokenInfo] = []  # strings that may be a bare statement
    at_start = True
    for tok in tokens:
        if tok.type in _DROPPED:
            yield tok
            continue
        if tok.type == tokenize.STRING and (at_start or pending):
            pending.append(tok)
            continue
        if pending and tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER) or (
                pending and tok.type == tokenize.OP and tok.string == ";"):
            pending = []  # a bare string statement: left out, its end with it
            at_start = True
            continue
        yield from pending
        pending = []
        yield tok
        at_start = tok.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT) or (
            tok.type == tokenize.OP and tok.string == ";")
    yield from pending


def _kind(tok: tokenize.TokenInfo) -> str | None:
    """The normal form of one token, or None if it is dropped."""
    if tok.type in _DROPPED or tok.type in _FSTRING_PARTS:
        return None
    if tok.type == tokenize.NAME:
        if keyword.iskeyword(tok.string) or tok.string in _BUILTINS:
            return tok.string
        return "V"
    if tok.type == tokenize.NUMBER:
        return "N"
    if tok.type == tokenize.STRING or tok.type == _FSTRING_START:
        return "S"
    if tok.type == tokenize.NEWLINE or (tok.type == tokenize.OP and tok.string == ";"):
        return "NEWLINE"
    if tok.type == tokenize.INDENT:
        return "INDENT"
    if tok.type == tokenize.DEDENT:
        return "DEDENT"
    return tok.string


def _line_starts(source: str) -> list[int]:
    """The character offset where each line of `source` starts (one extra at the end)."""
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts + [starts[-1]]
