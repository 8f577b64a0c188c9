"""sigmoid_derivative written as exp(-z) / (1 + exp(-z))**2: right on paper, NaN at z = -1000
(inf / inf), where exp overflows."""

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
    e = np.exp(-np.asarray(z, dtype=np.float64))
    return e / (1.0 + e) ** 2
