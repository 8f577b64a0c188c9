"""Detectors of where code sits: the article's class only, a contract function inside another,
a method at the left margin, a return inside the training loop, a stub below the real code."""

from __future__ import annotations

import ast

from autograder.diagnose.source.code import (
    ALL_WANTED,
    Code,
    Found,
    all_nodes,
    listed_names,
    shortened,
)
from autograder.diagnose.source.names import class_methods, is_stub, nearest_name
from autograder.diagnose.source.signatures import contract_functions, own_nodes
from autograder.diagnose.source.wanted import CLASS, METHODS, SIGNATURES, STAGE_OF, Pos
from autograder.i18n import listed, ntr, tr

# --- 8. the article's class only -------------------------------------------------------------

def class_form_only(code: Code) -> list[Found]:
    """feedforward/backprop written only as methods of a class, not as the course's functions."""
    methods_of: dict[str, list[tuple[str, str]]] = {}  # class -> [(its method, contract name)]
    first: dict[str, Pos] = {}
    for wanted in code.wanted:
        if wanted == CLASS or code.defined(wanted) or wanted in code.renamed \
                or wanted in code.nested:
            continue
        for name, (kind, cls, pos) in code.top.items():
            method = nearest_name(wanted, list(class_methods(cls)), ALL_WANTED) \
                if kind == "class" else None
            if method:
                methods_of.setdefault(name, []).append((method, wanted))
                first[name] = min(first.get(name, pos), pos)
                break
    found = []
    for cls, pairs in methods_of.items():
        message = ntr("Your class `{cls}` has a method {methods}, but the course also asks for "
                      "{functions} as a function of its own, outside the class: write it, and "
                      "let the method call it.",
                      "Your class `{cls}` has methods {methods}, but the course also asks for "
                      "{functions} as functions of their own, outside the class: write them, "
                      "and let the methods call them.", len(pairs), cls=shortened(cls),
                      methods=listed_names(m for m, _ in pairs),
                      functions=listed(f"`{SIGNATURES.get(w, w + '(...)')}`" for _, w in pairs))
        found.append(Found("class_form_only", cls, first[cls], message))
    return found


# --- 9. a contract function indented inside another ----------------------------------------

def defined_inside_function(code: Code) -> list[Found]:
    """`def sigmoid_derivative` indented inside `sigmoid` (it exists only while sigmoid runs)."""
    found = []
    for wanted, (inner, outer, cell) in code.nested.items():
        message = tr("`{name}` is defined inside `{outer}` (it is indented under it), so it "
                     "exists only while `{outer}` runs: move `def {name}` out to the left "
                     "margin.", name=wanted, outer=shortened(outer.name))
        found.append(Found("defined_inside_function", wanted, (cell, inner.lineno), message))
    if code.network is None:
        return found
    cls, cell = code.network
    methods = class_methods(cls)
    for wanted in METHODS:
        inner, outer = (None, None) if wanted in methods else _nested_in(
            wanted, list(methods.values()))
        if inner is None:
            continue
        message = tr("The method `{name}` is defined inside `{outer}` (it is indented under "
                     "it), so `{cls}` has no method `{name}`: indent `def {name}` like `def "
                     "{outer}`.", name=wanted, outer=shortened(outer.name), cls=shortened(cls.name))
        found.append(Found("defined_inside_function", f"{CLASS}.{wanted}",
                            (cell, inner.lineno), message))
    return found


def _nested_in(name: str, functions: list) -> tuple[ast.AST | None, ast.AST | None]:
    """(the def of ``name`` inside one of ``functions``, that function), or (None, None)."""
    for function in functions:
        for node in all_nodes(function):
            if node is not function and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) \
                    and node.name == name:
                return node, function
    return None, None

# --- 12. a method at the left margin, a loop that returns, a function defined twice ---------

def methods_outside_the_class(code: Code) -> list[Found]:
    """`def feedforward(self):` at the left margin: a method that lost its indentation."""
    found = []
    for name, (kind, node, pos) in code.top.items():
        if kind != "function" or not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        first = (node.args.posonlyargs + node.args.args)[:1]
        if first and first[0].arg == "self":
            message = tr("`def {name}(self, ...)` is at the left margin, outside any class, so "
                         "it is a plain function, not a method of `NeuralNetwork`: indent it "
                         "into the class body.", name=name)
            found.append(Found("method_outside_class", name, pos, message))
    return found


def returns_inside_the_loop(code: Code) -> list[Found]:
    """`return` indented into the training loop: train stops after its first iteration."""
    found = []
    for name, node, pos in contract_functions(code):
        for loop in own_nodes(node):
            if not isinstance(loop, ast.For | ast.While):
                continue
            early = next((s for s in loop.body if isinstance(s, ast.Return)), None)
            if early is not None:
                message = tr("In `{name}`, `return` is indented inside the loop, so the "
                             "function returns during the first pass: dedent the return so it "
                             "comes after the loop.", name=name)
                found.append(Found("return_inside_loop", name, (pos[0], early.lineno), message))
                break
    return found


def defined_twice(code: Code) -> list[Found]:
    """A contract function whose last definition is a stub left below the student's own
    work: Python keeps the last one, so the work is never graded."""
    defs: dict[str, list[tuple[ast.AST, Pos]]] = {}
    for cell, tree in code.trees:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) \
                    and node.name in code.wanted:
                defs.setdefault(node.name, []).append((node, (cell, node.lineno)))
    found = []
    for name, places in defs.items():
        last, where = places[-1]
        if len(places) > 1 and is_stub(last) and not all(is_stub(n) for n, _ in places):
            first = next(pos for n, pos in places if not is_stub(n))
            message = tr("`{name}` is defined twice: your code at line {first}, then an empty "
                         "version (a stub) at line {last}. Python keeps the last definition, so "
                         "your code is never used: delete the stub.", name=name,
                         first=first[1], last=where[1])
            found.append(Found("defined_twice", name, where, message))
        elif len(places) > 1 and not is_stub(last) and not is_stub(places[-2][0]) \
                and ast.dump(places[-2][0]) != ast.dump(last):
            message = tr("`{name}` is defined twice, at line {first} and again at line {last}: "
                         "Python keeps the last definition, so the one at line {last} is the "
                         "one graded. Keep one of them.", name=name, first=places[-2][1][1],
                         last=where[1])
            found.append(Found("defined_twice", name, where, message, STAGE_OF.get(name)))
    return found



# --- 13. the training loop written at the top level of the file -----------------------------

def training_at_top_level(code: Code) -> list[Found]:
    """No `train`, but a loop at the module level that calls the student's backprop or
    feedforward: the training was written as a script, not as the course's function."""
    if "train" not in code.wanted or code.defined("train") or "train" in code.renamed \
            or "train" in code.nested:
        return []
    for cell, tree in code.trees:
        for node in tree.body:
            if not isinstance(node, ast.For | ast.While):
                continue
            called = {n.func.id for n in ast.walk(node)
                      if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
            if called & {"backprop", "feedforward"} | set(code.renamed):
                message = tr("Your training loop runs at the top level of your file (line "
                             "{line}), not inside a function, so there is no `train` to call: "
                             "put the loop in `def {signature}:` and return W1, W2 and the "
                             "losses.", line=node.lineno, signature=SIGNATURES["train"])
                return [Found("training_at_top_level", "train", (cell, node.lineno), message)]
    return []


# --- 14. a while loop that never moves on ----------------------------------------------------

def loops_that_never_end(code: Code) -> list[Found]:
    """`while i < iterations:` whose body never changes `i` (nor breaks or returns)."""
    found = []
    for name, node, pos in contract_functions(code):
        for loop in all_nodes(node):
            if not isinstance(loop, ast.While):
                continue
            tested = {n.id for n in ast.walk(loop.test) if isinstance(n, ast.Name)}
            if not tested or isinstance(loop.test, ast.Constant):
                continue
            changed = {t.id for n in ast.walk(loop) for t in _targets(n)}
            leaves = any(isinstance(n, ast.Break | ast.Return | ast.Raise)
                         for statement in loop.body for n in ast.walk(statement))
            calls = any(isinstance(n, ast.Call) for n in ast.walk(loop.test)) or any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                and isinstance(n.func.value, ast.Name) and n.func.value.id in tested
                for statement in loop.body for n in ast.walk(statement))  # `x.append(...)`
            if tested & changed or leaves or calls:
                continue
            message = tr("The loop `while {test}:` in `{function}` never changes {names}, so it "
                         "never ends: add `{first} += 1` at the end of its body (or loop with "
                         "`for {first} in range(...)`).", test=ast.unparse(loop.test)[:60],
                         function=name, names=listed(f"`{n}`" for n in sorted(tested)),
                         first=sorted(tested)[0])
            found.append(Found("loop_never_ends", f"{name}.while", (pos[0], loop.lineno),
                               message))
    return found


def _targets(node: ast.AST) -> list[ast.Name]:
    """The names an assignment-like statement binds (`i = ...`, `i += 1`, `for i in`)."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.For | ast.NamedExpr):
        targets = [node.target]
    else:
        return []
    return [n for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
