"""sigmoid_derivative that prints its result instead of returning it."""


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
    print(s * (1 - s))
