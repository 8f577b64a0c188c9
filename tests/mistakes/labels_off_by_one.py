"""predict that numbers the classes from 1 (argmax + 1)."""

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

MISTAKE = "labels_off_by_one"
STAGE = 7


def predict(X, W1, b1, W2, b2):
    return np.argmax(forward_classifier(X, W1, b1, W2, b2)[1], axis=1) + 1
