"""The generic probes: each fires on a one-bug implementation written for it, with the
sentence that says what was measured, and none fires on correct code (the variants and the
correct sample students)."""

import runpy
import types
from pathlib import Path

import numpy as np
import pytest

import solutions
from autograder import diagnose
from autograder.checks.runner import run_checks
from autograder.contract import NAMES, reference, stages_covered
from autograder.diagnose import learning, probes, shapes
from autograder.hints import HINTS
from autograder.loading.notebook import read_notebook
from solutions import bias_network, classifier, more_activations
from tests.variants import variants

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "course_data" / "sample_submissions"
REFERENCE = reference()
sig, dsig = solutions.sigmoid, solutions.sigmoid_derivative


def reference_with(**overrides) -> types.SimpleNamespace:
    """The reference's names with some replaced: a hand-made one-bug implementation."""
    return types.SimpleNamespace(**{**vars(REFERENCE), **overrides})


def stage_of(name: str) -> int:
    return next(stage for stage, names in NAMES.items() if name in names)


# --- one-bug implementations, one per probe ------------------------------------------------

def backprop_with(change):
    """Stage 4's backprop with one line changed: change(X, Y, W1, W2) -> (dW1, dW2)."""
    return lambda X, Y, W1, W2: change(np.asarray(X), np.asarray(Y), np.asarray(W1),
                                       np.asarray(W2))


def _forward(X, W1, W2):
    Z1 = X @ W1
    A1 = sig(Z1)
    Z2 = A1 @ W2
    return Z1, A1, Z2, sig(Z2)


def bp_derivative_as_activation(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = dsig(Z1)  # the derivative where the activation belongs
    Z2 = A1 @ W2
    dZ2 = -2 * (Y - sig(Z2)) * dsig(Z2)
    dZ1 = (dZ2 @ W2.T) * dsig(Z1)
    return X.T @ dZ1, A1.T @ dZ2


def bp_activation_as_derivative(X, Y, W1, W2):
    Z1, A1, Z2, Y_hat = _forward(X, W1, W2)
    dZ2 = -2 * (Y - Y_hat) * dsig(Z2)
    dZ1 = (dZ2 @ W2.T) * sig(Z1)  # the activation where its derivative belongs
    return X.T @ dZ1, A1.T @ dZ2


def bp_transpose_missing(X, Y, W1, W2):
    Z1, A1, Z2, Y_hat = _forward(X, W1, W2)
    dZ2 = -2 * (Y - Y_hat) * dsig(Z2)
    dZ1 = (dZ2 @ W2.T) * dsig(Z1)
    return X @ dZ1, A1.T @ dZ2  # X.T missing: crashes unless n == d


def bp_first_output_only(X, Y, W1, W2):
    Z1, A1, Z2, Y_hat = _forward(X, W1, W2)
    dZ2 = -2 * (Y - Y_hat) * dsig(Z2)
    dZ1 = (dZ2[:, :1] @ W2.T[:1]) * dsig(Z1)  # only the first output reaches the hidden layer
    return X.T @ dZ1, A1.T @ dZ2


def bp_hidden_wrong(X, Y, W1, W2):
    Z1, A1, Z2, Y_hat = _forward(X, W1, W2)
    dZ2 = -2 * (Y - Y_hat) * dsig(Z2)
    dZ1 = (dZ2 @ (W2.T + 0.25)) * dsig(Z1)  # something nobody catalogued
    return X.T @ dZ1, A1.T @ dZ2


def train_with_update(update):
    """Stage 5's train with the update line replaced: update(W1, W2, dW1, dW2, lr)."""
    def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
        W1, W2 = np.array(W1, dtype=float), np.array(W2, dtype=float)
        losses = []
        for _ in range(iterations):
            losses.append(solutions.sse_loss(solutions.feedforward(X, W1, W2)[1], Y))
            dW1, dW2 = solutions.backprop(X, Y, W1, W2)
            W1, W2 = update(W1, W2, dW1, dW2, learning_rate)
        return W1, W2, np.array(losses)
    return train


def train_new_weights(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    rng = np.random.default_rng(1)  # ignores the weights it was given
    return solutions.train(X, Y, rng.uniform(size=W1.shape), rng.uniform(size=W2.shape),
                           iterations=iterations, learning_rate=learning_rate)


def train_stops_early(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    return solutions.train(X, Y, W1, W2, iterations=max(iterations - 3, 0),
                           learning_rate=learning_rate)


def backprop_with_bias_activation_as_derivative(X, Y, W1, b1, W2, b2, activation="sigmoid"):
    f, _ = bias_network.ACTIVATIONS[activation]
    Z1 = X @ W1 + b1
    A1 = f(Z1)
    Z2 = A1 @ W2 + b2
    dZ2 = -2 * (Y - sig(Z2)) * dsig(Z2)
    dZ1 = (dZ2 @ W2.T) * f(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), A1.T @ dZ2, dZ2.sum(axis=0,
                                                                        keepdims=True)


class NetworkW1Uphill(solutions.NeuralNetwork):
    def backprop(self, learning_rate=1.0):
        dW1, dW2 = solutions.backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 + learning_rate * dW1  # uphill for W1 only
        self.weights2 = self.weights2 - learning_rate * dW2


class NetworkDefaultRate(solutions.NeuralNetwork):
    def backprop(self, learning_rate=0.5):  # the contract's default is 1.0
        super().backprop(learning_rate)


class NetworkFiveHidden(solutions.NeuralNetwork):
    def __init__(self, x, y):
        super().__init__(x, y)
        self.weights1 = np.random.rand(self.input.shape[1], 5)
        self.weights2 = np.random.rand(5, 1)


class NetworkNoOutput(solutions.NeuralNetwork):
    def __init__(self, x, y):
        super().__init__(x, y)
        del self.output  # never set in __init__


def sigmoid_undefined(z):
    return 1 / (1 + np.exp(-zz))  # noqa: F821  (the student's typo)


#: (label, replaced names, the mistake named, words of the measured sentence)
ONE_BUG = [
    ("sigmoid rounded", {"sigmoid": lambda z: np.round(sig(z))}, "rounded",
     "rounded to 0 decimals"),
    ("derivative cancelling itself", {"sigmoid_derivative": lambda z: sig(z) * 1 - sig(z)},
     "always_zero", "always zero"),
    ("sigmoid truncated", {"sigmoid": lambda z: np.floor(3 * sig(z))}, "whole_numbers",
     "only whole numbers"),
    ("sigmoid clipped", {"sigmoid": lambda z: sig(np.clip(z, -8.0, 8.0))}, "clipped",
     "right for |z| up to"),
    ("sse in float16", {"sse_loss": lambda Y_hat, Y: float(np.sum(
        (np.float16(Y) - np.float16(Y_hat)) ** 2, dtype=np.float16))}, "low_precision",
     "float16 precision"),
    ("sigmoid in float32", {"sigmoid": lambda z: 1 / (1 + np.exp(-np.float32(z)))},
     "low_precision", "float32 precision"),
    ("sigmoid with e rounded", {"sigmoid": lambda z: 1 / (1 + 2.71828 ** -np.asarray(z, float))},
     "nearly_right", "nearly right"),
    ("sigmoid denominator only", {"sigmoid": lambda z: 1 + np.exp(-np.asarray(z, float))},
     "sigmoid_denominator_only", "operator precedence"),
    ("derivative reciprocal", {"sigmoid_derivative": lambda z: 1 / (sig(z) * (1 - sig(z)))},
     "reciprocal", "exactly 1 divided by the right values"),
    ("derivative s * (1 + s)", {"sigmoid_derivative": lambda z: sig(z) * (1 + sig(z))},
     "derivative_formula_wrong", "returns s * (1 + s) with s = sigmoid(z)"),
    ("loss cubed", {"sse_loss": lambda Y_hat, Y: float(np.sum((Y - Y_hat) ** 3))},
     "wrong_power", "(Y - Y_hat) ** 3"),
    ("network W1 uphill", {"NeuralNetwork": NetworkW1Uphill}, "parameter_moves_uphill",
     "your weights1 moves by +learning_rate times its gradient"),
    ("network default rate", {"NeuralNetwork": NetworkDefaultRate}, "default_argument_wrong",
     "its default learning_rate is not 1.0"),
    ("network five hidden units", {"NeuralNetwork": NetworkFiveHidden}, "hidden_units_wrong",
     "your network has 5 hidden units"),
    ("network output never set", {"NeuralNetwork": NetworkNoOutput}, "attribute_not_set",
     "has no attribute `output`"),
    ("loss of the first column only", {"sse_loss": lambda Y_hat, Y: float(np.sum(
        (Y[:, 0] - Y_hat[:, 0]) ** 2))}, "right_for_one_column_only",
     "right with one column but wrong with"),
    ("sigmoid undefined name", {"sigmoid": sigmoid_undefined}, "undefined_variable",
     "NameError"),
    ("feedforward order", {"feedforward": lambda X, W1, W2: solutions.feedforward(
        X, W1, W2)[::-1]}, "results_in_wrong_order", "in the order (Y_hat, A1)"),
    ("dW2 in log base 2", {"backprop": lambda X, Y, W1, W2: (
        solutions.backprop(X, Y, W1, W2)[0],
        solutions.backprop(X, Y, W1, W2)[1] / np.log(2.0))}, "log_base_2",
     "your dW2 is exactly 1.4427 times the right one"),
    ("gradient times 3", {"backprop": lambda X, Y, W1, W2: tuple(
        3 * g for g in solutions.backprop(X, Y, W1, W2))}, "gradient_scaled",
     "exactly 3 times the right one"),
    ("derivative as activation", {"backprop": bp_derivative_as_activation},
     "derivative_used_as_activation", "A1 = sigmoid_derivative(Z1)"),
    ("activation as derivative", {"backprop": bp_activation_as_derivative},
     "activation_used_as_derivative", "multiplies by sigmoid where sigmoid_derivative"),
    ("transpose missing", {"backprop": bp_transpose_missing}, "transpose_missing",
     "dW1 = X @ dZ1"),
    ("first output only", {"backprop": bp_first_output_only}, "right_for_one_output_only",
     "right with one output column but wrong with"),
    ("hidden layer wrong", {"backprop": bp_hidden_wrong}, "hidden_gradient_wrong",
     "(the output layer's) are right"),
    ("W2 uphill", {"train": train_with_update(
        lambda W1, W2, d1, d2, lr: (W1 - lr * d1, W2 + lr * d2))}, "parameter_moves_uphill",
     "your W2 moves by +learning_rate times its gradient"),
    ("W1 never moves, W2 uphill", {"train": train_with_update(
        lambda W1, W2, d1, d2, lr: (W1, W2 + lr * d2))}, "parameter_never_moves",
     "your W1 does not change"),
    ("learning rate on W1 only", {"train": train_with_update(
        lambda W1, W2, d1, d2, lr: (W1 - lr * d1, W2 - d2))}, "wrong_step_size",
     "your W2 moves 2 times the right step"),
    ("given weights ignored", {"train": train_new_weights}, "initial_loss_wrong",
     "your losses[0] is"),
    ("stops early", {"train": train_stops_early}, "stopped_early", "expected"),
    ("tanh derivative offset", {"tanh_derivative": lambda z: 2.0 - np.tanh(z) ** 2},
     "constant_offset", "off by exactly +1 everywhere"),
    ("leaky relu negative side", {"leaky_relu": lambda z, alpha=0.01: np.where(
        np.asarray(z) > 0, z, 2 * alpha * np.asarray(z))}, "wrong_for_negative_inputs",
     "right for every positive z but wrong for negative z"),
    ("bias backprop activation as derivative",
     {"backprop_with_bias": backprop_with_bias_activation_as_derivative},
     "activation_used_as_derivative", "the hidden layer multiplies by"),
    ("softmax constant", {"softmax": lambda Z: np.full(np.shape(Z), 1 / np.shape(Z)[1])},
     "constant_output", "everywhere, but the right values vary"),
    ("predict max", {"predict": lambda *a: classifier.forward_classifier(*a)[1].max(axis=1)},
     "probabilities_not_classes", "largest probability (np.max)"),
    ("predict argmin", {"predict": lambda *a: np.argmin(classifier.forward_classifier(*a)[1],
                                                         axis=1)},
     "least_likely_class", "smallest probability"),
    ("output rounded", {"feedforward": lambda X, W1, W2: (
        solutions.feedforward(X, W1, W2)[0], np.round(solutions.feedforward(X, W1, W2)[1]))},
     "rounded", "rounded to 0 decimals"),
]


@pytest.mark.parametrize("overrides, mistake, words", [case[1:] for case in ONE_BUG],
                         ids=[case[0] for case in ONE_BUG])
def test_probe_names_the_one_bug_with_what_it_measured(overrides, mistake, words):
    impl = reference_with(**overrides)
    stage = max(stage_of(name) for name in overrides)
    results = run_checks(impl, stages=[stage], seed=3)
    failed = [r for r in results if not r.passed]
    assert failed, "the bug must cost points"
    named = [r for r in failed if r.mistake == mistake]
    assert named, [(r.name, r.mistake, r.message) for r in failed]
    assert any(words.lower() in r.message.lower() for r in named), [r.message for r in named]
    assert mistake in HINTS


def test_one_cause_per_failed_check():
    """A diagnosed message carries one explanation: the first sentence after the failure."""
    impl = reference_with(backprop=bp_transpose_missing)
    for r in run_checks(impl, stages=[4], seed=0):
        if r.mistake:
            assert r.message.count("Your ") <= 1, r.message


def test_the_star_for_matmul_hint_only_where_a_matrix_product_is_involved():
    def broadcast(*args, **kwargs):
        return np.ones(3) * np.ones(4)

    results = run_checks(reference_with(sigmoid=broadcast, feedforward=broadcast),
                         stages=[1, 2])
    messages = {r.stage: r.message for r in results if "broadcast" in r.message}
    assert "matrix product" not in messages[1]
    assert "matrix product `@`" in messages[2]


def test_relu_derivative_may_return_a_bool_mask():
    impl = reference_with(relu_derivative=lambda z: np.asarray(z) > 0)
    assert [r.message for r in run_checks(impl, stages=[6]) if not r.passed] == []


def test_accuracy_is_tested_with_more_than_two_classes():
    def one_hot_accuracy(predicted, labels):
        k = int(max(predicted.max(), labels.max())) + 1
        return float(np.mean(np.eye(k)[predicted] == np.eye(k)[labels]))

    results = run_checks(reference_with(accuracy=one_hot_accuracy), stages=[7])
    failed = [r for r in results if not r.passed]
    assert [r.name for r in failed] == ["accuracy"]
    assert failed[0].mistake == "accuracy_compares_one_hot"


def test_a_probe_never_overrides_a_catalogue_match():
    from tests.mistakes import factor_2_missing, softmax_wrong_axis

    for module in (factor_2_missing, softmax_wrong_axis):
        results = run_checks(module, stages=[module.STAGE])
        given = {r.mistake for r in results if not r.passed and r.mistake}
        assert module.MISTAKE in given
        assert given <= {module.MISTAKE} | {"hidden_gradient_wrong"} - set(probes.HINTS), given


def test_float32_rounding_is_named_where_one_minus_s_loses_most_digits():
    z = np.linspace(-10, 10, 50)
    s32 = np.divide(1, 1 + np.exp(-z), dtype=np.float32)
    s = solutions.sigmoid(z)
    found = probes.values("dW", s32 * (1 - s32), s * (1 - s), z=z)
    assert found is not None and found.mistake == "low_precision", found


def test_a_float32_sigmoid_that_rounds_to_one_is_said_so():
    from autograder.checks.runner import run_checks

    impl = reference_with(sigmoid=lambda z: np.divide(1, 1 + np.exp(-np.asarray(z, float)),
                                                      dtype=np.float32))
    failed = {r.name: r for r in run_checks(impl, [1], seed=0) if not r.passed}
    assert failed["sigmoid_range"].mistake == "low_precision", failed
    assert "rounds to exactly 1" in failed["sigmoid_range"].message


def test_every_probe_mistake_has_a_hint():
    assert set(probes.HINTS) <= set(HINTS)
    assert all(len(HINTS[name]) > 40 for name in probes.HINTS)


# --- correct code is never diagnosed -------------------------------------------------------

def load_sample(path: Path) -> types.SimpleNamespace:
    """A correct sample student's names (a .py file or a notebook's code cells)."""
    if path.suffix == ".py":
        return types.SimpleNamespace(**runpy.run_path(str(path), run_name="sample"))
    names: dict = {}
    for cell in read_notebook(path, path.name).cells:
        exec(compile(cell, str(path), "exec"), names)
    return types.SimpleNamespace(**names)


CORRECT_SAMPLES = [SAMPLES / "ada.py", SAMPLES / "mia.py", SAMPLES / "rosa.py",
                   *sorted((SAMPLES / "quinn").glob("*.ipynb"))]
CORRECT = ([(m.__name__.rsplit(".", 1)[1], m) for m in variants()]
           + [(p.name, p) for p in CORRECT_SAMPLES])


def diagnoses_of(impl, rng: np.random.Generator) -> list:
    """Every diagnosis entry point, fed the impl's own outputs on fresh inputs."""
    found = []
    z = rng.normal(scale=4.0, size=(3, 5))
    found += [diagnose.sigmoid(z, np.asarray(impl.sigmoid(z), float)),
              diagnose.sigmoid_derivative(z, np.asarray(impl.sigmoid_derivative(z), float))]
    for n, d, h, o in ((4, 3, 4, 1), (5, 2, 3, 2), (3, 3, 3, 3)):
        X, Y = rng.normal(size=(n, d)), rng.uniform(size=(n, o))
        W1, W2 = rng.normal(size=(d, h)), rng.normal(size=(h, o))
        A1, Y_hat = (np.asarray(a, float) for a in impl.feedforward(X, W1, W2))
        found.append(diagnose.feedforward(X, W1, W2, A1, Y_hat))
        found.append(diagnose.sse_loss(Y_hat, Y, float(impl.sse_loss(Y_hat, Y))))
        dW1, dW2 = (np.asarray(g, float) for g in impl.backprop(X, Y, W1, W2))
        found.append(diagnose.backprop(X, Y, W1, W2, dW1, dW2))
        found.append(shapes.order("backprop", ("dW1", "dW2"), [dW1, dW2],
                                  list(solutions.backprop(X, Y, W1, W2))))
    from course_data import X, Y

    W1, W2 = rng.uniform(size=(3, 4)), rng.uniform(size=(4, 1))
    T1, T2, losses = impl.train(X, Y, W1.copy(), W2.copy(), iterations=12, learning_rate=0.7)
    S1, S2, _ = impl.train(X, Y, W1.copy(), W2.copy(), iterations=1, learning_rate=0.7)
    found.append(diagnose.training(X, Y, W1, W2, 0.7, np.asarray(losses, float),
                                   [np.asarray(S1, float), np.asarray(S2, float)]))
    if 6 not in stages_covered(impl):
        return found
    zz = np.where(np.abs(z) < 0.05, 0.5, z)
    for name in ("tanh", "relu", "leaky_relu"):
        found.append(diagnose.activation(name, zz, np.asarray(getattr(impl, name)(zz), float)))
        found.append(diagnose.activation_derivative(
            name, zz, np.asarray(getattr(impl, f"{name}_derivative")(zz), float)))
    X, Y = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    params = [rng.normal(size=s) for s in ((3, 4), (1, 4), (4, 2), (1, 2))]
    for activation in ("sigmoid", "tanh", "relu", "leaky_relu"):
        A1, Y_hat = (np.asarray(a, float) for a in impl.feedforward_with_bias(
            X, *params, activation=activation))
        found.append(diagnose.feedforward_with_bias(X, *params, activation, A1, Y_hat))
        grads = [np.asarray(g, float) for g in impl.backprop_with_bias(
            X, Y, *params, activation=activation)]
        found.append(diagnose.backprop_with_bias(X, Y, *params, activation, grads))
    if 7 not in stages_covered(impl):
        return found
    labels = np.array([0, 1, 2, 1, 0, 2])
    X = rng.normal(size=(6, 2))
    params = [rng.normal(size=s) for s in ((2, 5), (1, 5), (5, 3), (1, 3))]
    Z = rng.normal(size=(6, 3))
    found.append(diagnose.softmax(Z, np.asarray(impl.softmax(Z), float)))
    P = classifier.softmax(Z)
    found.append(diagnose.cross_entropy(P, labels, float(impl.cross_entropy(P, labels))))
    A1, P = (np.asarray(a, float) for a in impl.forward_classifier(X, *params))
    found.append(diagnose.forward_classifier(X, *params, A1, P))
    grads = [np.asarray(g, float) for g in impl.backprop_classifier(X, labels, *params)]
    found.append(diagnose.backprop_classifier(X, labels, *params, grads))
    found.append(diagnose.predict(P, np.asarray(impl.predict(X, *params))))
    predicted = labels[::-1].copy()
    found.append(diagnose.accuracy(predicted, labels, float(impl.accuracy(predicted, labels))))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("label, source", CORRECT, ids=[c[0] for c in CORRECT])
def test_correct_code_is_never_diagnosed(label, source):
    impl = source if isinstance(source, types.ModuleType) else load_sample(source)
    if source in CORRECT_SAMPLES[3:]:  # a stage 6-7 notebook alone: the rest from the reference
        impl = types.SimpleNamespace(**{**vars(REFERENCE), **vars(impl)})
    found = [d for d in diagnoses_of(impl, np.random.default_rng(7)) if d is not None]
    assert found == []
    results = run_checks(impl, stages=stages_covered(impl), seed=5)
    assert [(r.name, r.mistake) for r in results if not r.passed or r.mistake] == []


def test_probes_are_silent_on_right_values():
    rng = np.random.default_rng(0)
    for shape in ((7,), (3, 4), ()):
        x = rng.normal(size=shape)
        assert probes.values("x", x, x.copy(), n=3, z=x) is None
    losses = np.linspace(3.0, 1.0, 9)
    assert learning.parting(losses, losses.copy()) is None
    W = [rng.normal(size=(3, 4)), rng.normal(size=(4, 1))]
    grads = [rng.normal(size=w.shape) for w in W]
    after = [w - 0.3 * g for w, g in zip(W, grads, strict=True)]
    assert learning.first_step(("W1", "W2"), W, after, grads, 0.3) is None


def test_extension_references_are_not_diagnosed():
    """The reference's own stage 6 activations give no diagnosis (a guard for the probes)."""
    z = np.array([-2.0, -0.5, 0.3, 1.7, 4.0])
    for name in ("tanh", "relu", "leaky_relu"):
        assert diagnose.activation(name, z, getattr(more_activations, name)(z)) is None
