"""feedforward written for weights stored (outputs, inputs): X @ W1.T."""

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "transposed_weights"
STAGE = 2


def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1.T)
    return A1, sigmoid(A1 @ W2.T)
