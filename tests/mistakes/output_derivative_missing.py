"""backprop without the output sigmoid's derivative: dZ2 = -2 (Y - Y_hat)."""


from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "output_derivative_missing"
STAGE = 4


def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Y_hat = sigmoid(A1 @ W2)
    dZ2 = -2 * (Y - Y_hat)
    dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1)
    return X.T @ dZ1, A1.T @ dZ2
