import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    a1 = sigmoid(X @ W1)
    a2 = sigmoid(a1 @ W2)
    return a1, a2


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    a1, a2 = feedforward(X, W1, W2)
    delta2 = -2.0 * (Y - a2) * a2 * (1.0 - a2)
    delta1 = (delta2 @ W2.T) * a1 * (1.0 - a1)
    return X.T @ delta1, a1.T @ delta2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    """Gradient descent; the backward pass is written out layer by layer."""
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for i in range(iterations):
        a1, a2 = feedforward(X, W1, W2)
        losses[i] = sse_loss(a2, Y)
        # output layer first
        delta2 = -2.0 * (Y - a2) * a2 * (1.0 - a2)
        W2 = W2 - learning_rate * (a1.T @ delta2)
        # then the hidden layer
        delta1 = (delta2 @ W2.T) * a1 * (1.0 - a1)
        W1 = W1 - learning_rate * (X.T @ delta1)
    return W1, W2, losses


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * g1
        self.weights2 = self.weights2 - learning_rate * g2
