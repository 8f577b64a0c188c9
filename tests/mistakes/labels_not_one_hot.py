"""backprop_classifier subtracts the integer labels from P instead of one-hot targets."""

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

MISTAKE = "labels_not_one_hot"
STAGE = 7


def backprop_classifier(X, labels, W1, b1, W2, b2):
    n = X.shape[0]
    A1, P = forward_classifier(X, W1, b1, W2, b2)
    dZ2 = (P - labels.reshape(-1, 1)) / n
    dZ1 = (dZ2 @ W2.T) * (1 - A1**2)
    return (X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), A1.T @ dZ2,
            dZ2.sum(axis=0, keepdims=True))
