"""sse_loss adding up absolute errors instead of squared ones."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    train,
)

MISTAKE = "absolute_instead_of_squared"
STAGE = 3


def sse_loss(Y_hat, Y):
    return float(np.sum(np.abs(Y - Y_hat)))
