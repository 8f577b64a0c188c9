"""sigmoid with the sign in the exponent flipped: 1 / (1 + exp(z))."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "sigmoid_sign_flipped"
STAGE = 1


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return 1.0 / (1.0 + np.exp(z))
