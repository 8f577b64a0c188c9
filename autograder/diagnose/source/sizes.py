"""Detectors of sizes written into the code: a loop over 4 samples, weights made for 3 inputs.

The grader calls the student's functions with arrays of other sizes than the article's 4
samples of 3 features; a number written where a shape belongs works on the article's data
only. Said only if the function's stage loses points.
"""

from __future__ import annotations

import ast

from autograder.diagnose.source.code import Code, Found, all_nodes
from autograder.diagnose.source.names import class_methods
from autograder.diagnose.source.signatures import contract_functions
from autograder.diagnose.source.wanted import CLASS, STAGE_OF
from autograder.i18n import tr


def loops_over_a_fixed_count(code: Code) -> list[Found]:
    """`for i in range(4): ... X[i] ...` in a contract function: 4 samples, always."""
    found = []
    for name, node, pos in contract_functions(code):
        for loop in all_nodes(node):
            count = _fixed_range(loop)
            if count is None or not _indexes_with(loop, loop.target.id):
                continue
            message = tr("`{function}` loops over a fixed number of rows, {count}, written in "
                         "the code; the grader's arrays have other numbers of samples: loop "
                         "over `range(len(X))` (or `X.shape[0]`).", function=name, count=count)
            found.append(Found("fixed_count_loop", f"{name}.loop", (pos[0], loop.lineno),
                               message, STAGE_OF.get(name)))
    return found


def reshaped_to_a_number(code: Code) -> list[Found]:
    """`Y_hat.reshape(4, 1)` in a contract function: the article's 4 samples, always."""
    found = []
    for name, node, pos in contract_functions(code):
        for call in all_nodes(node):
            sizes = _reshape_sizes(call)
            if sizes and any(n >= 2 for n in sizes):
                message = tr("`{function}` reshapes to {shape}, numbers written in the code; "
                             "the grader's arrays have other sizes: use the sizes of the "
                             "arrays themselves (`X.shape[0]`, `-1`) or no reshape at all.",
                             function=name, shape=tuple(sizes))
                found.append(Found("reshaped_to_a_number", f"{name}.reshape",
                                   (pos[0], call.lineno), message, STAGE_OF.get(name)))
    return found


def _reshape_sizes(call: ast.AST) -> list[int] | None:
    """[4, 1] for `a.reshape(4, 1)`, `a.reshape((4, 1))` or `np.reshape(a, (4, 1))`, when
    every size is a number written in the code; else None."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "reshape"):
        return None
    args = call.args[1:] if isinstance(call.func.value, ast.Name) and \
        call.func.value.id in ("np", "numpy") else call.args
    if len(args) == 1 and isinstance(args[0], ast.Tuple | ast.List):
        args = args[0].elts
    if not args or not all(isinstance(a, ast.Constant) and type(a.value) is int for a in args):
        return None
    return [a.value for a in args]


def weights_sized_by_a_number(code: Code) -> list[Found]:
    """`self.weights1 = np.random.rand(3, 4)`: made for 3 features, whatever x has."""
    if code.network is None:
        return []
    cls, cell = code.network
    init = class_methods(cls).get("__init__")
    found = []
    for node in all_nodes(init) if init is not None else ():
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Attribute)
                and node.targets[0].attr == "weights1" and isinstance(node.value, ast.Call)):
            continue
        first = _first_size(node.value)
        if isinstance(first, ast.Constant) and type(first.value) is int:
            message = tr("`__init__` makes `self.weights1` with {count} rows, a number written "
                         "in the code; it needs one row per feature of x: use "
                         "`x.shape[1]` (the number of features).", count=first.value)
            found.append(Found("weights_sized_by_a_number", f"{CLASS}.weights1",
                               (cell, node.lineno), message, 5))
    return found


def _fixed_range(loop: ast.AST) -> int | None:
    """n for `for name in range(n)` with a number n >= 2, else None."""
    if not (isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)
            and isinstance(loop.iter, ast.Call) and isinstance(loop.iter.func, ast.Name)
            and loop.iter.func.id == "range" and len(loop.iter.args) == 1):
        return None
    arg = loop.iter.args[0]
    return arg.value if isinstance(arg, ast.Constant) and type(arg.value) is int \
        and arg.value >= 2 else None


def _indexes_with(loop: ast.For, name: str) -> bool:
    """Does the loop's body index an array with ``name`` (`X[i]`, `A[i, :]`)?"""
    return any(isinstance(n, ast.Subscript) and any(
        isinstance(m, ast.Name) and m.id == name for m in ast.walk(n.slice))
        for statement in loop.body for n in ast.walk(statement))


def _first_size(call: ast.Call) -> ast.AST | None:
    """The first dimension a numpy maker is given: rand(3, 4), zeros((3, 4)), normal(size=...)."""
    args = list(call.args)
    size = next((k.value for k in call.keywords if k.arg in ("size", "shape")), None)
    if size is None and args:
        size = args[0] if not isinstance(call.func, ast.Attribute) or \
            call.func.attr not in ("uniform", "normal") else (args[2] if len(args) > 2 else None)
    if isinstance(size, ast.Tuple | ast.List):
        return size.elts[0] if size.elts else None
    return size
