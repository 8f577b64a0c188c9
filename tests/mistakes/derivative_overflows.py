"""sigmoid_derivative as exp(-z) / (1 + exp(-z))**2: right, except NaN for large negative z."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sse_loss,
    train,
)

MISTAKE = "derivative_overflows"
STAGE = 1


def sigmoid_derivative(z):
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.exp(-z) / (1.0 + np.exp(-z)) ** 2
