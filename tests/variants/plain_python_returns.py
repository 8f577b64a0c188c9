"""Plain Python containers and numpy scalars in the returns: lists, np.float64, tuples."""

import numpy as np

from solutions import NeuralNetwork, sigmoid_derivative  # noqa: F401

STYLE = "returns lists and numpy scalars: [A1, Y_hat], np.float64 losses, a list of losses"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))  # a Python float in gives np.float64 out


def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1)
    return [A1, sigmoid(A1 @ W2)]


def sse_loss(Y_hat, Y):
    return np.sum((Y - Y_hat) ** 2)  # np.float64, not float


def backprop(X, Y, W1, W2):
    A1, Y_hat = feedforward(X, W1, W2)
    dZ2 = 2 * (Y_hat - Y) * Y_hat * (1 - Y_hat)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return [X.T @ dZ1, A1.T @ dZ2]


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1, W2 = W1 - learning_rate * dW1, W2 - learning_rate * dW2
    return [W1, W2, losses]
