"""What the student's code raised, said in the student's terms: the soft timeout, and the
frames of a traceback that are in the student's cells, with the operands of the line that
raised. Loaded in the child as ``_scratchnet_tracebacks``.
"""

import dis
import re
import traceback
import types

import numpy as np

MAX_TRACEBACK = 2_000
_ndarray = np.ndarray
type_name = type.__dict__["__name__"].__get__
#: Each loaded cell's lines, by its code's file name ("<cell 3>"), for error reports.
SOURCES: dict[str, list[str]] = {}
_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


class SoftTimeout(BaseException):
    """Raised in the student's code by SIGALRM when a call or cell runs too long."""


class Reported(Exception):
    """The student's code raised; ``report`` is what was made of it under the call's timer
    (its ``__str__`` is the student's code too, and may hang)."""

    def __init__(self, report):
        super().__init__()
        self.report = report


def on_alarm(_signum, _frame):
    raise SoftTimeout()


def describe_error(error: BaseException, index: int) -> str:
    """ "ZeroDivisionError: division by zero (line 3)" for an exception raised in cell ``index``."""
    try:
        message = str(error)[:300]
    except BaseException:
        message = ""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == f"<cell {index}>":
            line = frame.lineno
    text = type(error).__name__ + (f": {message}" if message else "")
    return text + (f" (line {line})" if line else "")


def student_traceback(error: BaseException) -> str:
    """The frames of the traceback that are in the student's cells, newest last.

    After them, for the newest student frame: ``where: <its source line>`` and
    ``operands: name (array (4, 3) float64); ...`` for the local names that line uses, so
    the grader can say the error in the student's terms. Only types and shapes are read
    (no method of the student's values is called).
    """
    try:
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if f.filename.startswith("<cell ")]
        lines = [f"{f.filename[1:-1]}, line {f.lineno}, in {f.name}" for f in frames]
        lines += _where(error)
        return "\n".join(lines)[-MAX_TRACEBACK:]
    except BaseException:
        return ""


def _where(error: BaseException) -> list[str]:
    tb, last = error.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith("<cell "):
            last = tb
        tb = tb.tb_next
    if last is None:
        return []
    source = SOURCES.get(last.tb_frame.f_code.co_filename, [])
    if not 0 < last.tb_lineno <= len(source):
        return []
    text = source[last.tb_lineno - 1].strip()[:160]
    local = last.tb_frame.f_locals
    seen, operands = set(), []
    for name in _NAME.findall(text):
        if name in local and name not in seen and type(name) is str:
            seen.add(name)
            operands.append(f"{name} ({_kind(local[name])})")
    arrays = []  # module-level arrays the function reads: state left by other calls
    code, scope = last.tb_frame.f_code, last.tb_frame.f_globals
    if last.tb_frame.f_locals is not scope:
        ops = [(i.opname, i.argval) for i in dis.get_instructions(code)]
        stored = {name for op, name in ops if op == "STORE_GLOBAL"}
        for name in dict.fromkeys(name for op, name in ops if op == "LOAD_GLOBAL"):
            if (type(name) is str and name not in stored and name in scope
                    and issubclass(type(scope[name]), _ndarray)):
                arrays.append(f"{name} ({_kind(scope[name])})")
    return ([f"where: {text}"] + (["operands: " + "; ".join(operands[:6])] if operands else [])
            + (["globals: " + "; ".join(arrays[:6])] if arrays else []))


def _kind(value) -> str:
    """'array (4, 3) float64', 'float', 'list of 3', 'function': type and shape only."""
    kind = type(value)
    if issubclass(kind, _ndarray):
        shape = _ndarray.shape.__get__(value)
        return f"array {tuple(shape)} {_ndarray.dtype.__get__(value)}"
    if issubclass(kind, list | tuple):
        size = list.__len__(value) if issubclass(kind, list) else tuple.__len__(value)
        return f"{'list' if issubclass(kind, list) else 'tuple'} of {size}"
    if isinstance(value, types.FunctionType | types.BuiltinFunctionType):
        return "function"
    return str(type_name(kind))[:40]
