from math import exp

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    n = X.shape[0]
    hidden = np.zeros((n, W1.shape[1]))
    for i in range(n):
        for j in range(W1.shape[1]):
            hidden[i, j] = sigmoid(np.dot(X[i], W1[:, j]))
    out = np.zeros((n, W2.shape[1]))
    for i in range(n):
        for k in range(W2.shape[1]):
            out[i, k] = sigmoid(np.dot(hidden[i], W2[:, k]))
    return hidden, out


def sse_loss(Y_hat, Y):
    total = 0.0
    for i in range(Y.shape[0]):
        for k in range(Y.shape[1]):
            total += (Y[i, k] - Y_hat[i, k]) ** 2
    return total


def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    hidden, out = feedforward(X, W1, W2)
    Z2 = hidden @ W2
    d_out = -2.0 * (Y - out) * np.vectorize(sigmoid_derivative)(Z2)
    d_hidden = (d_out @ W2.T) * np.vectorize(sigmoid_derivative)(Z1)
    return X.T @ d_hidden, hidden.T @ d_out


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * dW1
        W2 = W2 - learning_rate * dW2
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
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
