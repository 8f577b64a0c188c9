"""sigmoid_derivative that computes its result but has no return line."""


from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sse_loss,
    train,
)

MISTAKE = "returns_none"
STAGE = 1


def sigmoid_derivative(z):
    s = sigmoid(z)
    s * (1 - s)  # noqa: B018  (the missing `return`)
