"""sigmoid written without parentheses around the denominator: 1 / 1 + exp(-z) = 1 + exp(-z)."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "sigmoid_denominator_only"
STAGE = 1


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return 1.0 / 1.0 + np.exp(-z)
