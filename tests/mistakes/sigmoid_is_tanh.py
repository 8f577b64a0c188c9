"""tanh written in place of the sigmoid (another S-shaped curve, from -1 to 1)."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "sigmoid_is_tanh"
STAGE = 1


def sigmoid(z):
    return np.tanh(np.asarray(z, dtype=np.float64))
