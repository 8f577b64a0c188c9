"""feedforward_with_bias that adds b1 after the hidden activation."""


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
    ACTIVATIONS,
    backprop_with_bias,
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

MISTAKE = "bias_after_activation"
STAGE = 6


def feedforward_with_bias(X, W1, b1, W2, b2, activation="sigmoid"):
    f = ACTIVATIONS[activation][0]
    A1 = f(X @ W1) + b1
    return A1, sigmoid(A1 @ W2 + b2)
