"""Detectors of names: a near miss of a contract name, the constructor under another name, a
method without self, an attribute the grader reads that is never set."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from autograder.diagnose.source.code import (
    ALL_WANTED,
    Code,
    Found,
    all_nodes,
    closeness,
    closer_to_another,
    edit_distance,
    shortened,
    stored_names,
)
from autograder.diagnose.source.wanted import (
    ATTRIBUTES,
    CLASS,
    CONSTRUCTOR_ALIASES,
    DATA_NAMES,
    METHODS,
)
from autograder.i18n import listed, ntr, tr

# --- 1. names: a near miss of a contract name ---------------------------------------------

def misspelled_names(code: Code) -> list[Found]:
    """`def sigmoid_derivate` where the grader looks for `sigmoid_derivative` (and classes)."""
    found = []
    for wanted, (name, _, pos) in code.renamed.items():
        message = tr("You defined `{yours}`, but the grader looks for `{expected}`: rename it "
                     "to `{expected}`.", yours=shortened(name), expected=wanted)
        found.append(Found("name_misspelled", wanted, pos, message))
    return found


def misspelled_members(code: Code) -> list[Found]:
    """The class's methods and attributes under near-miss names (`feed_forward`, `weight1`)."""
    if code.network is None:
        return []
    cls, cell = code.network
    found = []
    methods = class_methods(cls)
    for wanted in METHODS:
        if wanted in methods:
            continue
        near = nearest_name(wanted, [m for m in methods if m not in METHODS and m != "__init__"],
                        METHODS)
        if near:
            message = tr("Your class `{cls}` has no method `{expected}()`, which the grader "
                         "calls; it has `{yours}` instead: rename the method to `{expected}`.",
                         cls=shortened(cls.name), yours=shortened(near), expected=wanted)
            pos = (cell, methods[near].lineno)
            found.append(Found("name_misspelled", f"{CLASS}.{wanted}", pos, message))
    assigned = _assigned_attributes(code, cls)
    if assigned is None:
        return found
    in_init = _stored_in(methods.get("__init__"))
    set_where = {w: (in_init if ATTRIBUTES[w] == "__init__" and "__init__" in methods
                     else assigned) for w in ATTRIBUTES}
    renamed = [(wanted, near) for wanted in ATTRIBUTES if wanted not in set_where[wanted]
               for near in [nearest_name(wanted, [a for a in set_where[wanted]
                                              if a not in ATTRIBUTES], ATTRIBUTES)] if near]
    if renamed:  # one note for the class: renaming its weights is one mistake, not two
        expected = ", ".join(f"`self.{w}`" for w, _ in renamed)
        yours = ", ".join(f"`self.{shortened(n)}`" for _, n in renamed)
        pairs = tr(", ").join(tr("`self.{yours}` to `self.{expected}`", yours=shortened(n),
                                 expected=w) for w, n in renamed)
        message = tr("Your class `{cls}` never sets {expected}, which the grader reads; it sets "
                     "{yours} instead: rename {pairs} everywhere in the class.",
                     cls=shortened(cls.name), expected=expected, yours=yours, pairs=pairs)
        pos = (cell, min(assigned[n] for _, n in renamed))
        found.append(Found("name_misspelled", f"{CLASS}.{renamed[0][0]}", pos, message))
    return found


def _stored_in(method: ast.AST | None) -> dict[str, int]:
    """{attribute: first line} of what ``method`` stores on its first parameter, or on `self`
    (a method that forgot its `self` parameter still writes `self.output`)."""
    if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
        return {}
    params = method.args.posonlyargs + method.args.args
    me, stored = {"self"} | {p.arg for p in params[:1]}, {}
    for node in all_nodes(method):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.value, ast.Name) and node.value.id in me:
            stored[node.attr] = min(stored.get(node.attr, node.lineno), node.lineno)
    return stored


def output_not_set_by_feedforward(code: Code) -> list[Found]:
    """`feedforward()` that computes the output but never stores it in `self.output` (set
    only in `__init__`): the grader reads the starting zeros after every call."""
    if code.network is None:
        return []
    cls, cell = code.network
    methods = class_methods(cls)
    method = methods.get("feedforward")
    if method is None or is_stub(method) or "output" in _stored_in(method):
        return []
    calls_own = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and isinstance(n.func.value, ast.Name) and n.func.value.id == "self"
                    for n in all_nodes(method))
    elsewhere = [name for name, m in methods.items() if "output" in _stored_in(m)]
    if calls_own or not elsewhere or elsewhere == ["feedforward"]:
        return []  # it may set it through another method; never set: said elsewhere
    message = tr("`feedforward()` never stores its result in `self.output` (only `{where}` "
                 "sets it), so after `nn.feedforward()` the grader still reads the old value: "
                 "end `feedforward` with `self.output = ...`.", where=elsewhere[0])
    return [Found("output_not_set_by_feedforward", f"{CLASS}.output",
                   (cell, method.lineno), message)]


def nearest_name(wanted: str, names: list[str], rivals: Iterable[str] = ()) -> str | None:
    """The name in ``names`` closest to ``wanted`` and not closer to one of ``rivals``."""
    scored = [(score, i, name) for i, name in enumerate(names)
              if (score := closeness(name, wanted)) is not None
              and not closer_to_another(name, wanted, score, rivals)]
    return min(scored)[2] if scored else None


def class_methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    """The functions defined in the class body (the last of a name wins, as in Python)."""
    methods = {}
    for node in _class_body(cls):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            methods[node.name] = node
    return methods


def _class_body(cls: ast.ClassDef) -> Iterator[ast.stmt]:
    """The class body's statements, looking into if/try blocks at class level."""
    stack = list(reversed(cls.body))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for block in ("body", "orelse", "finalbody"):
                stack.extend(reversed([s for s in getattr(node, block, []) or []
                                       if isinstance(s, ast.stmt)]))


def _assigned_attributes(code: Code, cls: ast.ClassDef, depth: int = 0) -> dict[str, int] | None:
    """The attributes the class sets anywhere (self.name = ..., or in its body) -> first line.

    None when that cannot be known: setattr or __dict__ on self, or a base class that is not
    the student's own.
    """
    assigned: dict[str, int] = {}
    for base in cls.bases:
        if isinstance(base, ast.Name) and base.id == "object":
            continue
        kind, node, _ = code.top.get(base.id, (None, None, None)) if isinstance(
            base, ast.Name) else (None, None, None)
        if kind != "class" or depth > 5 or node is cls:
            return None
        inherited = _assigned_attributes(code, node, depth + 1)
        if inherited is None:
            return None
        assigned.update(inherited)
    for node in _class_body(cls):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in stored_names(target):
                    assigned.setdefault(name, node.lineno)
    for method in class_methods(cls).values():
        params = method.args.posonlyargs + method.args.args
        if not params:
            continue
        me = params[0].arg
        for node in all_nodes(method):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id == me:
                if isinstance(node.ctx, ast.Store):
                    if node.attr not in assigned or node.lineno < assigned[node.attr]:
                        assigned[node.attr] = node.lineno
                elif node.attr == "__dict__":
                    return None
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("setattr", "vars"):
                return None
    return assigned


# --- 2. the constructor under another name ------------------------------------------------

def misspelled_init(code: Code) -> list[Found]:
    """`def init(self, x, y)`, `_init_` or `__int__` in the class and no `__init__`."""
    if code.network is None:
        return []
    cls, cell = code.network
    methods = class_methods(cls)
    if "__init__" in methods:
        return []
    for name, method in methods.items():
        if _looks_like_init(name, cls.name):
            message = tr("`{yours}` is not a constructor: Python runs the method called "
                         "`__init__` (two underscores on each side) when `{cls}(x, y)` is "
                         "called. Rename `{yours}` to `__init__`.",
                         yours=shortened(name), cls=shortened(cls.name))
            return [Found("init_misspelled", CLASS, (cell, method.lineno), message)]
    return []


def _looks_like_init(name: str, cls: str) -> bool:
    """`init`, `_init_`, `__int__`, `__init`, `initialize`, or the class's own name (Java)."""
    plain = name.strip("_").lower()
    if name == "__new__":
        return False
    return (len(plain) <= 6 and edit_distance(plain, "init") <= 1) or plain in CONSTRUCTOR_ALIASES \
        or name == cls


# --- 3. a method without self ---------------------------------------------------------------

def methods_without_self(code: Code) -> list[Found]:
    """A method of the class with no parameters, or whose first one is not `self`.

    Fires for `def feedforward():`, for `def backprop(lr): self.weights1 ...` (self used,
    never received), and for a function pasted into the class, `def feedforward(X, W1, W2)`.
    A first parameter merely called something else (`this`) is left alone.
    """
    if code.network is None:
        return []
    cls, cell = code.network
    found = []
    for name, method in class_methods(cls).items():
        if any(_decorator_name(d) in ("staticmethod", "classmethod")
               for d in method.decorator_list):
            continue
        params = method.args.posonlyargs + method.args.args
        first = params[0].arg if params else None
        if first == "self" or (first is None and method.args.vararg):
            continue
        data = first is None or first.lower() in DATA_NAMES  # self missing: put it first
        uses_self = any(isinstance(n, ast.Name) and n.id == "self" for n in all_nodes(method))
        if not (data or uses_self):
            continue
        others = [_parameter(p, method.args) for p in (params if data else params[1:])]
        message = tr("The method `{method}` of `{cls}` does not take `self` first: Python "
                     "passes the object itself as a method's first argument. Write `def "
                     "{method}({params}):`.", method=shortened(name), cls=shortened(cls.name),
                     params=shortened(", ".join(["self", *others]), 60))
        found.append(Found("method_without_self", f"{CLASS}.{name}", (cell, method.lineno),
                            message))
    return found


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _parameter(param: ast.arg, args: ast.arguments) -> str:
    """`x` or `learning_rate=1.0` as the student wrote it."""
    positional = args.posonlyargs + args.args
    index = positional.index(param) - (len(positional) - len(args.defaults))
    if index < 0:
        return param.arg
    default = args.defaults[index]
    shown = ast.unparse(default) if isinstance(default, ast.Constant) else "..."
    return f"{param.arg}={shortened(shown, 12)}"


# --- 4. an attribute the grader reads, never set --------------------------------------------

def attributes_never_assigned(code: Code) -> list[Found]:
    """`self.output` never set (a local `output = ...` in feedforward instead, say).

    Not told while the method it belongs in is missing or still the stub handed out (`raise
    NotImplementedError()`): the checks already say so.
    """
    if code.network is None:
        return []
    cls, cell = code.network
    assigned = _assigned_attributes(code, cls)
    if assigned is None:
        return []
    methods = class_methods(cls)
    found = []
    never: dict[str, list[str]] = {}  # the method to set them in -> attributes never set
    for attribute, where in ATTRIBUTES.items():
        if attribute in assigned or where not in methods or is_stub(methods[where]) or \
                nearest_name(attribute, [a for a in assigned if a not in ATTRIBUTES], ATTRIBUTES):
            continue  # set, not written yet, or set under a near miss (misspelled_members)
        local = _local_assignment(methods, attribute, where)
        if local is None:
            never.setdefault(where, []).append(attribute)
            continue
        method, line = local
        message = tr("`{method}` assigns `{name} = ...`, a local variable that is gone when "
                     "the method returns; the grader reads `self.{name}`: write `self.{name} "
                     "= ...`.", method=shortened(method), name=attribute)
        found.append(Found("attribute_never_assigned", f"{CLASS}.{attribute}", (cell, line),
                            message))
    for where, attributes in never.items():
        message = ntr("Your class `{cls}` never sets {attributes}, which the grader reads: set "
                      "it in `{method}`.",
                      "Your class `{cls}` never sets {attributes}, which the grader reads: set "
                      "them in `{method}`.", len(attributes), cls=shortened(cls.name),
                      attributes=listed(f"`self.{a}`" for a in attributes), method=where)
        found.append(Found("attribute_never_assigned", f"{CLASS}.{where}", (cell, cls.lineno),
                            message))
    return found


def _names_not_implemented(exc: ast.expr | None) -> bool:
    """`NotImplementedError` or `NotImplementedError(...)`."""
    if isinstance(exc, ast.Call):
        exc = exc.func
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def is_stub(method: ast.AST | None) -> bool:
    """True for a method still as handed out: a docstring, `pass`, `raise NotImplementedError`."""
    if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    for node in method.body:
        if isinstance(node, ast.Pass) or (isinstance(node, ast.Expr)
                                          and isinstance(node.value, ast.Constant)):
            continue
        if isinstance(node, ast.Raise) and _names_not_implemented(node.exc):
            continue
        return False
    return True


def _local_assignment(methods: dict, name: str, first: str) -> tuple[str, int] | None:
    """(method, line) of the first `name = ...` in one of the methods (``first`` looked at
    first), if any."""
    for method_name, method in sorted(methods.items(), key=lambda m: m[0] != first):
        for node in all_nodes(method):
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
                return method_name, node.lineno
    return None



# --- the derivative behind a flag, a module function called through self ---------------------

#: Words for "give the derivative" in a flag parameter (`deriv=True`), squashed.
DERIVATIVE_FLAGS = {"deriv", "derivative", "derive", "derivate", "prime", "grad", "gradient",
                    "d", "backward", "diff"}


def derivative_as_flag(code: Code) -> list[Found]:
    """`def sigmoid(z, deriv=False)` and no `sigmoid_derivative`: the course asks for the
    derivative as a function of its own."""
    found = []
    for wanted in code.wanted:
        base = wanted.removesuffix("_derivative")
        if base == wanted or code.defined(wanted) or wanted in code.renamed:
            continue
        kind, node, pos = code.top.get(base, ("", None, (0, 0)))
        if kind != "function" and not code.defined(base) and base == "sigmoid":
            kind, node, pos, found_as = _flagged_function(code)  # `nonlin(x, deriv=False)`
            if found_as and found_as[0] not in ALL_WANTED:
                message = tr("Your `{yours}` gives the {base} and its derivative through a "
                             "flag, `{flag}=True`, but the course asks for two functions of "
                             "their own: `{base}(z)` and `{wanted}(z)` (they may call "
                             "`{yours}`).", yours=shortened(found_as[0]), flag=found_as[1],
                             base=base, wanted=wanted)
                found.append(Found("derivative_as_flag", wanted, pos, message))
            continue
        if kind != "function" or not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        flag = _derivative_flag(node)
        if flag:
            message = tr("Your `{base}` gives its derivative through a flag, `{flag}=True`, but "
                         "the course asks for `{wanted}(z)` as a function of its own: add "
                         "`def {wanted}(z): return {base}(z, {flag}=True)`.", base=base,
                         flag=flag, wanted=wanted)
            found.append(Found("derivative_as_flag", wanted, pos, message))
    return found


def _derivative_flag(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The parameter after the first that asks for the derivative (`deriv`, `prime`), if any."""
    params = [a.arg for a in (*function.args.posonlyargs, *function.args.args,
                              *function.args.kwonlyargs)][1:]
    return next((p for p in params if p.lower().replace("_", "") in DERIVATIVE_FLAGS), None)


def _flagged_function(code: Code) -> tuple[str, object, tuple, tuple[str, str] | None]:
    """A module-level function with a derivative flag that computes an exponential (the
    `nonlin(x, deriv=False)` of older tutorials): (kind, node, position, (name, flag))."""
    for name, (kind, node, pos) in code.top.items():
        if kind != "function" or not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        flag = _derivative_flag(node)
        exp = any(isinstance(n, ast.Attribute | ast.Name) and getattr(n, "attr",
                  getattr(n, "id", None)) == "exp" for n in ast.walk(node))
        if flag and exp:
            return kind, node, pos, (name, flag)
    return "", None, (0, 0), None


def methods_called_bare(code: Code) -> list[Found]:
    """`sigmoid(...)` inside the class where `sigmoid` is only a method: call it self.sigmoid."""
    if code.network is None:
        return []
    cls, cell = code.network
    methods = class_methods(cls)
    found = []
    for method in methods.values():
        for node in all_nodes(method):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            name = node.func.id
            if name in methods and name not in code.top and not name.startswith("__") \
                    and name != method.name:
                message = tr("`{name}(...)` inside `{cls}` calls a function your file does not "
                             "have: `{name}` is a method of the class, so call it as "
                             "`self.{name}(...)`.", name=shortened(name),
                             cls=shortened(cls.name))
                found.append(Found("method_called_bare", f"{CLASS}.bare.{name}",
                                   (cell, node.lineno), message))
    return found


def module_functions_through_self(code: Code) -> list[Found]:
    """`self.sigmoid(...)` in the class where `sigmoid` is a function of the file, not a method."""
    if code.network is None:
        return []
    cls, cell = code.network
    methods = class_methods(cls)
    assigned = _assigned_attributes(code, cls) or {}
    found = []
    for method in methods.values():
        me = [a.arg for a in (*method.args.posonlyargs, *method.args.args)][:1] or ["self"]
        for node in all_nodes(method):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == me[0]):
                continue
            name = node.func.attr
            if name in methods or name in assigned or code.top.get(name, ("",))[0] != "function":
                continue
            message = tr("`self.{name}(...)` calls a method `{name}` that `{cls}` does not have: "
                         "`{name}` is a module-level function of your file, so call it without "
                         "`self.`: `{name}(...)`.", name=shortened(name), cls=shortened(cls.name))
            found.append(Found("module_function_through_self", f"{CLASS}.self.{name}",
                               (cell, node.lineno), message))
    return found


def attribute_typos(code: Code) -> list[Found]:
    """`self.weigths1 = ...` in a method of a class that sets `self.weights1`: the new value
    goes to another attribute, and the one the course reads never changes."""
    if code.network is None:
        return []
    cls, cell = code.network
    found = []
    methods = class_methods(cls)
    where = {w: _stored_in(methods.get(home)) for w, home in ATTRIBUTES.items()}
    for method_name, method in methods.items():
        for attribute, line in _stored_in(method).items():
            if attribute in ATTRIBUTES:
                continue
            distances = sorted((edit_distance(attribute.lower(), w), w) for w in ATTRIBUTES
                               if len(w) > 3)
            near = [w for d, w in distances[:1] if 0 < d <= 2 and w in where[w]]
            if near and not _read_anywhere(cls, attribute):
                message = tr("`{method}` stores `self.{yours}`, which nothing reads: a typo of "
                             "`self.{expected}`? The value the course reads never changes.",
                             method=method_name, yours=shortened(attribute), expected=near[0])
                found.append(Found("attribute_typo", f"{CLASS}.{attribute}", (cell, line),
                                   message))
    return found


def _read_anywhere(cls: ast.ClassDef, attribute: str) -> bool:
    """Does any method of the class read `self.<attribute>`?"""
    return any(isinstance(n, ast.Attribute) and n.attr == attribute
               and isinstance(n.ctx, ast.Load) for n in ast.walk(cls))


# --- the constructor: what it reads before it sets, what only another method sets ------------

def _self_calls(method: ast.AST, me: str = "self") -> set[str]:
    """The methods ``method`` calls on itself (`self.setup()` -> "setup")."""
    return {n.func.attr for n in all_nodes(method)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name) and n.func.value.id == me}


def _plain_class(code: Code, cls: ast.ClassDef) -> bool:
    """A class of its own (no base but `object`) whose attributes can all be read."""
    return all(isinstance(b, ast.Name) and b.id == "object" for b in cls.bases) and \
        _assigned_attributes(code, cls) is not None


def attributes_read_before_set(code: Code) -> list[Found]:
    """`__init__` reads `self.input` one line before it sets it: the constructor raises
    AttributeError. Only when nothing else could have set it first (no class attribute, no
    call of another method, no base class)."""
    if code.network is None:
        return []
    cls, cell = code.network
    init = class_methods(cls).get("__init__")
    if init is None or not _plain_class(code, cls) or \
            not (init.args.posonlyargs + init.args.args):
        return []
    me = (init.args.posonlyargs + init.args.args)[0].arg
    in_body = {name for node in _class_body(cls) if isinstance(node, ast.Assign | ast.AnnAssign)
               for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
               for name in stored_names(t)}
    stored: dict[str, int] = {}
    reads: list[tuple[str, int]] = []
    for statement in init.body:
        if _self_calls(statement, me):
            break  # another method may set anything from here on
        assigns = isinstance(statement, ast.Assign | ast.AugAssign | ast.AnnAssign)
        values = [statement.value] if assigns and statement.value else [statement]
        for value in values:
            for node in all_nodes(value):
                if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and \
                        isinstance(node.value, ast.Name) and node.value.id == me and \
                        node.attr not in stored and node.attr not in in_body:
                    reads.append((node.attr, node.lineno))
        for node in all_nodes(statement):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and \
                    isinstance(node.value, ast.Name) and node.value.id == me:
                stored.setdefault(node.attr, node.lineno)
    found, seen = [], set()
    for attribute, line in reads:
        later = stored.get(attribute)
        if later is None or later <= line or attribute in seen:
            continue
        seen.add(attribute)
        message = tr("`__init__` reads `self.{name}` at line {line}, before line {later} sets "
                     "it, so building a `{cls}` raises AttributeError: move `self.{name} = ...` "
                     "above the line that uses it.", name=shortened(attribute), line=line,
                     later=later, cls=shortened(cls.name))
        found.append(Found("attribute_read_before_set", f"{CLASS}.early.{attribute}",
                           (cell, line), message))
    return found


def attributes_set_outside_init(code: Code) -> list[Found]:
    """`self.weights1 = np.random.rand(...)` at the start of `feedforward`, never in
    `__init__`: a new network has no weights, and each call starts from new ones."""
    if code.network is None:
        return []
    cls, cell = code.network
    methods = class_methods(cls)
    init = methods.get("__init__")
    if init is None or is_stub(init) or not _plain_class(code, cls):
        return []
    constructor = {"__init__"} | (_self_calls(init) & set(methods))
    at_start = set().union(*(_stored_in(methods[m]) for m in constructor))
    at_start |= {name for node in _class_body(cls) if isinstance(node, ast.Assign | ast.AnnAssign)
                 for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                 for name in stored_names(t)}
    late: dict[str, list[tuple[str, int]]] = {}
    for attribute, home in ATTRIBUTES.items():
        if home != "__init__" or attribute in at_start:
            continue
        if nearest_name(attribute, [a for a in at_start if a not in ATTRIBUTES], ATTRIBUTES):
            continue  # set under a near miss (misspelled_members says so)
        for name, method in methods.items():
            line = _stored_in(method).get(attribute)
            if name not in constructor and line is not None and \
                    not _updates_itself(method, attribute):
                late.setdefault(name, []).append((attribute, line))
                break
    found = []
    for method, attributes in late.items():
        message = ntr("{attributes} is set in `{method}`, not in the constructor `__init__`: "
                      "a new `{cls}` does not have it until `{method}` runs, and every call of "
                      "`{method}` makes it again (new random weights undo all training). "
                      "Create it once, in `__init__`.",
                      "{attributes} are set in `{method}`, not in the constructor `__init__`: "
                      "a new `{cls}` does not have them until `{method}` runs, and every call "
                      "of `{method}` makes them again (new random weights undo all training). "
                      "Create them once, in `__init__`.", len(attributes),
                      attributes=listed(f"`self.{a}`" for a, _ in attributes),
                      method=shortened(method), cls=shortened(cls.name))
        found.append(Found("attribute_set_outside_init", f"{CLASS}.late.{method}",
                           (cell, attributes[0][1]), message))
    return found


def _updates_itself(method: ast.AST, attribute: str) -> bool:
    """Does ``method`` read `self.<attribute>` to compute its new value (an update, which
    expects it to exist already)?"""
    for node in all_nodes(method):
        if isinstance(node, ast.Assign | ast.AugAssign) and any(
                isinstance(t, ast.Attribute) and t.attr == attribute
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target])):
            return isinstance(node, ast.AugAssign) or any(
                isinstance(n, ast.Attribute) and n.attr == attribute
                and isinstance(n.ctx, ast.Load) for n in ast.walk(node.value))
    return False


def _positional_capacity(function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, int]:
    """(fewest, most) positional arguments a call may give (most: 999 with *args)."""
    given = len(function.args.posonlyargs + function.args.args)
    most = 999 if function.args.vararg else given
    return given - len(function.args.defaults), most


def methods_shadowing_functions(code: Code) -> list[Found]:
    """`self.feedforward(self.input, self.weights1, self.weights2)` inside the class, where
    the method `feedforward(self)` takes no such arguments but the file's module-level
    `feedforward(X, W1, W2)` does: `self.` picks the method (here, the method itself)."""
    if code.network is None:
        return []
    cls, cell = code.network
    methods = class_methods(cls)
    found = []
    for method in methods.values():
        me = [a.arg for a in (*method.args.posonlyargs, *method.args.args)][:1] or ["self"]
        for node in all_nodes(method):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == me[0]
                    and node.func.attr in methods) or node.keywords or \
                    any(isinstance(a, ast.Starred) for a in node.args):
                continue
            name = node.func.attr
            kind, function, _ = code.top.get(name, ("", None, None))
            if kind != "function" or not isinstance(function, ast.FunctionDef):
                continue
            low, high = _positional_capacity(methods[name])
            given = len(node.args) + 1  # self
            f_low, f_high = _positional_capacity(function)
            if low <= given <= high or not f_low <= len(node.args) <= f_high:
                continue
            if name == method.name:
                message = tr("`self.{name}(...)` inside the method `{name}` calls the method "
                             "itself, which takes none of those arguments; you meant your "
                             "module-level function `{name}`: call it without `self.`, as "
                             "`{name}(...)`.", name=shortened(name))
            else:
                message = tr("`self.{name}(...)` calls the class's method `{name}`, which takes "
                             "none of those arguments; you meant your module-level function "
                             "`{name}`: call it without `self.`, as `{name}(...)`.",
                             name=shortened(name))
            found.append(Found("method_shadows_function", f"{CLASS}.shadow.{name}",
                               (cell, node.lineno), message))
    return found
