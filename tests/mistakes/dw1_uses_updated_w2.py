"""train updating W2 first and then computing dW1 with the new W2."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
)

MISTAKE = "dw1_uses_updated_w2"
STAGE = 5


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = np.array(W1, dtype=np.float64), np.array(W2, dtype=np.float64)
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        W2 = W2 - learning_rate * backprop(X, Y, W1, W2)[1]
        W1 = W1 - learning_rate * backprop(X, Y, W1, W2)[0]
    return W1, W2, np.array(losses)
