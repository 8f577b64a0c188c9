"""Cells that only draw: a stage notebook's figure cells, left out while they are the course's.

A stage notebook's figure cells (`assignments/code/`, kind `figure`) train small networks
and draw the student's results for the student to look at: they grade nothing, and running
them costs more than grading the stage (stage 6's train twelve networks). The build marks
each with a fingerprint of its source (``metadata.scratchnet.figure``). A cell whose source
still has its fingerprint is the course's code as written, and the grader leaves it out,
unless a cell that does run reads a name it defines (then it runs, as before):

    fingerprint(source) -> str                   # what the build writes
    course_figure(cell, source) -> bool          # a figure cell, unchanged
    left_out(cells, figures) -> set[int]         # which of them need not run

An edited figure cell is the student's code and runs. A student who copies a fingerprint
onto their own cell only keeps their own code from running.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import symtable


def fingerprint(source: str) -> str:
    """The mark of a figure cell's source (16 hex digits of its SHA-256)."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def course_figure(cell: dict, source: str) -> bool:
    """Whether the notebook cell `cell`, whose source is `source`, is a figure cell of the
    course exactly as the course wrote it."""
    metadata = cell.get("metadata")
    ours = metadata.get("scratchnet") if isinstance(metadata, dict) else None
    mark = ours.get("figure") if isinstance(ours, dict) else None
    return isinstance(mark, str) and mark == fingerprint(source)


def left_out(cells: list[str], figures: set[int]) -> set[int]:
    """The indices of `figures` (figure cells among `cells`, Python sources in running order)
    that need not run: no cell that runs reads a name they bind. Nothing is left out when a
    cell that runs cannot be read (Python would refuse it anyway: everything runs as before).
    """
    out = set(figures)
    while out:
        read: set[str] = set()
        for index, source in enumerate(cells):
            if index not in out:
                names = _read(source)
                if names is None:
                    return set()
                read |= names
        needed = {i for i in out if _needed(cells[i], read)}
        if not needed:
            break
        out -= needed
    return out


def _needed(source: str, read: set[str]) -> bool:
    bound = _bound(source)
    return bound is None or bool(bound & read)


def _tables(source: str) -> list[symtable.SymbolTable] | None:
    """The module's symbol table and every table nested in it, or None if it cannot be read."""
    try:
        top = symtable.symtable(source, "<cell>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    tables, pending = [], [top]
    while pending:
        table = pending.pop()
        tables.append(table)
        pending.extend(table.get_children())
    return tables


@functools.lru_cache(maxsize=4096)  # a course's own cells recur in every student's notebook
def _read(source: str) -> frozenset[str] | None:
    """The module-level names `source` reads before it binds them itself (a loop variable,
    an ``except ... as`` name or a name assigned first are its own), and every module-level
    name its functions and classes read; None if it cannot be read."""
    tables = _tables(source)
    if tables is None:
        return None
    first = _FirstReads()
    first.visit(ast.parse(source))
    read = set(first.read)
    for table in tables:
        if table.get_type() != "module":
            read |= {s.get_name() for s in table.get_symbols()
                     if s.is_referenced() and s.is_global()}
    return frozenset(read)


class _FirstReads(ast.NodeVisitor):
    """The names a module's own statements read before binding them, in the order Python
    runs them (a function's or class's body is left to the symbol tables)."""

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.bound: set[str] = set()

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            if node.id not in self.bound:
                self.read.add(node.id)
        else:
            self.bound.add(node.id)

    def _values_then(self, values: list, targets: list) -> None:
        for value in values:
            if value is not None:
                self.visit(value)
        for target in targets:
            self.visit(target)

    def visit_Assign(self, node: ast.Assign) -> None:
        self._values_then([node.value], node.targets)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._values_then([node.value], [node.target])

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name) and node.target.id not in self.bound:
            self.read.add(node.target.id)
        self._values_then([node.value], [node.target])

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._values_then([node.value], [node.target])

    def visit_For(self, node: ast.For) -> None:
        self._values_then([node.iter], [node.target])
        for statement in node.body + node.orelse:
            self.visit(statement)

    visit_AsyncFor = visit_For

    def visit_withitem(self, node: ast.withitem) -> None:
        self._values_then([node.context_expr], [node.optional_vars] if node.optional_vars
                          else [])

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self.bound.add(node.name)
        for statement in node.body:
            self.visit(statement)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            self.bound.add((alias.asname or alias.name).split(".")[0])

    visit_ImportFrom = visit_Import

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.ClassDef) -> None:
        for expression in getattr(node, "decorator_list", []):
            self.visit(expression)
        arguments = getattr(node, "args", None)
        if arguments is not None:
            for default in arguments.defaults + [d for d in arguments.kw_defaults if d]:
                self.visit(default)
        for base in getattr(node, "bases", []):
            self.visit(base)
        self.bound.add(node.name)

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d]:
            self.visit(default)  # the body is the symbol tables'

    def _comprehension(self, node: ast.AST, parts: list) -> None:
        outer = set(self.bound)
        for number, generator in enumerate(node.generators):
            self.visit(generator.iter)
            if number == 0:
                outer_read = set(self.read)
            self.visit(generator.target)
            for condition in generator.ifs:
                self.visit(condition)
        for part in parts:
            self.visit(part)
        self.read = outer_read | {n for n in self.read - outer_read if n not in self.bound}
        self.bound = outer  # the comprehension's names are its own

    def visit_ListComp(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> None:
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, [node.key, node.value])


@functools.lru_cache(maxsize=4096)
def _bound(source: str) -> frozenset[str] | None:
    """The module-level names `source` binds (assigned, imported, defined, declared global and
    assigned in a function); None if it cannot be read or binds names it does not list
    (``from m import *``)."""
    tables = _tables(source)
    if tables is None or "import *" in source:
        return None
    bound = set()
    for table in tables:
        top = table.get_type() == "module"
        for symbol in table.get_symbols():
            binds = symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace()
            if binds and (top or symbol.is_declared_global()):
                bound.add(symbol.get_name())
    return frozenset(bound)
