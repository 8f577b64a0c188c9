"""Written as the seed article does: activation-form derivative, `+=` updates, np.dot."""

import numpy as np

STYLE = "the article's code: delta = 2 (y - output) * a (1 - a), weights += ..."


def sigmoid(x):
    return 1.0 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def _slope(a):
    """The article's sigmoid_derivative: takes the activation a = sigmoid(z)."""
    return a * (1.0 - a)


def feedforward(X, W1, W2):
    layer1 = sigmoid(np.dot(X, W1))
    return layer1, sigmoid(np.dot(layer1, W2))


def sse_loss(Y_hat, Y):
    return np.sum(np.square(Y - Y_hat))


def _ascent_steps(X, Y, W1, W2, output, layer1):
    """The article's d_weights: minus the gradient, to be added to the weights."""
    delta2 = 2 * (Y - output) * _slope(output)
    d_weights2 = np.dot(layer1.T, delta2)
    d_weights1 = np.dot(X.T, np.dot(delta2, W2.T) * _slope(layer1))
    return d_weights1, d_weights2


def backprop(X, Y, W1, W2):
    layer1, output = feedforward(X, W1, W2)
    d_weights1, d_weights2 = _ascent_steps(X, Y, W1, W2, output, layer1)
    return -d_weights1, -d_weights2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    weights1, weights2 = W1.copy(), W2.copy()
    losses = []
    for _ in range(iterations):
        layer1, output = feedforward(X, weights1, weights2)
        losses.append(sse_loss(output, Y))
        d_weights1, d_weights2 = _ascent_steps(X, Y, weights1, weights2, output, layer1)
        weights1 += learning_rate * d_weights1
        weights2 += learning_rate * d_weights2
    return weights1, weights2, losses


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(np.dot(self.input, self.weights1))
        self.output = sigmoid(np.dot(self.layer1, self.weights2))

    def backprop(self, learning_rate=1.0):
        d_weights1, d_weights2 = _ascent_steps(self.input, self.y, self.weights1,
                                               self.weights2, self.output, self.layer1)
        self.weights1 += learning_rate * d_weights1
        self.weights2 += learning_rate * d_weights2
