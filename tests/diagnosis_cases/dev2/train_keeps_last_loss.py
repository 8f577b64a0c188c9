import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    hidden = sigmoid(np.dot(X, W1))
    return hidden, sigmoid(np.dot(hidden, W2))


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z_h = np.dot(X, W1)
    hidden = sigmoid(z_h)
    z_o = np.dot(hidden, W2)
    out = sigmoid(z_o)
    g_o = -2.0 * (Y - out) * sigmoid_derivative(z_o)
    g_h = np.dot(g_o, W2.T) * sigmoid_derivative(z_h)
    return np.dot(X.T, g_h), np.dot(hidden.T, g_o)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = None
    for step in range(iterations):
        losses = sse_loss(feedforward(X, W1, W2)[1], Y)
        gW1, gW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * gW1
        W2 = W2 - learning_rate * gW2
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
        gW1, gW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * gW1
        self.weights2 = self.weights2 - learning_rate * gW2
