"""Reading the student's code: structural mistakes named from the source alone.

    read_source(cells, stages, files=()) -> list[Finding]

    for f in read_source(unit.cells, stages=(1, 2, 3, 4, 5), files=("network.py", "helpers.py")):
        print(f.mistake, f.cell, f.line, f.message)
        # name_misspelled 4 12 You defined `sigmoid_derivate`, but the grader looks for ...

cells:  the student's code cells (or a .py file's pieces) in order; None for a skipped cell.
stages: the stages being graded: only the names those stages ask for (contract.NAMES) are
        looked for.
files:  the names of the files in the student's folder ("helpers" or "helpers.py"), so an
        import of the student's own file is told apart from a module that does not exist.

Pure static analysis with :mod:`ast`: the student's code is parsed, never run or imported.
A cell that does not parse is skipped (the grader notes syntax errors elsewhere), and
nothing here raises, whatever the source. Each mistake is said once per submission (the
first place it is seen), and the findings come in the order of the code: by cell, then by
line (a .py file's pieces keep the file's own line numbers).

The detectors, one small function each:

    name_misspelled           a contract name missing, a near miss defined (function, class,
                              the class's methods and attributes)
    init_misspelled           `def init(self, ...)` or `__int__` instead of `__init__`
    method_without_self       a method of the class whose first parameter is not `self`
    attribute_never_assigned  `self.output` (or another attribute the grader reads) never set
    scalar_math_on_arrays     math.exp / math.log / ... in a function called with arrays
    module_not_imported       `np.` used without `import numpy as np`
    own_file_lacks_name       `from helpers import x` where the student's helpers.py defines no x
    module_not_available      `import pandas`: not in the standard library, numpy or matplotlib
    class_form_only           feedforward/backprop only as the article's class methods
    defined_inside_function   a contract function indented inside another function
"""

from __future__ import annotations

import ast
import difflib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from autograder.contract import NAMES
from autograder.i18n import listed, ntr, tr


@dataclass(frozen=True)
class Finding:
    """One structural mistake in the student's code, said in the current language.

    line is 1-based within its cell (a .py file's pieces keep the file's line numbers);
    cell is the index of that cell in the ``cells`` given to :func:`read_source`.
    """

    mistake: str
    message: str
    line: int | None
    cell: int | None = None


def read_source(cells: list[str | None], stages: Iterable[int],
                files: Iterable[str] = (), parts: list[tuple[str, int]] = ()) -> list[Finding]:
    """The structural mistakes in ``cells``, each once, in the order of the code. Never raises.

    ``parts``: when the cells are several files run together, [(file label, number of its
    cells)] in order; each file is then also read alone for what must hold in every file
    (its own imports).
    """
    try:
        code = _Code.read(cells, stages, files)
        pieces = _pieces(cells, stages, files, parts)
    except Exception:  # noqa: BLE001  (reading the code must never cost a student anything)
        return []
    found: list[_Found] = []
    for detector in DETECTORS:
        try:
            if detector in PER_FILE and pieces:
                for label, piece in pieces:
                    found += detector(piece, label)
            else:
                found += detector(code)
        except Exception:  # noqa: BLE001  (one detector's trouble silences only that one)
            continue
    return _once_each(found)


def _pieces(cells: list[str | None], stages: Iterable[int], files: Iterable[str],
            parts: list[tuple[str, int]]) -> list[tuple[str, _Code]]:
    """Each file's cells read alone (the others' cells left out, the numbering kept)."""
    stages, files = tuple(stages), tuple(files)
    if len(parts) < 2 or sum(size for _, size in parts) != len(cells):
        return []
    pieces, start = [], 0
    for label, size in parts:
        own = [c if start <= i < start + size else None for i, c in enumerate(cells)]
        pieces.append((label, _Code.read(own, stages, files)))
        start += size
    return pieces


# --- what the grader asks for ---------------------------------------------------------------

CLASS = "NeuralNetwork"
#: The class's methods the grader calls, and the attributes it reads (with where to set them).
METHODS = ("feedforward", "backprop")
ATTRIBUTES = {"input": "__init__", "y": "__init__", "weights1": "__init__",
              "weights2": "__init__", "output": "feedforward"}

#: How each contract function is called (for telling a student what to write).
SIGNATURES = {
    "sigmoid": "sigmoid(z)", "sigmoid_derivative": "sigmoid_derivative(z)",
    "feedforward": "feedforward(X, W1, W2)", "sse_loss": "sse_loss(Y_hat, Y)",
    "backprop": "backprop(X, Y, W1, W2)",
    "train": "train(X, Y, W1, W2, iterations=1500, learning_rate=1.0)",
    "tanh": "tanh(z)", "tanh_derivative": "tanh_derivative(z)", "relu": "relu(z)",
    "relu_derivative": "relu_derivative(z)", "leaky_relu": "leaky_relu(z, alpha=0.01)",
    "leaky_relu_derivative": "leaky_relu_derivative(z, alpha=0.01)",
    "feedforward_with_bias": "feedforward_with_bias(X, W1, b1, W2, b2, activation)",
    "backprop_with_bias": "backprop_with_bias(X, Y, W1, b1, W2, b2, activation)",
    "train_with_bias": "train_with_bias(X, Y, W1, b1, W2, b2, ...)",
    "softmax": "softmax(Z)", "cross_entropy": "cross_entropy(P, labels)",
    "forward_classifier": "forward_classifier(X, W1, b1, W2, b2)",
    "backprop_classifier": "backprop_classifier(X, labels, W1, b1, W2, b2)",
    "train_classifier": "train_classifier(X, labels, W1, b1, W2, b2, ...)",
    "predict": "predict(X, W1, b1, W2, b2)", "accuracy": "accuracy(predicted, labels)",
}


def _derivative_aliases(base: str) -> set[str]:
    """What students call the derivative of ``base`` ("dsigmoid", "sigmoid_prime", ...)."""
    return ({"d" + base, "der" + base, "deriv" + base, "derivative" + base, "derivativeof" + base}
            | {base + end for end in ("d", "der", "deriv", "derivate", "derivation", "prime",
                                      "dash", "diff", "grad", "gradient", "slope")})


#: Known other names for a contract name, squashed (lower case, no underscores).
ALIASES: dict[str, set[str]] = {
    "sigmoid": {"sig", "sigm", "sigma", "logistic", "sigmoidfunction", "sigmoidfunc",
                "sigmoidfn", "sigmoidactivation", "activation"},
    "sigmoid_derivative": _derivative_aliases("sigmoid") | {"sigmoidderivativefunction"},
    "feedforward": {"forward", "forwardpass", "forwardprop", "forwardpropagation",
                    "forwardpropagate", "feedforwardpass", "feedforwardpropagation"},
    "sse_loss": {"loss", "sse", "lossfunction", "lossfn", "computeloss", "calculateloss",
                 "calcloss", "squarederror", "sumsquarederror", "sumsquarederrors",
                 "sumofsquarederrors", "sumofsquares", "mse", "mseloss", "sseerror"},
    "backprop": {"backpropagation", "backpropogation", "backpropagate", "backpropogate",
                 "backward", "backwardpass", "backwardpropagation", "backprob"},
    "train": {"training", "trainnetwork", "trainmodel", "fit", "gradientdescent"},
    CLASS: {"neuralnet", "network", "net", "nn", "nnet", "twolayernetwork", "twolayernn",
            "simpleneuralnetwork", "myneuralnetwork", "neuralnetworkclass"},
    "tanh_derivative": _derivative_aliases("tanh"),
    "relu_derivative": _derivative_aliases("relu"),
    "leaky_relu": {"lrelu", "leaky"},
    "leaky_relu_derivative": _derivative_aliases("leakyrelu") | _derivative_aliases("lrelu"),
    "feedforward_with_bias": {"feedforwardbias", "feedforwardbiases", "forwardwithbias",
                              "forwardbias", "feedforwardwithbiases"},
    "backprop_with_bias": {"backpropbias", "backpropbiases", "backpropwithbiases",
                           "backwardwithbias"},
    "train_with_bias": {"trainbias", "trainwithbiases"},
    "cross_entropy": {"crossentropyloss", "celoss", "xentropy", "categoricalcrossentropy"},
    "forward_classifier": {"classifierforward", "forwardclassify"},
    "backprop_classifier": {"classifierbackprop", "backwardclassifier"},
    "train_classifier": {"classifiertrain", "trainclassify"},
    "predict": {"prediction", "predictions", "predictclass", "predictclasses"},
    "accuracy": {"acc", "computeaccuracy", "getaccuracy", "calcaccuracy"},
    # the class's attributes
    "input": {"inputs", "x", "inp", "inputlayer", "inputdata"},
    "y": {"target", "targets", "label", "labels", "ytrue", "expected"},
    "weights1": {"w1", "weight1", "weightsone", "weightsih", "weightsinputhidden", "wih",
                 "weights0", "syn0", "synapse0", "hiddenweights"},
    "weights2": {"w2", "weight2", "weightstwo", "weightsho", "weightshiddenoutput", "who",
                 "syn1", "synapse1", "outputweights"},
    "output": {"outputs", "out", "yhat", "ypred", "prediction", "predictions", "outputlayer",
               "layer2"},
}

#: How many module-level names are compared with the contract's (a course file has ~20).
MAX_CANDIDATES = 400
#: Names a constructor gets by mistake (besides near misses of "init").
CONSTRUCTOR_ALIASES = {"initialize", "initialise", "constructor", "setup"}
#: First parameters that show `self` is missing: the data a function, not a method, takes.
DATA_NAMES = {"x", "y", "z", "w1", "w2", "x_train", "y_train", "learning_rate", "lr", "alpha",
              "input", "inputs", "data", "output", "weights", "weights1", "weights2",
              "iterations", "epochs"}

#: math's scalar functions and their numpy counterparts.
MATH_TO_NUMPY = {"exp": "exp", "log": "log", "sqrt": "sqrt", "tanh": "tanh", "pow": "power",
                 "fabs": "abs", "log10": "log10", "log2": "log2", "log1p": "log1p",
                 "expm1": "expm1", "sin": "sin", "cos": "cos", "floor": "floor",
                 "ceil": "ceil", "isnan": "isnan", "isinf": "isinf", "isfinite": "isfinite"}

#: A module alias students use -> (the module, the import that defines it).
MODULE_ALIASES = {"np": ("numpy", "import numpy as np"), "numpy": ("numpy", "import numpy"),
                  "math": ("math", "import math"),
                  "plt": ("matplotlib.pyplot", "import matplotlib.pyplot as plt")}
#: Modules the grader's Python has besides the standard library.
AVAILABLE = {"numpy", "matplotlib", "mpl_toolkits", "pylab", "__future__"}
STANDARD = frozenset(sys.stdlib_module_names)

# `def name` / `class name` lines, and the names an import binds, in a cell that does not parse
_DEF = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([^\W\d]\w*)", re.MULTILINE)
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+([^\n#;]+)", re.MULTILINE)

Pos = tuple[int, int]  # (cell, line)
_BINDS_NAME = (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)
_INDENTED_IMPORT = re.compile(r"^[ \t]+(?:import|from)[ \t]", re.MULTILINE)


# --- reading the cells once ---------------------------------------------------------------

@dataclass
class _Found:
    """A finding before deduplication: ``subject`` is what it is about (said once)."""

    mistake: str
    subject: str
    pos: Pos
    message: str


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
                self.bound.update(_import_names(node))
            elif kind is ast.arg:
                self.bound.add(node.arg)
            elif kind is ast.ClassDef:
                self.bound.add(node.name)
            elif kind in _BINDS_NAME and node.name:  # except ... as name, match patterns
                self.bound.add(node.name)
            _push_children(node, stack)


@dataclass
class _Code:
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
    def read(cls, cells: list[str | None], stages: Iterable[int], files: Iterable[str]) -> _Code:
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
        for name in _DEF.findall(source):
            self.top.setdefault(name, ("unknown", None, (cell, 0)))
        for imported in _IMPORT.findall(source):
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
                    for name in _stored_names(target):
                        self.top[name] = (kind, node, pos)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                self.top_imports.append((node, cell))
                for name in _import_names(node):
                    self.top[name] = ("import", node, pos)
            else:  # compound statements: their blocks run at module level too
                for block in ("body", "orelse", "finalbody"):
                    inner = getattr(node, block, None)
                    if isinstance(inner, list):
                        self._top_level([s for s in inner if isinstance(s, ast.stmt)], cell)
                for part in (getattr(node, "handlers", None) or []) + \
                        (getattr(node, "cases", None) or []):  # except ...: / case ...:
                    self._top_level(part.body, cell)
                for name in _stored_names(getattr(node, "target", None)):  # for name in ...
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
        return self.walked.imports if self.says(_INDENTED_IMPORT) else self.top_imports

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
                score = _closeness(name, wanted) if its_kind == kind else None
                if score is not None and not _closer_to_another(name, wanted, score, ALL_WANTED):
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
                modules |= {a.asname or "math" for a in node.names if a.name == "math"}
            elif node.module == "math" and not node.level:
                functions |= {a.asname or a.name: a.name for a in node.names}
        return modules, functions


ALL_WANTED = frozenset(n for names in NAMES.values() for n in names)


def _closer_to_another(name: str, wanted: str, score: int, rivals: Iterable[str]) -> bool:
    """True if ``name`` is nearer one of ``rivals`` (`dsigmoid` is no `sigmoid`, `weight1` no
    `weights2`)."""
    return any(other != wanted and (closer := _closeness(name, other)) is not None
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


def _import_names(node: ast.Import | ast.ImportFrom) -> Iterator[str]:
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


def _stored_names(target: ast.AST | None) -> Iterator[str]:
    """The plain names an assignment target binds (`a`, `a, b`, `[a, *b]`)."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _stored_names(element)
    elif isinstance(target, ast.Starred):
        yield from _stored_names(target.value)


def _nodes(root: ast.AST) -> Iterator[ast.AST]:
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


def _closeness(name: str, wanted: str) -> int | None:
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
    distance = _edits(mine, target)
    return distance if distance <= limit else None


def _edits(a: str, b: str) -> int:
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


def _short(text: str, limit: int = 40) -> str:
    """A name as shown to the student (a 10 000-letter identifier is cut)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _listed(names: Iterable[str]) -> str:
    return listed(f"`{_short(n)}`" for n in names)


def _in(node: ast.AST, outer: ast.AST) -> bool:
    """True if ``node`` lies within ``outer``'s lines (same cell assumed)."""
    end = getattr(outer, "end_lineno", None) or outer.lineno
    return outer.lineno <= node.lineno <= end


# --- 1. names: a near miss of a contract name ---------------------------------------------

def misspelled_names(code: _Code) -> list[_Found]:
    """`def sigmoid_derivate` where the grader looks for `sigmoid_derivative` (and classes)."""
    found = []
    for wanted, (name, _, pos) in code.renamed.items():
        message = tr("You defined `{yours}`, but the grader looks for `{expected}`: rename it "
                     "to `{expected}`.", yours=_short(name), expected=wanted)
        found.append(_Found("name_misspelled", wanted, pos, message))
    return found


def misspelled_members(code: _Code) -> list[_Found]:
    """The class's methods and attributes under near-miss names (`feed_forward`, `weight1`)."""
    if code.network is None:
        return []
    cls, cell = code.network
    found = []
    methods = _methods(cls)
    for wanted in METHODS:
        if wanted in methods:
            continue
        near = _nearest(wanted, [m for m in methods if m not in METHODS and m != "__init__"],
                        METHODS)
        if near:
            message = tr("Your class `{cls}` has no method `{expected}()`, which the grader "
                         "calls; it has `{yours}` instead: rename the method to `{expected}`.",
                         cls=_short(cls.name), yours=_short(near), expected=wanted)
            pos = (cell, methods[near].lineno)
            found.append(_Found("name_misspelled", f"{CLASS}.{wanted}", pos, message))
    assigned = _assigned_attributes(code, cls)
    if assigned is None:
        return found
    in_init = _stored_in(methods.get("__init__"))
    set_where = {w: (in_init if ATTRIBUTES[w] == "__init__" and "__init__" in methods
                     else assigned) for w in ATTRIBUTES}
    renamed = [(wanted, near) for wanted in ATTRIBUTES if wanted not in set_where[wanted]
               for near in [_nearest(wanted, [a for a in set_where[wanted]
                                              if a not in ATTRIBUTES], ATTRIBUTES)] if near]
    if renamed:  # one note for the class: renaming its weights is one mistake, not two
        expected = ", ".join(f"`self.{w}`" for w, _ in renamed)
        yours = ", ".join(f"`self.{_short(n)}`" for _, n in renamed)
        pairs = tr(", ").join(tr("`self.{yours}` to `self.{expected}`", yours=_short(n),
                                 expected=w) for w, n in renamed)
        message = tr("Your class `{cls}` never sets {expected}, which the grader reads; it sets "
                     "{yours} instead: rename {pairs} everywhere in the class.",
                     cls=_short(cls.name), expected=expected, yours=yours, pairs=pairs)
        pos = (cell, min(assigned[n] for _, n in renamed))
        found.append(_Found("name_misspelled", f"{CLASS}.{renamed[0][0]}", pos, message))
    return found


def _stored_in(method: ast.AST | None) -> dict[str, int]:
    """{attribute: first line} of what ``method`` stores on its first parameter (self)."""
    if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
        return {}
    params = method.args.posonlyargs + method.args.args
    if not params:
        return {}
    me, stored = params[0].arg, {}
    for node in _nodes(method):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.value, ast.Name) and node.value.id == me:
            stored[node.attr] = min(stored.get(node.attr, node.lineno), node.lineno)
    return stored


def output_not_set_by_feedforward(code: _Code) -> list[_Found]:
    """`feedforward()` that computes the output but never stores it in `self.output` (set
    only in `__init__`): the grader reads the starting zeros after every call."""
    if code.network is None:
        return []
    cls, cell = code.network
    methods = _methods(cls)
    method = methods.get("feedforward")
    if method is None or _is_stub(method) or "output" in _stored_in(method):
        return []
    calls_own = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and isinstance(n.func.value, ast.Name) and n.func.value.id == "self"
                    for n in _nodes(method))
    elsewhere = [name for name, m in methods.items() if "output" in _stored_in(m)]
    if calls_own or not elsewhere or elsewhere == ["feedforward"]:
        return []  # it may set it through another method; never set: said elsewhere
    message = tr("`feedforward()` never stores its result in `self.output` (only `{where}` "
                 "sets it), so after `nn.feedforward()` the grader still reads the old value: "
                 "end `feedforward` with `self.output = ...`.", where=elsewhere[0])
    return [_Found("output_not_set_by_feedforward", f"{CLASS}.output",
                   (cell, method.lineno), message)]


def _nearest(wanted: str, names: list[str], rivals: Iterable[str] = ()) -> str | None:
    """The name in ``names`` closest to ``wanted`` and not closer to one of ``rivals``."""
    scored = [(score, i, name) for i, name in enumerate(names)
              if (score := _closeness(name, wanted)) is not None
              and not _closer_to_another(name, wanted, score, rivals)]
    return min(scored)[2] if scored else None


def _methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
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


def _assigned_attributes(code: _Code, cls: ast.ClassDef, depth: int = 0) -> dict[str, int] | None:
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
                for name in _stored_names(target):
                    assigned.setdefault(name, node.lineno)
    for method in _methods(cls).values():
        params = method.args.posonlyargs + method.args.args
        if not params:
            continue
        me = params[0].arg
        for node in _nodes(method):
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

def misspelled_init(code: _Code) -> list[_Found]:
    """`def init(self, x, y)`, `_init_` or `__int__` in the class and no `__init__`."""
    if code.network is None:
        return []
    cls, cell = code.network
    methods = _methods(cls)
    if "__init__" in methods:
        return []
    for name, method in methods.items():
        if _looks_like_init(name, cls.name):
            message = tr("`{yours}` is not a constructor: Python runs the method called "
                         "`__init__` (two underscores on each side) when `{cls}(x, y)` is "
                         "called. Rename `{yours}` to `__init__`.",
                         yours=_short(name), cls=_short(cls.name))
            return [_Found("init_misspelled", CLASS, (cell, method.lineno), message)]
    return []


def _looks_like_init(name: str, cls: str) -> bool:
    """`init`, `_init_`, `__int__`, `__init`, `initialize`, or the class's own name (Java)."""
    plain = name.strip("_").lower()
    if name == "__new__":
        return False
    return (len(plain) <= 6 and _edits(plain, "init") <= 1) or plain in CONSTRUCTOR_ALIASES \
        or name == cls


# --- 3. a method without self ---------------------------------------------------------------

def methods_without_self(code: _Code) -> list[_Found]:
    """A method of the class with no parameters, or whose first one is not `self`.

    Fires for `def feedforward():`, for `def backprop(lr): self.weights1 ...` (self used,
    never received), and for a function pasted into the class, `def feedforward(X, W1, W2)`.
    A first parameter merely called something else (`this`) is left alone.
    """
    if code.network is None:
        return []
    cls, cell = code.network
    found = []
    for name, method in _methods(cls).items():
        if any(_decorator_name(d) in ("staticmethod", "classmethod")
               for d in method.decorator_list):
            continue
        params = method.args.posonlyargs + method.args.args
        first = params[0].arg if params else None
        if first == "self" or (first is None and method.args.vararg):
            continue
        data = first is None or first.lower() in DATA_NAMES  # self missing: put it first
        uses_self = any(isinstance(n, ast.Name) and n.id == "self" for n in _nodes(method))
        if not (data or uses_self):
            continue
        others = [_parameter(p, method.args) for p in (params if data else params[1:])]
        message = tr("The method `{method}` of `{cls}` does not take `self` first: Python "
                     "passes the object itself as a method's first argument. Write `def "
                     "{method}({params}):`.", method=_short(name), cls=_short(cls.name),
                     params=_short(", ".join(["self", *others]), 60))
        found.append(_Found("method_without_self", f"{CLASS}.{name}", (cell, method.lineno),
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
    return f"{param.arg}={_short(shown, 12)}"


# --- 4. an attribute the grader reads, never set --------------------------------------------

def attributes_never_assigned(code: _Code) -> list[_Found]:
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
    methods = _methods(cls)
    found = []
    never: dict[str, list[str]] = {}  # the method to set them in -> attributes never set
    for attribute, where in ATTRIBUTES.items():
        if attribute in assigned or where not in methods or _is_stub(methods[where]) or \
                _nearest(attribute, [a for a in assigned if a not in ATTRIBUTES], ATTRIBUTES):
            continue  # set, not written yet, or set under a near miss (misspelled_members)
        local = _local_assignment(methods, attribute, where)
        if local is None:
            never.setdefault(where, []).append(attribute)
            continue
        method, line = local
        message = tr("`{method}` assigns `{name} = ...`, a local variable that is gone when "
                     "the method returns; the grader reads `self.{name}`: write `self.{name} "
                     "= ...`.", method=_short(method), name=attribute)
        found.append(_Found("attribute_never_assigned", f"{CLASS}.{attribute}", (cell, line),
                            message))
    for where, attributes in never.items():
        message = ntr("Your class `{cls}` never sets {attributes}, which the grader reads: set "
                      "it in `{method}`.",
                      "Your class `{cls}` never sets {attributes}, which the grader reads: set "
                      "them in `{method}`.", len(attributes), cls=_short(cls.name),
                      attributes=listed(f"`self.{a}`" for a in attributes), method=where)
        found.append(_Found("attribute_never_assigned", f"{CLASS}.{where}", (cell, cls.lineno),
                            message))
    return found


def _names_not_implemented(exc: ast.expr | None) -> bool:
    """`NotImplementedError` or `NotImplementedError(...)`."""
    if isinstance(exc, ast.Call):
        exc = exc.func
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _is_stub(method: ast.AST | None) -> bool:
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
        for node in _nodes(method):
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
                return method_name, node.lineno
    return None


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


def scalar_math_on_arrays(code: _Code) -> list[_Found]:
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
                             "an array.", call=written, function=_short(name),
                             numpy=f"{numpy}.{MATH_TO_NUMPY[math_name]}")
            else:  # `from math import exp`: say whose `exp` it is
                message = tr("`{call}` is the math module's (`from math import {original}`) "
                             "and works on one number at a time, but in `{function}` it gets "
                             "numpy arrays: use `{numpy}`, which works on every entry of an "
                             "array.", call=written, original=math_name,
                             function=_short(name), numpy=f"{numpy}.{MATH_TO_NUMPY[math_name]}")
            found.append(_Found("scalar_math_on_arrays", f"math.{math_name}",
                                (cell, call.lineno), message))
    return found


def _array_functions(code: _Code) -> Iterator[tuple[str, ast.AST, int, bool]]:
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
        for name, method in _methods(cls).items():
            if name in code.wanted or any(_closeness(name, m) is not None for m in METHODS):
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
            for name in _stored_names(node.target):
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
                    for name in _stored_names(target):
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
    for node in _nodes(test):
        if isinstance(node, ast.Name) and node.id in SCALAR_TESTS:
            return True
        if isinstance(node, ast.Attribute) and node.attr in SCALAR_TESTS:
            return True
    return False


# --- 6. a module alias used, never imported -------------------------------------------------

def modules_not_imported(code: _Code, file: str = "") -> list[_Found]:
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
                         bound=_short(other), statement=statement)
        elif file:
            message = tr("You use `{alias}.` in {file}, but `{alias}` is never imported in "
                         "that file (an import in another of your files does not count): add "
                         "`{statement}` at the top of {file}.", alias=alias, file=file,
                         statement=statement)
        else:
            message = tr("You use `{alias}.`, but `{alias}` is never imported: add `{statement}` "
                         "at the top of your code.", alias=alias, statement=statement)
        found.append(_Found("module_not_imported", alias, pos, message))
    return found


def _imported_as(code: _Code, module: str) -> str | None:
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

def unavailable_imports(code: _Code) -> list[_Found]:
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
            statement = _short(_statement(node), 60)
            near = None if top in code.files else _nearest(top, list(code.files))
            if top in code.files:  # one program: fine, if the file defines what is named
                found += _missing_from_own_file(code, node, cell, top, statement)
            elif near:
                message = tr("`{statement}`: there is no module `{module}`, but your file "
                             "{file} is close: import it by its own name, `{near}` (or rename "
                             "the file).", statement=statement, module=_short(top),
                             file=code.files[near], near=near)
                found.append(_Found("own_module_misnamed", top, (cell, node.lineno), message))
            else:
                message = tr("`{statement}`: the grader has only Python's standard library, "
                             "numpy and matplotlib, so `{module}` is not available there: do "
                             "without it (numpy and plain Python are enough for this course).",
                             statement=statement, module=_short(top))
                found.append(_Found("module_not_available", top, (cell, node.lineno), message))
    return found


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _guarded_imports(code: _Code) -> set[int]:
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


def _missing_from_own_file(code: _Code, node: ast.Import | ast.ImportFrom, cell: int,
                           top: str, statement: str) -> list[_Found]:
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
                         file=_short(code.files[top]), name=_short(alias.name),
                         near=_short(near[0]))
        else:
            message = tr("`{statement}`: your file {file} defines no `{name}`, so this import "
                         "fails and the code after it never runs.", statement=statement,
                         file=_short(code.files[top]), name=_short(alias.name))
        found.append(_Found("own_file_lacks_name", alias.name, (cell, node.lineno), message))
    return found


def _defined_anywhere(code: _Code) -> set[str]:
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


# --- 8. the article's class only -------------------------------------------------------------

def class_form_only(code: _Code) -> list[_Found]:
    """feedforward/backprop written only as methods of a class, not as the course's functions."""
    methods_of: dict[str, list[tuple[str, str]]] = {}  # class -> [(its method, contract name)]
    first: dict[str, Pos] = {}
    for wanted in code.wanted:
        if wanted == CLASS or code.defined(wanted) or wanted in code.renamed \
                or wanted in code.nested:
            continue
        for name, (kind, cls, pos) in code.top.items():
            method = _nearest(wanted, list(_methods(cls)), ALL_WANTED) \
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
                      "and let the methods call them.", len(pairs), cls=_short(cls),
                      methods=_listed(m for m, _ in pairs),
                      functions=listed(f"`{SIGNATURES.get(w, w + '(...)')}`" for _, w in pairs))
        found.append(_Found("class_form_only", cls, first[cls], message))
    return found


# --- 9. a contract function indented inside another ----------------------------------------

def defined_inside_function(code: _Code) -> list[_Found]:
    """`def sigmoid_derivative` indented inside `sigmoid` (it exists only while sigmoid runs)."""
    found = []
    for wanted, (inner, outer, cell) in code.nested.items():
        message = tr("`{name}` is defined inside `{outer}` (it is indented under it), so it "
                     "exists only while `{outer}` runs: move `def {name}` out to the left "
                     "margin.", name=wanted, outer=_short(outer.name))
        found.append(_Found("defined_inside_function", wanted, (cell, inner.lineno), message))
    if code.network is None:
        return found
    cls, cell = code.network
    methods = _methods(cls)
    for wanted in METHODS:
        inner, outer = (None, None) if wanted in methods else _nested_in(
            wanted, list(methods.values()))
        if inner is None:
            continue
        message = tr("The method `{name}` is defined inside `{outer}` (it is indented under "
                     "it), so `{cls}` has no method `{name}`: indent `def {name}` like `def "
                     "{outer}`.", name=wanted, outer=_short(outer.name), cls=_short(cls.name))
        found.append(_Found("defined_inside_function", f"{CLASS}.{wanted}",
                            (cell, inner.lineno), message))
    return found


def _nested_in(name: str, functions: list) -> tuple[ast.AST | None, ast.AST | None]:
    """(the def of ``name`` inside one of ``functions``, that function), or (None, None)."""
    for function in functions:
        for node in _nodes(function):
            if node is not function and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) \
                    and node.name == name:
                return node, function
    return None, None


# --- 10. a contract function that hands back something else ---------------------------------

#: The contract's functions that return one value (the others return a pair or a triple).
ONE_VALUE = frozenset({"sigmoid", "sigmoid_derivative", "sse_loss", "tanh", "tanh_derivative",
                       "relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative",
                       "softmax", "cross_entropy", "predict", "accuracy"})


def _functions(code: _Code) -> Iterator[tuple[str, ast.FunctionDef, Pos]]:
    """The contract's functions the student defined at module level, with their nodes."""
    for name in code.wanted:
        kind, node, pos = code.top.get(name, ("", None, (0, 0)))
        if kind == "function" and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield name, node, pos


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``function``'s own body (not of functions or classes defined in it)."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def prints_instead_of_returning(code: _Code) -> list[_Found]:
    """A function that prints its result and returns nothing (the caller gets None)."""
    found = []
    for name, node, pos in _functions(code):
        own = list(_own_nodes(node))
        returns = any(isinstance(n, ast.Return) and n.value is not None for n in own)
        yields = any(isinstance(n, ast.Yield | ast.YieldFrom) for n in own)
        prints = [n for n in own if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                  and n.func.id == "print"]
        if prints and not returns and not yields:
            message = tr("`{name}` prints its result but never returns it, so whoever calls it "
                         "gets None: end it with a `return` line (print only shows a value on "
                         "the screen).", name=name)
            found.append(_Found("prints_instead_of_returning", name, (pos[0], prints[0].lineno),
                                message))
    return found


def returns_several_values(code: _Code) -> list[_Found]:
    """`return loss, errors` in a function the course expects one value from."""
    found = []
    for name, node, pos in _functions(code):
        if name not in ONE_VALUE:
            continue
        returns = [n for n in _own_nodes(node) if isinstance(n, ast.Return) and n.value]
        pairs = [n for n in returns if isinstance(n.value, ast.Tuple) and len(n.value.elts) > 1]
        if returns and len(pairs) == len(returns):
            message = tr("`{name}` returns a tuple of {count} values (`return {values}`), but "
                         "the course expects one value: return only the result, and compute "
                         "anything else where it is needed.", name=name,
                         count=len(pairs[0].value.elts),
                         values=_short(", ".join(map(ast.unparse, pairs[0].value.elts)), 50))
            found.append(_Found("returns_several_values", name, (pos[0], pairs[0].lineno),
                                message))
    return found


def _parameters(signature: str) -> list[str]:
    """"train(X, Y, W1, W2, iterations=1500, ...)" -> ["X", "Y", "W1", "W2", "iterations"]."""
    inside = signature[signature.index("(") + 1:signature.rindex(")")]
    return [p.split("=")[0].strip() for p in inside.split(",")
            if p.split("=")[0].strip().isidentifier()]


def parameter_count_differs(code: _Code) -> list[_Found]:
    """`def backprop(X, W1, W2)` (one missing) or `def __init__(self, x)`: the course's calls
    give another number of arguments than the def line takes."""
    found = []
    signatures = [(name, node, pos, _parameters(SIGNATURES.get(name, "()")))
                  for name, node, pos in _functions(code)]
    if code.network is not None:
        init = _methods(code.network[0]).get("__init__")
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
            message = tr("`{name}` takes {count} parameters ({given}), but the course calls it "
                         "as `{signature}`: write the def line with exactly those parameters.",
                         name=name, count=len(given), given=", ".join(given) or "-",
                         signature=shown)
            found.append(_Found("parameter_count_differs", name, pos, message))
    return found


#: The contract's parameters with a default, which the course may leave out of a call.
KEYWORD_DEFAULTS = frozenset({"iterations", "learning_rate", "activation", "alpha"})


def parameters_in_another_order(code: _Code) -> list[_Found]:
    """`def backprop(X, W1, W2, Y)`: the course's parameters, in another order."""
    found = []
    for name, node, pos in _functions(code):
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
            found.append(_Found("parameters_in_another_order", name, pos, message))
    return found


# --- 11. a function's own names: a parameter unused, a name from elsewhere -------------------

_BUILTINS = frozenset(dir(__import__("builtins")))


def _bound_in(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names ``function`` binds itself: parameters, assignments, loops, imports, ..."""
    args = function.args
    bound = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    bound |= {a.arg for a in (args.vararg, args.kwarg) if a}
    for node in _own_nodes(function):
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
            read.setdefault(node.id, node.lineno)
    return read


def names_from_nowhere(code: _Code) -> list[_Found]:
    """A contract function that reads a name bound nowhere (`z` where its parameter is `x`,
    `sigmoid_prime` where the file defines `sigmoid_derivative`), or reads the module's own
    data (`x`, the article's inputs) where its parameter of that name (`X`) goes unused."""
    found = []
    module = set(code.top) | {name for node, _ in code.imports for name in _import_names(node)}
    starred = any(a.name == "*" for node, _ in code.imports for a in node.names)
    for name, node, pos in _functions(code):
        bound, read = _bound_in(node), _read_in(node)
        params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
        unused = [p for p in params if p not in read and p != "self"]
        for used, line in read.items():
            if used in bound or used in _BUILTINS or (used in ALL_WANTED and used not in module):
                continue  # a contract name not defined: misspelled_names says it once
            if used not in module:
                if starred:  # `from numpy import *` may have bound it
                    continue
                message = _from_nowhere(name, used, unused, sorted(module | set(params)))
            elif code.top[used][0] == "value" and (twin := _twin(used, unused)):
                message = tr("`{function}` reads `{used}`, a variable of your file (your data), "
                             "where it should use its own parameter `{param}`, which it never "
                             "uses: the grader calls it with other arrays.", function=name,
                             used=used, param=twin)
            else:
                continue
            if message:
                found.append(_Found("name_from_nowhere", f"{name}.{used}", (pos[0], line),
                                    message))
    return found


def _twin(used: str, unused: list[str]) -> str | None:
    """The unused parameter ``used`` stands for: the same name in another case (`x`, `X`)."""
    return next((p for p in unused if p.lower() == used.lower()), None)


def _from_nowhere(function: str, used: str, unused: list[str], names: list[str]) -> str | None:
    if len(unused) == 1 and not _nearest(used, names):
        return tr("`{function}` uses `{used}`, which is defined nowhere, and never uses its "
                  "parameter `{param}`: did you mean `{param}`?", function=function,
                  used=used, param=unused[0])
    near = _nearest(used, names)
    if near:
        return tr("`{function}` uses `{used}`, which is defined nowhere: did you mean "
                  "`{near}`?", function=function, used=used, near=near)
    return None


# --- 12. a method at the left margin, a loop that returns, a function defined twice ---------

def methods_outside_the_class(code: _Code) -> list[_Found]:
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
            found.append(_Found("method_outside_class", name, pos, message))
    return found


def returns_inside_the_loop(code: _Code) -> list[_Found]:
    """`return` indented into the training loop: train stops after its first iteration."""
    found = []
    for name, node, pos in _functions(code):
        for loop in _own_nodes(node):
            if not isinstance(loop, ast.For | ast.While):
                continue
            early = next((s for s in loop.body if isinstance(s, ast.Return)), None)
            if early is not None:
                message = tr("In `{name}`, `return` is indented inside the loop, so the "
                             "function returns during the first pass: dedent the return so it "
                             "comes after the loop.", name=name)
                found.append(_Found("return_inside_loop", name, (pos[0], early.lineno), message))
                break
    return found


def defined_twice(code: _Code) -> list[_Found]:
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
        if len(places) > 1 and _is_stub(last) and not all(_is_stub(n) for n, _ in places):
            first = next(pos for n, pos in places if not _is_stub(n))
            message = tr("`{name}` is defined twice: your code at line {first}, then an empty "
                         "version (a stub) at line {last}. Python keeps the last definition, so "
                         "your code is never used: delete the stub.", name=name,
                         first=first[1], last=where[1])
            found.append(_Found("defined_twice", name, where, message))
    return found


DETECTORS = (misspelled_names, misspelled_members, misspelled_init, methods_without_self,
             attributes_never_assigned, scalar_math_on_arrays, modules_not_imported,
             unavailable_imports, class_form_only, defined_inside_function,
             prints_instead_of_returning, returns_several_values, parameters_in_another_order,
             names_from_nowhere, methods_outside_the_class, returns_inside_the_loop,
             defined_twice, output_not_set_by_feedforward, parameter_count_differs)
#: Detectors of what must hold in each of the student's files alone (given it and its label).
PER_FILE = (modules_not_imported,)


def _once_each(found: list[_Found]) -> list[Finding]:
    """Each (mistake, subject) once, at its first place; in the order of the code."""
    first: dict[tuple[str, str], _Found] = {}
    for item in found:
        key = (item.mistake, item.subject)
        if key not in first or item.pos < first[key].pos:
            first[key] = item
    ordered = sorted(first.values(), key=lambda f: f.pos)
    return [Finding(f.mistake, f.message, f.pos[1] or None, f.pos[0]) for f in ordered]
