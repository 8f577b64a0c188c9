"""The forward pass of the two-layer network (no biases)."""

import numpy as np

from solutions.activations import sigmoid


def feedforward(X: np.ndarray, W1: np.ndarray, W2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Run the network on every row of X.

    X:  (n, d) inputs, one sample per row.
    W1: (d, h) weights from the inputs to the hidden layer.
    W2: (h, o) weights from the hidden layer to the outputs.

    Returns (A1, Y_hat):
      A1    = sigmoid(X @ W1),  shape (n, h), the hidden activations;
      Y_hat = sigmoid(A1 @ W2), shape (n, o), the predictions.
    """
    A1 = sigmoid(X @ W1)
    Y_hat = sigmoid(A1 @ W2)
    return A1, Y_hat
