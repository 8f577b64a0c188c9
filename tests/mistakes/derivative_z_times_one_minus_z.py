"""The seed article's a * (1 - a) applied to the pre-activation z itself."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sse_loss,
    train,
)

MISTAKE = "derivative_z_times_one_minus_z"
STAGE = 1


def sigmoid_derivative(z):
    z = np.asarray(z, dtype=np.float64)
    return z * (1.0 - z)
