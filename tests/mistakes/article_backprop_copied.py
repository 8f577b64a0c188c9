"""backprop copied from the article: 2 (Y - Y_hat) times sigmoid_derivative of the activations,
the article's step to add (minus the gradient), with our sigmoid_derivative, which takes z."""

from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    NeuralNetwork,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "article_backprop_copied"
STAGE = 4


def backprop(X, Y, W1, W2):
    layer1 = sigmoid(X @ W1)
    output = sigmoid(layer1 @ W2)
    d2 = 2 * (Y - output) * sigmoid_derivative(output)
    d_weights2 = layer1.T @ d2
    d_weights1 = X.T @ ((d2 @ W2.T) * sigmoid_derivative(layer1))
    return d_weights1, d_weights2
