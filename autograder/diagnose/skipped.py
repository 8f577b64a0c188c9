"""A name that is "not defined" because the code defining it could not run.

When a piece of the student's code does not parse (a missing colon, tabs mixed with spaces,
Python 2's print), the grader skips it and says so once in the notes; every function that
piece defines is then missing, and each of their checks would say "`sse_loss` is not
defined" and suggest a spelling mistake. This module says the real cause instead, at each
such check: the definition is there, in code Python could not read, and where.

    explain(results, cells, file_of) -> results
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from autograder.diagnose.attribution import function_of
from autograder.diagnose.probes import hint
from autograder.i18n import N_, tr

SKIPPED = hint("defined_in_code_that_could_not_run", N_(
    "Python reads a whole piece of code before running any of it, so one line it cannot read "
    "(a missing `:`, a bracket left open, tabs mixed with spaces) stops every definition in "
    "that piece. Fix the line the error names and the rest runs again."))

_DEF = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([^\W\d]\w*)", re.MULTILINE)


def unreadable(cells: list[str | None]) -> dict[str, tuple[int, str]]:
    """{name: (cell index, Python's complaint)} of the names defined in cells that do not
    parse (only top-level and class-level definitions are looked at, by their `def` lines)."""
    names: dict[str, tuple[int, str]] = {}
    for index, source in enumerate(cells):
        if not isinstance(source, str) or not source.strip():
            continue
        try:
            compile(source, "<cell>", "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as error:
            said = f"{type(error).__name__}: {getattr(error, 'msg', error)}"
            line = getattr(error, "lineno", None)
            for name in _DEF.findall(source):
                names.setdefault(name, (index, said if line is None else
                                        tr("{error} (line {line})", error=said, line=line)))
        except Exception:  # noqa: BLE001  (too deep, too large: not a syntax error)
            continue
    return names


def explain(results: list, cells: list[str | None], file_of: Callable[[int], str]) -> list:
    """The results, with "not defined" said as "defined in code that could not run"."""
    missing = [r for r in results if not r.passed and r.mistake == "not_defined"]
    if not missing:
        return results
    skipped = unreadable(cells)
    out = []
    for result in results:
        name = function_of(result.name)
        if result in missing and name in skipped:
            cell, error = skipped[name]
            message = tr("`{name}` is not defined: its code is in {file}, but Python could not "
                         "read that part of the file ({error}), so none of it ran.", name=name,
                         file=file_of(cell), error=error)
            result = replace(result, message=message, mistake=SKIPPED, plain="")
        out.append(result)
    return out
