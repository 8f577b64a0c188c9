"""softmax as exp(Z) / sum(exp(Z)) without subtracting the row maximum: overflows."""

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
    train_classifier,
)
from solutions.more_activations import (  # noqa: F401
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    tanh,
    tanh_derivative,
)

MISTAKE = "softmax_unstable"
STAGE = 7


def softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
