"""Training: plain gradient descent on the sum-of-squares loss."""

import numpy as np

from solutions.forward import feedforward
from solutions.gradients import backprop
from solutions.loss import sse_loss


def train(
    X: np.ndarray,
    Y: np.ndarray,
    W1: np.ndarray,
    W2: np.ndarray,
    iterations: int = 1500,
    learning_rate: float = 1.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run `iterations` steps of W -= learning_rate * dW.

    X: (n, d), Y: (n, o), W1: (d, h), W2: (h, o). The inputs are not modified.
    Returns (W1, W2, losses): the trained weights (new arrays, same shapes) and
    losses of shape (iterations,), where losses[i] is the loss before update i.
    """
    W1 = np.array(W1, dtype=np.float64)  # copies: the caller's arrays stay as they were
    W2 = np.array(W2, dtype=np.float64)
    losses = np.empty(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1
        W2 -= learning_rate * dW2
    return W1, W2, losses
