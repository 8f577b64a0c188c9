"""feedforward without the sigmoid on the output layer."""

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "output_activation_missing"
STAGE = 2


def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1)
    return A1, A1 @ W2
