"""The reference solutions of stages 6 (activations, biases) and 7 (softmax classifier)."""

import warnings

import numpy as np
import pytest

from course_data import X, Y, load_initial_weights
from course_data.moons import classifier_weights, generate, load_moons
from solutions.bias_network import backprop_with_bias, feedforward_with_bias, train_with_bias
from solutions.classifier import (
    accuracy,
    backprop_classifier,
    cross_entropy,
    forward_classifier,
    predict,
    softmax,
    train_classifier,
)
from solutions.loss import sse_loss
from solutions.more_activations import (
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    tanh,
    tanh_derivative,
)
from tests.test_reference import numerical_gradient, rel_error

PAIRS = [(tanh, tanh_derivative), (relu, relu_derivative), (leaky_relu, leaky_relu_derivative)]


@pytest.mark.parametrize("f, df", PAIRS, ids=["tanh", "relu", "leaky_relu"])
def test_activation_derivatives_match_central_differences(f, df):
    z = np.random.default_rng(0).normal(size=(5, 4)) * 3
    z = z[np.abs(z) > 1e-3]  # away from relu's kink at 0, where no derivative exists
    h = 1e-6
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(df(z), numeric, rtol=1e-6, atol=1e-9)


def test_kinks_take_the_documented_value():
    assert relu_derivative(0.0) == 0.0
    assert leaky_relu_derivative(0.0, alpha=0.1) == 0.1
    np.testing.assert_array_equal(leaky_relu(np.array([-2.0, 3.0]), alpha=0.1), [-0.2, 3.0])
    assert relu(np.zeros((2, 3, 1))).shape == (2, 3, 1)


def assert_gradients_match(loss, params, grads):
    for P, G in zip(params, grads, strict=True):
        assert G.shape == P.shape
        numeric = numerical_gradient(loss, P)
        err = rel_error(G, numeric)
        tiny = (np.abs(G) < 1e-9) & (np.abs(numeric) < 1e-9)
        assert np.all(err[~tiny] < 1e-6), f"max relative error {err.max():.2e}"


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu"])
def test_backprop_with_bias_matches_central_differences(activation):
    rng = np.random.default_rng(3)
    Xr, Yr = rng.normal(size=(6, 3)), rng.random((6, 2))
    params = [rng.normal(size=s) for s in ((3, 5), (1, 5), (5, 2), (1, 2))]
    loss = lambda: sse_loss(  # noqa: E731
        feedforward_with_bias(Xr, *params, activation=activation)[1], Yr)
    assert_gradients_match(loss, params, backprop_with_bias(Xr, Yr, *params, activation))


def test_bias_network_with_zero_bias_is_the_stage_5_network():
    from solutions import backprop, feedforward

    W1, W2 = load_initial_weights()
    b1, b2 = np.zeros((1, 4)), np.zeros((1, 1))
    np.testing.assert_allclose(feedforward_with_bias(X, W1, b1, W2, b2)[1],
                               feedforward(X, W1, W2)[1], rtol=1e-15)
    dW1, _, dW2, _ = backprop_with_bias(X, Y, W1, b1, W2, b2)
    r1, r2 = backprop(X, Y, W1, W2)
    np.testing.assert_allclose(dW1, r1, rtol=1e-14)
    np.testing.assert_allclose(dW2, r2, rtol=1e-14)


def test_learning_rate_too_small_is_slow_and_moderate_converges():
    W1, W2 = load_initial_weights()
    b1, b2 = np.zeros((1, 4)), np.zeros((1, 1))
    final = {lr: train_with_bias(X, Y, W1, b1, W2, b2, learning_rate=lr)[-1][-1]
             for lr in (0.01, 1.0)}
    assert final[1.0] < 0.01 < 0.5 < final[0.01]


def test_softmax_is_stable_and_rows_sum_to_one():
    Z = np.array([[1000.0, 0.0], [-1000.0, 1000.0], [3.0, 3.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        P = softmax(Z)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    np.testing.assert_allclose(P, [[1, 0], [0, 1], [0.5, 0.5]])


def test_classifier_gradients_match_central_differences():
    rng = np.random.default_rng(4)
    Xr, labels = rng.normal(size=(7, 2)), rng.integers(0, 3, size=7)
    params = [rng.normal(size=s) for s in ((2, 5), (1, 5), (5, 3), (1, 3))]
    loss = lambda: cross_entropy(forward_classifier(Xr, *params)[1], labels)  # noqa: E731
    assert_gradients_match(loss, params, backprop_classifier(Xr, labels, *params))


def test_shipped_moons_are_the_generated_ones():
    for shipped, generated in zip(load_moons(), generate(), strict=True):
        np.testing.assert_allclose(shipped, generated, atol=1e-6)


def test_classifier_beats_the_accuracy_floor_with_margin_and_a_line_cannot():
    X_tr, y_tr, X_te, y_te = load_moons()
    *params, losses = train_classifier(X_tr, y_tr, *classifier_weights())
    assert np.all(np.diff(losses) < 1e-12)
    assert accuracy(predict(X_te, *params), y_te) >= 0.90
    # Without a useful hidden layer (a linear softmax model), the moons are not separable.
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(2, 2)) * 0.1, np.zeros((1, 2))
    for _ in range(2000):
        P = softmax(X_tr @ W + b)
        G = (P - np.eye(2)[y_tr]) / len(y_tr)
        W -= 0.5 * X_tr.T @ G
        b -= 0.5 * G.sum(axis=0, keepdims=True)
    linear = accuracy(np.argmax(X_te @ W + b, axis=1), y_te)
    assert linear < 0.90 <= accuracy(predict(X_te, *params), y_te)
