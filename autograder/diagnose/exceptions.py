"""An exception raised in the student's code, said at the student's own line.

The sandbox sends, with the student's frames, the newest frame's source line and the types
and shapes of the local names that line uses (``child._student_traceback``)::

    cell 1, line 21, in backprop
    where: dW2 = A1 @ delta2
    operands: A1 (array (4, 4) float64); delta2 (array (4, 1) float64)

``at_line(exc)`` turns that into the words a student reads ("in `backprop`, at line 21:
`dW2 = A1 @ delta2`, where A1 is an array of shape (4, 4) ..."), and ``cause(exc)`` names
what such an error on such a line usually means (a scalar-only ``math`` function given an
array). The grader's own call never appears: the student sees their line, not ours.
"""

from __future__ import annotations

import re

from autograder.diagnose.behaviour import HIDDEN_STATE
from autograder.i18n import tr

_FRAME = re.compile(r"^cell \d+, line (\d+), in (.+)$")
_OPERAND = re.compile(r"^(\w+) \((.*)\)$")
_ARRAY = re.compile(r"^array (\(.*\)) (\w+)$")


def global_arrays(exc: BaseException) -> list[tuple[str, str]]:
    """[(name, kind)] of the module-level arrays the failing function reads (``globals:``)."""
    text = getattr(exc, "traceback", "")
    for line in text.splitlines() if isinstance(text, str) else ():
        if line.startswith("globals: "):
            return [(m.group(1), m.group(2)) for part in line[9:].split("; ")
                    if (m := _OPERAND.match(part))]
    return []


def report_of(exc: BaseException) -> tuple[int, str, str, list[tuple[str, str]]] | None:
    """(line, function, source, [(name, kind), ...]) of the newest student frame, or None."""
    text = getattr(exc, "traceback", "")
    if not isinstance(text, str) or "where: " not in text:
        return None
    lines = text.splitlines()
    frames = [m for m in map(_FRAME.match, lines) if m]
    where = [line[7:] for line in lines if line.startswith("where: ")]
    if not frames or not where:
        return None
    operands = []
    for line in lines:
        if line.startswith("operands: "):
            operands = [(m.group(1), m.group(2)) for part in line[10:].split("; ")
                        if (m := _OPERAND.match(part))]
    return int(frames[-1].group(1)), frames[-1].group(2), where[-1], operands


def may_be_star(exc: BaseException) -> bool:
    """Could `*` for `@` explain this error? Not when the student's line has no `*` product."""
    found = report_of(exc)
    return found is None or re.search(r"(?<![*])\*(?![*=])", found[2]) is not None


def kind_text(kind: str) -> str:
    """'array (4, 3) float64' -> 'an array of shape (4, 3)'; other kinds as they are."""
    match = _ARRAY.match(kind)
    if match:
        return tr("an array of shape {shape}", shape=match.group(1))
    return tr("a {kind}", kind=kind)


def at_line(exc: BaseException) -> str:
    """" in `backprop`, at line 21: `dW2 = A1 @ delta2`, where A1 is ..." or ""."""
    found = report_of(exc)
    if found is None:
        return ""
    line, function, source, operands = found
    text = tr(" in `{function}`, at line {line}: `{source}`", line=line, function=function,
              source=source)
    if operands:
        said = tr(", ").join(tr("{name} is {kind}", name=name, kind=kind_text(kind))
                             for name, kind in operands)
        text += tr(", where {operands}", operands=said)
    return text


#: The contract's keyword parameters, as its def lines write them (README.md, the contract).
KEYWORDS = {"learning_rate": "learning_rate=1.0", "iterations": "iterations=1500",
            "activation": 'activation="sigmoid"', "alpha": "alpha=0.01"}
_UNEXPECTED = re.compile(r"^([\w.]+)\(\) got an unexpected keyword argument '(\w+)'$")


_UNDEFINED_NAME = re.compile(r"^name '(\w+)' is not defined")


def module_not_imported(exc: BaseException) -> tuple[str, str] | None:
    """NameError for `np` (or `math`, `plt`): a module the function's own file never imports."""
    from autograder.diagnose.source import MODULE_ALIASES

    undefined = _UNDEFINED_NAME.match(str(exc).strip())
    if type(exc).__name__ != "NameError" or not undefined:
        return None
    alias = undefined.group(1)
    if alias not in MODULE_ALIASES:
        return None
    module, statement = MODULE_ALIASES[alias]
    return ("module_not_imported", tr(
        "`{alias}` stands for {module}, which the file this function is in never imports "
        "(each file needs its own imports): add `{statement}` at the top of that file.",
        alias=alias, module=module, statement=statement))


def cause(exc: BaseException) -> tuple[str, str] | None:
    """(mistake, sentence) when the line and the error say what is wrong, else None."""
    alias = module_not_imported(exc)
    if alias:
        return alias
    unexpected = _UNEXPECTED.match(str(exc).strip())
    if unexpected and type(exc).__name__ == "TypeError":
        function, name = unexpected.groups()
        return ("parameter_missing", tr(
            "`{function}` has no parameter `{name}`, but the course calls it with one (the "
            "article's version may not have it): add it to the def line, for example "
            "`{example}`.", function=function, name=name,
            example=KEYWORDS.get(name, name)))
    found = report_of(exc)
    if found is None:
        return None
    _, function, source, operands = found
    kept = global_arrays(exc)
    if kept:
        name, kind = kept[0]
        return (HIDDEN_STATE, tr(
            "`{function}` reads `{name}`, a global variable ({kind}) that an earlier call left "
            "behind, instead of computing it from its own arguments: its shape and values "
            "belong to whichever call ran last.", function=function, name=name,
            kind=kind_text(kind)))
    arrays = any(kind.startswith("array") for _, kind in operands)
    scalar_only = re.search(r"\bmath\.(\w+)", source)
    if scalar_only and arrays and type(exc).__name__ == "TypeError":
        name = scalar_only.group(1)
        return ("scalar_math_on_arrays",
                tr("`math.{name}` works on one number at a time and cannot take an array: "
                   "use `np.{name}`, which works element by element.", name=name))
    return None
