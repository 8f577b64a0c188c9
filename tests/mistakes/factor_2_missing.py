"""backprop without the 2 from the derivative of the square."""

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "factor_2_missing"
STAGE = 4


def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    dZ2 = -(Y - sigmoid(Z2)) * sigmoid_derivative(Z2)
    dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1)
    return X.T @ dZ1, A1.T @ dZ2
