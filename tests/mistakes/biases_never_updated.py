"""train_with_bias that computes db1 and db2 but only ever updates W1 and W2."""

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
    relu_derivative,
    tanh,
    tanh_derivative,
)

MISTAKE = "biases_never_updated"
STAGE = 6


def train_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid", learning_rate=1.0,
                    iterations=1500):
    W1, W2 = np.array(W1, dtype=np.float64), np.array(W2, dtype=np.float64)
    b1, b2 = np.array(b1, dtype=np.float64), np.array(b2, dtype=np.float64)
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward_with_bias(X, W1, b1, W2, b2, activation)[1], Y))
        dW1, db1, dW2, db2 = backprop_with_bias(X, Y, W1, b1, W2, b2, activation)
        W1 -= learning_rate * dW1
        W2 -= learning_rate * dW2
    return W1, b1, W2, b2, np.array(losses)
