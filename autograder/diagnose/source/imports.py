"""Detectors of imports: a module alias never imported, an import the grader cannot satisfy
(a module that is not there, a name the student's own file does not define)."""

from __future__ import annotations

import ast
import difflib

from autograder.diagnose.source.code import Code, Found, all_nodes, edit_distance, shortened
from autograder.diagnose.source.names import nearest_name
from autograder.diagnose.source.wanted import AVAILABLE, MODULE_ALIASES, STANDARD
from autograder.i18n import tr

# --- 6. a module alias used, never imported -------------------------------------------------

def modules_not_imported(code: Code, file: str = "") -> list[Found]:
    """`np.exp` with no `import numpy as np` (also numpy imported as `numpy`, used as `np`).

    ``file``: when the student has several files, the one ``code`` holds (each file must
    import what it uses: a name imported by another file is not there).
    """
    found = []
    for alias in MODULE_ALIASES:
        if alias in code.top or not any(alias + "." in text for text in code.texts):
            continue  # imported at module level, or never used: no walk needed
        pos = code.walked.alias_uses.get(alias)
        if pos is None or alias in code.walked.bound:
            continue
        module, statement = MODULE_ALIASES[alias]
        other = _imported_as(code, module)
        if other:
            message = tr("You use `{alias}.`, but you imported {module} as `{bound}`: write "
                         "`{bound}.` instead, or add `{statement}`.", alias=alias, module=module,
                         bound=shortened(other), statement=statement)
        elif file:
            message = tr("You use `{alias}.` in {file}, but `{alias}` is never imported in "
                         "that file (an import in another of your files does not count): add "
                         "`{statement}` at the top of {file}.", alias=alias, file=file,
                         statement=statement)
        else:
            message = tr("You use `{alias}.`, but `{alias}` is never imported: add `{statement}` "
                         "at the top of your code.", alias=alias, statement=statement)
        found.append(Found("module_not_imported", alias, pos, message))
    return found


def _imported_as(code: Code, module: str) -> str | None:
    """The name ``module`` is bound to by one of the student's imports, if any."""
    for node, _ in code.imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == module:
                    return alias.asname or module
                if alias.name.startswith(module + ".") and not alias.asname:
                    return None  # `import numpy.linalg` binds `numpy` itself
        elif node.module and not node.level and "." in module:
            parent, _, child = module.rpartition(".")
            if node.module == parent:
                for alias in node.names:
                    if alias.name == child:
                        return alias.asname or child
    return None


# --- 7. imports the grader cannot satisfy ---------------------------------------------------

def unavailable_imports(code: Code) -> list[Found]:
    """`import helpers` of the student's own file, or `import pandas` (not available); an
    import guarded by `try: ... except ImportError:` is the code's own concern."""
    found = []
    guarded = _guarded_imports(code)
    for node, cell in code.imports:
        if id(node) in guarded:
            continue
        for module in _imported_modules(node):
            top = module.split(".")[0] or module  # "." for `from . import *`
            relative = isinstance(node, ast.ImportFrom) and node.level > 0
            if not relative and (top in STANDARD or top in AVAILABLE):
                continue
            right = None if relative or top in code.files else _module_meant(top)
            if right:
                found.append(_misspelled_module(node, cell, top, right))
                continue
            statement = shortened(_statement(node), 60)
            near = None if top in code.files else nearest_name(top, list(code.files))
            if top in code.files:  # one program: fine, if the file defines what is named
                found += _missing_from_own_file(code, node, cell, top, statement)
            elif near:
                message = tr("`{statement}`: there is no module `{module}`, but your file "
                             "{file} is close: import it by its own name, `{near}` (or rename "
                             "the file).", statement=statement, module=shortened(top),
                             file=code.files[near], near=near)
                found.append(Found("own_module_misnamed", top, (cell, node.lineno), message))
            else:
                message = tr("`{statement}`: the grader has only Python's standard library, "
                             "numpy and matplotlib, so `{module}` is not available there: do "
                             "without it (numpy and plain Python are enough for this course).",
                             statement=statement, module=shortened(top))
                found.append(Found("module_not_available", top, (cell, node.lineno), message))
    return found


def _module_meant(module: str) -> str | None:
    """The available module a missing one is a near miss of: `Numpy`, `NumPy`, `nunpy`."""
    known = sorted(AVAILABLE | {m for m in STANDARD if not m.startswith("_")})
    same = [m for m in known if m.lower() == module.lower()]
    if same:
        return same[0]
    if len(module) < 5:
        return None
    near = [m for m in sorted(AVAILABLE) if edit_distance(m, module.lower()) == 1]
    return near[0] if near else None


def _misspelled_module(node: ast.Import | ast.ImportFrom, cell: int, module: str,
                       right: str) -> Found:
    """`import Numpy as np`: the module is `numpy` (case matters), so the import fails."""
    statement = shortened(_statement(node), 60)
    fixed = shortened(_statement(node).replace(module, right, 1), 60)
    if module.lower() == right.lower():
        message = tr("`{statement}`: module names are case-sensitive, and the module is "
                     "`{right}`, not `{module}` (mind the capital letters), so this import "
                     "fails and nothing it names is defined: write `{fixed}`.",
                     statement=statement, right=right, module=shortened(module), fixed=fixed)
    else:
        message = tr("`{statement}`: there is no module `{module}`; you meant `{right}`, so "
                     "this import fails and nothing it names is defined: write `{fixed}`.",
                     statement=statement, right=right, module=shortened(module), fixed=fixed)
    return Found("module_misspelled", module, (cell, node.lineno), message)


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _guarded_imports(code: Code) -> set[int]:
    """ids of the import statements inside a `try` whose handlers catch a failed import."""
    guarded: set[int] = set()
    for _, tree in code.trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try) or not any(
                    h.type is None or _handler_names(h.type) & _IMPORT_ERRORS
                    for h in node.handlers):
                continue
            for statement in node.body:
                guarded |= {id(n) for n in ast.walk(statement)
                            if isinstance(n, ast.Import | ast.ImportFrom)}
    return guarded


def _handler_names(kind: ast.expr) -> set[str]:
    names = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return {n.id for n in names if isinstance(n, ast.Name)}


def _missing_from_own_file(code: Code, node: ast.Import | ast.ImportFrom, cell: int,
                           top: str, statement: str) -> list[Found]:
    """`from helpers import sigmoid_deriv` where no file of the student's defines it."""
    if not isinstance(node, ast.ImportFrom):
        return []
    defined = sorted(_defined_anywhere(code))
    found = []
    for alias in node.names:
        if alias.name == "*" or alias.name in defined or \
                code.top.get(alias.name, ("import",))[0] not in ("import",):
            continue
        near = difflib.get_close_matches(alias.name, defined, n=1, cutoff=0.7)
        if near:
            message = tr("`{statement}`: your file {file} defines no `{name}`; it defines "
                         "`{near}`: use that name in both places.", statement=statement,
                         file=shortened(code.files[top]), name=shortened(alias.name),
                         near=shortened(near[0]))
        else:
            message = tr("`{statement}`: your file {file} defines no `{name}`, so this import "
                         "fails and the code after it never runs.", statement=statement,
                         file=shortened(code.files[top]), name=shortened(alias.name))
        found.append(Found("own_file_lacks_name", alias.name, (cell, node.lineno), message))
    return found


def _defined_anywhere(code: Code) -> set[str]:
    """The names any of the student's files defines itself (not by importing them)."""
    names = {n for n, (kind, _, _) in code.top.items() if kind not in ("import",)}
    for _, tree in code.trees:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _imported_modules(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.module:
        return [node.module]
    return [a.name for a in node.names if a.name != "*"] or ["."]  # `from . import helpers`


def _statement(node: ast.Import | ast.ImportFrom) -> str:
    names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in node.names)
    if isinstance(node, ast.Import):
        return f"import {names}"
    return f"from {'.' * node.level}{node.module or ''} import {names}"



# --- 8. a numpy name that does not exist ------------------------------------------------------

#: The numpy functions this course uses, looked at first for a name numpy lacks (`exponent`).
COMMON_NUMPY = ("exp", "log", "dot", "sum", "mean", "zeros", "ones", "array", "transpose",
                "multiply", "matmul", "sqrt", "square", "maximum", "tanh", "abs", "power",
                "reshape", "outer", "clip", "where", "random")


def numpy_names_unknown(code: Code) -> list[Found]:
    """`np.exponent(...)` or `np.sigmoid(...)`: numpy has no such name (the nearest said)."""
    import difflib

    import numpy

    aliases = {alias.asname or alias.name for node, _ in code.imports
               if isinstance(node, ast.Import) for alias in node.names if alias.name == "numpy"}
    if not aliases:
        return []
    public = [n for n in dir(numpy) if not n.startswith("_")]
    found = []
    for cell, tree in code.trees:
        for node in all_nodes(tree):
            if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and isinstance(node.ctx, ast.Load)):
                continue
            name = node.attr
            if hasattr(numpy, name) or name.startswith("__"):
                continue
            near = [c for c in COMMON_NUMPY if len(name) >= 3 and (
                name.lower().startswith(c) or c.startswith(name.lower()))][:1] or \
                difflib.get_close_matches(name, public, n=1, cutoff=0.6)
            own = code.top.get(name, ("",))[0] == "function"
            if own:
                message = tr("numpy has no `{name}`: `{alias}.{name}` finds nothing, but your "
                             "file defines `{name}` itself: call it as `{name}(...)`.",
                             name=shortened(name), alias=node.value.id)
            elif near:
                message = tr("numpy has no `{name}`, so `{alias}.{name}` fails: did you mean "
                             "`{alias}.{near}`?", name=shortened(name), alias=node.value.id,
                             near=near[0])
            else:
                message = tr("numpy has no `{name}`, so `{alias}.{name}` fails.",
                             name=shortened(name), alias=node.value.id)
            found.append(Found("numpy_name_unknown", name, (cell, node.lineno), message))
    return found
