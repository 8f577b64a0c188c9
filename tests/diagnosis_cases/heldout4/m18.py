"""Back-propagation written pattern by pattern, the way my physics course did it.

notation: np = number of patterns, p = pattern index
"""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    hid = sigmoid(np.dot(X, W1))
    out = sigmoid(np.dot(hid, W2))
    return hid, out


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    dW1 = np.zeros(W1.shape)
    dW2 = np.zeros(W2.shape)
    np = X.shape[0]
    for p in range(np):
        x = X[p:p + 1]
        z1 = x @ W1
        hid = sigmoid(z1)
        z2 = hid @ W2
        out = sigmoid(z2)
        d_out = 2.0 * (out - Y[p:p + 1]) * sigmoid_derivative(z2)
        d_hid = (d_out @ W2.T) * sigmoid_derivative(z1)
        dW2 += hid.T @ d_out
        dW1 += x.T @ d_hid
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for it in range(iterations):
        z1 = X @ W1
        hid = sigmoid(z1)
        z2 = hid @ W2
        out = sigmoid(z2)
        losses.append(sse_loss(out, Y))
        d_out = 2.0 * (out - Y) * sigmoid_derivative(z2)
        d_hid = (d_out @ W2.T) * sigmoid_derivative(z1)
        W1 = W1 - learning_rate * (X.T @ d_hid)
        W2 = W2 - learning_rate * (hid.T @ d_out)
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
        z1 = self.input @ self.weights1
        hid = sigmoid(z1)
        z2 = hid @ self.weights2
        out = sigmoid(z2)
        d_out = 2.0 * (out - self.y) * sigmoid_derivative(z2)
        d_hid = (d_out @ self.weights2.T) * sigmoid_derivative(z1)
        self.weights1 = self.weights1 - learning_rate * (self.input.T @ d_hid)
        self.weights2 = self.weights2 - learning_rate * (hid.T @ d_out)
