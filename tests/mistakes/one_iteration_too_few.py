"""train looping over range(1, iterations): one step and one loss short."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
)

MISTAKE = "one_iteration_too_few"
STAGE = 5


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = np.array(W1, dtype=np.float64), np.array(W2, dtype=np.float64)
    losses = []
    for _ in range(1, iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1
        W2 -= learning_rate * dW2
    return W1, W2, np.array(losses)
