"""relu_derivative written as the sign of z: -1 (not 0) for negative z."""

import numpy as np

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)
from solutions.bias_network import (  # noqa: F401
    backprop_with_bias,
    feedforward_with_bias,
    train_with_bias,
)
from solutions.classifier import (  # noqa: F401
    accuracy,
    backprop_classifier,
    cross_entropy,
    forward_classifier,
    predict,
    softmax,
    train_classifier,
)
from solutions.more_activations import (  # noqa: F401
    leaky_relu,
    leaky_relu_derivative,
    relu,
    tanh,
    tanh_derivative,
)

MISTAKE = "relu_derivative_negative"
STAGE = 6


def relu_derivative(z):
    return np.sign(np.asarray(z, dtype=np.float64))
