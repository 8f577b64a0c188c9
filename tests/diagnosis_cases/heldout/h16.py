import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    h = sigmoid(np.dot(X, W1))
    return h, sigmoid(np.dot(h, W2))


def sse_loss(Y_hat, Y):
    # distance between prediction and target
    return float(np.linalg.norm(Y - Y_hat))


def backprop(X, Y, W1, W2):
    z1 = np.dot(X, W1)
    h = sigmoid(z1)
    z2 = np.dot(h, W2)
    out = sigmoid(z2)
    e2 = 2 * (out - Y) * sigmoid_derivative(z2)
    e1 = np.dot(e2, W2.T) * sigmoid_derivative(z1)
    return np.dot(X.T, e1), np.dot(h.T, e2)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        g1, g2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * g1
        W2 -= learning_rate * g2
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
