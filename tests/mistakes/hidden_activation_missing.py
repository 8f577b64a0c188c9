"""feedforward without the sigmoid on the hidden layer."""

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "hidden_activation_missing"
STAGE = 2


def feedforward(X, W1, W2):
    A1 = X @ W1
    return A1, sigmoid(A1 @ W2)
