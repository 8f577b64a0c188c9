"""Detector of math's scalar functions (`math.exp`) applied where arrays flow."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from autograder.diagnose.source.code import (
    Code,
    Found,
    all_nodes,
    closeness,
    shortened,
    stored_names,
)
from autograder.diagnose.source.names import class_methods
from autograder.diagnose.source.signatures import contract_functions
from autograder.diagnose.source.wanted import MATH_TO_NUMPY, METHODS, STAGE_OF
from autograder.i18n import tr

# --- 5. math's scalar functions on arrays ---------------------------------------------------

SCALAR_ATTRIBUTES = {"shape", "size", "ndim", "dtype", "itemsize", "nbytes"}
REDUCTIONS = {"sum", "mean", "max", "min", "prod", "item", "len", "float", "int", "bool",
              "round", "std", "var", "argmax", "argmin", "count_nonzero", "all", "any",
              "norm", "trace", "det", "isscalar", "isinstance", "str", "repr", "range", "amax",
              "amin", "nansum", "average", "median", "size", "ndim"}
#: The class's attributes that hold arrays (the article's, plus its hidden layer).
ARRAY_ATTRIBUTES = {"input", "y", "output", "weights1", "weights2", "layer1", "layer2",
                    "hidden", "x", "X", "Y"}
SCALAR_TESTS = {"isinstance", "isscalar", "ndim", "size", "shape", "type"}


def scalar_math_on_arrays(code: Code) -> list[Found]:
    """`math.exp(-z)` in a function the grader calls with arrays (also `from math import exp`)."""
    modules, functions = code.math_names
    if not (modules or functions):
        return []
    numpy = next((a for a in ("np", "numpy") if a in code.top), "np")
    found = []
    for name, node, cell, is_method in _array_functions(code):
        for call, written, math_name in _array_math(node, is_method, modules, functions):
            if "." in written:
                message = tr("`{call}` works on one number at a time, but in `{function}` it "
                             "gets numpy arrays: use `{numpy}`, which works on every entry of "
                             "an array.", call=written, function=shortened(name),
                             numpy=f"{numpy}.{MATH_TO_NUMPY[math_name]}")
            else:  # `from math import exp`: say whose `exp` it is
                message = tr("`{call}` is the math module's (`from math import {original}`) "
                             "and works on one number at a time, but in `{function}` it gets "
                             "numpy arrays: use `{numpy}`, which works on every entry of an "
                             "array.", call=written, original=math_name,
                             function=shortened(name), numpy=f"{numpy}.{MATH_TO_NUMPY[math_name]}")
            found.append(Found("scalar_math_on_arrays", f"math.{math_name}",
                                (cell, call.lineno), message))
    return found


def _array_functions(code: Code) -> Iterator[tuple[str, ast.AST, int, bool]]:
    """(name, def, cell, is a method) of each function the grader calls with arrays."""
    for wanted in code.wanted:
        kind, node, pos = code.top.get(wanted, (None, None, None))
        if kind != "function" and wanted in code.renamed:
            _, node, pos = code.renamed[wanted]
            kind = "function"
        if kind == "function" and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node, pos[0], False
    if code.network is not None:
        cls, cell = code.network
        for name, method in class_methods(cls).items():
            if name in code.wanted or any(closeness(name, m) is not None for m in METHODS):
                yield f"{cls.name}.{name}", method, cell, True


def _array_math(function: ast.FunctionDef | ast.AsyncFunctionDef, is_method: bool,
                modules: set[str], functions: dict[str, str]
                ) -> Iterator[tuple[ast.Call, str, str]]:
    """The math calls in ``function`` whose argument is an array: (call, as written, name)."""
    params = function.args.posonlyargs + function.args.args
    with_default = len(params) - len(function.args.defaults)
    arrays = {p.arg for i, p in enumerate(params) if i < with_default}
    me = None
    if is_method and params:
        me = params[0].arg
        arrays.discard(me)
    scope = _ArrayScope(arrays, me)
    for call in scope.calls(function.body):
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in modules:
            written, name = f"{func.value.id}.{func.attr}", func.attr
        elif isinstance(func, ast.Name) and func.id in functions:
            written, name = func.id, functions[func.id]
        else:
            continue
        if name in MATH_TO_NUMPY and call.args and scope.is_array(call.args[0]):
            yield call, written, name


class _ArrayScope:
    """Which local names hold arrays, followed statement by statement through a function."""

    def __init__(self, arrays: set[str], me: str | None) -> None:
        self.arrays = set(arrays)
        self.me = me

    def calls(self, body: list[ast.stmt]) -> Iterator[ast.Call]:
        """The calls in ``body`` in order, with what holds an array known at each one.

        Skips lambdas, comprehensions and nested defs (their names are elements, not the
        arrays), and the body of an `if isinstance(...)`-like test (a scalar case).
        """
        for statement in body:
            yield from self._statement(statement, 0)

    def _statement(self, node: ast.AST, depth: int) -> Iterator[ast.Call]:
        if depth > 60 or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                                    | ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp
                                    | ast.GeneratorExp):
            return
        if isinstance(node, ast.If) and _tests_scalar(node.test):
            for statement in node.orelse:
                yield from self._statement(statement, depth + 1)
            return
        if isinstance(node, ast.For | ast.AsyncFor):
            yield from self._statement(node.iter, depth + 1)
            for name in stored_names(node.target):
                self.arrays.discard(name)
            for statement in node.body + node.orelse:
                yield from self._statement(statement, depth + 1)
            return
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            if node.value is not None:
                yield from self._statement(node.value, depth + 1)
                array = self.is_array(node.value) or (
                    isinstance(node, ast.AugAssign) and self.is_array(node.target))
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in stored_names(target):
                        (self.arrays.add if array else self.arrays.discard)(name)
            return
        if isinstance(node, ast.Call):
            yield node
        for child in ast.iter_child_nodes(node):
            yield from self._statement(child, depth + 1)

    def is_array(self, node: ast.AST, depth: int = 0) -> bool:
        """True when ``node`` surely computes an array from the function's arrays."""
        if depth > 30:
            return False
        if isinstance(node, ast.Name):
            return node.id in self.arrays
        if isinstance(node, ast.Attribute):
            if node.attr in SCALAR_ATTRIBUTES:
                return False
            if isinstance(node.value, ast.Name) and node.value.id == self.me:
                return node.attr in ARRAY_ATTRIBUTES
            return self.is_array(node.value, depth + 1)
        if isinstance(node, ast.BinOp):
            return self.is_array(node.left, depth + 1) or self.is_array(node.right, depth + 1)
        if isinstance(node, ast.UnaryOp):
            return self.is_array(node.operand, depth + 1)
        if isinstance(node, ast.IfExp):
            return self.is_array(node.body, depth + 1) and self.is_array(node.orelse, depth + 1)
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in REDUCTIONS or (name in MATH_TO_NUMPY and isinstance(func, ast.Name)):
                return False  # a number: np.sum(...), len(...), exp(...) from math
            if isinstance(func, ast.Attribute) and self.is_array(func.value, depth + 1):
                return True  # X.dot(W), z.reshape(...)
            return any(self.is_array(a, depth + 1) for a in node.args)
        return False


def _tests_scalar(test: ast.expr) -> bool:
    """True for a test like `isinstance(z, float)`, `np.isscalar(z)` or `z.ndim == 0`."""
    for node in all_nodes(test):
        if isinstance(node, ast.Name) and node.id in SCALAR_TESTS:
            return True
        if isinstance(node, ast.Attribute) and node.attr in SCALAR_TESTS:
            return True
    return False



# --- numpy calls that do something else than they seem to ------------------------------------

#: Element-wise numpy functions of two arrays: a third positional argument is `out`.
BINARY_UFUNCS = {"multiply", "add", "subtract", "divide", "true_divide", "power", "maximum",
                 "minimum", "matmul", "dot"}
MATRIX_TYPES = {"matrix", "asmatrix", "mat"}


def numpy_calls_that_mislead(code: Code) -> list[Found]:
    """`np.multiply(a, b, c)` (c is where the result goes, not a third factor) and `np.matrix`
    (on which `*` is a matrix product) in a contract function; said if its stage loses points."""
    found = []
    for name, node, pos in contract_functions(code):
        for call in all_nodes(node):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and isinstance(call.func.value, ast.Name)
                    and call.func.value.id in ("np", "numpy")):
                continue
            where = (pos[0], call.lineno)
            if call.func.attr in BINARY_UFUNCS and len(call.args) == 3:
                message = tr("`np.{function}` takes two arrays; its third argument is the "
                             "output array (`out`) it writes into, not a third factor: write "
                             "`a * b * c` (or two calls).", function=call.func.attr)
                found.append(Found("ufunc_third_argument", f"{name}.{call.func.attr}", where,
                                   message, STAGE_OF.get(name)))
            elif call.func.attr in MATRIX_TYPES:
                message = tr("`np.{function}` makes a matrix object, on which `*` is a matrix "
                             "product, not element-wise: keep plain arrays (`np.array`), and "
                             "use `@` for matrix products and `*` for element-wise ones.",
                             function=call.func.attr)
                found.append(Found("numpy_matrix_type", f"{name}.matrix", where, message,
                                   STAGE_OF.get(name)))
    return found
