"""train that fills a preallocated losses array but loops one iteration short."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
)

MISTAKE = "last_loss_wrong"
STAGE = 5


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = np.array(W1, dtype=np.float64), np.array(W2, dtype=np.float64)
    losses = np.zeros(iterations)
    for i in range(iterations - 1):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1
        W2 -= learning_rate * dW2
    return W1, W2, losses
