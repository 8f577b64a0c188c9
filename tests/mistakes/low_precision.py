"""sigmoid computed in float32 (np.float32 inputs and constants)."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "low_precision"
STAGE = 1


def sigmoid(z):
    z = np.asarray(z, dtype=np.float32)
    return 1.0 / (np.float32(1.0) + np.exp(-z))
