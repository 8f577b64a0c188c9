"""sse_loss returning the squared error of every entry instead of their sum."""

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    train,
)

MISTAKE = "loss_not_summed"
STAGE = 3


def sse_loss(Y_hat, Y):
    return (Y - Y_hat) ** 2
