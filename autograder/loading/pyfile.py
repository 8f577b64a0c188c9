"""Reading a .py submission into cells, so one broken function does not sink the rest.

The file is cut into top-level statements (a function with its decorators is one cell).
If the file does not parse, it is cut where a top-level `def`, `class`, decorator or
`# %%` marker starts, so a syntax error costs only the piece it is in. If it does not
parse because something in it is nested too deeply for Python, the pieces that are too
deep themselves are left out (cut finer, at every top-level statement, first) and the
rest is graded. The `if __name__ == "__main__":` block is left out, as importing the
module would.
"""

import ast
import re
from pathlib import Path

from autograder.i18n import tr
from autograder.loading.files import read_regular
from autograder.loading.model import MAX_SOURCE_BYTES, CodeUnit, LoadError
from autograder.loading.stages import stage_from_name
from autograder.loading.syntax import TooDeep, parse
from autograder.text_safety import printable

_BOUNDARY = re.compile(r"^(def |async def |class |@|# %%|# In\[)")
#: A line that may start a top-level statement: not indented, not a comment, not a closing
#: bracket, not the rest of a compound statement.
_STATEMENT = re.compile(r"^(?![\s#)\]}]|(?:else|elif|except|finally)\b)\S")


def read_python(path: Path, label: str, stage: int | None = None,
                base: Path | None = None) -> CodeUnit:
    """The code of the .py file at `path` as a CodeUnit (stage from its folder or name).

    base: the trusted folder above `path` (nothing below it is followed if a link).
    """
    text = _read_text(path, base)
    try:
        tree = parse(text)
    except TooDeep:
        cells, notes = _pieces(text)
        if not cells:
            raise LoadError(tr("{name} is nested too deeply for Python to parse (expressions "
                               "or blocks inside one another thousands of levels deep); split "
                               "the deep part into smaller statements and resubmit",
                               name=printable(path.name))) from None
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None)
        cells, notes = _pieces(text)
        notes.insert(0, tr("{label} has a syntax error near line {line}; the pieces of the "
                           "file without it were still graded", label=label, line=line)
                     if line else tr("{label} has a syntax error; the pieces of the file "
                                     "without it were still graded", label=label))
    else:
        cells, dropped_main = _split_statements(text, tree)
        notes = [tr('the `if __name__ == "__main__":` block was not run, as in an import')
                 ] if dropped_main else []
        notes += [tr('line {line}: `{name}` is defined inside the `if __name__ == '
                     '"__main__":` block, which does not run when your file is imported '
                     '(and the grader imports it): move `def {name}` above the block, to '
                     'the left margin.', line=line, name=name)
                  for name, line in (_defined_in_main(tree) if dropped_main else [])]
    names = [tr("the code at line {line}", line=_first_line(cell)) for cell in cells]
    return CodeUnit(label=label, cells=cells, stage=stage or stage_from_name(path.name),
                    notes=notes, cell_names=names)


def _first_line(cell: str) -> int:
    """The file's line number of the first line of `cell` that is not blank."""
    for number, line in enumerate(cell.splitlines(), start=1):
        if line.strip():
            return number
    return 1


def _read_text(path: Path, base: Path | None = None) -> str:
    """The file as text; LoadError if it is a link, not a regular file, empty, too large,
    binary or not UTF-8."""
    name = printable(path.name)
    size, raw = read_regular(path, base, MAX_SOURCE_BYTES)
    if size == 0:
        raise LoadError(tr("{name} is empty (0 bytes)",
                           name=name))
    if size > MAX_SOURCE_BYTES:
        raise LoadError(tr("{name} is {value:.1f} MiB, over the {value2} KiB limit for a source "
                           "file",
                           name=name, value=size / 2 ** 20, value2=MAX_SOURCE_BYTES // 1024))
    if b"\x00" in raw:
        raise LoadError(tr("{name} is a binary file, not Python source",
                           name=name))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LoadError(tr("{name} is not UTF-8 text (undecodable byte at offset {start}): save "
                           "it as UTF-8 and resubmit",
                           name=name, start=error.start)) from None
    if not text.strip():
        raise LoadError(tr("{name} holds no code (only whitespace)",
                           name=name))
    return text


def _split_statements(text: str, tree: ast.Module) -> tuple[list[str], bool]:
    """One cell per top-level statement (comments above it included); drops the main block."""
    lines = text.splitlines(keepends=True)
    starts = [min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
              for node in tree.body]
    cells: list[str] = []
    dropped_main = False
    for i, node in enumerate(tree.body):
        begin = 0 if i == 0 else starts[i] - 1
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(lines)
        if _is_main_guard(node):
            dropped_main = True
            continue
        # Blank lines keep each cell's line numbers equal to the file's.
        cells.append("\n" * begin + "".join(lines[begin:end]))
    return cells, dropped_main


def _defined_in_main(tree: ast.Module) -> list[tuple[str, int]]:
    """[(name, line)] of the course's functions and class defined only inside the main block."""
    from autograder.contract import NAMES

    wanted = {name for names in NAMES.values() for name in names}
    outside = {node.name for node in tree.body
               if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
    return [(node.name, node.lineno) for guard in tree.body if _is_main_guard(guard)
            for node in ast.walk(guard)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.name in wanted and node.name not in outside]


def _is_main_guard(node: ast.stmt) -> bool:
    """True for `if __name__ == "__main__":` (either way round)."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    parts = [node.test.left, *node.test.comparators]
    names = {p.id for p in parts if isinstance(p, ast.Name)}
    consts = {p.value for p in parts if isinstance(p, ast.Constant)}
    return names == {"__name__"} and consts == {"__main__"}


def _pieces(text: str) -> tuple[list[str], list[str]]:
    """Source Python cannot parse whole, as the pieces that parse or have a syntax error of
    their own, and a note for each piece left out for its depth."""
    cells, deep_lines = _split_around_deep(text)
    notes = [tr("the code at line {line} is nested too deeply for Python to compile "
                "(expressions or blocks inside one another thousands of levels deep), so it "
                "was left out; the rest of the file was still graded", line=line)
             for line in deep_lines]
    return cells, notes


def _split_around_deep(text: str) -> tuple[list[str], list[int]]:
    """Cut source that is too deep for Python's parser into pieces that are not: the pieces
    (line numbers kept) and the first line of each piece left out for its depth.

    The source is cut at its top-level definitions; a piece still too deep is cut at every
    line that may start a top-level statement, and the parts still too deep are left out.
    """
    kept: list[str] = []
    left_out: list[int] = []
    for piece in _split_at_definitions(text):
        if not _too_deep(piece):
            kept.append(piece)
            continue
        for part in _split_at_definitions(piece, _STATEMENT):
            if _too_deep(part):
                left_out.append(_first_line(part))
            else:
                kept.append(part)
    return kept, left_out


def _too_deep(source: str) -> bool:
    """True if Python cannot parse `source` for its depth (a syntax error is not that)."""
    try:
        parse(source)
    except TooDeep:
        return True
    except (SyntaxError, ValueError):
        return False
    return False


def _split_at_definitions(text: str, boundary: re.Pattern = _BOUNDARY) -> list[str]:
    """Cut unparsable source where top-level definitions start (decorators stay with theirs),
    or where `boundary` matches a line. Each piece keeps the file's line numbers (it starts
    with as many newlines as lines come before it)."""
    cells: list[str] = []
    current: list[str] = []
    offset = 0  # the line number where `current` starts, minus one
    previous = ""
    for line in text.splitlines(keepends=True):
        if boundary.match(line) and current and not previous.startswith("@"):
            cells.append("\n" * offset + "".join(current))
            offset += len(current)
            current = []
        current.append(line)
        if line.strip():
            previous = line
    if current:
        cells.append("\n" * offset + "".join(current))
    return cells
