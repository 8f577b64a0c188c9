"""backprop calling sigmoid_derivative (which takes z) on the activations."""

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "derivative_applied_to_activation"
STAGE = 4


def backprop(X, Y, W1, W2):
    A1 = sigmoid(X @ W1)
    Y_hat = sigmoid(A1 @ W2)
    dZ2 = -2.0 * (Y - Y_hat) * sigmoid_derivative(Y_hat)
    dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(A1)
    return X.T @ dZ1, A1.T @ dZ2
