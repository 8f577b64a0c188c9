"""sse_loss adding up the raw errors, so positive and negative ones cancel."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    train,
)

MISTAKE = "error_not_squared"
STAGE = 3


def sse_loss(Y_hat, Y):
    return float(np.sum(Y - Y_hat))
