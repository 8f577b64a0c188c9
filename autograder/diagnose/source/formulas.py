"""Detectors of a formula's pieces that no version of this course's network has: a column of
ones added to the input, the weights summed into one number on the way back, one gradient
applied to two weight matrices. Said only if the function's stage loses points (the checks
then show the values the piece changes)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from autograder.diagnose.source.code import Code, Found, all_nodes, shortened, stored_names
from autograder.diagnose.source.names import class_methods
from autograder.diagnose.source.signatures import contract_functions
from autograder.diagnose.source.wanted import CLASS, STAGE_OF
from autograder.i18n import tr

#: numpy functions that put arrays side by side.
_STACKS = frozenset({"hstack", "column_stack", "concatenate", "append", "insert", "c_"})
_ONES = frozenset({"ones", "ones_like"})


def _functions(code: Code) -> Iterator[tuple[str, ast.FunctionDef, int, int | None]]:
    """(name shown, node, cell, stage) of the contract functions and the class's methods."""
    for name, node, pos in contract_functions(code):
        yield name, node, pos[0], STAGE_OF.get(name)
    if code.network is not None:
        cls, cell = code.network
        for name, method in class_methods(cls).items():
            yield f"{cls.name}.{name}", method, cell, STAGE_OF.get(CLASS, 5)


def _numpy_name(node: ast.AST) -> str | None:
    """"hstack" for `np.hstack` / `numpy.hstack` (any alias: the attribute is enough)."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr
    return None


def ones_column_added(code: Code) -> list[Found]:
    """`X = np.hstack([np.ones((n, 1)), X])` in a contract function: a bias input the course's
    network does not have (its data's last column is already the constant 1)."""
    found = []
    for name, node, cell, stage in _functions(code):
        for call in all_nodes(node):
            stack = _numpy_name(call.func if isinstance(call, ast.Call) else
                                call.value if isinstance(call, ast.Subscript) else call)
            if stack not in _STACKS:
                continue
            if not any(isinstance(n, ast.Call) and _numpy_name(n.func) in _ONES
                       for n in all_nodes(call)):
                continue
            message = tr("`{function}` adds a column of ones to its input (a bias input); the "
                         "course's network has no separate bias (the data's last column is "
                         "already the constant 1), and W1 has one row per column of X as it is "
                         "given: use X without the extra column.", function=name)
            found.append(Found("ones_column_added", f"{name}.ones", (cell, call.lineno),
                               message, stage))
            break
    return found


def _weight_names(function: ast.FunctionDef) -> set[str]:
    """The names a function's weights go by: its 3rd and 4th parameters (W1, W2)."""
    params = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    if params[:1] == ["self"]:
        return set()
    return set(params[2:4])


def _summed(call: ast.AST, names: set[str]) -> str | None:
    """The weight summed whole by `np.sum(W2)`, `W2.sum()` or `sum(W2)` (no axis), if any."""
    if not isinstance(call, ast.Call) or call.keywords:
        return None
    if isinstance(call.func, ast.Attribute) and call.func.attr == "sum" and not call.args:
        target = call.func.value
    elif (_numpy_name(call.func) == "sum" or isinstance(call.func, ast.Name)
          and call.func.id == "sum") and len(call.args) == 1:
        target = call.args[0]
    else:
        return None
    if isinstance(target, ast.Name) and target.id in names:
        return target.id
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and \
            target.value.id == "self" and target.attr in ("weights1", "weights2"):
        return f"self.{target.attr}"
    return None


def weights_summed(code: Code) -> list[Found]:
    """`delta2 * np.sum(W2)` on the way back: every hidden unit gets the same error, through
    the sum of the weights, not through its own weight (`delta2 @ W2.T`)."""
    found = []
    for name, node, cell, stage in _functions(code):
        if "backprop" not in name:
            continue
        names = _weight_names(node)
        for product in all_nodes(node):
            if not (isinstance(product, ast.BinOp)
                    and isinstance(product.op, ast.Mult | ast.MatMult)):
                continue
            weights = next((w for side in (product.left, product.right)
                            if (w := _summed(side, names))), None)
            if weights is None:
                continue
            message = tr("`{function}` sums the weights, `{weights}`, into one number where "
                         "the error goes back to the hidden layer, so every hidden unit gets "
                         "the same share; each hidden unit gets the error through its own "
                         "weight: multiply by the transpose, `... @ {weights}.T`.",
                         function=name, weights=shortened(weights))
            found.append(Found("weights_summed", f"{name}.sum", (cell, product.lineno),
                               message, stage))
            break
    return found


def _update(statement: ast.stmt) -> tuple[str, ast.expr] | None:
    """(target, step) of `W = W - step`, `W -= step` (also on `self.weights1`)."""
    if isinstance(statement, ast.AugAssign) and isinstance(statement.op, ast.Sub):
        target, step = statement.target, statement.value
    elif isinstance(statement, ast.Assign) and len(statement.targets) == 1 and \
            isinstance(statement.value, ast.BinOp) and isinstance(statement.value.op, ast.Sub):
        target, step = statement.targets[0], statement.value.right
        if ast.dump(statement.value.left) != ast.dump(target).replace("Store()", "Load()"):
            return None
    else:
        return None
    if not isinstance(target, ast.Name | ast.Attribute):
        return None
    return ast.unparse(target), step


def gradient_reused(code: Code) -> list[Found]:
    """`W1 -= lr * grad1; W2 -= lr * grad1`: one gradient applied to two weight matrices (a
    copied line), while the other gradient is computed and never used. The gradients are the
    names unpacked together from one call (`grad1, grad2 = backprop(...)`)."""
    found = []
    for name, node, cell, stage in _functions(code):
        unpacked = _unpacked_together(node)
        steps: dict[str, list[tuple[str, int]]] = {}
        for statement in all_nodes(node):
            update = _update(statement) if isinstance(statement, ast.stmt) else None
            if update is None:
                continue
            target, step = update
            for gradient in {n.id for n in ast.walk(step) if isinstance(n, ast.Name)}:
                if gradient in unpacked:
                    steps.setdefault(gradient, []).append((target, statement.lineno))
        read = {n.id for n in all_nodes(node) if isinstance(n, ast.Name)
                and isinstance(n.ctx, ast.Load)}
        for gradient, targets in steps.items():
            targets.sort(key=lambda t: t[1])
            distinct = list(dict.fromkeys(t for t, _ in targets))
            if len(distinct) < 2:
                continue
            unused = [n for n in unpacked[gradient] if n not in read and n != "_"]
            second = distinct[1]
            line = next(ln for t, ln in targets if t == second)
            if unused:
                message = tr("`{function}` updates both `{first}` and `{second}` with "
                             "`{gradient}`, while `{unused}`, computed beside it, is never "
                             "used: each weight matrix changes by its own gradient; the line "
                             "for `{second}` was probably copied: use `{unused}` there.",
                             function=name, first=shortened(distinct[0]),
                             second=shortened(second), gradient=shortened(gradient),
                             unused=shortened(unused[0]))
            else:
                message = tr("`{function}` updates both `{first}` and `{second}` with "
                             "`{gradient}`: each weight matrix changes by its own gradient; "
                             "the line for `{second}` was probably copied.", function=name,
                             first=shortened(distinct[0]), second=shortened(second),
                             gradient=shortened(gradient))
            found.append(Found("gradient_reused", f"{name}.{gradient}", (cell, line), message,
                               stage))
    return found


def _unpacked_together(function: ast.AST) -> dict[str, list[str]]:
    """{name: the other names} of `a, b = call(...)` in ``function`` (two names or more)."""
    together: dict[str, list[str]] = {}
    for node in all_nodes(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Tuple) and isinstance(node.value, ast.Call):
            names = list(stored_names(node.targets[0]))
            if len(names) >= 2:
                for n in names:
                    together[n] = [o for o in names if o != n]
    return together
