"""The text inside a code cell (comments, docstrings, strings) and its translation.

The code of every notebook is written once, in English (code/, one file per stage). A translation
replaces pieces of text, never code: ``pieces(source)`` finds them, ``translate(source,
table)`` swaps each piece whose English text the table has. The pieces (text/README.md):

    comment    a run of whole-line comments at one indentation, or one comment after code;
               its text is the lines without "# "
    docstring  a triple-quoted string over several lines; its text is dedented
    string     one string literal, or several that Python joins ("ab " "cd"); its text is
               what is between the quotes, the pieces' texts joined
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

from autograder.figures.fonts import CJK_FAMILIES, LATIN_FAMILY

#: Comments that are nbgrader's or the tools' markers, never text.
MARKER_COMMENT = re.compile(r"#+ *(BEGIN|END) (SOLUTION|HIDDEN TESTS)\b|# *noqa\b")
#: A piece is text a student reads (so a translation must cover it) if it has a word and is
#: a comment, a docstring, a string of several words, or a string the code shows: an
#: argument of one of these calls (or label=/title=), or an assert's message.
WORD = re.compile(r"[A-Za-z]{2,}")
WORDS = re.compile(r"[A-Za-z]{2,}\S*\s+\S*[A-Za-z]")
SHOWN_BY = {"print", "text", "set_title", "set_xlabel", "set_ylabel", "suptitle", "title",
            "xlabel", "ylabel", "AssertionError", "ValueError", "TypeError"}
SHOWN_AS = {"label", "title"}
#: A string that is maths only ("$\\hat y$"): the same in every language.
MATHS = re.compile(r"\s*(\$[^$]*\$\s*)+")
#: Strings of several words that are names, not text: the fonts of the setup cells.
NAMES = {LATIN_FAMILY, *CJK_FAMILIES}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
STRING_PREFIX = re.compile(r"[rRbBuUfF]*")


@dataclass(frozen=True)
class Piece:
    """One translatable piece of a cell's source: source[start:end] is its code."""

    kind: str  # "comment", "docstring" or "string"
    text: str  # what a translator sees (see the module docstring)
    start: int
    end: int
    indent: str = ""  # comments and docstrings: the indentation of their lines
    quote: str = '"'  # strings and docstrings: the quotes and prefix of the first literal
    prefix: str = ""
    closing: bool = False  # docstrings: the closing quotes are on a line of their own
    shown: bool = False  # strings: the code shows it (see SHOWN_BY)
    used: bool = False  # strings: an option of a call (loc="upper left"), not text
    whole_line: bool = True  # comments: on lines of their own (not after code)
    separator: str = " \\\n"  # strings: what goes between two literals of a wrapped text

    @property
    def is_text(self) -> bool:
        """True if a student reads it as words (a translation must cover it)."""
        if self.kind == "string" and (self.used or self.text in NAMES
                                      or MATHS.fullmatch(self.text)):
            return False
        if self.kind != "string" or self.shown:
            return bool(WORD.search(self.text))
        return bool(WORDS.search(self.text))


def pieces(source: str) -> list[Piece]:
    """The translatable pieces of ``source`` (Python code), in order."""
    offsets = [0]
    for line in source.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))

    def at(position: tuple[int, int]) -> int:
        return offsets[position[0] - 1] + position[1]

    found: list[Piece] = []
    shown, used = _string_roles(source)
    tokens = _tokens(source)
    index = 0
    while index < len(tokens):
        kind, start, end, line = tokens[index]
        if kind == "comment":
            block = [tokens[index]]
            whole_line = not line[:start[1]].strip()
            marker = MARKER_COMMENT.match(source[at(start):at(end)])
            while whole_line and not marker and index + 1 < len(tokens):
                nxt = tokens[index + 1]
                if (nxt[0] != "comment" or nxt[1][0] != block[-1][1][0] + 1
                        or nxt[1][1] != start[1] or nxt[3][:start[1]].strip()
                        or MARKER_COMMENT.match(source[at(nxt[1]):at(nxt[2])])):
                    break
                block.append(nxt)
                index += 1
            texts = [source[at(s):at(e)] for _, s, e, _ in block]
            if not marker:
                found.append(Piece("comment", "\n".join(_comment_text(t) for t in texts),
                                   at(start), at(block[-1][2]), indent=" " * start[1],
                                   whole_line=whole_line))
        elif kind == "string":
            group = [tokens[index]]
            while index + 1 < len(tokens) and tokens[index + 1][0] == "string":
                group.append(tokens[index + 1])
                index += 1
            found.append(_string_piece(source, [(at(s), at(e)) for _, s, e, _ in group],
                                       line, start in shown, start in used))
        index += 1
    return found


def _tokens(source: str) -> list[tuple[str, tuple[int, int], tuple[int, int], str]]:
    """Comment and string tokens (an f-string as one token, Python 3.12 or not), and a
    "code" token for anything else that separates two strings (NL inside brackets does
    not: "a" NL "b" is one joined string)."""
    out = []
    depth = 0  # inside an f-string (Python >= 3.12 splits them into tokens)
    fstring_start = None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        name = tokenize.tok_name[token.type]
        if name == "FSTRING_START":
            if depth == 0:
                fstring_start = token.start
            depth += 1
            continue
        if name == "FSTRING_END":
            depth -= 1
            if depth == 0:
                out.append(("string", fstring_start, token.end, token.line))
            continue
        if depth:
            continue
        if name == "STRING":
            out.append(("string", token.start, token.end, token.line))
        elif name == "COMMENT":
            out.append(("comment", token.start, token.end, token.line))
        elif name not in ("NL", "INDENT", "DEDENT", "ENDMARKER"):
            out.append(("code", token.start, token.end, token.line))
    return out


def _comment_text(comment: str) -> str:
    text = comment[1:]
    return text[1:] if text.startswith(" ") else text


def _literal(code: str) -> tuple[str, str, str]:
    """(prefix, quote, body) of one string literal's code."""
    prefix = STRING_PREFIX.match(code).group(0)
    rest = code[len(prefix):]
    quote = rest[:3] if rest[:3] in ('"""', "'''") else rest[0]
    return prefix, quote, rest[len(quote):-len(quote)]


def _string_roles(source: str) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Where the strings start (line, column in characters) that the code shows, and
    those it uses as options (keyword arguments such as loc="upper left")."""
    lines = source.splitlines()
    shown, used = set(), set()

    def mark(node: ast.AST, where: set) -> None:
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            prefix = lines[node.lineno - 1].encode()[:node.col_offset].decode()
            where.add((node.lineno, len(prefix)))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in SHOWN_BY:
                for arg in node.args:
                    mark(arg, shown)
            for keyword in node.keywords:
                mark(keyword.value, shown if keyword.arg in SHOWN_AS else used)
        elif isinstance(node, ast.Assert) and node.msg is not None:
            mark(node.msg, shown)
    return shown, used


def _string_piece(source: str, spans: list[tuple[int, int]], line: str, shown: bool,
                  used: bool) -> Piece:
    literals = [_literal(source[s:e]) for s, e in spans]
    prefix, quote, body = literals[0]
    if len(literals) == 1 and len(quote) == 3 and "\n" in body:
        first, *rest = body.split("\n")
        indent = re.match(r"[ \t]*", line).group(0)
        lines = [first] + [r[len(indent):] if r.startswith(indent) else r.lstrip()
                           for r in rest]
        return Piece("docstring", "\n".join(lines).rstrip(), spans[0][0], spans[-1][1],
                     indent=indent, quote=quote, prefix=prefix, closing=not rest[-1].strip())
    if any("f" in p.lower() for p, _, _ in literals) and "f" not in prefix.lower():
        prefix += "f"
    if len(spans) > 1:  # wrapped the way the English is
        separator = source[spans[0][1]:spans[1][0]]
    else:
        column = len(source[:spans[0][0]].rsplit("\n", 1)[-1])
        separator = " \\\n" + " " * column
    return Piece("string", "".join(b for _, _, b in literals), spans[0][0], spans[-1][1],
                 quote=quote, prefix=prefix, shown=shown, used=used, separator=separator)


def render(piece: Piece, translation: str) -> str:
    """The code that replaces ``piece`` when its text is ``translation``."""
    if piece.kind == "comment":
        if not piece.whole_line:
            return f"# {join_lines(translation)}"
        return f"\n{piece.indent}".join(f"# {t}".rstrip() for t in translation.split("\n"))
    if piece.kind == "docstring":
        first, *rest = translation.split("\n")
        body = "\n".join([first] + [f"{piece.indent}{r}" if r else "" for r in rest])
        closing = f"\n{piece.indent}" if piece.closing else ""
        return f"{piece.prefix}{piece.quote}{body}{closing}{piece.quote}"
    base = re.sub("[fF]", "", piece.prefix)
    formatted = base != piece.prefix
    literals = []
    for line in wrapped(translation):
        f = "f" if formatted and ("{" in line or "}" in line) else ""
        literals.append(f"{base}{f}{piece.quote}{line}{piece.quote}")
    return piece.separator.join(literals)


def wrapped(text: str) -> list[str]:
    """The lines of a translation wrapped over several, as the literals that make it up:
    a space ends a line between two Latin words, nothing is added next to a Chinese
    character."""
    if "\n" not in text:
        return [text]
    lines = [line.strip() for line in text.split("\n")]
    return [line + " " if line and after and not CJK.match(line[-1])
            and not CJK.match(after[0]) else line
            for line, after in zip(lines, [*lines[1:], ""], strict=True)]


def join_lines(text: str) -> str:
    """One line from a translation wrapped over several (see wrapped)."""
    return "".join(wrapped(text))


def translate(source: str, table: dict[str, str]) -> tuple[str, list[Piece]]:
    """``source`` with every piece the table translates replaced, and the text pieces it
    does not translate."""
    out, last, missing = [], 0, []
    for piece in pieces(source):
        translation = table.get(piece.text)
        if translation is None:
            if piece.is_text:
                missing.append(piece)
            continue
        if translation == piece.text:  # a placeholder: the English, as it is written
            continue
        out += [source[last:piece.start], render(piece, translation)]
        last = piece.end
    out.append(source[last:])
    return "".join(out), missing


def placeholders(piece_code: str) -> list[str]:
    """The expressions of an f-string's {...} placeholders (sorted), from its code."""
    tree = ast.parse(f"({piece_code}\n)", mode="eval")
    return sorted(ast.dump(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.FormattedValue))


def differences(english: str, translated: str) -> list[str]:
    """How ``translated`` differs from ``english`` other than in its text (comments, and
    the strings and docstrings students read): [] when it is the same code."""
    try:
        theirs = _items(translated)
    except (SyntaxError, tokenize.TokenError, IndentationError) as error:
        return [f"the translated code is not valid Python: {error}"]
    ours = _items(english)
    if [kind for kind, _ in ours] != [kind for kind, _ in theirs]:
        return ["the translated code has other tokens than the English (a string or a "
                "### marker added or removed, or code changed)"]
    out = []
    for (kind, mine), (_, other) in zip(ours, theirs, strict=True):
        if kind == "string" and mine[0].is_text:
            if placeholders(mine[1]) != placeholders(other[1]):
                out.append(f"the {{...}} placeholders differ: {mine[0].text!r}")
        elif kind == "string":
            if mine[0].text != other[0].text:
                out.append(f"a string the code uses (not text) changed: {mine[0].text!r}")
        elif mine != other:
            out.append(f"the code differs: {mine!r} became {other!r}")
    return out


def _items(source: str) -> list[tuple[str, object]]:
    """The source as tokens: ("code", text), ("marker", comment) for nbgrader's markers, and
    ("string", (piece, code)) for each string piece; other comments left out."""
    offsets = [0]
    for line in source.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    strings = {piece.start: piece for piece in pieces(source) if piece.kind != "comment"}
    out: list[tuple[str, object]] = []
    last_end = -1
    for kind, start, end, _ in _tokens(source):
        a, b = offsets[start[0] - 1] + start[1], offsets[end[0] - 1] + end[1]
        if kind == "code":
            out.append(("code", source[a:b]))
        elif kind == "comment":
            if MARKER_COMMENT.match(source[a:b]):
                out.append(("marker", source[a:b]))
        elif a in strings:
            piece = strings[a]
            out.append(("string", (piece, source[piece.start:piece.end])))
            last_end = piece.end
        elif a >= last_end:
            raise AssertionError("a string outside every piece")  # pieces() covers them
    return out
