"""Stages 6-7 with explicit loops: math.tanh per entry, per-sample sums, softmax per class."""

import math

import numpy as np

from tests.variants.loops import (  # noqa: F401  (stages 1-5 written with loops)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

STYLE = ("stages 6-7 with loops: activations entry by entry, relu' = 1 at the kink, "
         "bias gradients row by row, softmax class by class, Python lists of losses")


def _each(f, z):
    if isinstance(z, (int, float)):
        return f(float(z))
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    for index in np.ndindex(z.shape):
        out[index] = f(float(z[index]))
    return out


def tanh(z):
    return _each(math.tanh, z)


def tanh_derivative(z):
    return _each(lambda v: 1.0 - math.tanh(v) ** 2, z)


def relu(z):
    return _each(lambda v: v if v > 0 else 0.0, z)


def relu_derivative(z):
    return _each(lambda v: 1.0 if v >= 0 else 0.0, z)  # 1 at the kink: also a subgradient


def leaky_relu(z, alpha=0.01):
    return _each(lambda v: v if v > 0 else alpha * v, z)


def leaky_relu_derivative(z, alpha=0.01):
    return _each(lambda v: 1.0 if v >= 0 else alpha, z)


def _functions(activation):
    if activation == "sigmoid":
        return sigmoid, sigmoid_derivative
    if activation == "tanh":
        return tanh, tanh_derivative
    if activation == "relu":
        return relu, relu_derivative
    if activation == "leaky_relu":
        return leaky_relu, leaky_relu_derivative
    raise ValueError(activation)


def _column_sums(M):
    total = np.zeros((1, M.shape[1]))
    for j in range(M.shape[1]):  # one unit at a time, summing over the samples
        total[0, j] = np.sum(M[:, j])
    return total


def feedforward_with_bias(X, W1, b1, W2, b2, activation="sigmoid"):
    f, _ = _functions(activation)
    A1 = f(np.dot(X, W1) + b1)
    return A1, sigmoid(np.dot(A1, W2) + b2)


def backprop_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid"):
    f, df = _functions(activation)
    Z1 = np.dot(X, W1) + b1
    A1 = f(Z1)
    Z2 = np.dot(A1, W2) + b2
    dZ2 = 2 * (sigmoid(Z2) - Y) * sigmoid_derivative(Z2)
    dZ1 = np.dot(dZ2, W2.T) * df(Z1)
    return np.dot(X.T, dZ1), _column_sums(dZ1), np.dot(A1.T, dZ2), _column_sums(dZ2)


def train_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid", learning_rate=1.0,
                    iterations=1500):
    params = [W1.copy(), b1.copy(), W2.copy(), b2.copy()]
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward_with_bias(X, *params, activation=activation)[1], Y))
        grads = backprop_with_bias(X, Y, *params, activation=activation)
        params = [p - learning_rate * g for p, g in zip(params, grads, strict=True)]
    return params[0], params[1], params[2], params[3], losses


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    top = Z[:, 0].copy()
    for j in range(1, Z.shape[1]):  # a loop over the classes, each step for all rows
        top = np.maximum(top, Z[:, j])
    exps = [np.exp(Z[:, j] - top) for j in range(Z.shape[1])]
    total = sum(exps)
    return np.column_stack([e / total for e in exps])


def cross_entropy(P, labels):
    labels = np.asarray(labels)
    total = 0.0
    for c in range(P.shape[1]):  # the samples of each class
        total -= float(np.sum(np.log(P[labels == c, c])))
    return total / len(labels)


def forward_classifier(X, W1, b1, W2, b2):
    A1 = np.tanh(np.dot(X, W1) + b1)
    return A1, softmax(np.dot(A1, W2) + b2)


def backprop_classifier(X, labels, W1, b1, W2, b2):
    n = len(labels)
    A1, P = forward_classifier(X, W1, b1, W2, b2)
    dZ2 = P.copy()
    for c in range(P.shape[1]):
        dZ2[np.asarray(labels) == c, c] -= 1.0
    dZ2 = dZ2 / n
    dZ1 = np.dot(dZ2, W2.T) * (1 - A1 * A1)
    return np.dot(X.T, dZ1), _column_sums(dZ1), np.dot(A1.T, dZ2), _column_sums(dZ2)


def train_classifier(X, labels, W1, b1, W2, b2, learning_rate=0.5, iterations=2000):
    params = [W1.copy(), b1.copy(), W2.copy(), b2.copy()]
    losses = []
    for _ in range(iterations):
        losses.append(cross_entropy(forward_classifier(X, *params)[1], labels))
        grads = backprop_classifier(X, labels, *params)
        params = [p - learning_rate * g for p, g in zip(params, grads, strict=True)]
    return params[0], params[1], params[2], params[3], losses


def predict(X, W1, b1, W2, b2):
    P = forward_classifier(X, W1, b1, W2, b2)[1]
    classes = np.zeros(P.shape[0], dtype=int)
    for i in range(P.shape[0]):
        for j in range(P.shape[1]):
            if P[i, j] > P[i, classes[i]]:
                classes[i] = j
    return classes


def accuracy(predicted, labels):
    right = 0
    for p, t in zip(predicted, labels, strict=True):
        if p == t:
            right += 1
    return right / len(labels)
