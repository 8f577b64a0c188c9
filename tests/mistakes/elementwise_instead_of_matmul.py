"""feedforward with the element-wise product * where the matrix product @ belongs."""

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "elementwise_instead_of_matmul"
STAGE = 2


def feedforward(X, W1, W2):
    A1 = sigmoid(X * W1)
    return A1, sigmoid(A1 * W2)
