"""Matrix products and sums written with np.einsum."""

import numpy as np

STYLE = "np.einsum for every product and for the loss's sum"


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return np.einsum("...,...->...", s, 1 - s)


def feedforward(X, W1, W2):
    A1 = sigmoid(np.einsum("nd,dh->nh", X, W1))
    return A1, sigmoid(np.einsum("nh,ho->no", A1, W2))


def sse_loss(Y_hat, Y):
    e = Y - Y_hat
    return float(np.einsum("no,no->", e, e))


def backprop(X, Y, W1, W2):
    Z1 = np.einsum("nd,dh->nh", X, W1)
    A1 = sigmoid(Z1)
    Z2 = np.einsum("nh,ho->no", A1, W2)
    dZ2 = -2 * (Y - sigmoid(Z2)) * sigmoid_derivative(Z2)
    dZ1 = np.einsum("no,ho->nh", dZ2, W2) * sigmoid_derivative(Z1)
    return np.einsum("nd,nh->dh", X, dZ1), np.einsum("nh,no->ho", A1, dZ2)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    losses = np.zeros(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * dW1  # new arrays: the caller's stay as they were
        W2 = W2 - learning_rate * dW2
    return W1, W2, losses


class NeuralNetwork:
    def __init__(self, x, y):
        self.input, self.y = x, y
        self.weights1 = np.random.rand(x.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.output = np.zeros(y.shape)

    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
