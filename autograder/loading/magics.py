"""IPython syntax in notebook cells, turned into plain Python the sandbox can run.

Nothing here ever runs anything. Shell escapes (`!pip install x`, `files = !ls`, `%%bash`,
`%system`, `%pip`, ...) and every magic we do not know are replaced by `pass`, with a note
for the student; `%time stmt` and the bodies of `%%time` / `%%capture` keep their Python;
display and configuration magics (`%matplotlib inline`, `%load_ext`, ...) and help lookups
(`sigmoid?`) are dropped quietly. Lines are replaced one for one, so line numbers in error
messages still match the student's cell.
"""

import re

from autograder.i18n import tr
from autograder.loading.syntax import TooDeep, parse

# Cell magics whose body is ordinary Python that should still run.
_PYTHON_BODY_CELL_MAGICS = {"time", "capture"}
# Line magics that only change display or IPython's own settings: dropped without a note.
_QUIET_LINE_MAGICS = {
    "matplotlib", "config", "load_ext", "reload_ext", "unload_ext", "autoreload", "aimport",
    "precision", "xmode", "colors", "pprint", "autosave", "automagic", "pdb", "doctest_mode",
}
# Line magics whose argument is a Python statement: `%time x = f()` runs `x = f()`.
_STATEMENT_LINE_MAGICS = {"time"}

_INDENT = re.compile(r"^(\s*)")
_LINE_MAGIC = re.compile(r"^\s*%(?!%)([A-Za-z_]\w*)")
# (The first character after the indentation is not a space, so matching is linear.)
_ASSIGNED_ESCAPE = re.compile(r"^\s*[\w.,\[\]()][\w.,\s\[\]()]*=\s*([!%])")
_HELP = re.compile(r"^\s*(\?{1,2}[\w.]+|[\w.]+\?{1,2})\s*$")


def translate_cell(source: str) -> tuple[str | None, list[str]]:
    """Plain Python for one notebook code cell, and notes on what was left out.

    source: the cell's text. Returns (code, notes); code is None when nothing of the cell
    can run (a `%%bash` cell, say). Valid Python comes back unchanged.
    """
    try:
        if _is_python(source):
            return source, []
    except TooDeep:
        return None, [tr("was not run: it is nested too deeply for Python to parse "
                         "(expressions or blocks inside one another thousands of levels deep)")]
    lines = source.splitlines()
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        return _translate_cell_magic(first, lines[1:])
    return _translate_lines(lines)


def _is_python(source: str) -> bool:
    """True if the text parses as Python as it stands (then there is nothing to translate).

    Raises TooDeep if Python cannot parse it for its depth.
    """
    try:
        parse(source)
    except (SyntaxError, ValueError):
        return False
    return True


def _translate_cell_magic(first: str, body: list[str]) -> tuple[str | None, list[str]]:
    """A cell that starts with `%%name`: keep a Python body, drop everything else."""
    name = first[2:].split(maxsplit=1)[0] if len(first) > 2 else ""
    if name in _PYTHON_BODY_CELL_MAGICS:
        code, notes = _translate_lines(body, first_line=2)
        return ("pass\n" + code if code is not None else None), notes
    return None, [tr("the `%%{name}` cell was not run (the grader never runs shell commands or "
                     "cell magics)",
                     name=name)]


def _translate_lines(lines: list[str], first_line: int = 1) -> tuple[str | None, list[str]]:
    """Replace each magic, shell escape or help line by `pass` at the same indentation.

    first_line: the cell's line number of lines[0], for the notes.
    """
    out: list[str] = []
    notes: list[str] = []
    in_string: str | None = None  # the open triple quote, while inside a multi-line string
    continuing = False  # the previous line was a magic ending in a backslash
    indent = ""
    for number, line in enumerate(lines, start=first_line):
        if continuing:  # a continuation line of a magic: same indentation as its first line
            out.append(indent + "pass")
            continuing = line.rstrip().endswith("\\")
            continue
        indent = _INDENT.match(line).group(1)
        if in_string is None:
            replacement, note = _translate_line(line)
            if replacement is not None:
                out.append(indent + replacement)
                if note:
                    notes.append(tr("line {number}: {note}",
                                    number=number, note=note))
                continuing = line.rstrip().endswith("\\")
                continue
        out.append(line)
        in_string = _string_state_after(line, in_string)
    code = "\n".join(out)
    return (code if code.strip() else None), notes


def _translate_line(line: str) -> tuple[str | None, str | None]:
    """(replacement, note) for one line outside strings; (None, None) for ordinary Python."""
    stripped = line.strip()
    shown = stripped if len(stripped) <= 60 else stripped[:57] + "..."
    assigned = _ASSIGNED_ESCAPE.match(line)
    if stripped.startswith("!") or (assigned and assigned.group(1) == "!"):
        return "pass", tr("`{shown}` was not run (the grader never runs shell commands)",
                          shown=shown)
    if assigned:
        return "pass", tr("`{shown}` was not run (the grader never runs magics)",
                          shown=shown)
    match = _LINE_MAGIC.match(line)
    if match:
        name = match.group(1)
        if name in _QUIET_LINE_MAGICS:
            return "pass", None
        if name in _STATEMENT_LINE_MAGICS:
            return (stripped[len(name) + 1:].strip() or "pass"), None
        return "pass", tr("`{shown}` was not run (the grader never runs magics or shell commands)",
                          shown=shown)
    if _HELP.match(line):
        return "pass", None
    return None, None


def _string_state_after(line: str, open_quote: str | None) -> str | None:
    """Track triple-quoted strings across lines (roughly: comments and escapes are ignored)."""
    position = 0
    while True:
        if open_quote is None:
            hits = [(line.find(q, position), q) for q in ('"""', "'''")]
            hits = [(i, q) for i, q in hits if i >= 0]
            if not hits:
                return None
            index, open_quote = min(hits)
            position = index + 3
        else:
            index = line.find(open_quote, position)
            if index < 0:
                return open_quote
            open_quote, position = None, index + 3
