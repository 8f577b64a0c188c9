"""backprop_with_bias sums the bias gradients over the units (axis=1) instead of the samples."""

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
    relu_derivative,
    tanh,
    tanh_derivative,
)

MISTAKE = "bias_gradient_wrong_axis"
STAGE = 6


def backprop_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid"):
    f, df = {"sigmoid": (sigmoid, sigmoid_derivative), "tanh": (tanh, tanh_derivative),
             "relu": (relu, relu_derivative),
             "leaky_relu": (leaky_relu, leaky_relu_derivative)}[activation]
    Z1 = X @ W1 + b1
    A1 = f(Z1)
    Z2 = A1 @ W2 + b2
    dZ2 = -2 * (Y - sigmoid(Z2)) * sigmoid_derivative(Z2)
    dZ1 = (dZ2 @ W2.T) * df(Z1)
    return (X.T @ dZ1, dZ1.sum(axis=1, keepdims=True), A1.T @ dZ2,
            dZ2.sum(axis=1, keepdims=True))
