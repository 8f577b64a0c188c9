"""accuracy that returns the number of right predictions, not the fraction."""

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
    relu_derivative,
    tanh,
    tanh_derivative,
)

MISTAKE = "accuracy_not_a_fraction"
STAGE = 7


def accuracy(predicted, labels):
    return float(np.sum(predicted == labels))
