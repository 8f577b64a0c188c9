"""The reference solution is correct: gradients, training, stability, contracts."""

import warnings

import numpy as np
import pytest

from course_data import X, Y, load_initial_weights, make_weights
from solutions import (
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)


def numerical_gradient(f, W: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central differences (f(W + h e) - f(W - h e)) / 2h for every entry of W."""
    grad = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        old = W[idx]
        W[idx] = old + h
        up = f()
        W[idx] = old - h
        down = f()
        W[idx] = old
        grad[idx] = (up - down) / (2 * h)
    return grad


def rel_error(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """CS231n's relative error |a - b| / max(|a| + |b|, tiny), entry by entry."""
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12)


CASES = [
    ("course data", X, Y, *load_initial_weights()),
    ("n=7 d=5 h=6 o=2", *(lambda r: (r.normal(size=(7, 5)), r.random((7, 2)),
                                      r.normal(size=(5, 6)), r.normal(size=(6, 2))))(
        np.random.default_rng(1))),
    ("n=1 d=2 h=3 o=1", *(lambda r: (r.normal(size=(1, 2)), r.random((1, 1)),
                                      r.normal(size=(2, 3)), r.normal(size=(3, 1))))(
        np.random.default_rng(2))),
]


@pytest.mark.parametrize("name, X_, Y_, W1, W2", CASES, ids=[c[0] for c in CASES])
def test_backprop_matches_central_differences(name, X_, Y_, W1, W2):
    W1, W2 = W1.copy(), W2.copy()
    dW1, dW2 = backprop(X_, Y_, W1, W2)
    loss = lambda: sse_loss(feedforward(X_, W1, W2)[1], Y_)  # noqa: E731
    assert dW1.shape == W1.shape and dW2.shape == W2.shape
    # Threshold 1e-7 on every entry; entries that are ~0 in both are compared absolutely.
    for analytic, W in ((dW1, W1), (dW2, W2)):
        numeric = numerical_gradient(loss, W)
        err = rel_error(analytic, numeric)
        tiny = (np.abs(analytic) < 1e-9) & (np.abs(numeric) < 1e-9)
        assert np.all(err[~tiny] < 1e-7), f"max relative error {err.max():.2e}"


@pytest.mark.parametrize("lr", [1.0, 0.5])
def test_loss_strictly_decreases_on_course_weights(lr):
    _, _, losses = train(X, Y, *load_initial_weights(), iterations=1500, learning_rate=lr)
    assert losses.shape == (1500,)
    assert np.all(np.diff(losses) < 0)


def test_course_weights_reach_the_seed_result():
    W1, W2, losses = train(X, Y, *load_initial_weights())
    Y_hat = feedforward(X, W1, W2)[1]
    assert 1.0 < losses[0] < 1.6
    assert sse_loss(Y_hat, Y) < 0.01
    np.testing.assert_array_equal(np.round(Y_hat), Y)


@pytest.mark.slow
def test_loss_never_rises_over_200_random_initialisations():
    rng = np.random.default_rng(2026)
    worst = -np.inf
    for _ in range(200):
        W1, W2 = rng.random((3, 4)), rng.random((4, 1))
        _, _, losses = train(X, Y, W1, W2, iterations=1500, learning_rate=1.0)
        worst = max(worst, np.diff(losses).max())
    assert worst <= 1e-9, f"the loss rose by {worst:.3e} in one step"


def seed_style_training(W1, W2, iterations):
    """The seed article's update form: weights += dot(..., 2*(y - output) * a*(1 - a))."""
    w1, w2 = W1.copy(), W2.copy()
    for _ in range(iterations):
        layer1 = sigmoid(X @ w1)
        output = sigmoid(layer1 @ w2)
        delta2 = 2 * (Y - output) * output * (1 - output)
        d_w2 = np.dot(layer1.T, delta2)
        d_w1 = np.dot(X.T, np.dot(delta2, w2.T) * layer1 * (1 - layer1))
        w1 += d_w1
        w2 += d_w2
    return w1, w2


def test_seed_update_form_gives_the_same_trajectory():
    W1, W2 = load_initial_weights()
    for iterations in (1, 10, 1500):
        a1, a2 = seed_style_training(W1, W2, iterations)
        b1, b2, _ = train(X, Y, W1, W2, iterations=iterations, learning_rate=1.0)
        np.testing.assert_allclose(a1, b1, rtol=0, atol=1e-10)
        np.testing.assert_allclose(a2, b2, rtol=0, atol=1e-10)


def test_neural_network_class_follows_the_same_trajectory():
    W1, W2 = load_initial_weights()
    nn = NeuralNetwork(X, Y)
    assert nn.weights1.shape == (3, 4) and nn.weights2.shape == (4, 1)
    assert nn.output.shape == (4, 1)
    nn.weights1, nn.weights2 = W1.copy(), W2.copy()
    for _ in range(1500):
        nn.feedforward()
        nn.backprop()
    b1, b2, _ = train(X, Y, W1, W2)
    np.testing.assert_allclose(nn.weights1, b1, atol=1e-12)
    np.testing.assert_allclose(nn.weights2, b2, atol=1e-12)


@pytest.mark.parametrize("shape", [(), (5,), (2, 3), (2, 3, 4)])
def test_sigmoid_keeps_shape(shape):
    z = np.random.default_rng(0).normal(size=shape) * 10
    assert sigmoid(z).shape == shape
    assert sigmoid_derivative(z).shape == shape


def test_sigmoid_is_stable_at_extremes():
    z = np.array([-1000.0, -745.0, -50.0, 0.0, 50.0, 745.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, ds = sigmoid(z), sigmoid_derivative(z)
        f = sigmoid(-1000.0), sigmoid(1000.0)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    assert float(f[0]) == 0.0 and float(f[1]) == 1.0


def test_sigmoid_accepts_python_floats():
    assert float(sigmoid(0.0)) == 0.5
    assert abs(float(sigmoid_derivative(0.0)) - 0.25) < 1e-15


def test_sigmoid_matches_the_textbook_formula():
    z = np.linspace(-30, 30, 1001)
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-13)


def test_train_leaves_inputs_unchanged():
    W1, W2 = load_initial_weights()
    args = [a.copy() for a in (X, Y, W1, W2)]
    train(*args, iterations=20)
    for before, after in zip((X, Y, W1, W2), args, strict=True):
        np.testing.assert_array_equal(before, after)


def test_losses_are_the_loss_before_each_update():
    W1, W2 = load_initial_weights()
    _, _, losses = train(X, Y, W1, W2, iterations=3)
    assert losses[0] == pytest.approx(sse_loss(feedforward(X, W1, W2)[1], Y), rel=1e-15)
    V1, V2, _ = train(X, Y, W1, W2, iterations=2)
    assert losses[2] == pytest.approx(sse_loss(feedforward(X, V1, V2)[1], Y), rel=1e-15)


def test_weights_are_reproducible_from_the_seed():
    from course_data import WEIGHT_SEED

    a, b = load_initial_weights()
    c, d = make_weights(WEIGHT_SEED)
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(b, d)
    assert a.shape == (3, 4) and b.shape == (4, 1)
    assert np.all((a >= 0) & (a < 1)) and np.all((b >= 0) & (b < 1))


def test_course_data_readme_records_the_seed_in_use():
    from pathlib import Path

    from course_data import WEIGHT_SEED

    text = (Path(__file__).parents[1] / "course_data" / "README.md").read_text()
    assert f"WEIGHT_SEED = {WEIGHT_SEED}**" in text
