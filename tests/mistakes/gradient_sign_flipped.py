"""backprop returning the seed article's += step, 2 (Y - Y_hat) ..., as the gradient."""

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "gradient_sign_flipped"
STAGE = 4


def backprop(X, Y, W1, W2):
    A1 = sigmoid(X @ W1)
    Y_hat = sigmoid(A1 @ W2)
    delta2 = 2.0 * (Y - Y_hat) * Y_hat * (1.0 - Y_hat)
    delta1 = (delta2 @ W2.T) * A1 * (1.0 - A1)
    return X.T @ delta1, A1.T @ delta2
