# Assignment: a 2-layer network, written from the formulas in the lecture notes
# sigma(z) = 1/(1+e^-z)
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.e ^ (-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    hidden = sigmoid(np.dot(X, W1))
    y_hat = sigmoid(np.dot(hidden, W2))
    return hidden, y_hat


def sse_loss(Y_hat, Y):
    diff = Y - Y_hat
    return float(np.sum(diff * diff))


def backprop(X, Y, W1, W2):
    z1 = np.dot(X, W1)
    hidden = sigmoid(z1)
    z2 = np.dot(hidden, W2)
    y_hat = sigmoid(z2)
    d_out = 2.0 * (y_hat - Y) * sigmoid_derivative(z2)
    d_hid = np.dot(d_out, W2.T) * sigmoid_derivative(z1)
    return np.dot(X.T, d_hid), np.dot(hidden.T, d_out)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = np.copy(W1).astype(float)
    W2 = np.copy(W2).astype(float)
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        g1, g2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * g1
        W2 = W2 - learning_rate * g2
    return W1, W2, np.array(losses)


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
