"""Detectors of what a contract function takes and gives: print for return, a tuple from a
one-value function, parameters in another order or number, a name bound nowhere."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from autograder.diagnose.source.code import ALL_WANTED, Code, Found, import_names, shortened
from autograder.diagnose.source.names import class_methods, nearest_name
from autograder.diagnose.source.wanted import MODULE_ALIASES, SIGNATURES, STAGE_OF, Pos
from autograder.i18n import listed, ntr, tr

# --- 10. a contract function that hands back something else ---------------------------------

#: The contract's functions that return one value (the others return a pair or a triple).
ONE_VALUE = frozenset({"sigmoid", "sigmoid_derivative", "sse_loss", "tanh", "tanh_derivative",
                       "relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative",
                       "softmax", "cross_entropy", "predict", "accuracy"})


def contract_functions(code: Code) -> Iterator[tuple[str, ast.FunctionDef, Pos]]:
    """The contract's functions the student defined at module level, with their nodes."""
    for name in code.wanted:
        kind, node, pos = code.top.get(name, ("", None, (0, 0)))
        if kind == "function" and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield name, node, pos


def own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``function``'s own body (not of functions or classes defined in it)."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def prints_instead_of_returning(code: Code) -> list[Found]:
    """A function that prints its result and returns nothing (the caller gets None)."""
    found = []
    for name, node, pos in contract_functions(code):
        own = list(own_nodes(node))
        returns = any(isinstance(n, ast.Return) and n.value is not None for n in own)
        yields = any(isinstance(n, ast.Yield | ast.YieldFrom) for n in own)
        prints = [n for n in own if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                  and n.func.id == "print"]
        if prints and not returns and not yields:
            message = tr("`{name}` prints its result but never returns it, so whoever calls it "
                         "gets None: end it with a `return` line (print only shows a value on "
                         "the screen).", name=name)
            found.append(Found("prints_instead_of_returning", name, (pos[0], prints[0].lineno),
                                message))
    return found


def returns_several_values(code: Code) -> list[Found]:
    """`return loss, errors` in a function the course expects one value from."""
    found = []
    for name, node, pos in contract_functions(code):
        if name not in ONE_VALUE:
            continue
        returns = [n for n in own_nodes(node) if isinstance(n, ast.Return) and n.value]
        pairs = [n for n in returns if isinstance(n.value, ast.Tuple) and len(n.value.elts) > 1]
        if returns and len(pairs) == len(returns):
            message = tr("`{name}` returns a tuple of {count} values (`return {values}`), but "
                         "the course expects one value: return only the result, and compute "
                         "anything else where it is needed.", name=name,
                         count=len(pairs[0].value.elts),
                         values=shortened(", ".join(map(ast.unparse, pairs[0].value.elts)), 50))
            found.append(Found("returns_several_values", name, (pos[0], pairs[0].lineno),
                                message))
    return found


def _parameters(signature: str) -> list[str]:
    """"train(X, Y, W1, W2, iterations=1500, ...)" -> ["X", "Y", "W1", "W2", "iterations"]."""
    inside = signature[signature.index("(") + 1:signature.rindex(")")]
    return [p.split("=")[0].strip() for p in inside.split(",")
            if p.split("=")[0].strip().isidentifier()]


def parameter_count_differs(code: Code) -> list[Found]:
    """`def backprop(X, W1, W2)` (one missing) or `def __init__(self, x)`: the course's calls
    give another number of arguments than the def line takes."""
    found = []
    signatures = [(name, node, pos, _parameters(SIGNATURES.get(name, "()")))
                  for name, node, pos in contract_functions(code)]
    if code.network is not None:
        init = class_methods(code.network[0]).get("__init__")
        if isinstance(init, ast.FunctionDef | ast.AsyncFunctionDef):
            signatures.append(("__init__", init, (code.network[1], init.lineno),
                               ["self", "x", "y"]))
    for name, node, pos, wanted in signatures:
        args = node.args
        if not wanted or args.vararg:
            continue
        given = [a.arg for a in (*args.posonlyargs, *args.args)]
        required = len(given) - len(args.defaults)
        called = sum(1 for w in wanted if w not in KEYWORD_DEFAULTS)  # given positionally
        if required > called or len(given) < called:
            shown = SIGNATURES.get(name, "NeuralNetwork(x, y)" if name == "__init__" else name)
            extra = [p for p in given[called:] if p not in wanted]
            if required > called and len(given) > called and extra and \
                    not set(extra) & set(_read_in(node)):
                message = ntr("`{name}` takes an extra parameter, {extra}, that the course does "
                              "not pass and its body never uses: remove it from the def line "
                              "(and from your own calls), so that `{signature}` works.",
                              "`{name}` takes extra parameters, {extra}, that the course does "
                              "not pass and its body never uses: remove them from the def line "
                              "(and from your own calls), so that `{signature}` works.",
                              len(extra), name=name, signature=shown,
                              extra=listed(f"`{p}`" for p in extra))
                found.append(Found("parameter_count_differs", name, pos, message))
                continue
            message = tr("`{name}` takes {count} parameters ({given}), but the course calls it "
                         "as `{signature}`: write the def line with exactly those parameters.",
                         name=name, count=len(given), given=", ".join(given) or "-",
                         signature=shown)
            found.append(Found("parameter_count_differs", name, pos, message))
    return found


#: The contract's parameters with a default, which the course may leave out of a call.
KEYWORD_DEFAULTS = frozenset({"iterations", "learning_rate", "activation", "alpha"})


def parameters_in_another_order(code: Code) -> list[Found]:
    """`def backprop(X, W1, W2, Y)`: the course's parameters, in another order."""
    found = []
    for name, node, pos in contract_functions(code):
        wanted = _parameters(SIGNATURES.get(name, "()"))
        given = [a.arg for a in (*node.args.posonlyargs, *node.args.args)][:len(wanted)]
        if len(wanted) < 2 or len(given) < len(wanted):
            continue
        if [g.lower() for g in given] != [w.lower() for w in wanted] and \
                sorted(g.lower() for g in given) == sorted(w.lower() for w in wanted):
            message = tr("`{name}` takes its parameters in the order ({given}), but the course "
                         "calls it as `{signature}`, so each value lands in the wrong "
                         "parameter: write the def line in the course's order.", name=name,
                         given=", ".join(given), signature=SIGNATURES[name])
            found.append(Found("parameters_in_another_order", name, pos, message))
    return found


def keywords_renamed(code: Code) -> list[Found]:
    """`def train(X, Y, W1, W2, epochs=1500, lr=1.0)`: the course passes `iterations=` and
    `learning_rate=` by name, so a keyword parameter under another name is never given."""
    found = []
    methods = [] if code.network is None else [
        (f"{code.network[0].name}.{name}", node, (code.network[1], node.lineno))
        for name, node in class_methods(code.network[0]).items() if name == "backprop"]
    for name, node, pos in [*contract_functions(code), *methods]:
        wanted = ["self", "learning_rate"] if (name, node, pos) in methods else \
            _parameters(SIGNATURES.get(name, "()"))
        given = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
        shown = "def backprop(self, learning_rate=1.0):" if (name, node, pos) in methods \
            else f"def {SIGNATURES.get(name, name)}:"
        positional = [w for w in wanted if w not in KEYWORD_DEFAULTS]
        if not node.args.kwarg and not node.args.vararg and len(given) == len(positional) \
                and len(wanted) > len(given):
            missing = [w for w in wanted if w in KEYWORD_DEFAULTS and w not in given]
            if not missing:
                continue
            message = ntr("`{name}` has no parameter {missing}, but the course passes it by "
                          "name, so the call fails: write `{signature}`.",
                          "`{name}` has no parameters {missing}, but the course passes them by "
                          "name, so the call fails: write `{signature}`.", len(missing),
                          name=name, missing=listed(f"`{w}`" for w in missing),
                          signature=shown)
            found.append(Found("keyword_missing", name, pos, message))
            continue
        if node.args.kwarg or len(given) != len(wanted):
            continue
        renamed = [(g, w) for g, w in zip(given, wanted, strict=True)
                   if w in KEYWORD_DEFAULTS and g != w and w not in given]
        if renamed:
            message = ntr("`{name}` calls its parameter {given}, but the course passes it by "
                          "name as {wanted}, so the call fails: write `{signature}`.",
                          "`{name}` calls its parameters {given}, but the course passes them "
                          "by name as {wanted}, so the call fails: write `{signature}`.",
                          len(renamed), name=name, signature=shown,
                          given=listed(f"`{g}`" for g, _ in renamed),
                          wanted=listed(f"`{w}`" for _, w in renamed))
            found.append(Found("keyword_renamed", name, pos, message))
    return found


def keywords_overwritten(code: Code) -> list[Found]:
    """`learning_rate = 0.5` inside `train`: the value the course passes is never used."""
    found = []
    for name, node, pos in contract_functions(code):
        given = {a.arg for a in (*node.args.posonlyargs, *node.args.args)} & KEYWORD_DEFAULTS
        for statement in node.body:
            if not isinstance(statement, ast.Assign):
                continue
            targets = {t.id for t in statement.targets if isinstance(t, ast.Name)}
            reads = {n.id for n in ast.walk(statement.value) if isinstance(n, ast.Name)}
            for param in sorted(given & targets - reads):
                message = tr("`{function}` sets its parameter `{param}` itself (line {line}), so "
                             "the value the course passes is never used: delete that line and "
                             "use the parameter.", function=name, param=param,
                             line=statement.lineno)
                found.append(Found("keyword_overwritten", f"{name}.{param}",
                                   (pos[0], statement.lineno), message, STAGE_OF.get(name)))
    return found


# --- 11. a function's own names: a parameter unused, a name from elsewhere -------------------

#: Python 2's names that Python 3 spells otherwise (code from older tutorials).
PYTHON2 = {"xrange": "range", "raw_input": "input", "unicode": "str", "basestring": "str",
           "long": "int", "unichr": "chr", "reduce": "functools.reduce", "file": "open"}
#: A parameter of the contract, and the names students give the same thing.
PARAMETER_ALIASES = {"learning_rate": {"lr", "alpha", "eta", "rate", "learningrate", "step"},
                     "iterations": {"epochs", "epoch", "iters", "niter", "numiterations",
                                    "nepochs", "steps"}}

_BUILTINS = frozenset(dir(__import__("builtins")))


def _bound_in(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names ``function`` binds itself: parameters, assignments, loops, imports, ..."""
    args = function.args
    bound = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    bound |= {a.arg for a in (args.vararg, args.kwarg) if a}
    for node in own_nodes(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound |= {a.asname or a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            bound |= set(node.names)
    for node in ast.walk(function):  # names a nested def or comprehension binds
        if node is not function and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef
                                               | ast.ClassDef | ast.Lambda):
            bound |= {a.arg for a in ast.walk(node) if isinstance(a, ast.arg)}
            if not isinstance(node, ast.Lambda):
                bound.add(node.name)
        elif isinstance(node, ast.comprehension):
            bound |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
    return bound


def _read_in(function: ast.AST) -> dict[str, int]:
    """{name: first line} of the names ``function``'s body reads."""
    read: dict[str, int] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            read[node.id] = min(read.get(node.id, node.lineno), node.lineno)
    return read


def names_from_nowhere(code: Code) -> list[Found]:
    """A contract function that reads a name bound nowhere (`z` where its parameter is `x`,
    `sigmoid_prime` where the file defines `sigmoid_derivative`), or reads the module's own
    data (`x`, the article's inputs) where its parameter of that name (`X`) goes unused."""
    found = []
    module = set(code.top) | {name for node, _ in code.imports for name in import_names(node)}
    starred = any(a.name == "*" for node, _ in code.imports for a in node.names)
    methods = [] if code.network is None else [
        (f"{code.network[0].name}.{m}", n, (code.network[1], n.lineno))
        for m, n in class_methods(code.network[0]).items()
        if m in ("__init__", "feedforward", "backprop")
        and isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    own_methods = set() if code.network is None else set(class_methods(code.network[0]))
    for name, node, pos in [*contract_functions(code), *methods]:
        bound, read = _bound_in(node), _read_in(node)
        params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
        unused = [p for p in params if p not in read and p != "self"]
        for used, line in read.items():
            if used in bound or used in _BUILTINS or (used in ALL_WANTED and used not in module):
                continue  # a contract name not defined: misspelled_names says it once
            if used not in module:
                if starred:  # `from numpy import *` may have bound it
                    continue
                message = tr("`{used}` is Python 2's name; Python 3 calls it `{now}`.",
                             used=used, now=PYTHON2[used]) if used in PYTHON2 else \
                    _from_nowhere(name, used, unused, sorted(module | set(params)))
                contract = _parameters(SIGNATURES.get(name, "()")) if "." not in name else \
                    ["x", "y", "learning_rate"]  # a dropped parameter: said by its count
                if not message and used not in NOTEBOOK_NAMES | set(MODULE_ALIASES) | {"self"} \
                        | own_methods and used not in contract and _read_here(node, used):
                    found.append(Found("name_from_nowhere", f"{name}.{used}", (pos[0], line),
                                       _never_given(name, used, node),
                                       STAGE_OF.get(name.split(".")[0], 5)))
                    continue
            elif code.top[used][0] == "value" and (twin := _twin(used, unused)):
                message = tr("`{function}` reads `{used}`, a variable of your file (your data), "
                             "where it should use its own parameter `{param}`, which it never "
                             "uses: the grader calls it with other arrays.", function=name,
                             used=used, param=twin)
            elif code.top[used][0] == "value" and (same := _same_role(used, unused)):
                message = tr("`{function}` reads `{used}`, a variable of your file, where it "
                             "should use its own parameter `{param}`, which it never uses: the "
                             "grader calls it with other values.", function=name, used=used,
                             param=same)
            elif code.top[used][0] == "value" and not _a_size(node, used, code.top[used][1]):
                found.append(module_variable(name, node, used, line, unused, (pos[0], line),
                                             STAGE_OF.get(name.split(".")[0], 5)))
                continue
            else:
                continue
            if message:
                found.append(Found("name_from_nowhere", f"{name}.{used}", (pos[0], line),
                                    message))
    return found


def module_variable(function: str, node: ast.AST, used: str, line: int, unused: list[str],
                    pos: Pos, stage: int | None) -> Found:
    """`function` reads `used`, a module-level variable: said only if its stage loses points
    (a constant of the file is fine in right code). How it is used says what it does."""
    grows = _grows(node, used)
    added = any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add)
                and any(isinstance(side, ast.Name) and side.id == used
                        for side in (n.left, n.right)) for n in ast.walk(node))
    if grows:
        message = tr("`{function}` adds to `{used}`, a module-level list of your file, so it "
                     "keeps what earlier calls put in it: create it inside `{function}` "
                     "(`{used} = []`).", function=function, used=used)
    elif added:
        message = tr("`{function}` adds `{used}`, a module-level variable of your file: the "
                     "course's `{signature}` has no such term (no bias), and everything it "
                     "uses comes from its parameters.", function=function, used=used,
                     signature=SIGNATURES.get(function, function))
    elif len(unused) == 1:
        message = tr("`{function}` reads `{used}`, a module-level variable of your file, "
                     "where its parameter `{param}` (never used) belongs: the grader calls it "
                     "with other arrays.", function=function, used=used, param=unused[0])
    else:
        message = tr("`{function}` reads `{used}`, a module-level variable of your file, not "
                     "one of its parameters: the grader calls `{function}` with its own "
                     "arguments, so everything it uses must come from them.",
                     function=function, used=used)
    return Found("module_variable_read", function, pos, message, stage)  # one per function


def _a_size(function: ast.AST, used: str, binding: ast.AST | None) -> bool:
    """Is ``used`` a number of the file (`HIDDEN = 4`) that ``function`` only passes on as a
    size (`np.random.rand(n, HIDDEN)`, `range(HIDDEN)`), or a table (a dict of functions)?
    Such a module-level name is no mistake."""
    value = getattr(binding, "value", None)
    if isinstance(value, ast.Dict | ast.DictComp | ast.Set | ast.Lambda):
        return True  # a table of functions or names, not data
    if not (isinstance(value, ast.Constant) and type(value.value) is int):
        return False
    parents = {id(child): parent for parent in ast.walk(function)
               for child in ast.iter_child_nodes(parent)}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id == used and isinstance(node.ctx, ast.Load):
            parent = parents.get(id(node))
            if isinstance(parent, ast.Tuple):
                parent = parents.get(id(parent))
            if not isinstance(parent, ast.Call) or node is parent.func:
                return False
    return True


#: Names Jupyter gives every notebook (not Python's builtins).
NOTEBOOK_NAMES = frozenset({"display", "get_ipython", "In", "Out", "exit", "quit"})


def _read_here(function: ast.AST, name: str) -> bool:
    """Does ``function``'s own body (not a function defined inside it) read ``name``?"""
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
               for n in own_nodes(function))


def _grows(function: ast.AST, name: str) -> bool:
    """Does ``function`` add to ``name`` in place (`name.append(...)`, extend, insert)?"""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
               and isinstance(n.func.value, ast.Name) and n.func.value.id == name
               and n.func.attr in ("append", "extend", "insert") for n in ast.walk(function))


def _never_given(function: str, used: str, node: ast.AST) -> str:
    """What to say of a name ``function`` uses that nothing in the code binds."""
    if _grows(node, used):
        return tr("`{function}` adds to `{used}` (`{used}.append`), but `{used}` is never "
                  "created: start it with `{used} = []` before the loop.", function=function,
                  used=used)
    return tr("`{function}` uses `{used}`, which is given a value nowhere in your code, so "
              "Python stops with a NameError there: assign it before that line, or use the "
              "name you meant.", function=function, used=used)


def _same_role(used: str, unused: list[str]) -> str | None:
    """The unused parameter ``used`` is another name for (`lr` for `learning_rate`)."""
    squashed = used.lower().replace("_", "")
    return next((p for p in unused if squashed in PARAMETER_ALIASES.get(p, ())), None)


def _twin(used: str, unused: list[str]) -> str | None:
    """The unused parameter ``used`` stands for: the same name in another case (`x`, `X`)."""
    return next((p for p in unused if p.lower() == used.lower()), None)


def _from_nowhere(function: str, used: str, unused: list[str], names: list[str]) -> str | None:
    if len(unused) == 1 and not nearest_name(used, names):
        return tr("`{function}` uses `{used}`, which is defined nowhere, and never uses its "
                  "parameter `{param}`: did you mean `{param}`?", function=function,
                  used=used, param=unused[0])
    near = nearest_name(used, names)
    if near:
        return tr("`{function}` uses `{used}`, which is defined nowhere: did you mean "
                  "`{near}`?", function=function, used=used, near=near)
    return None

