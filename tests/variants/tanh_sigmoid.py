"""The sigmoid as 0.5 * (1 + tanh(z / 2)) and its slope as 0.25 * (1 - tanh(z / 2)**2)."""

import numpy as np

from solutions import NeuralNetwork  # noqa: F401  (uses the reference's own functions)

STYLE = "sigmoid through tanh; the rest built on it"


def sigmoid(z):
    return 0.5 * (1 + np.tanh(np.asarray(z) / 2))


def sigmoid_derivative(z):
    t = np.tanh(np.asarray(z) / 2)
    return 0.25 * (1 - t * t)


def feedforward(X, W1, W2):
    A1 = sigmoid(np.dot(X, W1))
    return A1, sigmoid(np.dot(A1, W2))


def sse_loss(Y_hat, Y):
    return ((Y - Y_hat) ** 2).sum()


def backprop(X, Y, W1, W2):
    A1, Y_hat = feedforward(X, W1, W2)
    delta2 = 2 * (Y_hat - Y) * Y_hat * (1 - Y_hat)
    delta1 = np.dot(delta2, W2.T) * A1 * (1 - A1)
    return np.dot(X.T, delta1), np.dot(A1.T, delta2)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = np.copy(W1), np.copy(W2)
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1
        W2 -= learning_rate * dW2
    return W1, W2, np.array(losses)
