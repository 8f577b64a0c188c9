"""Backpropagation: the gradient of the loss with respect to each weight matrix."""

import numpy as np

from solutions.activations import sigmoid, sigmoid_derivative


def backprop(
    X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of L = sse_loss(feedforward(X, W1, W2)[1], Y).

    X: (n, d), Y: (n, o), W1: (d, h), W2: (h, o).
    Returns (dW1, dW2) with dW1 of shape (d, h) and dW2 of shape (h, o).

    With Z1 = X @ W1, A1 = sigmoid(Z1), Z2 = A1 @ W2, Y_hat = sigmoid(Z2),
    the chain rule gives, one step at a time:
      dL/dY_hat = -2 (Y - Y_hat)              (n, o)
      dL/dZ2    = dL/dY_hat * sigma'(Z2)      (n, o)
      dL/dW2    = A1.T @ dL/dZ2               (h, o)
      dL/dA1    = dL/dZ2 @ W2.T               (n, h)
      dL/dZ1    = dL/dA1 * sigma'(Z1)         (n, h)
      dL/dW1    = X.T @ dL/dZ1                (d, h)
    """
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    Y_hat = sigmoid(Z2)

    dZ2 = -2.0 * (Y - Y_hat) * sigmoid_derivative(Z2)
    dW2 = A1.T @ dZ2
    dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1)
    dW1 = X.T @ dZ1
    return dW1, dW2
