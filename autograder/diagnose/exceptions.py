"""An exception raised in the student's code, said at the student's own line.

The sandbox sends, with the student's frames, the newest frame's source line and the types
and shapes of the local names that line uses (``child/tracebacks.py``)::

    cell 1, line 21, in backprop
    where: dW2 = A1 @ delta2
    operands: A1 (array (4, 4) float64); delta2 (array (4, 1) float64)

``at_line(exc)`` turns that into the words a student reads ("in `backprop`, at line 21:
`dW2 = A1 @ delta2`, where A1 is an array of shape (4, 4) ..."), and ``cause(exc)`` names
what such an error on such a line usually means (a scalar-only ``math`` function given an
array). The grader's own call never appears: the student sees their line, not ours.
"""

from __future__ import annotations

import ast
import re

from autograder.diagnose.behaviour import HIDDEN_STATE
from autograder.diagnose.source.wanted import MATH_TO_NUMPY, MODULE_ALIASES
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


def frames(exc: BaseException) -> list[tuple[int, str]]:
    """[(line, function)] of the student's frames of ``exc``, oldest first."""
    text = getattr(exc, "traceback", "")
    if not isinstance(text, str):
        return []
    return [(int(m.group(1)), m.group(2)) for m in map(_FRAME.match, text.splitlines()) if m]


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


# --- shapes that do not fit, worked out from the student's line ----------------------------

_SHAPE = re.compile(r"^array \(([\d, ]*)\) \w+$")
_SHAPE_ERRORS = ("matmul", "shapes", "not aligned", "broadcast")


def _shapes(operands: list[tuple[str, str]]) -> dict[str, tuple[int, ...]]:
    """{name: shape} of the line's array operands."""
    shapes = {}
    for name, kind in operands:
        match = _SHAPE.match(kind)
        if match:
            shapes[name] = tuple(int(n) for n in match.group(1).replace(" ", "").split(",") if n)
    return shapes


#: Functions that keep their argument's shape (the course's and numpy's element-wise ones).
ELEMENTWISE = frozenset({"sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "relu",
                         "relu_derivative", "exp", "log", "abs", "sqrt", "square"})


def _operand(node: ast.expr, shapes: dict[str, tuple[int, ...]]) -> tuple[str, tuple] | None:
    """(text, shape) of a name or a name's transpose (`A`, `A.T`, `np.transpose(A)`), of an
    element-wise function of one (`sigmoid_derivative(z1)`), or of a product that fits."""
    if isinstance(node, ast.Name) and node.id in shapes:
        return node.id, shapes[node.id]
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
            node.func, "id", "")
        inner = _operand(node.args[0], shapes) if name in ELEMENTWISE else None
        if inner:
            return ast.unparse(node), inner[1]
    products = _products(node) if isinstance(node, ast.Call | ast.BinOp) else []
    if products and (products[0][0] is getattr(node, "left", None)
                     or products[0][0] is (node.args[0] if isinstance(node, ast.Call)
                                           and node.args else None)):
        left, right = _operand(products[0][0], shapes), _operand(products[0][1], shapes)
        if left and right and len(left[1]) == len(right[1]) == 2 and left[1][1] == right[1][0]:
            return ast.unparse(node), (left[1][0], right[1][1])
    inner = None
    if isinstance(node, ast.Attribute) and node.attr == "T":
        inner = node.value
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
          and node.func.attr == "transpose" and len(node.args) == 1 and not node.keywords):
        inner = node.args[0]
    if isinstance(inner, ast.Name) and inner.id in shapes:
        return inner.id + ".T", shapes[inner.id][::-1]
    return None


def _products(tree: ast.AST) -> list[tuple[ast.expr, ast.expr]]:
    """The (left, right) of every matrix product on the line: `a @ b`, `np.dot(a, b)`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            found.append((node.left, node.right))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("dot", "matmul") and len(node.args) == 2):
            found.append((node.args[0], node.args[1]))
    return found


def _transposed(text: str) -> str:
    return text[:-2] if text.endswith(".T") else text + ".T"


def _product_fix(left: tuple[str, tuple], right: tuple[str, tuple],
                 wanted: set[tuple]) -> str | None:
    """A way to write the product whose shapes fit, or None: transpose one, or swap them.
    Of several, the one whose result has a shape the line uses elsewhere, else the largest."""
    (a, sa), (b, sb) = left, right
    tries = ((_transposed(a), sa[::-1], b, sb), (a, sa, _transposed(b), sb[::-1]),
             (b, sb, a, sa))
    fits = [(x, sx, y, sy) for x, sx, y, sy in tries if sx[-1] == sy[0]]
    if not fits:
        return None
    x, sx, y, sy = max(fits, key=lambda f: ((f[1][0], f[3][-1]) in wanted, f[1][0] * f[3][-1]))
    return tr("`{x} @ {y}` fits: {sx} @ {sy} gives {result}.", x=x, y=y, sx=sx, sy=sy,
              result=(sx[0], sy[-1]))


def shape_mismatch(exc: BaseException) -> tuple[str, str] | None:
    """A matrix product on the student's line whose inner sizes differ, said with the shapes
    and the transpose or order that would fit; or two arrays of unrelated shapes added."""
    if type(exc).__name__ != "ValueError" or not any(w in str(exc) for w in _SHAPE_ERRORS):
        return None
    found = report_of(exc)
    if found is None:
        return None
    shapes = _shapes(found[3])
    try:
        tree = ast.parse(found[2].strip().rstrip(":"))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for left_node, right_node in _products(tree):
        left, right = _operand(left_node, shapes), _operand(right_node, shapes)
        if not left or not right or len(left[1]) != 2 or len(right[1]) != 2 \
                or left[1][1] == right[1][0]:
            continue
        inside = {n.id for side in (left_node, right_node) for n in ast.walk(side)
                  if isinstance(n, ast.Name)}
        others = {shape for name, shape in shapes.items() if name not in inside}
        m, n = left[1]
        if left[1] == right[1] and m != n and not {(m, m), (n, n)} & others:
            return ("elementwise_as_matrix_product", tr(
                "`{left}` and `{right}` both have shape {shape}: a matrix product (`@`, "
                "np.dot) of two such arrays does not fit. To multiply them element by element, "
                "write `{left} * {right}`.", left=left[0], right=right[0], shape=left[1]))
        fix = _product_fix(left, right, others) or tr(
            "No transpose or order of these two fits: check that they are the arrays you "
            "meant.")
        return ("matmul_shapes_mismatch", tr(
            "`{left} @ {right}` multiplies shapes {sa} and {sb}: a matrix product needs the "
            "first one's columns ({columns}) to equal the second one's rows ({rows}). {fix}",
            left=left[0], right=right[0], sa=left[1], sb=right[1], columns=left[1][1],
            rows=right[1][0], fix=fix))
    return _sum_mismatch(tree, shapes)


def _sum_mismatch(tree: ast.AST, shapes: dict[str, tuple[int, ...]]) -> tuple[str, str] | None:
    """`W1 - learning_rate * dW2`: two arrays added or subtracted whose shapes cannot agree."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub)):
            continue
        left, right = _scaled(node.left, shapes), _scaled(node.right, shapes)
        if left and right and not _broadcastable(left[1], right[1]):
            return ("added_shapes_mismatch", tr(
                "`{left}` has shape {sa} and `{right}` has shape {sb}, so they cannot be added "
                "or subtracted element by element: check that these are the two arrays you "
                "meant (a weight and its own gradient have the same shape).",
                left=left[0], right=right[0], sa=left[1], sb=right[1]))
    return None


def _scaled(node: ast.expr, shapes: dict[str, tuple[int, ...]]) -> tuple[str, tuple] | None:
    """An array operand, also when multiplied by a number (`learning_rate * dW2`) or the
    matrix product of two (`X @ W1`, whose shape follows from theirs)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Div):
        left, right = _operand(node.left, shapes), _operand(node.right, shapes)
        return right if left is None and isinstance(node.op, ast.Mult) else (
            left if right is None else None)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        left, right = _operand(node.left, shapes), _operand(node.right, shapes)
        if left and right and len(left[1]) == len(right[1]) == 2 and left[1][1] == right[1][0]:
            return f"{left[0]} @ {right[0]}", (left[1][0], right[1][1])
        return None
    return _operand(node, shapes)


def _broadcastable(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(x == y or 1 in (x, y) for x, y in zip(a[::-1], b[::-1], strict=False))


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
    imported = _bare_math_call(source)
    if imported and arrays and type(exc).__name__ == "TypeError" and \
            "converted to Python scalars" in str(exc):
        return ("scalar_math_on_arrays",
                tr("`{name}` here is the math module's (`from math import {name}`), which "
                   "works on one number at a time and cannot take an array: use `np.{numpy}`, "
                   "which works element by element.", name=imported,
                   numpy=_numpy_name(imported)))
    return shape_mismatch(exc)  # after hidden state: a kept global explains odd shapes best


def _numpy_name(name: str) -> str:

    return MATH_TO_NUMPY.get(name, name)


def _bare_math_call(source: str) -> str | None:
    """`exp` in `1 / (1 + exp(-z))`: a call of a math function by its bare name."""

    for name in re.findall(r"(?<![\w.])(\w+)\s*\(", source):
        if name in MATH_TO_NUMPY:
            return name
    return None
