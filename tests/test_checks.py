"""The check registry and runner: reference full marks, stubs zero, robustness, determinism."""

import types
import warnings

import numpy as np
import pytest

import solutions
from autograder.checks import REGISTRY, CheckFailure, register
from autograder.checks.base import as_array, as_number
from autograder.checks.runner import CheckResult, checks_for_stage, max_points, run_checks
from autograder.contract import ALL_NAMES, CORE_STAGES, NAMES, reference
from autograder.nbgrader.hook import points, run
from solutions import bias_network, classifier, more_activations
from tests.mistakes import catalogue

#: The core stages' names (stages 1-5), NeuralNetwork last.
CONTRACT = ["sigmoid", "sigmoid_derivative", "feedforward", "sse_loss", "backprop", "train",
            "NeuralNetwork"]
#: Every function of the contract (stages 1-7), without the NeuralNetwork class.
FUNCTIONS = [name for name in ALL_NAMES if name != "NeuralNetwork"]
REFERENCE = reference()
ref_sigmoid = solutions.sigmoid


def reference_with(**overrides) -> types.SimpleNamespace:
    """The reference's names with some replaced (a hand-made wrong implementation)."""
    names = dict(vars(REFERENCE))
    names.update(overrides)
    return types.SimpleNamespace(**names, _stages=tuple(
        stage for stage, stage_names in NAMES.items() if set(overrides) & set(stage_names)))


def not_implemented(*args, **kwargs):
    raise NotImplementedError


class StubNetwork:
    def __init__(self, x, y):
        raise NotImplementedError

    feedforward = backprop = not_implemented


STUB = types.SimpleNamespace(**{name: not_implemented for name in FUNCTIONS},
                             NeuralNetwork=StubNetwork)


# --- hand-made wrong implementations for the checks no catalogued mistake trips --------

def feedforward_batch_centred(X, W1, W2):
    Z1 = X @ W1
    A1 = ref_sigmoid(Z1 - Z1.mean(axis=0))  # couples the samples
    return A1, ref_sigmoid(A1 @ W2)


def feedforward_scales_x_in_place(X, W1, W2):
    X /= np.abs(X).max()
    return solutions.feedforward(X, W1, W2)


def backprop_aliases_y(X, Y, W1, W2):
    A1, Y_hat = solutions.feedforward(X, W1, W2)
    error = Y
    error -= Y_hat  # modifies the caller's Y
    dZ2 = -2 * error * Y_hat * (1 - Y_hat)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, A1.T @ dZ2


def train_in_place(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    losses = []
    for _ in range(iterations):
        losses.append(solutions.sse_loss(solutions.feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = solutions.backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1  # the caller's arrays
        W2 -= learning_rate * dW2
    return W1, W2, losses


class NetworkHardWired(solutions.NeuralNetwork):
    def __init__(self, x, y):
        super().__init__(x, y)
        self.weights1 = np.random.rand(3, 4)  # ignores the number of features


class NetworkNoOutputSigmoid(solutions.NeuralNetwork):
    def feedforward(self):
        self.layer1 = ref_sigmoid(self.input @ self.weights1)
        self.output = self.layer1 @ self.weights2


def ref_bias_forward(*args, **kwargs):
    return bias_network.feedforward_with_bias(*args, **kwargs)


def relu_derivative_divides(z):
    z = np.asarray(z, dtype=float)
    return more_activations.relu(z) / z  # NaN at the kink


def train_with_bias_in_place(X, Y, W1, b1, W2, b2, activation="sigmoid", learning_rate=1.0,
                             iterations=1500):
    losses = []
    for _ in range(iterations):
        losses.append(solutions.sse_loss(ref_bias_forward(X, W1, b1, W2, b2, activation)[1], Y))
        grads = bias_network.backprop_with_bias(X, Y, W1, b1, W2, b2, activation)
        for p, g in zip((W1, b1, W2, b2), grads, strict=True):
            p -= learning_rate * g  # the caller's arrays
    return W1, b1, W2, b2, losses


def backprop_with_bias_sigmoid_always(X, Y, W1, b1, W2, b2, activation="sigmoid"):
    f = bias_network.ACTIVATIONS[activation][0]
    Z1 = X @ W1 + b1
    A1 = f(Z1)
    Z2 = A1 @ W2 + b2
    dZ2 = -2 * (Y - ref_sigmoid(Z2)) * solutions.sigmoid_derivative(Z2)
    dZ1 = dZ2 @ W2.T * solutions.sigmoid_derivative(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), A1.T @ dZ2, dZ2.sum(axis=0, keepdims=True)


def forward_classifier_sigmoid(X, W1, b1, W2, b2):
    A1 = ref_sigmoid(X @ W1 + b1)
    return A1, classifier.softmax(A1 @ W2 + b2)


def forward_classifier_centres_x(X, W1, b1, W2, b2):
    X -= X.mean(axis=0)  # the caller's X
    return classifier.forward_classifier(X + X.mean(axis=0), W1, b1, W2, b2)


def train_classifier_losses_after(X, labels, W1, b1, W2, b2, learning_rate=0.5,
                                  iterations=2000):
    *params, _ = classifier.train_classifier(X, labels, W1, b1, W2, b2, learning_rate, 1)
    *params, losses = classifier.train_classifier(X, labels, W1, b1, W2, b2, learning_rate,
                                                  iterations + 1)
    return (*classifier.train_classifier(X, labels, W1, b1, W2, b2, learning_rate,
                                         iterations)[:4], losses[1:])


def train_classifier_hidden_frozen(X, labels, W1, b1, W2, b2, learning_rate=0.5,
                                   iterations=2000):
    W2, b2 = W2.copy(), b2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(classifier.cross_entropy(
            classifier.forward_classifier(X, W1, b1, W2, b2)[1], labels))
        _, _, dW2, db2 = classifier.backprop_classifier(X, labels, W1, b1, W2, b2)
        W2, b2 = W2 - learning_rate * dW2, b2 - learning_rate * db2
    return W1, b1, W2, b2, losses


def backprop_classifier_flat_biases(*args):
    dW1, db1, dW2, db2 = classifier.backprop_classifier(*args)
    return dW1, db1.ravel(), dW2, db2.ravel()


WRONG = {
    "sigmoid_flattens": reference_with(sigmoid=lambda z: ref_sigmoid(np.ravel(z))),
    "sigmoid_is_tanh": reference_with(sigmoid=np.tanh),
    "sigmoid_shifted": reference_with(sigmoid=lambda z: ref_sigmoid(np.asarray(z) + 0.1)),
    "derivative_flattens": reference_with(
        sigmoid_derivative=lambda z: solutions.sigmoid_derivative(np.ravel(z))),
    "feedforward_batch_centred": reference_with(feedforward=feedforward_batch_centred),
    "feedforward_scales_x_in_place": reference_with(feedforward=feedforward_scales_x_in_place),
    "loss_cross_entropy": reference_with(
        sse_loss=lambda Y_hat, Y: float(-np.sum(Y * np.log(Y_hat)))),
    "backprop_returns_dict": reference_with(
        backprop=lambda X, Y, W1, W2: dict(enumerate(solutions.backprop(X, Y, W1, W2)))),
    "backprop_swapped": reference_with(
        backprop=lambda X, Y, W1, W2: solutions.backprop(X, Y, W1, W2)[::-1]),
    "backprop_aliases_y": reference_with(backprop=backprop_aliases_y),
    "train_returns_losses_only": reference_with(
        train=lambda *a, **k: solutions.train(*a, **k)[2]),
    "train_in_place": reference_with(train=train_in_place),
    "network_hard_wired": reference_with(NeuralNetwork=NetworkHardWired),
    "network_no_output_sigmoid": reference_with(NeuralNetwork=NetworkNoOutputSigmoid),
    # stage 6
    "tanh_is_sigmoid": reference_with(tanh=ref_sigmoid),
    "relu_is_abs": reference_with(relu=np.abs),
    "leaky_relu_fixed_alpha": reference_with(
        leaky_relu=lambda z, alpha=0.01: more_activations.leaky_relu(z)),
    "leaky_relu_derivative_is_relu_s": reference_with(
        leaky_relu_derivative=lambda z, alpha=0.01: more_activations.relu_derivative(z)),
    "relu_derivative_divides": reference_with(relu_derivative=relu_derivative_divides),
    "feedforward_with_bias_swapped": reference_with(
        feedforward_with_bias=lambda *a, **k: ref_bias_forward(*a, **k)[::-1]),
    "feedforward_with_bias_no_biases": reference_with(
        feedforward_with_bias=lambda X, W1, b1, W2, b2, activation="sigmoid":
        ref_bias_forward(X, W1, 0 * b1, W2, 0 * b2, activation)),
    "backprop_with_bias_sigmoid_always": reference_with(
        backprop_with_bias=backprop_with_bias_sigmoid_always),
    "train_with_bias_no_biases_returned": reference_with(
        train_with_bias=lambda *a, **k: bias_network.train_with_bias(*a, **k)[::2]),
    "train_with_bias_in_place": reference_with(train_with_bias=train_with_bias_in_place),
    # stage 7
    "forward_classifier_sigmoid": reference_with(forward_classifier=forward_classifier_sigmoid),
    "forward_classifier_centres_x": reference_with(
        forward_classifier=forward_classifier_centres_x),
    "predict_argmin": reference_with(
        predict=lambda *a: np.argmin(classifier.forward_classifier(*a)[1], axis=1)),
    "backprop_classifier_flat_biases": reference_with(
        backprop_classifier=backprop_classifier_flat_biases),
    "train_classifier_losses_only": reference_with(
        train_classifier=lambda *a, **k: classifier.train_classifier(*a, **k)[-1]),
    "train_classifier_losses_after": reference_with(
        train_classifier=train_classifier_losses_after),
    "train_classifier_hidden_frozen": reference_with(
        train_classifier=train_classifier_hidden_frozen),
}


@pytest.fixture(scope="module")
def failures_by_check() -> dict[str, list[str]]:
    """check name -> the wrong implementations (catalogue and hand-made) that fail it."""
    found: dict[str, list[str]] = {check.name: [] for check in REGISTRY}
    impls = {m.MISTAKE: m for m in catalogue()} | WRONG
    for label, impl in impls.items():
        stages = getattr(impl, "_stages", None) or [impl.STAGE]  # the rest keeps full marks
        for result in run_checks(impl, stages=stages, seed=3):
            if not result.passed:
                found[result.name].append(label)
    return found


def test_registry_is_well_formed():
    names = [check.name for check in REGISTRY]
    assert len(names) == len(set(names))
    assert [c.stage for c in REGISTRY] == sorted(c.stage for c in REGISTRY)
    assert sorted({c.stage for c in REGISTRY}) == sorted(NAMES)
    for stage in NAMES:
        checks = checks_for_stage(stage)
        assert {c.visibility for c in checks} == {"visible", "hidden"}, stage
        assert max_points(stage) == sum(c.points for c in checks) >= 5
        assert all(c.description for c in checks)


@pytest.mark.parametrize("seed", [0, *(pytest.param(seed, marks=pytest.mark.sweep)
                                  for seed in (1, 12345, 2**40 + 7))])
def test_reference_earns_full_marks(seed):
    results = run_checks(REFERENCE, seed=seed)
    assert len(results) == len(REGISTRY)
    failed = [(r.name, r.message) for r in results if not r.passed]
    assert failed == []
    assert all(r.points == r.max_points and r.mistake is None for r in results)


@pytest.mark.slow
def test_reference_full_marks_on_many_seeds():
    """Tolerances leave room: 30 more seeds for stages 1-5, 10 for the slower stages 6-7."""
    for seed in range(100, 130):
        assert all(r.passed for r in run_checks(REFERENCE, stages=CORE_STAGES, seed=seed)), seed
    for seed in range(100, 110):
        assert all(r.passed for r in run_checks(REFERENCE, stages=(6, 7), seed=seed)), seed


def test_stubs_earn_zero_with_not_implemented_messages():
    results = run_checks(STUB)
    assert sum(r.points for r in results) == 0
    for r in results:
        assert r.message.endswith("is not implemented yet"), (r.name, r.message)
        assert "Traceback" not in r.message
        assert r.mistake == "not_implemented"


@pytest.mark.slow
def test_every_check_fails_on_some_wrong_implementation(failures_by_check):
    never = [name for name, impls in failures_by_check.items() if not impls]
    assert never == [], f"checks no wrong implementation fails: {never}"


@pytest.mark.parametrize("label", sorted(WRONG))
def test_hand_made_wrong_implementations_lose_points(label):
    results = run_checks(WRONG[label], stages=WRONG[label]._stages)
    assert sum(r.points for r in results) < sum(r.max_points for r in results)


def const(value):
    return lambda *args, **kwargs: value


class LyingFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class LyingArray(np.ndarray):
    pass


class ArrayLike:
    def __init__(self, value):
        self.value = value

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.value)


@pytest.mark.parametrize("value, words", [
    (None, "None"),
    ([1.0, 2.0], "shape"),
    ("abc", "the string 'abc'"),
    (float("nan"), "nan"),
    (np.full((4, 1), np.nan), "array of shape (4, 1)"),
    (object(), "type object"),
    (LyingFloat(0.5), "type LyingFloat"),
    (np.zeros(3).view(LyingArray), "type LyingArray"),
    (ArrayLike(0.5), "type ArrayLike"),
    ({"a": 1}, "dict"),
])
def test_runner_survives_bad_return_values(value, words):
    impl = types.SimpleNamespace(**{name: const(value) for name in FUNCTIONS})
    results = run_checks(impl)
    assert all(isinstance(r, CheckResult) for r in results)
    assert sum(r.points for r in results) == 0
    assert any(words.lower() in r.message.lower() for r in results), [r.message for r in results]


def test_runner_reports_exceptions_and_missing_names():
    def boom(*args, **kwargs):
        raise ValueError("shapes (4,3) and (4,1) not aligned")

    results = run_checks(types.SimpleNamespace(**{name: boom for name in ALL_NAMES}))
    assert sum(r.points for r in results) == 0
    assert results[0].message == "`sigmoid` raised ValueError: shapes (4,3) and (4,1) not aligned"
    assert any("`backprop` raised ValueError" in r.message for r in results)
    assert any("`backprop_classifier` raised ValueError" in r.message for r in results)
    results = run_checks(types.SimpleNamespace())
    assert results[0].message == "`sigmoid` is not defined"
    core = [r for r in results if r.stage in CORE_STAGES]
    assert core[-1].message == "`NeuralNetwork` is not defined"
    assert results[-1].message.endswith("is not defined")
    assert {r.mistake for r in results} == {"not_defined"}


def test_runner_survives_endless_recursion():
    def recurse(z):
        return recurse(z)

    result = run_checks(reference_with(sigmoid=recurse), stages=[1])[0]
    assert not result.passed and "`sigmoid` raised RecursionError" in result.message


def test_runner_survives_exit_in_student_code():
    def leave(*args, **kwargs):
        raise SystemExit(3)

    results = run_checks(reference_with(sse_loss=leave), stages=[3])
    assert [r.passed for r in results] == [False] * len(results)
    assert results[0].message.startswith("`sse_loss` raised SystemExit")


def test_numpy_warnings_never_cost_points():
    def noisy_sigmoid(z):
        return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))  # overflows at z = -1000

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        results = run_checks(reference_with(sigmoid=noisy_sigmoid), stages=[1])
    assert all(r.passed for r in results), [r.message for r in results if not r.passed]


class Recorder:
    """The reference, remembering every array it was given."""

    def __init__(self):
        self.seen: list[np.ndarray] = []
        for name in CONTRACT[:-1]:
            setattr(self, name, self._wrap(getattr(solutions, name)))
        self.NeuralNetwork = solutions.NeuralNetwork

    def _wrap(self, func):
        def wrapper(*args, **kwargs):
            self.seen += [a.copy() for a in args if isinstance(a, np.ndarray)]
            return func(*args, **kwargs)
        return wrapper


def test_same_seed_same_inputs_different_seed_different_inputs():
    a, b, c = Recorder(), Recorder(), Recorder()
    run_checks(a, stages=[2, 4], seed=7)
    run_checks(b, stages=[2, 4], seed=7)
    run_checks(c, stages=[2, 4], seed=8)
    assert len(a.seen) == len(b.seen) and all(
        np.array_equal(x, y) for x, y in zip(a.seen, b.seen, strict=True))
    assert not all(np.array_equal(x, y) for x, y in zip(a.seen, c.seen, strict=False))


def test_results_do_not_depend_on_which_checks_run():
    impl = next(m for m in catalogue() if m.MISTAKE == "factor_2_missing")
    alone = run_checks(impl, stages=[4], seed=11)
    together = [r for r in run_checks(impl, seed=11) if r.stage == 4]
    assert alone == together


def test_strict_coercion():
    assert as_array([[1, 2], [3, 4]], "x").dtype == np.float64
    assert as_number(np.float32(0.5), "x") == 0.5
    assert as_number(np.array(2.0), "x") == 2.0
    for bad in (True, LyingFloat(1.0), np.array([1 + 2j]), np.array(["a"]), [1, [2]]):
        with pytest.raises(CheckFailure):
            as_array(bad, "x")
    with pytest.raises(CheckFailure, match="single number"):
        as_number(np.zeros(2), "x")


def test_register_rejects_bad_arguments():
    with pytest.raises(ValueError):
        register(stage=1, points=1, visibility="secret")
    with pytest.raises(ValueError):
        register(stage=0, points=1)
    with pytest.raises(ValueError, match="already registered"):
        register(stage=1, points=1)(REGISTRY[0].func)


def test_nbgrader_hook(capsys):
    run(vars(solutions), "sigmoid_values", seed=1)
    assert "passed: sigmoid_values" in capsys.readouterr().out
    assert points("backprop_dW1") == 2
    with pytest.raises(AssertionError, match="not implemented yet"):
        run({"sigmoid": not_implemented}, "sigmoid_values")
    run({name: getattr(solutions, name) for name in CONTRACT}, "network_training")
    with pytest.raises(KeyError):
        points("no_such_check")


def test_cached_reference_computes_once_per_input_and_hands_out_copies():
    from autograder.checks.cache import cached_reference

    calls = []

    def train_counting(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
        calls.append(1)
        return solutions.train(X, Y, W1, W2, iterations=iterations,
                               learning_rate=learning_rate)

    X, Y = np.random.default_rng(0).random((4, 3)), np.ones((4, 1))
    W1, W2 = np.full((3, 4), 0.5), np.full((4, 1), 0.5)
    first = cached_reference(train_counting, X, Y, W1, W2, iterations=50)
    first[2][:] = -1.0  # a caller scribbling on its result
    second = cached_reference(train_counting, X, Y, W1.copy(), W2, iterations=50)
    direct = solutions.train(X, Y, W1, W2, iterations=50)
    assert len(calls) == 1
    for got, expected in zip(second, direct, strict=True):
        np.testing.assert_array_equal(got, expected)
    cached_reference(train_counting, X, Y, W1 + 1e-12, W2, iterations=50)  # other bytes
    cached_reference(train_counting, X, Y, W1, W2, iterations=51)  # other arguments
    cached_reference(train_counting, X, Y, W1.astype(np.float32), W2, iterations=50)
    assert len(calls) == 4
    class Sub(np.ndarray):
        pass

    cached_reference(train_counting, X, Y, W1.view(Sub), W2, iterations=50)  # not cached
    cached_reference(train_counting, X, Y, W1.view(Sub), W2, iterations=50)
    assert len(calls) == 6
