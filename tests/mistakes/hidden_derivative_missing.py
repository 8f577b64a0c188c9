"""backprop that forgets the hidden layer's sigmoid derivative."""

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "hidden_derivative_missing"
STAGE = 4


def backprop(X, Y, W1, W2):
    A1 = sigmoid(X @ W1)
    Z2 = A1 @ W2
    dZ2 = -2.0 * (Y - sigmoid(Z2)) * sigmoid_derivative(Z2)
    dZ1 = dZ2 @ W2.T
    return X.T @ dZ1, A1.T @ dZ2
