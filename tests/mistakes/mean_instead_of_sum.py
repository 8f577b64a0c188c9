"""sse_loss as the mean of the squared errors instead of their sum."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    train,
)

MISTAKE = "mean_instead_of_sum"
STAGE = 3


def sse_loss(Y_hat, Y):
    return float(np.mean((Y - Y_hat) ** 2))
