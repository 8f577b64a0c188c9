"""train that applies the learning rate to W1 only: W2 -= dW2."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
)

MISTAKE = "wrong_step_size"
STAGE = 5


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = np.array(W1, dtype=np.float64), np.array(W2, dtype=np.float64)
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1
        W2 -= dW2
    return W1, W2, np.array(losses)
