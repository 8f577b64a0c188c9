"""Mutation score of the check registry: how many automatic mutants of the reference it kills.

Run:  python tests/benchmarks/mutation_score.py [--seed 0] [--verbose]

Each mutant is the reference solution (solutions/: activations, forward, loss, gradients,
training, network, and stages 6-7's more_activations, bias_network, classifier) with ONE
change made through Python's `ast`:
  + <-> -, * <-> /, @ <-> *, ** -> *, += <-> -=, drop a unary minus, a number c -> c + 1
  and c -> 0, drop `.T`, np.sum <-> np.mean, np.exp -> np.log, np.abs dropped, a comparison
  flipped, the two elements of a returned pair swapped, a statement deleted.
The mutated package is imported into fresh module namespaces (its own imports rewired to
the mutated siblings) and the registry runs on it in-process: every stage whose names come
from the mutated module or from a module that imports it (the other stages run code the
mutation cannot reach).

A mutant is *equivalent* when every function and the NeuralNetwork class give outputs
identical to the reference's on a fixed set of probes (so no check could tell them apart);
it is *killed* when at least one check fails, and *survived* otherwise. The kill rate is
killed / (made - equivalent). Prints the counts, the rate per stage (a module's stage is the
first stage its names belong to) and overall, and every survivor. The probes of relu's and
leaky relu's derivatives avoid z = 0, where any subgradient is correct.

It also measures the diagnoses. A killed mutant is *named* when at least one failed check
of its own stage (the first stage its module's names belong to) names a mistake
(CheckResult.mistake other than None, "not_implemented" and "not_defined"); the share named
is reported per stage, with the share whose every failed check of that stage is named.
Then the mistake catalogue (tests/mistakes/: named right when a failed check of its
stage gives its MISTAKE) and the correct variants (tests/variants/: right when no
check fails and nothing is named) are graded with the same seed, per stage.
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
import time
import types
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from autograder.checks.runner import run_checks  # noqa: E402
from autograder.contract import ALL_NAMES, NAMES, stages_covered  # noqa: E402
from course_data import X as COURSE_X  # noqa: E402
from course_data import Y as COURSE_Y  # noqa: E402
from course_data import load_initial_weights  # noqa: E402
from course_data.moons import classifier_weights, load_moons  # noqa: E402
from tests.mistakes import catalogue  # noqa: E402
from tests.variants import variants  # noqa: E402

#: The reference's modules in import order (each may import the ones before it).
MODULES = ["activations", "forward", "loss", "gradients", "training", "network",
           "more_activations", "bias_network", "classifier"]
CONTRACT = list(ALL_NAMES)
PACKAGE = "_scratchnet_mutant"

BINOP_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
               ast.MatMult: ast.Mult, ast.Pow: ast.Mult}
COMPARE_SWAPS = {ast.GtE: ast.Gt, ast.Gt: ast.GtE, ast.Lt: ast.LtE, ast.LtE: ast.Lt,
                 ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
CALL_SWAPS = {"sum": "mean", "mean": "sum", "exp": "log", "dot": "multiply",
              "logaddexp": "maximum", "maximum": "minimum", "argmax": "argmin",
              "tanh": "sinh", "log": "log1p"}
#: Calls of the package's own functions that can stand in for each other.
NAME_SWAPS = {"sigmoid": "sigmoid_derivative", "sigmoid_derivative": "sigmoid",
              "tanh": "tanh_derivative", "tanh_derivative": "tanh",
              "relu": "relu_derivative", "relu_derivative": "relu",
              "leaky_relu": "leaky_relu_derivative", "leaky_relu_derivative": "leaky_relu"}


# --- making mutants ---------------------------------------------------------------------

def is_docstring(node: ast.AST, parent_body: list[ast.stmt]) -> bool:
    return (parent_body and node is parent_body[0] and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))


def sites(tree: ast.Module) -> Iterator[tuple[ast.AST, str]]:
    """Every (node, kind) that one mutation operator can change, in a stable order."""
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and type(node.op) in BINOP_SWAPS:
            yield node, "binop"
        elif isinstance(node, ast.AugAssign) and type(node.op) in BINOP_SWAPS:
            yield node, "augassign"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            yield node, "drop-minus"
        elif (isinstance(node, ast.Constant) and type(node.value) in (int, float)
              and not isinstance(node.value, bool)):
            yield node, "const+1"
            yield node, "const0"
        elif isinstance(node, ast.Attribute) and node.attr == "T":
            yield node, "drop-T"
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and isinstance(node.func.value, ast.Name) and node.func.value.id == "np"):
            if node.func.attr in CALL_SWAPS:
                yield node, "swap-call"
            if node.func.attr == "abs":
                yield node, "drop-abs"
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in NAME_SWAPS):
            yield node, "swap-function"
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "range" and len(node.args) == 1):
            yield node, "range-1"
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in COMPARE_SWAPS:
            yield node, "compare"
        elif (isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple)
              and len(node.value.elts) == 2):
            yield node, "swap-return"
    for node in ast.walk(tree):
        for field in ("body", "orelse"):
            body = getattr(node, field, None)
            if isinstance(body, list) and not isinstance(node, ast.Module):
                for stmt in body:
                    if not is_docstring(stmt, body):
                        yield stmt, "delete"


class Mutate(ast.NodeTransformer):
    """Apply the mutation ``kind`` to the node whose position is ``target``."""

    def __init__(self, target: tuple[int, int, int, int], kind: str, node_type: type) -> None:
        self.target, self.kind, self.node_type = target, kind, node_type
        self.done = False

    def hit(self, node: ast.AST) -> bool:
        here = (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
        return not self.done and type(node) is self.node_type and here == self.target

    def generic_visit(self, node: ast.AST) -> ast.AST:
        for field in ("body", "orelse"):
            body = getattr(node, field, None)
            if self.kind == "delete" and isinstance(body, list):
                for i, stmt in enumerate(body):
                    if self.hit(stmt):
                        self.done = True
                        body[i] = ast.Pass()
                        ast.copy_location(body[i], stmt)
        node = super().generic_visit(node)
        if self.kind == "delete" or not hasattr(node, "lineno") or not self.hit(node):
            return node
        self.done = True
        k = self.kind
        if k in ("binop", "augassign"):
            node.op = BINOP_SWAPS[type(node.op)]()
            return node
        if k == "drop-minus":
            return node.operand
        if k == "const+1":
            return ast.copy_location(ast.Constant(node.value + 1), node)
        if k == "const0":
            return ast.copy_location(ast.Constant(0 if node.value != 0 else 1), node)
        if k == "drop-T":
            return node.value
        if k == "swap-call":
            node.func.attr = CALL_SWAPS[node.func.attr]
            return node
        if k == "swap-function":
            node.func.id = NAME_SWAPS[node.func.id]
            return node
        if k == "range-1":
            node.args = [ast.BinOp(node.args[0], ast.Sub(), ast.Constant(1))]
            return node
        if k == "drop-abs":
            return node.args[0]
        if k == "compare":
            node.ops = [COMPARE_SWAPS[type(node.ops[0])]()]
            return node
        if k == "swap-return":
            node.value.elts = node.value.elts[::-1]
            return node
        raise ValueError(k)


def mutants(sources: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(module, description, mutated source) for every mutation site of every module."""
    for module, source in sources.items():
        tree = ast.parse(source)
        seen = set()
        for node, kind in list(sites(tree)):
            target = (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
            if (target, kind, type(node)) in seen:
                continue
            seen.add((target, kind, type(node)))
            mutated = Mutate(target, kind, type(node)).visit(copy.deepcopy(tree))
            text = ast.unparse(ast.fix_missing_locations(mutated))
            if text == ast.unparse(tree):
                continue
            line = source.splitlines()[node.lineno - 1].strip()
            where = f"{module}.py:{node.lineno}:{node.col_offset + 1}"
            yield module, f"{where} {kind}: {line}", text


# --- loading a mutant -------------------------------------------------------------------

class Rewire(ast.NodeTransformer):
    """`from solutions.x import y` -> `from _scratchnet_mutant.x import y`."""

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.ImportFrom:
        if node.module and node.module.startswith("solutions."):
            node.module = PACKAGE + node.module[len("solutions"):]
        return node


def load(sources: dict[str, str]) -> types.SimpleNamespace:
    """Import the given module sources as a fresh package; return the contract's names."""
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    package = types.ModuleType(PACKAGE)
    package.__path__ = []
    sys.modules[PACKAGE] = package
    names: dict[str, object] = {}
    for module in MODULES:
        tree = Rewire().visit(ast.parse(sources[module]))
        mod = types.ModuleType(f"{PACKAGE}.{module}")
        sys.modules[mod.__name__] = mod
        exec(compile(ast.fix_missing_locations(tree), f"<mutant {module}>", "exec"),
             mod.__dict__)
        names.update({k: v for k, v in mod.__dict__.items() if k in CONTRACT})
    return types.SimpleNamespace(**names)


# --- which stages a module reaches -------------------------------------------------------

def imports_of(source: str) -> set[str]:
    """The sibling modules a reference module imports (``from solutions.x import ...``)."""
    return {node.module.split(".", 1)[1] for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ImportFrom) and node.module
            and node.module.startswith("solutions.")}


def stage_of_name(name: str) -> int:
    return next(stage for stage, names in NAMES.items() if name in names)


def defined_stages(source: str) -> set[int]:
    """The stages of the contract names a module defines (top-level def or class)."""
    return {stage_of_name(node.name) for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name in CONTRACT}


def reach(sources: dict[str, str]) -> dict[str, tuple[int, ...]]:
    """module -> the stages whose names it defines or a module importing it defines."""
    defines = {m: defined_stages(sources[m]) for m in MODULES}
    importers = {m: {other for other in MODULES if m in imports_of(sources[other])}
                 for m in MODULES}
    result = {}
    for module in MODULES:
        seen, todo = {module}, [module]
        while todo:
            for other in importers[todo.pop()]:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        result[module] = tuple(sorted(set().union(*(defines[m] for m in seen))))
    return result


# --- probing for equivalence ------------------------------------------------------------

def outcome(func, *args, **kwargs):
    """What a call gives: ('ok', value, arguments afterwards) or ('error', exception type)."""
    args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        value = func(*args, **kwargs)
    except Exception as exc:
        return ("error", type(exc).__name__)
    return ("ok", value, args)


def same(a, b) -> bool:
    """Identical results: same types, shapes and values (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, float | np.floating):
        return a == b or (a != a and b != b)
    return a == b


def probes(impl) -> list:
    """The impl's outputs on a fixed set of calls, covering every function and the class."""
    rng = np.random.default_rng(12345)
    out = []
    z = np.concatenate([rng.normal(size=20) * 5, [-1000, -50, 0, 50, 1000]])
    for arg in (z, z.reshape(5, 5), 0.3, -2.0, np.array(1.5)):
        out.append(outcome(impl.sigmoid, arg))
        out.append(outcome(impl.sigmoid_derivative, arg))
    shapes = [(4, 3, 4, 1), (1, 2, 3, 2), (5, 3, 3, 3)]
    for n, d, h, o in shapes:
        X, W1, W2 = rng.normal(size=(n, d)), rng.normal(size=(d, h)), rng.normal(size=(h, o))
        Y = rng.uniform(size=(n, o))
        out.append(outcome(impl.feedforward, X, W1, W2))
        out.append(outcome(impl.sse_loss, rng.uniform(size=(n, o)), Y))
        out.append(outcome(impl.backprop, X, Y, W1, W2))
        out.append(outcome(impl.train, X, Y, W1, W2, iterations=3, learning_rate=0.7))
    W1, W2 = load_initial_weights()
    out.append(outcome(impl.train, COURSE_X, COURSE_Y, W1, W2))
    out.append(outcome(impl.train, COURSE_X, COURSE_Y, W1, W2, iterations=5))
    out.append(outcome(impl.train, COURSE_X, COURSE_Y, W1, W2, learning_rate=0.5, iterations=9))
    for lr in (None, 0.5):
        np.random.seed(0)
        try:
            nn = impl.NeuralNetwork(COURSE_X.copy(), COURSE_Y.copy())
            state = [getattr(nn, a, None) for a in ("input", "y", "weights1", "weights2",
                                                     "output")]
            nn.weights1, nn.weights2 = W1.copy(), W2.copy()
            for _ in range(3):
                nn.feedforward()
                nn.backprop() if lr is None else nn.backprop(learning_rate=lr)
                state += [nn.output.copy(), nn.weights1.copy(), nn.weights2.copy()]
            out.append(("ok", state))
        except Exception as exc:
            out.append(("error", type(exc).__name__))
    out += probes_extensions(impl, rng, z)
    return out


def probes_extensions(impl, rng: np.random.Generator, z: np.ndarray) -> list:
    """Outputs of the stage 6-7 functions on a fixed set of calls."""
    out = []
    away = z[z != 0]  # any subgradient is right at the kink: probe around it
    for name in ("tanh", "relu", "leaky_relu"):
        for arg in (z, z.reshape(5, 5), 0.3, -2.0):
            out.append(outcome(getattr(impl, name), arg))
        for arg in (away, away.reshape(4, 6), 0.3, -2.0):
            out.append(outcome(getattr(impl, f"{name}_derivative"), arg))
    out.append(outcome(impl.leaky_relu, z, alpha=0.2))
    out.append(outcome(impl.leaky_relu_derivative, away, alpha=0.2))
    for n, d, h, o in [(4, 3, 4, 1), (5, 2, 3, 2)]:
        X, Y = rng.normal(size=(n, d)), rng.uniform(size=(n, o))
        params = [rng.normal(size=s) for s in ((d, h), (1, h), (h, o), (1, o))]
        for activation in ("sigmoid", "tanh", "relu", "leaky_relu"):
            out.append(outcome(impl.feedforward_with_bias, X, *params, activation=activation))
            out.append(outcome(impl.backprop_with_bias, X, Y, *params, activation=activation))
            out.append(outcome(impl.train_with_bias, X, Y, *params, activation=activation,
                               learning_rate=0.3, iterations=3))
        out.append(outcome(impl.feedforward_with_bias, X, *params))
        out.append(outcome(impl.backprop_with_bias, X, Y, *params))
        out.append(outcome(impl.train_with_bias, X, Y, *params, iterations=2))
    Z = rng.normal(size=(6, 3)) * 3
    for arg in (Z, Z + 900, np.array([[1000.0, -1000.0], [0.0, 0.0]])):
        out.append(outcome(impl.softmax, arg))
    P = impl_free_softmax(Z)
    labels = np.array([0, 1, 2, 2, 1, 0])
    out.append(outcome(impl.cross_entropy, P, labels))
    X_train, y_train, _, _ = load_moons()
    X, labels = X_train[:12], y_train[:12]
    params = list(classifier_weights())
    params[1], params[3] = rng.normal(size=params[1].shape), rng.normal(size=(1, 2))
    out.append(outcome(impl.forward_classifier, X, *params))
    out.append(outcome(impl.backprop_classifier, X, labels, *params))
    out.append(outcome(impl.train_classifier, X, labels, *params, learning_rate=0.7,
                       iterations=3))
    out.append(outcome(impl.train_classifier, X, labels, *params, iterations=2))
    out.append(outcome(impl.predict, X, *params))
    out.append(outcome(impl.accuracy, labels, labels[::-1]))
    return out


def impl_free_softmax(Z: np.ndarray) -> np.ndarray:
    """Row-wise softmax computed here, so probes of cross_entropy do not depend on a mutant."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


#: Mistake names that say what happened but not why (no diagnosis).
UNNAMED = {None, "not_implemented", "not_defined"}


def named(results, stage: int) -> tuple[bool, bool]:
    """(some failed check of ``stage`` names a mistake, every one of them names one)."""
    failed = [r for r in results if not r.passed and r.stage == stage]
    flags = [r.mistake not in UNNAMED for r in failed]
    return any(flags), bool(flags) and all(flags)


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:5.1f}% ({part}/{whole})" if whole else "    -"


def catalogue_and_variants(seed: int) -> tuple[dict[int, list[int]], dict[int, list[int]],
                                                list[str]]:
    """Per stage: [named right, made] for the catalogue and [clean, made] for the variants.

    A variant counts once per stage it covers; it is clean there when no check of that
    stage fails and none names a mistake. Also returns a line per miss.
    """
    mistakes: dict[int, list[int]] = {}
    clean: dict[int, list[int]] = {}
    misses: list[str] = []
    for module in catalogue():
        results = run_checks(module, stages=stages_covered(module), seed=seed)
        right = any(not r.passed and r.mistake == module.MISTAKE
                    for r in results if r.stage == module.STAGE)
        counts = mistakes.setdefault(module.STAGE, [0, 0])
        counts[0] += right
        counts[1] += 1
        if not right:
            given = sorted({str(r.mistake) for r in results if not r.passed})
            misses.append(f"  catalogue miss: {module.MISTAKE} (named {', '.join(given)})")
    for module in variants():
        results = run_checks(module, stages=stages_covered(module), seed=seed)
        for stage in stages_covered(module):
            bad = [r for r in results if r.stage == stage and (not r.passed or r.mistake)]
            counts = clean.setdefault(stage, [0, 0])
            counts[0] += not bad
            counts[1] += 1
            misses += [f"  variant diagnosed: {module.__name__.rsplit('.', 1)[1]} {r.name} "
                       f"({r.mistake})" for r in bad]
    return mistakes, clean, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="grading seed for run_checks")
    parser.add_argument("--verbose", action="store_true", help="print every mutant's fate")
    parser.add_argument("--modules", nargs="+", choices=MODULES, default=MODULES,
                        help="mutate only these reference modules (default: all)")
    args = parser.parse_args()

    sources = {m: (ROOT / "solutions" / f"{m}.py").read_text() for m in MODULES}
    stages_of = reach(sources)
    home = {m: min(defined_stages(sources[m])) for m in MODULES}
    tally: dict[int, list[int]] = {}  # stage -> [made, killed, equivalent, named, all named]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        reference = probes(load(sources))
        made = killed = equivalent = 0
        survivors: list[str] = []
        start = time.perf_counter()
        wanted = {m: sources[m] for m in args.modules}
        for module, description, text in mutants(wanted):
            made += 1
            counts = tally.setdefault(home[module], [0, 0, 0, 0, 0])
            counts[0] += 1
            impl = load({**sources, module: text})
            results = run_checks(impl, stages=stages_of[module], seed=args.seed)
            failed = [r.name for r in results if not r.passed]
            if failed:
                killed += 1
                counts[1] += 1
                some, every = named(results, home[module])
                counts[3] += some
                counts[4] += every
                mistake = next((r.mistake for r in results if not r.passed and r.stage ==
                                home[module] and r.mistake not in UNNAMED), None)
                fate = (f"killed by {len(failed)} checks, first {failed[0]}, "
                        f"named {mistake}")
            elif all(same(a, b) for a, b in zip(probes(impl), reference, strict=True)):
                equivalent += 1
                counts[2] += 1
                fate = "equivalent"
            else:
                survivors.append(description)
                fate = "SURVIVED"
            if args.verbose:
                print(f"{fate:45s} {description}")
        elapsed = time.perf_counter() - start
        mistakes, clean, misses = catalogue_and_variants(args.seed)

    judged = made - equivalent
    print(f"mutants made:        {made}")
    print(f"killed:              {killed}")
    print(f"survived:            {len(survivors)}")
    print(f"equivalent:          {equivalent}")
    rate = 100.0 * killed / judged if judged else 100.0
    print(f"kill rate:           {rate:.1f}% of {judged} non-equivalent mutants")
    for stage, (n, k, e, _, _) in sorted(tally.items()):
        modules = ", ".join(m for m in MODULES if home[m] == stage)
        stage_rate = 100.0 * k / (n - e) if n > e else 100.0
        print(f"  stage {stage} ({modules}): {stage_rate:.1f}% ({k} killed of {n - e}; "
              f"{e} equivalent)")
    print(f"time:                {elapsed:.1f} s ({elapsed / max(made, 1) * 1000:.0f} ms/mutant)")
    for description in survivors:
        print(f"  survivor: {description}")
    some = sum(c[3] for c in tally.values())
    every = sum(c[4] for c in tally.values())
    print(f"killed and named:    {percent(some, killed)}; every failed check named: "
          f"{percent(every, killed)}")
    print("per stage            killed named             all named          "
          "catalogue named right   variants undiagnosed")
    for stage in sorted(set(tally) | set(mistakes) | set(clean)):
        n, k, e, s_, a_ = tally.get(stage, [0, 0, 0, 0, 0])
        m = mistakes.get(stage, [0, 0])
        v = clean.get(stage, [0, 0])
        print(f"  stage {stage}:            {percent(s_, k):18s} {percent(a_, k):18s} "
              f"{percent(m[0], m[1]):21s} {percent(v[0], v[1])}")
    m_all = [sum(c[i] for c in mistakes.values()) for i in (0, 1)]
    v_all = [sum(c[i] for c in clean.values()) for i in (0, 1)]
    print(f"catalogue named right: {percent(*m_all)}; variants undiagnosed: {percent(*v_all)}")
    for line in misses:
        print(line)


if __name__ == "__main__":
    main()
