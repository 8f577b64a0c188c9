"""backprop_classifier without the 1/n of the mean loss: the gradient of the summed loss."""

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

MISTAKE = "gradient_not_divided_by_n"
STAGE = 7


def backprop_classifier(X, labels, W1, b1, W2, b2):
    k = W2.shape[1]
    A1, P = forward_classifier(X, W1, b1, W2, b2)
    dZ2 = P - np.eye(k)[labels]
    dZ1 = (dZ2 @ W2.T) * (1 - A1**2)
    return (X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), A1.T @ dZ2,
            dZ2.sum(axis=0, keepdims=True))
