"""Relations found by search: a wrong value expressed through the reference's computation.

The reference's forward pass, loss and backward pass are written out below as a graph of
named steps (Z1 = X @ W1, A1 = sigmoid(Z1), ..., dW1 = X.T @ dZ1). A student's wrong result
is usually the right computation with ONE step done differently. Rather than list such
mistakes one by one, ``search`` tries a small grammar of edits on every step and
recomputes what follows:

    scale        the step times c (2, 1/2, -1, n, 1/n, ...); a function's argument scaled
                 is the scale of the step before it (sigmoid(2 * Z2): Z2 twice)
    shift        the step plus or minus 1
    transform    the step squared, its square root, its absolute value, 1 minus it,
                 its reciprocal, transposed
    reduce       the step summed or averaged over one axis (kept as a row or a column)
    drop         a product step without one of its factors (a term missing)
    flip         one operand of a step transposed (Y - Y_hat.T broadcasts to an n x n table)
    substitute   one operand replaced by another quantity of the computation of the same
                 shape (sigmoid_derivative at A1 instead of Z1, X instead of A1, Y_hat
                 instead of Y, ...)
    swap         two steps applied in the other order (sum, then square)
    function     a step that applies the sigmoid (or its derivative) done with another
                 function: tanh, ReLU, none at all, the sigmoid for its derivative

Of the edits whose outputs equal the student's, the likeliest (``likeliness``) names the
mistake, and the sentence is generated from it: which step, what was done to it. Nothing
here knows a mistake beforehand.

    search(graph, inputs, observed) -> Diagnosis | None
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from autograder.diagnose.base import Diagnosis, is_right, matches, scale_factor
from autograder.diagnose.probes import hint
from autograder.i18n import N_, tr
from solutions import sigmoid, sigmoid_derivative

Values = dict[str, np.ndarray]


@dataclass(frozen=True)
class Step:
    """One named quantity: ``name = compute(*operands)``, and how a student sees it.

    formula: the step as the course writes it ("A1 = sigmoid(Z1)"). factors: for a
    product, the operand names whose product it is (a factor can go missing). action: what
    the step does, as a verb ("squaring"), for steps that can swap places.
    """

    name: str
    operands: tuple[str, ...]
    compute: Callable[..., np.ndarray]
    formula: str
    factors: tuple[str, ...] = ()
    action: str = ""
    label: str = ""  # how a student names the quantity, when its name is not enough


@dataclass(frozen=True)
class Graph:
    """Steps in computation order over named inputs; ``outputs``: what a student returns."""

    inputs: tuple[str, ...]
    steps: tuple[Step, ...]
    outputs: tuple[str, ...]
    swappable: tuple[tuple[str, str], ...] = field(default=())

    def run(self, values: Values, edit: Edit | None = None) -> Values:
        env = dict(values)
        for step in self.steps:
            args = [env[o] for o in step.operands]
            env[step.name] = (edit.apply(self, step, env, args) if edit and edit.step == step.name
                              else step.compute(*args))
        return env


# --- the course's computations ------------------------------------------------------------

FORWARD = (
    Step("Z1", ("X", "W1"), lambda X, W1: X @ W1, "Z1 = X @ W1"),
    Step("A1", ("Z1",), sigmoid, "A1 = sigmoid(Z1)"),
    Step("Z2", ("A1", "W2"), lambda A1, W2: A1 @ W2, "Z2 = A1 @ W2"),
    Step("Y_hat", ("Z2",), sigmoid, "Y_hat = sigmoid(Z2)"),
)
BACKWARD = FORWARD + (
    Step("E", ("Y", "Y_hat"), lambda Y, Yh: Y - Yh, "E = Y - Y_hat"),
    Step("G", ("E",), lambda E: -2.0 * E, "dL/dY_hat = -2 * (Y - Y_hat)"),
    Step("S2", ("Z2",), sigmoid_derivative, "sigmoid_derivative(Z2)"),
    Step("dZ2", ("G", "S2"), lambda G, S2: G * S2,
         "dZ2 = -2 * (Y - Y_hat) * sigmoid_derivative(Z2)", factors=("G", "S2")),
    Step("dW2", ("A1", "dZ2"), lambda A1, d: A1.T @ d, "dW2 = A1.T @ dZ2"),
    Step("dA1", ("dZ2", "W2"), lambda d, W2: d @ W2.T, "dA1 = dZ2 @ W2.T"),
    Step("S1", ("Z1",), sigmoid_derivative, "sigmoid_derivative(Z1)"),
    Step("dZ1", ("dA1", "S1"), lambda dA, S1: dA * S1,
         "dZ1 = dA1 * sigmoid_derivative(Z1)", factors=("dA1", "S1")),
    Step("dW1", ("X", "dZ1"), lambda X, d: X.T @ d, "dW1 = X.T @ dZ1"),
)
LOSS = (
    Step("E", ("Y", "Y_hat"), lambda Y, Yh: Y - Yh, "E = Y - Y_hat"),
    Step("Q", ("E",), lambda E: E ** 2, "(Y - Y_hat) ** 2", action=N_("squaring")),
    Step("L", ("Q",), lambda Q: np.sum(Q), "np.sum((Y - Y_hat) ** 2)", action=N_("summing")),
)

SIGMOID = (
    Step("N", ("z",), lambda z: -z, "-z"),
    Step("Ex", ("N",), np.exp, "np.exp(-z)"),
    Step("D", ("Ex",), lambda e: 1.0 + e, "1 + np.exp(-z)"),
    Step("S", ("D",), lambda d: 1.0 / d, "s = 1 / (1 + np.exp(-z))"),
)
DERIVATIVE = SIGMOID + (
    Step("C", ("S",), lambda S: 1.0 - S, "1 - s"),
    Step("SD", ("S", "C"), lambda S, C: S * C, "s * (1 - s)", factors=("S", "C")),
)

#: One iteration of train: the backward pass, then each update as soon as its gradient is
#: known (so a step that reads an already-updated weight is one substitution away).
TRAIN_STEP = BACKWARD[:9] + (
    Step("W2_new", ("W2", "lr", "dW2"), lambda W2, lr, d: W2 - lr * d,
         "W2 = W2 - learning_rate * dW2", label=N_("the already updated W2")),
) + BACKWARD[9:] + (
    Step("W1_new", ("W1", "lr", "dW1"), lambda W1, lr, d: W1 - lr * d,
         "W1 = W1 - learning_rate * dW1", label=N_("the already updated W1")),
)

SIGMOID_GRAPH = Graph(("z",), SIGMOID, ("S",))
DERIVATIVE_GRAPH = Graph(("z",), DERIVATIVE, ("SD",))
FEEDFORWARD_GRAPH = Graph(("X", "W1", "W2"), FORWARD, ("A1", "Y_hat"))
BACKPROP_GRAPH = Graph(("X", "Y", "W1", "W2"), BACKWARD, ("dW1", "dW2"))
LOSS_GRAPH = Graph(("Y_hat", "Y"), LOSS, ("L",), swappable=(("Q", "L"),))
TRAIN_STEP_GRAPH = Graph(("X", "Y", "W1", "W2", "lr"), TRAIN_STEP, ("W1_new", "W2_new"))


# --- the grammar -----------------------------------------------------------------------------

TRANSFORMS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], str]] = {
    "squared": (lambda v: v ** 2, N_("its square")),
    "root": (lambda v: np.sqrt(v), N_("its square root")),
    "abs": (np.abs, N_("its absolute value")),
    "complement": (lambda v: 1.0 - v, N_("1 minus it")),
    "reciprocal": (lambda v: 1.0 / v, N_("its reciprocal")),
    "transposed": (lambda v: v.T, N_("its transpose")),
}


#: The functions a student may apply where the course applies the sigmoid or its derivative.
FUNCTIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], str]] = {
    "tanh": (np.tanh, "np.tanh"),
    "relu": (lambda v: np.maximum(v, 0.0), "np.maximum(0, ...) (ReLU)"),
    "identity": (lambda v: v, ""),
    "sigmoid": (sigmoid, "sigmoid"),
    "sigmoid_derivative": (sigmoid_derivative, "sigmoid_derivative"),
}


#: Reductions over one axis: (numpy function, how the sentence says it).
REDUCTIONS: dict[str, tuple[Callable[..., np.ndarray], str]] = {
    "sum": (np.sum, N_("summed along axis {axis}")),
    "mean": (np.mean, N_("averaged along axis {axis}")),
}
SHIFTS = (1.0, -1.0)


@dataclass(frozen=True)
class Edit:
    """One change to one step: kind "scale", "shift", "transform", "reduce", "function",
    "drop", "flip", "substitute" or "swap"."""

    kind: str
    step: str
    value: object = None   # the factor, the transform's key, the dropped factor, (old, new)

    def apply(self, graph: Graph, step: Step, env: Values, args: list) -> np.ndarray:
        if self.kind == "scale":
            return self.value * step.compute(*args)
        if self.kind == "shift":
            return step.compute(*args) + self.value
        if self.kind == "transform":
            return TRANSFORMS[self.value][0](step.compute(*args))
        if self.kind == "reduce":
            how, axis = self.value
            return REDUCTIONS[how][0](step.compute(*args), axis=axis, keepdims=True)
        if self.kind == "drop":
            kept = [env[f] for f in step.factors if f != self.value]
            return kept[0]
        if self.kind == "flip":
            return step.compute(*[env[o].T if o == self.value else env[o]
                                  for o in step.operands])
        if self.kind == "substitute":
            old, new = self.value
            return step.compute(*[env[new] if o == old else env[o] for o in step.operands])
        if self.kind == "function":
            return FUNCTIONS[self.value][0](*args)
        if self.kind == "swap":  # this step's operation first, then the one before it
            before = graph_step(graph, self.value)
            inner = step.compute(*[env[o] if o != before.name else env[before.operands[0]]
                                   for o in step.operands])
            return before.compute(inner)
        raise ValueError(self.kind)


def graph_step(graph: Graph, name: str) -> Step:
    return next(s for s in graph.steps if s.name == name)


def label_of(graph: Graph, name: str) -> str:
    """A quantity as the student knows it: its label if it has one, else its name."""
    step = next((s for s in graph.steps if s.name == name), None)
    return tr(step.label) if step and step.label else formula_of(graph, name)


def formula_of(graph: Graph, name: str) -> str:
    """How the student knows a quantity: a step's formula (a bare name if it is an input)."""
    step = next((s for s in graph.steps if s.name == name), None)
    return step.formula.split(" = ")[0] if step else name  # "dL/dY_hat", "sigmoid_derivative(Z1)"


def edits(graph: Graph, values: Values, n: int) -> Iterator[Edit]:
    """Every single edit of the grammar, step by step in computation order."""
    scales = (2.0, 0.5, -1.0, -2.0, -0.5, float(n), 1.0 / n, float(n * n)) if n > 1 else (
        2.0, 0.5, -1.0, -2.0, -0.5)
    known = list(graph.inputs)
    for step in graph.steps:
        for c in scales:
            yield Edit("scale", step.name, c)
        for c in SHIFTS:
            yield Edit("shift", step.name, c)
        for key in TRANSFORMS:
            yield Edit("transform", step.name, key)
        shape = np.shape(values.get(step.name))
        for axis in range(len(shape)):
            if shape[axis] > 1:
                for how in REDUCTIONS:
                    yield Edit("reduce", step.name, (how, axis))
        if step.compute in (sigmoid, sigmoid_derivative):
            for name in FUNCTIONS:
                if FUNCTIONS[name][0] is not step.compute:
                    yield Edit("function", step.name, name)
        for factor in step.factors:
            yield Edit("drop", step.name, factor)
        for operand in step.operands:
            shape = np.shape(values.get(operand))
            if len(shape) == 2 and shape[0] != shape[1]:
                yield Edit("flip", step.name, operand)
        for old in step.operands:
            for new in known:
                if new != old and values[new].shape == values[old].shape:
                    yield Edit("substitute", step.name, (old, new))
        known.append(step.name)
    for first, second in graph.swappable:
        yield Edit("swap", second, first)


def search(graph: Graph, inputs: Values, observed: Values) -> Diagnosis | None:
    """The first single edit of the reference's computation that gives ``observed``.

    inputs: the graph's inputs; observed: the student's values of (some of) its outputs.
    None when the observed values are right, or no single edit explains them.
    """
    with np.errstate(all="ignore"):
        right = graph.run(inputs)
        wanted = [k for k in graph.outputs if k in observed]
        if all(is_right(observed[k], right[k]) for k in wanted):
            return None
        n = next(iter(inputs.values())).shape[0]
        found = []
        for edit in edits(graph, right, n):
            try:
                env = graph.run(inputs, edit)
            except (ValueError, IndexError, FloatingPointError):
                continue  # this edit cannot even run on these shapes
            if all(k in env and matches(observed[k], env[k]) for k in wanted) and not all(
                    is_right(env[k], right[k]) for k in wanted):
                found.append(edit)
        if not found:
            return proportional(graph, right, observed, wanted)
    return explain(graph, min(found, key=lambda e: likeliness(graph, e)))


#: How the sentences name the quantities a result may be made of (beyond their formulas).
DESCRIPTIONS = {
    "X": N_("the inputs X"), "A1": N_("the hidden activations A1"),
    "dZ2": N_("the output layer's delta dZ2"), "dZ1": N_("the hidden layer's delta dZ1"),
    "W1": N_("the weights W1"), "W2": N_("the weights W2"),
}


def proportional(graph: Graph, right: Values, observed: Values,
                 wanted: list[str]) -> Diagnosis | None:
    """A result that is the course's plus c times a quantity of the computation (a term
    added, the same c for every output: c * W, an L2 penalty's gradient), or that is a
    multiple of a quantity its formula does not contain (W2 where A1 belongs). Measured, not
    searched: c is whatever fits."""
    wrong = [k for k in wanted if not is_right(observed[k], right[k])]
    if not wrong:
        return None
    known = list(graph.inputs) + [s.name for s in graph.steps]
    added = _added_term(right, observed, wrong, known)
    if added:
        return added
    for k in wrong:
        step = graph_step(graph, k)
        for name in known:
            quantity = right[name]
            if name == k or name in step.operands or np.shape(quantity) != np.shape(right[k]) \
                    or np.size(quantity) < 3 or scale_factor(quantity, right[k]) is not None:
                continue
            c = scale_factor(np.asarray(observed[k], np.float64), quantity)
            if c is None or abs(c) < 1e-12:
                continue
            made_of = [tr(DESCRIPTIONS[o]) if o in DESCRIPTIONS else o for o in step.operands]
            return Diagnosis(RELATION, tr(
                "your {output} is a multiple of {quantity} (every entry is {c:.4g} times "
                "{name}'s), but {formula} does not contain {name}: it is made of {operands}.",
                output=k, quantity=tr(DESCRIPTIONS.get(name, name)), c=c, name=name,
                formula=step.formula, operands=" / ".join(made_of)))
    return None


def _added_term(right: Values, observed: Values, wrong: list[str],
                known: list[str]) -> Diagnosis | None:
    """Every wrong output is the course's plus the same c times a quantity of its shape."""
    terms = []
    for k in wrong:
        difference = np.asarray(observed[k], np.float64) - right[k]
        fits = [(name, scale_factor(difference, right[name])) for name in known
                if name != k and np.shape(right[name]) == np.shape(right[k])
                and np.size(right[name]) >= 3 and scale_factor(right[name], right[k]) is None]
        fits = [(name, c) for name, c in fits if c is not None and abs(c) > 1e-12]
        if len(fits) != 1:
            return None
        terms.append((k, *fits[0]))
    c = terms[0][2]
    if any(abs(t[2] - c) > 1e-6 * abs(c) for t in terms):
        return None
    added = ", ".join(f"{k} + {c:.4g} * {name}" for k, name, _ in terms)
    weights = all(name.startswith("W") and k.endswith(name) for k, name, _ in terms)
    if weights:
        return Diagnosis(RELATION, tr(
            "your result is the course's plus a term in the weights themselves: {added}. "
            "That is the gradient of an L2 penalty (weight decay, regularisation) that the "
            "course's loss, the plain sum of squared errors, does not have: leave it out.",
            added=added))
    return Diagnosis(RELATION, tr(
        "your result is the course's plus a term the course's computation does not have: "
        "{added}.", added=added))


def likeliness(graph: Graph, edit: Edit) -> tuple[int, int]:
    """Which edit a student most likely made when several explain the values equally:
    smaller is likelier. A term dropped or swapped first, then a constant of a step that has
    one (the 2 of -2 * (Y - Y_hat), not the error before it), then a transform, then any
    other scale; within a kind, the earlier step."""
    step = graph_step(graph, edit.step)
    if edit.kind == "scale":  # a constant of the student's: the step that has one in it
        constant = any(c.isdigit() for c in step.formula) or step.formula.startswith("-")
        return (3 if constant else 5), graph.steps.index(step)
    return {"drop": 0, "substitute": 1, "swap": 2, "function": 2, "flip": 2,
            "transform": 4, "reduce": 4, "shift": 6}[edit.kind], graph.steps.index(step)


# --- what a found edit says ------------------------------------------------------------------

RELATION = hint("relation_found", (
    N_("The grader found that one step of your computation differs from the course's, and "
       "everything after it follows from that step. Fix that step; the rest can stay.")))


def explain(graph: Graph, edit: Edit) -> Diagnosis:
    step = graph_step(graph, edit.step)
    if edit.kind == "scale" and edit.value == -1.0:
        text = tr("your result matches the course's computation with one change: {step} has "
                  "the opposite sign.", step=step.formula)
    elif edit.kind == "scale":
        text = tr("your result matches the course's computation with one change: {step} is "
                  "{factor:.4g} times what it should be.", step=step.formula,
                  factor=edit.value)
    elif edit.kind == "transform":
        text = tr("your result matches the course's computation with one change: in place of "
                  "{step} your code uses {how}.", step=step.formula,
                  how=tr(TRANSFORMS[edit.value][1]))
    elif edit.kind == "shift":
        text = tr("your result matches the course's computation with one change: {step} is "
                  "off by {shift:+g} (a constant added to it).", step=step.formula,
                  shift=edit.value)
    elif edit.kind == "reduce":
        how, axis = edit.value
        text = tr("your result matches the course's computation with one change: {step} is "
                  "{reduced}, where the course keeps every element.", step=step.formula,
                  reduced=tr(REDUCTIONS[how][1]).format(axis=axis))
    elif edit.kind == "function" and edit.value == "identity":
        text = tr("your result matches the course's computation with one change: the function "
                  "of {step} is missing (its input is used as it is).", step=step.formula)
    elif edit.kind == "function":
        text = tr("your result matches the course's computation with one change: {step} is "
                  "computed with {function} in place of the course's function.",
                  step=step.formula, function=FUNCTIONS[edit.value][1])
    elif edit.kind == "drop":
        text = tr("your result matches the course's computation with one change: {step} is "
                  "missing its factor {factor}.", step=step.formula,
                  factor=formula_of(graph, str(edit.value)))
    elif edit.kind == "flip":
        names = " / ".join(f"{label_of(graph, o)}.T" for o in step.operands)
        text = tr("your result matches the course's computation with one change: {step} has "
                  "one operand transposed ({operands}), and numpy pairs every row with every "
                  "column instead of failing.", step=step.formula, operands=names)
    elif edit.kind == "substitute":
        old, new = edit.value
        text = tr("your result matches the course's computation with one change: {step} uses "
                  "{new} instead of {old}.", step=step.formula, new=label_of(graph, new),
                  old=label_of(graph, old))
    else:
        first = graph_step(graph, edit.value)
        text = tr("your result matches the course's computation with two steps in the other "
                  "order: {second} before {first}; the course does {first} first ({formula}).",
                  second=tr(step.action), first=tr(first.action), formula=step.formula)
    return Diagnosis(RELATION, text)
