"""What each student wrote for each stage: the contract's functions and the helpers they use.

    stage_code(cells, stage) -> StageCode | None        # from one code unit's cells
    class_code(submissions, stages=None) -> list[StudentCode]

Submissions are found and read by `autograder.loading` (the same names and cells as
`scratchnet grade`). From a unit's cells, the code of stage N is the last definition of each
of the stage's contract names (`autograder.contract.NAMES[N]`) and of every top-level
function, class or assignment they reach by name that is not another stage's contract name,
in the order the student wrote them. So a helper a copier moved code into is compared with
the function it came from, while the given code of earlier stages (the `sigmoid` a
stage-4 notebook hands out) and test cells are not. A cell that does not parse is kept
whole for the stages whose names it defines (`def backprop(...)` with a typo in it).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from autograder.contract import ALL_NAMES, NAMES
from autograder.loading import Submission, load

_DEF = re.compile(r"^\s*(?:async\s+def|def|class)\s+([A-Za-z_]\w*)", re.MULTILINE)
#: Separates the pieces of a stage's code in its document.
SEPARATOR = "\n\n"


@dataclass
class StageCode:
    """One student's code for one stage: `pieces` are (name, source) in the student's order;
    `text` is the pieces joined by blank lines (what the pair view shows)."""

    stage: int
    pieces: list[tuple[str, str]]

    @property
    def text(self) -> str:
        return SEPARATOR.join(source for _, source in self.pieces)


@dataclass
class StudentCode:
    """A student as `scratchnet grade` names them, and their code per stage."""

    student: str
    stages: dict[int, StageCode] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def class_code(submissions: Iterable[Submission], stages: tuple[int, ...] | None = None
               ) -> list[StudentCode]:
    """Each submission's code per stage, as `load` plans its grading (nothing runs).

    stages: the stages to compare, or None for every stage each submission covers.
    """
    found = []
    for submission in submissions:
        student = StudentCode(submission.student)
        try:
            plan = load(submission, stages)
            for unit, unit_stages in plan.runs:
                parsed = parse_cells(unit.cells)
                for stage in unit_stages:
                    code = stage_code(unit.cells, stage, parsed)
                    if code is not None:
                        student.stages[stage] = code
            student.notes += list(plan.missing.values())
        except (RecursionError, MemoryError, OSError, ValueError) as error:
            # Code too deep or too odd to read: this student is left out of the comparison.
            student.stages.clear()
            student.notes.append(f"not compared: {type(error).__name__}: {error}")
        found.append(student)
    return found


_FREE: dict[int, tuple[ast.stmt, set[str]]] = {}
#: A unit's top-level definitions (name -> (cell, order, node)) and its unparsable cells.
Parsed = tuple[dict[str, tuple[int, int, ast.stmt]], list[tuple[int, str]]]


def parse_cells(cells: list[str]) -> Parsed:
    """Parse each cell once: the last definition of every top-level name, and the cells
    that do not parse."""
    definitions: dict[str, tuple[int, int, ast.stmt]] = {}
    broken: list[tuple[int, str]] = []
    order = 0
    for index, cell in enumerate(cells):
        try:
            body = ast.parse(cell).body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            broken.append((index, cell))
            continue
        for node in body:
            for name in _defined(node):
                definitions[name] = (index, order, node)
            order += 1
    return definitions, broken


def stage_code(cells: list[str], stage: int, parsed: Parsed | None = None) -> StageCode | None:
    """The code of `stage` in `cells` (Python sources in run order), or None if there is none.

    parsed: `parse_cells(cells)`, if already done.
    """
    definitions, broken = parsed or parse_cells(cells)
    wanted = _reachable(definitions, NAMES[stage], _FREE)
    chosen = sorted({(definitions[n][0], definitions[n][1]): (n, definitions[n])
                     for n in wanted}.items())
    pieces = [(name, _source(cells[cell], node)) for _, (name, (cell, _, node)) in chosen]
    for _, cell in broken:
        names = set(_DEF.findall(cell))
        if names & set(NAMES[stage]):
            pieces.append((", ".join(sorted(names)), cell.strip("\n")))
    return StageCode(stage, pieces) if pieces else None


def _defined(node: ast.stmt) -> list[str]:
    """The names a top-level statement defines (functions, classes, assigned names)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [t.id for target in targets for t in ast.walk(target) if isinstance(t, ast.Name)]
    return []


def _reachable(definitions: dict[str, tuple[int, int, ast.stmt]], roots: Iterable[str],
               free: dict[int, tuple[ast.stmt, set[str]]]) -> set[str]:
    """The stage's own names and every defined non-contract name they use, transitively.

    free: a cache of `_free_names` by node id (the node kept, so the id stays its own).
    """
    seen: set[str] = set()
    todo = [name for name in roots if name in definitions]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        node = definitions[name][2]
        if id(node) not in free or free[id(node)][0] is not node:
            if len(free) > 10_000:
                free.clear()
            free[id(node)] = (node, _free_names(node))
        for used in free[id(node)][1]:
            if used in definitions and used not in seen and used not in ALL_NAMES:
                todo.append(used)
    return seen


def _free_names(node: ast.stmt) -> set[str]:
    """Names `node` reads that it does not bind itself (as a parameter or a local)."""
    bound: set[str] = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.arguments):
            bound.update(a.arg for a in inner.posonlyargs + inner.args + inner.kwonlyargs)
            bound.update(a.arg for a in (inner.vararg, inner.kwarg) if a is not None)
        elif isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load):
            bound.add(inner.id)
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        bound = set()  # a top-level assignment binds globals: what it reads is free
    return {n.id for n in ast.walk(node)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - bound


def _source(cell: str, node: ast.stmt) -> str:
    """The lines of `cell` that hold `node`, its decorators included."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    lines = cell.splitlines()
    return "\n".join(lines[first - 1:node.end_lineno])
