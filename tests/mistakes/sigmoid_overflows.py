"""sigmoid written as exp(z) / (1 + exp(z)): inf / inf = NaN for large z."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "sigmoid_overflows"
STAGE = 1


def sigmoid(z):
    e = np.exp(np.asarray(z, dtype=np.float64))
    return e / (1.0 + e)
