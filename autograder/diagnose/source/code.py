"""The student's cells parsed once: what their module level binds, and the helpers the
detectors share (a walk over every node, near-miss names, edit distance)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from autograder.contract import NAMES
from autograder.diagnose.source.wanted import (
    ALIASES,
    BINDS_NAME,
    CLASS,
    DEF,
    IMPORT,
    INDENTED_IMPORT,
    MAX_CANDIDATES,
    MODULE_ALIASES,
    Pos,
)
from autograder.i18n import listed

# --- reading the cells once ---------------------------------------------------------------

@dataclass
class Found:
    """A finding before deduplication: ``subject`` is what it is about (said once)."""

    mistake: str
    subject: str
    pos: Pos
    message: str
    stage: int | None = None  # said only if this stage loses points (None: always)


@dataclass
class _Walk:
    """What a walk over every node of every cell found (done only when a detector needs it)."""

    defs: dict[str, list[tuple[ast.AST, int]]] = field(default_factory=dict)  # name -> defs
    bound: set[str] = field(default_factory=set)              # every name bound anywhere
    alias_uses: dict[str, Pos] = field(default_factory=dict)  # `np.` first used at
    imports: list[tuple[ast.Import | ast.ImportFrom, int]] = field(default_factory=list)

    def walk(self, tree: ast.Module, cell: int) -> None:
        stack: list[ast.AST] = [tree]
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is ast.Attribute:
                value = node.value
                if type(value) is ast.Name and value.id in MODULE_ALIASES:
                    pos = (cell, node.lineno)
                    if value.id not in self.alias_uses or pos < self.alias_uses[value.id]:
                        self.alias_uses[value.id] = pos
            elif kind is ast.Name:
                if type(node.ctx) is not ast.Load:
                    self.bound.add(node.id)
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                self.defs.setdefault(node.name, []).append((node, cell))
                self.bound.add(node.name)
            elif kind is ast.Import or kind is ast.ImportFrom:
                self.imports.append((node, cell))
                self.bound.update(import_names(node))
            elif kind is ast.arg:
                self.bound.add(node.arg)
            elif kind is ast.ClassDef:
                self.bound.add(node.name)
            elif kind in BINDS_NAME and node.name:  # except ... as name, match patterns
                self.bound.add(node.name)
            _push_children(node, stack)


@dataclass
class Code:
    """The student's cells, parsed once, and what their module level binds.

    Positions are (cell, line). The walk over every node (:attr:`walked`) is made only when
    the text says a detector needs it: most correct code never pays for it.
    """

    wanted: tuple[str, ...]                  # the contract names of the graded stages
    files: dict[str, str]                    # a file's stem -> how to show it ("helpers.py")
    trees: list[tuple[int, ast.Module]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # every cell's source, parsed or not
    # module level: name -> (what binds it, its node or None, position); the last one wins
    top: dict[str, tuple[str, ast.AST | None, Pos]] = field(default_factory=dict)
    top_imports: list[tuple[ast.Import | ast.ImportFrom, int]] = field(default_factory=list)

    @classmethod
    def read(cls, cells: list[str | None], stages: Iterable[int], files: Iterable[str]) -> Code:
        graded = {s for s in stages if s in NAMES}
        wanted = tuple(n for s in sorted(graded) for n in NAMES[s])
        code = cls(wanted, _file_names(files))
        if isinstance(cells, str):
            cells = [cells]  # one source given as it is
        for index, source in enumerate(cells or ()):
            if not isinstance(source, str) or not source.strip():
                continue
            code.texts.append(source)
            try:
                tree = ast.parse(source)
                code._top_level(tree.body, index)
            except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
                code._skim(index, source)  # too broken or too deep to read: its names only
            else:
                code.trees.append((index, tree))
        return code

    def _skim(self, cell: int, source: str) -> None:
        """An unparsable cell still defines and imports what its lines say (never guess wrong)."""
        for name in DEF.findall(source):
            self.top.setdefault(name, ("unknown", None, (cell, 0)))
        for imported in IMPORT.findall(source):
            for part in imported.replace("(", " ").replace(")", " ").split(","):
                words = part.split()
                if words:
                    name = words[-1] if "as" in words else words[0].split(".")[0]
                    self.top.setdefault(name, ("unknown", None, (cell, 0)))

    def _top_level(self, body: list[ast.stmt], cell: int) -> None:
        """The names the module level binds (inside if/try/for/with too, not in defs)."""
        for node in body:
            pos = (cell, node.lineno)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.top[node.name] = ("function", node, pos)
            elif isinstance(node, ast.ClassDef):
                self.top[node.name] = ("class", node, pos)
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                kind = "function" if isinstance(node.value, ast.Lambda) else "value"
                for target in targets:
                    for name in stored_names(target):
                        self.top[name] = (kind, node, pos)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                self.top_imports.append((node, cell))
                for name in import_names(node):
                    self.top[name] = ("import", node, pos)
            else:  # compound statements: their blocks run at module level too
                for block in ("body", "orelse", "finalbody"):
                    inner = getattr(node, block, None)
                    if isinstance(inner, list):
                        self._top_level([s for s in inner if isinstance(s, ast.stmt)], cell)
                for part in (getattr(node, "handlers", None) or []) + \
                        (getattr(node, "cases", None) or []):  # except ...: / case ...:
                    self._top_level(part.body, cell)
                for name in stored_names(getattr(node, "target", None)):  # for name in ...
                    self.top[name] = ("value", node, pos)

    def says(self, pattern: re.Pattern) -> bool:
        """True if some cell's text matches ``pattern`` (a cheap look before a walk)."""
        return any(pattern.search(text) for text in self.texts)

    @cached_property
    def walked(self) -> _Walk:
        walk = _Walk()
        for cell, tree in self.trees:
            walk.walk(tree, cell)
        return walk

    @cached_property
    def imports(self) -> list[tuple[ast.Import | ast.ImportFrom, int]]:
        """Every import statement: the module level's, or all of them when one is indented."""
        return self.walked.imports if self.says(INDENTED_IMPORT) else self.top_imports

    # --- what the detectors share ---------------------------------------------------------

    def defined(self, name: str) -> bool:
        return name in self.top

    @cached_property
    def renamed(self) -> dict[str, tuple[str, ast.AST, Pos]]:
        """Contract name (missing) -> the student's near miss for it: (name, node, position)."""
        missing = [w for w in self.wanted if w not in self.top]
        candidates = {name: entry for name, entry in list(self.top.items())[:MAX_CANDIDATES]
                      if entry[0] in ("function", "class") and name not in ALL_WANTED}
        pairs = []
        for order, wanted in enumerate(missing):
            kind = "class" if wanted == CLASS else "function"
            for name, (its_kind, node, pos) in candidates.items():
                score = closeness(name, wanted) if its_kind == kind else None
                if score is not None and not closer_to_another(name, wanted, score, ALL_WANTED):
                    pairs.append((score, order, pos, wanted, name, node))
        return _pair_up(pairs)

    @cached_property
    def nested(self) -> dict[str, tuple[ast.AST, ast.AST, int]]:
        """Contract name (missing) -> (its def, the module-level function it is inside, cell)."""
        outer = [(node, pos[0]) for kind, node, pos in self.top.values() if kind == "function"
                 and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
        nested = {}
        for wanted in self.wanted:
            if wanted == CLASS or wanted in self.top or wanted in self.renamed:
                continue
            if not self.says(re.compile(rf"\bdef\s+{wanted}\b")):
                continue
            for node, cell in self.walked.defs.get(wanted, []):
                around = [o for o, c in outer if c == cell and o is not node and _in(node, o)]
                if around:
                    nested[wanted] = (node, around[0], cell)
                    break
        return nested

    @cached_property
    def network(self) -> tuple[ast.ClassDef, int] | None:
        """The class graded as NeuralNetwork (the student's near miss if misnamed), if any."""
        if CLASS not in self.wanted:
            return None
        kind, node, pos = self.top.get(CLASS, (None, None, (0, 0)))
        if kind == "class" and isinstance(node, ast.ClassDef):
            return node, pos[0]
        if CLASS in self.renamed:
            _, node, pos = self.renamed[CLASS]
            if isinstance(node, ast.ClassDef):
                return node, pos[0]
        return None

    @cached_property
    def math_names(self) -> tuple[set[str], dict[str, str]]:
        """(the names math is imported as, {a name from `from math import` -> math's name})."""
        modules: set[str] = set()
        functions: dict[str, str] = {}
        for node, _ in self.imports:
            if isinstance(node, ast.Import):
                modules |= {a.asname or a.name for a in node.names
                            if a.name in ("math", "cmath")}
            elif node.module in ("math", "cmath") and not node.level:
                functions |= {a.asname or a.name: a.name for a in node.names}
        return modules, functions


ALL_WANTED = frozenset(n for names in NAMES.values() for n in names)


def closer_to_another(name: str, wanted: str, score: int, rivals: Iterable[str]) -> bool:
    """True if ``name`` is nearer one of ``rivals`` (`dsigmoid` is no `sigmoid`, `weight1` no
    `weights2`)."""
    return any(other != wanted and (closer := closeness(name, other)) is not None
               and closer < score for other in rivals)


def _pair_up(pairs: list) -> dict[str, tuple[str, ast.AST, Pos]]:
    """Each missing name gets its closest candidate, each candidate goes to one name."""
    chosen: dict[str, tuple[str, ast.AST, Pos]] = {}
    taken: set[str] = set()
    for _, _, pos, wanted, name, node in sorted(pairs, key=lambda p: p[:3]):
        if wanted not in chosen and name not in taken:
            chosen[wanted] = (name, node, pos)
            taken.add(name)
    return chosen


def import_names(node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The names an import binds (`from pylab import *` binds np and plt)."""
    for alias in node.names:
        if alias.name == "*":
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("pylab"):
                yield from ("np", "plt")
        else:
            yield alias.asname or alias.name.split(".")[0]


def _file_names(files: Iterable[str]) -> dict[str, str]:
    """{"helpers": "helpers.py"} for "helpers", "helpers.py" or "helpers.ipynb"."""
    names: dict[str, str] = {}
    for name in files or ():
        if not isinstance(name, str) or not name:
            continue
        name = name.replace("\\", "/").rsplit("/", 1)[-1]
        stem, dot, suffix = name.rpartition(".")
        if dot and suffix in ("py", "ipynb"):
            names.setdefault(stem, name)
        else:
            names.setdefault(name, name + ".py")
    return names


def stored_names(target: ast.AST | None) -> Iterator[str]:
    """The plain names an assignment target binds (`a`, `a, b`, `[a, *b]`)."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from stored_names(element)
    elif isinstance(target, ast.Starred):
        yield from stored_names(target.value)


def all_nodes(root: ast.AST) -> Iterator[ast.AST]:
    """Every node under ``root`` (iterative: deep code cannot overflow the stack)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        _push_children(node, stack)


_CHILD_FIELDS: dict[type, tuple[str, ...]] = {ast.Name: (), ast.Constant: ()}


def _push_children(node: ast.AST, stack: list[ast.AST]) -> None:
    """Put ``node``'s child nodes on ``stack`` (not `Load`/`Store`: they say nothing here)."""
    kind = type(node)
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = _CHILD_FIELDS[kind] = tuple(f for f in kind._fields if f != "ctx")
    for name in fields:
        child = getattr(node, name, None)
        if type(child) is list:
            stack.extend(c for c in child if isinstance(c, ast.AST))
        elif isinstance(child, ast.AST):
            stack.append(child)


def _squash(name: str) -> str:
    return name.lower().replace("_", "")


def closeness(name: str, wanted: str) -> int | None:
    """How far ``name`` is from ``wanted`` (0 for a known alias), None if not a near miss.

    Compared lower case without underscores; up to 2 edits for long names, 1 for names of
    3-5 letters, known aliases only for shorter ones.
    """
    mine, target = _squash(name), _squash(wanted)
    if mine == target or mine in ALIASES.get(wanted, ()):
        return 0
    limit = 0 if len(target) <= 2 else 1 if len(target) <= 5 else 2
    if not limit or abs(len(mine) - len(target)) > limit or len(mine) > 64:
        return None
    distance = edit_distance(mine, target)
    return distance if distance <= limit else None


def edit_distance(a: str, b: str) -> int:
    """Edit distance with swaps of neighbours ("backporp" is one edit from "backprop")."""
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[-1]


def shortened(text: str, limit: int = 40) -> str:
    """A name as shown to the student (a 10 000-letter identifier is cut)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def listed_names(names: Iterable[str]) -> str:
    return listed(f"`{shortened(n)}`" for n in names)


def _in(node: ast.AST, outer: ast.AST) -> bool:
    """True if ``node`` lies within ``outer``'s lines (same cell assumed)."""
    end = getattr(outer, "end_lineno", None) or outer.lineno
    return outer.lineno <= node.lineno <= end

