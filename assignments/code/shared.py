"""Pieces of code that several cells include, written once (format: README.md).

A cell includes them by name, ``from .shared import loss_at, numerical_gradient``: the
notebook gets their code at that place.
"""

# Not in a notebook: what the pieces take from the cell that includes them.
import numpy as np

X_t = Y_t = np.empty(0)  # a check cell's test inputs and targets


# %% loss_at part
def loss_at(W1, W2):
    """The loss of the test network, written out with numpy only."""
    A1 = 1.0 / (1.0 + np.exp(-(X_t @ W1)))
    Y_hat = 1.0 / (1.0 + np.exp(-(A1 @ W2)))
    return np.sum((Y_t - Y_hat) ** 2)


# %% numerical_gradient part
def numerical_gradient(W, loss_of_W, eps=1e-5):
    """Central differences (L(W + eps) - L(W - eps)) / (2 * eps), one entry of W at a time."""
    grad = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[index] = eps
        grad[index] = (loss_of_W(W + step) - loss_of_W(W - step)) / (2 * eps)
    return grad
