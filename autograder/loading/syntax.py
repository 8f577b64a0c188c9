"""Parsing student source without letting its shape hurt the grader.

    parse(source) -> ast.Module     # SyntaxError / ValueError as ast.parse; TooDeep

Python's parser gives up on code nested thousands of levels deep (`-(-(-(...)))`,
`a.b.b.b...`, `1+1+1+...`) with RecursionError or MemoryError; here that is TooDeep, one
reason a student can act on, and the grader process is unharmed.
"""

import ast

from autograder.i18n import N_, tr


class TooDeep(Exception):
    """The source is nested too deeply for Python's parser."""


#: How a file or cell that Python cannot parse for its depth is described to the student.
TOO_DEEP = (N_("is nested too deeply for Python to parse (expressions or blocks inside one "
            "another thousands of levels deep)"))


def parse(source: str) -> ast.Module:
    """`ast.parse(source)`; TooDeep where the parser runs out of depth or memory."""
    try:
        return ast.parse(source)
    except (RecursionError, MemoryError):
        raise TooDeep(tr(TOO_DEEP)) from None
