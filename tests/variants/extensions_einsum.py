"""Stages 6-7 with einsum, log-sum-exp softmax, heaviside, tanh from the sigmoid."""

import numpy as np

from tests.variants.einsum import (  # noqa: F401  (stages 1-5 written with einsum)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

STYLE = ("stages 6-7 with einsum: tanh = 2 sigmoid(2z) - 1, relu' = heaviside (0.5 at the "
         "kink), log-sum-exp softmax, one-hot targets by comparison, tuple of lists returned")


def tanh(z):
    return 2.0 * sigmoid(2.0 * np.asarray(z, dtype=float)) - 1.0


def tanh_derivative(z):
    return 1.0 - tanh(z) ** 2


def relu(z):
    z = np.asarray(z, dtype=float)
    return z * (z > 0)


def relu_derivative(z):
    return np.heaviside(np.asarray(z, dtype=float), 0.5)


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, alpha * z)  # alpha < 1


def leaky_relu_derivative(z, alpha=0.01):
    return alpha + (1.0 - alpha) * np.heaviside(np.asarray(z, dtype=float), 1.0)


FUNCTIONS = {"sigmoid": (sigmoid, sigmoid_derivative), "tanh": (tanh, tanh_derivative),
             "relu": (relu, relu_derivative), "leaky_relu": (leaky_relu, leaky_relu_derivative)}


def feedforward_with_bias(X, W1, b1, W2, b2, activation="sigmoid"):
    f = FUNCTIONS[activation][0]
    A1 = f(np.einsum("nd,dh->nh", X, W1) + b1)
    return A1, sigmoid(np.einsum("nh,ho->no", A1, W2) + b2)


def backprop_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid"):
    f, df = FUNCTIONS[activation]
    Z1 = np.einsum("nd,dh->nh", X, W1) + b1
    A1 = f(Z1)
    Z2 = np.einsum("nh,ho->no", A1, W2) + b2
    dZ2 = -2 * (Y - sigmoid(Z2)) * sigmoid_derivative(Z2)
    dZ1 = np.einsum("no,ho->nh", dZ2, W2) * df(Z1)
    return (np.einsum("nd,nh->dh", X, dZ1), np.einsum("nh->h", dZ1)[None, :],
            np.einsum("nh,no->ho", A1, dZ2), np.einsum("no->o", dZ2)[None, :])


def train_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid", learning_rate=1.0,
                    iterations=1500):
    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward_with_bias(X, W1, b1, W2, b2, activation)[1], Y))
        dW1, db1, dW2, db2 = backprop_with_bias(X, Y, W1, b1, W2, b2, activation)
        W1, b1 = W1 - learning_rate * dW1, b1 - learning_rate * db1
        W2, b2 = W2 - learning_rate * dW2, b2 - learning_rate * db2
    return [W1, b1, W2, b2, losses]


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    m = Z.max(axis=1, keepdims=True)
    log_total = m + np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
    return np.exp(Z - log_total)


def one_hot(labels, k):
    return (np.asarray(labels)[:, None] == np.arange(k)[None, :]).astype(float)


def cross_entropy(P, labels):
    T = one_hot(labels, P.shape[1])
    return -np.einsum("nk,nk->", T, np.log(P)) / P.shape[0]


def forward_classifier(X, W1, b1, W2, b2):
    A1 = np.tanh(np.einsum("nd,dh->nh", X, W1) + b1)
    return A1, softmax(np.einsum("nh,hk->nk", A1, W2) + b2)


def backprop_classifier(X, labels, W1, b1, W2, b2):
    A1, P = forward_classifier(X, W1, b1, W2, b2)
    dZ2 = (P - one_hot(labels, W2.shape[1])) / X.shape[0]
    dZ1 = np.einsum("nk,hk->nh", dZ2, W2) * (1 - A1**2)
    return (np.einsum("nd,nh->dh", X, dZ1), dZ1.sum(axis=0)[None, :],
            np.einsum("nh,nk->hk", A1, dZ2), dZ2.sum(axis=0)[None, :])


def train_classifier(X, labels, W1, b1, W2, b2, learning_rate=0.5, iterations=2000):
    params = tuple(np.array(p, dtype=float) for p in (W1, b1, W2, b2))
    losses = []
    for _ in range(iterations):
        losses.append(cross_entropy(forward_classifier(X, *params)[1], labels))
        grads = backprop_classifier(X, labels, *params)
        params = tuple(p - learning_rate * g for p, g in zip(params, grads, strict=True))
    return (*params, losses)


def predict(X, W1, b1, W2, b2):
    return forward_classifier(X, W1, b1, W2, b2)[1].argmax(axis=1)


def accuracy(predicted, labels):
    return float(np.count_nonzero(np.asarray(predicted) == np.asarray(labels)) / len(labels))
