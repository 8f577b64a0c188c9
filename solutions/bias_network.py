"""The two-layer network with biases and a choice of hidden activation (stage 6).

Shapes: X (n, d), Y (n, o), W1 (d, h), b1 (1, h), W2 (h, o), b2 (1, o).
The hidden layer uses `activation` ("sigmoid", "tanh", "relu" or "leaky_relu");
the output layer is always sigmoid and the loss is the sum of squares, as in stages 1-5.
"""

import numpy as np

from solutions.activations import sigmoid, sigmoid_derivative
from solutions.loss import sse_loss
from solutions.more_activations import (
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    tanh,
    tanh_derivative,
)

#: name -> (activation, its derivative with respect to z)
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
}


def _activation(name: str):
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def feedforward_with_bias(
    X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray,
    activation: str = "sigmoid",
) -> tuple[np.ndarray, np.ndarray]:
    """Returns (A1, Y_hat): A1 = f(X @ W1 + b1) of shape (n, h),
    Y_hat = sigmoid(A1 @ W2 + b2) of shape (n, o). The biases broadcast over the n rows."""
    f, _ = _activation(activation)
    A1 = f(X @ W1 + b1)
    Y_hat = sigmoid(A1 @ W2 + b2)
    return A1, Y_hat


def backprop_with_bias(
    X: np.ndarray, Y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray,
    b2: np.ndarray, activation: str = "sigmoid",
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dW1 (d, h), db1 (1, h), dW2 (h, o), db2 (1, o)) of the sum-of-squares loss.

    A bias is added to every sample, so its gradient sums the per-sample terms over the
    sample axis (axis 0), keeping the (1, k) shape.
    """
    f, df = _activation(activation)
    Z1 = X @ W1 + b1
    A1 = f(Z1)
    Z2 = A1 @ W2 + b2
    Y_hat = sigmoid(Z2)

    dZ2 = -2.0 * (Y - Y_hat) * sigmoid_derivative(Z2)  # (n, o)
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0, keepdims=True)
    dZ1 = (dZ2 @ W2.T) * df(Z1)  # (n, h)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2


def train_with_bias(
    X: np.ndarray, Y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray,
    b2: np.ndarray, activation: str = "sigmoid", learning_rate: float = 1.0,
    iterations: int = 1500,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Gradient descent on all four parameters; inputs are not modified.

    Returns (W1, b1, W2, b2, losses) with losses of shape (iterations,), losses[i] the
    loss before update i.
    """
    params = [np.array(p, dtype=np.float64) for p in (W1, b1, W2, b2)]
    losses = np.empty(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward_with_bias(X, *params, activation=activation)[1], Y)
        grads = backprop_with_bias(X, Y, *params, activation=activation)
        for p, g in zip(params, grads, strict=True):
            p -= learning_rate * g
    return (*params, losses)
